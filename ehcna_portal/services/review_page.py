"""What the Reviews section of the staff case page shows, worked out here: the plan in force, when its next review
is due, the open review's dates, what may be done now ("Arrange review", "Record review decision", "Issue amended
plan"), and the reviews held before."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal import routes
from ehcna_portal.forms import answers as form_answers
from ehcna_portal.i18n import t
from ehcna_portal.models import CaseStage, EhcCase, PlanIssue, PlanReview, Professional, ReviewStatus
from ehcna_portal.services import plan_issue, plans, review_decisions, review_reports, reviews
from ehcna_portal.services.dates import day

EN = "en"


@dataclass
class ReviewPage:
    in_force: bool = False
    plan_pdf: str = ""
    review_due: str = ""
    open_review: list[dict[str, str]] = field(default_factory=list)  # its dates, as label and value rows
    may_arrange: bool = False
    may_decide: bool = False
    may_issue_amended: bool = False
    revision: int = 0
    past: list[dict[str, str]] = field(default_factory=list)
    # "Arrange review": the school named in section I, and who else may be invited where the plan has their
    # provision (the address book's health and social care people): {kind: [{"value", "label"}]}.
    school_name: str = ""
    invite_choices: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    reports: list[dict[str, str]] = field(default_factory=list)  # the open review's reports asked for
    received: list[tuple[str, str, list[form_answers.StepSummary]]] = field(default_factory=list)
    response: list[dict[str, str]] = field(default_factory=list)  # the family's answer to proposed amendments


def _response_rows(respond_by: date | None, response: plan_issue.Response | None) -> list[dict[str, str]]:
    """The family's answer to the proposed amendments, as the caseworker acts on it (the full answers are with
    the family's forms on the case page)."""
    if response is None:
        return [{"label": _label("response"), "value": t("staff.review.response.none", EN, date=day(respond_by))}]
    rows = [("response", t("staff.review.response.no_comments" if response.no_comments
                           else "staff.review.response.comments", EN)),
            ("meeting", t("staff.review.response.yes" if response.meeting else "staff.review.response.no", EN)),
            ("budget", t("staff.review.response.yes" if response.personal_budget else "staff.review.response.no",
                         EN))]
    if response.school_name:
        rows.append(("school", response.school_name))
    return [{"label": _label(name), "value": value} for name, value in rows]


def _label(name: str) -> str:
    return t(f"staff.review.response.label.{name}", EN)


def review_page(engine: Engine, case_id: int, today: date) -> ReviewPage | None:
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        if case is None:
            return None
        current = review_decisions.in_force(db, case_id)
        review = reviews.open_review(db, case_id)
        latest = plans.latest(db, case_id)
        proposed = db.get(PlanIssue, review.amendment_issue_id) if review and review.amendment_issue_id else None
        response = plan_issue.response_to(db, case_id, proposed) if proposed else None
        history = db.exec(select(PlanReview).where(PlanReview.case_id == case_id, col(PlanReview.decision) != "")
                          .order_by(col(PlanReview.meeting_on).desc())).all()
        content = review_decisions.content_in_force(db, case_id) or {}
        wanted = review_reports.in_plan(content)
        people = db.exec(select(Professional).where(col(Professional.advice_type).in_(wanted), Professional.active)
                         .order_by(col(Professional.name))).all() if wanted else []
    page = ReviewPage(in_force=current is not None and case.stage == CaseStage.REVIEWS,
                      plan_pdf=routes.plan_pdf(current.id or 0) if current else "", review_due=day(case.review_due_on),
                      revision=latest.revision if latest else 0)
    if review is not None:
        rows = [("meeting", review.meeting_on), ("invitations_by", review.invitations_by),
                ("report_due", review.report_due_on), ("decision_due", review.decision_due_on),
                ("amended_plan_due", review.amended_plan_due_on), ("transfer_by", review.transfer_by)]
        page.open_review = [{"label": t(f"staff.review.date.{name}", EN), "value": day(value)}
                            for name, value in rows if value]
        page.may_decide = review.status == ReviewStatus.ARRANGED and review.meeting_on <= today
        page.may_issue_amended = review.status == ReviewStatus.AMENDMENTS_PROPOSED
    page.may_arrange = page.in_force and review is None
    if proposed is not None:
        page.response = _response_rows(proposed.respond_by, response)
    page.school_name = str(content.get("I", {}).get("name", ""))
    page.invite_choices = {kind: [{"value": str(person.id), "label": f"{person.name}, {person.organisation}"}
                                  for person in people if person.advice_type == kind] for kind in wanted}
    if review is not None:
        page.reports = [{"who": row.who, "email": row.email, "due": day(row.due_on),
                         "status": t(f"advice.status.{row.status}", EN), "received": day(row.received_on)}
                        for row in review_reports.tracker(engine, review.id or 0, today)]
    page.received = [(row.title, day(row.received_on), row.steps) for row in review_reports.received(engine, case_id)]
    page.past = [{"meeting": day(row.meeting_on), "decision": t(f"staff.review.decision.{row.decision}", EN),
                  "decided": day(row.decided_on)} for row in history]
    return page
