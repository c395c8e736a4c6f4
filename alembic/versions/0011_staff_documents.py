"""staff documents

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 04:11:22.222789
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('application_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uploaded_by_staff_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('shared', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('phase', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default=''))
        batch_op.create_foreign_key('fk_document_uploaded_by_staff', 'staff_account', ['uploaded_by_staff_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('application_document', schema=None) as batch_op:
        batch_op.drop_constraint('fk_document_uploaded_by_staff', type_='foreignkey')
        batch_op.drop_column('phase')
        batch_op.drop_column('shared')
        batch_op.drop_column('uploaded_by_staff_id')

