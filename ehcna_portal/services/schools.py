"""The schools list for "Current school": loaded from the DfE Get Information about Schools extract.

``ehcna-portal import-schools FILE.csv`` reads the columns the extract uses —
URN, EstablishmentName, PhaseOfEducation (name), Street, Town, Postcode, and
EstablishmentStatus (name) when present (closed schools are left out).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.forms.schema import Field
from ehcna_portal.models import School
from ehcna_portal.services.validation import normalise_postcode

SAMPLE_SCHOOLS = Path(__file__).parent / "data" / "sample-schools.csv"
GIAS_COLUMNS = ("URN", "EstablishmentName", "PhaseOfEducation (name)", "Street", "Town", "Postcode")
SEARCH_LIMIT = 20


def read_gias_csv(path: Path) -> list[dict[str, str]]:
    # The real extract is Windows-1252; a UTF-8 file (such as the sample) reads the same for ASCII names.
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else _decode(raw)
    reader = csv.DictReader(text.splitlines())
    missing = [column for column in GIAS_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{path.name} has no column {', '.join(missing)}; expected the GIAS extract layout")
    return list(reader)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def import_schools(db: Session, rows: Iterable[dict[str, str]]) -> int:
    """Insert or update open schools in the caller's transaction; returns how many were kept."""
    count = 0
    with db.no_autoflush:
        for row in rows:
            urn = (row.get("URN") or "").strip()
            name = (row.get("EstablishmentName") or "").strip()
            if not urn or not name or (row.get("EstablishmentStatus (name)") or "Open").startswith("Closed"):
                continue
            school = db.get(School, urn) or School(urn=urn, name=name)
            school.name = name[:200]
            school.phase = (row.get("PhaseOfEducation (name)") or "").strip()[:60]
            school.address = ", ".join(part for part in ((row.get("Street") or "").strip(),
                                                         (row.get("Town") or "").strip()) if part)[:200]
            school.postcode = normalise_postcode(row.get("Postcode") or "")
            db.add(school)
            count += 1
    return count


def search_schools(engine: Engine, query: str, limit: int = SEARCH_LIMIT) -> list[School]:
    """Schools whose name contains every word typed, best known first."""
    words = [word for word in query.lower().split() if len(word) >= 2][:5]
    if not words:
        return []
    with Session(engine) as db:
        statement = select(School)
        for word in words:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            statement = statement.where(col(School.name).ilike(f"%{escaped}%", escape="\\"))
        return list(db.exec(statement.order_by(School.name).limit(limit)).all())


def schools_by_urn(engine: Engine, urns: Iterable[str]) -> dict[str, School]:
    wanted = [urn for urn in urns if urn]
    if not wanted:
        return {}
    with Session(engine) as db:
        return {school.urn: school for school in db.exec(select(School).where(col(School.urn).in_(wanted))).all()}


def named(db: Session, fields: Iterable[Field], values: dict[str, Any]) -> dict[str, Any]:
    """A page's answers with each school chosen from the list named as the list names it; a URN the list does not
    hold is no answer (so "Select the school" is said, not a number kept)."""
    for found in fields:
        chosen = values.get(found.name)
        if found.kind != "school" or not isinstance(chosen, dict) or not chosen.get("urn"):
            continue
        school = db.get(School, chosen["urn"])
        values[found.name] = {"urn": school.urn, "name": school.name} if school is not None else {}
    return values
