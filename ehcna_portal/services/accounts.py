"""Creating accounts from the command line and seed data (the web journeys arrive with issue 3)."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from ehcna_portal import routes
from ehcna_portal.i18n import t
from ehcna_portal.models import ParentAccount, StaffAccount, StaffRole
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import audit, outbox
from ehcna_portal.services.passwords import PasswordTooLongError, hash_password
from ehcna_portal.settings import Settings

STAFF_MIN_PASSWORD_LENGTH = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(ValueError):
    """The account cannot be created; the message says why, for the person creating it."""


def normalise_email(email: str) -> str:
    """Emails are compared case-insensitively; store them trimmed and lower-cased."""
    return email.strip().lower()


def _check_email(email: str) -> str:
    email = normalise_email(email)
    if len(email) > 254 or not _EMAIL.match(email):
        raise AccountError("Enter an email address in the correct format, like name@example.com")
    return email


def create_staff(session: Session, settings: Settings, *, email: str, name: str, role: str,
                 password: str, actor: str) -> StaffAccount:
    """A staff account plus its welcome email and audit event, in the caller's transaction."""
    email = _check_email(email)
    name = name.strip()
    if not name or len(name) > 200:
        raise AccountError("Enter the person's name (200 characters or fewer)")
    try:
        staff_role = StaffRole(role)
    except ValueError:
        raise AccountError("Role must be caseworker, manager or admin") from None
    if len(password) < STAFF_MIN_PASSWORD_LENGTH:
        raise AccountError(f"Password must be {STAFF_MIN_PASSWORD_LENGTH} characters or more")
    try:
        password_hash = hash_password(password)
    except PasswordTooLongError:
        raise AccountError("Password must be 72 bytes or fewer") from None
    if session.exec(select(StaffAccount).where(StaffAccount.email == email)).first():
        raise AccountError("A staff account with this email address already exists")

    staff = StaffAccount(email=email, name=name, role=staff_role.value, password_hash=password_hash)
    session.add(staff)
    session.flush()
    audit.record(session, actor=actor, action="staff.created", object_type="staff_account",
                 object_id=staff.id, role=staff_role.value)
    outbox.enqueue(
        session, settings, template="staff_created", to=email,
        idempotency_key=f"staff_created:{staff.id}",
        name=name, role_account=t(f"role.account.{staff_role.value}"),  # "an administrator account"
        sign_in_url=outbox.SitePath(routes.STAFF_SIGN_IN),
    )
    return staff


def create_verified_parent(session: Session, *, email: str, password: str, title: str,
                           forename: str, surname: str, actor: str) -> ParentAccount:
    """A parent whose email is already confirmed (demo data; real parents register themselves)."""
    parent = ParentAccount(email=_check_email(email), password_hash=hash_password(password),
                           title=title, forename=forename, surname=surname,
                           email_verified_at=utcnow())
    session.add(parent)
    session.flush()
    audit.record(session, actor=actor, action="parent.created", object_type="parent_account",
                 object_id=parent.id)
    return parent
