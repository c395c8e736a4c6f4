"""Dates typed into a GOV.UK date input (day, month, year boxes), checked the GOV.UK way.

Only the most important problem is reported — missing or incomplete, then
impossible, then other rules — and the message names the part that is wrong,
so the page can highlight just that box. Month names are accepted ("jan",
"March"), as are spaces and leading zeros.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from ehcna_portal.i18n import long_date
from ehcna_portal.ids import parse_number

LONDON = ZoneInfo("Europe/London")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]


@dataclass(frozen=True)
class DateAnswer:
    """A date, or the catalog key of what is wrong and which boxes to highlight."""

    value: date | None
    error: str = ""  # "error.date.<problem>", with {label} to fill
    parts: tuple[str, ...] = ()  # "day", "month", "year" — empty means the whole date


def _month(text: str) -> int | None:
    if (number := parse_number(text, 99)) is not None:
        return number
    lowered = text.lower()
    for number, name in enumerate(_MONTHS, start=1):
        if len(lowered) >= 3 and name.startswith(lowered):
            return number
    return None


def parse_date(day: str, month: str, year: str) -> DateAnswer:
    """Check the three boxes; ``value`` is set only when they make a real date."""
    typed = {"day": "".join(day.split()), "month": "".join(month.split()), "year": "".join(year.split())}
    missing = tuple(part for part, text in typed.items() if not text)
    if len(missing) == 3:
        return DateAnswer(None, "error.date.empty")
    if missing:
        return DateAnswer(None, "error.date.missing_" + "_".join(missing), missing)
    if not (parse_number(typed["year"]) is not None and len(typed["year"]) == 4):
        return DateAnswer(None, "error.date.year_digits", ("year",))
    month_number = _month(typed["month"])
    if parse_number(typed["day"], 99) is None or month_number is None:
        return DateAnswer(None, "error.date.real")
    try:
        return DateAnswer(date(int(typed["year"]), month_number, int(typed["day"])))
    except ValueError:
        return DateAnswer(None, "error.date.real")


def age_on(born: date, today: date) -> int:
    """Completed years, as birthdays work (a child born on 29 February turns a year older on 1 March)."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def school_year(born: date, today: date) -> int:
    """The national curriculum year a child born on ``born`` is in on ``today`` in England: a school year starts
    on 1 September, and a child is in Year N when they were N + 4 on the 31 August it began (Reception is 0)."""
    starts = today.year if today.month >= 9 else today.year - 1
    return age_on(born, date(starts, 8, 31)) - 4


def uk_date(moment: datetime) -> date:
    """The day it is in England at ``moment``: what "received on" and "today" mean for a family
    (just after midnight in summer it is already tomorrow in the UK but still today in UTC)."""
    return moment.astimezone(LONDON).date()


def day(value: date | None) -> str:
    """A date on the staff side, "12 November 2026" ("" when there is none)."""
    return long_date(value, "en") if value else ""


def format_when(moment: datetime) -> str:
    """"4 June 2026 at 9:32am", UK time (MOJ timeline style)."""
    return format_datetime(moment, "d MMMM y 'at' h:mma", tzinfo=LONDON, locale="en_GB").replace(
        "AM", "am").replace("PM", "pm")
