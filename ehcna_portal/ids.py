"""Numbers that come from outside — an address, a form field, a websocket event — read as bounded integers.

Every table's id is an INTEGER (32 bits on PostgreSQL; SQLite gives up past 64 bits with OverflowError) and
``str.isdigit`` also accepts "²" and "١", which ``int`` then refuses or reads differently. Reading through
these functions, a number that does not fit is one no row has: "not found" (404), never a 500 with a
traceback (security.md §0 item 16).
"""

from __future__ import annotations

import re

MAX_ID = 2_147_483_647  # PostgreSQL's integer
_DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII digits only


def parse_number(value: object, maximum: int = MAX_ID) -> int | None:
    """A whole number from 0 to ``maximum`` written in ASCII digits (or given as an int), else None."""
    if isinstance(value, bool):
        return None
    text = str(value) if isinstance(value, int) else value if isinstance(value, str) else ""
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if number <= maximum else None


def parse_id(value: object) -> int | None:
    """A row id (1 to ``MAX_ID``), else None."""
    number = parse_number(value)
    return number or None
