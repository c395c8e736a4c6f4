"""The EHC plan stage's dates, computed from what the database holds, never typed.

* **When a draft sent by email is served.** The SEND Regulations 2014 say nothing about how a document is served,
  and no statute fixes when an email counts as served; the regulations' 15 days run "beginning with the day on
  which the draft plan was served" (reg 13(1)(a)). The portal takes the rule the courts use for email, Civil
  Procedure Rules 6.26: sent on a business day before 4.30pm (UK time), served that day; otherwise served the next
  business day. A business day is not a Saturday, Sunday or bank holiday in England. The rule can only make the
  family's window later, never shorter than the regulation's.
* **When a draft sent by post is served** (a family who asked on paper has no email address): the Interpretation
  Act 1978 s7 deems a posted document served when it would be delivered in the ordinary course of post; first class
  post, the courts take, arrives on the second business day after posting.
* **The family's 15 days** (reg 13(1)(a)): calendar days, the day of service being the first
  (``timescales.representations_end``).
* **A school's 15 days** (SEND Code of Practice 9.83: the setting "should respond within 15 days"; guidance, not
  regulation): due on the 15th day after the consultation was sent.
* **The 20-week measure** (reg 13(2)): the final plan within 20 weeks of the request being received, unless it
  was impractical for a reason of reg 10(4) (reg 13(3)); the DfE's figures count plans within 20 weeks with and
  without those exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ehcna_portal.services.dates import LONDON
from ehcna_portal.services.timescales import FINAL_PLAN, representations_end

EMAIL_CUT_OFF = time(16, 30)  # CPR 6.26
CONSULTATION_DAYS = 15
# Bank holidays in England and Wales (gov.uk/bank-holidays), the days that move service by email. A day after the
# last year listed counts only weekends as non-business days: extend the list each year (docs/DEPLOYMENT.md).
BANK_HOLIDAYS = frozenset({
    date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 5, 25), date(2026, 8, 31),
    date(2026, 12, 25), date(2026, 12, 28),
    date(2027, 1, 1), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 3), date(2027, 5, 31), date(2027, 8, 30),
    date(2027, 12, 27), date(2027, 12, 28),
    date(2028, 1, 3), date(2028, 4, 14), date(2028, 4, 17), date(2028, 5, 1), date(2028, 5, 29), date(2028, 8, 28),
    date(2028, 12, 25), date(2028, 12, 26),
})


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def next_business_day(day: date) -> date:
    following = day + timedelta(days=1)
    while not is_business_day(following):
        following += timedelta(days=1)
    return following


def served_by_email(sent_at: datetime) -> date:
    """The day a document emailed at ``sent_at`` is served (CPR 6.26): that day if it is a business day and the
    email went before 4.30pm UK time, otherwise the next business day."""
    local = sent_at.astimezone(LONDON)
    if is_business_day(local.date()) and local.time() < EMAIL_CUT_OFF:
        return local.date()
    return next_business_day(local.date())


def served_by_post(posted: date) -> date:
    """The day a draft posted first class on ``posted`` is served: the second business day after."""
    return next_business_day(next_business_day(posted))


@dataclass(frozen=True)
class DraftWindow:
    served_on: date
    respond_by: date  # the last of the family's 15 days


def draft_window(sent_at: datetime, *, by_post: bool = False) -> DraftWindow:
    served = served_by_post(sent_at.astimezone(LONDON).date()) if by_post else served_by_email(sent_at)
    return DraftWindow(served, representations_end(served))


def consultation_due(sent_on: date) -> date:
    return sent_on + timedelta(days=CONSULTATION_DAYS)


@dataclass(frozen=True)
class FinalPlanMeasure:
    """Where a final plan stands on the 20 weeks: whole weeks from the request, and whether it was in time."""

    weeks: int
    within_20_weeks: bool
    exception: str  # a reg 10(4) reason recorded on the case ("" for none)

    @property
    def counts_without_exceptions(self) -> bool:
        """The DfE's second measure leaves out plans that had an exception."""
        return not self.exception


def final_plan_measure(received: date, issued: date, exception: str = "") -> FinalPlanMeasure:
    return FinalPlanMeasure((issued - received).days // 7, issued <= received + FINAL_PLAN, exception)
