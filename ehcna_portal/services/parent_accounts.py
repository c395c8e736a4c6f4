"""Parent account journeys: register, confirm the email address, sign in, second factor.

Each function does its own database work in one transaction and is meant to be
called from a thread (``asyncio.to_thread``): several hash passwords with
bcrypt, which takes about a quarter of a second by design.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import quote

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal import logs, routes
from ehcna_portal.i18n import Language
from ehcna_portal.models import AccountToken, ParentAccount, TwoStepMethod, UserSession
from ehcna_portal.models.base import utcnow
from ehcna_portal.offload import password_work
from ehcna_portal.services import audit, outbox, rate_limits, sessions, two_step
from ehcna_portal.services.passwords import dummy_hash, hash_password, verify_password
from ehcna_portal.services.secrets_util import new_token, token_hash
from ehcna_portal.services.validation import (
    clean,
    email_error,
    normalise_phone,
    normalise_postcode,
    password_error,
)
from ehcna_portal.settings import Settings

VERIFY_LIFETIME = timedelta(hours=24)
TITLES = ("Mr", "Mrs", "Miss", "Ms", "Mx", "Dr")
GENDERS = ("female", "male", "other", "prefer_not_to_say")
_NAME_MAX = 100


@dataclass
class Registration:
    """Cleaned registration answers, and errors by field id (catalog keys)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


PERSONAL_FIELDS = ("title", "forename", "surname", "gender")
ADDRESS_FIELDS = ("postcode", "address_line_1", "address_line_2", "town", "uprn")
PHONE_FIELDS = ("home_phone", "mobile_phone", "work_phone")
SECTIONS = {"personal": PERSONAL_FIELDS, "circumstances": ADDRESS_FIELDS + PHONE_FIELDS}


def validate_registration(raw: dict[str, object]) -> Registration:
    """Check every field on the server; the order of ``errors`` follows the page."""
    return _validate(raw, ("email", "confirm_email", "password", *PERSONAL_FIELDS, *ADDRESS_FIELDS, *PHONE_FIELDS))


def validate_section(raw: dict[str, object], section: str) -> Registration:
    """The same checks for one My account section ("personal" or "circumstances")."""
    return _validate(raw, SECTIONS[section])


def _validate(raw: dict[str, object], fields: tuple[str, ...]) -> Registration:
    value = {name: clean(raw.get(name)) for name in fields}
    errors: dict[str, str] = {}

    def check(field_id: str, error: str | None) -> None:
        if error and field_id not in errors:
            errors[field_id] = error

    if "email" in value:
        value["email"] = value["email"].lower()
        value["confirm_email"] = value["confirm_email"].lower()
        value["password"] = raw.get("password") if isinstance(raw.get("password"), str) else ""  # type: ignore[assignment]
        check("email", email_error(value["email"]))
        if not value["confirm_email"]:
            check("confirm_email", "error.confirm_email.empty")
        elif value["confirm_email"] != value["email"]:
            check("confirm_email", "error.confirm_email.different")
        check("password", password_error(value["password"], email=value["email"]))
    if "title" in value:
        check("title", None if value["title"] in TITLES else "error.title.empty")
        for name in ("forename", "surname"):
            if not value[name]:
                check(name, f"error.{name}.empty")
            elif len(value[name]) > _NAME_MAX:
                check(name, f"error.{name}.too_long")
        check("gender", None if value["gender"] in GENDERS else "error.gender.empty")
    if "postcode" in value:
        _check_address(value, check)
    if "home_phone" in value:
        if not any(value[p] for p in PHONE_FIELDS):
            check("home_phone", "error.phone.none")
        for phone in PHONE_FIELDS:
            if value[phone]:
                normalised = normalise_phone(value[phone])
                check(phone, None if normalised else "error.phone.format")
                value[phone] = normalised or value[phone]
    return Registration(values=value, errors=errors)


