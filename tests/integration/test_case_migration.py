"""Migrations 0019 and 0020 move existing requests onto cases (issue 19), on SQLite and PostgreSQL, with rows in
the database: each sent request opens a case at the stage its casework status says, an ended request leaves a
closed case, drafts open none, and a family's other form joins its child's case; the request's casework (status,
dates, the child as sent) becomes its case's, and its letters and notes the case's. Rolling back puts it back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from sqlalchemy import MetaData, inspect, select, update
from sqlalchemy.engine import Engine

from alembic import command
from ehcna_portal.cli import alembic_config
from ehcna_portal.db import make_engine
from tests.support import synthetic
from tests.support.databases import empty_postgres

# (application id, form, status, casework status, child id) as 0018 held them; each child is its own family's.
ROWS = [(1, "ehcna", "submitted", "submitted", 1), (2, "ehcna", "submitted", "assess_agreed", 2),
        (3, "ehcna", "submitted", "assess_refused", 3), (4, "ehcna", "submitted", "draft_plan_issued", 4),
        (5, "ehcna", "draft", "", 5), (6, "parent_advice", "submitted", "", 2)]


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cases.db'}"
        return
    with empty_postgres() as found:
        yield found


def _at_0018_with_requests(url: str) -> Engine:
    command.upgrade(alembic_config(url), "0018")
    engine = make_engine(url)
    synthetic.seed(engine, {"parent_account": 6, "child": 6, "application": 6, "application_document": 1,
                            "case_letter": 1, "case_note": 1})
    metadata = MetaData()
    metadata.reflect(engine)
    application = metadata.tables["application"]
    with engine.begin() as connection:
        for row_id, form, status, casework, child in ROWS:
            connection.execute(update(application).where(application.c.id == row_id).values(
                form_key=form, status=status, case_status=casework, child_id=child,
                received_on=date(2026, 1, 5) if status == "submitted" else None,
                submitted_at=datetime(2026, 1, 5, 10) if status == "submitted" else None,
                created_at=datetime(2026, 1, 5, 9), status_changed_at=datetime(2026, 2, 9, 12)))
    return engine


def test_sent_requests_open_cases_at_their_stage_and_other_forms_join_them(url: str):
    engine = _at_0018_with_requests(url)
    try:
        command.upgrade(alembic_config(url), "head")
        metadata = MetaData()
        metadata.reflect(engine)
        cases, application = metadata.tables["ehc_case"], metadata.tables["application"]
        with engine.connect() as connection:
            opened = {row.child_id: row for row in connection.execute(select(cases)).all()}
            case_of = dict(connection.execute(select(application.c.id, application.c.case_id)).all())
            letter_case = connection.execute(select(metadata.tables["case_letter"].c.case_id)).scalar_one()
            note_case = connection.execute(select(metadata.tables["case_note"].c.case_id)).scalar_one()
        assert {child: row.case_status for child, row in opened.items()} == {
            1: "submitted", 2: "assess_agreed", 3: "assess_refused", 4: "draft_plan_issued"}
        assert opened[2].status_changed_at.replace(tzinfo=None) == datetime(2026, 2, 9, 12)
        assert opened[1].received_on == date(2026, 1, 5)
        assert "case_status" not in application.c  # the request no longer holds it
        assert letter_case == note_case == case_of[1]  # synthetic letters and notes are about request 1
        assert {child: row.stage for child, row in opened.items()} == {
            1: "request", 2: "assessment", 3: "closed", 4: "plan"}
        assert opened[3].closed_on == date(2026, 2, 9) and opened[1].closed_on is None
        assert all(row.opened_on == date(2026, 1, 5) for row in opened.values())
        assert case_of[5] is None  # a draft request has no case yet
        assert case_of[6] == case_of[2] == opened[2].id  # the advice joined its child's case
        assert {case_of[row_id] for row_id in (1, 2, 3, 4)} == {row.id for row in opened.values()}
        command.downgrade(alembic_config(url), "0018")  # and back: the cases go, the requests stay
        assert "ehc_case" not in inspect(engine).get_table_names()
        metadata = MetaData()
        metadata.reflect(engine)
        application = metadata.tables["application"]
        with engine.connect() as connection:
            assert dict(connection.execute(select(application.c.id, application.c.case_status)).all()) == {
                row_id: casework for row_id, _form, _status, casework, _child in ROWS}
    finally:
        engine.dispose()
