"""A professional's way in through the link in their advice request's email — no account (issue 20).

The mechanism is services/invitation_access.py (shared with schools consulted on a draft plan): an emailed code,
then a short session for that one request. Links live 12 weeks (advice_deadlines.LINK_WEEKS); an exception or a
withdrawal closes them. This module names the advice request as the invitation, and draws what the person asked
sees once in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms import registry
from ehcna_portal.i18n import Language
from ehcna_portal.models import AdviceRequest, Child, EhcCase, PlanReview
from ehcna_portal.services import applications, audit, cases, invitation_access, plan_documents, review_decisions
from ehcna_portal.services.invitation_access import ADVICE, Access, CodeKind, CodeOutcome, Link, LinkKind, redeem
from ehcna_portal.settings import Settings

__all__ = ["Access", "CodeKind", "CodeOutcome", "Link", "LinkKind", "Overview", "access_of", "check_code", "link",
           "overview", "redeem", "send_code"]


def link(engine: Engine, link_token: str, now: datetime) -> Link:
    return invitation_access.link(engine, ADVICE, link_token, now)


def send_code(engine: Engine, settings: Settings, link_token: str, *, ip: str, now: datetime) -> str | None:
    return invitation_access.send_code(engine, settings, ADVICE, link_token, ip=ip, now=now)


def check_code(engine: Engine, settings: Settings, access_token: str, code: str, *, ip: str,
               now: datetime) -> CodeOutcome:
    return invitation_access.check_code(engine, settings, ADVICE, access_token, code, ip=ip, now=now)


def access_of(db: Session, access_token: str, link_token: str, now: datetime) -> Access | None:
    return invitation_access.access_of(db, ADVICE, access_token, link_token, now)


@dataclass(frozen=True)
class Overview:
    """What the person asked sees once in: who the advice is about, by when, and the family's request."""

    advice_type: str
    reference: str
    child_name: str
    born: date
    due_on: date | None
    answered: bool
    steps: list[form_answers.StepSummary]
    documents: list[str]  # the names of the documents sent with the request, when the family agreed to share
    form_key: str = ""
    # A review's report: the meeting, and the plan in force it reports on (instead of the family's request).
    meeting_on: date | None = None
    plan: plan_documents.IssuedPlan | None = None


def overview(engine: Engine, access_token: str, link_token: str, *, lang: Language, now: datetime) -> Overview | None:
    """The request's page for the person its link was sent to (None for anyone else); each view is audited."""
    with Session(engine, expire_on_commit=False) as db:
        access = access_of(db, access_token, link_token, now)
        if access is None:
            return None
        request = db.get(AdviceRequest, access.request_id)
        case = db.get(EhcCase, access.case_id)
        sent = cases.request_of(db, access.case_id)
        child = db.get(Child, case.child_id) if case else None
        if request is None or case is None or sent is None or child is None:
            return None
        review = db.get(PlanReview, request.review_id) if request.review_id else None
        current = review_decisions.in_force(db, case.id or 0) if review else None
        shared = sent.consent_share_at is not None and review is None
        documents = applications.family_documents(db, sent.id or 0) if shared else []
        audit.record(db, actor=f"professional:{request.id}", action="advice.viewed", object_type=audit.CASE,
                     object_id=case.id, advice_request_id=request.id)
        db.commit()
    if review is not None:  # the plan in force, not the family's request of years ago
        plan = plan_documents.issued(engine, current.id or 0, lang) if current else None
        return Overview(request.advice_type, case.reference, case.child_name, child.date_of_birth, request.due_on,
                        access.answered, [], [], request.form_key, review.meeting_on, plan)
    facts = applications.child_facts(child, case.received_on)
    form = registry.form(sent.form_key, sent.form_version)
    steps = form_answers.summarise(form, sent.answers, facts, lang,
                                   [{"id": doc.id, "name": doc.name, "details": doc.details} for doc in documents])
    return Overview(request.advice_type, case.reference, case.child_name, child.date_of_birth, request.due_on,
                    access.answered, steps, [doc.name for doc in documents], request.form_key)
