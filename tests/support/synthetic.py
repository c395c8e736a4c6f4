"""Synthetic rows for every table a database has, whatever its migration: read from the schema itself.

The rows respect foreign keys (tables are filled parents first, ids 1..n),
unique columns (every text carries the row number), column lengths and
nullability (some nullable columns are left NULL), and the one rule the
schema alone does not tell: at most one draft application per child. A few
columns get realistic values so that data migrations (such as 0006's
``case_status`` backfill) have something to act on; where applications belong
to cases (0019 on), the rules of cases hold too (``_as_cases_hold_them``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Integer, LargeBinary, MetaData, Numeric, String
from sqlalchemy.engine import Engine

# The sizes of the security reference, §4 T5 (1000 parents, 2000 children, 3000 documents); other tables get
# DEFAULT_ROWS.
ROWS = {"parent_account": 1000, "child": 2000, "application": 2000, "application_document": 3000}
DEFAULT_ROWS = 50
OVERRIDES: dict[tuple[str, str], Callable[[int], Any]] = {
    # One child per application (ids line up), so a draft never breaks "one draft per child".
    ("application", "status"): lambda i: "draft" if i % 2 else "submitted",
    ("application", "form_key"): lambda i: "ehcna",
    ("outbox_message", "status"): lambda i: ("pending", "sent", "dead")[i % 3],
    ("staff_account", "role"): lambda i: ("caseworker", "manager", "admin")[i % 3],
}
START = datetime(2026, 1, 1, 9, 30)


def _text(column: Column, i: int) -> str:
    length = getattr(column.type, "length", None)
    for candidate in (f"{column.table.name}.{column.name}.{i}", f"{column.name[:3]}{i}", f"v{i}", str(i)):
        if length is None or len(candidate) <= length:
            return candidate
    return str(i)[-length:]


def _value(column: Column, i: int, filled: dict[str, int]) -> Any:
    table = column.table.name
    if (table, column.name) in OVERRIDES:
        return OVERRIDES[(table, column.name)](i)
    if column.foreign_keys:
        target = next(iter(column.foreign_keys)).column.table.name
        if column.nullable and i % 3 == 0:
            return None
        return i % filled[target] + 1
    if column.primary_key and isinstance(column.type, Integer):
        return i + 1
    if column.nullable and not column.primary_key and i % 4 == 0:
        return None
    kind = column.type
    if isinstance(kind, Boolean):
        return i % 2 == 0
    if isinstance(kind, Integer):
        return i * 7 % 1000
    if isinstance(kind, Float | Numeric):
        return i * 1.5
    if isinstance(kind, DateTime):
        return START + timedelta(minutes=i)
    if isinstance(kind, Date):
        return date(2026, 1, 1) + timedelta(days=i % 400)
    if isinstance(kind, JSON):
        return {"row": i, "answers": {"step-1": {"value": f"answer {i}"}}, "list": [i, "x"]}
    if isinstance(kind, LargeBinary):
        return f"bytes {i}".encode()
    if isinstance(kind, String):
        return _text(column, i)
    raise TypeError(f"no synthetic value for {table}.{column.name} ({kind!r}): add one to tests/support/synthetic.py")


# The casework an application held until 0020 moved it to its case: only a case's sent request has any.
CASEWORK = {"case_status": "", "assigned_to_id": None, "status_changed_at": None, "decision_due_on": None,
            "decision": "", "decision_on": None, "assessment_decision": "", "assessment_decision_on": None,
            "final_plan_on": None, "exception_reason": "", "exception_from": None, "exception_to": None,
            "child_name": "", "child_sort_name": "", "child_postcode": "", "setting_name": ""}


def _as_cases_hold_them(table: str, row: dict[str, Any], i: int, filled: dict[str, int]) -> dict[str, Any]:
    """Only a sent request has casework (a draft never has). Where applications belong to cases: each case is
    opened by one sent request (the even rows, in turn), which holds a reference and the dates casework runs
    from, and no other application has casework."""
    if table in ("case_letter", "case_note") and "application_id" in row and filled.get("ehc_case"):
        row["application_id"] = 2 * (i % filled["ehc_case"]) + 1  # about a sent request, so about its case
        return row
    if table != "application":
        return row
    opens = row.get("status") == "submitted" if "case_id" not in row else i % 2 == 0 and i // 2 < filled["ehc_case"]
    if "case_id" in row:
        row["case_id"] = i // 2 + 1 if opens else None
    if opens:
        row.update({name: row[name] or value for name, value in (
            ("reference", f"EHC-2026-{i:06d}"), ("received_on", START.date()), ("decision_due_on", START.date()))
            if name in row})
    else:
        row.update({name: value for name, value in CASEWORK.items() if name in row})
    return row


def seed(engine: Engine, rows: dict[str, int] | None = None) -> dict[str, int]:
    """Fill every table of the database as it is now; returns the rows added per table."""
    sizes = {**ROWS, **(rows or {})}
    metadata = MetaData()
    metadata.reflect(engine)
    filled: dict[str, int] = {}
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            count = sizes.get(table.name, DEFAULT_ROWS)
            connection.execute(table.delete())  # rows a migration seeded (the vague-terms list): replaced, ids clash
            connection.execute(table.insert(), [
                _as_cases_hold_them(table.name, {column.name: _value(column, i, filled) for column in table.columns},
                                    i, filled) for i in range(count)])
            filled[table.name] = count
        if connection.dialect.name == "postgresql":  # ids were given: move the sequences past them
            for table in metadata.sorted_tables:
                if "id" in table.c and table.name in filled and isinstance(table.c.id.type, Integer):
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), {filled[table.name]})")
    return filled
