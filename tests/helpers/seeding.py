"""Many due reminders written straight into the database, for bursts and benchmarks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import insert

from bot.models import DeliveryKind, DeliveryStatus, ReminderStatus
from storage.store import SqlAlchemyStore
from storage.tables import DeliveryRow, ReminderRow, UserRow


async def seed_reminders(
    store: SqlAlchemyStore,
    dues: Sequence[datetime],
    text: str,
    chat_id: str | Sequence[str],
    channel: str = "console",
) -> None:
    """One user with a one-off reminder due at each of `dues`, texts "`text` 1", "`text` 2"…

    `chat_id` is every reminder's chat, or one chat for each.
    """
    now = datetime.now(UTC)
    chats = [chat_id] * len(dues) if isinstance(chat_id, str) else list(chat_id)
    async with store.engine.begin() as conn:
        user_id = (
            await conn.execute(
                insert(UserRow).returning(UserRow.id),
                [{"display_name": text, "timezone": "UTC", "onboarded": True, "created_at": now}],
            )
        ).scalar_one()
        reminders = [
            {
                "user_id": user_id,
                "number": n,
                "text": f"{text} {n}",
                "due_at": due,
                "occurrence_at": due,
                "anchor_at": due,
                "timezone": "UTC",
                "status": ReminderStatus.ACTIVE.value,
                "channel": channel,
                "chat_id": chat,
                "created_at": now,
            }
            for n, (due, chat) in enumerate(zip(dues, chats, strict=True), 1)
        ]
        rows = await conn.execute(
            insert(ReminderRow).returning(
                ReminderRow.id, ReminderRow.due_at, sort_by_parameter_order=True
            ),
            reminders,
        )
        await conn.execute(
            insert(DeliveryRow),
            [
                {
                    "kind": DeliveryKind.REMINDER.value,
                    "user_id": user_id,
                    "ref_id": row.id,
                    "due_at": row.due_at,
                    "channel": channel,
                    "chat_id": chat,
                    "status": DeliveryStatus.PENDING.value,
                    "attempts": 0,
                }
                for row, chat in zip(rows, chats, strict=True)
            ],
        )
