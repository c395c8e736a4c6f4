"""Talk to the served app the way a hostile client would: raw Socket.IO events, no browser.

Reflex's frontend sends ``{"name": "<state>.<handler>", "payload": {...}, "router_data": {...}}``
on the ``/_event`` namespace and gets state updates back on ``event``. Anything the page
would never send can be sent here: other families' ids, wrong types, framework events.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import json
import secrets
import uuid
from collections.abc import Coroutine, Iterable
from typing import Any, TypeVar

import socketio
from sqlalchemy import MetaData, select
from sqlmodel import Session
from sqlmodel import select as sql_select

from ehcna_portal.api.session_routes import cookie_name
from ehcna_portal.api.staff_session_routes import staff_cookie_name
from ehcna_portal.models import StaffAccount
from ehcna_portal.services import applications
from ehcna_portal.state.session import SessionState
from tests.support import factories
from tests.support.requests import submitted_request
from tests.support.served_app import ServedApp

# Rows that change by themselves or on any visit (last seen, attempts, the mail sender's progress, audit).
T = TypeVar("T")
MARKER_EVENT = f"{SessionState.get_full_name()}.not_found"
VOLATILE_TABLES = frozenset({"user_session", "staff_session", "audit_event", "auth_attempt", "outbox_message",
                             "alembic_version"})


def parent_with_child(served_app: ServedApp, forename: str = "Secret") -> tuple[int, int]:
    """A signed-up parent (email two-step) with one child: (parent id, child id)."""
    engine = served_app.engine()
    parent_id = factories.parent_id_of(engine, factories.make_parent(engine, served_app.settings(), two_step="email"))
    return parent_id, factories.add_child(engine, parent_id, forename, surname="Childname", school_name="")


def parent_cookie(served_app: ServedApp, parent_id: int) -> str:
    """``name=value`` of a real signed-in parent session (with two-step verification), minted as the
    handoff route mints it."""
    return f"{cookie_name(served_app.settings())}={factories.parent_session(served_app.engine(), parent_id)}"


def staff_cookie(served_app: ServedApp, email: str) -> str:
    """``name=value`` of a real, fully signed-in staff session for an existing staff account."""
    engine = served_app.engine()
    with Session(engine) as db:
        staff_id = db.exec(sql_select(StaffAccount.id).where(StaffAccount.email == email)).one()
    return f"{staff_cookie_name(served_app.settings())}={factories.staff_session(engine, staff_id)}"


class RawClient:
    """One websocket connection (one browser tab's worth of state) sending events one at a time."""

    def __init__(self, url: str, cookie: str = "", origin: str | None = None, token: str | None = None) -> None:
        """``token``: the tab's token, kept across connections as a reconnecting tab keeps it."""
        self.url, self.cookie, self.token = url, cookie, token or str(uuid.uuid4())
        self.origin = url if origin is None else origin
        self.client = socketio.AsyncClient(reconnection=False)
        self.updates: list[dict] = []
        self._arrived = asyncio.Event()

        @self.client.on("event", namespace="/_event")
        async def on_update(update: dict) -> None:
            self.updates.append(update)
            self._arrived.set()

    async def __aenter__(self) -> RawClient:
        headers = {"Origin": self.origin, **({"Cookie": self.cookie} if self.cookie else {})}
        try:
            await self.client.connect(f"{self.url}?token={self.token}", transports=["websocket"],
                                      socketio_path="/_event", namespaces=["/_event"], headers=headers,
                                      wait_timeout=10)
        except socketio.exceptions.ConnectionError:
            await self.client.disconnect()  # closes the HTTP session behind the refused handshake
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.disconnect()

    async def send(self, name: str, path: str, payload: dict | None = None, *, timeout: float = 30) -> str:
        """Every update the server sends back for one event, as JSON text (for searching).

        An event that changes nothing gets no answer at all, so a marker event follows it on the
        same connection (events of one tab run in order): its answer, which names a new address
        and so always carries a delta, means the first event is finished."""
        marker = f"/marker-{uuid.uuid4().hex}"
        self.updates.clear()
        self._arrived.clear()
        for event_name, event_path, event_payload in ((name, path, payload or {}), (MARKER_EVENT, marker, {})):
            await self.client.emit("event", {"name": event_name, "payload": event_payload, "router_data": {
                "pathname": event_path, "query": {}, "asPath": event_path}}, namespace="/_event")
        async with asyncio.timeout(timeout):
            while True:
                await self._arrived.wait()
                self._arrived.clear()
                answers = [json.dumps(update) for update in self.updates]
                for index, text in enumerate(answers):
                    if marker in text:
                        return "[" + ", ".join(answers[:index]) + "]"


async def send_one(url: str, cookie: str, name: str, path: str, payload: dict | None = None) -> str:
    async with RawClient(url, cookie) as client:
        return await client.send(name, path, payload)


def run_apart(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a thread of its own: a module that also drives Playwright's sync API has an
    event loop running in the test's thread already."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def call(url: str, cookie: str, name: str, path: str, payload: dict | None = None) -> str:
    """One event on a fresh connection; the server's answers as JSON text."""
    return asyncio.run(send_one(url, cookie, name, path, payload))


def database_rows(served_app: ServedApp, skip: Iterable[str] = VOLATILE_TABLES) -> dict[str, set[tuple]]:
    """Every row of every table (but the volatile ones), to prove an attack changed nothing."""
    engine = served_app.engine()
    metadata = MetaData()
    metadata.reflect(engine)
    try:
        with engine.connect() as connection:
            return {table.name: {tuple(map(str, row)) for row in connection.execute(select(table))}
                    for table in metadata.sorted_tables if table.name not in set(skip)}
    finally:
        engine.dispose()


def changed_tables(before: dict[str, set[tuple]], after: dict[str, set[tuple]]) -> dict[str, set[tuple]]:
    """Rows added, removed or altered, by table."""
    return {name: before.get(name, set()) ^ after.get(name, set())
            for name in set(before) | set(after) if before.get(name, set()) != after.get(name, set())}


class Victim:
    """A family whose data every attack tries to reach: a child, a draft with an answer and a document,
    and (another family's) submitted request on the staff side."""

    def __init__(self, served_app: ServedApp) -> None:
        token = secrets.token_hex(3)
        self.forename = f"Quenelda{token}"
        self.answer = f"Private family history {token}"
        self.document = f"canary-report-{token}.pdf"
        self.parent_id, self.child_id = parent_with_child(served_app, forename=self.forename)
        engine, settings = served_app.engine(), served_app.settings()
        self.application_id, _ = applications.start(engine, self.parent_id, self.child_id)
        applications.save_step(engine, self.parent_id, self.application_id, 1, 4,
                               {"why_requesting_now": self.answer}, complete=False, last_page="step-4")
        self.document_id = applications.add_document(engine, settings, self.parent_id, self.application_id,
                                                      self.document, io.BytesIO(b"%PDF-1.4\n%canary\n%%EOF\n"))
        self.staff_child = f"Staffcanary{token}"
        _email, self.reference, self.submitted_id = submitted_request(served_app, self.staff_child)
        self.case_id = factories.case_of(engine, self.submitted_id)

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.forename, self.answer, self.document, self.reference, self.staff_child)

    @property
    def paths(self) -> list[str]:
        child, application = self.child_id, self.application_id
        return [f"/ehc/child/{child}/request", f"/ehc/child/{child}/plan", f"/ehc/edit-child/{child}",
                f"/ehc/application/{application}/step-4", f"/ehc/application/{application}/summary",
                f"/ehc/application/{application}/documents", f"/ehc/application/{application}/print",
                f"/ehc/application/{application}/documents/document/{self.document_id}",
                f"/staff/case/{self.case_id}/request"]

    def form(self) -> dict:
        """A form a hostile page would send: every id it might name, and answers to overwrite with."""
        ids = {"id": self.application_id, "application_id": self.application_id, "child_id": self.child_id,
               "document_id": self.document_id, "parent_id": self.parent_id}
        return {**{k: str(v) for k, v in ids.items()}, "_action": "continue", "why_requesting_now": "ATTACK",
                "forename": "ATTACK", "consent_privacy": "yes", "consent_share": "yes", "status": "submitted",
                "decision": "agree", "note": "ATTACK", "select-all": "on", f"select-{self.case_id}": "on",
                # the Advice section's forms
                "advice_request": "1", "advice_status": "withdrawn", "redirect_request": "1",
                "redirect-name": "ATTACK", "redirect-organisation": "ATTACK", "redirect-email": "attack@example.com",
                "advice_exception": "missed_appointment", "advice_reason": "ATTACK",
                "educational-present": "yes", "educational-name": "ATTACK", "educational-organisation": "ATTACK",
                "educational-email": "attack@example.com"}
