"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives; it can go down."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.smtp import SMTP, Envelope, Session


class FakeSmtp:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.port = 0
        self._server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.content if isinstance(envelope.content, bytes) else b""
        self.messages.append(message_from_bytes(data, _class=EmailMessage, policy=policy.default))
        return "250 OK"

    async def start(self) -> None:
        """Listen (again on the same port, after a stop)."""
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: SMTP(self, hostname="nudge.test", loop=loop), "127.0.0.1", self.port
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Down: connections are refused."""
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        self._server = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[FakeSmtp]:
        await self.start()
        try:
            yield self
        finally:
            if self._server is not None:
                await self.stop()
