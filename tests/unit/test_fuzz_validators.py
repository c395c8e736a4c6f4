"""Fuzzing the validators with Hypothesis: whatever a browser (or an attacker) sends, checking it
never raises, always ends in a message that exists in both languages, and keeps its promises."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ehcna_portal.forms import answers
from ehcna_portal.forms.ehcna import EHCNA
from ehcna_portal.i18n import t
from ehcna_portal.services import document_store
from ehcna_portal.services.dates import parse_date
from ehcna_portal.services.parent_accounts import validate_registration
from ehcna_portal.services.validation import normalise_phone, normalise_postcode

TODAY = date(2026, 11, 29)
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
typed = st.text(max_size=40)  # what a box can hold, any Unicode


@FUZZ
@given(typed, typed, typed)
def test_any_date_boxes_give_a_date_or_a_message(day, month, year):
    found = parse_date(day, month, year)
    if found.value is not None:
        assert found.error == "" and 1000 <= found.value.year <= 9999
    else:
        assert t(found.error, "en", label="date", Label="Date") and t(found.error, "cy", label="d", Label="D")
        assert set(found.parts) <= {"day", "month", "year"}


def _with_check_digit(nine: str) -> str | None:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return None if check == 10 else nine + str(0 if check == 11 else check)


@FUZZ
@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 9), st.integers(1, 9))
def test_nhs_numbers_are_checked_by_their_check_digit(nine, position, change):
    number = _with_check_digit(nine)
    if number is None:
        return
    assert answers.is_nhs_number(number) and answers.is_nhs_number(f"{number[:3]} {number[3:6]} {number[6:]}")
    wrong = number[:position] + str((int(number[position]) + change) % 10) + number[position + 1:]
    assert not answers.is_nhs_number(wrong)  # mod 11 catches every single-digit slip


@FUZZ
@given(typed)
def test_any_nhs_number_text_is_just_true_or_false(text):
    assert answers.is_nhs_number(text) in (True, False)


@FUZZ
@given(typed)
def test_postcodes_and_phone_numbers_normalise_once_and_for_all(text):
    postcode = normalise_postcode(text)
    assert postcode == "" or (normalise_postcode(postcode) == postcode and len(postcode) <= 8)
    phone = normalise_phone(text)
    assert phone == "" or normalise_phone(phone) == phone


@FUZZ
@given(st.data())
def test_any_answers_to_any_step_are_checked_without_error(data):
    step = data.draw(st.sampled_from(EHCNA.steps))
    names = [field.name for field in answers.shown_fields(step, {})] + ["_action", "unknown", "x-day"]
    raw = data.draw(st.dictionaries(st.sampled_from(names) | typed, typed | st.lists(typed, max_size=3), max_size=12))
    parsed = answers.parse_step(step, raw)
    context = answers.flatten({step.slug: parsed}, {})
    for problem in answers.check_step(step, context, TODAY):
        assert answers.message(problem, "en") and answers.message(problem, "cy")
    for field in answers.shown_fields(step, context):
        answers.display(field, context.get(field.name), "cy")


@FUZZ
@given(st.dictionaries(st.sampled_from(["email", "confirm_email", "password", "title", "forename", "surname",
                                        "gender", "postcode", "home_phone", "mobile_phone"]) | typed,
                       typed | st.integers() | st.none(), max_size=14))
def test_any_registration_is_checked_without_error(raw):
    checked = validate_registration(raw)
    for key in checked.errors.values():
        assert t(key, "en") and t(key, "cy")


@FUZZ
@given(st.binary(max_size=64), st.text(max_size=80))
def test_any_file_and_name_is_sniffed_and_named_safely(head, filename):
    assert document_store.sniff(head) in {"", *document_store.EXTENSIONS}
    document_store.claimed_type(filename)
    safe = document_store.safe_download_name(filename)
    assert safe and safe.isascii() and "/" not in safe and "\\" not in safe and '"' not in safe
    kept = document_store.download_name(filename)
    assert kept and all(ch.isprintable() for ch in kept) and not {"/", "\\", '"'} & set(kept)
