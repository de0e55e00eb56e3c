"""recurring events and tasks; the occurrence an event alert announces

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rrule", sa.String(length=500), nullable=True))
        batch_op.add_column(
            sa.Column("timezone", sa.String(length=64), nullable=False, server_default="UTC")
        )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rrule", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("anchor_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("timezone", sa.String(length=64), nullable=False, server_default="UTC")
        )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("occurrence_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_column("occurrence_at")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("timezone")
        batch_op.drop_column("anchor_at")
        batch_op.drop_column("rrule")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("timezone")
        batch_op.drop_column("rrule")
