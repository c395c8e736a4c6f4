"""The way in through an invitation link, for people without an account: a professional asked for advice
(issue 20) or a school consulted on a draft plan (issue 21). One mechanism, so both links have the same defences.

The link names one invitation (its token kept only as a SHA-256 hash). It opens while the invitation waits or
has been answered (read only), until it expires; a withdrawal, a newer link or an altered token finds nothing.
Opening it asks for a 6-digit code emailed to the address invited: 10 minutes, 5 wrong tries, each guess counted
before it is checked (services/rate_limits, per invitation and per IP), and code emails limited per address. The
browser holds an access token from the moment the code is sent; it opens the invitation's page only once the code
checks out, and only for that invitation, for 2 hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.i18n import DEFAULT_LANGUAGE, as_language
from ehcna_portal.models import AdviceAccess, AdviceRequest, AdviceStatus, ConsultationStatus, SchoolConsultation
from ehcna_portal.services import audit, outbox, rate_limits
from ehcna_portal.services.secrets_util import code_hmac, new_numeric_code, new_token, same, token_hash
from ehcna_portal.settings import Settings

CODE_LIFETIME = timedelta(minutes=10)
MAX_WRONG_TRIES = 5
SESSION = timedelta(hours=2)
HANDOFF = timedelta(minutes=1)


@dataclass(frozen=True)
class Kind:
    """One kind of invitation: its table, the access row's column naming it, and its statuses and words."""

    name: str  # "advice", "consultation": scopes code HMACs, guess counts and audit actions
    model: Any  # AdviceRequest or SchoolConsultation
    access_column: str
    waiting: frozenset[str]
    answered: frozenset[str]
    sent: str
    opened: str
    actor: str  # who is behind the link in the audit trail ("professional", "school")
    code_template: str
    guess_kind: str


ADVICE = Kind("advice", AdviceRequest, "advice_request_id", AdviceStatus.WAITING, frozenset({AdviceStatus.RECEIVED}),
              AdviceStatus.SENT, AdviceStatus.OPENED, "professional", "advice_code", "advice_code")
CONSULTATION = Kind("consultation", SchoolConsultation, "consultation_id", ConsultationStatus.WAITING,
                    ConsultationStatus.ANSWERED, ConsultationStatus.SENT, ConsultationStatus.OPENED, "school",
                    "consultation_code", "consultation_code")


class LinkKind(StrEnum):
    OPEN = "open"  # waiting for an answer: the code, then the form
    ANSWERED = "answered"  # answered: read only
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # altered, replaced by a newer link, or withdrawn


@dataclass(frozen=True)
class Link:
    kind: LinkKind
    target_id: int = 0
    masked_email: str = ""  # "p••••@example.org": where the code goes, without showing the address
    form_key: str = ""  # an advice request's form (an assessment's advice or a review's report): the page's title

    @property
    def request_id(self) -> int:  # the advice link's name for it
        return self.target_id


def _target(db: Session, kind: Kind, link_token: str) -> Any:
    return db.exec(select(kind.model).where(kind.model.link_token_hash == token_hash(link_token))).first()


def _link_kind(kind: Kind, target: Any, now: datetime) -> LinkKind:
    if target is None or target.status not in kind.waiting | kind.answered:
        return LinkKind.UNKNOWN
    if target.link_expires_at is None or target.link_expires_at <= now:
        return LinkKind.EXPIRED
    return LinkKind.ANSWERED if target.status in kind.answered else LinkKind.OPEN


def mask(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}••••@{domain}" if domain else "••••"


def link(engine: Engine, kind: Kind, link_token: str, now: datetime) -> Link:
    """What the link opens, if anything (nothing about the child until the code checks out)."""
    with Session(engine) as db:
        target = _target(db, kind, link_token)
        found = _link_kind(kind, target, now)
    if found in (LinkKind.UNKNOWN, LinkKind.EXPIRED) or target is None:
        return Link(found)
    return Link(found, target.id or 0, mask(target.email), str(getattr(target, "form_key", "")))


def send_code(engine: Engine, settings: Settings, kind: Kind, link_token: str, *, ip: str, now: datetime) -> str | None:
    """Email a code to the address invited: the access token for this browser, or None when the link opens
    nothing or too many codes were asked for (the page says the same either way)."""
    with Session(engine) as db:
        target = _target(db, kind, link_token)
        if _link_kind(kind, target, now) not in (LinkKind.OPEN, LinkKind.ANSWERED) or target is None:
            return None
        if not rate_limits.may_send(db, settings, target.email, ip, now):
            return None
        code, token = new_numeric_code(), new_token()
        access = AdviceAccess(**{kind.access_column: target.id}, token_hash=token_hash(token),
                              code_hmac=code_hmac(code, settings.secret_key, f"{kind.name}:{target.id}"),
                              code_expires_at=now + CODE_LIFETIME, created_at=now, expires_at=now + SESSION, ip=ip)
        db.add(access)
        db.flush()
        outbox.enqueue(db, settings, template=kind.code_template, to=target.email,
                       idempotency_key=f"{kind.code_template.replace('_', '-')}:{access.id}",
                       lang=as_language(target.language) or DEFAULT_LANGUAGE, code=code)
        audit.record(db, actor=kind.actor, action=f"{kind.name}.code_sent", object_type=kind.model.__tablename__,
                     object_id=target.id, ip=ip)
        db.commit()
        return token


