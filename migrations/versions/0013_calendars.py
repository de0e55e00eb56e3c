"""calendars: imported events keep their UID, exceptions and all-day flag; private feeds

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uid", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("recurrence_id", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("exdates", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("all_day", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index("ix_events_user_uid", ["user_id", "uid"])
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_token", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_users_calendar_token", ["calendar_token"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index("ix_users_calendar_token")
        batch_op.drop_column("calendar_token")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_user_uid")
        batch_op.drop_column("all_day")
        batch_op.drop_column("exdates")
        batch_op.drop_column("recurrence_id")
        batch_op.drop_column("uid")
