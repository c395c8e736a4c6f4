"""When advice for an EHC needs assessment is due, when its sender is reminded, and when it is late.

SEND Regulations 2014 reg 8(1): a person asked for advice and information must give it within 6 weeks of the
date of the request. The period is in calendar weeks: weekends and bank holidays do not move it (no regulation
in Part 2 counts working days; only the reg 8(2) exceptions lift the limit). Reminders, this council's practice,
go 2 weeks and 1 week before the due date, and once on the day after it, when the advice is late; each at most
once, and never one that an earlier-due reminder's window has passed by (a sweep that did not run for a while
sends the latest reminder that applies, not all of them at once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ehcna_portal.models.advice import AdviceStatus
from ehcna_portal.services.timescales import advice_due

TWO_WEEKS = "two_weeks"
ONE_WEEK = "one_week"
LATE = "late"
# Each reminder and the day it is due, counted from the advice's due date (calendar days).
REMINDERS = ((TWO_WEEKS, timedelta(days=-14)), (ONE_WEEK, timedelta(days=-7)), (LATE, timedelta(days=1)))
LINK_WEEKS = 12  # a professional's link works for at most 12 weeks from when it was sent

# Reg 8(2): the 6 weeks do not bind where it is impractical to keep to them because of one of these.
EXCEPTIONS = {
    "exceptional_circumstances": "Exceptional circumstances affect the child, young person or parent",
    "absent_from_area": "The child, young person or parent was away from the area for 4 weeks or more",
    "missed_appointment": "An appointment for an examination or test in the 6 weeks was not kept",
}


def due_on(sent: date) -> date:
    """6 weeks after the day the request was sent (reg 8(1)): the same weekday, 42 days on."""
    return advice_due(sent)


def is_late(status: str, due: date | None, today: date) -> bool:
    """Still waiting after its due date (the due date itself is in time)."""
    return status in AdviceStatus.WAITING and due is not None and today > due


def shown_status(status: str, due: date | None, today: date) -> str:
    """The status people see: "late" for a request still waiting past its due date, else the stored one."""
    return "late" if is_late(status, due, today) else status


@dataclass(frozen=True)
class ReminderStep:
    send: str  # the reminder to send now ("" for none)
    passed: tuple[str, ...]  # earlier reminders whose window has gone by unsent: marked, never sent later


def reminder_now(due: date, today: date, done: frozenset[str]) -> ReminderStep:
    """Which reminder a waiting request with this due date gets on ``today``, given those already sent or
    passed by (``done``)."""
    reached = [name for name, offset in REMINDERS if today >= due + offset]
    if not reached or reached[-1] in done:
        return ReminderStep("", ())
    return ReminderStep(reached[-1], tuple(name for name in reached[:-1] if name not in done))