def _check_address(value: dict[str, str], check) -> None:
    if not value["address_line_1"]:
        check("address_line_1", "error.address_line_1.empty")
    if not value["town"]:
        check("town", "error.town.empty")
    if not value["postcode"]:
        check("postcode", "error.postcode.empty")
    else:
        postcode = normalise_postcode(value["postcode"])
        check("postcode", None if postcode else "error.postcode.format")
        value["postcode"] = postcode or value["postcode"]
    for name, limit in (("address_line_1", 100), ("address_line_2", 100), ("town", 60)):
        if len(value[name]) > limit:
            check(name, f"error.{name}.too_long")


def register(engine: Engine, settings: Settings, values: dict[str, str], *, ip: str = "",
             lang: Language = "en") -> None:
    """Create the account and send the confirmation link — or, if the address is taken, tell its owner.

    The caller shows the same "check your email" page either way (no account enumeration), and
    whether or not the email was sent: emails asked for are limited per address and per IP
    (``rate_limits.may_send``). The language the parent registered in becomes their preferred
    language (emails, letters).
    """
    password_hash = hash_password(values["password"])
    with Session(engine) as db:
        send = rate_limits.may_send(db, settings, values["email"], ip)
        existing = db.exec(select(ParentAccount).where(ParentAccount.email == values["email"])).first()
        if existing is not None:
            if send:
                outbox.enqueue_to_parent(db, settings, existing, template="register_existing",
                                         idempotency_key=f"register_existing:{existing.id}:{new_token()[:12]}",
                                         sign_in_url=outbox.SitePath(routes.SIGN_IN),
                                         reset_url=outbox.SitePath(routes.FORGOTTEN_PASSWORD))
            audit.record(db, actor="anonymous", action="parent.register_existing",
                         object_type="parent_account", object_id=existing.id, ip=ip, emailed=send)
            db.commit()
            return
        parent = ParentAccount(
            email=values["email"], password_hash=password_hash, title=values["title"],
            forename=values["forename"], surname=values["surname"], gender=values["gender"],
            address_line_1=values["address_line_1"], address_line_2=values["address_line_2"],
            town=values["town"], postcode=values["postcode"], uprn=values["uprn"][:12],
            home_phone=values["home_phone"], mobile_phone=values["mobile_phone"],
            work_phone=values["work_phone"], preferred_language=lang)
        db.add(parent)
        db.flush()
        if send:  # otherwise "send the link again" works once the limit allows
            _send_verification(db, settings, parent)
        audit.record(db, actor=f"parent:{parent.id}", action="parent.registered",
                     object_type="parent_account", object_id=parent.id, ip=ip, emailed=send)
        db.commit()


def _send_verification(db: Session, settings: Settings, parent: ParentAccount,
                       now: datetime | None = None) -> None:
    now = now or utcnow()
    token = new_token()
    db.add(AccountToken(purpose="verify_email", parent_id=parent.id or 0, token_hash=token_hash(token),
                        created_at=now, expires_at=now + VERIFY_LIFETIME))
    db.flush()
    outbox.enqueue_to_parent(db, settings, parent, template="verify_email",
                             idempotency_key=f"verify_email:{token_hash(token)}", name=parent.forename,
                             link=outbox.SitePath(routes.complete_registration(token)))


class LinkResult(StrEnum):
    CONFIRMED = "confirmed"
    EXPIRED = "expired"
    USED = "used"
    INVALID = "invalid"


def complete_registration(engine: Engine, token: str, now: datetime | None = None) -> LinkResult:
    now = now or utcnow()
    with Session(engine) as db:
        row = db.exec(select(AccountToken).where((AccountToken.token_hash == token_hash(token))
                                                 & (AccountToken.purpose == "verify_email"))).first()
        if row is None:
            return LinkResult.INVALID
        parent = db.get(ParentAccount, row.parent_id)
        if row.used_at is not None or (parent and parent.email_verified_at):
            return LinkResult.USED
        if row.expires_at <= now:
            return LinkResult.EXPIRED
        row.used_at = now
        if parent is not None:
            parent.email_verified_at = now
            db.add(parent)
        db.add(row)
        audit.record(db, actor=f"parent:{row.parent_id}", action="parent.email_verified",
                     object_type="parent_account", object_id=row.parent_id)
        db.commit()
        return LinkResult.CONFIRMED


