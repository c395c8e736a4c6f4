"""The email outbox: enqueue with the business change, deliver later with retries.

``enqueue`` adds a rendered message to the caller's transaction, so an email
exists if and only if the change that caused it was committed. ``deliver_due``
is run by every backend worker (a lifespan task) and by ``ehcna-portal
send-mail``: it claims due messages with a short lease via a conditional
UPDATE — atomic on PostgreSQL and SQLite alike — so concurrent senders never
send the same message twice, then records each attempt and its SMTP result.

A sender that dies after the SMTP server accepted a message but before the
result was recorded sends it again when the lease runs out (at-least-once);
the stable ``Message-ID`` header lets mail systems drop that duplicate.
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import event, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.i18n import DEFAULT_LANGUAGE, Language, as_language, localised_path, long_date, t
from ehcna_portal.models import OutboxMessage, OutboxStatus, ParentAccount
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import audit
from ehcna_portal.services.email_render import Link, one_line, plain_values, render
from ehcna_portal.services.mail_transport import (
    MailTransport,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from ehcna_portal.settings import Settings

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
BATCH_SIZE = 20
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(minutes=15)
# Rejections by the mail server (5xx) are retried this many times, then dead-lettered.
# Connection failures (server down) are retried for as long as it takes.
MAX_REJECTED_ATTEMPTS = 5
# Emails confirming that an account was deleted: once sent (or given up on), the row keeps only its subject and
# dates, not the address that was just deleted everywhere else, nor the text.
FORGET_AFTER_SENDING = frozenset({"account_deleted", "account_closed"})


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    dead: list[int] = field(default_factory=list)


def retry_delay(attempts: int, jitter: Callable[[], float] = random.random) -> timedelta:
    """Exponential backoff from 30 s, capped at 15 min, plus up to 10% jitter."""
    base = min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), MAX_RETRY)
    return base + base * 0.1 * jitter()


class SitePath(str):
    """A page of this site named in an email: it becomes a link to that page in the email's language
    (``/ehc`` → ``https://…/cy/ehc`` in a Welsh email). Only these become links."""


def _localise(value: object, lang: Language, settings: Settings) -> object:
    if isinstance(value, SitePath):
        return Link(settings.link(localised_path(value, lang)))
    if isinstance(value, date):
        return long_date(value, lang)
    return value


def compose(template: str, lang: Language, settings: Settings, **params: object) -> tuple[str, str, str]:
    """(subject, text, html) for a catalog template ``email.<template>.*`` with the standard footer.

    Dates and ``SitePath``s among ``params`` are written in ``lang``, so callers pass facts, not text.
    Every value is data: it is put in after the catalog's text has been read for markup
    (services/email_render.py), so a name or a reason can never become a heading or a link."""
    values = {name: _localise(value, lang, settings) for name, value in params.items()}
    subject = one_line(t(f"email.{template}.subject", lang, **plain_values(values)))
    values["email_signature"] = settings.email_signature or t("email.signature", lang)
    source = "\n\n".join([
        t(f"email.{template}.body", lang),
        t("email.sign_off", lang),
        "---",
        t("email.footer.no_reply", lang),
        t("email.footer.confidential", lang),
    ])
    body = render(source, values, title=subject, service_name=t("service.name", lang),
                  portal_url=settings.public_url, lang=lang)
    return subject, body.text, body.html


def enqueue(
    session: Session,
    settings: Settings,
    *,
    template: str,
    to: str,
    idempotency_key: str,
    lang: Language = "en",
    **params: object,
) -> OutboxMessage:
    """Queue an email in the caller's transaction; the same key never queues twice."""
    existing = session.exec(
        select(OutboxMessage).where(OutboxMessage.idempotency_key == idempotency_key)
    ).first()
    if existing is not None:
        return existing
    subject, text, html = compose(template, lang, settings, **params)
    message = OutboxMessage(idempotency_key=idempotency_key, template=template, language=lang,
                            to_address=to, subject=subject, text_body=text, html_body=html)
    session.add(message)
    _wake_after_commit(session)
    return message


# Called once a transaction that queued mail has committed (from whichever thread committed it): the app's
# sender registers one (tasks.py), so a sign-in code goes at once instead of at the next poll, and no caller has
# to remember to wake it. A rolled-back transaction wakes nobody: there is nothing new to send.
_senders: list[Callable[[], None]] = []


def on_queued(wake: Callable[[], None]) -> None:
    """Register ``wake`` (thread-safe, quick) to be called after every commit that queued an email."""
    _senders.append(wake)


def _wake_senders(_session: Session) -> None:
    for wake in _senders:
        wake()


def _forget_wake(session: Session, _transaction: object = None) -> None:
    if event.contains(session, "after_commit", _wake_senders):
        event.remove(session, "after_commit", _wake_senders)


def _wake_after_commit(session: Session) -> None:
    """Wake the senders once this session's transaction commits; a rollback forgets it with the mail."""
    if not event.contains(session, "after_commit", _wake_senders):
        event.listen(session, "after_commit", _wake_senders, once=True)
        event.listen(session, "after_rollback", _forget_wake, once=True)


def enqueue_to_parent(session: Session, settings: Settings, parent: ParentAccount, *, template: str,
                      idempotency_key: str, to: str = "", **params: object) -> OutboxMessage:
    """An email to a parent in their preferred language (``to``: another address of theirs, such as a
    new email address waiting to be confirmed)."""
    lang = as_language(parent.preferred_language) or DEFAULT_LANGUAGE
    return enqueue(session, settings, template=template, to=to or parent.email, idempotency_key=idempotency_key,
                   lang=lang, **params)


def _due(now: datetime):
    return (
        (OutboxMessage.status == OutboxStatus.PENDING)
        & (OutboxMessage.next_attempt_at <= now)
        & or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now)
    )


