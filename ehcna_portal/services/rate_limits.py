"""Rate limits kept in the database, so they hold across every worker and host — and under parallel tries.

Guesses at a secret (a password, an emailed or authenticator code) are counted per account (its email
address, whether or not an account exists, so the answers do not reveal which do) and per client IP over
a 15-minute window: from the 3rd failure each try waits a little longer, from the 10th the account key is
locked until the window passes.

A try is counted *before* it is made (:func:`begin`): its row is written and committed as a failure, and
only then are the failures counted. The k-th try to commit therefore sees at least k, so however many
tries arrive at once, at most ``LOCK_AT`` are ever checked in a window (a read-then-record limit lets every
parallel try through, and a read-modify-write counter loses updates). The try's delay comes from its own
place in that count and is waited *before* the secret is checked (:func:`counted`). :func:`settle` then
records how it went.

Emails sent on request (confirmation, resend, reset, codes) are limited the same way, per recipient and
per requesting IP (:func:`may_send`); the requester is told the same thing whether or not one was sent.
Records older than a day limit nothing and are deleted every hour (:func:`forget_old`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import delete, func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.models import AuthAttempt
from ehcna_portal.models.base import utcnow
from ehcna_portal.settings import Settings

T = TypeVar("T")
Windows = list[tuple[timedelta, int]]
WINDOW = timedelta(minutes=15)
DELAY_FROM = 3
LOCK_AT = 10
IP_LOCK_AT = 50
MAX_DELAY_SECONDS = 8.0

# Emails the portal sends because someone asked (README "Limits"): per recipient address, and per
# requesting IP, in 15 minutes (EHCNA_EMAIL_LIMIT_PER_ADDRESS, EHCNA_EMAIL_LIMIT_PER_IP) and in a day
# (four and five times as many).
EMAIL_KIND = "email"
SHORT_WINDOW = timedelta(minutes=15)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Attempt:
    """One try, already counted. ``allowed`` is False when the account or IP is locked (nothing is
    checked then); ``delay_seconds`` is how long it waits before being checked."""

    kind: str
    allowed: bool
    delay_seconds: float = 0.0
    failures_before: int = 0
    row_ids: tuple[int, ...] = ()


class TooManyAttempts(Exception):
    """A password asked for again (to change it, the email address, or delete the account) while the
    account's sign-in limit is reached: nothing was checked."""


def account_key(email: str) -> str:
    return f"account:{email.strip().lower()}"


def ip_key(ip: str) -> str:
    return f"ip:{ip}"


def _count(db: Session, kind: str, subject: str, since: datetime) -> int:
    return db.exec(select(func.count()).select_from(AuthAttempt).where(
        (AuthAttempt.kind == kind) & (AuthAttempt.subject == subject)
        & (AuthAttempt.at >= since) & col(AuthAttempt.succeeded).is_(False))).one()


def _counted_rows(db: Session, kind: str, subjects: list[str], now: datetime) -> tuple[int, ...]:
    """Write one row per subject as a failure and commit ``db`` at once (so others count them)."""
    rows = [AuthAttempt(kind=kind, subject=subject, succeeded=False, at=now) for subject in subjects]
    db.add_all(rows)
    db.flush()
    row_ids = tuple(row.id or 0 for row in rows)
    db.commit()
    return row_ids


def _forget(db: Session, row_ids: tuple[int, ...]) -> None:
    """A refused try is not a try: it does not keep the lock going."""
    db.execute(delete(AuthAttempt).where(col(AuthAttempt.id).in_(row_ids)))
    db.commit()


def delay_for(failures_before: int) -> float:
    return 0.0 if failures_before < DELAY_FROM else min(0.5 * 2 ** (failures_before - DELAY_FROM), MAX_DELAY_SECONDS)


def begin(db: Session, kind: str, account: str, ip: str = "", now: datetime | None = None) -> Attempt:
    """Count a try at ``kind`` for ``account`` (and ``ip``) before it is made; see the module's note.

    It commits ``db`` (the caller's own session: a second connection per try could exhaust the pool under
    the very bursts it limits), so call it before the caller's transaction writes anything."""
    now = now or utcnow()
    row_ids = _counted_rows(db, kind, [account, *([ip_key(ip)] if ip else [])], now)
    by_account = _count(db, kind, account, now - WINDOW)
    by_ip = _count(db, kind, ip_key(ip), now - WINDOW) if ip else 0
    if by_account > LOCK_AT or by_ip > IP_LOCK_AT:
        _forget(db, row_ids)
        return Attempt(kind, allowed=False, failures_before=by_account - 1)
    return Attempt(kind, allowed=True, delay_seconds=delay_for(by_account - 1), failures_before=by_account - 1,
                   row_ids=row_ids)


def settle(db: Session, attempt: Attempt, *, succeeded: bool) -> bool:
    """Record how the try went, in the caller's transaction. True when this failure is the one that locks
    the account key (the caller may then tell the account's owner)."""
    if succeeded and attempt.row_ids:
        db.execute(update(AuthAttempt).where(col(AuthAttempt.id).in_(attempt.row_ids)).values(succeeded=True))
    return not succeeded and attempt.failures_before + 1 == LOCK_AT


def _begin_apart(engine: Engine, kind: str, account: str, ip: str) -> Attempt:
    with Session(engine) as db:
        return begin(db, kind, account, ip)


async def counted(engine: Engine, kind: str, account: str, ip: str,
                  check: Callable[[Attempt], Awaitable[T]]) -> T:
    """Count the try, wait its delay, and only then ``check`` it (given the attempt, allowed or not): the
    secret is compared after the slow-down, never before. The wait is on the event loop, not a thread."""
    attempt = await asyncio.to_thread(_begin_apart, engine, kind, account, ip)
    if attempt.allowed and attempt.delay_seconds:
        await asyncio.sleep(attempt.delay_seconds)
    return await check(attempt)


def send_windows(settings: Settings) -> tuple[Windows, Windows]:
    """(per recipient, per IP): each a list of (window, most emails in it)."""
    address, ip = settings.email_limit_per_address, settings.email_limit_per_ip
    return [(SHORT_WINDOW, address), (DAY, 4 * address)], [(SHORT_WINDOW, ip), (DAY, 5 * ip)]


def may_send(db: Session, settings: Settings, to: str, ip: str = "", now: datetime | None = None) -> bool:
    """Whether an email asked for by a visitor may go to ``to`` now (per recipient and per IP, counted as
    :func:`begin` counts). It commits ``db``: call it before the caller's transaction writes anything."""
    now = now or utcnow()
    per_address, per_ip = send_windows(settings)
    limits = [(account_key(to), per_address), *([(ip_key(ip), per_ip)] if ip else [])]
    row_ids = _counted_rows(db, EMAIL_KIND, [subject for subject, _limits in limits], now)
    within = all(_count(db, EMAIL_KIND, subject, now - window) <= most
                 for subject, windows in limits for window, most in windows)
    if not within:
        _forget(db, row_ids)
    return within


def forget_old(engine: Engine, now: datetime | None = None) -> int:
    """Delete tries older than the longest window (a day): they limit nothing any more, and they name email
    addresses and IP addresses (the audit trail keeps what happened). Returns how many went."""
    with Session(engine) as db:
        gone = db.execute(delete(AuthAttempt).where(col(AuthAttempt.at) < (now or utcnow()) - DAY)).rowcount
        db.commit()
        return gone
