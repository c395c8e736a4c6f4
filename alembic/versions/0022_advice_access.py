"""advice access: a professional's way in through their link (an emailed code, then a short session)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 09:48:02
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('advice_access',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('advice_request_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('code_hmac', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('code_expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('wrong_tries', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('handoff_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('handoff_expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('ip', sqlmodel.sql.sqltypes.AutoString(length=45), nullable=False),
    sa.ForeignKeyConstraint(['advice_request_id'], ['advice_request.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('handoff_hash'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('advice_access', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advice_access_advice_request_id'), ['advice_request_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('advice_access', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_advice_access_advice_request_id'))

    op.drop_table('advice_access')
