"""a case per child's statutory journey (ehc_case): every sent request opens one, and the forms of the journey
belong to it (application.case_id)

Existing data moves: each sent request gets a case whose stage follows its casework status (a request that
ended without a plan — refused, not issued, withdrawn — leaves a closed case), and the child's other forms join
the child's latest case opened by then. Timestamps come from the rows themselves, so the same data always
migrates to the same cases.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 05:20:15
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REQUEST_FORM = 'ehcna'
# The stage of a request's case by its casework status, as services/case_status.stage_of says on the day of this
# migration (a migration never imports the app: the app may have changed since).
ENDED = {'assess_refused', 'not_to_issue', 'withdrawn'}
STAGE_BY_STATUS = {'assess_agreed': 'assessment', 'assessment_in_progress': 'assessment',
                   'advice_complete': 'assessment', 'issue_agreed': 'assessment',
                   'draft_plan_issued': 'plan', 'consulting_settings': 'plan', 'final_plan_issued': 'reviews'}

application = sa.table('application', sa.column('id', sa.Integer), sa.column('child_id', sa.Integer),
                       sa.column('parent_id', sa.Integer), sa.column('form_key', sa.String),
                       sa.column('status', sa.String), sa.column('case_status', sa.String),
                       sa.column('received_on', sa.Date), sa.column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime),
                       sa.column('created_at', sqlmodel.sql.sqltypes.UTCDateTime),
                       sa.column('status_changed_at', sqlmodel.sql.sqltypes.UTCDateTime),
                       sa.column('case_id', sa.Integer))
ehc_case = sa.table('ehc_case', sa.column('id', sa.Integer), sa.column('child_id', sa.Integer),
                    sa.column('parent_id', sa.Integer), sa.column('stage', sa.String),
                    sa.column('opened_on', sa.Date), sa.column('closed_on', sa.Date),
                    sa.column('created_at', sqlmodel.sql.sqltypes.UTCDateTime),
                    sa.column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime))


def upgrade() -> None:
    op.create_table('ehc_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=False),
    sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], ),
    sa.ForeignKeyConstraint(['parent_id'], ['parent_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ehc_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ehc_case_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ehc_case_parent_id'), ['parent_id'], unique=False)

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_application_case_id'), ['case_id'], unique=False)
        batch_op.create_foreign_key('fk_application_case', 'ehc_case', ['case_id'], ['id'])

    _open_cases_for_sent_requests(op.get_bind())


def _open_cases_for_sent_requests(connection: sa.Connection) -> None:
    requests = connection.execute(
        sa.select(application).where(application.c.form_key == REQUEST_FORM, application.c.status == 'submitted')
        .order_by(application.c.id)).all()
    for row in requests:
        opened_at = row.submitted_at or row.created_at
        opened_on = row.received_on or opened_at.date()
        ended = row.case_status in ENDED
        changed = row.status_changed_at or opened_at
        case_id = connection.execute(ehc_case.insert().values(
            child_id=row.child_id, parent_id=row.parent_id,
            stage='closed' if ended else STAGE_BY_STATUS.get(row.case_status, 'request'), opened_on=opened_on,
            closed_on=changed.date() if ended else None, created_at=opened_at, updated_at=changed)
            .returning(ehc_case.c.id)).scalar_one()
        connection.execute(application.update().where(application.c.id == row.id).values(case_id=case_id))
    others = connection.execute(sa.select(application.c.id, application.c.child_id, application.c.created_at)
                                .where(application.c.form_key != REQUEST_FORM)).all()
    for row in others:
        case_id = connection.execute(sa.select(sa.func.max(ehc_case.c.id))
                                     .where(ehc_case.c.child_id == row.child_id,
                                            ehc_case.c.opened_on <= row.created_at.date())).scalar()
        if case_id is not None:
            connection.execute(application.update().where(application.c.id == row.id).values(case_id=case_id))


def downgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_constraint('fk_application_case', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_application_case_id'))
        batch_op.drop_column('case_id')

    with op.batch_alter_table('ehc_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ehc_case_parent_id'))
        batch_op.drop_index(batch_op.f('ix_ehc_case_child_id'))

    op.drop_table('ehc_case')
