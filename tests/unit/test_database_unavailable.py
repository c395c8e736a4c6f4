"""A locked database (security.md §4 T8) on SQLite: a typed error within the busy timeout, nothing
written, a clear message from every handler and route, and normal work once the lock is released."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
import reflex as rx
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select
from starlette.testclient import TestClient

from alembic import command
from ehcna_portal.api.routes import RETRY_AFTER_SECONDS, build_api
from ehcna_portal.cli import alembic_config
from ehcna_portal.db import SQLITE_BUSY_TIMEOUT_MS, DatabaseUnavailable, get_engine
from ehcna_portal.i18n import t
from ehcna_portal.models import ParentAccount
from ehcna_portal.services import applications, children, sessions
from ehcna_portal.settings import Settings, get_settings
from ehcna_portal.state.accounts import ForgottenPasswordState
from ehcna_portal.state.form import SERVICE_PROBLEM
from ehcna_portal.state.guards import OUTAGE_MARK
from tests.support.db_contents import digests
from tests.support.factories import make_parent
from tests.support.handlers import handlers

BUSY_SECONDS = SQLITE_BUSY_TIMEOUT_MS / 1000


@contextmanager
def locked(engine: Engine) -> Iterator[None]:
    """Another connection holds SQLite's write lock (as a long migration or a stuck writer would)."""
    holder = sqlite3.connect(Path(make_url(str(engine.url)).database or ""), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


def _parent_id(engine: Engine, email: str) -> int:
    with Session(engine) as db:
        return db.exec(select(ParentAccount.id).where(ParentAccount.email == email)).one()


def _draft(engine: Engine, settings: Settings) -> tuple[int, int]:
    parent_id = _parent_id(engine, make_parent(engine, settings, two_step="email"))
    child_id, _ = children.add_child(engine, parent_id, {
        "forename": "Ada", "middle_name": "", "surname": "Lock", "gender_at_birth": "female",
        "date_of_birth": date(2016, 5, 17), "school_urn": "", "school_name": "Sample Street Primary School",
        "school_status": "not_listed", "relationship": "Mother", "parental_responsibility": True,
        "address_line_1": "9 Hidden Lane", "address_line_2": "", "town": "Coventry", "postcode": "CV1 9XA",
        "uprn": ""})
    assert child_id is not None
    started = applications.start(engine, parent_id, child_id)
    assert started is not None
    return parent_id, started[0]


def test_a_save_against_a_locked_database_fails_typed_within_the_busy_timeout_and_writes_nothing(
        engine: Engine, settings: Settings):
    parent_id, application_id = _draft(engine, settings)
    before = digests(engine)
    with locked(engine):
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable, match="database is locked"):
            applications.save_step(engine, parent_id, application_id, 1, 1, {"known_as": "Al"}, complete=False,
                                   last_page="step-1")
        waited = time.monotonic() - started
    assert BUSY_SECONDS - 0.5 <= waited <= BUSY_SECONDS + 2, waited
    assert digests(engine) == before

    outcome = applications.save_step(engine, parent_id, application_id, 1, 1, {"known_as": "Al"}, complete=False,
                                     last_page="step-1")
    assert outcome.saved and outcome.view is not None and outcome.view.answers["step-1"] == {"known_as": "Al"}


def test_a_real_mistake_is_not_mistaken_for_an_unavailable_database(engine: Engine):
    with pytest.raises(OperationalError) as raised, engine.connect() as connection:
        connection.execute(text("SELECT * FROM no_such_table"))
    assert not isinstance(raised.value, DatabaseUnavailable)


@pytest.mark.parametrize(("state", "name", "fn"), handlers(), ids=[f"{s.__name__}.{n}" for s, n, _ in handlers()])
def test_every_handler_turns_an_unavailable_database_into_a_message(state, name, fn):
    assert getattr(fn, OUTAGE_MARK, False), f"{state.__name__}.{name} would raise a database outage at the user"


@pytest.fixture
def app_database() -> Engine:
    """The database the app's own handlers and routes use (get_engine()), at the latest migration."""
    command.upgrade(alembic_config(get_settings().database_url), "head")
    return get_engine()


def test_a_form_handler_shows_the_service_problem_and_changes_nothing(app_database: Engine):
    email = make_parent(app_database, get_settings())
    form = ForgottenPasswordState.get_full_name().split(".")[1:]
    instance = rx.State().get_substate(form)
    submit = ForgottenPasswordState.event_handlers["submit"].fn
    before = digests(app_database)
    with locked(app_database):
        result = asyncio.run(submit(instance, {"email": email}))
    assert instance.error_list == [{"field": "", "message": t(SERVICE_PROBLEM, "en")}]
    assert instance.errors == {} and not instance.sent
    assert result, "the error summary is focused and the title marked"
    assert digests(app_database) == before

    asyncio.run(submit(instance, {"email": email}))  # the lock has gone: it works again
    assert instance.sent and instance.error_list == []
    assert digests(app_database) != before


def test_an_http_route_answers_503_with_the_same_words_not_a_stack_trace(app_database: Engine):
    email = make_parent(app_database, get_settings())
    with Session(app_database) as db:
        row = sessions.start(db, _parent_id(app_database, email), stage=sessions.SIGNED_IN, two_step_verified=True)
        nonce = sessions.create_handoff(db, row, "/ehc")
        db.commit()
    client = TestClient(build_api())
    client.get(f"/api/session/start?n={nonce}", follow_redirects=False)  # the session cookie
    client.cookies.set("ehcna_lang", "cy")
    with locked(app_database):
        response = client.post("/api/session/keepalive")  # touches the session: a write
    assert response.status_code == 503
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert response.text == t(SERVICE_PROBLEM, "cy")
    assert client.post("/api/session/keepalive").status_code == 204
