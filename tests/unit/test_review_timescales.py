"""The EHCP Reviews stage's dates, worked: the annual review within 12 months starting with the plan or the last
review (Children and Families Act 2014 s44(1)), 6 months for under-5s (SEND Code of Practice 9.178); the meeting's
2 weeks' notice, the report 2 weeks after, the decision 4 weeks after (SEND Regulations 2014 reg 20); the amended
plan 8 weeks after the amendment notice (reg 22); phase transfers by 15 February and 31 March, 5 months for
post-16 moves (reg 18), with the English school-year rule (1 September cut-off)."""

from __future__ import annotations

from datetime import date

import pytest

from ehcna_portal.services.review_timescales import (
    amendment_window,
    born_between,
    may_hold_meeting_on,
    meeting_dates,
    next_transfer,
    period_end,
    plan_may_end,
    post_16_move_deadline,
    review_due,
)


@pytest.mark.parametrize(("start", "end"), [
    (date(2026, 3, 10), date(2027, 3, 9)),  # 12 months starting with 10 March 2026 end on 9 March 2027
    (date(2027, 3, 1), date(2028, 2, 29)),  # ... starting with 1 March 2027: the day before is leap day 2028
    (date(2028, 2, 29), date(2029, 2, 28)),  # a plan made on leap day: no 29 February 2029, so the 28th
    (date(2026, 1, 1), date(2026, 12, 31)),
])
def test_twelve_months_starting_with_a_day(start, end):
    assert period_end(start, 12) == end


def test_the_first_review_is_within_12_months_of_the_plan_then_of_the_last_review():
    born = date(2015, 6, 1)  # 11 years old: annual reviews
    assert review_due(date(2026, 12, 23), born) == date(2027, 12, 22)  # the final plan of 23 December 2026
    assert review_due(date(2027, 11, 15), born) == date(2028, 11, 14)  # then from the review meeting held


def test_a_child_under_5_is_reviewed_within_6_months_and_from_5_yearly():
    born = date(2023, 2, 1)
    assert review_due(date(2026, 12, 23), born) == date(2027, 6, 22)  # 3 years old: 6 months (CoP 9.178)
    assert review_due(date(2028, 1, 31), born) == date(2028, 7, 30)  # 4 years 11 months on the day: still 6
    assert review_due(date(2028, 2, 1), born) == date(2029, 1, 31)  # 5 on the day of the review: 12 months


def test_the_meeting_needs_two_weeks_notice_and_sets_the_report_decision_and_amendment_dates():
    dates = meeting_dates(date(2027, 3, 10))  # a meeting on Wednesday 10 March 2027
    assert dates.invitations_by == date(2027, 2, 24)  # invitations and advice by Wednesday 24 February
    assert dates.report_due == date(2027, 3, 24)  # the school's report within 2 weeks after
    assert dates.decision_due == date(2027, 4, 7)  # maintain, amend or cease within 4 weeks
    assert dates.amended_plan_latest == date(2027, 6, 2)  # 4 weeks + 8 weeks: 12 weeks after the meeting
    assert may_hold_meeting_on(date(2027, 3, 10), date(2027, 2, 24))  # exactly 2 weeks away: allowed
    assert not may_hold_meeting_on(date(2027, 3, 10), date(2027, 2, 25))  # 13 days away: refused


def test_proposed_amendments_give_15_days_and_the_amended_plan_is_due_8_weeks_after_the_notice():
    assert amendment_window(date(2027, 3, 31)) == (date(2027, 4, 14), date(2027, 5, 26))


@pytest.mark.parametrize(("born", "today", "kind", "starts", "amend_by"), [
    # Born 31 August 2016: Year 6 in 2026/27, into Year 7 in September 2027; amended by 15 February 2027.
    (date(2016, 8, 31), date(2026, 12, 7), "secondary", date(2027, 9, 1), date(2027, 2, 15)),
    # Born a day later, 1 September 2016: the youngest and the oldest are a school year apart — Year 7 in 2028.
    (date(2016, 9, 1), date(2026, 12, 7), "secondary", date(2028, 9, 1), date(2028, 2, 15)),
    # Born on leap day 2016: the 2015/16 cohort with 31 August 2016 — Year 7 in September 2027.
    (date(2016, 2, 29), date(2026, 12, 7), "secondary", date(2027, 9, 1), date(2027, 2, 15)),
    # Born 12 January 2011: Year 11 in 2026/27, post-16 in September 2027, amended by 31 March 2027.
    (date(2011, 1, 12), date(2026, 12, 7), "post_16", date(2027, 9, 1), date(2027, 3, 31)),
    # Born 30 June 2023: 3 years old, starts Reception in September 2027 (the September after turning 4).
    (date(2023, 6, 30), date(2026, 12, 7), "reception", date(2027, 9, 1), date(2027, 2, 15)),
    # Asked on 1 September 2026, a child born 31 August 2016 has just started Year 6: the move is 2027's.
    (date(2016, 8, 31), date(2026, 9, 1), "secondary", date(2027, 9, 1), date(2027, 2, 15)),
])
def test_the_next_phase_transfer_and_its_reg_18_deadline(born, today, kind, starts, amend_by):
    found = next_transfer(born, today)
    assert found is not None and (found.kind, found.starts, found.amend_by) == (kind, starts, amend_by)


def test_after_post_16_there_is_no_school_transfer_to_plan():
    assert next_transfer(date(2009, 5, 1), date(2026, 12, 7)) is None  # Year 12 now: moves are post-16 to post-16


def test_a_cohort_is_a_range_of_dates_of_birth_from_1_september_to_31_august():
    assert born_between(7, 2027) == (date(2015, 9, 1), date(2016, 8, 31))
    assert born_between(0, 2027) == (date(2022, 9, 1), date(2023, 8, 31))
    assert born_between(12, 2027) == (date(2010, 9, 1), date(2011, 8, 31))


def test_a_move_between_post_16_institutions_is_planned_5_months_ahead():
    assert post_16_move_deadline(date(2027, 9, 6)) == date(2027, 4, 6)
    assert post_16_move_deadline(date(2027, 7, 31)) == date(2027, 2, 28)  # no 31 February


def test_a_plan_may_be_kept_until_the_end_of_the_school_year_the_young_person_turns_25():
    assert plan_may_end(date(2002, 3, 4)) == date(2027, 8, 31)  # 25 on 4 March 2027
    assert plan_may_end(date(2002, 10, 4)) == date(2028, 8, 31)  # 25 on 4 October 2027: the 2027/28 year
