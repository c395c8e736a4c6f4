"""indexes on the decision and final plan dates (the KPI page counts by them over years of requests)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 14:40:00
"""
from collections.abc import Sequence

from alembic import op


revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_decision_on'), ['decision_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_final_plan_on'), ['final_plan_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_final_plan_on'))
        batch_op.drop_index(batch_op.f('ix_application_decision_on'))
