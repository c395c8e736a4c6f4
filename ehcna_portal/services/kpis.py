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
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.models import Application, ApplicationStatus
from ehcna_portal.services.case_status import OPEN_BEFORE_DECISION
from ehcna_portal.services.timescales import request_deadlines


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


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_between(first: date, last: date) -> list[str]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly(engine: Engine, first: date, last: date) -> list[MonthFigures]:
    """Figures for each month from ``first``'s to ``last``'s (inclusive)."""
    figures = {month: MonthFigures(month) for month in months_between(first, last)}
    start, end = date(first.year, first.month, 1), last
    with Session(engine) as db:
        rows = db.exec(select(Application.received_on, Application.decision, Application.decision_on,
                              Application.final_plan_on, Application.exception_reason)
                       .where(Application.status == ApplicationStatus.SUBMITTED,
                              or_(col(Application.received_on).between(start, end),
                                  col(Application.decision_on).between(start, end),
                                  col(Application.final_plan_on).between(start, end)))).all()
    for received, decision, decided, plan, exception in rows:
        if received is None:
            continue
        deadlines = request_deadlines(received)
        if (month := figures.get(_month(received))) and start <= received <= end:
            month.requests_received += 1
        if decided and decision and (month := figures.get(_month(decided))) and start <= decided <= end:
            month.decisions_made += 1
            month.decisions_within_6_weeks += decided <= deadlines.decision_to_assess
            month.assessments_agreed += decision == "assess"
            month.assessments_refused += decision == "not_assess"
        if plan and (month := figures.get(_month(plan))) and start <= plan <= end:
            within = plan <= deadlines.final_plan
            month.plans_issued += 1
            month.plans_within_20_weeks += within
            month.weeks_to_plan_total += (plan - received).days / 7
            if not exception:
                month.plans_without_exception += 1
                month.plans_within_20_weeks_without_exception += within
    return list(figures.values())


def overdue_now(engine: Engine, today: date) -> int:
    """Requests still waiting for the decision whether to assess after its statutory date."""
    with Session(engine) as db:
        return len(db.exec(select(Application.id).where(
            Application.status == ApplicationStatus.SUBMITTED, col(Application.case_status).in_(OPEN_BEFORE_DECISION),
            col(Application.decision_due_on) < today)).all())


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
    """CSV for spreadsheets: blanks for missing values, and text that a spreadsheet would run as a
    formula (starting = + - @ or a control character) made inert with a leading apostrophe (OWASP)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(header))
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
