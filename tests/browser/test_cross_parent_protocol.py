"""Over the raw websocket, with a real session cookie: one parent asks for another parent's child.

This is what a hostile client does (reflex.md §0: every handler is callable, the
address bar is client-controlled). Nothing of the other child may come back, and
nothing may change.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from ehcna_portal.models import Application, Child, ParentAccount
from ehcna_portal.services import applications
from ehcna_portal.state.application import ApplicationState
from ehcna_portal.state.children import ChildFormState, ChildPageState
from ehcna_portal.state.staff_queue import QueueState
from tests.support.factories import AGREED
from tests.support.protocol import call, parent_cookie, parent_with_child
from tests.support.requests import submitted_request
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser


def test_another_parents_child_cannot_be_read_or_changed_over_the_websocket(served_app: ServedApp):
    _owner, their_child = parent_with_child(served_app)
    intruder, own_child = parent_with_child(served_app)
    cookie = parent_cookie(served_app, intruder)
    page_load = f"{ChildPageState.get_full_name()}.load"

    # the intruder's own child comes back: the session and the call shape are right
    mine = call(served_app.url, cookie, page_load, f"/ehc/child/{own_child}/request")
    assert "Secret Childname" in mine and '"found_rx_state_":true' in mine.replace(" ", "")

    # the other family's child does not, by any address
    for path in (f"/ehc/child/{their_child}/request", f"/ehc/child/{their_child}/plan",
                 f"/ehc/edit-child/{their_child}"):
        seen = call(served_app.url, cookie, page_load, path)
        assert "Hidden Lane" not in seen and '"found_rx_state_":false' in seen.replace(" ", "")
    edit = call(served_app.url, cookie, f"{ChildFormState.get_full_name()}.load",
                f"/ehc/edit-child/{their_child}")
    assert "Hidden Lane" not in edit and "/ehc" in edit  # sent back to SEND Home

    # and a forged submit cannot change it
    forged = {"form_data": {"forename": "Changed", "surname": "Childname", "gender_at_birth": "male",
                            "dob-day": "1", "dob-month": "1", "dob-year": "2016", "school_status": "not_in_school",
                            "relationship": "x", "parental_responsibility": "yes", "address_line_1": "1 Other Road",
                            "town": "Coventry", "postcode": "CV1 9XA"}}
    call(served_app.url, cookie, f"{ChildFormState.get_full_name()}.submit",
         f"/ehc/edit-child/{their_child}", forged)
    with Session(served_app.engine()) as db:
        assert db.get(Child, their_child).forename == "Secret"


def test_without_a_session_the_websocket_gets_nothing(served_app: ServedApp):
    _owner, their_child = parent_with_child(served_app)
    seen = call(served_app.url, "ehcna_session=forged-cookie-value",
                f"{ChildPageState.get_full_name()}.load", f"/ehc/child/{their_child}/request")
    assert "Hidden Lane" not in seen and "Secret" not in seen and "/sign-in" in seen


def test_another_parents_application_cannot_be_read_started_changed_or_sent(served_app: ServedApp):
    owner, their_child = parent_with_child(served_app)
    intruder, _own_child = parent_with_child(served_app)
    application_id, _page = applications.start(served_app.engine(), owner, their_child)
    applications.save_step(served_app.engine(), owner, application_id, 1, 4,
                           {"why_requesting_now": "Private family history"}, complete=False, last_page="step-4")
    cookie = parent_cookie(served_app, intruder)
    state = ApplicationState.get_full_name()
    path = f"/ehc/application/{application_id}/step-4"

    seen = call(served_app.url, cookie, f"{state}.load", path)
    assert "Private family history" not in seen and "Secret" not in seen
    assert '"found_rx_state_":false' in seen.replace(" ", "")
    for page in ("summary", "print", "step-1", "documents"):
        seen = call(served_app.url, cookie, f"{state}.load",
                f"/ehc/application/{application_id}/{page}")
        assert "Private family history" not in seen and "Childname" not in seen

    forged = {"form_data": {"_action": "continue", "why_requesting_now": "Overwritten"}}
    call(served_app.url, cookie, f"{state}.submit_page", path, forged)
    consent = {"form_data": AGREED}
    call(served_app.url, cookie, f"{state}.submit_application",
         f"/ehc/application/{application_id}/summary", consent)
    call(served_app.url, cookie, f"{ChildPageState.get_full_name()}.start_application",
         f"/ehc/child/{their_child}/request")
    view = applications.get(served_app.engine(), owner, application_id)
    assert view is not None and view.is_draft and view.version == 2
    assert view.answers["step-4"]["why_requesting_now"] == "Private family history"
    with Session(served_app.engine()) as db:
        assert db.exec(select(Application).where(Application.child_id == their_child)).all() \
            == [db.get(Application, application_id)]


def test_a_parent_session_gets_nothing_from_staff_handlers_over_the_websocket(served_app: ServedApp):
    _email, reference, _application_id = submitted_request(served_app, "Sam")
    engine = served_app.engine()
    with Session(engine) as db:
        parent_id = db.exec(select(ParentAccount.id).order_by(ParentAccount.id.desc())).first()
    cookie = parent_cookie(served_app, parent_id)  # a real, fully signed-in parent session
    seen = call(served_app.url, cookie, f"{QueueState.get_full_name()}.load", "/staff")
    assert reference not in seen and "/staff/sign-in" in seen
