"""advice requests and professionals: who a case's advice was asked of (SEND Regulations 2014 reg 6(1)), when,
by when (reg 8(1)), with its reminders and the professional's link; and the council's address book

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 09:02:56
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('professional',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('advice_type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('professional', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_professional_advice_type'), ['advice_type'], unique=False)

    op.create_table('advice_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('advice_type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('recipient_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=True),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('opened_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('exception_reason', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('settled_on', sa.Date(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('reminded_two_weeks_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('reminded_one_week_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('reminded_late_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('link_token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('link_expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['ehc_case.id'], ),
    sa.ForeignKeyConstraint(['created_by'], ['staff_account.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['application_document.id'], ),
    sa.ForeignKeyConstraint(['professional_id'], ['professional.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('link_token_hash')
    )
    with op.batch_alter_table('advice_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advice_request_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_advice_request_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_advice_request_received_on'), ['received_on'], unique=False)
        batch_op.create_index('ix_advice_request_waiting', ['status', 'due_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('advice_request', schema=None) as batch_op:
        batch_op.drop_index('ix_advice_request_waiting')
        batch_op.drop_index(batch_op.f('ix_advice_request_received_on'))
        batch_op.drop_index(batch_op.f('ix_advice_request_due_on'))
        batch_op.drop_index(batch_op.f('ix_advice_request_case_id'))

    op.drop_table('advice_request')
    with op.batch_alter_table('professional', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_professional_advice_type'))

    op.drop_table('professional')
