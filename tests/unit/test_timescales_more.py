"""More worked dates for the statutory clock: months, appeals, days left, leap days and year ends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ehcna_portal.services.timescales import (
    APPEAL_MONTHS,
    DRAFT_REPRESENTATION_DAYS,
    EXCEPTIONS,
    add_months,
    advice_due,
    appeal_deadline,
    days_left,
    representations_end,
    request_deadlines,
)


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2027, 1, 31), 1, date(2027, 2, 28)),  # February 2027 has 28 days
    (date(2028, 1, 31), 1, date(2028, 2, 29)),  # 2028 is a leap year
    (date(2026, 12, 31), 2, date(2027, 2, 28)),  # across the year end, then clipped
    (date(2027, 12, 31), 2, date(2028, 2, 29)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2027, 11, 30), 3, date(2028, 2, 29)),
    (date(2026, 3, 15), 2, date(2026, 5, 15)),  # an ordinary day keeps its number
    (date(2026, 3, 31), 1, date(2026, 4, 30)),  # 30-day month
    (date(2026, 8, 31), 1, date(2026, 9, 30)),
    (date(2026, 1, 31), 12, date(2027, 1, 31)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),  # a leap day a year on
    (date(2026, 10, 15), 2, date(2026, 12, 15)),  # lands in December, not month 0
    (date(2026, 11, 1), 1, date(2026, 12, 1)),
    (date(2026, 12, 1), 1, date(2027, 1, 1)),
    (date(2026, 5, 20), 0, date(2026, 5, 20)),
    (date(2027, 3, 31), -1, date(2027, 2, 28)),  # backwards too
    (date(2027, 1, 15), -1, date(2026, 12, 15)),
])
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(("letter", "expected"), [
    (date(2026, 3, 15), date(2026, 5, 15)),
    (date(2026, 12, 31), date(2027, 2, 28)),  # 31 Dec + 2 months: February has no 31st
    (date(2027, 12, 31), date(2028, 2, 29)),  # ... nor a 30th in a leap year
    (date(2026, 11, 1), date(2027, 1, 1)),
    (date(2026, 12, 30), date(2027, 2, 28)),
    (date(2026, 7, 31), date(2026, 9, 30)),
])
def test_appeal_deadline_is_two_calendar_months_from_the_letter(letter, expected):
    assert APPEAL_MONTHS == 2
    assert appeal_deadline(letter) == expected


@pytest.mark.parametrize(("due", "today", "left"), [
    (date(2026, 11, 20), date(2026, 11, 20), 0),  # due today
    (date(2026, 11, 25), date(2026, 11, 20), 5),
    (date(2026, 11, 12), date(2026, 11, 20), -8),  # passed: negative
    (date(2026, 11, 19), date(2026, 11, 20), -1),
    (date(2027, 1, 10), date(2026, 12, 31), 10),  # across the year end
    (date(2028, 3, 1), date(2028, 2, 28), 2),  # 29 February counts
    (date(2027, 3, 1), date(2027, 2, 28), 1),
])
def test_days_left(due, today, left):
    assert days_left(due, today) == left


def test_request_deadlines_across_a_leap_day():
    received = date(2028, 1, 20)
    deadlines = request_deadlines(received)
    assert deadlines.received == received
    # 6 weeks = 42 days: 11 days take us to 31 Jan, 31 remain; February 2028 has 29, so 2 March.
    assert deadlines.decision_to_assess == date(2028, 3, 2)
    # 16 weeks = 112 days: 11 (Jan) + 29 (Feb) + 31 (Mar) + 30 (Apr) = 101, 11 more: 11 May.
    assert deadlines.decision_not_to_issue == date(2028, 5, 11)
    # 20 weeks = 140 days: 101 to 30 April, + 31 (May) = 132, 8 more: 8 June.
    assert deadlines.final_plan == date(2028, 6, 8)


def test_request_deadlines_across_the_year_end():
    deadlines = request_deadlines(date(2026, 12, 15))
    # 42 days: 16 take us to 31 December, 26 remain: 26 January 2027.
    assert deadlines.decision_to_assess == date(2027, 1, 26)
    # 112 days: 16 + 31 (Jan) + 28 (Feb) + 31 (Mar) = 106, 6 more: 6 April 2027.
    assert deadlines.decision_not_to_issue == date(2027, 4, 6)
    # 140 days: 106 + 30 (Apr) = 136, 4 more: 4 May 2027.
    assert deadlines.final_plan == date(2027, 5, 4)


def test_the_deadlines_are_whole_weeks_on_the_same_weekday():
    received = date(2026, 11, 20)  # a Friday
    deadlines = request_deadlines(received)
    assert deadlines.decision_to_assess - received == timedelta(days=42)
    assert deadlines.decision_not_to_issue - received == timedelta(days=112)
    assert deadlines.final_plan - received == timedelta(days=140)
    assert {day.weekday() for day in (deadlines.decision_to_assess, deadlines.decision_not_to_issue,
                                      deadlines.final_plan)} == {received.weekday()}


@pytest.mark.parametrize(("served", "last_day"), [
    (date(2026, 3, 1), date(2026, 3, 15)),  # day 1 is 1 March, day 15 is 15 March
    (date(2026, 12, 20), date(2027, 1, 3)),  # 20..31 Dec is 12 days, 1..3 Jan makes 15
    (date(2028, 2, 20), date(2028, 3, 5)),  # 20..29 Feb is 10 days, 1..5 Mar makes 15
    (date(2027, 2, 20), date(2027, 3, 6)),  # 20..28 Feb is 9 days, 1..6 Mar makes 15
])
def test_representations_run_15_days_beginning_with_the_day_of_service(served, last_day):
    assert representations_end(served) == last_day
    assert (last_day - served).days + 1 == DRAFT_REPRESENTATION_DAYS == 15


@pytest.mark.parametrize(("requested", "due"), [
    (date(2026, 2, 20), date(2026, 4, 3)),  # 8 days to 28 Feb, 31 in March, 3 more
    (date(2028, 2, 20), date(2028, 4, 2)),  # 9 days to 29 Feb, 31 in March, 2 more
    (date(2026, 12, 1), date(2027, 1, 12)),  # 30 days to 31 Dec, 12 more
])
def test_advice_is_due_6_weeks_after_it_was_asked_for(requested, due):
    assert advice_due(requested) == due


def test_the_four_reg_10_4_exceptions_and_nothing_else():
    assert set(EXCEPTIONS) == {"school_closure", "early_years_closure", "exceptional_circumstances",
                               "absent_from_area"}
    assert all(isinstance(text, str) and text.strip() for text in EXCEPTIONS.values())
    assert len(set(EXCEPTIONS.values())) == 4
