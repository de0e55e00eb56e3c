"""users.deliver_channel, users.deliver_chat_id: where a person chose to get reminders and alerts

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deliver_channel", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("deliver_chat_id", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("deliver_chat_id")
        batch_op.drop_column("deliver_channel")
