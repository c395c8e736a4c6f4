"""The production configuration, scaled out: PostgreSQL, Redis and three backend workers (issue 9).

This module's ``served_app`` is ``make serve`` with ``EHCNA_DATABASE_URL`` on the local PostgreSQL (a
throwaway database), ``REFLEX_REDIS_URL`` on the local Redis and ``GRANIAN_WORKERS=3``. On it:

* a tab that reconnects again and again, landing on different workers, keeps its session and draft;
* every worker runs the outbox sender, and each email still goes exactly once;
* the whole parent journey and the caseworker's decision (the same tests as on one worker);
* a worker killed with SIGKILL mid-journey is replaced, and nothing saved is lost.

Skipped, saying why, only when PostgreSQL or Redis cannot be reached (``.ci/run`` starts them).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from playwright.sync_api import Browser, Page
from sqlmodel import Session, select

from ehcna_portal.models import OutboxMessage
from ehcna_portal.models.outbox import OutboxStatus
from ehcna_portal.services import applications, outbox
from ehcna_portal.state.application import ApplicationState
from ehcna_portal.state.staff_queue import QueueState
from tests.support.databases import ADMIN_URL, migrated_postgres
from tests.support.journeys import (
    caseworker_takes_a_new_request_from_the_queue_to_a_decision,
    parent_fills_in_everything_leaves_comes_back_and_submits_once,
)
from tests.support.protocol import RawClient, parent_cookie, parent_with_child, run_apart
from tests.support.served_app import ServedApp, launched_app

pytestmark = [pytest.mark.browser, pytest.mark.integration]

REDIS_URL = os.environ.get("EHCNA_TEST_REDIS", "redis://127.0.0.1:6379/0")
WORKERS = 3
LOAD, SAVE = (f"{ApplicationState.get_full_name()}.{name}" for name in ("load", "submit_page"))
STAFF_ONLY = f"{QueueState.get_full_name()}.load"  # refused for a parent, and the refusal's log line names the worker



def test_a_parent_journey_on_3_workers(page: Page, served_app: ServedApp, files: dict[str, Path]):
    """The one-worker journey (tests/browser/test_application.py), on this module's served_app: PostgreSQL,
    Redis and three workers."""
    parent_fills_in_everything_leaves_comes_back_and_submits_once(page, served_app, files)


def test_a_caseworker_decides_on_three_workers(page: Page, browser: Browser, served_app: ServedApp, tmp_path: Path):
    caseworker_takes_a_new_request_from_the_queue_to_a_decision(page, browser, served_app, tmp_path)


def unreachable() -> str:
    """Why the services this group needs cannot be used here ("" when both answer)."""
    address = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((address.hostname or "127.0.0.1", address.port or 6379), timeout=3) as redis:
            redis.sendall(b"PING\r\n")
            if not redis.recv(64).startswith(b"+PONG"):
                return f"Redis at {REDIS_URL} did not answer PING"
    except OSError as error:
        return f"Redis is not reachable at {REDIS_URL}: {error}"
    try:
        psycopg.connect(ADMIN_URL, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        return f"PostgreSQL is not reachable at {ADMIN_URL}: {error}"
    return ""


@pytest.fixture(scope="module")
def served_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    if problem := unreachable():
        pytest.skip(f"the scale-out group needs PostgreSQL and Redis: {problem}")
    with migrated_postgres() as database_url, launched_app(
            tmp_path_factory, "scaled", EHCNA_DATABASE_URL=database_url, REFLEX_REDIS_URL=REDIS_URL,
            GRANIAN_WORKERS=str(WORKERS)) as app:
        yield app


def log_lines(app: ServedApp, offset: int) -> list[dict]:
    lines = []
    for text in app.log_since(offset).splitlines():
        if text.startswith("{"):
            try:
                lines.append(json.loads(text))
            except json.JSONDecodeError:
                continue
    return lines


def test_a_tab_reconnecting_to_other_workers_keeps_its_session_and_draft(served_app: ServedApp):
    engine = served_app.engine()
    parent_id, child_id = parent_with_child(served_app, forename="Hopper")
    application_id, _ = applications.start(engine, parent_id, child_id)
    cookie, path = parent_cookie(served_app, parent_id), f"/ehc/application/{application_id}/step-4"
    token = str(uuid.uuid4())  # one tab: the same token on every connection, as a reconnecting page keeps it
    offset = served_app.log_size()
    hops = 12

    async def reconnecting_tab() -> list[str]:
        answers = []
        for hop in range(hops):
            async with RawClient(served_app.url, cookie, token=token) as tab:
                await tab.send(LOAD, path)
                answers.append(await tab.send(SAVE, path, {"form_data": {
                    "_action": "home", "_version": str(hop + 1), "why_requesting_now": f"Answer {hop}"}}))
                await tab.send(STAFF_ONLY, "/staff")
        return answers

    answers = run_apart(reconnecting_tab())
    assert not any("/sign-in" in answer or "conflict_rx_state_\": true" in answer for answer in answers)
    view = applications.get(engine, parent_id, application_id)
    assert view.answers["step-4"]["why_requesting_now"] == f"Answer {hops - 1}" and view.version == hops + 1
    workers = {line["pid"] for line in log_lines(served_app, offset)
               if line.get("action") == "handler.denied" and line.get("object", "").startswith("QueueState")}
    assert len(workers) >= 2, f"every connection landed on one worker ({workers}): nothing was shown"


def test_every_worker_sends_the_outbox_and_each_email_goes_once(served_app: ServedApp):
    engine, settings, inbox = served_app.engine(), served_app.settings(), served_app.smtp.inbox
    run = uuid.uuid4().hex[:8]
    addresses = [f"family-{run}-{number}@example.com" for number in range(40)]
    with Session(engine) as db:
        for address in addresses:
            outbox.enqueue(db, settings, template="verify_email", to=address, idempotency_key=f"scale:{address}",
                           name="Sam", link=outbox.SitePath("/register/complete/x"))
        db.commit()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with Session(engine) as db:
            waiting = db.exec(select(OutboxMessage.id).where(OutboxMessage.to_address.in_(addresses))
                              .where(OutboxMessage.status != OutboxStatus.SENT)).all()
        if not waiting:
            break
        time.sleep(0.5)
    assert not waiting, f"{len(waiting)} emails still unsent after 60 s"
    time.sleep(2 * 5 + 1)  # two more polls by every worker: a second sending would arrive now
    received = sorted(str(message["To"]) for message in inbox.messages if run in str(message["To"]))
    assert received == sorted(addresses), "an email went twice, or not at all"


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def workers_of(app: ServedApp) -> set[int]:
    """The backend worker processes: the server's processes that have no children of their own."""
    tree = descendants(app.process.pid)
    return {pid for pid in tree if not descendants(pid)}


