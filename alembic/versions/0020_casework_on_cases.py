"""casework on cases: a request's status, officer, statutory dates, decisions, exception and the child as sent
move from the request (application) to its case (ehc_case); letters and notes belong to the case

Each case takes its values from the request that opened it (the case's form with the request's key; 0019 opened
a case for every sent request). Rolling back puts them back on that request. Letters and notes follow their
request's case (every letter and note is about a sent request, so it has one).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 08:38:11
"""
from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REQUEST_FORM = 'ehcna'
DECISION_TO_ASSESS_DAYS = 42  # reg 5(1): 6 weeks (a case with no request keeps a date; real data has none)
# Moved as they are: (name, type, default for a case's NOT NULL text column)
TEXT = {'case_status': 30, 'decision': 20, 'assessment_decision': 20, 'exception_reason': 40, 'child_name': 300,
        'child_sort_name': 300, 'child_postcode': 8, 'setting_name': 200}
DATES = ('decision_on', 'assessment_decision_on', 'final_plan_on', 'exception_from', 'exception_to')
MOVED = (*TEXT, 'assigned_to_id', 'status_changed_at', 'decision_due_on', *DATES)
DATE_INDEXES = ('decision_due_on', 'decision_on', 'final_plan_on')
SEARCH_INDEXES = ('child_postcode', 'child_sort_name')
# Unnamed foreign keys made by create_table (0008, 0010), named so that SQLite's table copy can drop them.
FK_NAMES = {'fk': 'fk_%(table_name)s_%(column_0_name)s'}


def _case_columns() -> list[sa.Column]:
    return [sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
            *(sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=False, server_default='')
              for name, length in TEXT.items()),
            sa.Column('assigned_to_id', sa.Integer(), nullable=True),
            sa.Column('status_changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
            sa.Column('received_on', sa.Date(), nullable=True), sa.Column('decision_due_on', sa.Date(), nullable=True),
            *(sa.Column(name, sa.Date(), nullable=True) for name in DATES)]


def upgrade() -> None:
    with op.batch_alter_table('ehc_case', schema=None) as batch_op:
        for column in _case_columns():
            batch_op.add_column(column)
    connection = op.get_bind()
    connection.execute(sa.text(
        f"UPDATE ehc_case SET reference = a.reference, received_on = a.received_on, "
        f"{', '.join(f'{name} = a.{name}' for name in MOVED)} FROM application a "
        f"WHERE a.case_id = ehc_case.id AND a.form_key = :request AND a.status = 'submitted'"),
        {'request': REQUEST_FORM})
    # A case whose request is gone or was never sent (never in real data): a reference and dates of its own.
    connection.execute(sa.text("UPDATE ehc_case SET reference = 'CASE-' || CAST(id AS VARCHAR(20)) "
                               "WHERE reference IS NULL"))
    connection.execute(sa.text("UPDATE ehc_case SET received_on = opened_on WHERE received_on IS NULL"))
    for row in connection.execute(sa.text("SELECT id, received_on FROM ehc_case WHERE decision_due_on IS NULL")).all():
        connection.execute(sa.text("UPDATE ehc_case SET decision_due_on = :due WHERE id = :id"),
                           {'id': row.id, 'due': _plus_days(row.received_on, DECISION_TO_ASSESS_DAYS)})
    with op.batch_alter_table('ehc_case', schema=None) as batch_op:
        for name in ('reference', 'received_on', 'decision_due_on'):
            batch_op.alter_column(name, existing_type=sa.Date() if name != 'reference'
                                  else sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False)
        for name, length in TEXT.items():
            batch_op.alter_column(name, existing_type=sqlmodel.sql.sqltypes.AutoString(length=length),
                                  existing_nullable=False, server_default=None)
        batch_op.create_unique_constraint('uq_ehc_case_reference', ['reference'])
        batch_op.create_foreign_key('fk_ehc_case_assigned_to', 'staff_account', ['assigned_to_id'], ['id'])
        for name in (*DATE_INDEXES, 'received_on', *SEARCH_INDEXES):
            batch_op.create_index(batch_op.f(f'ix_ehc_case_{name}'), [name], unique=False)
        batch_op.create_index('ix_ehc_case_queue_officer', ['assigned_to_id', 'decision_due_on'], unique=False)
        batch_op.create_index('ix_ehc_case_queue_status', ['case_status', 'decision_due_on'], unique=False)

    for table in ('case_letter', 'case_note'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('case_id', sa.Integer(), nullable=True))
        connection.execute(sa.text(f"UPDATE {table} SET case_id = (SELECT a.case_id FROM application a "
                                   f"WHERE a.id = {table}.application_id)"))
        _check_none_left(connection, table)
        with op.batch_alter_table(table, schema=None, naming_convention=FK_NAMES) as batch_op:
            batch_op.alter_column('case_id', existing_type=sa.Integer(), nullable=False)
            batch_op.drop_index(batch_op.f(f'ix_{table}_application_id'))
            if connection.dialect.name == 'sqlite':
                batch_op.drop_constraint(f'fk_{table}_application_id', type_='foreignkey')
            batch_op.drop_column('application_id')
            batch_op.create_index(batch_op.f(f'ix_{table}_case_id'), ['case_id'], unique=False)
            batch_op.create_foreign_key(f'fk_{table}_case', 'ehc_case', ['case_id'], ['id'])

    with op.batch_alter_table('application', schema=None) as batch_op:
        for name in (*DATE_INDEXES, *SEARCH_INDEXES):
            batch_op.drop_index(batch_op.f(f'ix_application_{name}'))
        batch_op.drop_index('ix_application_queue_officer')
        batch_op.drop_index('ix_application_queue_status')
        batch_op.drop_constraint('fk_application_assigned_to', type_='foreignkey')
        for name in MOVED:
            batch_op.drop_column(name)


