"""who asked for the assessment, a young person's answers, and the signed declaration

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 23:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requested_by', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('copy_parents', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('young_person_agrees', sqlmodel.sql.sqltypes.AutoString(length=20),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('declaration_name', sqlmodel.sql.sqltypes.AutoString(length=200),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('declaration_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_column('declaration_at')
        batch_op.drop_column('declaration_name')
        batch_op.drop_column('young_person_agrees')
        batch_op.drop_column('copy_parents')
        batch_op.drop_column('requested_by')
