"""A locked or unreachable PostgreSQL (security.md §4 T8) at service level: a save fails fast with the
typed ``DatabaseUnavailable`` (lock_timeout, not the 15 s statement timeout or forever), writes nothing,
and works again once the lock is released."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import Engine, make_url

from ehcna_portal.db import POSTGRES_LOCK_TIMEOUT_MS, DatabaseUnavailable, make_engine
from ehcna_portal.services import applications
from ehcna_portal.settings import Settings
from tests.support.databases import postgres_portal
from tests.support.db_contents import digests
from tests.support.factories import add_child, make_parent, parent_id_of, start_request

pytestmark = pytest.mark.integration

LOCK_SECONDS = POSTGRES_LOCK_TIMEOUT_MS / 1000


@pytest.fixture
def db(tmp_path: Path) -> Iterator[tuple[Engine, Settings, str]]:
    with postgres_portal(tmp_path) as (engine, settings):
        yield engine, settings, settings.database_url


def _draft(engine: Engine, settings: Settings) -> tuple[int, int]:
    parent_id = parent_id_of(engine, make_parent(engine, settings, two_step="email"))
    return parent_id, start_request(engine, parent_id, add_child(engine, parent_id, "Ada", surname="Lock"))


def test_a_save_against_a_locked_table_fails_fast_typed_and_writes_nothing(db: tuple[Engine, Settings, str]):
    engine, settings, url = db
    parent_id, application_id = _draft(engine, settings)
    before = digests(engine)
    plain_url = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain_url) as holder:  # another session: a migration, or an operator's stray LOCK
        holder.execute("LOCK TABLE application IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable, match="LockNotAvailable"):
            applications.save_step(engine, parent_id, application_id, 1, 1, {"known_as": "Al"}, complete=False,
                                   last_page="step-1")
        waited = time.monotonic() - started
        holder.rollback()
    print(f"T8 PostgreSQL ACCESS EXCLUSIVE lock: save refused after {waited:.1f} s (lock_timeout {LOCK_SECONDS:.0f} s)")
    assert LOCK_SECONDS - 0.5 <= waited <= LOCK_SECONDS + 2, waited
    assert digests(engine) == before

    outcome = applications.save_step(engine, parent_id, application_id, 1, 1, {"known_as": "Al"}, complete=False,
                                     last_page="step-1")
    assert outcome.saved and outcome.view is not None and outcome.view.answers["step-1"] == {"known_as": "Al"}


def test_an_unreachable_server_is_the_same_typed_error_at_once():
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/nothing_listens_here")
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable, match="Connection refused"):
        applications.get(engine, 1, 1)
    assert time.monotonic() - started < 6  # connect_timeout is 5 s; refused is immediate
