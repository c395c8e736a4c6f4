"""children and schools

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 01:24:35.733220
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('school',
    sa.Column('urn', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('phase', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('postcode', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.PrimaryKeyConstraint('urn')
    )
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_school_name'), ['name'], unique=False)

    op.create_table('child',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=False),
    sa.Column('forename', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('middle_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('surname', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('gender_at_birth', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('school_urn', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('school_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('school_status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('relationship', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('parental_responsibility', sa.Boolean(), nullable=False),
    sa.Column('address_line_1', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('address_line_2', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('town', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('postcode', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('uprn', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['parent_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_parent_id'), ['parent_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_parent_id'))

    op.drop_table('child')
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_school_name'))

    op.drop_table('school')
