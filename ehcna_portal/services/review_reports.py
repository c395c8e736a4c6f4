"""Advice and information for a plan's review (SEND Regulations 2014 reg 20(3)–(7)): at "Arrange review" the council
asks the school or setting — and health and social care where they are in the plan — for a report, each through
its own invitation link (the assessment's advice links: services/invitation_access.py, an emailed code, no
account), answered on the review report form (forms/review_report.py) by 2 weeks after the meeting (reg 20(7)).

Each is an ``advice_request`` row naming the review and the form, so the link's defences, save-as-you-go, uploads
and submit-once are the advice form's (services/advice_form.py); assessment lists and figures leave them out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal import routes
from ehcna_portal.forms.review_report import FORM_KEY
from ehcna_portal.i18n import DEFAULT_LANGUAGE, Language, as_language
from ehcna_portal.models import (
    AdviceRequest,
    AdviceStatus,
    AdviceType,
    EhcCase,
    PlanReview,
    Professional,
)
from ehcna_portal.services import advice_form, audit, cases, outbox
from ehcna_portal.services.advice_deadlines import shown_status
from ehcna_portal.services.secrets_util import new_token, token_hash
from ehcna_portal.services.validation import email_error
from ehcna_portal.settings import Settings

LINK_AFTER_MEETING = timedelta(weeks=8)  # the link opens (read only once sent) until the decision is long made
SCHOOL = AdviceType.EDUCATIONAL
# Who else is asked, where the plan has their provision: health for section G, social care for H1 and H2.
PLAN_SECTIONS = {AdviceType.MEDICAL: ("G",), AdviceType.SOCIAL_CARE: ("H1", "H2")}
NAME_MAX = 200


@dataclass(frozen=True)
class Invitee:
    advice_type: str  # educational (the school or setting), medical, social_care
    name: str
    organisation: str
    email: str
    professional_id: int | None = None


def in_plan(content: dict) -> list[str]:
    """The kinds of advice besides the school's that the plan calls for (its section G, H1 or H2 has items)."""
    return [kind for kind, keys in PLAN_SECTIONS.items()
            if any(content.get(key, {}).get("items") for key in keys)]


def invitees(db: Session, values: Mapping[str, str]) -> tuple[list[Invitee], dict[str, str]]:
    """The people to invite from "Arrange review"'s answers: the school or setting by name and email (optional:
    a young person may be in no setting), health and social care from the address book; problems by field."""
    problems: dict[str, str] = {}
    found: list[Invitee] = []
    school, email = values.get("school_name", "").strip(), values.get("school_email", "").strip()
    if school or email:
        if not school:
            problems["school_name"] = "Enter the name of the school or setting"
        elif len(school) > NAME_MAX:
            problems["school_name"] = f"The name of the school or setting must be {NAME_MAX} characters or fewer"
        if error := email_error(email):
            problems["school_email"] = ("Enter the email address of the school's SENCO" if error.endswith("empty")
                                        else "Enter an email address in the correct format, like senco@school.org")
        found.append(Invitee(SCHOOL, "", school, email))
    for kind in PLAN_SECTIONS:
        chosen = values.get(f"invite_{kind}", "").strip()
        if not chosen:
            continue
        person = db.get(Professional, int(chosen)) if chosen.isdigit() else None
        if person is None or not person.active or person.advice_type != kind:
            problems[f"invite_{kind}"] = "Choose someone from the address book"
            continue
        found.append(Invitee(kind, person.name, person.organisation, person.email, person.id))
    return found, problems


