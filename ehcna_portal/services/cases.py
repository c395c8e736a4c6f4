"""A child's statutory journey with the council (models/cases.py): opened when a request is sent, with the
request's reference, statutory dates and the child as the request named them; its casework status decides its
stage (``case_status.change``), and it is closed when the request ends without a plan. The later forms of the
journey (the family's advice…) belong to the case open when they are started."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from ehcna_portal.forms import registry
from ehcna_portal.models import Application, ApplicationStatus, CaseStage, Child, EhcCase
from ehcna_portal.services.timescales import request_deadlines


def child_as_sent(child: Child) -> dict[str, str]:
    """The child as the request names them, kept on the case: the staff queue searches and sorts on these."""
    return {"child_name": " ".join(part for part in (child.forename, child.middle_name, child.surname) if part)[:300],
            "child_sort_name": f"{child.surname} {child.forename}".lower()[:300],
            "child_postcode": child.postcode, "setting_name": child.school_name[:200]}


def reference_for(request_id: int, received: date) -> str:
    """A request's reference, which its case keeps: the year it arrived and the request's number."""
    return f"EHC-{received.year}-{request_id:06d}"


def open_for_request(db: Session, request: Application, child: Child, reference: str, received: date,
                     now: datetime) -> EhcCase:
    """A new case for a request being sent (in the caller's transaction): a new request is a new case, received
    today, its decision whether to assess due in 6 weeks (reg 5(1))."""
    case = EhcCase(child_id=request.child_id, parent_id=request.parent_id, stage=CaseStage.REQUEST,
                   reference=reference, opened_on=received, received_on=received,
                   decision_due_on=request_deadlines(received).decision_to_assess, created_at=now, updated_at=now,
                   **child_as_sent(child))
    db.add(case)
    db.flush()
    db.execute(update(Application).where(col(Application.id) == request.id).values(case_id=case.id))
    return case


def request_of(db: Session, case_id: int) -> Application | None:
    """The sent request that opened the case (its answers, consents and documents)."""
    return db.exec(select(Application).where(Application.case_id == case_id,
                                             Application.form_key == registry.REQUEST_FORM,
                                             Application.status == ApplicationStatus.SUBMITTED)).first()


def latest(db: Session, parent_id: int, child_id: int) -> EhcCase | None:
    """The child's newest case (None until a request about them has been sent)."""
    return db.exec(select(EhcCase).where(EhcCase.child_id == child_id, EhcCase.parent_id == parent_id)
                   .order_by(col(EhcCase.id).desc())).first()
