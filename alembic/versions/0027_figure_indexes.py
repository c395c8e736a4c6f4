"""figure indexes: the figures page counts reviews by the day they were decided and amended plans by the day they
were issued (services/review_figures.py); without these, five years of a large council's reviews were read
whole for every page (docs/PERFORMANCE.md, bench/queue.py)

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 17:30:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0027'
down_revision: str | None = '0026'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_plan_review_decided_on', 'plan_review', ['decided_on'])
    op.create_index('ix_plan_issue_issued_on', 'plan_issue', ['issued_on'])


def downgrade() -> None:
    op.drop_index('ix_plan_issue_issued_on', table_name='plan_issue')
    op.drop_index('ix_plan_review_decided_on', table_name='plan_review')
