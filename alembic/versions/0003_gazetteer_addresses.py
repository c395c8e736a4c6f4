"""gazetteer addresses

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 01:05:20.491728
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('gazetteer_address',
    sa.Column('uprn', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('line_1', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('line_2', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('town', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('postcode', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.PrimaryKeyConstraint('uprn')
    )
    with op.batch_alter_table('gazetteer_address', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gazetteer_address_postcode'), ['postcode'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('gazetteer_address', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gazetteer_address_postcode'))

    op.drop_table('gazetteer_address')
