"""review reports: advice and information asked for a plan's review (the school's report) through the same
invitation links as an assessment's advice, with the form each request is answered on

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 14:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0026'
down_revision: str | None = '0025'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table('advice_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('form_key', S(length=40), nullable=False,
                                      server_default='professional_advice'))
        batch_op.create_foreign_key('fk_advice_request_review_id', 'plan_review', ['review_id'], ['id'])
        batch_op.create_index('ix_advice_request_review_id', ['review_id'])


def downgrade() -> None:
    with op.batch_alter_table('advice_request', schema=None) as batch_op:
        batch_op.drop_index('ix_advice_request_review_id')
        batch_op.drop_constraint('fk_advice_request_review_id', type_='foreignkey')
        batch_op.drop_column('form_key')
        batch_op.drop_column('review_id')
