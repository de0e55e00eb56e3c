"""web: personal API tokens (hashed) and one-time sign-in links to the web chat

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("api_token_hash", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_users_api_token_hash", ["api_token_hash"], unique=True)
    op.create_table(
        "web_sign_ins",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("code_hash"),
    )
    with op.batch_alter_table("web_sign_ins", schema=None) as batch_op:
        batch_op.create_index("ix_web_sign_ins_user_id", ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_sign_ins", schema=None) as batch_op:
        batch_op.drop_index("ix_web_sign_ins_user_id")
    op.drop_table("web_sign_ins")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index("ix_users_api_token_hash")
        batch_op.drop_column("api_token_hash")
