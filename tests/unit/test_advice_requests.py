"""Asking for advice (SEND Regulations 2014 reg 6(1)) on a real database: the proposal, sending once, each
professional's own link, existing advice (reg 6(4)), exceptions (reg 8(2)), advice arriving, the family's view,
the reminders with the clock moved on, and "Advice complete" waiting for all of it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from ehcna_portal.models import AdviceType, EhcCase
from ehcna_portal.models.base import utcnow
from ehcna_portal.services import advice_requests, advice_tracking, applications, case_status, staff_cases
from ehcna_portal.services.advice_requests import AdviceRefused, Choice
from ehcna_portal.services.secrets_util import token_hash
from tests.support.advice import (
    NOW,
    PROFESSIONALS,
    TODAY,
    address_book,
    assessing,
    choices,
    mail,
    requests,
    sent_case,
)


def test_the_proposal_is_every_reg_6_1_source_filled_from_the_address_book(engine, settings):
    address_book(engine)
    _parent_id, _request_id, case_id = assessing(engine, settings)
    proposed = {p.advice_type: p for p in advice_requests.propose(engine, case_id, TODAY)}
    assert list(proposed) == ["family", "educational", "medical", "psychological", "social_care", "other",
                              "family_asked"]  # a child in Year 5: no preparing-for-adulthood advice yet
    assert proposed["family"].recipient_name == "Alan Aardvark" and proposed["family"].required
    assert (proposed["educational"].recipient_name, proposed["educational"].organisation) == PROFESSIONALS[
        "educational"]  # the setting's own entry
    assert proposed["psychological"].email == "psych@example.org"
    assert not proposed["other"].required and proposed["other"].recipient_name == ""
    # From Year 9 (reg 6(1)(g)): 13 on the 31 August before.
    _parent_id, _request_id, older = assessing(engine, settings, born=date(2013, 8, 31))
    assert "adulthood" in [p.advice_type for p in advice_requests.propose(engine, older, TODAY)]


def test_sending_asks_each_person_once_with_their_own_link_and_moves_the_case_on(engine, settings):
    address_book(engine)
    _parent_id, _request_id, case_id = assessing(engine, settings)
    existing = Choice(AdviceType.SOCIAL_CARE, existing_reason="Social care assessment of March 2026 is current")
    outcome = advice_requests.send(engine, settings, case_id, choices(engine, case_id, social_care=existing),
                                   staff_id=None, today=TODAY, now=NOW)  # type: ignore[arg-type]
    assert outcome.problems == {} and len(outcome.sent) == 4  # family, educational, medical, psychological
    with Session(engine) as db:
        assert db.get(EhcCase, case_id).case_status == "assessment_in_progress"
    sent = requests(engine, case_id)
    assert {kind: row.status for kind, row in sent.items()} == {
        "family": "sent", "educational": "sent", "medical": "sent", "psychological": "sent",
        "social_care": "existing"}
    assert sent["psychological"].due_on == date(2027, 2, 15) and sent["psychological"].sent_on == TODAY
    assert sent["social_care"].reason.startswith("Social care assessment") and sent["social_care"].sent_on is None
    emails = mail(engine, "advice_requested")
    assert sorted(message.to_address for message in emails) == ["medic@example.org", "psych@example.org",
                                                                "senco@example.org"]
    psych = next(message for message in emails if message.to_address == "psych@example.org")
    assert "15 February 2027" in psych.text_body and "Ada" not in psych.text_body  # no child's name by email
    link = psych.text_body.split("/advice/", 1)[1].split()[0].rstrip(".)")
    assert sent["psychological"].link_token_hash == token_hash(link)  # only its hash is kept
    [family] = mail(engine, "advice_requested_family")
    assert "/assessment" in family.text_body
    # Sending again (a second press, another tab) is refused and writes nothing.
    with pytest.raises(AdviceRefused, match="once"):
        advice_requests.send(engine, settings, case_id, choices(engine, case_id), staff_id=None,  # type: ignore
                             today=TODAY, now=NOW)
    assert len(requests(engine, case_id)) == 5 and len(mail(engine, "advice_requested")) == 3


def test_what_is_missing_is_said_field_by_field_and_nothing_is_sent(engine, settings):
    _parent_id, _request_id, case_id = assessing(engine, settings)
    blank = choices(engine, case_id)  # no address book: the professionals are blank
    outcome = advice_requests.send(engine, settings, case_id,
                                   [*blank[:-2], Choice("other", "Olu Other", "", "not-an-email"), blank[-1]],
                                   staff_id=None, today=TODAY, now=NOW)  # type: ignore[arg-type]
    assert outcome.sent == [] and outcome.problems["medical-name"] == "staff.advice.error.name"
    assert outcome.problems["medical-email"] == "staff.advice.email.empty"
    assert outcome.problems["other-email"] == "staff.advice.email.format"
    assert "family_asked-name" not in outcome.problems  # optional and blank: not asked
    assert "family-organisation" not in outcome.problems
    assert requests(engine, case_id) == {}


def test_resending_keeps_the_due_date_and_asking_someone_else_restarts_it_and_kills_the_old_link(engine, settings):
    _parent_id, _request_id, case_id = sent_case(engine, settings)
    first = requests(engine, case_id)["psychological"]
    later = NOW + timedelta(days=10)
    advice_requests.resend(engine, settings, case_id, first.id, staff_id=None, today=later.date(),  # type: ignore
                           now=later)
    again = requests(engine, case_id)["psychological"]
    assert again.due_on == first.due_on and again.link_token_hash != first.link_token_hash
    problems = advice_requests.redirect(engine, settings, case_id, first.id,
                                        Choice("psychological", "Pip Locum", "Locum EPs Ltd", "pip@example.org"),
                                        staff_id=None, today=later.date(), now=later)  # type: ignore[arg-type]
    moved = requests(engine, case_id)["psychological"]
    assert problems == {} and moved.email == "pip@example.org" and moved.due_on == date(2027, 2, 25)
    assert moved.link_token_hash not in (first.link_token_hash, again.link_token_hash)
    assert [m.to_address for m in mail(engine, "advice_requested")].count("pip@example.org") == 1
    with pytest.raises(AdviceRefused, match="family"):
        advice_requests.redirect(engine, settings, case_id, requests(engine, case_id)["family"].id,
                                 Choice("family", "X", "", "x@example.org"), staff_id=None,  # type: ignore
                                 today=TODAY, now=NOW)


def test_an_exception_needs_its_reg_8_2_reason_and_ends_the_link(engine, settings):
    _parent_id, _request_id, case_id = sent_case(engine, settings)
    medical = requests(engine, case_id)["medical"]
    with pytest.raises(AdviceRefused, match="8\\(2\\)"):
        advice_requests.settle(engine, case_id, medical.id, "exception", reason="x", exception="bogus",
                               staff_id=None, today=TODAY, now=NOW)  # type: ignore[arg-type]
    with pytest.raises(AdviceRefused, match="reason"):
        advice_requests.settle(engine, case_id, medical.id, "exception", reason="  ", exception="missed_appointment",
                               staff_id=None, today=TODAY, now=NOW)  # type: ignore[arg-type]
    advice_requests.settle(engine, case_id, medical.id, "exception", reason="Clinic appointment missed twice",
                           exception="missed_appointment", staff_id=None, today=TODAY, now=NOW)  # type: ignore
    settled = requests(engine, case_id)["medical"]
    assert (settled.status, settled.exception_reason, settled.link_token_hash) == ("exception", "missed_appointment",
                                                                                   None)
    with pytest.raises(AdviceRefused, match="not waiting"):
        advice_requests.settle(engine, case_id, medical.id, "withdrawn", reason="x", staff_id=None,  # type: ignore
                               today=TODAY, now=NOW)


def test_advice_arriving_tells_the_family_who_never_see_a_professionals_address(engine, settings):
    parent_id, request_id, case_id = sent_case(engine, settings)
    psych = requests(engine, case_id)["psychological"]
    assert advice_tracking.record_received(engine, settings, case_id, psych.id, document_id=None,
                                           staff_id=None, today=TODAY + timedelta(days=30),  # type: ignore
                                           now=NOW + timedelta(days=30))
    assert not advice_tracking.record_received(engine, settings, case_id, psych.id, document_id=None,
                                               staff_id=None, today=TODAY, now=NOW)  # type: ignore[arg-type]
    [told] = mail(engine, "advice_received")
    assert told.to_address.startswith("parent-") and "Advice has been received for your request EHC-" in told.subject
    with Session(engine) as db:
        child_id = db.get(EhcCase, case_id).child_id
    seen = advice_tracking.for_family(engine, parent_id, child_id, TODAY + timedelta(days=50))
    assert {row.advice_type: row.status for row in seen}["psychological"] == "received"
    assert {row.advice_type: row.status for row in seen}["medical"] == "late"  # due 15 February, now 23rd
    assert all(row.email == "" for row in seen) and all("@" not in row.recipient_name for row in seen)
    assert advice_tracking.for_family(engine, parent_id + 999, child_id, TODAY) == []
    # The family's own advice is received when they send their form; it is never "late" nor chased.
    advice_id, _page = applications.start(engine, parent_id, child_id, "parent_advice")
    assert applications.submit(engine, settings, parent_id, advice_id, given={}, now=utcnow()).submitted_now
    assert requests(engine, case_id)["family"].status == "received"
    assert len(mail(engine, "advice_received")) == 1  # not emailed about their own advice
    assert request_id


def test_reminders_go_once_each_with_the_clock_moved_on_and_a_late_request_shows_late(engine, settings):
    _parent_id, _request_id, case_id = sent_case(engine, settings)
    due = date(2027, 2, 15)

    def sweep(day: date) -> list[str]:
        return sorted(name for _id, name in advice_tracking.remind(engine, settings, day,
                                                                   datetime(day.year, day.month, day.day, 7,
                                                                            tzinfo=UTC)))

    assert sweep(due - timedelta(days=15)) == []
    assert sweep(due - timedelta(days=14)) == ["two_weeks"] * 4  # the four professionals, not the family
    assert sweep(due - timedelta(days=14)) == [] and sweep(due - timedelta(days=10)) == []
    assert sweep(due - timedelta(days=7)) == ["one_week"] * 4
    assert sweep(due) == []
    tracked = {row.advice_type: row.status for row in advice_tracking.tracker(engine, case_id, due)}
    assert tracked["medical"] == "sent"
    received = requests(engine, case_id)["educational"]
    advice_tracking.record_received(engine, settings, case_id, received.id, document_id=None, staff_id=None,
                                    today=due, now=NOW)  # type: ignore[arg-type]
    assert sweep(due + timedelta(days=1)) == ["late"] * 3  # the three still waiting
    assert sweep(due + timedelta(days=9)) == []
    late = {row.advice_type: row.status for row in advice_tracking.tracker(engine, case_id, due + timedelta(days=1))}
    assert (late["medical"], late["educational"], late["family"]) == ("late", "received", "sent")
    assert len(mail(engine, "advice_reminder")) == 8 and len(mail(engine, "advice_late")) == 3


def test_advice_complete_waits_for_every_request(engine, settings):
    parent_id, _request_id, case_id = sent_case(engine, settings)
    with pytest.raises(case_status.TransitionRefused, match="every advice request"):
        staff_cases.change_status(engine, case_id, "advice_complete", actor="staff:1", on=TODAY)
    for kind, row in requests(engine, case_id).items():
        if kind == "medical":
            advice_requests.settle(engine, case_id, row.id, "withdrawn", reason="Duplicate of the CAMHS report",
                                   staff_id=None, today=TODAY, now=NOW)  # type: ignore[arg-type]
        else:
            advice_tracking.record_received(engine, settings, case_id, row.id, document_id=None, staff_id=None,
                                            today=TODAY, now=NOW)  # type: ignore[arg-type]
    staff_cases.change_status(engine, case_id, "advice_complete", actor="staff:1", on=TODAY)
    with Session(engine) as db:
        assert db.get(EhcCase, case_id).case_status == "advice_complete"
    assert parent_id


def test_the_familys_copy_of_their_data_lists_who_was_asked_for_advice_but_not_their_addresses(engine, settings):
    import io
    import json
    import zipfile

    from ehcna_portal.services import personal_data

    parent_id, _request_id, case_id = sent_case(engine, settings)
    export = personal_data.export(engine, settings, parent_id)
    with zipfile.ZipFile(io.BytesIO(b"".join(export.chunks()))) as archive:
        data = json.loads(archive.read("data.json"))
    [case] = data["cases"]
    asked = {row["advice_type"]: row for row in case["advice_requests"]}
    assert case["id"] == case_id and set(asked) == {"family", "educational", "medical", "psychological",
                                                    "social_care"}
    assert asked["psychological"]["organisation"] == PROFESSIONALS["psychological"][1]
    assert asked["psychological"]["due_on"] == "2027-02-15" and asked["psychological"]["status"] == "sent"
    assert "psych@example.org" not in json.dumps(data)
