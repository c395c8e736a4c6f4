"""Several tabs on one draft, over real websockets (security.md §4 T2, T3).

* Two tabs open the same step; the first saves; the second's save, made from the older
  version, changes nothing and tells the parent why.
* Five tabs press "Submit" at the same moment, and a sixth presses it again after a
  reconnect (a new websocket and a new Reflex token, the same session): one application
  is sent, with one reference, and one confirmation email arrives.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlmodel import Session, select

from ehcna_portal.models import Application, OutboxMessage
from ehcna_portal.services import applications
from ehcna_portal.state.application import ApplicationState
from tests.support.factories import AGREED
from tests.support.mail import subject_of, text_of, wait_for_mail
from tests.support.protocol import RawClient, parent_cookie, parent_with_child
from tests.support.requests import ready_request
from tests.support.served_app import ServedApp

pytestmark = pytest.mark.browser
LOAD, SAVE, SUBMIT = (f"{ApplicationState.get_full_name()}.{name}"
                      for name in ("load", "submit_page", "submit_application"))


def test_a_save_from_an_older_tab_changes_nothing_and_says_why(served_app: ServedApp):
    parent_id, child_id = parent_with_child(served_app, forename="Twotabs")
    application_id, _ = applications.start(served_app.engine(), parent_id, child_id)
    cookie, path = parent_cookie(served_app, parent_id), f"/ehc/application/{application_id}/step-4"

    async def two_tabs() -> tuple[str, str]:
        async with RawClient(served_app.url, cookie) as first, RawClient(served_app.url, cookie) as second:
            await first.send(LOAD, path)
            await second.send(LOAD, path)  # both show version 1
            # each form sends the version it was drawn from (its hidden _version), as the page does
            saved = await first.send(SAVE, path, {"form_data": {"_action": "home", "_version": "1",
                                                                "why_requesting_now": "First"}})
            stale = await second.send(SAVE, path, {"form_data": {"_action": "home", "_version": "1",
                                                                 "why_requesting_now": "Second"}})
            return saved, stale

    saved, stale = asyncio.run(two_tabs())
    assert '"conflict_rx_state_": true' not in saved
    assert '"conflict_rx_state_": true' in stale, "the older tab is told why nothing was saved"
    assert '"First"' in stale  # and is shown the newer answers
    view = applications.get(served_app.engine(), parent_id, application_id)
    assert view.answers["step-4"]["why_requesting_now"] == "First" and view.version == 2


def test_five_submits_at_once_and_one_after_a_reconnect_send_one_application_and_one_email(served_app: ServedApp):
    email, parent_id, application_id = ready_request(served_app, "Fivetabs")
    cookie, path = parent_cookie(served_app, parent_id), f"/ehc/application/{application_id}/summary"
    consent = {"form_data": AGREED}
    before = len(served_app.smtp.inbox.messages)

    async def tab() -> str:
        async with RawClient(served_app.url, cookie) as client:
            await client.send(LOAD, path)
            return await client.send(SUBMIT, path, consent)

    async def five_at_once() -> list[str]:
        return await asyncio.gather(*(tab() for _ in range(5)))

    answers = asyncio.run(five_at_once())
    answers.append(asyncio.run(tab()))  # a new connection: what a reconnect gives the page
    confirmation = f"/ehc/application/{application_id}/confirmation"
    assert all(confirmation in answer for answer in answers), "every tab is shown the confirmation"
    assert not any("error-summary" in answer for answer in answers)

    engine = served_app.engine()
    with Session(engine) as db:
        sent = db.exec(select(Application).where(Application.parent_id == parent_id)).all()
        queued = db.exec(select(OutboxMessage).where(OutboxMessage.to_address == email,
                                                     OutboxMessage.template == "application_received")).all()
    assert [a.status for a in sent] == ["submitted"] and sent[0].reference
    assert len(queued) == 1
    wait_for_mail(served_app.smtp, email, queued[0].subject, after=before)
    time.sleep(3)  # time for a duplicate to arrive, were there one
    received = [m for m in served_app.smtp.inbox.messages[before:]
                if m["To"] == email and subject_of(m) == queued[0].subject]
    assert len(received) == 1 and sent[0].reference in text_of(received[0])
