"""The reviews' figures, by month and by year, counted in SQL: the measures the DfE's "Education, health and care
plans" release publishes for annual reviews from 2026 (reviews completed, their outcomes, decisions within 4 weeks
of the meeting; phase transfer plans finalised by their deadline), as the statutory timescales define them.

Source used: Department for Education, "Education, health and care plans" (explore-education-statistics.service.
gov.uk/find-statistics/education-health-and-care-plans), data set "Number of annual reviews of EHC plans" (2025
calendar year: review_expected, review_completed, outcome_maintained / amended / ceased, decision_4_weeks /
decision_over_4_weeks), built from the SEN2 person-level return's items 5.4 (review meeting date), 5.5 (the
decision: maintain, amend, cease) and 5.6 (the decision's date: the day the council wrote to the family). Here the
decision's date is ``plan_review.decided_on``, the day "Record review decision" sent the letter; DfE counts by
calendar year, this page by month and then by year.

* **Reviews held within 12 months** (Children and Families Act 2014 s44(1)): reviews whose decision was recorded in
  the month, and of them those whose meeting was on or before the day the review was due.
* **Decisions within 4 weeks** (SEND Regulations 2014 reg 20(10)): decisions recorded in the month, and of them
  those recorded on or before 4 weeks after the meeting — with the outcome (maintain, amend, cease).
* **Amended plans within 12 weeks of the meeting** (reg 22(5) with R (L, M and P) v Devon CC: 4 weeks to the
  amendment notice, then 8): amended plans issued in the month, and of them those issued by 12 weeks after it.
* **Plans ended**: plans ceased (a "cease" decision, counted with the decisions) and plans closed at the end of the
  school year in which the young person turned 25 (s46; services/plan_endings.py), in the month they were closed.
* **Phase transfer plans finalised by their deadline** (reg 18): reviews planning a move, counted in the month
  their plan was finalised — the amended plan issued, or the decision to keep the plan — and of them those
  finalised by 15 February (31 March for post-16).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, literal_column, or_
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from ehcna_portal.models import EhcCase, PlanIssue, PlanReview
from ehcna_portal.services.kpis import counted, days_between, month_of, months_between, to_csv
from ehcna_portal.services.plan_endings import ENDED
from ehcna_portal.services.review_timescales import AMENDED_PLAN, DECISION

TWELVE_WEEKS = DECISION + AMENDED_PLAN


@dataclass
class ReviewMonth:
    month: str  # "2027-11", or "2027" for a year's totals
    decisions: int = 0
    decisions_in_4_weeks: int = 0
    maintained: int = 0
    amended: int = 0
    ceased: int = 0
    held_in_12_months: int = 0
    amended_plans: int = 0
    amended_plans_in_12_weeks: int = 0
    transfers_finalised: int = 0
    transfers_by_deadline: int = 0
    ended_at_25: int = 0

    @staticmethod
    def _percent(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def percent_held_in_12_months(self) -> float | None:
        return self._percent(self.held_in_12_months, self.decisions)

    @property
    def percent_decisions_in_4_weeks(self) -> float | None:
        return self._percent(self.decisions_in_4_weeks, self.decisions)

    @property
    def percent_amended_in_12_weeks(self) -> float | None:
        return self._percent(self.amended_plans_in_12_weeks, self.amended_plans)

    @property
    def percent_transfers_by_deadline(self) -> float | None:
        return self._percent(self.transfers_by_deadline, self.transfers_finalised)


_TWELVE_WEEK_DAYS = literal_column(str(TWELVE_WEEKS.days))  # written into the SQL, as kpis.py does


def monthly_queries(start: date, end: date) -> dict[str, Select]:
    """Counts by day of what happened between ``start`` and ``end`` (a row per day and kind at most): the database
    counts, Python adds the days into months (as services/kpis.py does for requests)."""
    decided, held, issued = col(PlanReview.decided_on), col(PlanReview.meeting_on), col(PlanIssue.issued_on)
    in_4_weeks = decided <= col(PlanReview.decision_due_on)
    in_12_months = or_(col(PlanReview.due_on).is_(None), held <= col(PlanReview.due_on))
    in_12_weeks = days_between(held, issued) <= _TWELVE_WEEK_DAYS  # (earlier, later)
    transfer = col(PlanReview.phase_transfer) != ""
    return {
        "decided": select(decided, col(PlanReview.decision), in_4_weeks, in_12_months, func.count())
        .where(decided.between(start, end), col(PlanReview.decision) != "")
        .group_by(decided, col(PlanReview.decision), in_4_weeks, in_12_months),
        "amended": select(issued, in_12_weeks, transfer, issued <= col(PlanReview.transfer_by), func.count())
        .join(PlanReview, col(PlanReview.amended_issue_id) == PlanIssue.id)
        .where(issued.between(start, end))
        .group_by(issued, in_12_weeks, transfer, issued <= col(PlanReview.transfer_by)),
        "ended": select(col(EhcCase.closed_on), func.count())
        .where(col(EhcCase.closed_on).between(start, end), col(EhcCase.case_status) == ENDED)
        .group_by(col(EhcCase.closed_on)),
        "kept": select(decided, decided <= col(PlanReview.transfer_by), func.count())
        .where(decided.between(start, end), col(PlanReview.decision) == "maintain", transfer)
        .group_by(decided, decided <= col(PlanReview.transfer_by)),
    }


OUTCOMES = {"maintain": "maintained", "amend": "amended", "cease": "ceased"}


def monthly(engine: Engine, first: date, last: date) -> list[ReviewMonth]:
    """The figures for each month from ``first``'s to ``last``'s (inclusive)."""
    figures = {month: ReviewMonth(month) for month in months_between(first, last)}
    rows = counted(engine, monthly_queries(date(first.year, first.month, 1), last))
    decided, amended, kept, ended = rows["decided"], rows["amended"], rows["kept"], rows["ended"]
    for day, decision, in_4_weeks, in_12_months, count in decided:
        month = figures[month_of(day)]
        month.decisions += count
        month.decisions_in_4_weeks += count if in_4_weeks else 0
        month.held_in_12_months += count if in_12_months else 0
        setattr(month, OUTCOMES[decision], getattr(month, OUTCOMES[decision]) + count)
    for day, in_12_weeks, transfer, by_deadline, count in amended:
        month = figures[month_of(day)]
        month.amended_plans += count
        month.amended_plans_in_12_weeks += count if in_12_weeks else 0
        if transfer:
            month.transfers_finalised += count
            month.transfers_by_deadline += count if by_deadline else 0
    for day, by_deadline, count in kept:
        month = figures[month_of(day)]
        month.transfers_finalised += count
        month.transfers_by_deadline += count if by_deadline else 0
    for day, count in ended:
        figures[month_of(day)].ended_at_25 += count
    return list(figures.values())


COUNTS = ("decisions", "decisions_in_4_weeks", "maintained", "amended", "ceased", "held_in_12_months",
          "amended_plans", "amended_plans_in_12_weeks", "transfers_finalised", "transfers_by_deadline",
          "ended_at_25")


def yearly(months: list[ReviewMonth]) -> list[ReviewMonth]:
    """The months' totals by calendar year."""
    years: dict[str, ReviewMonth] = {}
    for month in months:
        year = years.setdefault(month.month[:4], ReviewMonth(month.month[:4]))
        for name in COUNTS:
            setattr(year, name, getattr(year, name) + getattr(month, name))
    return list(years.values())


PERCENTS = ("percent_held_in_12_months", "percent_decisions_in_4_weeks", "percent_amended_in_12_weeks",
            "percent_transfers_by_deadline")


def review_figures_csv(rows: list[ReviewMonth]) -> str:
    return to_csv(("period", *COUNTS, *PERCENTS),
                  ([row.month, *(getattr(row, name) for name in COUNTS), *(getattr(row, name) for name in PERCENTS)]
                   for row in rows))
