"""Databases for tests: the real schema, built by the real migrations once per test process.

Running Alembic to head takes about 0.1 s on SQLite and a second on PostgreSQL; the suite needs several
hundred databases. So each kind is migrated once, into a template, and every test gets a copy:

* SQLite: the template file is copied with SQLite's backup API (a consistent copy, WAL or not);
* PostgreSQL: ``CREATE DATABASE … TEMPLATE`` a database migrated once (throwaway databases on the local
  server, 127.0.0.1:5432, trust auth), so concurrency tests still get a database of their own, with
  real connections, locks and transactions.

``tests/integration/test_migrations.py`` still runs every migration, up and down, on empty databases
(``empty_postgres``) and checks the models equal what the migrations build.
"""

from __future__ import annotations

import atexit
import os
import secrets
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ehcna_portal.cli import alembic_config
from ehcna_portal.db import make_engine
from ehcna_portal.settings import Settings, load_settings

ADMIN_URL = os.environ.get("EHCNA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
_lock = threading.Lock()
_templates: dict[str, str] = {}


def upgrade_to_head(url: str) -> None:
    """The real migrations, as ``ehcna-portal db upgrade`` runs them."""
    from alembic import command

    command.upgrade(alembic_config(url), "head")


def _sqlite_template() -> str:
    with _lock:
        if "sqlite" not in _templates:
            path = Path(tempfile.mkdtemp(prefix="ehcna-schema-")) / "template.db"
            upgrade_to_head(f"sqlite:///{path}")
            _templates["sqlite"] = str(path)
        return _templates["sqlite"]


def migrated_engine(url: str) -> Engine:
    """An engine on ``url`` brought to the latest migration: a SQLite file becomes a copy of this run's
    template; a PostgreSQL database is upgraded by Alembic (nothing to do for one from
    :func:`migrated_postgres`, which is already at head)."""
    if url.startswith("sqlite:///"):
        target = url.removeprefix("sqlite:///")
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(_sqlite_template()) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
    else:
        upgrade_to_head(url)
    return make_engine(url)


def _admin() -> psycopg.Connection:
    try:
        return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is required for this test and is not reachable at {ADMIN_URL}: {error}")


def _sqlalchemy_url(name: str) -> str:
    return f"{ADMIN_URL.rsplit('/', 1)[0].replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"


def _drop(name: str) -> None:
    try:
        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except psycopg.OperationalError:
        pass  # the server went away first: nothing to tidy


def _postgres_template() -> str:
    with _lock:
        if "postgresql" not in _templates:
            name = f"ehcna_schema_{os.getpid()}_{secrets.token_hex(3)}"
            with _admin() as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            atexit.register(_drop, name)
            upgrade_to_head(_sqlalchemy_url(name))
            _templates["postgresql"] = name
        return _templates["postgresql"]


@contextmanager
def _database(template: str | None) -> Iterator[str]:
    name = f"ehcna_test_{secrets.token_hex(6)}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield _sqlalchemy_url(name)
    finally:
        _drop(name)


@contextmanager
def migrated_postgres() -> Iterator[str]:
    """A new PostgreSQL database at the latest migration; its SQLAlchemy URL. Dropped afterwards."""
    with _database(_postgres_template()) as url:
        yield url


@contextmanager
def migrated_on(kind: str, folder: Path) -> Iterator[Engine]:
    """An engine at the latest migration on ``kind`` — "sqlite" (a file in ``folder``) or "postgresql" (a new
    database, dropped afterwards) — for tests that run the same on both databases the portal supports."""
    with nullcontext(f"sqlite:///{folder / 'test.db'}") if kind == "sqlite" else migrated_postgres() as url:
        engine = migrated_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()


@contextmanager
def empty_postgres() -> Iterator[str]:
    """A new, empty PostgreSQL database (for the migration tests). Dropped afterwards."""
    with _database(None) as url:
        yield url


@contextmanager
def postgres_portal(data_dir: Path, **settings: str) -> Iterator[tuple[Engine, Settings]]:
    """A portal's settings and engine on a new migrated PostgreSQL database (``settings``: more ``EHCNA_*``)."""
    with migrated_postgres() as url:
        portal = load_settings({"EHCNA_ENV": "dev", "EHCNA_DATA_DIR": str(data_dir), "EHCNA_DATABASE_URL": url,
                                "EHCNA_PUBLIC_URL": "https://portal.example.gov.uk", **settings})
        engine = make_engine(url)
        try:
            yield engine, portal
        finally:
            engine.dispose()


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The first word of each SQL statement run on ``engine`` meanwhile (SELECT, UPDATE…; transaction control is
    not a statement here): what a test counts to show a service or a handler reads and writes only once."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement.split()[0].upper())

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
