"""Rate limits kept in the database, so they hold across every worker and host.

Failures are counted per account (its email address, whether or not an
account exists, so the answers do not reveal which do) and per client IP over
a 15-minute window: from the 3rd failure each try waits a little longer,
from the 10th the account key is locked until the window passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from ehcna_portal.models import AuthAttempt
from ehcna_portal.models.base import utcnow

WINDOW = timedelta(minutes=15)
DELAY_FROM = 3
LOCK_AT = 10
IP_LOCK_AT = 50
MAX_DELAY_SECONDS = 8.0


@dataclass(frozen=True)
class Verdict:
    locked: bool
    delay_seconds: float
    failures: int


def account_key(email: str) -> str:
    return f"account:{email.strip().lower()}"


def ip_key(ip: str) -> str:
    return f"ip:{ip}"


def _failures(db: Session, kind: str, subject: str, since: datetime) -> int:
    return db.exec(select(func.count()).select_from(AuthAttempt).where(
        (AuthAttempt.kind == kind) & (AuthAttempt.subject == subject)
        & (AuthAttempt.at >= since) & AuthAttempt.succeeded.is_(False))).one()


def check(db: Session, kind: str, account: str, ip: str, now: datetime | None = None) -> Verdict:
    """Whether another try is allowed now, and how long to make it wait."""
    now = now or utcnow()
    since = now - WINDOW
    by_account = _failures(db, kind, account, since)
    by_ip = _failures(db, kind, ip_key(ip), since) if ip else 0
    if by_account >= LOCK_AT or by_ip >= IP_LOCK_AT:
        return Verdict(locked=True, delay_seconds=0.0, failures=by_account)
    delay = 0.0 if by_account < DELAY_FROM else min(0.5 * 2 ** (by_account - DELAY_FROM), MAX_DELAY_SECONDS)
    return Verdict(locked=False, delay_seconds=delay, failures=by_account)


def record(db: Session, kind: str, account: str, ip: str, *, succeeded: bool,
           now: datetime | None = None) -> bool:
    """Note a try; returns True when this failure is the one that locks the account key."""
    now = now or utcnow()
    db.add(AuthAttempt(kind=kind, subject=account, succeeded=succeeded, at=now))
    if ip:
        db.add(AuthAttempt(kind=kind, subject=ip_key(ip), succeeded=succeeded, at=now))
    db.flush()
    return not succeeded and _failures(db, kind, account, now - WINDOW) == LOCK_AT
