"""GOV.UK date input checks, and the statutory clock with worked dates."""

from datetime import date

import pytest

from ehcna_portal.services.dates import age_on, parse_date
from ehcna_portal.services.timescales import advice_due, representations_end, request_deadlines


@pytest.mark.parametrize(("day", "month", "year", "error", "parts"), [
    ("", "", "", "error.date.empty", ()),
    ("12", "", "2017", "error.date.missing_month", ("month",)),
    ("", "", "2017", "error.date.missing_day_month", ("day", "month")),
    ("12", "3", "", "error.date.missing_year", ("year",)),
    ("12", "3", "17", "error.date.year_digits", ("year",)),
    ("31", "2", "2017", "error.date.real", ()),
    ("29", "2", "2023", "error.date.real", ()),
    ("12", "13", "2017", "error.date.real", ()),
    ("x", "3", "2017", "error.date.real", ()),
])
def test_problems_are_reported_in_gov_uk_priority(day, month, year, error, parts):
    answer = parse_date(day, month, year)
    assert (answer.value, answer.error, answer.parts) == (None, error, parts)


@pytest.mark.parametrize(("day", "month", "year", "expected"), [
    ("12", "3", "2017", date(2017, 3, 12)), (" 01 ", "03", "2017", date(2017, 3, 1)),
    ("29", "2", "2024", date(2024, 2, 29)), ("12", "mar", "2017", date(2017, 3, 12)),
    ("12", "March", "2017", date(2017, 3, 12)), ("5", "SEPT", "2019", date(2019, 9, 5)),
])
def test_real_dates_including_month_names(day, month, year, expected):
    assert parse_date(day, month, year).value == expected


def test_ages_count_completed_years_including_leap_day_birthdays():
    assert age_on(date(2001, 11, 29), date(2026, 11, 29)) == 25
    assert age_on(date(2001, 11, 30), date(2026, 11, 29)) == 24
    assert age_on(date(2004, 2, 29), date(2025, 2, 28)) == 20
    assert age_on(date(2004, 2, 29), date(2025, 3, 1)) == 21


@pytest.mark.parametrize(("received", "six", "sixteen", "twenty"), [
    (date(2026, 1, 5), date(2026, 2, 16), date(2026, 4, 27), date(2026, 5, 25)),
    (date(2026, 1, 31), date(2026, 3, 14), date(2026, 5, 23), date(2026, 6, 20)),  # month ends
    (date(2028, 1, 20), date(2028, 3, 2), date(2028, 5, 11), date(2028, 6, 8)),  # across 29 February 2028
    (date(2027, 1, 20), date(2027, 3, 3), date(2027, 5, 12), date(2027, 6, 9)),  # the same, no leap day
    (date(2026, 11, 29), date(2027, 1, 10), date(2027, 3, 21), date(2027, 4, 18)),  # across the new year
])
def test_request_deadlines_are_6_16_and_20_weeks_from_receipt(received, six, sixteen, twenty):
    deadlines = request_deadlines(received)
    assert (deadlines.decision_to_assess, deadlines.decision_not_to_issue, deadlines.final_plan) == (
        six, sixteen, twenty)


def test_advice_and_draft_plan_windows():
    assert advice_due(date(2026, 2, 20)) == date(2026, 4, 3)
    # 15 days beginning with the day the draft is served: served 1 March, last day 15 March
    assert representations_end(date(2026, 3, 1)) == date(2026, 3, 15)
    assert representations_end(date(2028, 2, 20)) == date(2028, 3, 5)


def test_every_date_message_is_in_the_catalog_and_reads_well():
    from ehcna_portal.i18n import t

    keys = {parse_date(*parts).error for parts in [("", "", ""), ("1", "", ""), ("", "1", ""), ("", "", "2000"),
                                                      ("1", "1", ""), ("1", "", "2000"), ("", "1", "2000"),
                                                      ("1", "1", "20"), ("40", "1", "2000")]}
    assert len(keys) == 9
    messages = {t(key, label="date of birth", Label="Date of birth") for key in keys}
    assert "Date of birth must include a day and month" in messages and "Enter date of birth" in messages