class CodeKind(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"  # ask for a new code
    LOCKED = "locked"  # too many guesses: wait, then ask for a new code


@dataclass(frozen=True)
class CodeOutcome:
    kind: CodeKind
    handoff: str = ""  # once the code checks out: what the browser trades for its cookie (redeem)


def check_code(engine: Engine, settings: Settings, kind: Kind, access_token: str, code: str, *, ip: str,
               now: datetime) -> CodeOutcome:
    """Check the emailed code; once it checks out, a one-minute handoff for the browser's cookie, which opens
    the invitation for 2 hours, and it shows as "Opened". Guesses are counted per invitation and IP first."""
    with Session(engine) as db:
        access = db.exec(select(AdviceAccess).where(AdviceAccess.token_hash == token_hash(access_token))).first()
        target_id = getattr(access, kind.access_column) if access is not None else None
        if access is None or target_id is None or access.verified or access.revoked_at is not None:
            return CodeOutcome(CodeKind.EXPIRED)
        attempt = rate_limits.begin(db, kind.guess_kind, f"{kind.name}:{target_id}", ip, now)
        if not attempt.allowed:
            return CodeOutcome(CodeKind.LOCKED)
        access = db.get(AdviceAccess, access.id)
        if access is None or access.code_expires_at <= now or access.wrong_tries >= MAX_WRONG_TRIES:
            return CodeOutcome(CodeKind.EXPIRED)
        expected = code_hmac("".join(code.split()), settings.secret_key, f"{kind.name}:{target_id}")
        if not same(expected, access.code_hmac):
            db.execute(update(AdviceAccess).where(col(AdviceAccess.id) == access.id)
                       .values(wrong_tries=AdviceAccess.wrong_tries + 1))
            rate_limits.settle(db, attempt, succeeded=False)
            db.commit()
            return CodeOutcome(CodeKind.WRONG)
        handoff = new_token()
        used = db.execute(update(AdviceAccess).where(col(AdviceAccess.id) == access.id,
                                                     col(AdviceAccess.verified).is_(False))
                          # the pending token dies here (a hash of nothing given out): only the handoff opens it now
                          .values(verified=True, expires_at=now + SESSION, token_hash=token_hash(new_token()),
                                  handoff_hash=token_hash(handoff), handoff_expires_at=now + HANDOFF))
        if used.rowcount != 1:
            return CodeOutcome(CodeKind.EXPIRED)
        rate_limits.settle(db, attempt, succeeded=True)
        db.execute(update(kind.model).where(col(kind.model.id) == target_id, col(kind.model.status) == kind.sent)
                   .values(status=kind.opened, opened_at=now, updated_at=now))
        target = db.get(kind.model, target_id)
        audit.record(db, actor=f"{kind.actor}:{target_id}", action=f"{kind.name}.opened", object_type="ehc_case",
                     object_id=target.case_id if target else "", **{kind.access_column: target_id}, ip=ip)
        db.commit()
        return CodeOutcome(CodeKind.OK, handoff)


def redeem(engine: Engine, handoff: str, now: datetime) -> str | None:
    """Trade a handoff (once, within a minute) for the token the cookie carries: a new one, so a token that
    was ever in the page's state opens nothing."""
    token = new_token()
    with Session(engine) as db:
        changed = db.execute(update(AdviceAccess).where(
            col(AdviceAccess.handoff_hash) == token_hash(handoff), col(AdviceAccess.handoff_expires_at) > now,
            col(AdviceAccess.verified), col(AdviceAccess.revoked_at).is_(None))
            .values(token_hash=token_hash(token), handoff_hash=None, handoff_expires_at=None))
        db.commit()
    return token if changed.rowcount == 1 else None


@dataclass(frozen=True)
class Access:
    """Who is behind a verified access token: the one invitation they may see and answer, and its case."""

    target_id: int
    case_id: int
    answered: bool  # read only

    @property
    def request_id(self) -> int:  # the advice link's name for it
        return self.target_id


def access_of(db: Session, kind: Kind, access_token: str, link_token: str, now: datetime) -> Access | None:
    """The access a token gives through this link: verified, not expired or revoked, for the link's own
    invitation of this kind, while it still opens (a token for another invitation's link opens nothing)."""
    row = db.exec(select(AdviceAccess, kind.model)
                  .join(kind.model, col(kind.model.id) == getattr(AdviceAccess, kind.access_column))
                  .where(AdviceAccess.token_hash == token_hash(access_token))).first()
    if row is None:
        return None
    access, target = row
    if not access.verified or access.revoked_at is not None or access.expires_at <= now:
        return None
    if target.link_token_hash is None or not same(target.link_token_hash, token_hash(link_token)):
        return None
    found = _link_kind(kind, target, now)
    if found not in (LinkKind.OPEN, LinkKind.ANSWERED):
        return None
    return Access(target.id or 0, target.case_id, found == LinkKind.ANSWERED)
