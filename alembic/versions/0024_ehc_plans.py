"""ehc plans: plan versions and issues, school consultations (and their access), the vague-terms list

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 12:00:00
"""
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0024'
down_revision: str | None = '0023'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
# The starting list of the issue (21): phrases parents find in vague drafts. "small group" only without a size.
STARTING_TERMS = ("access to", "regular", "regularly", "up to", "as appropriate", "as required", "opportunities to",
                  "small group", "may", "should", "support with")
SEEDED_AT = datetime(2026, 12, 7, tzinfo=UTC)  # fixed: a rollback and upgrade leaves the same rows


def upgrade() -> None:
    op.create_table(
        'plan_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('ehc_case.id'), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('based_on', sa.Integer(), nullable=True),
        sa.Column('content', sa.JSON(), nullable=False),
        sa.Column('overrides', sa.JSON(), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('created_by', sa.Integer(), sa.ForeignKey('staff_account.id'), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id', 'revision', name='uq_plan_version_revision'),
    )
    op.create_index('ix_plan_version_case_id', 'plan_version', ['case_id'])
    op.create_table(
        'plan_issue',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('ehc_case.id'), nullable=False),
        sa.Column('plan_version_id', sa.Integer(), sa.ForeignKey('plan_version.id'), nullable=False),
        sa.Column('kind', S(length=20), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('issued_on', sa.Date(), nullable=False),
        sa.Column('issued_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('issued_by', sa.Integer(), sa.ForeignKey('staff_account.id'), nullable=True),
        sa.Column('served_on', sa.Date(), nullable=True),
        sa.Column('respond_by', sa.Date(), nullable=True),
        sa.Column('letter_id', sa.Integer(), sa.ForeignKey('case_letter.id'), nullable=True),
        sa.Column('weeks_from_request', sa.Integer(), nullable=True),
        sa.Column('within_20_weeks', sa.Boolean(), nullable=True),
        sa.Column('exception_reason', S(length=40), nullable=False, server_default=''),
        sa.Column('early_because_no_comments', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id', 'kind', 'number', name='uq_plan_issue_number'),
    )
    op.create_index('ix_plan_issue_case_id', 'plan_issue', ['case_id'])
    op.create_table(
        'school_consultation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('ehc_case.id'), nullable=False),
        sa.Column('plan_issue_id', sa.Integer(), sa.ForeignKey('plan_issue.id'), nullable=False),
        sa.Column('school_urn', S(length=10), nullable=False),
        sa.Column('school_name', S(length=200), nullable=False),
        sa.Column('email', S(length=254), nullable=False),
        sa.Column('language', S(length=5), nullable=False, server_default='en'),
        sa.Column('family_asked', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('status', S(length=20), nullable=False),
        sa.Column('sent_on', sa.Date(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('opened_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('answered_on', sa.Date(), nullable=True),
        sa.Column('answered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('reasons', S(length=5000), nullable=False, server_default=''),
        sa.Column('responder_name', S(length=200), nullable=False, server_default=''),
        sa.Column('responder_role', S(length=200), nullable=False, server_default=''),
        sa.Column('link_token_hash', S(length=64), nullable=True, unique=True),
        sa.Column('link_expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('created_by', sa.Integer(), sa.ForeignKey('staff_account.id'), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_school_consultation_case_id', 'school_consultation', ['case_id'])
    op.create_index('ix_school_consultation_waiting', 'school_consultation', ['status', 'due_on'])
    vague = op.create_table(
        'vague_term',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('phrase', S(length=60), nullable=False, unique=True),
        sa.Column('unless_number', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column('created_by', sa.Integer(), sa.ForeignKey('staff_account.id'), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    now = SEEDED_AT
    op.execute(vague.insert().values([
        {'phrase': phrase, 'unless_number': phrase == 'small group', 'active': True, 'created_at': now,
         'updated_at': now} for phrase in STARTING_TERMS]))
    with op.batch_alter_table('advice_access', schema=None) as batch_op:
        batch_op.alter_column('advice_request_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('consultation_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_advice_access_consultation', 'school_consultation', ['consultation_id'],
                                    ['id'])
        batch_op.create_index('ix_advice_access_consultation_id', ['consultation_id'])


def downgrade() -> None:
    # A school's ways in go with the consultations they opened (the column they need is dropped below).
    op.execute("DELETE FROM advice_access WHERE consultation_id IS NOT NULL")
    with op.batch_alter_table('advice_access', schema=None) as batch_op:
        batch_op.drop_index('ix_advice_access_consultation_id')
        batch_op.drop_constraint('fk_advice_access_consultation', type_='foreignkey')
        batch_op.drop_column('consultation_id')
        batch_op.alter_column('advice_request_id', existing_type=sa.Integer(), nullable=False)
    op.drop_table('vague_term')
    op.drop_index('ix_school_consultation_waiting', 'school_consultation')
    op.drop_index('ix_school_consultation_case_id', 'school_consultation')
    op.drop_table('school_consultation')
    op.drop_index('ix_plan_issue_case_id', 'plan_issue')
    op.drop_table('plan_issue')
    op.drop_index('ix_plan_version_case_id', 'plan_version')
    op.drop_table('plan_version')
