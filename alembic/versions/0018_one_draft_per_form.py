"""one draft per child and form: a family may have the request and the assessment advice in progress at once

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 05:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DRAFT = sa.text("status = 'draft'")


def upgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index('one_draft_per_child', sqlite_where=DRAFT, postgresql_where=DRAFT)
        batch_op.create_index('one_draft_per_child_form', ['child_id', 'form_key'], unique=True,
                              sqlite_where=DRAFT, postgresql_where=DRAFT)


def downgrade() -> None:
    # Fails (the old index cannot be made) while a child has drafts of two forms: which to drop is not ours to say.
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index('one_draft_per_child_form', sqlite_where=DRAFT, postgresql_where=DRAFT)
        batch_op.create_index('one_draft_per_child', ['child_id'], unique=True, sqlite_where=DRAFT,
                              postgresql_where=DRAFT)
