"""A parent's children: add (seed 1.2.2), list, open and edit — only ever the parent's own.

Every read and write takes the parent's id and the child's id together, so a
child that belongs to someone else is simply "not found", whatever id is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from ehcna_portal.models import Child, School
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import audit
from ehcna_portal.services.dates import age_on, parse_date
from ehcna_portal.services.validation import clean, normalise_postcode

GENDERS_AT_BIRTH = ("female", "male")
SCHOOL_STATUSES = ("listed", "not_listed", "not_in_school")
MAX_AGE = 25  # EHC plans can run to a young person's 25th birthday
_NAME_MAX = 100
EDITABLE = ("forename", "middle_name", "surname", "gender_at_birth", "date_of_birth", "school_urn", "school_name",
            "school_status", "relationship", "parental_responsibility", "address_line_1", "address_line_2", "town",
            "postcode", "uprn")


@dataclass
class ChildAnswers:
    """Checked answers (typed values) and errors by field id (catalog keys with their params)."""

    values: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    error_parts: tuple[str, ...] = ()  # which date boxes to highlight


def validate_child(raw: dict[str, object], today: date, school_lookup: dict[str, School]) -> ChildAnswers:
    """The Add child questions, in page order; ``school_lookup`` maps a chosen URN to its school."""
    text = {name: clean(raw.get(name)) for name in (
        "forename", "middle_name", "surname", "gender_at_birth", "dob-day", "dob-month", "dob-year", "school_urn",
        "school_name", "school_status", "relationship", "parental_responsibility", "address_line_1",
        "address_line_2", "town", "postcode", "uprn")}
    answers = ChildAnswers()
    errors = answers.errors

    for name in ("forename", "surname"):
        if not text[name]:
            errors[name] = f"error.child.{name}.empty"
        elif len(text[name]) > _NAME_MAX:
            errors[name] = f"error.child.{name}.too_long"
    if len(text["middle_name"]) > _NAME_MAX:
        errors["middle_name"] = "error.child.middle_name.too_long"
    if text["gender_at_birth"] not in GENDERS_AT_BIRTH:
        errors["gender_at_birth"] = "error.child.gender.empty"

    born = parse_date(text["dob-day"], text["dob-month"], text["dob-year"])
    if born.value is None:
        errors["dob"] = born.error
        answers.error_parts = born.parts
    elif born.value > today:
        errors["dob"] = "error.child.dob.future"
    elif age_on(born.value, today) >= MAX_AGE:
        errors["dob"] = "error.child.dob.too_old"

    status = text["school_status"]
    if status == "listed":
        school = school_lookup.get(text["school_urn"])
        if school is None:
            errors["school_urn"] = "error.child.school.choose"
        else:
            text["school_name"] = school.name
    elif status == "not_listed":
        if not text["school_name"]:
            errors["school_name"] = "error.child.school.name_empty"
        text["school_urn"] = ""
    elif status == "not_in_school":
        text["school_urn"] = text["school_name"] = ""
    else:
        errors["school_urn"] = "error.child.school.empty"

    if not text["relationship"]:
        errors["relationship"] = "error.child.relationship.empty"
    if text["parental_responsibility"] not in ("yes", "no"):
        errors["parental_responsibility"] = "error.child.parental_responsibility.empty"

    if not text["address_line_1"]:
        errors["address_line_1"] = "error.address_line_1.empty"
    if not text["town"]:
        errors["town"] = "error.town.empty"
    postcode = normalise_postcode(text["postcode"])
    if not postcode:
        errors["postcode"] = "error.postcode.format" if text["postcode"] else "error.postcode.empty"

    answers.values = {
        **{name: text[name] for name in ("forename", "middle_name", "surname", "gender_at_birth", "school_urn",
                                         "school_name", "school_status", "relationship", "address_line_1",
                                         "address_line_2", "town", "uprn")},
        "postcode": postcode, "date_of_birth": born.value,
        "parental_responsibility": text["parental_responsibility"] == "yes",
    }
    return answers


@dataclass(frozen=True)
class ChildSummary:
    id: int
    name: str
    date_of_birth: date


def _same_child(db: Session, parent_id: int, values: dict[str, object], except_id: int | None = None):
    condition = ((Child.parent_id == parent_id) & (Child.date_of_birth == values["date_of_birth"])
                 & (func.lower(Child.forename) == str(values["forename"]).lower())
                 & (func.lower(Child.surname) == str(values["surname"]).lower()))
    if except_id is not None:
        condition = condition & (Child.id != except_id)
    return db.exec(select(Child).where(condition)).first()


def add_child(engine: Engine, parent_id: int, values: dict[str, object]) -> tuple[int | None, int | None]:
    """(new child id, None), or (None, id of the child already added with the same name and birthday)."""
    with Session(engine) as db:
        existing = _same_child(db, parent_id, values)
        if existing is not None:
            return None, existing.id
        child = Child(parent_id=parent_id, **{name: values[name] for name in EDITABLE})
        db.add(child)
        db.flush()
        audit.record(db, actor=f"parent:{parent_id}", action="child.added", object_type="child",
                     object_id=child.id)
        db.commit()
        return child.id, None


def list_children(engine: Engine, parent_id: int) -> list[ChildSummary]:
    with Session(engine) as db:
        rows = db.exec(select(Child).where(Child.parent_id == parent_id).order_by(Child.created_at)).all()
        return [ChildSummary(row.id or 0, " ".join(p for p in (row.forename, row.middle_name, row.surname) if p),
                             row.date_of_birth) for row in rows]


def get_child(engine: Engine, parent_id: int, child_id: int) -> Child | None:
    """The child, if and only if it is this parent's."""
    with Session(engine) as db:
        return db.exec(select(Child).where((Child.id == child_id) & (Child.parent_id == parent_id))).first()


def update_child(engine: Engine, parent_id: int, child_id: int, values: dict[str, object]) -> dict[str, list] | None:
    """Save changed answers; the audit event records each field's old and new value. None if not the parent's."""
    with Session(engine) as db:
        child = db.exec(select(Child).where((Child.id == child_id) & (Child.parent_id == parent_id))).first()
        if child is None:
            return None
        changes = {name: [_plain(getattr(child, name)), _plain(values[name])] for name in EDITABLE
                   if getattr(child, name) != values[name]}
        for name in changes:
            setattr(child, name, values[name])
        if changes:
            child.updated_at = utcnow()
            db.add(child)
            audit.record(db, actor=f"parent:{parent_id}", action="child.updated", object_type="child",
                         object_id=child_id, changes=changes)
            db.commit()
        return changes


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value
