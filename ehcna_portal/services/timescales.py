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
