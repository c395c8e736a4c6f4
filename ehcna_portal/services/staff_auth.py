"""Staff sign-in: password, then always an authenticator app (set up at the first sign-in).

Staff sessions live in their own table and their own cookie, so a parent's
session can never open a staff page, whatever it carries. As for parents, the
browser gets its token only by redeeming a one-minute handoff nonce through a
full navigation, and a new session replaces the half-signed-in one once the
authenticator code is accepted (no fixation).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ehcna_portal import logs, routes
from ehcna_portal.models import StaffAccount, StaffSession
from ehcna_portal.models.base import utcnow
from ehcna_portal.offload import password_work
from ehcna_portal.services import audit, rate_limits, two_step
from ehcna_portal.services.passwords import dummy_hash, verify_password
from ehcna_portal.services.secrets_util import new_token, token_hash
from ehcna_portal.services.sessions import ABSOLUTE_LIMIT, HANDOFF_LIFETIME, IDLE_LIMIT, TOUCH_EVERY, safe_next
from ehcna_portal.settings import Settings

AWAITING_APP = "awaiting_app"
SIGNED_IN = "signed_in"


@dataclass(frozen=True)
class StaffView:
    session_id: int
    staff_id: int
    name: str
    email: str
    role: str
    stage: str
    has_authenticator: bool

    @property
    def signed_in(self) -> bool:
        return self.stage == SIGNED_IN


def _start(db: Session, staff_id: int, stage: str, next_path: str, now: datetime) -> str:
    """A session row and the nonce the browser swaps for its cookie."""
    nonce = new_token()
    db.add(StaffSession(token_hash=token_hash(new_token()), staff_id=staff_id, stage=stage,
                        handoff_hash=token_hash(nonce), handoff_expires_at=now + HANDOFF_LIFETIME,
                        handoff_next=safe_next(next_path)[:200], created_at=now, last_seen_at=now,
                        expires_at=now + ABSOLUTE_LIMIT))
    return nonce


def redeem(db: Session, nonce: str, now: datetime | None = None) -> tuple[str, str] | None:
    """(session token, next path) for a live unused nonce; the nonce is spent either way."""
    now = now or utcnow()
    if not nonce:
        return None
    row = db.exec(select(StaffSession).where(StaffSession.handoff_hash == token_hash(nonce))).first()
    if row is None:
        return None
    expired = row.handoff_expires_at is None or row.handoff_expires_at <= now
    row.handoff_hash, row.handoff_expires_at = "", None
    db.add(row)
    if expired or row.revoked_at is not None or row.expires_at <= now:
        return None
    token = new_token()
    row.token_hash = token_hash(token)
    row.last_seen_at = now
    return token, row.handoff_next


def lookup(db: Session, token: str, now: datetime | None = None) -> StaffView | None:
    """The live staff session for a cookie value (active account, not revoked, idle 20 min, 12 h)."""
    if not token:
        return None
    now = now or utcnow()
    found = db.exec(select(StaffSession, StaffAccount).join(StaffAccount)
                    .where(StaffSession.token_hash == token_hash(token))).first()
    if found is None:
        return None
    row, staff = found
    if (row.revoked_at is not None or row.expires_at <= now or now - row.last_seen_at > IDLE_LIMIT
            or not staff.is_active):
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        db.add(row)
        db.commit()
    return StaffView(row.id or 0, staff.id or 0, staff.name, staff.email, staff.role, row.stage,
                     bool(staff.totp_secret_encrypted))


@dataclass(frozen=True)
class SignInResult:
    ok: bool
    locked: bool = False
    handoff: str = ""


SIGN_IN = "staff_sign_in"
CODE = "staff_code"


def sign_in_key(email: str) -> str:
    return rate_limits.account_key("staff:" + email)


def sign_in(engine: Engine, email: str, password: str, *, ip: str = "", now: datetime | None = None,
            attempt: rate_limits.Attempt | None = None) -> SignInResult:
    """Check the password (always a bcrypt comparison) and start a session that still needs the app code.

    ``attempt``: this try, already counted and waited (``sign_in_after_wait``); counted here if not."""
    now = now or utcnow()
    email = email.strip().lower()
    with Session(engine) as db:
        attempt = attempt or rate_limits.begin(db, SIGN_IN, sign_in_key(email), ip, now)
        if not attempt.allowed:
            logs.audit("staff.sign_in_failed", actor="anonymous", result="locked", ip=ip)
            return SignInResult(False, locked=True)
        staff = db.exec(select(StaffAccount).where(StaffAccount.email == email)).first()
        matches = verify_password(password, staff.password_hash if staff else dummy_hash())
        if staff is None or not matches or not staff.is_active:
            locked = rate_limits.settle(db, attempt, succeeded=False)
            audit.record(db, actor="anonymous", action="staff.sign_in_failed", object_type="staff_account",
                         object_id=staff.id if staff else "-", ip=ip, result="locked" if locked else "wrong")
            db.commit()
            return SignInResult(False, locked=locked)
        rate_limits.settle(db, attempt, succeeded=True)
        audit.record(db, actor=f"staff:{staff.id}", action="staff.password_accepted", object_type="staff_account",
                     object_id=staff.id, ip=ip)
        nonce = _start(db, staff.id or 0, AWAITING_APP, routes.STAFF_TWO_STEP, now)
        db.commit()
        return SignInResult(True, handoff=nonce)


async def sign_in_after_wait(engine: Engine, email: str, password: str, *, ip: str = "") -> SignInResult:
    """:func:`sign_in` for a handler: counted and waited before the password is checked (password pool)."""
    return await rate_limits.counted(engine, SIGN_IN, sign_in_key(email.strip().lower()), ip,
                                     lambda attempt: password_work(sign_in, engine, email, password, ip=ip,
                                                                   attempt=attempt))


@dataclass(frozen=True)
class Setup:
    secret: str
    qr_code: str  # an inline SVG data URI
    uri: str


def begin_setup(engine: Engine, settings: Settings, session_id: int) -> Setup | None:
    """A new authenticator secret for a staff member who has none, kept on the half-signed-in session."""
    with Session(engine) as db:
        row = db.get(StaffSession, session_id)
        staff = db.get(StaffAccount, row.staff_id) if row else None
        if row is None or staff is None or row.stage != AWAITING_APP or staff.totp_secret_encrypted:
            return None
        secret = two_step.new_totp_secret()
        row.pending_secret_encrypted = two_step.encrypt_secret(settings, secret)
        db.add(row)
        db.commit()
        uri = two_step.provisioning_uri(secret, staff.email)
        return Setup(secret, two_step.qr_code_svg_data_uri(uri), uri)


def code_key(staff_id: int) -> str:
    return rate_limits.account_key(f"staff-code:{staff_id}")


def verify_code(engine: Engine, settings: Settings, session_id: int, code: str, *, ip: str = "",
                now: datetime | None = None, attempt: rate_limits.Attempt | None = None) -> str | None:
    """Accept an authenticator code (setting the app up if this is the first): a handoff nonce for
    the new, fully signed-in session, or None when the code is wrong, reused or rate-limited.

    ``attempt``: this try, already counted and waited (``verify_code_after_wait``); counted here if not."""
    now = now or utcnow()
    with Session(engine) as db:
        row = db.get(StaffSession, session_id)
        staff = db.get(StaffAccount, row.staff_id) if row else None
        if row is None or staff is None or row.stage != AWAITING_APP or row.revoked_at is not None:
            return None
        attempt = attempt or rate_limits.begin(db, CODE, code_key(staff.id or 0), ip, now)
        if not attempt.allowed:
            logs.audit("staff.code_failed", actor=f"staff:{staff.id}", object=f"staff_account:{staff.id}",
                       result="locked", ip=ip)
            return None
        setting_up = not staff.totp_secret_encrypted
        if setting_up:
            staff.totp_secret_encrypted = row.pending_secret_encrypted
        accepted = bool(staff.totp_secret_encrypted) and two_step.accept_totp(db, settings, staff, code.strip(), now)
        if not accepted:
            db.rollback()
            rate_limits.settle(db, attempt, succeeded=False)
            db.commit()
            logs.audit("staff.code_failed", actor=f"staff:{staff.id}", object=f"staff_account:{staff.id}",
                       result="wrong", ip=ip)
            return None
        rate_limits.settle(db, attempt, succeeded=True)
        db.execute(update(StaffSession).where(col(StaffSession.id) == row.id).values(revoked_at=now))
        audit.record(db, actor=f"staff:{staff.id}", action="staff.authenticator_set_up" if setting_up
                     else "staff.signed_in", object_type="staff_account", object_id=staff.id, ip=ip)
        nonce = _start(db, staff.id or 0, SIGNED_IN, routes.STAFF_QUEUE, now)
        db.commit()
        return nonce


async def verify_code_after_wait(engine: Engine, settings: Settings, view: StaffView, code: str, *,
                                 ip: str = "") -> str | None:
    """:func:`verify_code` for a handler: counted and waited before the code is checked."""
    return await rate_limits.counted(engine, CODE, code_key(view.staff_id), ip,
                                     lambda attempt: asyncio.to_thread(verify_code, engine, settings, view.session_id,
                                                                       code, ip=ip, attempt=attempt))


def sign_out(engine: Engine, token: str, now: datetime | None = None) -> None:
    with Session(engine) as db:
        view = lookup(db, token, now)
        if view is not None:
            db.execute(update(StaffSession).where(col(StaffSession.id) == view.session_id)
                       .values(revoked_at=now or utcnow()))
            audit.record(db, actor=f"staff:{view.staff_id}", action="staff.signed_out", object_type="staff_account",
                         object_id=view.staff_id)
            db.commit()
