"""A professional's way in through the link in their advice request's email — no account (issue 20).

The link names one advice request (its token kept only as a SHA-256 hash). It opens while the request is
waiting or has been answered (read only, what was sent), until it expires (12 weeks); an exception, a
withdrawal, a newer link (sent again, or to someone else) or an altered token finds nothing. Opening it asks for
a 6-digit code emailed to the same address: 10 minutes, 5 wrong tries, each guess counted before it is checked
(services/rate_limits, per request and per IP, as parents' codes are), and code emails limited per address. The
browser holds an access token from the moment the code is sent; it opens the request's page only once the code
checks out, and only for that request, for 2 hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal.forms import answers as form_answers
from ehcna_portal.forms import registry
from ehcna_portal.i18n import DEFAULT_LANGUAGE, Language, as_language
from ehcna_portal.models import AdviceAccess, AdviceRequest, AdviceStatus, Child, EhcCase
from ehcna_portal.services import applications, audit, cases, outbox, rate_limits
from ehcna_portal.services.secrets_util import code_hmac, new_numeric_code, new_token, same, token_hash
from ehcna_portal.settings import Settings

CODE_LIFETIME = timedelta(minutes=10)
MAX_WRONG_TRIES = 5
SESSION = timedelta(hours=2)
HANDOFF = timedelta(minutes=1)
GUESS_KIND = "advice_code"
OPEN = frozenset({*AdviceStatus.WAITING, AdviceStatus.RECEIVED})


class LinkKind(StrEnum):
    OPEN = "open"  # waiting for advice: the code, then the advice form
    ANSWERED = "answered"  # advice received: read only
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # altered, replaced by a newer link, or the request excepted or withdrawn


@dataclass(frozen=True)
class Link:
    kind: LinkKind
    request_id: int = 0
    masked_email: str = ""  # "p••••@example.org": where the code goes, without showing the address


def _request(db: Session, link_token: str) -> AdviceRequest | None:
    return db.exec(select(AdviceRequest).where(AdviceRequest.link_token_hash == token_hash(link_token))).first()


def _kind(request: AdviceRequest | None, now: datetime) -> LinkKind:
    if request is None or request.status not in OPEN:
        return LinkKind.UNKNOWN
    if request.link_expires_at is None or request.link_expires_at <= now:
        return LinkKind.EXPIRED
    return LinkKind.ANSWERED if request.status == AdviceStatus.RECEIVED else LinkKind.OPEN


def mask(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}••••@{domain}" if domain else "••••"


def link(engine: Engine, link_token: str, now: datetime) -> Link:
    """What the link opens, if anything (nothing about the child until the code checks out)."""
    with Session(engine) as db:
        request = _request(db, link_token)
        kind = _kind(request, now)
    if kind in (LinkKind.UNKNOWN, LinkKind.EXPIRED) or request is None:
        return Link(kind)
    return Link(kind, request.id or 0, mask(request.email))


def send_code(engine: Engine, settings: Settings, link_token: str, *, ip: str, now: datetime) -> str | None:
    """Email a code to the address the request was sent to: the access token for this browser, or None when
    the link opens nothing or too many codes were asked for (the page says the same either way)."""
    with Session(engine) as db:
        request = _request(db, link_token)
        if _kind(request, now) not in (LinkKind.OPEN, LinkKind.ANSWERED) or request is None:
            return None
        if not rate_limits.may_send(db, settings, request.email, ip, now):
            return None
        code, token = new_numeric_code(), new_token()
        access = AdviceAccess(advice_request_id=request.id or 0, token_hash=token_hash(token),
                              code_hmac=code_hmac(code, settings.secret_key, f"advice:{request.id}"),
                              code_expires_at=now + CODE_LIFETIME, created_at=now, expires_at=now + SESSION, ip=ip)
        db.add(access)
        db.flush()
        outbox.enqueue(db, settings, template="advice_code", to=request.email,
                       idempotency_key=f"advice-code:{access.id}", lang=as_language(request.language)
                       or DEFAULT_LANGUAGE, code=code)
        audit.record(db, actor="professional", action="advice.code_sent", object_type="advice_request",
                     object_id=request.id, ip=ip)
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


def check_code(engine: Engine, settings: Settings, access_token: str, code: str, *, ip: str,
               now: datetime) -> CodeOutcome:
    """Check the emailed code; once it checks out, a one-minute handoff for the browser's cookie, which opens
    the request for 2 hours, and the request shows as "Opened". Guesses are counted per request and IP before
    the code is compared."""
    with Session(engine) as db:
        access = db.exec(select(AdviceAccess).where(AdviceAccess.token_hash == token_hash(access_token))).first()
        if access is None or access.verified or access.revoked_at is not None:
            return CodeOutcome(CodeKind.EXPIRED)
        request_id = access.advice_request_id
        attempt = rate_limits.begin(db, GUESS_KIND, f"advice:{request_id}", ip, now)
        if not attempt.allowed:
            return CodeOutcome(CodeKind.LOCKED)
        access = db.get(AdviceAccess, access.id)
        if access is None or access.code_expires_at <= now or access.wrong_tries >= MAX_WRONG_TRIES:
            return CodeOutcome(CodeKind.EXPIRED)
        expected = code_hmac("".join(code.split()), settings.secret_key, f"advice:{request_id}")
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
        db.execute(update(AdviceRequest).where(col(AdviceRequest.id) == request_id,
                                               col(AdviceRequest.status) == AdviceStatus.SENT)
                   .values(status=AdviceStatus.OPENED, opened_at=now, updated_at=now))
        request = db.get(AdviceRequest, request_id)
        audit.record(db, actor=f"professional:{request_id}", action="advice.opened", object_type="ehc_case",
                     object_id=request.case_id if request else "", advice_request_id=request_id, ip=ip)
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
    """Who is behind a verified access token: the one request they may see and answer, and its case."""

    request_id: int
    case_id: int
    answered: bool  # read only


def access_of(db: Session, access_token: str, link_token: str, now: datetime) -> Access | None:
    """The access a token gives through this link: verified, not expired or revoked, for the link's own
    request, and while that request still opens (a token for another request's link opens nothing)."""
    row = db.exec(select(AdviceAccess, AdviceRequest, EhcCase)
                  .join(AdviceRequest, col(AdviceRequest.id) == AdviceAccess.advice_request_id)
                  .join(EhcCase, col(EhcCase.id) == AdviceRequest.case_id)
                  .where(AdviceAccess.token_hash == token_hash(access_token))).first()
    if row is None:
        return None
    access, request, case = row
    if not access.verified or access.revoked_at is not None or access.expires_at <= now:
        return None
    if request.link_token_hash is None or not same(request.link_token_hash, token_hash(link_token)):
        return None
    kind = _kind(request, now)
    if kind not in (LinkKind.OPEN, LinkKind.ANSWERED):
        return None
    return Access(request.id or 0, case.id or 0, kind == LinkKind.ANSWERED)


@dataclass(frozen=True)
class Overview:
    """What the person asked sees once in: who the advice is about, by when, and the family's request."""

    advice_type: str
    reference: str
    child_name: str
    born: date
    due_on: date | None
    answered: bool
    steps: list[form_answers.StepSummary]
    documents: list[str]  # the names of the documents sent with the request, when the family agreed to share


def overview(engine: Engine, access_token: str, link_token: str, *, lang: Language, now: datetime) -> Overview | None:
    """The request's page for the person its link was sent to (None for anyone else); each view is audited."""
    with Session(engine, expire_on_commit=False) as db:
        access = access_of(db, access_token, link_token, now)
        if access is None:
            return None
        request = db.get(AdviceRequest, access.request_id)
        case = db.get(EhcCase, access.case_id)
        sent = cases.request_of(db, access.case_id)
        child = db.get(Child, case.child_id) if case else None
        if request is None or case is None or sent is None or child is None:
            return None
        shared = sent.consent_share_at is not None
        documents = applications.family_documents(db, sent.id or 0) if shared else []
        audit.record(db, actor=f"professional:{request.id}", action="advice.viewed", object_type=audit.CASE,
                     object_id=case.id, advice_request_id=request.id)
        db.commit()
    facts = applications.child_facts(child, case.received_on)
    form = registry.form(sent.form_key, sent.form_version)
    steps = form_answers.summarise(form, sent.answers, facts, lang,
                                   [{"id": doc.id, "name": doc.name, "details": doc.details} for doc in documents])
    return Overview(request.advice_type, case.reference, case.child_name, child.date_of_birth, request.due_on,
                    access.answered, steps, [doc.name for doc in documents])