def _plus_days(day: object, days: int) -> date:
    found = day if isinstance(day, date) else date.fromisoformat(str(day))
    return found + timedelta(days=days)


def _check_none_left(connection: sa.Connection, table: str) -> None:
    """A letter or note about a request with no case cannot move: stop, rather than lose it."""
    left = connection.execute(sa.text(f"SELECT count(*) FROM {table} WHERE case_id IS NULL")).scalar_one()
    if left:
        raise RuntimeError(f"{left} rows of {table} are about a request that has no case; give each a case first")


def downgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        for name, length in TEXT.items():
            batch_op.add_column(sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=False,
                                          server_default=''))
        batch_op.add_column(sa.Column('assigned_to_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('status_changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('decision_due_on', sa.Date(), nullable=True))
        for name in DATES:
            batch_op.add_column(sa.Column(name, sa.Date(), nullable=True))
    connection = op.get_bind()
    connection.execute(sa.text(
        f"UPDATE application SET {', '.join(f'{name} = c.{name}' for name in MOVED)} FROM ehc_case c "
        f"WHERE application.case_id = c.id AND application.form_key = :request AND application.status = 'submitted'"),
        {'request': REQUEST_FORM})
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_application_assigned_to', 'staff_account', ['assigned_to_id'], ['id'])
        batch_op.create_index('ix_application_queue_status', ['case_status', 'decision_due_on'], unique=False)
        batch_op.create_index('ix_application_queue_officer', ['assigned_to_id', 'decision_due_on'], unique=False)
        for name in (*DATE_INDEXES, *SEARCH_INDEXES):
            batch_op.create_index(batch_op.f(f'ix_application_{name}'), [name], unique=False)

    for table in ('case_letter', 'case_note'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('application_id', sa.Integer(), nullable=True))
        connection.execute(sa.text(
            f"UPDATE {table} SET application_id = (SELECT min(a.id) FROM application a WHERE a.case_id = "
            f"{table}.case_id AND a.form_key = :request AND a.status = 'submitted')"), {'request': REQUEST_FORM})
        with op.batch_alter_table(table, schema=None, naming_convention=FK_NAMES) as batch_op:
            batch_op.alter_column('application_id', existing_type=sa.Integer(), nullable=False)
            batch_op.drop_index(batch_op.f(f'ix_{table}_case_id'))
            batch_op.drop_constraint(f'fk_{table}_case', type_='foreignkey')
            batch_op.drop_column('case_id')
            batch_op.create_index(batch_op.f(f'ix_{table}_application_id'), ['application_id'], unique=False)
            batch_op.create_foreign_key(f'fk_{table}_application_id', 'application', ['application_id'], ['id'])

    with op.batch_alter_table('ehc_case', schema=None) as batch_op:
        batch_op.drop_index('ix_ehc_case_queue_status')
        batch_op.drop_index('ix_ehc_case_queue_officer')
        for name in (*DATE_INDEXES, 'received_on', *SEARCH_INDEXES):
            batch_op.drop_index(batch_op.f(f'ix_ehc_case_{name}'))
        batch_op.drop_constraint('fk_ehc_case_assigned_to', type_='foreignkey')
        batch_op.drop_constraint('uq_ehc_case_reference', type_='unique')
        for column in _case_columns():
            batch_op.drop_column(column.name)