@pytest.mark.backend_log_may_contain("Unexpected exit from worker")  # Granian's report of the kill
def test_a_worker_killed_mid_journey_is_replaced_and_nothing_saved_is_lost(served_app: ServedApp):
    engine = served_app.engine()
    parent_id, child_id = parent_with_child(served_app, forename="Survivor")
    application_id, _ = applications.start(engine, parent_id, child_id)
    cookie, path = parent_cookie(served_app, parent_id), f"/ehc/application/{application_id}/step-4"
    token = str(uuid.uuid4())
    before = workers_of(served_app)
    assert len(before) == WORKERS

    async def save(tab: RawClient, hop: int) -> str:
        await tab.send(LOAD, path)
        return await tab.send(SAVE, path, {"form_data": {
            "_action": "home", "_version": str(hop + 1), "why_requesting_now": f"Answer {hop}"}})

    async def journey() -> tuple[int, list[str]]:
        answers = []
        async with RawClient(served_app.url, cookie, token=token) as tab:
            answers.append(await save(tab, 0))
            offset = served_app.log_size()
            await tab.send(STAFF_ONLY, "/staff")
            holder = next(line["pid"] for line in log_lines(served_app, offset)
                          if line.get("action") == "handler.denied")
            os.kill(holder, signal.SIGKILL)  # the worker holding this tab's websocket, as the OOM killer would
            await asyncio.sleep(0.5)
        for hop in range(1, 4):  # the page reconnects (the same token) and carries on
            async with RawClient(served_app.url, cookie, token=token) as tab:
                answers.append(await save(tab, hop))
        return holder, answers

    killed, answers = run_apart(journey())
    assert not any("/sign-in" in answer or "conflict_rx_state_\": true" in answer for answer in answers)
    view = applications.get(engine, parent_id, application_id)
    assert view.answers["step-4"]["why_requesting_now"] == "Answer 3" and view.version == 5
    assert served_app.process.poll() is None, "one worker's death stopped the whole server"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and len(workers_of(served_app)) < WORKERS:
        time.sleep(0.5)
    after = workers_of(served_app)
    assert killed not in after and len(after) == WORKERS, f"the killed worker was not replaced: {before} → {after}"

