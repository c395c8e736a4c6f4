"""Who is asking and what they agreed to (services/consents.py; domain.md §3 "Summary consents").

The line is the 16th birthday on the day the request is sent (SEND Code of Practice 2015, 8.13 and 9.8: a young
person may ask for themselves; a parent asking for a young person needs their agreement, or to be deciding for
them under the Mental Capacity Act 2005).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from ehcna_portal.forms import consents as definition
from ehcna_portal.i18n import t
from ehcna_portal.services import consents

EVERYTHING = {"consent_privacy": "yes", "consent_share": "yes", "declaration": "yes",
              "declaration_name": "Lesley Harris", "copy_parents": "no", "young_person_agrees": "yes"}


@pytest.mark.parametrize(("role", "born", "sent_on", "expected"), [
    ("parent", date(2010, 12, 7), date(2026, 12, 6), "parent"),  # the day before the 16th birthday
    ("parent", date(2010, 12, 7), date(2026, 12, 7), "parent_for_young_person"),  # the birthday itself
    ("acting_for_young_person", date(2004, 2, 29), date(2020, 2, 28), "parent"),  # born on 29 February: still 15
    ("acting_for_young_person", date(2004, 2, 29), date(2020, 2, 29), "parent_for_young_person"),
    ("young_person", date(2008, 1, 1), date(2026, 12, 6), "young_person"),  # asking for themselves, at 18
])
def test_who_is_asking_is_worked_out_from_the_date_of_birth_on_the_day_it_is_sent(role, born, sent_on, expected):
    assert consents.requested_by(role, born, sent_on) == expected


@pytest.mark.parametrize("requester", definition.REQUESTERS)
def test_every_item_must_be_given_and_each_gap_is_named(requester):
    names = [item.name for item in consents.items(requester)]
    assert consents.check(requester, {}).errors == {name: f"error.{name}" for name in names}
    assert consents.check(requester, EVERYTHING).record is not None
    for name in names:
        assert list(consents.check(requester, {**EVERYTHING, name: ""}).errors) == [name]


def test_what_each_requester_is_asked():
    asked = {requester: {item.name for item in consents.items(requester)} for requester in definition.REQUESTERS}
    common = {"consent_privacy", "consent_share", "declaration", "declaration_name"}
    assert asked == {"parent": common, "young_person": common | {"copy_parents"},
                     "parent_for_young_person": common | {"young_person_agrees"}}
    # the young person is spoken to: "I agree…" about their own information, not "my child or dependent"
    assert "my child or dependent" not in t("consent.yp.share_statement", "en")
    assert t("consent.yp.share_statement", "en").startswith("I agree")


def test_answers_outside_the_options_and_overlong_names_are_refused():
    assert consents.check("young_person", {**EVERYTHING, "copy_parents": "maybe"}).errors == {
        "copy_parents": "error.copy_parents"}
    assert consents.check("parent", {**EVERYTHING, "declaration": "on"}).errors == {"declaration": "error.declaration"}
    assert consents.check("parent", {**EVERYTHING, "declaration_name": "x" * 201}).errors == {
        "declaration_name": "error.declaration_name.too_long"}


def test_the_record_keeps_the_answers_the_name_the_time_and_the_text_version():
    record = consents.check("young_person", {**EVERYTHING, "copy_parents": "yes",
                                             "declaration_name": "  Robin   Quixley "}).record
    now = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)
    assert record.columns(now) == {
        "requested_by": "young_person", "consent_text_version": definition.TEXT_VERSION,
        "consent_privacy_at": now, "consent_share_at": now, "declaration_at": now,
        "declaration_name": "Robin Quixley", "copy_parents": True, "young_person_agrees": ""}


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_sent_request_shows_what_was_agreed_by_whom_and_when(lang):
    sent = consents.agreed(SimpleNamespace(
        requested_by="parent_for_young_person", young_person_agrees="cannot_decide", copy_parents=None,
        declaration_name="Lesley Harris", declaration_at=datetime(2026, 12, 6, 23, 30, tzinfo=UTC),
        consent_text_version="2026-12"))
    rows = consents.agreed_rows(sent, lang)
    shown = {row.label: row.value for row in rows}
    assert shown[t("consent.row.requested_by", lang)] == t("consent.requested_by.parent_for_young_person", lang)
    assert shown[t("consent.young_person_agrees", lang)] == t("consent.young_person_agrees.cannot_decide", lang)
    assert shown[t("consent.row.signed", lang)] == "Lesley Harris"
    # 23:30 UTC on 6 December is still 6 December in the UK (GMT)
    assert shown[t("consent.declaration_box", lang)] == t("consent.row.agreed_on", lang,
                                                          day="6 December 2026" if lang == "en" else "6 Rhagfyr 2026")
    assert consents.export(sent)["declaration"] == {"name": "Lesley Harris", "at": "2026-12-06T23:30:00+00:00"}
    assert consents.agreed(SimpleNamespace(declaration_at=None)) is None and consents.agreed_rows(None, lang) == []


def test_copies_go_only_where_a_young_person_asked_and_only_to_parents_with_an_address():
    answers = {"step-2": {"other_people": [
        {"forename": "Lesley", "surname": "Harris", "has_parental_responsibility": "yes", "email": "l@example.com"},
        {"forename": "Pat", "surname": "Harris", "has_parental_responsibility": "dont_know", "email": "p@example.com"},
        {"forename": "Sam", "surname": "Harris", "has_parental_responsibility": "yes", "email": "not an address"}]}}
    said_yes = consents.check("young_person", {**EVERYTHING, "copy_parents": "yes"}).record
    said_no = consents.check("young_person", EVERYTHING).record
    parent = consents.check("parent", {**EVERYTHING, "copy_parents": "yes"}).record
    assert consents.copied_to(said_yes, answers) == [("Lesley Harris", "l@example.com")]
    assert consents.copied_to(said_no, answers) == [] and consents.copied_to(parent, answers) == []
    assert consents.copied_to(said_yes, {"step-2": {"other_people": "not a list"}}) == []
