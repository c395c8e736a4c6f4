"""Advice deadlines with worked dates (SEND Regulations 2014 reg 8(1): within 6 weeks of the date of the request,
calendar weeks), the reminders before and after them, lateness, and the school year that brings in advice on
preparing for adulthood (reg 6(1)(g): from Year 9)."""

from __future__ import annotations

from datetime import date

import pytest

from ehcna_portal.services.advice_deadlines import (
    LATE,
    ONE_WEEK,
    TWO_WEEKS,
    ReminderStep,
    due_on,
    is_late,
    reminder_now,
    shown_status,
)
from ehcna_portal.services.dates import school_year


@pytest.mark.parametrize(("sent", "due"), [
    # Monday 4 January 2027: 27 days to the end of January and 15 into February: Monday 15 February.
    (date(2027, 1, 4), date(2027, 2, 15)),
    # Thursday 17 December 2026, across Christmas Day, the substitute Boxing Day bank holiday (Monday 28
    # December: the 26th is a Saturday) and New Year's Day: still 42 calendar days, Thursday 28 January 2027.
    (date(2026, 12, 17), date(2027, 1, 28)),
    # Tuesday 18 January 2028 in a leap year: 13 days to 31 January, 29 in February: Tuesday 29 February.
    (date(2028, 1, 18), date(2028, 2, 29)),
    # Friday 31 July 2026, through the school summer holiday (which does not stop the clock): 11 September.
    (date(2026, 7, 31), date(2026, 9, 11)),
])
def test_advice_is_due_six_calendar_weeks_after_it_was_asked_for(sent, due):
    assert due_on(sent) == due
    assert due.weekday() == sent.weekday() and (due - sent).days == 42


def test_advice_is_late_from_the_day_after_its_due_date_while_it_is_still_awaited():
    due = date(2027, 2, 15)
    assert not is_late("sent", due, date(2027, 2, 15))  # due today: in time
    assert is_late("sent", due, date(2027, 2, 16)) and is_late("opened", due, date(2027, 3, 1))
    for settled in ("received", "exception", "withdrawn", "existing"):
        assert not is_late(settled, due, date(2027, 3, 1))
    assert shown_status("opened", due, date(2027, 2, 16)) == "late"
    assert shown_status("received", due, date(2027, 2, 16)) == "received"
    assert shown_status("sent", due, date(2027, 2, 14)) == "sent"


DUE = date(2027, 2, 15)  # asked for on Monday 4 January 2027


@pytest.mark.parametrize(("today", "done", "step"), [
    (date(2027, 1, 31), set(), ReminderStep("", ())),  # 15 days before: nothing yet
    (date(2027, 2, 1), set(), ReminderStep(TWO_WEEKS, ())),  # 2 weeks before: Monday 1 February
    (date(2027, 2, 3), {TWO_WEEKS}, ReminderStep("", ())),  # sent already: never again
    (date(2027, 2, 8), {TWO_WEEKS}, ReminderStep(ONE_WEEK, ())),  # 1 week before: Monday 8 February
    (date(2027, 2, 15), {TWO_WEEKS, ONE_WEEK}, ReminderStep("", ())),  # the due date itself: not late
    (date(2027, 2, 16), {TWO_WEEKS, ONE_WEEK}, ReminderStep(LATE, ())),  # the day after: late, once
    (date(2027, 3, 20), {TWO_WEEKS, ONE_WEEK, LATE}, ReminderStep("", ())),
    # A sweep that did not run for a while sends only the latest reminder; the ones it passed are marked.
    (date(2027, 2, 10), set(), ReminderStep(ONE_WEEK, (TWO_WEEKS,))),
    (date(2027, 2, 20), {TWO_WEEKS}, ReminderStep(LATE, (ONE_WEEK,))),
])
def test_reminders_go_two_weeks_and_one_week_before_and_the_day_after_each_once(today, done, step):
    assert reminder_now(DUE, today, frozenset(done)) == step


@pytest.mark.parametrize(("born", "today", "year"), [
    (date(2013, 8, 31), date(2026, 12, 7), 9),  # 13 on 31 August 2026: Year 9 this school year
    (date(2013, 9, 1), date(2026, 12, 7), 8),  # a day younger: the year below
    (date(2013, 9, 1), date(2027, 9, 1), 9),  # the next school year, from 1 September
    (date(2013, 9, 1), date(2027, 8, 31), 8),  # still the old school year on 31 August
    (date(2022, 8, 31), date(2026, 12, 7), 0),  # Reception
    (date(2012, 2, 29), date(2026, 12, 7), 10),  # a leap-day birthday
])
def test_the_school_year_starts_on_1_september_and_year_n_is_age_n_plus_4_on_31_august(born, today, year):
    assert school_year(born, today) == year
