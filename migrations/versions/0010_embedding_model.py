"""which embedder made each chunk's embedding

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("knowledge_chunks") as batch:
        batch.add_column(sa.Column("embedding_model", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("knowledge_chunks") as batch:
        batch.drop_column("embedding_model")
