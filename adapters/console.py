"""The terminal channel: lines from stdin in, replies and due reminders on stdout.

Buttons print as numbered choices; typing the number presses the button. Files a reply
carries are written to the exports folder (`DATA_DIR/exports`) and their paths printed.
Works the same whether stdin is a terminal or a pipe, so a session can be scripted.
"""

from __future__ import annotations

import asyncio
import getpass
import itertools
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot.messages import Attachment, Incoming, Reply, Target

CHANNEL = "console"


class ConsoleChannel:
    name = CHANNEL

    def __init__(
        self,
        handle: Callable[[Incoming], Awaitable[Reply]],
        *,
        out: TextIO = sys.stdout,
        user: str | None = None,
        exports: Path = Path("data/exports"),
    ) -> None:
        self._handle = handle
        self._out = out
        self.exports = exports
        self.user = user or getpass.getuser()
        self._ids = itertools.count(1)
        self._choices: list[tuple[str, str]] = []

    @property
    def chat_id(self) -> str:
        return f"{CHANNEL}:{self.user}"

    async def send(self, target: Target, reply: Reply) -> str:
        return self.render(reply)

    def render(self, reply: Reply) -> str:
        """Print a reply; returns the message id its buttons will refer to."""
        message_id = reply.edit or str(next(self._ids))
        lines = [reply.text]
        buttons = [button for row in reply.buttons for button in row]
        # Numbers pick from the latest message only: after any other reply, "3" is just text.
        self._choices = [(b.data, message_id) for b in buttons]
        if buttons:
            lines.append("  ".join(f"[{i}] {b.label}" for i, b in enumerate(buttons, 1)))
        lines += [f"📎 {file.name}: {self._save(file)}" for file in reply.files]
        self._out.write("\n".join(lines) + "\n")
        self._out.flush()
        return message_id

    def _save(self, file: Attachment) -> Path:
        """Write a file to the exports folder, readable by its owner only, under a new name."""
        self.exports.mkdir(mode=0o700, parents=True, exist_ok=True)
        stem, dot, suffix = file.name.rpartition(".")
        path = self.exports / file.name
        for n in itertools.count(2):
            if not path.exists():
                break
            path = self.exports / (f"{stem}-{n}.{suffix}" if dot else f"{file.name}-{n}")
        path.touch(mode=0o600)
        path.write_bytes(file.data)
        return path

    def to_incoming(self, line: str) -> Incoming:
        text = line.rstrip("\r\n")
        pick = text.strip()
        if pick.isdigit() and 1 <= int(pick) <= len(self._choices):
            data, message_id = self._choices[int(pick) - 1]
            return Incoming(
                CHANNEL,
                self.user,
                self.chat_id,
                display_name=self.user,
                callback=data,
                message_id=message_id,
            )
        return Incoming(CHANNEL, self.user, self.chat_id, text=text, display_name=self.user)

    async def run(self, stdin: TextIO = sys.stdin) -> None:
        """Answer lines until end of input."""
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:
                return
            if not line.strip():
                continue
            self.render(await self._handle(self.to_incoming(line)))
