"""Second factors: an emailed code (the seed's method) or an authenticator app (TOTP).

Email codes: six digits, valid 10 minutes, single use, at most 5 tries (the
column is still called ``wrong_tries``; it counts every try), stored as an HMAC.
Authenticator apps: RFC 6238 via pyotp, one step
of clock drift either way, a code (time step) is never accepted twice, the
shared secret is encrypted at rest with a key derived from EHCNA_SECRET_KEY.
Recovery codes are shown once and stored hashed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import func, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from ehcna_portal.models import ParentAccount, RecoveryCode, SignInCode, StaffAccount
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import outbox
from ehcna_portal.services.secrets_util import code_hmac, new_numeric_code, same, token_hash
from ehcna_portal.settings import Settings

CODE_LIFETIME = timedelta(minutes=10)
MAX_WRONG_TRIES = 5
RECOVERY_CODES = 10
ISSUER = "Coventry Education Services Portal"


class CodeResult(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    USED_UP = "used_up"  # too many wrong tries, or no live code: ask for a new one


def issue_email_code(db: Session, settings: Settings, parent: ParentAccount, session_id: int,
                     now: datetime | None = None) -> None:
    """A fresh code replaces any earlier one for this sign-in, and goes out through the outbox."""
    now = now or utcnow()
    for earlier in db.exec(select(SignInCode).where(
            (SignInCode.session_id == session_id) & SignInCode.used_at.is_(None))).all():
        earlier.used_at = now
        db.add(earlier)
    code = new_numeric_code()
    row = SignInCode(session_id=session_id, code_hmac=code_hmac(code, settings.secret_key, f"s{session_id}"),
                     created_at=now, expires_at=now + CODE_LIFETIME)
    db.add(row)
    db.flush()
    outbox.enqueue_to_parent(db, settings, parent, template="sign_in_code",
                             idempotency_key=f"sign_in_code:{row.id}", code=code)


def check_email_code(db: Session, settings: Settings, session_id: int, code: str,
                     now: datetime | None = None) -> CodeResult:
    """Check a code against the sign-in's live one. The try is taken first, with one conditional UPDATE
    (``tries < 5`` and still live), so parallel guesses cannot check more than 5 between them, and a
    right code is used up by another conditional UPDATE, so it works once however many arrive at once."""
    now = now or utcnow()
    live = (SignInCode.session_id == session_id) & col(SignInCode.used_at).is_(None)
    newest_live = select(func.max(SignInCode.id)).where(live).scalar_subquery()
    taken = db.execute(update(SignInCode).where(
        (SignInCode.id == newest_live) & (SignInCode.wrong_tries < MAX_WRONG_TRIES) & (SignInCode.expires_at > now))
        .values(wrong_tries=SignInCode.wrong_tries + 1)
        .returning(SignInCode.id, SignInCode.code_hmac, SignInCode.wrong_tries)
        .execution_options(synchronize_session=False)).first()
    if taken is None:
        newest = db.exec(select(SignInCode).where(live).order_by(col(SignInCode.id).desc())).first()
        return CodeResult.EXPIRED if newest is not None and newest.expires_at <= now else CodeResult.USED_UP
    code_id, expected, tries = taken
    if same(expected, code_hmac(code, settings.secret_key, f"s{session_id}")):
        used = db.execute(update(SignInCode).where((SignInCode.id == code_id) & col(SignInCode.used_at).is_(None))
                          .values(used_at=now).execution_options(synchronize_session=False))
        return CodeResult.OK if used.rowcount == 1 else CodeResult.USED_UP
    if tries >= MAX_WRONG_TRIES:
        db.execute(update(SignInCode).where(SignInCode.id == code_id).values(used_at=now)
                   .execution_options(synchronize_session=False))
        return CodeResult.USED_UP
    return CodeResult.WRONG


def _fernet(settings: Settings) -> Fernet:
    key = hashlib.sha256(f"totp-secrets:{settings.secret_key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def new_totp_secret() -> str:
    return pyotp.random_base32()


def encrypt_secret(settings: Settings, secret: str) -> str:
    return _fernet(settings).encrypt(secret.encode()).decode()


def decrypt_secret(settings: Settings, encrypted: str) -> str:
    try:
        return _fernet(settings).decrypt(encrypted.encode()).decode()
    except InvalidToken:
        return ""


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_code_svg_data_uri(uri: str) -> str:
    """The QR code as an inline SVG image: drawn on the server, no third-party service."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code is ``code``, allowing one step of drift either way."""
    if not (code.isdigit() and len(code) == 6) or not secret:
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // totp.interval
    for step in (current - 1, current, current + 1):
        if same(totp.generate_otp(step), code):
            return step
    return None


def accept_totp(db: Session, settings: Settings, parent: ParentAccount | StaffAccount, code: str,
                now: datetime | None = None) -> bool:
    """Check an authenticator code for a parent or a staff member; an accepted step can never be replayed,
    not even by the same code sent twice at once (one conditional UPDATE takes the step)."""
    step = matching_step(decrypt_secret(settings, parent.totp_secret_encrypted), code, now or utcnow())
    if step is None or step <= parent.totp_last_step:
        return False
    table = type(parent)
    taken = db.execute(update(table).where((table.id == parent.id) & (table.totp_last_step < step))
                       .values(totp_last_step=step).execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        return False
    set_committed_value(parent, "totp_last_step", step)
    return True


def new_recovery_codes(db: Session, parent_id: int) -> list[str]:
    """Replace the parent's recovery codes; the plain codes are returned once, to be shown once."""
    for old in db.exec(select(RecoveryCode).where(RecoveryCode.parent_id == parent_id)).all():
        db.delete(old)
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(5)).decode().lower()
        code = f"{raw[:4]}-{raw[4:]}"
        codes.append(code)
        db.add(RecoveryCode(parent_id=parent_id, code_hash=token_hash(code)))
    return codes


def use_recovery_code(db: Session, parent_id: int, code: str, now: datetime | None = None) -> bool:
    """Use a recovery code up; one conditional UPDATE, so a code works once even when sent twice at once."""
    normalised = code.strip().lower().replace(" ", "")
    used = db.execute(update(RecoveryCode).where(
        (RecoveryCode.parent_id == parent_id) & (RecoveryCode.code_hash == token_hash(normalised))
        & col(RecoveryCode.used_at).is_(None)).values(used_at=now or utcnow())
        .execution_options(synchronize_session=False))
    return used.rowcount == 1
