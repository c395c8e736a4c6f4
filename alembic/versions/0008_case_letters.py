"""case letters

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 03:56:02.799618
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('case_letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('phase', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], ),
    sa.ForeignKeyConstraint(['created_by'], ['staff_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_letter_application_id'), ['application_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('case_letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_letter_application_id'))

    op.drop_table('case_letter')
