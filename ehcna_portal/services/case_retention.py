"""Cases are not kept for ever: once the retention period of the privacy notice has ended — ``EHCNA_RETENTION_YEARS``
after the young person's 25th birthday (``personal_data.kept_until``) — a case is deleted with everything of it:
its forms and their documents (the files too), letters, notes, advice requests, plans, consultations and reviews,
and the child's record when nothing else of theirs is left. What stays is an audit record that says a case was
deleted, with counts and no personal data, and the case's earlier audit events with their details emptied.

Run by every worker's hourly loop (tasks.py) and by ``ehcna-portal expire-drafts``; each case is deleted in its
own transaction, so two runs at once delete it once (the second finds nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.models import (
    AdviceAccess,
    AdviceRequest,
    Application,
    ApplicationDocument,
    AuditEvent,
    CaseLetter,
    CaseNote,
    Child,
    EhcCase,
    PlanIssue,
    PlanReview,
    PlanVersion,
    SchoolConsultation,
)
from ehcna_portal.services import audit, document_store, file_stores
from ehcna_portal.services.personal_data import kept_until
from ehcna_portal.settings import Settings


@dataclass
class RetentionReport:
    deleted_cases: list[int] = field(default_factory=list)
    files: int = 0


def _born_by(settings: Settings, today: date) -> date:
    """The latest date of birth whose retention has ended today (``kept_until`` turned round)."""
    try:
        return today.replace(year=today.year - settings.kept_until_age)
    except ValueError:  # today is 29 February: those born on 29 February reach their birthday on 1 March
        return today.replace(year=today.year - settings.kept_until_age, day=28)


def expired_cases(db: Session, settings: Settings, today: date) -> list[int]:
    rows = db.exec(select(EhcCase.id, Child.date_of_birth).join(Child, col(Child.id) == EhcCase.child_id)
                   .where(col(Child.date_of_birth) <= _born_by(settings, today))).all()
    return [case_id for case_id, born in rows if kept_until(born, settings) <= today and case_id is not None]


def _delete_case(db: Session, case_id: int) -> tuple[list[str], dict]:
    """Delete one case's rows (in the caller's transaction): the stored names of its files, and counts."""
    applications = list(db.exec(select(Application.id).where(Application.case_id == case_id)).all())
    requests = list(db.exec(select(AdviceRequest.id).where(AdviceRequest.case_id == case_id)).all())
    consultations = list(db.exec(select(SchoolConsultation.id).where(SchoolConsultation.case_id == case_id)).all())
    documents = db.exec(select(ApplicationDocument).where(
        col(ApplicationDocument.application_id).in_(applications))).all() if applications else []
    stored = [document.stored_name for document in documents]
    if requests:
        db.execute(delete(AdviceAccess).where(col(AdviceAccess.advice_request_id).in_(requests)))
    if consultations:
        db.execute(delete(AdviceAccess).where(col(AdviceAccess.consultation_id).in_(consultations)))
    for table in (SchoolConsultation, PlanReview):
        db.execute(delete(table).where(col(table.case_id) == case_id))
    db.execute(delete(PlanIssue).where(col(PlanIssue.case_id) == case_id))
    db.execute(delete(PlanVersion).where(col(PlanVersion.case_id) == case_id))
    db.execute(update(AdviceRequest).where(col(AdviceRequest.case_id) == case_id).values(document_id=None))
    db.execute(delete(AdviceRequest).where(col(AdviceRequest.case_id) == case_id))
    if applications:
        db.execute(delete(ApplicationDocument).where(col(ApplicationDocument.application_id).in_(applications)))
    for table in (CaseLetter, CaseNote):
        db.execute(delete(table).where(col(table.case_id) == case_id))
    db.execute(delete(Application).where(col(Application.case_id) == case_id))
    return stored, {"forms": len(applications), "documents": len(stored), "advice_requests": len(requests),
                    "ids": applications}


def delete_expired(engine: Engine, settings: Settings, today: date) -> RetentionReport:
    report = RetentionReport()
    files = file_stores.for_settings(settings)
    with Session(engine) as db:
        due = expired_cases(db, settings, today)
    for case_id in due:
        with Session(engine) as db:
            case = db.get(EhcCase, case_id)
            if case is None:  # deleted by another run a moment ago
                continue
            child_id = case.child_id
            stored, counts = _delete_case(db, case_id)
            gone = db.execute(delete(EhcCase).where(col(EhcCase.id) == case_id))
            if gone.rowcount != 1:
                db.rollback()
                continue
            left = db.exec(select(func.count()).select_from(Application).where(Application.child_id == child_id)).one()
            others = db.exec(select(func.count()).select_from(EhcCase).where(EhcCase.child_id == child_id)).one()
            if not left and not others:
                db.execute(delete(Child).where(col(Child.id) == child_id))
            about = [(audit.CASE, str(case_id)), *((audit.APPLICATION, str(found)) for found in counts.pop("ids"))]
            for event in db.exec(select(AuditEvent).where(col(AuditEvent.object_id).in_([i for _, i in about]))).all():
                if (event.object_type, event.object_id) not in about:
                    continue
                event.detail = {}  # the event stays; what it said about the family goes
                db.add(event)
            audit.record(db, actor="system", action="case.retention_deleted", object_type=audit.CASE,
                         object_id=case_id, **counts, retention_years=settings.retention_years)
            db.commit()
        for name in stored:
            document_store.remove(files, name)
        report.deleted_cases.append(case_id)
        report.files += len(stored)
    return report
