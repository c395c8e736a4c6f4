"""Migrations take an empty SQLite and an empty PostgreSQL database to head and back again,
and the head schema is exactly what the models declare; a database full of rows keeps every row
and every value through upgrade to head, rollback and upgrade again (security reference §4 T5)."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect, select
from sqlmodel import SQLModel

import ehcna_portal.models  # noqa: F401  (registers the tables)
from alembic import command
from ehcna_portal.cli import alembic_config
from ehcna_portal.db import make_engine
from tests.support import db_contents, synthetic
from tests.support.databases import empty_postgres

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
    with empty_postgres() as url:
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
            assert connection.exec_driver_sql("SELECT case_status FROM ehc_case").scalar_one() == "submitted"
            assert connection.exec_driver_sql("SELECT shared FROM application_document").scalar_one() == 1
            # Stored before virus scanning existed: never scanned, and downloadable as before.
            assert connection.exec_driver_sql("SELECT scan_status FROM application_document").scalar_one() == \
                "not_scanned"
    finally:
        engine.dispose()


# ---------------------------------------------------------------- T5: no data lost by upgrading or rolling back


def _seed_revisions() -> list[str]:
    """Where a database with data may start from: the first revision (the first data tables), the one that
    added applications and documents, and the release before head (whatever head is now)."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_revision(script.get_current_head())
    first = next(iter(script.get_bases()))
    before_head = head.down_revision if isinstance(head.down_revision, str) else None
    return list(dict.fromkeys(rev for rev in (first, "0005", before_head) if rev))


SEED_REVISIONS = _seed_revisions()


# Columns a migration moved to another table, with where their values are at head: (table, column) →
# (table, the column joining it to the old row). 0020: the request's casework is its case's.
MOVED = {("application", column): ("ehc_case", "case_id") for column in synthetic.CASEWORK} | {
    ("case_letter", "application_id"): ("case_letter", ""), ("case_note", "application_id"): ("case_note", "")}


def _staying(columns: db_contents.Columns, at_head: db_contents.Columns) -> db_contents.Columns:
    """The columns of ``columns`` still where they were at head; every other one must be in MOVED."""
    gone = {(table, column) for table, names in columns.items() for column in names
            if column not in at_head.get(table, [])}
    assert gone <= set(MOVED), f"columns dropped with their data: {sorted(gone - set(MOVED))}"
    return {table: [column for column in names if (table, column) not in gone] for table, names in columns.items()}


def _moved_values(engine, columns: db_contents.Columns) -> dict[str, set]:
    """Each moved column's values, read through the rows they belong to: (request id, value) for casework,
    (letter or note id, the request it is about) for letters and notes — the same before and after."""
    found: dict[str, set] = {}
    metadata = MetaData()
    metadata.reflect(engine)
    if "application" not in metadata.tables:
        return found
    application = metadata.tables["application"]
    with engine.connect() as connection:
        for (table, column), (home, _join) in MOVED.items():
            if column not in columns.get(table, []):
                continue
            if table == "application" and column in metadata.tables[table].c:  # a case's request (0019 opens one
                rows = select(application.c.id, application.c[column]).where(  # for each sent request)
                    application.c.case_id.is_not(None) if "case_id" in application.c
                    else application.c.status == "submitted")
            elif table == "application":
                case = metadata.tables[home]
                rows = select(application.c.id, case.c[column]).join(case, case.c.id == application.c.case_id)
            elif column in metadata.tables[table].c:
                rows = select(metadata.tables[table].c.id, metadata.tables[table].c[column])
            else:
                rows = select(metadata.tables[table].c.id, application.c.id).join(
                    application, application.c.case_id == metadata.tables[table].c.case_id)
            found[f"{table}.{column}"] = {tuple(db_contents.normal(value) for value in row)
                                         for row in connection.execute(rows)}
    return found


def _keeps_data(url: str, revision: str) -> None:
    """Seed every table at ``revision``, upgrade to head, roll back to ``revision``, upgrade again:
    every row present at the start keeps every value it had (a column a migration moved: in its new place), and
    head holds the same data both times."""
    config = alembic_config(url)
    command.upgrade(config, revision)
    engine = make_engine(url)
    try:
        seeded = synthetic.seed(engine)
        columns = db_contents.columns_of(engine)
        assert set(seeded) == set(columns)
        before = db_contents.digests(engine, columns)
        assert {table: rows for table, (rows, _) in before.items()} == seeded
        moved = _moved_values(engine, columns)
        staying = _staying(columns, {table.name: [column.name for column in table.columns]
                                     for table in SQLModel.metadata.sorted_tables})  # head's, as the models say
        kept = db_contents.digests(engine, staying)

        command.upgrade(config, "head")
        assert db_contents.digests(engine, staying) == kept, f"upgrading {revision} → head changed or lost rows"
        assert _moved_values(engine, columns) == moved, f"upgrading {revision} → head lost moved values"
        at_head = db_contents.digests(engine)

        command.downgrade(config, revision)
        assert db_contents.columns_of(engine) == columns
        assert db_contents.digests(engine, columns) == before, f"rolling back head → {revision} changed or lost rows"

        command.upgrade(config, "head")
        assert db_contents.digests(engine) == at_head, "head after a round trip differs from head the first time"
    finally:
        engine.dispose()


@pytest.mark.parametrize("revision", SEED_REVISIONS)
def test_sqlite_upgrade_and_rollback_keep_every_row(sqlite_url, revision):
    _keeps_data(sqlite_url, revision)


@pytest.mark.integration
@pytest.mark.parametrize("revision", SEED_REVISIONS)
def test_postgresql_upgrade_and_rollback_keep_every_row(revision):
    with empty_postgres() as url:
        _keeps_data(url, revision)
