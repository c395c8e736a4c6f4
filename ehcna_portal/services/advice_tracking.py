"""Where a case's advice stands: the caseworker's tracker, what the family sees, advice arriving, and the
reminders (services/advice_deadlines.py says when).

Reminders are claimed with a conditional update before they are queued, so two workers sweeping at once send
each one once; the family's own advice is never chased (reg 8's 6 weeks bind the people the council asks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal import routes
from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language
from ehcna_portal.models import (
    AdviceRequest,
    AdviceStatus,
    AdviceType,
    ApplicationDocument,
    EhcCase,
    ParentAccount,
    ScanStatus,
)
from ehcna_portal.services import audit, cases, outbox
from ehcna_portal.services.advice_deadlines import LATE, ONE_WEEK, TWO_WEEKS, reminder_now, shown_status
from ehcna_portal.services.paper_requests import is_placeholder
from ehcna_portal.settings import Settings

REMINDER_COLUMNS = {TWO_WEEKS: "reminded_two_weeks_at", ONE_WEEK: "reminded_one_week_at", LATE: "reminded_late_at"}


@dataclass(frozen=True)
class AdviceRow:
    """One request as the tracker shows it (``status``: the shown status, "late" included)."""

    id: int
    advice_type: str
    recipient_name: str
    organisation: str
    email: str
    sent_on: date | None
    due_on: date | None
    status: str
    received_on: date | None
    reason: str
    exception_reason: str
    document_id: int | None


def status_of(request: AdviceRequest, today: date) -> str:
    """The family's own advice is never "late": the 6 weeks of reg 8 bind the people the council asks."""
    if request.advice_type == AdviceType.FAMILY:
        return request.status
    return shown_status(request.status, request.due_on, today)


def _rows(requests: list[AdviceRequest], today: date) -> list[AdviceRow]:
    return [AdviceRow(request.id or 0, request.advice_type, request.recipient_name, request.organisation,
                      request.email, request.sent_on, request.due_on, status_of(request, today),
                      request.received_on, request.reason, request.exception_reason, request.document_id)
            for request in sorted(requests, key=lambda row: (AdviceType.ALL.index(row.advice_type), row.id or 0))]


def of_case(db: Session, case_id: int) -> list[AdviceRequest]:
    """The case's assessment advice (a review's reports are the review's: services/review_reports.py)."""
    return list(db.exec(select(AdviceRequest).where(AdviceRequest.case_id == case_id,
                                                    col(AdviceRequest.review_id).is_(None))).all())


def tracker(engine: Engine, case_id: int, today: date) -> list[AdviceRow]:
    """Every advice request of the case, in the order of reg 6(1), for staff."""
    with Session(engine) as db:
        return _rows(of_case(db, case_id), today)


def for_family(engine: Engine, parent_id: int, child_id: int, today: date) -> list[AdviceRow]:
    """Who has been asked for advice on the child's latest case, when it is due and where it stands — for the
    family: never an email address, nor why a request was withdrawn or excepted (staff records)."""
    with Session(engine) as db:
        case = cases.latest(db, parent_id, child_id)
        requests = of_case(db, case.id or 0) if case is not None else []
        # The advice's document, once it is shared with the family (a professional's report, when sent) and
        # has passed its virus scan: a document staff keep internal stays off the family's page.
        readable = set(db.exec(select(ApplicationDocument.id).where(
            col(ApplicationDocument.id).in_([row.document_id for row in requests if row.document_id]),
            col(ApplicationDocument.shared), col(ApplicationDocument.scan_status).in_(ScanStatus.DOWNLOADABLE)))
            .all()) if requests else set()
    return [AdviceRow(row.id, row.advice_type, row.recipient_name if row.advice_type == AdviceType.FAMILY else "",
                      row.organisation, "", row.sent_on, row.due_on, row.status, row.received_on, "", "",
                      row.document_id if row.document_id in readable else None)
            for row in _rows(requests, today)]


def all_settled(db: Session, case_id: int) -> bool:
    """Every request received, excepted, withdrawn or met by existing advice (and at least one made): the case
    may become "Advice complete"."""
    requests = of_case(db, case_id)
    return bool(requests) and all(request.status in AdviceStatus.SETTLED for request in requests)


