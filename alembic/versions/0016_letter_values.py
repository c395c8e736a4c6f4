"""a letter's values kept apart from its template (names and reasons are data, never markup)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 19:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('case_letter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('case_letter', schema=None) as batch_op:
        batch_op.drop_column('params')
