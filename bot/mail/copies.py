"""Copies by e-mail of the alerts and agendas the delivery loop sends in chat.

A copy is put in the outbox as the chat message goes out, once per delivery (a chat send
retried does not queue it again); the outbox is sent on its own schedule, so the mail
server's state never delays or loses a chat message.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from bot.mail.compose import agenda_mail, alert_mail
from bot.mail.links import RsvpLinks
from bot.models import Delivery, Event
from bot.ports import Store


class MailCopies:
    def __init__(
        self, store: Store, sender: str, bot_name: str, links: RsvpLinks | None = None
    ) -> None:
        self.store = store
        self.sender = sender
        self.bot_name = bot_name
        self.links = links

    async def alert(self, delivery: Delivery, event: Event, tz: ZoneInfo, now: datetime) -> None:
        to = await self._address(delivery)
        if to is None:
            return
        links = []
        # Answers are for group events: ones someone answered, or this person answered.
        if self.links is not None and await self.store.rsvps.answers(event.id):
            links = self.links.links(delivery.user_id, event)
        message = alert_mail(self.sender, to, self.bot_name, event, tz, now, links)
        await self._queue(delivery, to, message, now)

    async def agenda(self, delivery: Delivery, text: str, tz: ZoneInfo, now: datetime) -> None:
        to = await self._address(delivery)
        if to is not None:
            message = agenda_mail(self.sender, to, self.bot_name, text, now, tz)
            await self._queue(delivery, to, message, now)

    async def _address(self, delivery: Delivery) -> str | None:
        return (await self.store.mail.profile(delivery.user_id)).address

    async def _queue(
        self, delivery: Delivery, to: str, message: EmailMessage, now: datetime
    ) -> None:
        key = f"{delivery.kind.value}:{delivery.id}:{int(delivery.due_at.timestamp())}"
        subject = str(message["Subject"])
        await self.store.mail.queue(delivery.user_id, key, to, subject, message.as_string(), now)
