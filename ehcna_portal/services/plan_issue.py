"""Issuing a case's plan: "Issue draft plan" and "Issue final plan" (SEND Regulations 2014 regs 12–14;
Children and Families Act 2014 s38–39).

A draft is issued only when the latest version passes the quality check (services/plan_quality.py). It is shared
on the family's EHC Plan tab with a notice of their rights, they are emailed (no personal details), and their 15
days are recorded: served on the day services/plan_timescales.py says an email is served, ending on the 15th day.
The final plan is refused while those 15 days run unless the family has said they have no comments (audited),
and without a school or other institution named in section I; it writes the decision letter with the appeal
rights (services/decisions.write) and records the 20-week measure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ehcna_portal import routes
from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms.draft_plan_response import AMENDMENT_FORM_KEY, NO_COMMENTS
from ehcna_portal.forms.draft_plan_response import FORM_KEY as RESPONSE_FORM
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language, long_date, t
from ehcna_portal.models import (
    Application,
    ApplicationStatus,
    CaseLetter,
    Child,
    EhcCase,
    ParentAccount,
    PlanIssue,
    PlanIssueKind,
    PlanVersion,
    SchoolConsultation,
)
from ehcna_portal.services import audit, case_status, decisions, outbox, plan_quality, plans
from ehcna_portal.services.dates import uk_date
from ehcna_portal.services.email_render import one_line
from ehcna_portal.services.paper_requests import is_placeholder
from ehcna_portal.services.plan_edits import EditRefused
from ehcna_portal.services.plan_timescales import draft_window, final_plan_measure
from ehcna_portal.services.review_timescales import review_due
from ehcna_portal.settings import Settings

DRAFT_FROM = ("issue_agreed", "draft_plan_issued", "consulting_settings")  # a first draft, or a later one
FINAL_FROM = ("draft_plan_issued", "consulting_settings")


class IssueRefused(EditRefused):
    """Why the plan cannot be issued, by the id of what the error summary links to (the button's form, section I,
    the consultation's school, a flagged item); ``report`` holds the quality check's flags when that is why."""

    def __init__(self, problems: dict[str, str], report: plan_quality.Report | None = None) -> None:
        super().__init__(problems)
        self.report = report


def drafts(db: Session, case_id: int) -> list[PlanIssue]:
    return list(db.exec(select(PlanIssue).where(PlanIssue.case_id == case_id, PlanIssue.kind == PlanIssueKind.DRAFT)
                        .order_by(col(PlanIssue.number))).all())


def final_of(db: Session, case_id: int) -> PlanIssue | None:
    return db.exec(select(PlanIssue).where(PlanIssue.case_id == case_id,
                                           PlanIssue.kind == PlanIssueKind.FINAL)).first()


@dataclass(frozen=True)
class Response:
    """The family's answer to the latest draft, as the council acts on it."""

    application_id: int
    no_comments: bool
    meeting: bool
    school_urn: str
    school_name: str
    personal_budget: bool


# The form that answers each kind of issue, and its questions' prefix (forms/draft_plan_response.py).
RESPONSES = {PlanIssueKind.DRAFT: (RESPONSE_FORM, "draft"), PlanIssueKind.PROPOSED: (AMENDMENT_FORM_KEY, "amend")}


def response_to(db: Session, case_id: int, draft: PlanIssue) -> Response | None:
    """The family's "Respond to the draft" sent after ``draft`` was issued — or, for proposed amendments, their
    "Respond to the proposed amendments" — if any."""
    form_key, prefix = RESPONSES.get(draft.kind, RESPONSES[PlanIssueKind.DRAFT])
    sent = db.exec(select(Application).where(Application.case_id == case_id, Application.form_key == form_key,
                                             Application.status == ApplicationStatus.SUBMITTED,
                                             col(Application.submitted_at) >= draft.issued_at)
                   .order_by(col(Application.id).desc())).first()
    if sent is None:
        return None
    answers = form_answers.flatten(sent.answers, {})
    school = answers.get(f"{prefix}_school") if answers.get(f"{prefix}_school_wanted") == "yes" else None
    school = school if isinstance(school, dict) else {}
    return Response(sent.id or 0, answers.get(f"{prefix}_has_comments") == NO_COMMENTS,
                    answers.get(f"{prefix}_meeting") == "yes", str(school.get("urn", "")),
                    str(school.get("name", "")), answers.get(f"{prefix}_personal_budget") == "yes")


def _consulted(db: Session, case_id: int, school_urn: str) -> bool:
    return db.exec(select(SchoolConsultation.id).where(SchoolConsultation.case_id == case_id,
                                                       SchoolConsultation.school_urn == school_urn)).first() is not None


def _checked(db: Session, case_id: int, expected_revision: int) -> PlanVersion:
    version = plans.latest(db, case_id)
    if version is None:
        raise IssueRefused({"issue-draft": "Start the plan first"})
    if version.revision != expected_revision:
        raise plans.PlanConflict()
    return version


def quality(db: Session, version: PlanVersion) -> plan_quality.Report:
    return plan_quality.check(version.content, plan_quality.terms(db), version.overrides)


def _family(db: Session, case: EhcCase) -> tuple[ParentAccount | None, str]:
    parent = db.get(ParentAccount, case.parent_id)
    return parent, (as_language(parent.preferred_language if parent else "") or DEFAULT_LANGUAGE)


def issue_draft(engine: Engine, settings: Settings, case_id: int, expected_revision: int, *, staff_id: int,
                now: datetime) -> PlanIssue:
    """Issue the latest version as the next draft: refused (IssueRefused with the report) unless it passes."""
    with Session(engine, expire_on_commit=False) as db:
        version = _checked(db, case_id, expected_revision)
        report = quality(db, version)
        if not report.passed:
            raise IssueRefused({flag.anchor: flag.message for flag in report.flags}, report)
        case = db.get(EhcCase, case_id)
        if case is None or case.case_status not in DRAFT_FROM:
            raise IssueRefused({"issue-draft": "A draft plan can be issued once the council has decided to issue a "
                                               "plan"})
        issued = drafts(db, case_id)
        if issued and issued[-1].plan_version_id == version.id:
            raise IssueRefused({"issue-draft": f"This version was issued as draft {issued[-1].number}: change the "
                                               "plan before issuing another draft"})
        today = uk_date(now)
        if case.case_status == "issue_agreed":
            case_status.change(db, case, "draft_plan_issued", actor=f"staff:{staff_id}", on=today, now=now)
        parent, lang = _family(db, case)
        by_post = parent is None or is_placeholder(parent.email)  # a paper request is answered by post
        window = draft_window(now, by_post=by_post)
        draft = PlanIssue(case_id=case_id, plan_version_id=version.id or 0, kind=PlanIssueKind.DRAFT,
                          number=len(issued) + 1, issued_on=today, issued_at=now,
                          issued_by=staff_id, served_on=window.served_on, respond_by=window.respond_by)
        db.add(draft)
        try:
            db.flush()
        except IntegrityError:  # issued from another page a moment ago
            db.rollback()
            raise plans.PlanConflict() from None
        params = {"reference": case.reference, "child": case.child_name, "number": str(draft.number),
                  "served": long_date(window.served_on, lang), "respond_by": long_date(window.respond_by, lang)}
        db.add(CaseLetter(case_id=case_id, phase="plan", lang=lang,
                          title=one_line(t("letter.draft_plan.title", lang, **params))[:200],
                          body=t("letter.draft_plan.body", lang), params=params, shared=True, created_by=staff_id,
                          created_at=now))
        if not by_post:
            outbox.enqueue(db, settings, template="draft_plan_issued", to=parent.email, lang=lang,
                           idempotency_key=f"draft-plan-issued:{case_id}:{draft.number}", reference=case.reference,
                           respond_by=window.respond_by, link=outbox.SitePath(routes.child_page(case.child_id, "plan")))
        audit.record(db, actor=f"staff:{staff_id}", action="plan.draft_issued", object_type=audit.CASE,
                     object_id=case_id, draft=draft.number, revision=version.revision,
                     served_on=window.served_on.isoformat(), respond_by=window.respond_by.isoformat(),
                     served_by="post" if by_post else "email")
        db.commit()
        return draft


def issue_final(engine: Engine, settings: Settings, case_id: int, expected_revision: int, *, staff_id: int,
                today: date, now: datetime, notes: str = "") -> PlanIssue:
    """Issue the final plan: refused inside the family's 15 days (unless they said they have no comments), without
    a placement named in section I, or if the plan fails the quality check."""
    with Session(engine, expire_on_commit=False) as db:
        version = _checked(db, case_id, expected_revision)
        case = db.get(EhcCase, case_id)
        issued = drafts(db, case_id)
        if case is None or case.case_status not in FINAL_FROM or not issued:
            raise IssueRefused({"issue-final": "Issue a draft plan first: the family must see it before the final "
                                               "plan"})
        latest_draft = issued[-1]
        response = response_to(db, case_id, latest_draft)
        early = latest_draft.respond_by is not None and today <= latest_draft.respond_by
        if early and not (response and response.no_comments):
            raise IssueRefused({"issue-final": f"The family has until {long_date(latest_draft.respond_by, 'en')} to "
                                               "respond to the draft. Issue the final plan after that date, or once "
                                               "they say they have no comments"})
        if response and response.school_urn and not _consulted(db, case_id, response.school_urn):
            raise IssueRefused({"school_urn": f"The family asked for {response.school_name} to be named: consult it "
                                              "before issuing the final plan (Children and Families Act 2014 "
                                              "s39(2))"})
        if not version.content.get("I", {}).get("school_urn"):
            raise IssueRefused({"plan-I": "Name the school or other institution in section I before issuing the "
                                          "final plan"})
        report = quality(db, version)
        if not report.passed:
            raise IssueRefused({flag.anchor: flag.message for flag in report.flags}, report)
        recorded = decisions.write(db, settings, case, "final_plan", notes.strip()[:decisions.REASONS_MAX],
                                   staff_id=staff_id, today=today, now=now)
        measure = final_plan_measure(case.received_on, today, case.exception_reason)
        final = PlanIssue(case_id=case_id, plan_version_id=version.id or 0, kind=PlanIssueKind.FINAL, number=1,
                          issued_on=today, issued_at=now, issued_by=staff_id, letter_id=recorded.letter_id,
                          weeks_from_request=measure.weeks, within_20_weeks=measure.within_20_weeks,
                          exception_reason=measure.exception, early_because_no_comments=early)
        db.add(final)
        child = db.get(Child, case.child_id)
        if child is not None:  # the first review: within 12 months starting with the day the plan was made
            db.execute(update(EhcCase).where(col(EhcCase.id) == case_id)
                       .values(review_due_on=review_due(today, child.date_of_birth)))
        audit.record(db, actor=f"staff:{staff_id}", action="plan.final_issued", object_type=audit.CASE,
                     object_id=case_id, revision=version.revision, weeks=measure.weeks,
                     within_20_weeks=measure.within_20_weeks, exception=measure.exception,
                     early_because_no_comments=early)
        db.commit()
        return final
