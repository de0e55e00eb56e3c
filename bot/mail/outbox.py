"""Sends the outbox: each message until the server takes it, with growing pauses between."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_string, policy
from email.message import EmailMessage

import structlog

from bot import metrics
from bot.clock import Clock
from bot.mail.models import QueuedMail
from bot.mail.ports import MailSender
from bot.ports import Store

log = structlog.get_logger(__name__)

FIRST_PAUSE = timedelta(seconds=30)
LONGEST_PAUSE = timedelta(hours=1)
MAX_ATTEMPTS = 8


def pause_after(attempts: int) -> timedelta:
    """30 s after the first failure, doubling up to an hour."""
    pause: timedelta = FIRST_PAUSE * 2 ** max(attempts - 1, 0)
    return min(pause, LONGEST_PAUSE)


class Mailer:
    def __init__(
        self,
        store: Store,
        sender: MailSender,
        clock: Clock,
        *,
        batch: int = 50,
        lease_seconds: float = 120.0,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        self.store = store
        self.sender = sender
        self.clock = clock
        self.batch = batch
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts

    async def run(self) -> int:
        """Send what is due; returns how many messages the server took."""
        claimed = await self.store.mail.claim(self.clock.now(), self.lease_seconds, self.batch)
        sent = 0
        for mail in claimed:
            sent += await self._send(mail)
        return sent

    async def _send(self, mail: QueuedMail) -> bool:
        message = message_from_string(mail.message, _class=EmailMessage, policy=policy.default)
        try:
            await self.sender.send(message)
        except Exception as error:
            now = self.clock.now()
            attempts = mail.attempts + 1
            if attempts >= self.max_attempts:
                log.warning("mail_failed", mail=mail.id, error=repr(error))
                metrics.MAILS.labels("failed").inc()
                await self.store.mail.mark_failed(mail.id, repr(error))
            else:
                log.info("mail_retried", mail=mail.id, attempts=attempts, error=repr(error))
                metrics.MAILS.labels("retried").inc()
                await self.store.mail.mark_retry(mail.id, now + pause_after(attempts), repr(error))
            return False
        metrics.MAILS.labels("sent").inc()
        await self.store.mail.mark_sent(mail.id, self.clock.now())
        return True
