"""A school's way in through the link in its consultation email — no account (issue 21). The mechanism is
services/invitation_access.py, the same as professionals' advice links: an emailed code, then a short session
for that one consultation. What the school then sees: whose plan, by when to answer, the draft it was sent, and
its answer once given (read only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ehcna_portal.i18n import Language
from ehcna_portal.models import SchoolConsultation
from ehcna_portal.services import audit, invitation_access, plan_documents
from ehcna_portal.services.invitation_access import CONSULTATION, CodeOutcome, Link
from ehcna_portal.settings import Settings


def link(engine: Engine, link_token: str, now: datetime) -> Link:
    return invitation_access.link(engine, CONSULTATION, link_token, now)


def send_code(engine: Engine, settings: Settings, link_token: str, *, ip: str, now: datetime) -> str | None:
    return invitation_access.send_code(engine, settings, CONSULTATION, link_token, ip=ip, now=now)


def check_code(engine: Engine, settings: Settings, access_token: str, code: str, *, ip: str,
               now: datetime) -> CodeOutcome:
    return invitation_access.check_code(engine, settings, CONSULTATION, access_token, code, ip=ip, now=now)


@dataclass(frozen=True)
class Overview:
    consultation_id: int
    school_name: str
    due_on: date
    answered: bool
    status: str
    reasons: str
    plan: plan_documents.IssuedPlan


def overview(engine: Engine, access_token: str, link_token: str, *, lang: Language, now: datetime) -> Overview | None:
    """The consultation's page for the school its link was sent to (None for anyone else); each view audited."""
    with Session(engine) as db:
        access = invitation_access.access_of(db, CONSULTATION, access_token, link_token, now)
        consultation = db.get(SchoolConsultation, access.target_id) if access else None
        if access is None or consultation is None:
            return None
        audit.record(db, actor=f"school:{consultation.id}", action="consultation.viewed", object_type=audit.CASE,
                     object_id=consultation.case_id, consultation_id=consultation.id)
        db.commit()
        issue_id = consultation.plan_issue_id
        found = (consultation.id or 0, consultation.school_name, consultation.due_on, access.answered,
                 consultation.status, consultation.reasons)
    plan = plan_documents.issued(engine, issue_id, lang)
    return Overview(*found, plan=plan) if plan is not None else None


def draft_pdf(engine: Engine, access_token: str, link_token: str, *, lang: Language,
              now: datetime) -> tuple[str, bytes] | None:
    """The draft the school was sent, as a PDF, through its own link only."""
    with Session(engine) as db:
        access = invitation_access.access_of(db, CONSULTATION, access_token, link_token, now)
        consultation = db.get(SchoolConsultation, access.target_id) if access else None
        if consultation is None:
            return None
        issue_id, actor = consultation.plan_issue_id, f"school:{consultation.id}"
    plan = plan_documents.issued(engine, issue_id, lang)
    return plan_documents.pdf(engine, plan, lang, actor=actor) if plan is not None else None
