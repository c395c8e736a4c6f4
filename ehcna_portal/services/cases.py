"""A child's statutory journey with the council (models/cases.py): opened when a request is sent, its stage
following the request's casework status (``case_status.change``), closed when the request ends without a plan;
the later forms of the journey (the family's advice…) belong to the case open when they are started."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from ehcna_portal.models import Application, CaseStage, EhcCase


def open_for_request(db: Session, request: Application, received: date, now: datetime) -> int:
    """A new case for a request being sent (in the caller's transaction): a new request is a new case."""
    case = EhcCase(child_id=request.child_id, parent_id=request.parent_id, stage=CaseStage.REQUEST,
                   opened_on=received, created_at=now, updated_at=now)
    db.add(case)
    db.flush()
    db.execute(update(Application).where(col(Application.id) == request.id).values(case_id=case.id))
    return case.id or 0


def latest(db: Session, parent_id: int, child_id: int) -> EhcCase | None:
    """The child's newest case (None until a request about them has been sent)."""
    return db.exec(select(EhcCase).where(EhcCase.child_id == child_id, EhcCase.parent_id == parent_id)
                   .order_by(col(EhcCase.id).desc())).first()
