"""alert offsets and agenda time per user; failure reporting on deliveries

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alert_offsets", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("agenda_at", sa.String(length=5), nullable=True))
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_deliveries_user_status", ["user_id", "status"], unique=False)
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.create_index("ix_identities_chat", ["channel", "chat_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.drop_index("ix_identities_chat")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_user_status")
        batch_op.drop_column("reported_at")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("agenda_at")
        batch_op.drop_column("alert_offsets")
