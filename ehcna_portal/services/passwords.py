"""Password hashing with bcrypt.

bcrypt only reads the first 72 bytes and bcrypt 5 raises on longer input, so
length is checked here, before hashing, and reported as a normal validation
error. Hashing takes ~0.25 s at cost 12 by design: callers in the web app must
run it in a thread (``asyncio.to_thread``), never on the event loop. The cost is
``EHCNA_BCRYPT_COST`` (12, never less in production; the test suite runs at
bcrypt's minimum, 4, so that it spends its time on what it tests).
"""

from __future__ import annotations

import functools
import secrets

import bcrypt

from ehcna_portal.settings import get_settings

MAX_PASSWORD_BYTES = 72


class PasswordTooLongError(ValueError):
    """The password is longer than bcrypt can hash."""


def password_bytes(password: str) -> bytes:
    encoded = password.encode("utf-8")
    if len(encoded) > MAX_PASSWORD_BYTES:
        raise PasswordTooLongError(f"password is {len(encoded)} bytes; the limit is {MAX_PASSWORD_BYTES}")
    return encoded


def hash_password(password: str, rounds: int | None = None) -> str:
    """A bcrypt hash at ``rounds``, or at the configured cost (``EHCNA_BCRYPT_COST``)."""
    cost = rounds if rounds is not None else get_settings().bcrypt_cost
    return bcrypt.hashpw(password_bytes(password), bcrypt.gensalt(cost)).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password_bytes(password), password_hash.encode("ascii"))
    except (PasswordTooLongError, ValueError):
        return False


def dummy_hash() -> str:
    """A hash of a random password, compared against when an email address is unknown, so that a
    failed sign-in takes as long for unknown addresses as for known ones (same cost as real hashes)."""
    return _dummy_hash(get_settings().bcrypt_cost)


@functools.cache
def _dummy_hash(cost: int) -> str:
    return hash_password(secrets.token_urlsafe(30), cost)