def claim_due(engine: Engine, now: datetime, limit: int = BATCH_SIZE) -> list[int]:
    """Lease up to ``limit`` due messages to this sender; others skip them until the lease ends."""
    claimed: list[int] = []
    with Session(engine) as session:
        candidates = session.exec(
            select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.next_attempt_at).limit(limit)
        ).all()
        for message_id in candidates:
            result = session.execute(
                update(OutboxMessage)
                .where((OutboxMessage.id == message_id) & _due(now))
                .values(claimed_until=now + LEASE)
            )
            if result.rowcount == 1:
                claimed.append(message_id)
        session.commit()
    return claimed


def _record(engine: Engine, message_id: int, now: datetime, report: DeliveryReport,
            transport_name: str, outcome: str | Exception) -> None:
    with Session(engine) as session:
        message = session.get(OutboxMessage, message_id)
        if message is None:
            return
        message.attempts += 1
        message.claimed_until = None
        message.transport = transport_name
        if isinstance(outcome, str):
            message.status = OutboxStatus.SENT
            message.sent_at = utcnow()
            message.smtp_response = outcome[:500]
            message.last_error = None
            report.sent.append(message_id)
        else:
            message.last_error = f"{type(outcome).__name__}: {outcome}"[:1000]
            if isinstance(outcome, PermanentDeliveryError):
                message.rejections += 1
                message.smtp_response = str(outcome)[:500]
            if message.rejections >= MAX_REJECTED_ATTEMPTS:
                message.status = OutboxStatus.DEAD
                report.dead.append(message_id)
                # An alert for operators (no address, no content): admins see and retry it on Staff accounts.
                log.warning("outbox message %s (%s) dead-lettered after %s attempts, %s refused by the mail "
                            "server: %s", message_id, message.template, message.attempts, message.rejections,
                            loggable(message.last_error))
            else:
                message.next_attempt_at = now + retry_delay(message.attempts)
                report.retrying.append(message_id)
                log.warning("outbox message %s not sent (attempt %s), retrying at %s: %s",
                            message_id, message.attempts, message.next_attempt_at, loggable(message.last_error))
        if message.template in FORGET_AFTER_SENDING and message.status != OutboxStatus.PENDING:
            message.to_address = message.text_body = message.html_body = ""
        session.add(message)
        session.commit()


