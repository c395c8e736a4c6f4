"""queue sort indexes

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 04:00:18.066597
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_decision_due_on'), ['decision_due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_received_on'), ['received_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_received_on'))
        batch_op.drop_index(batch_op.f('ix_application_decision_due_on'))

