"""Server-issued sessions.

A session row is created when a password is accepted. The browser gets its
token only through a *handoff*: the event handler creates a one-minute,
single-use nonce, the browser navigates to ``/api/session/start?n=…``, and
that route mints the session token, stores its hash, and sets it as an
HttpOnly cookie. The token is therefore never in Reflex state, never in
JavaScript-readable storage, and is new on every sign-in and after the
second factor (no fixation). The websocket handshake carries the cookie, and
every protected handler looks the session up again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, update
from sqlmodel import Session, select

from ehcna_portal.models import AccountToken, ParentAccount, UserSession
from ehcna_portal.models.base import utcnow
from ehcna_portal.services.secrets_util import new_token, token_hash

IDLE_LIMIT = timedelta(minutes=20)
ABSOLUTE_LIMIT = timedelta(hours=12)
HANDOFF_LIFETIME = timedelta(seconds=60)
TOUCH_EVERY = timedelta(seconds=30)
AWAITING_CODE = "awaiting_code"
SIGNED_IN = "signed_in"


@dataclass(frozen=True)
class SessionView:
    """What handlers need to know about the caller."""

    session_id: int
    parent_id: int
    stage: str
    two_step_verified: bool
    display_name: str
    email: str
    two_step_method: str
    preferred_language: str = "en"

    @property
    def signed_in(self) -> bool:
        return self.stage == SIGNED_IN


def start(db: Session, parent_id: int, *, stage: str, two_step_verified: bool, ip: str = "",
          user_agent: str = "", now: datetime | None = None) -> UserSession:
    """A new session row; its real token is minted when the handoff is redeemed."""
    now = now or utcnow()
    row = UserSession(token_hash=token_hash(new_token()), parent_id=parent_id, stage=stage,
                      two_step_verified=two_step_verified, created_at=now, last_seen_at=now,
                      expires_at=now + ABSOLUTE_LIMIT, ip=ip[:45], user_agent=user_agent[:300])
    db.add(row)
    db.flush()
    return row


def create_handoff(db: Session, user_session: UserSession, next_path: str,
                   now: datetime | None = None) -> str:
    """A one-minute nonce the browser exchanges for the session cookie."""
    now = now or utcnow()
    nonce = new_token()
    db.add(AccountToken(purpose="handoff", parent_id=user_session.parent_id, token_hash=token_hash(nonce),
                        created_at=now, expires_at=now + HANDOFF_LIFETIME,
                        data={"session_id": user_session.id, "next": safe_next(next_path)}))
    return nonce


def safe_next(path: str) -> str:
    """Only same-site paths: never ``//host`` or ``https://…`` (no open redirect)."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


def redeem_handoff(db: Session, nonce: str, now: datetime | None = None) -> tuple[str, str] | None:
    """(session token, next path) for a valid unused nonce; the nonce is spent either way."""
    now = now or utcnow()
    handoff = db.exec(select(AccountToken).where(
        (AccountToken.token_hash == token_hash(nonce)) & (AccountToken.purpose == "handoff"))).first()
    if handoff is None or handoff.used_at is not None or handoff.expires_at <= now:
        return None
    handoff.used_at = now
    db.add(handoff)
    row = db.get(UserSession, handoff.data.get("session_id"))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    token = new_token()
    row.token_hash = token_hash(token)
    row.last_seen_at = now
    db.add(row)
    return token, handoff.data.get("next", "/")


# Built once: every protected event runs it (plain columns on the session's connection, no ORM objects).
_LIVE = (select(UserSession.id, UserSession.stage, UserSession.two_step_verified, UserSession.revoked_at,
                UserSession.expires_at, UserSession.last_seen_at, ParentAccount.id, ParentAccount.forename,
                ParentAccount.surname, ParentAccount.email, ParentAccount.two_step_method,
                ParentAccount.preferred_language)
         .join(ParentAccount).where(UserSession.token_hash == bindparam("token_hash")))


def lookup(db: Session, token: str, now: datetime | None = None, *, touch: bool = True) -> SessionView | None:
    """The live session for a cookie value, or None (unknown, revoked, idle too long, too old).

    Every protected event calls this, so it is one prepared query and, at most every ``TOUCH_EVERY``,
    one UPDATE."""
    if not token:
        return None
    now = now or utcnow()
    found = db.connection().execute(_LIVE, {"token_hash": token_hash(token)}).first()
    if found is None:
        return None
    (session_id, stage, two_step_verified, revoked_at, expires_at, last_seen_at,
     parent_id, forename, surname, email, two_step_method, preferred_language) = found
    if revoked_at is not None or expires_at <= now or now - last_seen_at > IDLE_LIMIT:
        return None
    if touch and now - last_seen_at > TOUCH_EVERY:
        db.execute(update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now))
        db.commit()
    return SessionView(session_id=session_id, parent_id=parent_id, stage=stage, two_step_verified=two_step_verified,
                       display_name=f"{forename} {surname}".strip(), email=email, two_step_method=two_step_method,
                       preferred_language=preferred_language)


def revoke(db: Session, session_id: int, now: datetime | None = None) -> None:
    db.execute(update(UserSession).where((UserSession.id == session_id) & UserSession.revoked_at.is_(None))
               .values(revoked_at=now or utcnow()))


def revoke_all(db: Session, parent_id: int, *, except_session: int | None = None,
               now: datetime | None = None) -> None:
    """End every session of an account (password reset, password change, lockout)."""
    condition = (UserSession.parent_id == parent_id) & UserSession.revoked_at.is_(None)
    if except_session is not None:
        condition = condition & (UserSession.id != except_session)
    db.execute(update(UserSession).where(condition).values(revoked_at=now or utcnow()))


def touch(db: Session, session_id: int, now: datetime | None = None) -> None:
    """The parent is still there ("Stay signed in", or activity on the page)."""
    db.execute(update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now or utcnow()))
