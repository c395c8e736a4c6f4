"""Demo data for development: one parent, one member of staff per role, synthetic addresses and schools.

The passwords are fixed and printed because this only ever runs in dev;
``seed_demo`` refuses to run when EHCNA_ENV=prod.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from ehcna_portal.forms import registry
from ehcna_portal.models import Application, Child, ParentAccount, StaffAccount
from ehcna_portal.services.accounts import create_staff, create_verified_parent
from ehcna_portal.services.addresses import SAMPLE_ADDRESSES, import_addresses, read_csv
from ehcna_portal.services.schools import SAMPLE_SCHOOLS, import_schools, read_gias_csv
from ehcna_portal.settings import Settings

DEMO_PARENT = ("parent@example.com", "demo-parent-password")
DEMO_STAFF = [
    ("caseworker@example.com", "Casey Worker", "caseworker", "demo-caseworker-password"),
    ("manager@example.com", "Morgan Manager", "manager", "demo-manager-password"),
    ("admin@example.com", "Alex Admin", "admin", "demo-admin-password"),
]


@dataclass(frozen=True)
class DemoLogin:
    who: str
    email: str
    password: str


class SeedRefusedError(RuntimeError):
    """Demo accounts with published passwords must never exist in production."""


def seed_demo(session: Session, settings: Settings) -> list[DemoLogin]:
    """Create the demo accounts that do not exist yet; return every demo sign-in."""
    if settings.is_prod:
        raise SeedRefusedError(
            "seed-demo creates accounts with published passwords; refused when EHCNA_ENV=prod")
    email, password = DEMO_PARENT
    import_addresses(session, read_csv(SAMPLE_ADDRESSES))
    import_schools(session, read_gias_csv(SAMPLE_SCHOOLS))
    if not session.exec(select(ParentAccount).where(ParentAccount.email == email)).first():
        parent = create_verified_parent(session, email=email, password=password, title="Ms",
                                        forename="Lesley", surname="Harris", actor="seed-demo")
        _demo_family(session, parent)
    logins = [DemoLogin("parent", email, password)]
    for email, name, role, password in DEMO_STAFF:
        if not session.exec(select(StaffAccount).where(StaffAccount.email == email)).first():
            create_staff(session, settings, email=email, name=name, role=role, password=password,
                         actor="seed-demo")
        logins.append(DemoLogin(role, email, password))
    return logins


# The demo family (synthetic: the sample gazetteer's address and school, Ofcom's drama phone numbers), so that
# every page a developer opens with `make run` has something to show.
DEMO_ADDRESS = {"address_line_1": "3 Sample Street", "address_line_2": "Synthetic test address", "town": "Coventry",
                "postcode": "CV1 9XA", "uprn": "990000000003"}
DEMO_ANSWERS = {
    "step-1": {"requester_role": "parent", "request_type": "new", "known_as": "Robbie", "first_language": "english",
               "interpreter_needed": "no", "nhs_number": "943 476 5919"},
    "step-2": {"relationship_to_child": "mother", "has_parental_responsibility": "yes",
               "preferred_contact_method": "email"},
    "step-3": {"what_people_like": "Robin is kind and funny, loves drawing trains and knows every station on the "
                                   "line."},
}


def _demo_family(session: Session, parent: ParentAccount) -> None:
    """Lesley Harris's full profile, her son Robin, and a request for him saved up to step 3."""
    for name, value in {**DEMO_ADDRESS, "gender": "female", "mobile_phone": "07700 900 982",
                        "home_phone": "01632 960 001"}.items():
        setattr(parent, name, value)
    child = Child(parent_id=parent.id, forename="Robin", surname="Harris", gender_at_birth="male",
                  date_of_birth=date(2016, 9, 14), school_urn="999001", school_name="Sample Street Primary School",
                  school_status="listed", relationship="Mother", parental_responsibility=True, **DEMO_ADDRESS)
    session.add(child)
    session.flush()
    request = registry.form(registry.REQUEST_FORM)
    session.add(Application(parent_id=parent.id, child_id=child.id, form_key=request.key, form_version=request.version,
                            answers=DEMO_ANSWERS, completed_steps=[1, 2], last_page="step-3",
                            requester_role="parent", request_type="new"))
