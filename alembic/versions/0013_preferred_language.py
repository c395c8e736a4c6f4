"""parent's preferred language (emails, letters, the site on a new device); each letter's language

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 05:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('parent_account') as batch:
        batch.add_column(sa.Column('preferred_language', sqlmodel.sql.sqltypes.AutoString(length=5),
                                   nullable=False, server_default='en'))
    with op.batch_alter_table('case_letter') as batch:
        batch.add_column(sa.Column('lang', sqlmodel.sql.sqltypes.AutoString(length=5),
                                   nullable=False, server_default='en'))


def downgrade() -> None:
    with op.batch_alter_table('case_letter') as batch:
        batch.drop_column('lang')
    with op.batch_alter_table('parent_account') as batch:
        batch.drop_column('preferred_language')
