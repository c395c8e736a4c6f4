"""Reviews of a plan in force (Children and Families Act 2014 s44; SEND Regulations 2014 regs 18–22): "Arrange
review" sets the meeting and the deadlines that run from it (services/review_timescales.py), refused when the
meeting is less than 2 weeks away — there would not be time to invite everyone and send out advice (reg 20(3),
(4)). One review is open at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal import routes
from ehcna_portal.i18n import long_date
from ehcna_portal.models import CaseStage, Child, EhcCase, ParentAccount, PlanReview, ReviewStatus
from ehcna_portal.services import audit, outbox, review_reports
from ehcna_portal.services.paper_requests import is_placeholder
from ehcna_portal.services.plan_edits import EditRefused
from ehcna_portal.services.review_timescales import NOTICE, may_hold_meeting_on, meeting_dates, next_transfer
from ehcna_portal.settings import Settings


def open_review(db: Session, case_id: int) -> PlanReview | None:
    return db.exec(select(PlanReview).where(PlanReview.case_id == case_id,
                                            col(PlanReview.status).in_(ReviewStatus.OPEN))
                   .order_by(col(PlanReview.id).desc())).first()


def arrange(engine: Engine, settings: Settings, case_id: int, meeting: date | None, *, staff_id: int, today: date,
            now: datetime, invite: Mapping[str, str] | None = None) -> PlanReview:
    """Arrange the plan's next review meeting on ``meeting`` and invite the family (an email with the date and no
    personal details; none for a family who asked on paper: they are written to), and ask the school or setting,
    and health and social care as ``invite`` names them, for their reports (services/review_reports.py):
    EditRefused by field when it cannot be."""
    if meeting is None:
        raise EditRefused({"meeting": "Enter the date of the review meeting"})
    if not may_hold_meeting_on(meeting, today):
        raise EditRefused({"meeting": "The meeting must be at least 2 weeks away, so that everyone can be invited and "
                                      "advice sent out in time (SEND Regulations 2014 regulation 20(3) and (4)): "
                                      f"choose {long_date(today + NOTICE, 'en')} or later"})
    with Session(engine, expire_on_commit=False) as db:
        case = db.get(EhcCase, case_id)
        child = db.get(Child, case.child_id) if case is not None else None
        if case is None or child is None or case.stage != CaseStage.REVIEWS:
            raise EditRefused({"meeting": "A review is arranged once the final plan has been issued"})
        arranged = open_review(db, case_id)
        if arranged is not None:
            raise EditRefused({"meeting": f"A review is already arranged, for {long_date(arranged.meeting_on, 'en')}"})
        people, problems = review_reports.invitees(db, invite or {})
        if problems:
            raise EditRefused(problems)
        dates = meeting_dates(meeting)
        transfer = next_transfer(child.date_of_birth, meeting)
        plans_for = transfer if transfer is not None and meeting <= transfer.amend_by else None
        review = PlanReview(
            case_id=case_id, status=ReviewStatus.ARRANGED, meeting_on=meeting, arranged_on=today,
            arranged_by=staff_id, invitations_by=dates.invitations_by, report_due_on=dates.report_due,
            decision_due_on=dates.decision_due,
            # a review before the move's deadline plans for it (reg 18): the figures count it against that deadline
            phase_transfer=plans_for.kind if plans_for else "", transfer_by=plans_for.amend_by if plans_for else None,
            due_on=case.review_due_on, created_at=now, updated_at=now)
        db.add(review)
        db.flush()
        review_reports.invite(db, settings, case, review, people, staff_id=staff_id, today=today, now=now)
        parent = db.get(ParentAccount, case.parent_id)
        if parent is not None and not is_placeholder(parent.email):
            outbox.enqueue_to_parent(db, settings, parent, template="review_arranged",
                                     idempotency_key=f"review-arranged:{review.id}", reference=case.reference,
                                     meeting=meeting, link=outbox.SitePath(routes.child_page(case.child_id, "reviews")))
        audit.record(db, actor=f"staff:{staff_id}", action="review.arranged", object_type=audit.CASE,
                     object_id=case_id, review_id=review.id, meeting=meeting.isoformat(),
                     decision_due=dates.decision_due.isoformat())
        db.commit()
        return review


def for_family(engine: Engine, parent_id: int, child_id: int) -> tuple[date | None, date | None]:
    """(the day the next review must be held by, the open review's meeting) for a parent's own child's plan in
    force; (None, None) when there is none."""
    with Session(engine) as db:
        case = db.exec(select(EhcCase).where(EhcCase.child_id == child_id, EhcCase.parent_id == parent_id,
                                             EhcCase.stage == CaseStage.REVIEWS)
                       .order_by(col(EhcCase.id).desc())).first()
        if case is None:
            return None, None
        review = open_review(db, case.id or 0)
        return case.review_due_on, review.meeting_on if review is not None else None
