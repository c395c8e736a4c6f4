"""Migrations take an empty SQLite and an empty PostgreSQL database to head and back again,
and the head schema is exactly what the models declare."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import ehcna_portal.models  # noqa: F401  (registers the tables)
from alembic import command
from ehcna_portal.cli import alembic_config
from ehcna_portal.db import make_engine
from tests.support.postgres import fresh_database

TABLES = {"parent_account", "staff_account", "outbox_message", "audit_event"}


def _round_trip(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "head")
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, SQLModel.metadata) == [], "models and migrations differ"
        command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        command.upgrade(config, "head")
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()


def test_sqlite_upgrade_to_head_and_back(sqlite_url):
    _round_trip(sqlite_url)


@pytest.mark.integration
def test_postgresql_upgrade_to_head_and_back():
    with fresh_database() as url:
        _round_trip(url)