def resend_verification(engine: Engine, settings: Settings, *, token: str = "", email: str = "",
                        ip: str = "") -> None:
    """A new link for an unconfirmed account, found by an old link or by address.

    Silently does nothing for unknown or confirmed accounts (no enumeration), or when the address or
    IP has had its emails for now (``rate_limits.may_send``)."""
    with Session(engine) as db:
        parent = None
        if token:
            row = db.exec(select(AccountToken).where((AccountToken.token_hash == token_hash(token))
                                                     & (AccountToken.purpose == "verify_email"))).first()
            parent = db.get(ParentAccount, row.parent_id) if row else None
        elif email:
            parent = db.exec(select(ParentAccount).where(ParentAccount.email == email.lower())).first()
        if parent is None or parent.email_verified_at is not None:
            return
        if rate_limits.may_send(db, settings, parent.email, ip):
            _send_verification(db, settings, parent)
            db.commit()


class SignInKind(StrEnum):
    SIGNED_IN = "signed_in"  # no second factor set up
    NEEDS_CODE = "needs_code"
    WRONG = "wrong"
    UNVERIFIED = "unverified"
    LOCKED = "locked"


@dataclass(frozen=True)
class SignInResult:
    kind: SignInKind
    handoff: str = ""
    method: str = ""


SIGN_IN = "sign_in"  # the rate-limit kind every password check counts under (sign-in and re-authentication)


def sign_in(engine: Engine, settings: Settings, email: str, password: str, *, ip: str = "",
            user_agent: str = "", next_path: str = "", default_next: str = routes.ACCOUNT,
            code_page: str = routes.SIGN_IN_CODE, now: datetime | None = None,
            attempt: rate_limits.Attempt | None = None) -> SignInResult:
    """Check the password (always a bcrypt comparison, so timing says nothing) and start a session.

    ``attempt``: this try, already counted and waited (``sign_in_after_wait``); counted here if not."""
    now = now or utcnow()
    email = email.strip().lower()
    with Session(engine) as db:
        attempt = attempt or rate_limits.begin(db, SIGN_IN, rate_limits.account_key(email), ip, now)
        if not attempt.allowed:
            logs.audit("parent.sign_in_failed", actor="anonymous", result="locked", ip=ip)
            return SignInResult(SignInKind.LOCKED)
        parent = db.exec(select(ParentAccount).where(ParentAccount.email == email)).first()
        matches = verify_password(password, parent.password_hash if parent else dummy_hash())
        if parent is None or not matches:
            just_locked = rate_limits.settle(db, attempt, succeeded=False)
            audit.record(db, actor="anonymous", action="parent.sign_in_failed", object_type="parent_account",
                         object_id=parent.id if parent else "-", ip=ip, result="locked" if just_locked else "wrong")
            if just_locked and parent is not None:
                outbox.enqueue_to_parent(db, settings, parent, template="account_locked",
                                         idempotency_key=f"account_locked:{parent.id}:{now.isoformat()}",
                                         reset_url=outbox.SitePath(routes.FORGOTTEN_PASSWORD))
            db.commit()
            return SignInResult(SignInKind.LOCKED if just_locked else SignInKind.WRONG)
        if parent.email_verified_at is None:
            rate_limits.settle(db, attempt, succeeded=True)
            db.commit()
            logs.audit("parent.sign_in_failed", actor=f"parent:{parent.id}", object=f"parent_account:{parent.id}",
                       result="unverified", ip=ip)
            return SignInResult(SignInKind.UNVERIFIED)
        method = parent.two_step_method
        send_code = method == TwoStepMethod.EMAIL and rate_limits.may_send(db, settings, parent.email, ip, now)
        rate_limits.settle(db, attempt, succeeded=True)
        needs_code = method in (TwoStepMethod.EMAIL, TwoStepMethod.APP)
        stage = sessions.AWAITING_CODE if needs_code else sessions.SIGNED_IN
        row = sessions.start(db, parent.id or 0, stage=stage, two_step_verified=False, ip=ip,
                             user_agent=user_agent, now=now)
        if send_code:
            two_step.issue_email_code(db, settings, parent, row.id or 0, now)
        action = "parent.password_accepted" if needs_code else "parent.signed_in"
        audit.record(db, actor=f"parent:{parent.id}", action=action, object_type="parent_account",
                     object_id=parent.id, ip=ip)
        if needs_code:  # the code page carries on to where the parent was going (default: the EHC area)
            after = code_page + (f"?next={quote(next_path, safe='/')}" if next_path else "")
        else:
            after = next_path or default_next
        nonce = sessions.create_handoff(db, row, after, now)
        db.commit()
        return SignInResult(SignInKind.NEEDS_CODE if needs_code else SignInKind.SIGNED_IN,
                            handoff=nonce, method=method)


