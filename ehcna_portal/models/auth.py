"""Sessions, single-use tokens, sign-in codes, recovery codes and attempt records.

Secrets never sit in the database in the clear: session tokens, link tokens
and recovery codes are stored as SHA-256 hashes (they are long and random);
six-digit codes as HMACs keyed with EHCNA_SECRET_KEY (they are short).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from ehcna_portal import routes
from ehcna_portal.models.base import utcnow


class UserSession(SQLModel, table=True):
    """A signed-in browser. ``stage`` is ``awaiting_code`` between password and second factor."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    parent_id: int = Field(foreign_key="parent_account.id", index=True)
    stage: str = Field(max_length=20)  # "awaiting_code" or "signed_in"
    two_step_verified: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    ip: str = Field(default="", max_length=45)
    user_agent: str = Field(default="", max_length=300)


class StaffSession(SQLModel, table=True):
    """A staff member's signed-in browser: ``awaiting_app`` until the authenticator code is given.

    The cookie's token is minted by redeeming ``handoff_hash`` (one minute, single use), as for parents."""

    __tablename__ = "staff_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    staff_id: int = Field(foreign_key="staff_account.id", index=True)
    stage: str = Field(max_length=20)  # "awaiting_app" or "signed_in"
    handoff_hash: str = Field(default="", max_length=64, index=True)
    handoff_expires_at: datetime | None = None
    handoff_next: str = Field(default=routes.STAFF_QUEUE, max_length=200)
    pending_secret_encrypted: str = Field(default="", max_length=300)  # an authenticator being set up
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None


class AccountToken(SQLModel, table=True):
    """A single-use secret sent by email or handed to the browser (verify, reset, change email, handoff)."""

    __tablename__ = "account_token"

    id: int | None = Field(default=None, primary_key=True)
    purpose: str = Field(max_length=30)
    parent_id: int = Field(foreign_key="parent_account.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
    data: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SignInCode(SQLModel, table=True):
    """The six-digit code emailed at sign-in: 10 minutes, single use, 5 wrong tries."""

    __tablename__ = "sign_in_code"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="user_session.id", index=True)
    code_hmac: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    wrong_tries: int = 0
    used_at: datetime | None = None


class RecoveryCode(SQLModel, table=True):
    """One-time codes shown once when an authenticator app is set up, for a lost phone."""

    __tablename__ = "recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int = Field(foreign_key="parent_account.id", index=True)
    code_hash: str = Field(max_length=64)
    used_at: datetime | None = None


class AuthAttempt(SQLModel, table=True):
    """One try at something rate-limited; counted across workers because it is in the database."""

    __tablename__ = "auth_attempt"
    __table_args__ = (Index("ix_auth_attempt_lookup", "kind", "subject", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # sign_in, code, resend, reset
    subject: str = Field(max_length=300)  # "account:<email>" or "ip:<address>"
    succeeded: bool = False
    at: datetime = Field(default_factory=utcnow)
