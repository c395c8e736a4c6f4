"""plan reviews: a plan's reviews with their deadlines, and the case's next review date

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 13:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0025'
down_revision: str | None = '0024'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        'plan_review',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('ehc_case.id'), nullable=False),
        sa.Column('status', S(length=30), nullable=False),
        sa.Column('meeting_on', sa.Date(), nullable=False),
        sa.Column('arranged_on', sa.Date(), nullable=False),
        sa.Column('arranged_by', sa.Integer(), sa.ForeignKey('staff_account.id'), nullable=True),
        sa.Column('invitations_by', sa.Date(), nullable=False),
        sa.Column('report_due_on', sa.Date(), nullable=False),
        sa.Column('decision_due_on', sa.Date(), nullable=False),
        sa.Column('decision', S(length=20), nullable=False, server_default=''),
        sa.Column('decided_on', sa.Date(), nullable=True),
        sa.Column('reasons', S(length=5000), nullable=False, server_default=''),
        sa.Column('letter_id', sa.Integer(), sa.ForeignKey('case_letter.id'), nullable=True),
        sa.Column('amendment_issue_id', sa.Integer(), sa.ForeignKey('plan_issue.id'), nullable=True),
        sa.Column('amended_plan_due_on', sa.Date(), nullable=True),
        sa.Column('amended_issue_id', sa.Integer(), sa.ForeignKey('plan_issue.id'), nullable=True),
        sa.Column('phase_transfer', S(length=20), nullable=False, server_default=''),
        sa.Column('transfer_by', sa.Date(), nullable=True),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('created_at', T(), nullable=False),
        sa.Column('updated_at', T(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_plan_review_case_id', 'plan_review', ['case_id'])
    op.create_index('ix_plan_review_meeting_on', 'plan_review', ['meeting_on'])
    op.create_index('ix_plan_review_amended_plan_due_on', 'plan_review', ['amended_plan_due_on'])
    op.create_index('ix_plan_review_open', 'plan_review', ['status', 'decision_due_on'])
    with op.batch_alter_table('ehc_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_due_on', sa.Date(), nullable=True))
        batch_op.create_index('ix_ehc_case_review_due_on', ['review_due_on'])


def downgrade() -> None:
    with op.batch_alter_table('ehc_case', schema=None) as batch_op:
        batch_op.drop_index('ix_ehc_case_review_due_on')
        batch_op.drop_column('review_due_on')
    op.drop_index('ix_plan_review_open', 'plan_review')
    op.drop_index('ix_plan_review_amended_plan_due_on', 'plan_review')
    op.drop_index('ix_plan_review_meeting_on', 'plan_review')
    op.drop_index('ix_plan_review_case_id', 'plan_review')
    op.drop_table('plan_review')
