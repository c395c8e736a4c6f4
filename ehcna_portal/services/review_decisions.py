"""After a review meeting: "Record review decision" — maintain, amend or cease (SEND Regulations 2014 reg 20(10),
reg 22; Children and Families Act 2014 s45) — and "Issue amended plan".

* **Maintain**: the plan stays as it is; the letter says so, with the right to appeal a decision not to amend.
* **Amend**: the proposed amendments come with the decision (R (L, M and P) v Devon CC [2022] EWHC 493 (Admin)):
  they are the plan's latest version, changed from the plan in force, served like a draft (reg 22(2): at least 15
  days for representations, served as services/plan_timescales.py dates it); the amended plan is due within
  8 weeks of that notice (reg 22(5)).
* **Cease**: with reasons and appeal rights; the case's plan ends ("Plan ceased"), counted on the figures page.

The next review is due within 12 months starting with the meeting (s44(1)), 6 months for a child under 5.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.i18n import long_date
from ehcna_portal.models import (
    Child,
    EhcCase,
    ParentAccount,
    PlanIssue,
    PlanIssueKind,
    PlanReview,
    PlanVersion,
    ReviewStatus,
)
from ehcna_portal.services import audit, case_status, cases, decisions, plan_issue, plans, review_reports, reviews
from ehcna_portal.services.dates import uk_date
from ehcna_portal.services.paper_requests import is_placeholder
from ehcna_portal.services.plan_edits import EditRefused
from ehcna_portal.services.plan_timescales import draft_window
from ehcna_portal.services.review_timescales import amendment_window, review_due
from ehcna_portal.services.timescales import appeal_deadline
from ehcna_portal.settings import Settings

DECISIONS = ("maintain", "amend", "cease")
REASONS_MAX = 5000


def in_force(db: Session, case_id: int, at: datetime | None = None) -> PlanIssue | None:
    """The plan in force (at ``at``, else now): the newest final or amended plan issued."""
    query = select(PlanIssue).where(PlanIssue.case_id == case_id,
                                    col(PlanIssue.kind).in_((PlanIssueKind.FINAL, PlanIssueKind.AMENDMENT)))
    if at is not None:
        query = query.where(col(PlanIssue.issued_at) <= at)
    return db.exec(query.order_by(col(PlanIssue.issued_at).desc(), col(PlanIssue.id).desc())).first()


def content_in_force(db: Session, case_id: int, at: datetime | None = None) -> dict | None:
    """The sections of the plan in force (at ``at``, else now; None while there is none)."""
    current = in_force(db, case_id, at)
    version = db.get(PlanVersion, current.plan_version_id) if current else None
    return version.content if version else None


def _number(db: Session, case_id: int, kind: str) -> int:
    return len(db.exec(select(PlanIssue.id).where(PlanIssue.case_id == case_id, PlanIssue.kind == kind)).all()) + 1


def record(engine: Engine, settings: Settings, case_id: int, decision: str, reasons: str, *, staff_id: int,
           today: date, now: datetime) -> PlanReview:
    """Record the council's decision after the review meeting: EditRefused by field when it cannot be."""
    reasons = reasons.strip()
    if decision not in DECISIONS:
        raise EditRefused({"review_decision": "Select the decision"})
    if decision == "cease" and not reasons:
        raise EditRefused({"review_reasons": "Enter the reasons for ceasing the plan"})
    if len(reasons) > REASONS_MAX:
        raise EditRefused({"review_reasons": f"The reasons must be {REASONS_MAX} characters or fewer"})
    with Session(engine, expire_on_commit=False) as db:
        review = reviews.open_review(db, case_id)
        case = db.get(EhcCase, case_id)
        request = cases.request_of(db, case_id)
        child = db.get(Child, case.child_id) if case else None
        if review is None or review.status != ReviewStatus.ARRANGED or case is None or request is None \
                or child is None:
            raise EditRefused({"review_decision": "Arrange the review first: the decision follows its meeting"})
        if review.meeting_on > today:
            raise EditRefused({"review_decision": "Record the decision after the review meeting, on "
                                                  f"{long_date(review.meeting_on, 'en')}"})
        values: dict[str, object] = {"decided": today, "meeting": review.meeting_on, "reasons": reasons}
        changes: dict[str, object] = {"decision": decision, "decided_on": today, "reasons": reasons,
                                      "updated_at": now}
        if decision == "amend":
            proposed = _propose(db, case, review, staff_id=staff_id, now=now)
            due = amendment_window(proposed.served_on or today)[1]
            changes.update(status=ReviewStatus.AMENDMENTS_PROPOSED, amendment_issue_id=proposed.id,
                           amended_plan_due_on=due)
            values.update(respond_by=proposed.respond_by, amended_by=due)
        else:
            changes.update(status=ReviewStatus.DECIDED)
            values["appeal_by"] = appeal_deadline(today)
        if decision == "cease":
            case_status.change(db, case, "plan_ceased", actor=f"staff:{staff_id}", on=today, now=now,
                               reason=reasons[:500])
        letter = decisions.send_letter(db, settings, case, request, letter_key=f"review_{decision}", phase="reviews",
                                       idempotency_key=f"review-decision:{review.id}", values=values,
                                       staff_id=staff_id, now=now)
        changes["letter_id"] = letter.id
        review_reports.tell_decision(db, settings, case, review, decision)
        db.execute(update(PlanReview).where(col(PlanReview.id) == review.id).values(**changes))
        db.execute(update(EhcCase).where(col(EhcCase.id) == case_id).values(
            review_due_on=None if decision == "cease" else review_due(review.meeting_on, child.date_of_birth)))
        audit.record(db, actor=f"staff:{staff_id}", action="review.decided", object_type=audit.CASE,
                     object_id=case_id, review_id=review.id, decision=decision, letter_id=letter.id)
        db.commit()
        return db.get(PlanReview, review.id)  # type: ignore[return-value]


