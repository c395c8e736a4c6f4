"""Random tokens and how they are kept: hashed, or HMAC'd when short, never in the clear."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_token() -> str:
    """256 random bits, URL-safe (for links, sessions and handoffs)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """SHA-256 is enough for long random tokens: there is nothing to guess."""
    return hashlib.sha256(token.encode()).hexdigest()


def code_hmac(code: str, key: str, context: str) -> str:
    """Six-digit codes are guessable offline from a plain hash, so they are keyed with the secret key."""
    return hmac.new(key.encode(), f"{context}:{code}".encode(), hashlib.sha256).hexdigest()


def new_numeric_code(digits: int = 6) -> str:
    return f"{secrets.randbelow(10**digits):0{digits}d}"


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
