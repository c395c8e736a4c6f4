"""Field validators shared by every form. Each returns the catalog key of an error, or None.

Messages follow the GOV.UK error-message patterns; the keys are looked up in
the caller's language by the state layer.
"""

from __future__ import annotations

import functools
import gzip
import re
from pathlib import Path

from ehcna_portal.services.passwords import MAX_PASSWORD_BYTES

PASSWORD_MIN = 12
PASSWORD_MAX = 64
EMAIL_MAX = 254
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# UK postcode (the GOV.UK pattern, after normalising case and spaces), including GIR 0AA.
_POSTCODE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2})$")
_PHONE_ALLOWED = re.compile(r"^\+?[0-9]+$")
_COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt.gz"


def clean(value: object) -> str:
    """Form values arrive as anything; treat them as trimmed text."""
    return value.strip() if isinstance(value, str) else ""


def email_error(email: str, key_prefix: str = "email") -> str | None:
    if not email:
        return f"error.{key_prefix}.empty"
    if len(email) > EMAIL_MAX or not _EMAIL.match(email):
        return f"error.{key_prefix}.format"
    return None


def normalise_postcode(postcode: str) -> str:
    """``cv1 5rr`` → ``CV1 5RR``; returns "" when it is not a UK postcode."""
    compact = re.sub(r"[\s.\-]", "", postcode).upper()
    if not _POSTCODE.match(compact):
        return ""
    return f"{compact[:-3]} {compact[-3:]}"


def normalise_phone(phone: str) -> str:
    """Strip the spaces, brackets and dashes people type; "" if what is left is not a phone number."""
    compact = re.sub(r"[\s()\-.]", "", phone)
    if not _PHONE_ALLOWED.match(compact):
        return ""
    digits = compact.lstrip("+")
    if compact.startswith("+44"):
        digits = "0" + digits[2:]
    elif compact.startswith("+"):
        return compact if 8 <= len(digits) <= 15 else ""
    return digits if len(digits) in (10, 11) and digits.startswith("0") else ""


@functools.cache
def _common_passwords() -> frozenset[str]:
    with gzip.open(_COMMON_PASSWORDS, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def is_common_password(password: str) -> bool:
    """In the list itself, or a listed password with digits and symbols tacked on ("Password123!")."""
    lowered = password.lower()
    if lowered in _common_passwords():
        return True
    stem = re.sub(r"[\d\W_]+$", "", lowered)
    if len(set(lowered)) <= 2:
        return True
    return len(stem) >= 4 and stem in _common_passwords()


def password_error(password: str, *, email: str = "") -> str | None:
    """NCSC/NIST style: length, not common, not the email address; no composition rules."""
    if not password:
        return "error.password.empty"
    if len(password) < PASSWORD_MIN:
        return "error.password.too_short"
    if len(password) > PASSWORD_MAX or len(password.encode()) > MAX_PASSWORD_BYTES:
        return "error.password.too_long"
    if is_common_password(password) or (email and password.lower() == email.lower()):
        return "error.password.common"
    return None
