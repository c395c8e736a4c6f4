"""Statutory timescales for an EHC needs assessment in England, computed, never typed.

Weeks run from the day the council received the request (SEND Regulations 2014):
the decision whether to assess within 6 weeks (reg 5), a decision not to issue a
plan within 16 weeks (reg 10), the final plan within 20 weeks (reg 13(2)); each
piece of advice within 6 weeks of being asked for (reg 8); at least 15 days,
beginning with the day a draft plan is served, for the parent's representations
(reg 13(1)). Every period is in calendar days, so month ends and leap years need
no special rules: adding days to a date handles them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

DECISION_TO_ASSESS = timedelta(weeks=6)
DECISION_NOT_TO_ISSUE = timedelta(weeks=16)
FINAL_PLAN = timedelta(weeks=20)
ADVICE = timedelta(weeks=6)
DRAFT_REPRESENTATION_DAYS = 15


@dataclass(frozen=True)
class RequestDeadlines:
    received: date
    decision_to_assess: date
    decision_not_to_issue: date
    final_plan: date


def request_deadlines(received: date) -> RequestDeadlines:
    return RequestDeadlines(received=received, decision_to_assess=received + DECISION_TO_ASSESS,
                            decision_not_to_issue=received + DECISION_NOT_TO_ISSUE,
                            final_plan=received + FINAL_PLAN)


def advice_due(requested: date) -> date:
    return requested + ADVICE


def representations_end(draft_served: date) -> date:
    """The last of the 15 days "beginning with the day on which the draft plan was served"."""
    return draft_served + timedelta(days=DRAFT_REPRESENTATION_DAYS - 1)


# The exceptions of reg 10(4)(a)–(d), which reg 5(4) applies to the 6-week decision and
# reg 13(3) to the 20-week limit. Recorded on a request with their dates; the DfE reports
# timeliness both with and without the requests that had one.
EXCEPTIONS = {
    "school_closure": "Advice was asked of a school or college in the week before it closed for 4 weeks or more",
    "early_years_closure": "Advice was asked of an early years provider in the week before it closed for 4 weeks "
                           "or more",
    "exceptional_circumstances": "Exceptional personal circumstances of the child, young person or parent",
    "absent_from_area": "The child, young person or parent was away from the area for 4 weeks or more",
}
APPEAL_MONTHS = 2  # an appeal to the Tribunal: within 2 months of the decision letter


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day when it is shorter (31 Dec + 2 → 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def appeal_deadline(letter_sent: date) -> date:
    return add_months(letter_sent, APPEAL_MONTHS)


def days_left(due: date, today: date) -> int:
    """Negative once the deadline has passed."""
    return (due - today).days


@dataclass(frozen=True)
class Clock:
    """Where a request stands on the 20 weeks (reg 13(2)): the week it is in, and the next statutory deadline —
    what is due, by when, and who owes it."""

    week: int  # 1 on the day the request was received and the 6 days after it
    due: str  # what is due next: decision_to_assess, decision_to_issue or final_plan
    due_on: date
    owed_by: str = "council"

    @property
    def weeks_total(self) -> int:
        return FINAL_PLAN.days // 7