async def sign_in_after_wait(engine: Engine, settings: Settings, email: str, password: str,
                             **options: Any) -> SignInResult:
    """:func:`sign_in` for a handler: the try is counted and its delay waited before the password is
    checked (in the password pool)."""
    return await rate_limits.counted(
        engine, SIGN_IN, rate_limits.account_key(email), options.get("ip", ""),
        lambda attempt: password_work(sign_in, engine, settings, email, password, attempt=attempt, **options))


class CodeKind(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    USED_UP = "used_up"
    LOCKED = "locked"
    NO_SESSION = "no_session"


@dataclass(frozen=True)
class CodeOutcome:
    kind: CodeKind
    handoff: str = ""


CODE = "code"  # the rate-limit kind of second-factor codes


def _pending(db: Session, session_id: int) -> tuple[UserSession, ParentAccount] | None:
    """A sign-in waiting for its second factor, and its parent."""
    pending = db.get(UserSession, session_id)
    if pending is None or pending.stage != sessions.AWAITING_CODE or pending.revoked_at is not None:
        return None
    parent = db.get(ParentAccount, pending.parent_id)
    return (pending, parent) if parent is not None else None


def complete_second_factor(engine: Engine, settings: Settings, session_id: int, code: str, *,
                           ip: str = "", next_path: str = routes.EHC, now: datetime | None = None,
                           attempt: rate_limits.Attempt | None = None) -> CodeOutcome:
    """Check the emailed or authenticator code; on success replace the session with a verified one.

    ``attempt``: this try, already counted and waited (``second_factor_after_wait``); counted here if not.
    Every limit holds under parallel tries: the account's tries are counted before they are made
    (rate_limits), an emailed code's tries are taken with one conditional UPDATE (two_step), and an
    authenticator step or recovery code is used up with one conditional UPDATE."""
    now = now or utcnow()
    code = "".join(code.split())
    with Session(engine) as db:
        found = _pending(db, session_id)
        if found is None:
            return CodeOutcome(CodeKind.NO_SESSION)
        pending, parent = found
        attempt = attempt or rate_limits.begin(db, CODE, rate_limits.account_key(parent.email), ip, now)
        if not attempt.allowed:
            logs.audit("parent.code_failed", actor=f"parent:{parent.id}", object=f"parent_account:{parent.id}",
                       result="locked", ip=ip)
            return CodeOutcome(CodeKind.LOCKED)
        if parent.two_step_method == TwoStepMethod.APP:
            accepted = two_step.accept_totp(db, settings, parent, code, now) or (
                len(code) > 6 and two_step.use_recovery_code(db, parent.id or 0, code, now))
            result = two_step.CodeResult.OK if accepted else two_step.CodeResult.WRONG
        else:
            result = two_step.check_email_code(db, settings, session_id, code, now)
        if result != two_step.CodeResult.OK:
            rate_limits.settle(db, attempt, succeeded=False)
            audit.record(db, actor=f"parent:{parent.id}", action="parent.code_failed",
                         object_type="parent_account", object_id=parent.id, ip=ip, result=result.value)
            db.commit()
            return CodeOutcome(CodeKind(result.value))
        rate_limits.settle(db, attempt, succeeded=True)
        sessions.revoke(db, session_id, now)
        verified = sessions.start(db, parent.id or 0, stage=sessions.SIGNED_IN, two_step_verified=True,
                                  ip=ip, user_agent=pending.user_agent, now=now)
        audit.record(db, actor=f"parent:{parent.id}", action="parent.signed_in", object_type="parent_account",
                     object_id=parent.id, ip=ip, two_step=parent.two_step_method)
        nonce = sessions.create_handoff(db, verified, next_path, now)
        db.commit()
        return CodeOutcome(CodeKind.OK, handoff=nonce)


async def second_factor_after_wait(engine: Engine, settings: Settings, session_id: int, email: str, code: str,
                                   **options: Any) -> CodeOutcome:
    """:func:`complete_second_factor` for a handler: counted against ``email`` (the pending sign-in's
    address) and waited before the code is checked."""
    return await rate_limits.counted(
        engine, CODE, rate_limits.account_key(email), options.get("ip", ""),
        lambda attempt: asyncio.to_thread(complete_second_factor, engine, settings, session_id, code,
                                          attempt=attempt, **options))


def resend_sign_in_code(engine: Engine, settings: Settings, session_id: int, *, ip: str = "") -> bool:
    """Another emailed code for a sign-in waiting for one, unless the address or IP has had its emails for
    now; True when one was sent (the caller tells the parent the same either way)."""
    with Session(engine) as db:
        found = _pending(db, session_id)
        if found is None or not rate_limits.may_send(db, settings, found[1].email, ip):
            return False
        two_step.issue_email_code(db, settings, found[1], session_id)
        db.commit()
        return True


def choose_email_two_step(engine: Engine, parent_id: int) -> None:
    """Turn on emailed codes; like every 2SV change this signs the parent out everywhere (seed 1.1.5)."""
    with Session(engine) as db:
        parent = db.get(ParentAccount, parent_id)
        if parent is None:
            return
        parent.two_step_method = TwoStepMethod.EMAIL
        parent.totp_secret_encrypted = ""  # nosec B105 # clears the app secret (back to emailed codes)
        db.add(parent)
        sessions.revoke_all(db, parent_id)
        audit.record(db, actor=f"parent:{parent_id}", action="parent.two_step_changed",
                     object_type="parent_account", object_id=parent_id, method="email")
        db.commit()


def begin_app_setup(engine: Engine, settings: Settings, parent_id: int) -> tuple[str, str]:
    """A new authenticator secret, held encrypted until a first code confirms it.

    Returns (secret, QR code as a data URI)."""
    now = utcnow()
    secret = two_step.new_totp_secret()
    with Session(engine) as db:
        parent = db.get(ParentAccount, parent_id)
        if parent is None:
            return "", ""
        for old in db.exec(select(AccountToken).where((AccountToken.parent_id == parent_id)
                                                      & (AccountToken.purpose == "totp_setup")
                                                      & AccountToken.used_at.is_(None))).all():
            old.used_at = now
            db.add(old)
        db.add(AccountToken(purpose="totp_setup", parent_id=parent_id, token_hash=token_hash(new_token()),
                            created_at=now, expires_at=now + timedelta(minutes=30),
                            data={"secret": two_step.encrypt_secret(settings, secret)}))
        db.commit()
        uri = two_step.provisioning_uri(secret, parent.email)
    return secret, two_step.qr_code_svg_data_uri(uri)


def confirm_app_setup(engine: Engine, settings: Settings, parent_id: int, code: str) -> list[str] | None:
    """Switch to the authenticator app once a code from it checks out; returns the recovery codes."""
    now = utcnow()
    with Session(engine) as db:
        setup = db.exec(select(AccountToken).where(
            (AccountToken.parent_id == parent_id) & (AccountToken.purpose == "totp_setup")
            & AccountToken.used_at.is_(None)).order_by(AccountToken.id.desc())).first()  # type: ignore[union-attr]
        parent = db.get(ParentAccount, parent_id)
        if setup is None or parent is None or setup.expires_at <= now:
            return None
        secret = two_step.decrypt_secret(settings, setup.data.get("secret", ""))
        step = two_step.matching_step(secret, "".join(code.split()), now)
        if step is None:
            return None
        setup.used_at = now
        parent.two_step_method = TwoStepMethod.APP
        parent.totp_secret_encrypted = two_step.encrypt_secret(settings, secret)
        parent.totp_last_step = step
        codes = two_step.new_recovery_codes(db, parent_id)
        db.add(setup)
        db.add(parent)
        sessions.revoke_all(db, parent_id)
        audit.record(db, actor=f"parent:{parent_id}", action="parent.two_step_changed",
                     object_type="parent_account", object_id=parent_id, method="app")
        db.commit()
        return codes


RESET_LIFETIME = timedelta(hours=1)


def request_password_reset(engine: Engine, settings: Settings, email: str, *, ip: str = "",
                           lang: Language = "en") -> None:
    """Email a one-hour, single-use reset link if the account exists, and a "there is no account with this
    address" notice (in the page's language) if not; the caller says the same thing either way.

    Both paths do the same work before answering — the send limit, a token made and hashed, one email
    rendered and queued, one audit event — but for the token's own row, so neither the answer nor its
    time says whether the account exists. Nothing is sent once the address or IP has had its emails for
    now (``rate_limits.may_send``)."""
    email = email.strip().lower()
    now = utcnow()
    with Session(engine) as db:
        send = rate_limits.may_send(db, settings, email, ip, now)
        parent = db.exec(select(ParentAccount).where(ParentAccount.email == email)).first()
        token = new_token()
        if send and parent is not None:
            db.add(AccountToken(purpose="reset_password", parent_id=parent.id or 0, token_hash=token_hash(token),
                                created_at=now, expires_at=now + RESET_LIFETIME))
            outbox.enqueue_to_parent(db, settings, parent, template="reset_password",
                                     idempotency_key=f"reset_password:{token_hash(token)}", name=parent.forename,
                                     link=outbox.SitePath(routes.reset_password(token)))
        elif send:
            outbox.enqueue(db, settings, template="reset_no_account", to=email, lang=lang,
                           idempotency_key=f"reset_no_account:{token_hash(token)}",
                           register_url=outbox.SitePath(routes.REGISTER),
                           reset_url=outbox.SitePath(routes.FORGOTTEN_PASSWORD))
        audit.record(db, actor="anonymous", action="parent.password_reset_requested", object_type="parent_account",
                     object_id=parent.id if parent is not None else "-", ip=ip,
                     result="sent" if send else "not_sent")
        db.commit()


def _live_reset_token(db: Session, token: str, now: datetime) -> tuple[LinkResult, AccountToken | None]:
    row = db.exec(select(AccountToken).where((AccountToken.token_hash == token_hash(token))
                                             & (AccountToken.purpose == "reset_password"))).first()
    if row is None:
        return LinkResult.INVALID, None
    if row.used_at is not None:
        return LinkResult.USED, None
    if row.expires_at <= now:
        return LinkResult.EXPIRED, None
    return LinkResult.CONFIRMED, row


def check_reset_link(engine: Engine, token: str) -> LinkResult:
    with Session(engine) as db:
        return _live_reset_token(db, token, utcnow())[0]


def reset_password(engine: Engine, settings: Settings, token: str, new_password: str, *,
                   ip: str = "") -> LinkResult:
    """Set a new password from a reset link; every session of the account ends."""
    password_hash = hash_password(new_password)
    now = utcnow()
    with Session(engine) as db:
        result, row = _live_reset_token(db, token, now)
        parent = db.get(ParentAccount, row.parent_id) if row else None
        if row is None or parent is None:
            logs.audit("parent.password_reset_failed", actor="anonymous", ip=ip, result=result.value)
            return result
        row.used_at = now
        parent.password_hash = password_hash
        parent.email_verified_at = parent.email_verified_at or now  # the link proved the address
        db.add(row)
        db.add(parent)
        sessions.revoke_all(db, parent.id or 0, now=now)
        outbox.enqueue_to_parent(db, settings, parent, template="password_changed",
                                 idempotency_key=f"password_changed:{parent.id}:{now.isoformat()}",
                                 reset_url=outbox.SitePath(routes.FORGOTTEN_PASSWORD))
        audit.record(db, actor=f"parent:{parent.id}", action="parent.password_reset",
                     object_type="parent_account", object_id=parent.id, ip=ip)
        db.commit()
        return LinkResult.CONFIRMED


def password_again(db: Session, parent: ParentAccount, password: str, ip: str,
                   attempt: rate_limits.Attempt | None) -> bool:
    """Re-authentication goes through the sign-in limits: counted against the account's sign-in key (so
    guesses here and at sign-in add up), refused with ``TooManyAttempts`` once it is locked."""
    attempt = attempt or rate_limits.begin(db, SIGN_IN, rate_limits.account_key(parent.email), ip)
    if not attempt.allowed:
        logs.audit("parent.reauthentication_failed", actor=f"parent:{parent.id}", result="locked", ip=ip)
        raise rate_limits.TooManyAttempts
    right = verify_password(password, parent.password_hash)
    rate_limits.settle(db, attempt, succeeded=right)
    if not right:
        audit.record(db, actor=f"parent:{parent.id}", action="parent.reauthentication_failed",
                     object_type="parent_account", object_id=parent.id, ip=ip)
    db.commit()  # the try's outcome stands on its own; what the caller then writes is a transaction of its own
    return right


async def reauthenticated(engine: Engine, email: str, ip: str, work: Any, /, *args: Any, **kwargs: Any) -> Any:
    """``work(*args, attempt=…, **kwargs)`` (a function that asks for the password again) in the password
    pool, after the try is counted against ``email``'s sign-in limit and its delay waited."""
    return await rate_limits.counted(
        engine, SIGN_IN, rate_limits.account_key(email), ip,
        lambda attempt: password_work(work, *args, attempt=attempt, **kwargs))


def change_password(engine: Engine, settings: Settings, parent_id: int, current: str, new_password: str, *,
                    ip: str = "", attempt: rate_limits.Attempt | None = None) -> bool:
    """My account › Change password: needs the current password; then every session ends (seed 1.1.5)."""
    new_hash = hash_password(new_password)
    now = utcnow()
    with Session(engine) as db:
        parent = db.get(ParentAccount, parent_id)
        if parent is None or not password_again(db, parent, current, ip, attempt):
            return False
        parent.password_hash = new_hash
        db.add(parent)
        sessions.revoke_all(db, parent_id, now=now)
        outbox.enqueue_to_parent(db, settings, parent, template="password_changed",
                                 idempotency_key=f"password_changed:{parent_id}:{now.isoformat()}",
                                 reset_url=outbox.SitePath(routes.FORGOTTEN_PASSWORD))
        audit.record(db, actor=f"parent:{parent_id}", action="parent.password_changed",
                     object_type="parent_account", object_id=parent_id, ip=ip)
        db.commit()
        return True


def set_preferred_language(engine: Engine, parent_id: int, lang: Language) -> None:
    """Remember the language a parent chose (their emails and letters follow it)."""
    with Session(engine) as db:
        db.execute(update(ParentAccount).where(col(ParentAccount.id) == parent_id)
                   .values(preferred_language=lang))
        db.commit()


def account_details(engine: Engine, parent_id: int) -> dict[str, str]:
    """What My account shows: the parent's own details, as text."""
    with Session(engine) as db:
        parent = db.get(ParentAccount, parent_id)
        if parent is None:
            return {}
        fields = ("email", *PERSONAL_FIELDS, *ADDRESS_FIELDS, *PHONE_FIELDS, "two_step_method")
        return {name: str(getattr(parent, name) or "") for name in fields}


def update_section(engine: Engine, parent_id: int, values: dict[str, str], section: str) -> None:
    """Save checked My account answers; like every account change this signs the parent out everywhere."""
    with Session(engine) as db:
        parent = db.get(ParentAccount, parent_id)
        if parent is None:
            return
        for name in SECTIONS[section]:
            setattr(parent, name, values.get(name, "")[:100])
        db.add(parent)
        sessions.revoke_all(db, parent_id)
        audit.record(db, actor=f"parent:{parent_id}", action=f"parent.{section}_changed",
                     object_type="parent_account", object_id=parent_id)
        db.commit()


def request_email_change(engine: Engine, settings: Settings, parent_id: int, new_email: str, password: str, *,
                         ip: str = "", attempt: rate_limits.Attempt | None = None) -> bool:
    """Check the password, then send a link to the new address and a notice to the old one.

    Returns False for a wrong password. If the new address belongs to another account, that
    account's owner is told instead and nothing changes — the parent sees the same page, as they do
    when the new address has had its emails for now (``rate_limits.may_send``).
    """
    now = utcnow()
    with Session(engine) as db:
        parent = db.get(ParentAccount, parent_id)
        if parent is None or not password_again(db, parent, password, ip, attempt):
            return False
        taken = db.exec(select(ParentAccount).where(ParentAccount.email == new_email)).first()
        if not rate_limits.may_send(db, settings, new_email, ip, now):
            pass
        elif taken is not None:
            outbox.enqueue_to_parent(db, settings, taken, template="register_existing",
                                     idempotency_key=f"email_change_taken:{taken.id}:{new_token()[:12]}",
                                     sign_in_url=outbox.SitePath(routes.SIGN_IN),
                                     reset_url=outbox.SitePath(routes.FORGOTTEN_PASSWORD))
        else:
            token = new_token()
            db.add(AccountToken(purpose="change_email", parent_id=parent_id, token_hash=token_hash(token),
                                created_at=now, expires_at=now + VERIFY_LIFETIME, data={"email": new_email}))
            outbox.enqueue_to_parent(db, settings, parent, template="confirm_new_email", to=new_email,
                                     idempotency_key=f"confirm_new_email:{token_hash(token)}", name=parent.forename,
                                     link=outbox.SitePath(routes.confirm_new_email(token)))
            outbox.enqueue_to_parent(db, settings, parent, template="email_change_requested",
                                     idempotency_key=f"email_change_requested:{token_hash(token)}")
        audit.record(db, actor=f"parent:{parent_id}", action="parent.email_change_requested",
                     object_type="parent_account", object_id=parent_id)
        db.commit()
        return True


def confirm_email_change(engine: Engine, token: str) -> LinkResult:
    """The link sent to the new address: switch to it and end every session."""
    now = utcnow()
    with Session(engine) as db:
        row = db.exec(select(AccountToken).where((AccountToken.token_hash == token_hash(token))
                                                 & (AccountToken.purpose == "change_email"))).first()
        if row is None:
            return LinkResult.INVALID
        if row.used_at is not None:
            return LinkResult.USED
        if row.expires_at <= now:
            return LinkResult.EXPIRED
        parent = db.get(ParentAccount, row.parent_id)
        new_email = row.data.get("email", "")
        if parent is None or db.exec(select(ParentAccount).where(ParentAccount.email == new_email)).first():
            return LinkResult.INVALID
        old_email = parent.email
        parent.email = new_email
        parent.email_verified_at = now
        row.used_at = now
        db.add(parent)
        db.add(row)
        sessions.revoke_all(db, parent.id or 0, now=now)
        audit.record(db, actor=f"parent:{parent.id}", action="parent.email_changed", object_type="parent_account",
                     object_id=parent.id, previous=old_email)
        db.commit()
        return LinkResult.CONFIRMED
