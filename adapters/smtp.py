"""Sending mail over SMTP with aiosmtplib: STARTTLS when offered, or TLS for smtps://."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

from bot.mail.addresses import SmtpServer

TIMEOUT_SECONDS = 20.0


class SmtpSender:
    def __init__(self, server: SmtpServer, *, timeout: float = TIMEOUT_SECONDS) -> None:
        self.server = server
        self.timeout = timeout

    async def send(self, message: EmailMessage) -> None:
        server = self.server
        await aiosmtplib.send(
            message,
            hostname=server.host,
            port=server.port,
            username=server.username or None,
            password=server.password or None,
            use_tls=server.tls,
            timeout=self.timeout,
        )
