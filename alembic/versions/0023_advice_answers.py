"""advice answers: a professional's advice form on its request, and the reports they attach

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 11:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0023'
down_revision: str | None = '0022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('advice_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answers', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('answers_version', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('form_version', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('application_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('advice_request_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_application_document_advice_request_id'), ['advice_request_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('application_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_document_advice_request_id'))
        batch_op.drop_column('advice_request_id')
    with op.batch_alter_table('advice_request', schema=None) as batch_op:
        batch_op.drop_column('form_version')
        batch_op.drop_column('answers_version')
        batch_op.drop_column('answers')
