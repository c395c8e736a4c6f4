"""casework columns

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 03:44:38.067995
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_status', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('assigned_to_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('status_changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('decision', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('decision_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('assessment_decision', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('assessment_decision_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('final_plan_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('exception_reason', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('exception_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('exception_to', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('child_name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('child_sort_name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('child_postcode', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('setting_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_application_child_postcode'), ['child_postcode'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_child_sort_name'), ['child_sort_name'], unique=False)
        batch_op.create_index('ix_application_queue_officer', ['assigned_to_id', 'decision_due_on'], unique=False)
        batch_op.create_index('ix_application_queue_status', ['case_status', 'decision_due_on'], unique=False)
        batch_op.create_foreign_key('fk_application_assigned_to', 'staff_account', ['assigned_to_id'], ['id'])
    # Requests sent before casework existed start the staff's clock as received.
    op.execute("UPDATE application SET case_status = 'submitted' WHERE status = 'submitted'")


def downgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_constraint('fk_application_assigned_to', type_='foreignkey')
        batch_op.drop_index('ix_application_queue_status')
        batch_op.drop_index('ix_application_queue_officer')
        batch_op.drop_index(batch_op.f('ix_application_child_sort_name'))
        batch_op.drop_index(batch_op.f('ix_application_child_postcode'))
        batch_op.drop_column('setting_name')
        batch_op.drop_column('child_postcode')
        batch_op.drop_column('child_sort_name')
        batch_op.drop_column('child_name')
        batch_op.drop_column('exception_to')
        batch_op.drop_column('exception_from')
        batch_op.drop_column('exception_reason')
        batch_op.drop_column('final_plan_on')
        batch_op.drop_column('assessment_decision_on')
        batch_op.drop_column('assessment_decision')
        batch_op.drop_column('decision_on')
        batch_op.drop_column('decision')
        batch_op.drop_column('status_changed_at')
        batch_op.drop_column('assigned_to_id')
        batch_op.drop_column('case_status')

