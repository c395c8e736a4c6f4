"""What one press of Save & Continue costs the server, counted in this process through the real handler: one
session lookup, one read of the application, one conditional write — and the answer is the next page itself,
with its address for the browser, not a redirect that would cost a second event and a second load
(issue 19; the browser side: tests/browser/test_stage_forms.py, one event per press)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from ehcna_portal import routes
from ehcna_portal.api.session_routes import cookie_name
from ehcna_portal.db import get_engine
from ehcna_portal.services import applications
from ehcna_portal.settings import get_settings
from ehcna_portal.state.application import ApplicationState
from tests.support.databases import statements, upgrade_to_head
from tests.support.factories import add_child, make_parent, parent_id_of, parent_session, start_request
from tests.support.handlers import state_at


@pytest.fixture
def step_one() -> Iterator[tuple[ApplicationState, int, int]]:
    """A parent signed in with two-step verification, on Step 1 of a new request: (its state, parent, request)."""
    upgrade_to_head(get_settings().database_url)
    engine, settings = get_engine(), get_settings()
    parent_id = parent_id_of(engine, make_parent(engine, settings))
    request_id = start_request(engine, parent_id, add_child(engine, parent_id, "Wren"))
    cookie = f"{cookie_name(settings)}={parent_session(engine, parent_id)}"
    state = state_at(ApplicationState, routes.form_page(request_id, "step-1"), cookie)
    asyncio.run(ApplicationState.load.fn(state))
    assert state.found and state.page == "step-1"
    yield state, parent_id, request_id


def test_save_and_continue_is_one_lookup_one_read_one_write_and_answers_with_the_next_page(step_one):
    state, parent_id, request_id = step_one
    form_data = {"_action": "continue", "_version": str(state.version), "requester_role": "parent",
                 "request_type": "new"}
    with statements(get_engine()) as seen:
        answer = asyncio.run(ApplicationState.submit_page.fn(state, form_data))
    assert seen == ["SELECT", "SELECT", "UPDATE"]  # the session, the application (with its child), the save
    step_two = routes.form_page(request_id, "step-2")
    assert "_redirect" not in repr(answer) and "ehcnaShowPage" in repr(answer) and step_two in repr(answer)
    assert state.page == "step-2" and state.loaded_path == step_two and state.shown == "ehcna:step-2"
    assert state.saved_status == "Your answers to Step 1 have been saved."
    saved = applications.get(get_engine(), parent_id, request_id)
    assert saved.version == state.version == 2 and saved.last_page == "step-2" and saved.completed_steps == [1]


def test_a_step_with_answers_to_put_right_stays_in_the_same_one_event(step_one):
    state, _parent_id, request_id = step_one
    form_data = {"_action": "continue", "_version": str(state.version), "requester_role": "parent"}
    with statements(get_engine()) as seen:
        answer = asyncio.run(ApplicationState.submit_page.fn(state, form_data))
    assert seen == ["SELECT", "SELECT", "UPDATE"]  # what was given is saved, and the step shown again
    assert "_redirect" not in repr(answer) and "ehcnaShowPage" not in repr(answer)
    assert state.page == "step-1" and list(state.errors) == ["request_type"]
    assert state.loaded_path == routes.form_page(request_id, "step-1")
