"""documents' virus scan status (quarantine until a configured scanner has looked)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 07:51:56
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Documents stored before scanning existed were never scanned: they stay downloadable as they were.
    with op.batch_alter_table('application_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scan_status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False,
                                      server_default='not_scanned'))
        batch_op.create_index(batch_op.f('ix_application_document_scan_status'), ['scan_status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('application_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_document_scan_status'))
        batch_op.drop_column('scan_status')