def invite(db: Session, settings: Settings, case: EhcCase, review: PlanReview, people: list[Invitee], *,
           staff_id: int, today: date, now: datetime) -> list[int]:
    """Ask each person for their report (in the caller's transaction): a request on the review with its own link,
    due 2 weeks after the meeting, and an email with the meeting, the date and the link."""
    sent = []
    for person in people:
        token = new_token()
        language = DEFAULT_LANGUAGE
        if person.professional_id:
            listed = db.get(Professional, person.professional_id)
            language = as_language(listed.language if listed else "") or DEFAULT_LANGUAGE
        request = AdviceRequest(case_id=case.id or 0, advice_type=person.advice_type, recipient_name=person.name,
                                organisation=person.organisation, email=person.email,
                                professional_id=person.professional_id, language=language,
                                status=AdviceStatus.SENT, sent_on=today, due_on=review.report_due_on, sent_at=now,
                                form_key=FORM_KEY, review_id=review.id, link_token_hash=token_hash(token),
                                link_expires_at=now + (review.meeting_on - today) + LINK_AFTER_MEETING,
                                created_by=staff_id, created_at=now, updated_at=now)
        db.add(request)
        db.flush()
        outbox.enqueue(db, settings, template="review_report_requested", to=person.email, lang=language,
                       idempotency_key=f"review-report:{request.id}", reference=case.reference,
                       meeting=review.meeting_on, due=review.report_due_on,
                       link=outbox.SitePath(routes.advice_link(token)))
        audit.record(db, actor=f"staff:{staff_id}", action="review.report_requested", object_type=audit.CASE,
                     object_id=case.id, review_id=review.id, advice_request_id=request.id,
                     advice_type=person.advice_type)
        sent.append(request.id or 0)
    return sent


def tell_decision(db: Session, settings: Settings, case: EhcCase, review: PlanReview, decision: str) -> None:
    """Tell everyone asked for a report what the council decided (in the caller's transaction): schools say they
    send review paperwork "and then hear nothing back". The case's reference and the decision only."""
    for request in of_review(db, review.id or 0):
        if request.status == AdviceStatus.WITHDRAWN:
            continue
        outbox.enqueue(db, settings, template=f"review_decided_{decision}", to=request.email,
                       lang=as_language(request.language) or DEFAULT_LANGUAGE,
                       idempotency_key=f"review-decided:{review.id}:{request.id}", reference=case.reference,
                       meeting=review.meeting_on)


@dataclass(frozen=True)
class ReportRow:
    id: int
    who: str  # "Oak Primary School" or "Dr Ada, Community paediatrics"
    advice_type: str
    email: str
    due_on: date | None
    status: str  # sent, opened, received, late
    received_on: date | None


def of_review(db: Session, review_id: int) -> list[AdviceRequest]:
    return list(db.exec(select(AdviceRequest).where(AdviceRequest.review_id == review_id)
                        .order_by(col(AdviceRequest.id))).all())


def tracker(engine: Engine, review_id: int, today: date) -> list[ReportRow]:
    """Each report asked for at a review, with where it stands ("late" once its due date has passed)."""
    with Session(engine) as db:
        rows = of_review(db, review_id)
    return [ReportRow(row.id or 0, ", ".join(part for part in (row.recipient_name, row.organisation) if part),
                      row.advice_type, row.email, row.due_on, shown_status(row.status, row.due_on, today),
                      row.received_on) for row in rows]


@dataclass(frozen=True)
class Received:
    title: str
    received_on: date | None
    steps: list  # form_answers.StepSummary


def _sent(db: Session, case_id: int, lang: Language) -> list[Received]:
    sent = advice_form.given_on_case(db, case_id, reviews=True)
    return [Received(", ".join(part for part in (row.recipient_name, row.organisation) if part), row.received_on,
                     advice_form.summary_of(db, row, lang)) for row in reversed(sent)]


def for_family(engine: Engine, parent_id: int, child_id: int, lang: Language) -> list[Received]:
    """The reports sent for the reviews of the parent's own child's plan, newest first, in their language: the
    report goes to everyone invited to the review, the family first (SEND Regulations 2014 reg 20(7))."""
    with Session(engine) as db:
        case = cases.latest(db, parent_id, child_id)
        return _sent(db, case.id or 0, lang) if case is not None else []


def received(engine: Engine, case_id: int) -> list[Received]:
    """The review reports sent on a case, newest first, each as its questions and answers (the caseworker's)."""
    with Session(engine) as db:
        return _sent(db, case_id, "en")
