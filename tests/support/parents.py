"""Parent accounts made directly through the services, for tests that start mid-journey."""

from __future__ import annotations

import secrets

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ehcna_portal.models import ParentAccount
from ehcna_portal.services import parent_accounts as accounts
from ehcna_portal.settings import Settings

PASSWORD = "violet kettle harbour 42"


def make_parent(engine: Engine, settings: Settings, *, two_step: str = "", verified: bool = True) -> str:
    """A registered parent (confirmed unless asked otherwise); returns the email address."""
    email = f"parent-{secrets.token_hex(5)}@example.com"
    form = accounts.validate_registration({
        "email": email, "confirm_email": email, "password": PASSWORD, "title": "Mr", "forename": "Alan",
        "surname": "Aardvark", "gender": "male", "postcode": "CV1 5RR", "address_line_1": "1 Example Street",
        "town": "Coventry", "home_phone": "01632 960 001"})
    assert form.errors == {}, form.errors
    accounts.register(engine, settings, form.values)
    with Session(engine) as db:
        parent = db.query(ParentAccount).filter(ParentAccount.email == email).one()
        if verified:
            parent.email_verified_at = parent.created_at
        parent.two_step_method = two_step
        db.add(parent)
        db.commit()
    return email