def mark_received(db: Session, settings: Settings, request: AdviceRequest, *, document_id: int | None, actor: str,
                  today: date, now: datetime) -> bool:
    """Record advice as received (in the caller's transaction), once; its link shows what was sent, read only,
    until it expires. The family is emailed that advice has come (not for their own). False when it was not
    waiting any more."""
    changed = db.execute(update(AdviceRequest).where(
        col(AdviceRequest.id) == request.id, col(AdviceRequest.status).in_(AdviceStatus.WAITING)).values(
        status=AdviceStatus.RECEIVED, received_on=today, received_at=now, document_id=document_id, updated_at=now))
    if changed.rowcount != 1:
        return False
    case = db.get(EhcCase, request.case_id)
    audit.record(db, actor=actor, action="advice.received", object_type=audit.CASE, object_id=request.case_id,
                 advice_request_id=request.id, advice_type=request.advice_type, document_id=document_id)
    parent = db.get(ParentAccount, case.parent_id) if case else None
    if case and parent and request.advice_type != AdviceType.FAMILY and request.review_id is None \
            and not is_placeholder(parent.email):
        outbox.enqueue_to_parent(db, settings, parent, template="advice_received",
                                 idempotency_key=f"advice-received:{request.id}", reference=case.reference,
                                 link=outbox.SitePath(routes.child_page(case.child_id, "assessment")))
    return True


def record_received(engine: Engine, settings: Settings, case_id: int, request_id: int, *, document_id: int | None,
                    staff_id: int, today: date, now: datetime) -> bool:
    """A caseworker records advice that came another way (by post, by email), with its document."""
    with Session(engine) as db:
        request = db.get(AdviceRequest, request_id)
        if request is None or request.case_id != case_id:
            return False
        done = mark_received(db, settings, request, document_id=document_id, actor=f"staff:{staff_id}", today=today,
                             now=now)
        db.commit()
        return done


def form_sent(db: Session, settings: Settings, case_id: int, advice_type: str, *, actor: str, today: date,
              now: datetime) -> None:
    """A form that gives ``advice_type`` advice was sent (in the caller's transaction; the family's own advice
    form gives theirs): the case's request for that advice is received."""
    for request in of_case(db, case_id):
        if request.advice_type == advice_type and request.status in AdviceStatus.WAITING:
            mark_received(db, settings, request, document_id=None, actor=actor, today=today, now=now)


def remind(engine: Engine, settings: Settings, today: date, now: datetime) -> list[tuple[int, str]]:
    """Send the reminders due today (each once, however many workers sweep): (request id, reminder) sent."""
    sent: list[tuple[int, str]] = []
    with Session(engine) as db:
        waiting = db.exec(select(AdviceRequest, EhcCase).join(EhcCase, col(EhcCase.id) == AdviceRequest.case_id)
                          .where(col(AdviceRequest.status).in_(AdviceStatus.WAITING),
                                 AdviceRequest.advice_type != AdviceType.FAMILY,
                                 col(AdviceRequest.review_id).is_(None),  # the reminders speak of reg 8's 6 weeks
                                 col(AdviceRequest.due_on).is_not(None),
                                 col(AdviceRequest.reminded_late_at).is_(None))).all()
        for request, case in waiting:
            done = frozenset(name for name, column in REMINDER_COLUMNS.items() if getattr(request, column))
            step = reminder_now(request.due_on, today, done)
            if not step.send:
                continue
            claim = {REMINDER_COLUMNS[name]: now for name in (*step.passed, step.send)}
            claimed = db.execute(update(AdviceRequest).where(
                col(AdviceRequest.id) == request.id, col(AdviceRequest.due_on) == request.due_on,
                col(getattr(AdviceRequest, REMINDER_COLUMNS[step.send])).is_(None)).values(**claim))
            if claimed.rowcount != 1:
                continue
            lang = as_language(request.language) or DEFAULT_LANGUAGE
            outbox.enqueue(db, settings, template="advice_late" if step.send == LATE else "advice_reminder",
                           to=request.email, lang=lang,
                           idempotency_key=f"advice-reminder:{request.id}:{request.due_on}:{step.send}",
                           name=request.recipient_name, reference=case.reference, due=request.due_on)
            audit.record(db, actor="system", action="advice.reminded", object_type=audit.CASE, object_id=case.id,
                         advice_request_id=request.id, reminder=step.send, passed=list(step.passed))
            sent.append((request.id or 0, step.send))
        db.commit()
    return sent
