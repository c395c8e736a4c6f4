"""Consult schools: the council asks each school or college it may name in the plan — and always the one the
family asked for — whether it can meet the child's needs (Children and Families Act 2014 s39(2), s40(2)).

Each consultation is sent with the latest draft through its own invitation link (services/invitation_access.py:
no account, an emailed code). The setting is asked to answer within 15 days (SEND Code of Practice 9.83;
services/plan_timescales.consultation_due): it agrees, or says it cannot meet the needs and why. Its answer is
given once. The tracker shows each one's status and due date; "late" is never stored, it is a consultation still
waiting after its due date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal import routes
from ehcna_portal.models import ConsultationStatus, EhcCase, School, SchoolConsultation
from ehcna_portal.services import audit, case_status, outbox, plan_issue
from ehcna_portal.services.dates import uk_date
from ehcna_portal.services.invitation_access import CONSULTATION, access_of
from ehcna_portal.services.plan_edits import EditRefused
from ehcna_portal.services.plan_timescales import consultation_due
from ehcna_portal.services.secrets_util import new_token, token_hash
from ehcna_portal.services.validation import email_error
from ehcna_portal.settings import Settings

LINK_WEEKS = 8  # time to answer, chase and correct: well past the 15 days, inside the 20 weeks
ANSWERS = ("agree", "cannot_meet")
REASONS_MAX = 5000
NAME_MAX = 200
LATE = "late"


def consult(engine: Engine, settings: Settings, case_id: int, school_urn: str, email: str, *, staff_id: int,
            now: datetime, language: str = "en") -> int:
    """Send one school or college the latest draft with its link; EditRefused by field when it cannot be."""
    email = email.strip()
    problems: dict[str, str] = {}
    if error := email_error(email):
        problems["email"] = "Enter the school's email address" if error.endswith("empty") else \
            "Enter an email address in the correct format, like name@example.org"
    with Session(engine) as db:
        case = db.get(EhcCase, case_id)
        school = db.get(School, school_urn) if school_urn else None
        if school is None:
            problems["school_urn"] = "Select a school or college from the list"
        drafts = plan_issue.drafts(db, case_id)
        if case is None or not drafts or case.case_status not in plan_issue.FINAL_FROM:
            raise EditRefused({"school_urn": "Issue a draft plan first: the school is sent the draft"})
        if problems:
            raise EditRefused(problems)
        draft = drafts[-1]
        waiting = db.exec(select(SchoolConsultation).where(
            SchoolConsultation.case_id == case_id, SchoolConsultation.school_urn == school_urn,
            SchoolConsultation.plan_issue_id == draft.id,
            col(SchoolConsultation.status).in_(ConsultationStatus.WAITING))).first()
        if waiting is not None:
            raise EditRefused({"school_urn": f"{school.name} has already been sent this draft"})  # type: ignore[union-attr]
        today = uk_date(now)
        if case.case_status == "draft_plan_issued":
            case_status.change(db, case, "consulting_settings", actor=f"staff:{staff_id}", on=today, now=now)
        response = plan_issue.response_to(db, case_id, draft)
        token = new_token()
        consultation = SchoolConsultation(
            case_id=case_id, plan_issue_id=draft.id or 0, school_urn=school_urn, school_name=school.name,  # type: ignore[union-attr]
            email=email, language=language, family_asked=bool(response and response.school_urn == school_urn),
            status=ConsultationStatus.SENT, sent_on=today, due_on=consultation_due(today), sent_at=now,
            link_token_hash=token_hash(token), link_expires_at=now + timedelta(weeks=LINK_WEEKS),
            created_by=staff_id, created_at=now, updated_at=now)
        db.add(consultation)
        db.flush()
        outbox.enqueue(db, settings, template="school_consultation", to=email, lang=language,  # type: ignore[arg-type]
                       idempotency_key=f"school-consultation:{consultation.id}", reference=case.reference,
                       due=consultation.due_on, link=outbox.SitePath(routes.consultation_link(token)))
        audit.record(db, actor=f"staff:{staff_id}", action="consultation.sent", object_type=audit.CASE,
                     object_id=case_id, consultation_id=consultation.id, school=school_urn,
                     family_asked=consultation.family_asked, due=consultation.due_on.isoformat())
        db.commit()
        return consultation.id or 0


@dataclass(frozen=True)
class ConsultationRow:
    id: int
    school_name: str
    school_urn: str
    email: str
    family_asked: bool
    status: str  # sent, opened, agreed, cannot_meet, late
    sent_on: date
    due_on: date
    answered_on: date | None
    reasons: str
    responder: str


def shown_status(status: str, due_on: date, today: date) -> str:
    return LATE if status in ConsultationStatus.WAITING and due_on < today else status


def tracker(engine: Engine, case_id: int, today: date) -> list[ConsultationRow]:
    """Every consultation on the case, oldest first, each with where it stands today."""
    with Session(engine) as db:
        rows = db.exec(select(SchoolConsultation).where(SchoolConsultation.case_id == case_id)
                       .order_by(col(SchoolConsultation.id))).all()
    return [ConsultationRow(row.id or 0, row.school_name, row.school_urn, row.email, row.family_asked,
                            shown_status(row.status, row.due_on, today), row.sent_on, row.due_on, row.answered_on,
                            row.reasons, ", ".join(part for part in (row.responder_name, row.responder_role) if part))
            for row in rows]


def answer(engine: Engine, access_token: str, link_token: str, values: dict[str, str], *, now: datetime) -> None:
    """The setting's answer, given once through its link: EditRefused by field (catalog keys, for the page in the
    school's language); LookupError when the link no longer opens a waiting consultation."""
    choice = values.get("answer", "").strip()
    reasons = values.get("reasons", "").strip().replace("\r\n", "\n")
    name, role = values.get("name", "").strip(), values.get("role", "").strip()
    problems: dict[str, str] = {}
    if choice not in ANSWERS:
        problems["answer"] = "error.consultation.answer_empty"
    elif choice == "cannot_meet" and not reasons:
        problems["reasons"] = "error.consultation.reasons_empty"
    if len(reasons) > REASONS_MAX:
        problems["reasons"] = "error.consultation.reasons_too_long"
    if not name:
        problems["name"] = "error.consultation.name_empty"
    if not role:
        problems["role"] = "error.consultation.role_empty"
    if len(name) > NAME_MAX or len(role) > NAME_MAX:
        problems["name" if len(name) > NAME_MAX else "role"] = "error.consultation.name_too_long"
    if problems:
        raise EditRefused(problems)
    with Session(engine) as db:
        access = access_of(db, CONSULTATION, access_token, link_token, now)
        if access is None or access.answered:
            raise LookupError("closed")
        status = ConsultationStatus.AGREED if choice == "agree" else ConsultationStatus.CANNOT_MEET
        changed = db.execute(update(SchoolConsultation).where(
            col(SchoolConsultation.id) == access.target_id,
            col(SchoolConsultation.status).in_(ConsultationStatus.WAITING))
            .values(status=status, reasons=reasons, responder_name=name, responder_role=role,
                    answered_on=uk_date(now), answered_at=now, updated_at=now))
        if changed.rowcount != 1:
            raise LookupError("answered")  # a second press or tab: the first answer stands
        audit.record(db, actor=f"school:{access.target_id}", action="consultation.answered", object_type=audit.CASE,
                     object_id=access.case_id, consultation_id=access.target_id, answer=status)
        db.commit()
