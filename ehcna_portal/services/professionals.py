"""The council's address book of the people it asks for advice (models/advice.Professional): admins add them
and switch them off; "Request advice" suggests the active ones (services/advice_requests.propose). An entry is
never deleted — requests already sent name it — only switched off."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.i18n import LANGUAGES
from ehcna_portal.models import AdviceType, Professional
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import audit
from ehcna_portal.services.validation import clean, email_error

# The professionals' kinds of advice: every source of reg 6(1) but the family's own.
KINDS = tuple(kind for kind in AdviceType.ALL if kind != AdviceType.FAMILY)
LIMITS = {"name": 200, "organisation": 200}


@dataclass(frozen=True)
class Entry:
    id: int
    name: str
    organisation: str
    email: str
    advice_type: str
    language: str
    active: bool


def listed(engine: Engine) -> list[Entry]:
    """Everyone in the address book, by kind of advice then name (switched-off entries too, marked)."""
    with Session(engine) as db:
        people = db.exec(select(Professional).order_by(col(Professional.name))).all()
    entries = [Entry(person.id or 0, person.name, person.organisation, person.email, person.advice_type,
                     person.language, person.active) for person in people]
    return sorted(entries, key=lambda entry: (KINDS.index(entry.advice_type) if entry.advice_type in KINDS
                                              else len(KINDS), entry.name.lower()))


def check(values: Mapping[str, object]) -> tuple[dict[str, str], dict[str, str]]:
    """(cleaned values, problems as catalog keys by field) for a new entry."""
    found = {name: clean(values.get(name)) for name in ("name", "organisation", "email", "advice_type", "language")}
    problems: dict[str, str] = {}
    for name, most in LIMITS.items():
        if not found[name]:
            problems[name] = f"staff.book.error.{name}"
        elif len(found[name]) > most:
            problems[name] = f"staff.book.error.{name}_long"
    if problem := email_error(found["email"], "staff.advice.email"):
        problems["email"] = problem.removeprefix("error.")
    if found["advice_type"] not in KINDS:
        problems["advice_type"] = "staff.book.error.advice_type"
    if found["language"] not in LANGUAGES:
        problems["language"] = "staff.book.error.language"
    return found, problems


def add(engine: Engine, values: Mapping[str, object], *, staff_id: int) -> dict[str, str]:
    """Add someone (checked first): the problems, or none."""
    found, problems = check(values)
    if problems:
        return problems
    with Session(engine) as db:
        person = Professional(**found)
        db.add(person)
        db.flush()
        audit.record(db, actor=f"staff:{staff_id}", action="professional.added", object_type="professional",
                     object_id=person.id, advice_type=person.advice_type)
        db.commit()
    return {}


def switch(engine: Engine, professional_id: int, *, staff_id: int) -> None:
    """Switch an entry off (no longer suggested) or on again."""
    with Session(engine) as db:
        person = db.get(Professional, professional_id)
        if person is None:
            return
        active = not person.active
        person.active, person.updated_at = active, utcnow()
        db.add(person)
        audit.record(db, actor=f"staff:{staff_id}", action="professional.activated" if active
                     else "professional.deactivated", object_type="professional", object_id=professional_id)
        db.commit()
