"""who picked a clarified training phrase

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("training_phrases") as batch:
        batch.add_column(
            sa.Column(
                "user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch.create_index("ix_training_phrases_user_id", ["user_id"])
        batch.create_foreign_key(
            "fk_training_phrases_user_id_users", "users", ["user_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("training_phrases") as batch:
        batch.drop_constraint("fk_training_phrases_user_id_users", type_="foreignkey")
        batch.drop_index("ix_training_phrases_user_id")
        batch.drop_column("user_id")
