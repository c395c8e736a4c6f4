"""The EHC plan stage's dates with worked examples: when a draft sent by email is served (Civil Procedure Rules
6.26, the portal's rule since the SEND Regulations 2014 have none), the family's 15 days beginning with the day of
service (reg 13(1)(a)), a school's 15 days (SEND Code of Practice 9.83), and the 20-week measure of the final plan
(reg 13(2), with reg 13(3)'s reg 10(4) exceptions)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ehcna_portal.services.plan_timescales import (
    consultation_due,
    draft_window,
    final_plan_measure,
    served_by_email,
)


@pytest.mark.parametrize(("sent_at", "served"), [
    # Tuesday 8 December 2026, 10:00 UTC = 10:00 UK time (GMT): a business day before 4.30pm: that day.
    (datetime(2026, 12, 8, 10, 0, tzinfo=UTC), date(2026, 12, 8)),
    # Tuesday 8 December 2026, 16:30 exactly: not before 4.30pm: Wednesday 9 December.
    (datetime(2026, 12, 8, 16, 30, tzinfo=UTC), date(2026, 12, 9)),
    # Friday 11 December 2026 at 17:00: the next business day is Monday 14 December.
    (datetime(2026, 12, 11, 17, 0, tzinfo=UTC), date(2026, 12, 14)),
    # Saturday 12 December 2026 in the morning: Monday 14 December.
    (datetime(2026, 12, 12, 9, 0, tzinfo=UTC), date(2026, 12, 14)),
    # Thursday 24 December 2026 at 18:00: 25th Christmas Day, 26th–27th the weekend, Monday 28th the substitute
    # Boxing Day bank holiday: served Tuesday 29 December.
    (datetime(2026, 12, 24, 18, 0, tzinfo=UTC), date(2026, 12, 29)),
    # Wednesday 1 July 2026 at 15:45 UTC is 16:45 British Summer Time: after 4.30pm UK time, so Thursday 2 July.
    (datetime(2026, 7, 1, 15, 45, tzinfo=UTC), date(2026, 7, 2)),
    # The same day at 15:15 UTC is 16:15 BST: before the cut-off: Wednesday 1 July.
    (datetime(2026, 7, 1, 15, 15, tzinfo=UTC), date(2026, 7, 1)),
    # Good Friday 26 March 2027 and Easter Monday 29 March 2027: sent on Good Friday, served Tuesday 30 March.
    (datetime(2027, 3, 26, 9, 0, tzinfo=UTC), date(2027, 3, 30)),
])
def test_a_draft_emailed_is_served_that_business_day_before_half_past_four_or_the_next_business_day(sent_at, served):
    assert served_by_email(sent_at) == served


@pytest.mark.parametrize(("sent_at", "served", "respond_by"), [
    # Served Tuesday 8 December 2026: day 1 is the 8th, day 15 is Tuesday 22 December.
    (datetime(2026, 12, 8, 10, 0, tzinfo=UTC), date(2026, 12, 8), date(2026, 12, 22)),
    # Served Tuesday 29 December 2026 (sent on Christmas Eve evening): 15 calendar days, across New Year's Day,
    # end on Tuesday 12 January 2027.
    (datetime(2026, 12, 24, 18, 0, tzinfo=UTC), date(2026, 12, 29), date(2027, 1, 12)),
    # Served Monday 21 February 2028 (sent Friday 18th after 4.30pm): 15 days in a leap February end on Monday
    # 6 March — 29 February is one of them.
    (datetime(2028, 2, 18, 17, 0, tzinfo=UTC), date(2028, 2, 21), date(2028, 3, 6)),
])
def test_the_familys_fifteen_days_begin_with_the_day_the_draft_was_served(sent_at, served, respond_by):
    window = draft_window(sent_at)
    assert (window.served_on, window.respond_by) == (served, respond_by)
    assert (window.respond_by - window.served_on).days == 14  # the day of service is the first of the 15


@pytest.mark.parametrize(("sent", "due"), [
    (date(2026, 12, 14), date(2026, 12, 29)),  # Monday 14 December 2026: Tuesday 29 December
    (date(2027, 2, 20), date(2027, 3, 7)),  # Saturday 20 February 2027: Sunday 7 March (calendar days)
])
def test_a_school_is_asked_to_answer_within_fifteen_days_of_the_consultation(sent, due):
    assert consultation_due(sent) == due


@pytest.mark.parametrize(("received", "issued", "weeks", "within"), [
    # Received Monday 3 August 2026: 20 weeks end on Monday 21 December 2026. Issued that day: in time, week 20.
    (date(2026, 8, 3), date(2026, 12, 21), 20, True),
    # Issued the day after, Tuesday 22 December: late, though still "20 whole weeks" — late by one day.
    (date(2026, 8, 3), date(2026, 12, 22), 20, False),
    # Received Friday 1 January 2027, issued Friday 11 June 2027: 23 weeks, late.
    (date(2027, 1, 1), date(2027, 6, 11), 23, False),
    # Received Wednesday 13 October 2027, issued Wednesday 16 February 2028: 18 weeks, in time.
    (date(2027, 10, 13), date(2028, 2, 16), 18, True),
])
def test_the_twenty_week_measure_of_a_final_plan(received, issued, weeks, within):
    measure = final_plan_measure(received, issued)
    assert (measure.weeks, measure.within_20_weeks) == (weeks, within)
    assert measure.counts_without_exceptions


def test_a_late_plan_with_a_reg_10_4_exception_is_still_late_but_left_out_of_the_measure_without_exceptions():
    measure = final_plan_measure(date(2027, 1, 1), date(2027, 6, 11), "school_closure")
    assert not measure.within_20_weeks and not measure.counts_without_exceptions


@pytest.mark.parametrize(("posted", "served"), [
    # Posted Tuesday 8 December 2026: served Thursday 10 December (the second business day after).
    (datetime(2026, 12, 8, 10, 0, tzinfo=UTC), date(2026, 12, 10)),
    # Posted Thursday 24 December 2026: Friday 25th, Monday 28th are bank holidays, so Tuesday 29th then
    # Wednesday 30 December.
    (datetime(2026, 12, 24, 10, 0, tzinfo=UTC), date(2026, 12, 30)),
])
def test_a_draft_posted_to_a_family_without_email_is_served_on_the_second_business_day(posted, served):
    window = draft_window(posted, by_post=True)
    assert window.served_on == served and (window.respond_by - served).days == 14