def deliver_due(engine: Engine, transport: MailTransport, now: datetime | None = None,
                limit: int = BATCH_SIZE) -> DeliveryReport:
    """Send what is due now; safe to run from any number of processes at once."""
    now = now or utcnow()
    report = DeliveryReport()
    for message_id in claim_due(engine, now, limit):
        with Session(engine) as session:
            message = session.get(OutboxMessage, message_id)
            if message is None:
                continue
            session.expunge(message)
        try:
            outcome: str | Exception = transport.send(message)
        except (TransientDeliveryError, PermanentDeliveryError) as error:
            outcome = error
        _record(engine, message_id, now, report, transport.name, outcome)
    return report


# ---------------------------------------------------------------- dead letters (admins: Staff accounts)

_ADDRESS = re.compile(r"[^\s<>()\[\]{}'\",;:]+@[^\s<>()\[\]{}'\",;:]+")
DEAD_LETTERS_SHOWN = 200


def mask_address(address: str) -> str:
    """``jane.doe@example.com`` → ``j***@example.com``: enough to recognise, not to read out."""
    local, at, domain = address.strip().rpartition("@")
    if not at or not local:
        return "***" if address.strip() else ""
    return f"{local[0]}***@{domain}"


def mask_addresses_in(text: str | None) -> str:
    return _ADDRESS.sub(lambda match: mask_address(match.group(0)), text or "")


def loggable(error: str | None) -> str:
    """A delivery error for the log: SMTP servers quote the recipient, so every address is taken out."""
    return _ADDRESS.sub("<address>", error or "")[:300]


@dataclass(frozen=True)
class DeadLetter:
    """A message the mail server kept refusing, as an admin sees it (masked address, no content)."""

    id: int
    created_at: datetime
    template: str
    recipient: str
    last_error: str
    attempts: int
    can_retry: bool  # False when the address was deliberately forgotten (FORGET_AFTER_SENDING)


def dead_letters(engine: Engine, limit: int = DEAD_LETTERS_SHOWN) -> list[DeadLetter]:
    """Dead-lettered messages, newest first."""
    with Session(engine) as session:
        found = session.exec(select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.DEAD)
                             .order_by(col(OutboxMessage.created_at).desc(), col(OutboxMessage.id).desc())
                             .limit(limit)).all()
        return [DeadLetter(message.id or 0, message.created_at, message.template, mask_address(message.to_address),
                           mask_addresses_in(message.last_error)[:300], message.attempts,
                           bool(message.to_address and message.text_body))
                for message in found]


def retry_dead_letter(engine: Engine, message_id: int, *, actor: str, now: datetime | None = None) -> bool:
    """Put a dead-lettered message back in the queue, due now, with a fresh allowance of refusals.
    False (and nothing changes) if it is not dead-lettered or its address was forgotten."""
    now = now or utcnow()
    with Session(engine) as session:
        result = session.execute(
            update(OutboxMessage)
            .where((OutboxMessage.id == message_id) & (OutboxMessage.status == OutboxStatus.DEAD)
                   & (OutboxMessage.to_address != "") & (OutboxMessage.text_body != ""))
            .values(status=OutboxStatus.PENDING, rejections=0, next_attempt_at=now, claimed_until=None)
        )
        if result.rowcount != 1:
            session.rollback()
            return False
        audit.record(session, actor=actor, action="outbox.retried", object_type="outbox_message",
                     object_id=message_id)
        _wake_after_commit(session)
        session.commit()
    log.info("outbox message %s put back in the queue by %s", message_id, actor)
    return True
