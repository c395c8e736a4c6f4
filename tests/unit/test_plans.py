"""The plan as the caseworker composes it: built from the structured advice (each item naming the advice it came
from), changed one checked edit at a time, every change a new version — nothing is ever overwritten."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, col, select

from ehcna_portal.models import AuditEvent, PlanVersion
from ehcna_portal.services import plans
from ehcna_portal.services.plan_edits import Edit, EditRefused, edit_for
from tests.support.factories import case_at, make_staff
from tests.support.plans import two_professionals

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


@pytest.fixture
def planned(engine, settings):
    case_id = case_at(engine, "issue_agreed")
    psychologist, therapist = two_professionals(engine, case_id)
    staff_id, _ = make_staff(engine, settings)
    version = plans.start(engine, case_id, staff_id=staff_id, now=NOW)
    return case_id, staff_id, version, psychologist, therapist


def test_the_first_version_is_built_from_two_professionals_advice_items(planned):
    _case_id, _staff, version, psychologist, therapist = planned
    content = version.content
    assert [(item["id"], item["area"], item["source"]) for item in content["B"]["items"]] == [
        ("B1", "cl", psychologist), ("B2", "ci", therapist)]
    assert [(item["id"], item["source"]) for item in content["E"]["items"]] == [("E1", psychologist),
                                                                                ("E2", therapist)]
    reading, therapy = content["F"]["items"]
    assert (reading["id"], reading["needs"], reading["outcomes"], reading["source"]) == ("F1", ["B1"], ["E1"],
                                                                                        psychologist)
    assert reading["how_often"] == "Regular sessions" and therapy["how_often"] == "30 minutes every week"
    assert [entry["from"] for entry in content["K"]["items"]] == ["Dr Ada Lovelace", "Sam Rivers"]
    assert version.revision == 1 and version.changes == ["Started from the advice received"]


def test_starting_again_returns_the_latest_version_not_a_new_one(engine, planned):
    case_id, staff_id, version, *_ = planned
    assert plans.start(engine, case_id, staff_id=staff_id, now=NOW).id == version.id


def test_every_change_is_a_new_version_and_earlier_versions_never_change(engine, planned):
    case_id, staff_id, first, *_ = planned
    before = first.content
    second = plans.edit(engine, case_id, 1, Edit("item", "F", "F1", {
        "what": "Precision teaching of reading, one to one", "who": "A trained teaching assistant",
        "how_often": "10 minutes every school day", "how_long": "12 months", "needs": ["B1"], "outcomes": ["E1"]}),
        staff_id=staff_id, now=NOW).version
    third = plans.edit(engine, case_id, 2, Edit("remove", "E", "E2"), staff_id=staff_id, now=NOW).version
    with Session(engine) as db:
        rows = db.exec(select(PlanVersion).where(PlanVersion.case_id == case_id)
                       .order_by(col(PlanVersion.revision))).all()
        audited = db.exec(select(AuditEvent).where(AuditEvent.action == "plan.changed")).all()
    assert [(row.revision, row.based_on, row.changes, row.created_by) for row in rows] == [
        (1, None, ["Started from the advice received"], staff_id), (2, 1, ["F: changed F1"], staff_id),
        (3, 2, ["E: removed E2"], staff_id)]
    assert rows[0].content == before and rows[0].content["F"]["items"][0]["how_often"] == "Regular sessions"
    assert second.content["F"]["items"][0]["how_often"] == "10 minutes every school day"
    assert second.content["F"]["items"][0]["source"] == first.content["F"]["items"][0]["source"]  # still traceable
    assert [item["id"] for item in third.content["E"]["items"]] == ["E1"]
    assert third.content["F"]["items"][1]["outcomes"] == []  # the removed outcome is no longer pointed at
    assert len(audited) == 2


def test_a_change_made_from_an_older_page_is_refused_and_writes_nothing(engine, planned):
    case_id, staff_id, *_ = planned
    plans.edit(engine, case_id, 1, Edit("text", "A", values={"text": "He loves trains"}), staff_id=staff_id, now=NOW)
    with pytest.raises(plans.PlanConflict):
        plans.edit(engine, case_id, 1, Edit("text", "A", values={"text": "Stale"}), staff_id=staff_id, now=NOW)
    assert [version.revision for version in plans.history(engine, case_id)] == [2, 1]


def test_items_added_get_ids_never_used_before(engine, planned):
    case_id, staff_id, *_ = planned
    plans.edit(engine, case_id, 1, Edit("remove", "B", "B2"), staff_id=staff_id, now=NOW)
    added = plans.edit(engine, case_id, 2, Edit("item", "B", values={"area": "semh", "text": "Anxious at change"}),
                       staff_id=staff_id, now=NOW)
    assert added.change == "B: added B3"


@pytest.mark.parametrize(("change", "field", "message"), [
    (Edit("item", "B", values={"area": "cl", "text": " "}), "text", "Enter the need"),
    (Edit("item", "B", values={"area": "nonsense", "text": "x"}), "area", "Select the area of need"),
    (Edit("item", "F", values={}), "what", "Enter what the provision is"),
    (Edit("item", "F", values={"what": "x" * 1001}), "what", "1000 characters or fewer"),
    (Edit("placement", "I", values={"school_urn": "999999"}), "school_urn", "Select a school or college"),
    (Edit("remove", "F", "F9"), "item", "no longer in the plan"),
    (Edit("item", "Z", values={}), "section", "no such section"),
    (Edit("item", "K", values={"text": "typed"}), "section", "cannot be changed"),
])
def test_a_bad_change_is_refused_with_a_message_by_field_and_writes_nothing(engine, planned, change, field, message):
    case_id, staff_id, *_ = planned
    with pytest.raises(EditRefused) as refused:
        plans.edit(engine, case_id, 1, change, staff_id=staff_id, now=NOW)
    assert message in refused.value.problems[field]
    assert len(plans.history(engine, case_id)) == 1


def test_a_provision_names_only_needs_and_outcomes_that_exist_and_advice_received_on_the_case(engine, planned):
    case_id, staff_id, *_ = planned
    added = plans.edit(engine, case_id, 1, Edit("item", "F", values={
        "what": "Sensory circuit", "who": "Teaching assistant", "how_often": "Daily, 15 minutes",
        "how_long": "12 months", "needs": ["B1", "B7", "E1"], "outcomes": ["E2", "X"], "source": 999_999}),
        staff_id=staff_id, now=NOW)
    item = added.version.content["F"]["items"][-1]
    assert (item["needs"], item["outcomes"], item["source"]) == (["B1"], ["E2"], None)


def test_only_a_term_flagged_in_the_item_now_may_be_overridden_and_a_change_to_the_item_drops_its_overrides(
        engine, planned):
    case_id, staff_id, *_ = planned
    with pytest.raises(EditRefused) as refused:  # F2 is specific: there is nothing in it to accept
        plans.override(engine, case_id, 1, "F2", "regular", "Because", staff_id=staff_id, now=NOW)
    assert refused.value.problems == {"reason": "That wording is no longer flagged in this item"}
    accepted = plans.override(engine, case_id, 1, "F1", "regular", "Daily", staff_id=staff_id, now=NOW)
    assert accepted.version.overrides
    changed = plans.edit(engine, case_id, 2, Edit("item", "F", "F1", {
        "what": "Precision teaching", "who": "A teaching assistant", "how_often": "Regular, as required",
        "how_long": "A year", "needs": ["B1"]}), staff_id=staff_id, now=NOW)
    assert changed.version.overrides == []  # the new wording is checked afresh


def test_an_override_needs_a_reason_and_is_kept_on_the_version_and_audited(engine, planned):
    case_id, staff_id, *_ = planned
    with pytest.raises(EditRefused) as refused:
        plans.override(engine, case_id, 1, "F1", "regular", "  ", staff_id=staff_id, now=NOW)
    assert refused.value.problems == {"reason": "Enter why this wording is specific enough"}
    saved = plans.override(engine, case_id, 1, "F1", "regular", "Agreed at the meeting: every day",
                           staff_id=staff_id, now=NOW)
    assert [(entry["item"], entry["term"], entry["reason"]) for entry in saved.version.overrides] == [
        ("F1", "regular", "Agreed at the meeting: every day")]
    with Session(engine) as db:
        event = db.exec(select(AuditEvent).where(AuditEvent.action == "plan.flag_overridden")).one()
    assert event.detail["reason"] == "Agreed at the meeting: every day" and event.actor == f"staff:{staff_id}"


def test_a_saved_change_says_where_it_is_on_the_plan_section(engine, planned):
    case_id, staff_id, *_ = planned
    added = plans.edit(engine, case_id, 1, edit_for("E", "new", {"text": "Reads aloud to the class"}),
                       staff_id=staff_id, now=NOW)
    words = plans.edit(engine, case_id, 2, edit_for("A", "section", {"text": "Loves trains"}), staff_id=staff_id,
                       now=NOW)
    assert (added.anchor, words.anchor) == ("plan-E3", "plan-A")