def _propose(db: Session, case: EhcCase, review: PlanReview, *, staff_id: int, now: datetime) -> PlanIssue:
    """The proposed amendments: the plan's latest version, which must differ from the plan in force."""
    version = plans.latest(db, case.id or 0)
    current = in_force(db, case.id or 0)
    if version is None or current is None or version.id == current.plan_version_id:
        raise EditRefused({"review_decision": "Write the proposed amendments first: change the plan, then record "
                                              "“amend”"})
    report = plan_issue.quality(db, version)
    if not report.passed:
        raise EditRefused({flag.anchor: flag.message for flag in report.flags})
    parent = db.get(ParentAccount, case.parent_id)
    window = draft_window(now, by_post=parent is None or is_placeholder(parent.email))
    proposed = PlanIssue(case_id=case.id or 0, plan_version_id=version.id or 0, kind=PlanIssueKind.PROPOSED,
                         number=_number(db, case.id or 0, PlanIssueKind.PROPOSED), issued_on=uk_date(now),
                         issued_at=now, issued_by=staff_id, served_on=window.served_on, respond_by=window.respond_by)
    db.add(proposed)
    db.flush()
    return proposed


def issue_amended(engine: Engine, settings: Settings, case_id: int, expected_revision: int, *, staff_id: int,
                  today: date, now: datetime) -> PlanIssue:
    """"Issue amended plan": refused while the family's 15 days on the proposed amendments run, or if the plan
    fails the quality check; the amended plan's letter carries the appeal rights."""
    with Session(engine, expire_on_commit=False) as db:
        review = reviews.open_review(db, case_id)
        case = db.get(EhcCase, case_id)
        request = cases.request_of(db, case_id)
        proposed = db.get(PlanIssue, review.amendment_issue_id) if review and review.amendment_issue_id else None
        if review is None or review.status != ReviewStatus.AMENDMENTS_PROPOSED or proposed is None or case is None \
                or request is None:
            raise EditRefused({"issue-amended": "Record the review decision “amend” with the proposed amendments "
                                                "first"})
        response = plan_issue.response_to(db, case_id, proposed)
        early = response is not None and response.no_comments  # the family said so: no need to wait (audited)
        if proposed.respond_by is not None and today <= proposed.respond_by and not early:
            raise EditRefused({"issue-amended": f"The family has until {long_date(proposed.respond_by, 'en')} to "
                                                "respond to the proposed amendments"})
        version = plans.latest(db, case_id)
        if version is None or version.revision != expected_revision:
            raise plans.PlanConflict()
        report = plan_issue.quality(db, version)
        if not report.passed:
            raise EditRefused({flag.anchor: flag.message for flag in report.flags})
        amended = PlanIssue(case_id=case_id, plan_version_id=version.id or 0, kind=PlanIssueKind.AMENDMENT,
                            number=_number(db, case_id, PlanIssueKind.AMENDMENT), issued_on=today, issued_at=now,
                            issued_by=staff_id, early_because_no_comments=bool(
                                early and proposed.respond_by and today <= proposed.respond_by))
        db.add(amended)
        db.flush()
        letter = decisions.send_letter(db, settings, case, request, letter_key="amended_plan", phase="reviews",
                                       idempotency_key=f"amended-plan:{amended.id}",
                                       values={"decided": today, "appeal_by": appeal_deadline(today)},
                                       staff_id=staff_id, now=now)
        amended.letter_id = letter.id
        db.add(amended)
        db.execute(update(PlanReview).where(col(PlanReview.id) == review.id).values(
            status=ReviewStatus.AMENDED, amended_issue_id=amended.id, updated_at=now))
        audit.record(db, actor=f"staff:{staff_id}", action="review.amended_plan_issued", object_type=audit.CASE,
                     object_id=case_id, review_id=review.id, revision=version.revision,
                     on_time=bool(review.amended_plan_due_on and today <= review.amended_plan_due_on))
        db.commit()
        return amended
