"""Admins keep the list of vague terms the plan's quality check flags in section F (services/plan_quality.py):
add a word or phrase, mark one as vague only without a number after it ("small group"), switch one off or on.
A term is never deleted — overrides already given name it — only switched off. Every change is audited."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.models import VagueTerm
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import audit

PHRASE_MAX = 60
_WORDS = re.compile(r"^[a-z0-9’' -]+$")  # words, spaces, apostrophes and hyphens: matched as written


@dataclass(frozen=True)
class Listed:
    id: int
    phrase: str
    unless_number: bool
    active: bool


def listed(engine: Engine) -> list[Listed]:
    with Session(engine) as db:
        rows = db.exec(select(VagueTerm).order_by(col(VagueTerm.phrase))).all()
    return [Listed(row.id or 0, row.phrase, row.unless_number, row.active) for row in rows]


def add(engine: Engine, phrase: str, unless_number: bool, *, staff_id: int) -> dict[str, str]:
    """Add a term (lower case, spaces collapsed): the problems as catalog keys by field, or none."""
    phrase = " ".join(phrase.lower().split())
    if not phrase:
        return {"phrase": "staff.vague.error.empty"}
    if len(phrase) > PHRASE_MAX or not _WORDS.match(phrase):
        return {"phrase": "staff.vague.error.format"}
    with Session(engine) as db:
        if db.exec(select(VagueTerm).where(VagueTerm.phrase == phrase)).first() is not None:
            return {"phrase": "staff.vague.error.listed"}
        term = VagueTerm(phrase=phrase, unless_number=unless_number, created_by=staff_id)
        db.add(term)
        db.flush()
        audit.record(db, actor=f"staff:{staff_id}", action="vague_term.added", object_type="vague_term",
                     object_id=term.id, phrase=phrase, unless_number=unless_number)
        db.commit()
    return {}


def switch(engine: Engine, term_id: int, *, staff_id: int) -> None:
    """Switch a term off (no longer flagged) or on again."""
    with Session(engine) as db:
        term = db.get(VagueTerm, term_id)
        if term is None:
            return
        term.active, term.updated_at = not term.active, utcnow()
        db.add(term)
        audit.record(db, actor=f"staff:{staff_id}", action="vague_term.switched", object_type="vague_term",
                     object_id=term_id, phrase=term.phrase, active=term.active)
        db.commit()
