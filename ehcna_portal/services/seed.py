"""Demo data for development: one parent, one member of staff per role, synthetic addresses and schools.

The passwords are fixed and printed because this only ever runs in dev;
``seed_demo`` refuses to run when EHCNA_ENV=prod.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ehcna_portal.models import ParentAccount, StaffAccount
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
    if not session.exec(select(ParentAccount).where(ParentAccount.email == email)).first():
        create_verified_parent(session, email=email, password=password, title="Ms",
                               forename="Lesley", surname="Harris", actor="seed-demo")
    logins = [DemoLogin("parent", email, password)]
    import_addresses(session, read_csv(SAMPLE_ADDRESSES))
    import_schools(session, read_gias_csv(SAMPLE_SCHOOLS))
    for email, name, role, password in DEMO_STAFF:
        if not session.exec(select(StaffAccount).where(StaffAccount.email == email)).first():
            create_staff(session, settings, email=email, name=name, role=role, password=password,
                         actor="seed-demo")
        logins.append(DemoLogin(role, email, password))
    return logins
