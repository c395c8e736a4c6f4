"""The EHCP Reviews stage's dates, computed from what the database holds, never typed.

* **Annual review** (Children and Families Act 2014 s44(1)): "during the period of 12 months starting with the
  date on which the EHC plan was first made, and then within the period of 12 months starting with the date on
  which the plan was last reviewed". A period "starting with" a day includes that day, so it ends the day before
  the same date 12 months on — or, when that month has no such date (a plan made on 29 February), on that month's
  last day. For a child under 5 the SEND Code of Practice 9.178 advises a review every 3 to 6 months: the portal
  takes 6 (``UNDER_FIVE_MONTHS``), the latest the Code allows.
* **The meeting** (SEND Regulations 2014 reg 20): invitations at least 2 weeks before it (reg 20(3)), advice
  circulated at least 2 weeks before (reg 20(4)); the school's report within 2 weeks after it (reg 20(7)); the
  council's decision to maintain, amend or cease within 4 weeks of it (reg 20(10)).
* **Amendments** (reg 22): the proposed amendments come with the decision (R (L, M and P) v Devon CC [2022] EWHC
  493 (Admin)), so within the 4 weeks; the family has at least 15 days for representations (reg 22(2)); the amended
  plan is due within 8 weeks of the amendment notice (reg 22(5)) — at most 12 weeks after the meeting.
* **Phase transfer** (reg 18): the plan reviewed and amended by 15 February of the calendar year of a move between
  schools (into Reception, from Year 6 to Year 7), by 31 March for a move from secondary school to a post-16
  institution (Year 11 to Year 12), and at least 5 months before a move between post-16 institutions. A child is in
  school year N when they were N + 4 on the 31 August it began (``dates.school_year``).
* **The end of a plan at 25** (CFA s46): a plan may be kept until the end of the school year in which the young
  person turns 25 (31 August, by the English school-year rule).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from ehcna_portal.services.dates import age_on, school_year
from ehcna_portal.services.timescales import add_months, representations_end

ANNUAL_MONTHS = 12
UNDER_FIVE_MONTHS = 6
NOTICE = timedelta(weeks=2)  # invitations and advice before the meeting (reg 20(3), (4))
REPORT = timedelta(weeks=2)  # the school's report after it (reg 20(7))
DECISION = timedelta(weeks=4)  # maintain, amend or cease (reg 20(10))
AMENDED_PLAN = timedelta(weeks=8)  # after the amendment notice (reg 22(5))
POST_16_MOVE_MONTHS = 5

# The moves between phases the reviews queue plans for: the school year a child enters in September, and whether
# it is a move into post-16 education (reg 18(1)(b): 31 March) or between schools (reg 18(1)(a): 15 February).
TRANSFERS = {0: "reception", 7: "secondary", 12: "post_16"}


def period_end(start: date, months: int) -> date:
    """The last day of a period of ``months`` months "starting with" ``start``."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if start.day > last:  # no such date that month (29 February, 31st): the period ends on the month's last day
        return date(year, month, last)
    return date(year, month, start.day) - timedelta(days=1)


def review_due(last: date, born: date) -> date:
    """The last day the next review may be held: 12 months starting with the day the plan was made or last
    reviewed (s44(1)); 6 months for a child under 5 on that day (CoP 9.178)."""
    return period_end(last, UNDER_FIVE_MONTHS if age_on(born, last) < 5 else ANNUAL_MONTHS)


@dataclass(frozen=True)
class MeetingDates:
    meeting: date
    invitations_by: date  # the last day to invite and circulate advice
    report_due: date
    decision_due: date
    amended_plan_latest: date  # 4 weeks to the amendment notice, then 8 weeks


def meeting_dates(meeting: date) -> MeetingDates:
    return MeetingDates(meeting, meeting - NOTICE, meeting + REPORT, meeting + DECISION,
                        meeting + DECISION + AMENDED_PLAN)


def may_hold_meeting_on(meeting: date, today: date) -> bool:
    """A meeting may be arranged only when there are still at least 2 weeks to invite everyone (reg 20(3))."""
    return meeting - NOTICE >= today


def amendment_window(notice_served: date) -> tuple[date, date]:
    """(the last of the family's 15 days for representations, the amended plan's due date) (reg 22)."""
    return representations_end(notice_served), notice_served + AMENDED_PLAN


@dataclass(frozen=True)
class Transfer:
    kind: str  # reception, secondary, post_16
    starts: date  # 1 September of the move
    amend_by: date  # the plan reviewed and amended by (reg 18)


def transfer_for(year_group: int, september: int) -> Transfer | None:
    """The move into ``year_group`` in September ``september``, if it is one the portal plans for."""
    kind = TRANSFERS.get(year_group)
    if kind is None:
        return None
    amend_by = date(september, 3, 31) if kind == "post_16" else date(september, 2, 15)
    return Transfer(kind, date(september, 9, 1), amend_by)


def next_transfer(born: date, today: date) -> Transfer | None:
    """The child's next move between phases in a coming September, if any (the September this school year ends
    into, then later ones), with its reg 18 deadline."""
    september = today.year if today.month < 9 else today.year + 1
    for year in range(september, september + 13):
        year_group = school_year(born, date(year, 9, 1))
        if year_group > max(TRANSFERS):
            return None
        found = transfer_for(year_group, year)
        if found is not None:
            return found
    return None


def born_between(year_group: int, september: int) -> tuple[date, date]:
    """The dates of birth of the children who enter ``year_group`` in September ``september`` (for the queue's
    cohorts, as a range the database can use)."""
    first_year = september - year_group - 5
    return date(first_year, 9, 1), date(first_year + 1, 8, 31)


def post_16_move_deadline(move: date) -> date:
    """At least 5 months before a move between post-16 institutions (reg 18(1)(c))."""
    index = move.month - 1 - POST_16_MOVE_MONTHS
    year, month = move.year + index // 12, index % 12 + 1
    return date(year, month, min(move.day, calendar.monthrange(year, month)[1]))


def plan_may_end(born: date) -> date:
    """The end of the school year in which the young person turns 25 (CFA s46)."""
    birthday = add_months(born, 25 * 12)
    return date(birthday.year if birthday.month < 9 else birthday.year + 1, 8, 31)
