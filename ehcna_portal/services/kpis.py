"""Manager KPIs, month by month, as the DfE SEN2 return counts them.

Each figure is counted in the month its event happened: requests in the month
received, decisions whether to assess in the month decided, plans in the month
issued. "Within 6 weeks" compares the decision date with received + 6 weeks;
"within 20 weeks" the final plan date with received + 20 weeks, once over all
plans and once leaving out requests with a reg 10(4) exception recorded.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import Integer, func, literal_column
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from ehcna_portal.models import EhcCase
from ehcna_portal.services.case_status import overdue_condition
from ehcna_portal.services.timescales import DECISION_TO_ASSESS, FINAL_PLAN


@dataclass
class MonthFigures:
    month: str  # "2026-11"
    requests_received: int = 0
    decisions_made: int = 0
    decisions_within_6_weeks: int = 0
    assessments_agreed: int = 0
    assessments_refused: int = 0
    plans_issued: int = 0
    plans_within_20_weeks: int = 0
    plans_without_exception: int = 0
    plans_within_20_weeks_without_exception: int = 0
    weeks_to_plan_total: float = 0.0

    @property
    def percent_decisions_within_6_weeks(self) -> float | None:
        return _percent(self.decisions_within_6_weeks, self.decisions_made)

    @property
    def percent_plans_within_20_weeks(self) -> float | None:
        return _percent(self.plans_within_20_weeks, self.plans_issued)

    @property
    def percent_plans_within_20_weeks_excluding_exceptions(self) -> float | None:
        return _percent(self.plans_within_20_weeks_without_exception, self.plans_without_exception)

    @property
    def average_weeks_to_plan(self) -> float | None:
        return round(self.weeks_to_plan_total / self.plans_issued, 1) if self.plans_issued else None


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_between(first: date, last: date) -> list[str]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class days_between(FunctionElement):
    """``days_between(earlier, later)``: ``later - earlier`` in whole days, in SQL (PostgreSQL subtracts dates,
    SQLite has ``julianday``)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between(element: days_between, compiler: Any, **kw: Any) -> str:
    earlier, later = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    earlier, later = list(element.clauses)
    return f"CAST(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)}) AS INTEGER)"


# Written into the SQL (not bound) so PostgreSQL sees the grouped expression and the selected one as the same.
_DECISION_DAYS = literal_column(str(DECISION_TO_ASSESS.days))
_PLAN_DAYS = literal_column(str(FINAL_PLAN.days))


def monthly_queries(start: date, end: date) -> dict[str, Select]:
    """Counts by day of what happened between ``start`` and ``end`` (at most a row per day and kind), so
    the database does the counting over years of requests and Python only adds days into months.
    Each is a range on an indexed date column."""
    received, decided, planned = (col(EhcCase.received_on), col(EhcCase.decision_on),
                                  col(EhcCase.final_plan_on))
    decision_days = days_between(received, decided)
    plan_days = days_between(received, planned)
    exception = col(EhcCase.exception_reason) != ""
    return {
        "received": select(received, func.count()).where(received.between(start, end))
        .group_by(received),
        "decided": select(decided, col(EhcCase.decision), decision_days <= _DECISION_DAYS, func.count())
        .where(decided.between(start, end), col(EhcCase.decision) != "")
        .group_by(decided, col(EhcCase.decision), decision_days <= _DECISION_DAYS),
        "planned": select(planned, plan_days <= _PLAN_DAYS, exception, func.count(), func.sum(plan_days))
        .where(planned.between(start, end))
        .group_by(planned, plan_days <= _PLAN_DAYS, exception),
    }


def counted(engine: Engine, queries: dict[str, Select]) -> dict[str, list]:
    """Each named count query's rows, read in one session (the figures pages' monthly counts)."""
    with Session(engine) as db:
        return {name: list(db.exec(query).all()) for name, query in queries.items()}


def monthly(engine: Engine, first: date, last: date) -> list[MonthFigures]:
    """Figures for each month from ``first``'s to ``last``'s (inclusive)."""
    figures = {month: MonthFigures(month) for month in months_between(first, last)}
    rows = counted(engine, monthly_queries(date(first.year, first.month, 1), last))
    received, decided, planned = rows["received"], rows["decided"], rows["planned"]
    for day, count in received:
        figures[month_of(day)].requests_received += count
    for day, decision, within, count in decided:
        month = figures[month_of(day)]
        month.decisions_made += count
        month.decisions_within_6_weeks += count if within else 0
        month.assessments_agreed += count if decision == "assess" else 0
        month.assessments_refused += count if decision == "not_assess" else 0
    for day, within, excepted, count, days in planned:
        month = figures[month_of(day)]
        month.plans_issued += count
        month.plans_within_20_weeks += count if within else 0
        month.weeks_to_plan_total += (days or 0) / 7
        if not excepted:
            month.plans_without_exception += count
            month.plans_within_20_weeks_without_exception += count if within else 0
    return list(figures.values())


def overdue_query(today: date) -> Select:
    return select(func.count()).select_from(EhcCase).where(overdue_condition(today))


def overdue_now(engine: Engine, today: date) -> int:
    """Requests still waiting for the decision whether to assess after its statutory date."""
    with Session(engine) as db:
        return db.exec(overdue_query(today)).one()


KPI_COLUMNS = ("month", "requests_received", "decisions_made", "decisions_within_6_weeks",
               "percent_decisions_within_6_weeks", "assessments_agreed", "assessments_refused", "plans_issued",
               "plans_within_20_weeks", "percent_plans_within_20_weeks",
               "percent_plans_within_20_weeks_excluding_exceptions", "average_weeks_to_plan")


def kpi_csv(months: Iterable[MonthFigures]) -> str:
    rows = []
    for month in months:
        values = {**asdict(month), "percent_decisions_within_6_weeks": month.percent_decisions_within_6_weeks,
                  "percent_plans_within_20_weeks": month.percent_plans_within_20_weeks,
                  "percent_plans_within_20_weeks_excluding_exceptions":
                      month.percent_plans_within_20_weeks_excluding_exceptions,
                  "average_weeks_to_plan": month.average_weeks_to_plan}
        rows.append([values[name] for name in KPI_COLUMNS])
    return to_csv(KPI_COLUMNS, rows)


def to_csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """CSV for spreadsheets: every field quoted, blanks for missing values, and text a spreadsheet could run
    as a formula made inert with an apostrophe (OWASP CSV injection) — at its start, and after any separator
    a spreadsheet might split on (``Bo;=HYPERLINK(…)`` opened with ``;`` as the separator)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(list(header))
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


# A formula starter (= + - @, or a tab or return that some importers skip) at the start of the text or
# just after a character a spreadsheet may treat as a separator, spaces between allowed.
_FORMULA = re.compile(r"(^|[,;\t|\r\n])( *)([=+\-@\t\r])")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return _FORMULA.sub(r"\1\2'\3", value)
    return value
