"""Database engine and sessions (plain SQLAlchemy/SQLModel, no Reflex).

Services take a ``Session`` argument so they can be unit-tested against any
engine; the app and CLI get theirs from :func:`get_engine`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from ehcna_portal.settings import get_settings

# Deliberate pool and timeout values (documented in README "Configuration").
POOL_SIZE = 5
MAX_OVERFLOW = 5
POOL_TIMEOUT_SECONDS = 10
SQLITE_BUSY_TIMEOUT_MS = 5000
POSTGRES_STATEMENT_TIMEOUT_MS = 15000


def make_engine(url: str) -> Engine:
    """Create an engine with the connection settings this service relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        url,
        pool_size=POOL_SIZE,
        max_overflow=MAX_OVERFLOW,
        pool_timeout=POOL_TIMEOUT_SECONDS,
        pool_pre_ping=True,
        connect_args={"options": f"-c statement_timeout={POSTGRES_STATEMENT_TIMEOUT_MS}",
                      "connect_timeout": 5},
    )


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
