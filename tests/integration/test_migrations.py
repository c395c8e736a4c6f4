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


def test_sqlite_upgrades_a_database_that_already_holds_requests_and_documents(sqlite_url):
    """Later migrations copy tables that others point at (SQLite's way to alter them): nothing is lost."""
    config = alembic_config(sqlite_url)
    command.upgrade(config, "0005")
    engine = make_engine(sqlite_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO parent_account (id, email, password_hash, title, forename, surname, gender, "
                "address_line_1, address_line_2, town, postcode, uprn, home_phone, mobile_phone, work_phone, "
                "two_step_method, totp_secret_encrypted, totp_last_step, created_at) VALUES (1, 'p@example.com', "
                "'x', '', 'A', 'B', '', '', '', '', '', '', '', '', '', '', '', 0, '2026-01-01')")
            connection.exec_driver_sql(
                "INSERT INTO child (id, parent_id, forename, middle_name, surname, gender_at_birth, date_of_birth, "
                "school_urn, school_name, school_status, relationship, parental_responsibility, address_line_1, "
                "address_line_2, town, postcode, uprn, created_at, updated_at) VALUES (1, 1, 'C', '', 'D', 'male', "
                "'2017-03-12', '', '', 'not_in_school', 'x', 1, 'l', '', 't', 'CV1 9XA', '', '2026-01-01', "
                "'2026-01-01')")
            connection.exec_driver_sql(
                "INSERT INTO application (id, parent_id, child_id, form_key, form_version, status, reference, "
                "answers, completed_steps, last_page, version, requester_role, request_type, main_area_of_need, "
                "consent_text_version, received_on, decision_due_on, created_at, updated_at) VALUES (1, 1, 1, "
                "'ehcna', '1', 'submitted', 'EHC-2026-000001', '{}', '[]', 'summary', 2, '', '', '', '', "
                "'2026-01-05', '2026-02-16', '2026-01-01', '2026-01-05')")
            connection.exec_driver_sql(
                "INSERT INTO application_document (id, application_id, parent_id, stored_name, original_name, "
                "file_type, size_bytes, sha256, details, uploaded_at, after_submission) VALUES (1, 1, 1, 'abc', "
                "'r.pdf', 'pdf', 5, 'x', '{}', '2026-01-02', 0)")
        command.upgrade(config, "head")
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT case_status FROM application").scalar_one() == "submitted"
            assert connection.exec_driver_sql("SELECT shared FROM application_document").scalar_one() == 1
    finally:
        engine.dispose()
