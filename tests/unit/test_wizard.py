"""A step page submitted (services/wizard.py): what each button means, where it leads, what it saves — in one
read and one conditional write — and what a stale tab or another family's id gets."""

from __future__ import annotations

from datetime import date

import pytest

from ehcna_portal.forms.ehcna import EHCNA
from ehcna_portal.services import applications, wizard
from tests.support.databases import statements
from tests.support.factories import add_child, add_document, make_parent, parent_id_of, start_request

TODAY = date(2026, 12, 7)
STEP_1 = {"requester_role": "parent", "request_type": "new"}


@pytest.fixture
def draft(engine, settings) -> tuple[int, int]:
    parent_id = parent_id_of(engine, make_parent(engine, settings))
    return parent_id, start_request(engine, parent_id, add_child(engine, parent_id, "Wren"))


def answered(step: dict) -> dict:
    """A step's answers without the questions left blank (a save keeps every question of the step)."""
    return {name: value for name, value in step.items() if value}


def press(engine, draft, step: int, answers: dict, action: str = wizard.CONTINUE, *, version: int = 1,
          to_summary: bool = False) -> wizard.PageResult:
    parent_id, application_id = draft
    return wizard.submit_page(engine, parent_id, application_id, version, step, answers, action=action,
                              to_summary=to_summary, today=TODAY)


def test_save_and_continue_reads_once_and_writes_once(engine, draft):
    with statements(engine) as seen:
        result = press(engine, draft, 1, STEP_1)
    assert seen == ["SELECT", "UPDATE"]
    assert result.saved and result.destination == "step-2" and not result.stays
    assert result.view.version == 2 and result.view.completed_steps == [1] and result.view.last_page == "step-2"
    again = applications.get(engine, *draft)
    assert answered(again.answers["step-1"]) == STEP_1 and again.version == 2 and again.last_page == "step-2"


def test_missing_required_answers_save_what_was_given_and_stay_on_the_step(engine, draft):
    result = press(engine, draft, 1, {"requester_role": "parent"})
    assert result.saved and result.stays and result.destination == "step-1"
    assert [problem.field_id for problem in result.problems] == ["request_type"]
    saved = applications.get(engine, *draft)
    assert answered(saved.answers["step-1"]) == {"requester_role": "parent"}
    assert saved.completed_steps == [] and saved.last_page == "step-1"


@pytest.mark.parametrize(("step", "action", "to_summary", "expected"), [
    (1, wizard.CONTINUE, False, "step-2"),
    (1, wizard.CONTINUE, True, "summary"),  # came from the summary to change an answer
    (len(EHCNA.steps), wizard.CONTINUE, False, "summary"),
    (3, wizard.BACK, False, "step-2"),
    (1, wizard.BACK, False, ""),  # out of the form, to the child's page
    (3, wizard.HOME, False, "step-3"),
    (3, "add:other_people", False, "step-3"),
])
def test_each_button_leads_where_the_seed_says(step, action, to_summary, expected):
    assert wizard.next_page(EHCNA, EHCNA.step(step), action, to_summary=to_summary) == expected


def test_back_saves_without_checking_and_keeps_a_complete_step_complete(engine, draft):
    done = press(engine, draft, 1, STEP_1)
    back = press(engine, draft, 1, {"requester_role": "parent", "request_type": ""}, wizard.BACK,
                 version=done.view.version)
    assert back.saved and not back.stays and back.destination == ""
    assert back.view.completed_steps == []  # an answer it needs was taken away: no longer complete
    kept = press(engine, draft, 1, STEP_1, wizard.HOME, version=back.view.version)
    assert kept.view.completed_steps == []  # Home saves, but only Save & Continue marks a step complete
    assert kept.view.last_page == "step-1"


def test_a_stale_tab_changes_nothing_and_is_shown_the_newer_answers(engine, draft):
    press(engine, draft, 1, STEP_1)
    stale = press(engine, draft, 1, {"requester_role": "young_person", "request_type": "re_request"}, version=1)
    assert not stale.saved and stale.conflict and answered(stale.view.answers["step-1"]) == STEP_1
    assert applications.get(engine, *draft).version == 2


def test_another_familys_application_is_not_found_and_not_touched(engine, settings, draft):
    stranger = parent_id_of(engine, make_parent(engine, settings))
    result = wizard.submit_page(engine, stranger, draft[1], 1, 1, STEP_1, action=wizard.CONTINUE,
                                to_summary=False, today=TODAY)
    assert result.view is None and not result.saved
    assert applications.get(engine, *draft).version == 1


def test_a_document_without_its_details_keeps_the_documents_step_open(engine, settings, draft):
    parent_id, application_id = draft
    document_id = add_document(engine, settings, parent_id, application_id, described=False)
    last = len(EHCNA.steps)
    result = press(engine, draft, last, {}, version=applications.get(engine, *draft).version)
    assert result.stays and [(item.group.name, item.key, item.name) for item in result.incomplete] == [
        ("documents", str(document_id), "school-report.pdf")]


def test_moving_on_to_the_summary_brings_the_documents_it_lists(engine, settings, draft):
    parent_id, application_id = draft
    add_document(engine, settings, parent_id, application_id)
    result = press(engine, draft, 1, STEP_1, to_summary=True)
    assert result.destination == "summary" and [doc.name for doc in result.view.documents] == ["school-report.pdf"]
