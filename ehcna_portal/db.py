"""Database engine and sessions (plain SQLAlchemy/SQLModel, no Reflex).

Services take a ``Session`` argument so they can be unit-tested against any
engine; the app and CLI get theirs from :func:`get_engine`.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy import event
from sqlalchemy.engine import Engine, ExceptionContext
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session, create_engine

from ehcna_portal.settings import get_settings

# Deliberate pool and timeout values (documented in README "Configuration"). A save waits at most
# 5 s for another transaction's lock (SQLite busy_timeout, PostgreSQL lock_timeout), then fails with
# DatabaseUnavailable: the parent is told at once instead of watching a page that never answers.
POOL_SIZE = 5
MAX_OVERFLOW = 5
POOL_TIMEOUT_SECONDS = 10
SQLITE_BUSY_TIMEOUT_MS = 5000
POSTGRES_LOCK_TIMEOUT_MS = 5000
POSTGRES_STATEMENT_TIMEOUT_MS = 15000
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")


class DatabaseUnavailable(Exception):
    """The database could not do the work in time: locked by another transaction, too slow, or
    unreachable. The transaction was rolled back, so nothing of it was written and trying again later
    is safe. Raised instead of the driver's error by every engine from :func:`make_engine`."""


# What a handler or task treats as "the database is unavailable": also an exhausted connection pool.
UNAVAILABLE = (DatabaseUnavailable, PoolTimeout)


def _unavailable(context: ExceptionContext) -> DatabaseUnavailable | None:
    """Turn lock waits, timeouts and lost connections into one typed error; leave real bugs alone
    (a missing table is also a sqlite3.OperationalError, so SQLite errors are matched by message)."""
    if context.is_pre_ping:  # the pool is testing a connection: it handles the failure itself
        return None
    error = context.original_exception
    busy = isinstance(error, sqlite3.OperationalError) and str(error) in _SQLITE_BUSY
    # PostgreSQL: lock_timeout, statement_timeout, deadlock, serialization failure, lost or refused connection
    if busy or isinstance(error, psycopg.OperationalError):
        first_line = (str(error).splitlines() or [""])[0]  # the server's message (no statement, no values)
        return DatabaseUnavailable(f"{type(error).__name__}: {first_line}")
    return None


def make_engine(url: str) -> Engine:
    """Create an engine with the connection settings this service relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(
            url,
            pool_size=POOL_SIZE,
            max_overflow=MAX_OVERFLOW,
            pool_timeout=POOL_TIMEOUT_SECONDS,
            pool_pre_ping=True,
            connect_args={"options": f"-c statement_timeout={POSTGRES_STATEMENT_TIMEOUT_MS} "
                                     f"-c lock_timeout={POSTGRES_LOCK_TIMEOUT_MS}",
                          "connect_timeout": 5},
        )
    event.listen(engine, "handle_error", _unavailable, retval=True)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers continue while the outbox sender writes; FKs are off by default in SQLite."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


@functools.cache
def get_engine() -> Engine:
    """The process-wide engine for EHCNA_DATABASE_URL."""
    settings = get_settings()
    if settings.database_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return make_engine(settings.database_url)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
