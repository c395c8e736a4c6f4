"""The staff queue of cases (each opened by an EHC needs assessment request): tabs, search, filters, sort,
pages — in the database.

Sorting and paging happen in SQL (25 a page), so the page costs the same with
ten requests or a hundred thousand; ``ix_ehc_case_queue_*`` serve the
default order (decision due, soonest first) by status or by officer, and the
single-column indexes on the date columns serve the other orders (the sort
says nothing about NULLs where a column is never empty, so an index can be
walked either way).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sqlalchemy import Select, and_, case, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.ids import parse_id
from ehcna_portal.models import EhcCase, StaffAccount
from ehcna_portal.services.case_status import OPEN_BEFORE_DECISION, STATUSES, overdue_condition
from ehcna_portal.services.dates import parse_date
from ehcna_portal.services.kpis import to_csv
from ehcna_portal.services.timescales import days_left
from ehcna_portal.services.validation import normalise_postcode

PAGE_SIZE = 25
DUE_SOON_DAYS = 5
Tab = Literal["mine", "unassigned", "all"]
SORTS = {
    "reference": col(EhcCase.reference),
    "child": col(EhcCase.child_sort_name),
    "received": col(EhcCase.received_on),
    "due": col(EhcCase.decision_due_on),
    "assigned": col(StaffAccount.name),
    "status": col(EhcCase.case_status),
}
_REFERENCE = re.compile(r"^EHC-([0-9]{4})-([0-9]{1,9})$", re.IGNORECASE)


@dataclass
class QueueQuery:
    tab: Tab = "all"
    search: str = ""
    statuses: tuple[str, ...] = ()
    officer_id: int | None = None
    setting: str = ""
    received_from: date | None = None
    received_to: date | None = None
    overdue_only: bool = False
    sort: str = "due"
    descending: bool = False
    page: int = 1


@dataclass
class QueueRow:
    id: int
    reference: str
    child_name: str
    received_on: date | None
    decision_due_on: date | None
    assigned_to: str
    status: str
    status_label: str
    days_left: int | None  # to the decision whether to assess, while it is still to be made


@dataclass
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    counts: dict[str, int] = field(default_factory=dict)  # per tab


def _filtered(query: QueueQuery, staff_id: int, today: date) -> Select:
    statement = (select(EhcCase, StaffAccount.name)
                 .outerjoin(StaffAccount, col(StaffAccount.id) == EhcCase.assigned_to_id))
    return statement.where(*_conditions(query, today), *_tab(query.tab, staff_id))


def _tab(tab: Tab, staff_id: int) -> list:
    if tab == "mine":
        return [EhcCase.assigned_to_id == staff_id]
    if tab == "unassigned":
        return [col(EhcCase.assigned_to_id).is_(None)]
    return []


def _conditions(query: QueueQuery, today: date) -> list:
    found = []
    text = " ".join(query.search.split())[:100]
    if text:
        postcode = normalise_postcode(text)
        if reference := _REFERENCE.match(text):  # as issued: at least six digits ("EHC-2026-207" → "…-000207")
            year, number = reference.groups()
            found.append(EhcCase.reference == f"EHC-{year}-{int(number):06d}")
        elif postcode:
            found.append(EhcCase.child_postcode == postcode)
        else:
            words = [word for word in text.lower().split(" ") if word]
            found.append(and_(*(col(EhcCase.child_sort_name).contains(word, autoescape=True) for word in words)))
    statuses = [status for status in query.statuses if status in STATUSES]
    if statuses:
        found.append(col(EhcCase.case_status).in_(statuses))
    if query.officer_id:
        found.append(EhcCase.assigned_to_id == query.officer_id)
    if query.setting.strip():
        found.append(func.lower(EhcCase.setting_name).contains(query.setting.strip().lower()[:100],
                                                                   autoescape=True))
    if query.received_from:
        found.append(col(EhcCase.received_on) >= query.received_from)
    if query.received_to:
        found.append(col(EhcCase.received_on) <= query.received_to)
    if query.overdue_only:
        found.append(overdue_condition(today))
    return found


def _ordered(query: QueueQuery, staff_id: int, today: date) -> Select:
    column = SORTS.get(query.sort, SORTS["due"])
    order = column.desc() if query.descending else column.asc()
    if query.sort == "assigned":  # the only column that can be empty: unassigned requests go last
        order = order.nulls_last()
    tie = col(EhcCase.id).desc() if query.descending else col(EhcCase.id).asc()
    return _filtered(query, staff_id, today).order_by(order, tie)


def _row(case: EhcCase, officer: str | None, today: date) -> QueueRow:
    waiting = case.case_status in OPEN_BEFORE_DECISION
    return QueueRow(id=case.id or 0, reference=case.reference, child_name=case.child_name,
                    received_on=case.received_on, decision_due_on=case.decision_due_on, assigned_to=officer or "",
                    status=case.case_status,
                    status_label=STATUSES[case.case_status].label if case.case_status in STATUSES
                    else case.case_status,
                    days_left=days_left(case.decision_due_on, today) if waiting else None)


def search(engine: Engine, query: QueueQuery, staff_id: int, today: date) -> QueuePage:
    """One page of the queue, with the number of cases in each tab for the same search and filters."""
    with Session(engine) as db:
        # The three tab counts in one pass over the matching rows.
        mine, unassigned, everything = db.exec(
            select(func.count(case((EhcCase.assigned_to_id == staff_id, 1))),
                   func.count(case((col(EhcCase.assigned_to_id).is_(None), 1))), func.count())
            .where(*_conditions(query, today))).one()
        counts = {"mine": mine, "unassigned": unassigned, "all": everything}
        total = counts[query.tab]
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(1, query.page), pages)
        found = db.exec(_ordered(query, staff_id, today).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return QueuePage([_row(case, officer, today) for case, officer in found], total, page, pages, counts)


def all_rows(engine: Engine, query: QueueQuery, staff_id: int, today: date, limit: int = 100_000) -> list[QueueRow]:
    """Every row the query matches (for the CSV export), in the same order as the pages."""
    with Session(engine) as db:
        found = db.exec(_ordered(query, staff_id, today).limit(limit)).all()
    return [_row(case, officer, today) for case, officer in found]


def query_from_params(params: Mapping[str, Any]) -> QueueQuery:
    """The queue's address (``?tab=…&q=…&status=a,b&sort=due&order=desc&page=2``) as a query."""
    tab = params.get("tab", "all")
    received_from = parse_date(params.get("from-day", ""), params.get("from-month", ""), params.get("from-year", ""))
    received_to = parse_date(params.get("to-day", ""), params.get("to-month", ""), params.get("to-year", ""))
    return QueueQuery(
        tab=tab if tab in ("mine", "unassigned", "all") else "all", search=str(params.get("q", "")),
        statuses=tuple(str(params.get("status", "")).split(",")) if params.get("status") else (),
        officer_id=parse_id(params.get("officer", "")), setting=str(params.get("setting", "")),
        received_from=received_from.value, received_to=received_to.value,
        overdue_only=params.get("overdue") == "yes",
        sort=str(params.get("sort", "due")) if params.get("sort") in SORTS else "due",
        descending=params.get("order") == "desc", page=parse_id(params.get("page", "1")) or 1)


def is_overdue(row: QueueRow) -> bool:
    return row.days_left is not None and row.days_left < 0


def is_due_soon(row: QueueRow) -> bool:
    return row.days_left is not None and 0 <= row.days_left <= DUE_SOON_DAYS


QUEUE_COLUMNS = ("reference", "child_name", "date_received", "decision_due", "assigned_to", "status", "days_left")


def queue_csv(rows: list[QueueRow]) -> str:
    return to_csv(QUEUE_COLUMNS, ([row.reference, row.child_name, row.received_on, row.decision_due_on,
                                   row.assigned_to, row.status_label, row.days_left] for row in rows))


