"""The Reviews queue: plans in force whose review is due in the next 30, 60 or 90 days or overdue, review decisions
due (4 weeks after the meeting), amended plans due (8 weeks after the amendment notice), and the phase transfer
cohorts for the coming September with their reg 18 deadlines — each one SQL query, sorted and paged in the
database as the request queue is (services/queue.py), so a council's 4,000 plans cost what 40 do.

The dates it filters on are stored when they are set (``ehc_case.review_due_on``; a review's deadlines), from
services/review_timescales.py; a cohort is a range of dates of birth (``review_timescales.born_between``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from sqlalchemy import Select, and_, func, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.models import CaseStage, Child, EhcCase, PlanReview, ReviewStatus
from ehcna_portal.services.kpis import to_csv
from ehcna_portal.services.review_timescales import TRANSFERS, born_between, transfer_for

PAGE_SIZE = 25
View = Literal["due_30", "due_60", "due_90", "overdue", "decisions", "amendments", "transfers"]
VIEWS: tuple[View, ...] = ("due_30", "due_60", "due_90", "overdue", "decisions", "amendments", "transfers")
WINDOWS = {"due_30": 30, "due_60": 60, "due_90": 90}


@dataclass(frozen=True)
class ReviewRow:
    case_id: int
    reference: str
    child_name: str
    born: date
    review_due_on: date | None
    meeting_on: date | None  # the open review's meeting, if one is arranged
    deadline: date | None  # what the view is about: the review, the decision, the amended plan, the transfer
    transfer: str = ""  # the cohort's move (reception, secondary, post_16)


@dataclass(frozen=True)
class ReviewPage:
    view: View
    rows: list[ReviewRow]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def coming_september(today: date) -> int:
    """The September whose moves are being planned now: this school year's end (next September from September)."""
    return today.year if today.month < 9 else today.year + 1


def _in_force():
    return EhcCase.stage == CaseStage.REVIEWS


def _where(view: View, today: date) -> tuple[list, object]:
    """What puts a plan in the view (on the case, its open review or its child) and the column it is ordered by:
    its deadline."""
    if view in WINDOWS:
        until = today + timedelta(days=WINDOWS[view])
        return ([_in_force(), col(EhcCase.review_due_on) >= today, col(EhcCase.review_due_on) <= until],
                col(EhcCase.review_due_on))
    if view == "overdue":
        return [_in_force(), col(EhcCase.review_due_on) < today], col(EhcCase.review_due_on)
    if view == "decisions":  # the meeting has been held, no decision yet
        held = and_(PlanReview.status == ReviewStatus.ARRANGED, col(PlanReview.meeting_on) <= today)
        return [_in_force(), held], col(PlanReview.decision_due_on)
    if view == "amendments":
        return [_in_force(), PlanReview.status == ReviewStatus.AMENDMENTS_PROPOSED], col(PlanReview.amended_plan_due_on)
    september = coming_september(today)
    cohorts = [col(Child.date_of_birth).between(*born_between(year_group, september)) for year_group in TRANSFERS]
    return [_in_force(), or_(*cohorts)], col(Child.date_of_birth).desc()


def _open_review():
    return and_(col(PlanReview.case_id) == EhcCase.id, col(PlanReview.status).in_(ReviewStatus.OPEN))


def _query(view: View, today: date) -> tuple[Select, object]:
    """The view's query (case, its child's date of birth, its open review) and the column it is ordered by."""
    where, order = _where(view, today)
    return (select(EhcCase, Child.date_of_birth, PlanReview)
            .join(Child, col(Child.id) == EhcCase.child_id)
            .join(PlanReview, _open_review(), isouter=True)
            .where(*where)), order


def _count(view: View, today: date) -> Select:
    """How many plans the view holds, joining only what its filter reads: every case has its child and at most
    one open review, so the other joins cannot change the count (they made each count read every child)."""
    where, _order = _where(view, today)
    query = select(func.count()).select_from(EhcCase)
    if view == "transfers":
        query = query.join(Child, col(Child.id) == EhcCase.child_id)
    if view in ("decisions", "amendments"):
        query = query.join(PlanReview, _open_review())
    return query.where(*where)


def _row(view: View, case: EhcCase, born: date, review: PlanReview | None, september: int) -> ReviewRow:
    meeting = review.meeting_on if review is not None else None
    if view == "transfers":
        year_group = next(group for group in TRANSFERS
                          if born_between(group, september)[0] <= born <= born_between(group, september)[1])
        transfer = transfer_for(year_group, september)
        return ReviewRow(case.id or 0, case.reference, case.child_name, born, case.review_due_on, meeting,
                         transfer.amend_by if transfer else None, transfer.kind if transfer else "")
    deadline = {"decisions": review.decision_due_on if review else None,
                "amendments": review.amended_plan_due_on if review else None}.get(view, case.review_due_on)
    return ReviewRow(case.id or 0, case.reference, case.child_name, born, case.review_due_on, meeting, deadline)


def review_list(engine: Engine, view: View, today: date, *, page: int = 1, limit: int = PAGE_SIZE) -> ReviewPage:
    """One page of a view, soonest deadline first (the transfer cohorts by move, youngest first)."""
    query, order = _query(view, today)
    with Session(engine) as db:
        total = db.exec(_count(view, today)).one()
        found = db.exec(query.order_by(order, col(EhcCase.id)).offset((page - 1) * limit).limit(limit)).all()
    september = coming_september(today)
    return ReviewPage(view, [_row(view, case, born, review, september) for case, born, review in found], total, page)


def counts(engine: Engine, today: date) -> dict[str, int]:
    """How many plans each view holds (the queue's tabs)."""
    with Session(engine) as db:
        return {view: db.exec(_count(view, today)).one() for view in VIEWS}


REVIEW_COLUMNS = ("reference", "child", "date_of_birth", "review_due", "meeting", "deadline", "transfer")


def review_csv(rows: list[ReviewRow]) -> str:
    return to_csv(REVIEW_COLUMNS, ([row.reference, row.child_name, row.born, row.review_due_on, row.meeting_on,
                                    row.deadline, row.transfer] for row in rows))
