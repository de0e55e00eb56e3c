"""The terminal channel: lines from stdin in, replies and due reminders on stdout.

Buttons print as numbered choices; typing the number presses the button. Files a reply
carries are written to the exports folder (`DATA_DIR/exports`) and their paths printed.
Works the same whether stdin is a terminal or a pipe, so a session can be scripted. On a
terminal there is a prompt, line editing and a history kept between sessions.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import itertools
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TextIO

from bot.messages import Attachment, Incoming, Reply, Target

CHANNEL = "console"
PROMPT = "> "
HISTORY_LINES = 1000


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

    async def run(self, stdin: TextIO = sys.stdin, history: Path | None = None) -> None:
        """Answer lines until end of input.

        Lines are read in a daemon thread, one at a time after each reply is printed: Ctrl-C
        ends the process at once instead of waiting for a reader blocked in `readline`.
        """
        reader = _LineReader(stdin, history if stdin.isatty() else None)
        with _terminal_restored(stdin):
            while True:
                line = await reader.next_line()
                if not line:
                    return
                if not line.strip():
                    continue
                self.render(await self._handle(self.to_incoming(line)))


@contextlib.contextmanager
def _terminal_restored(stdin: TextIO) -> Iterator[None]:
    """Put the terminal's settings back however the conversation ends.

    Line editing changes them while a line is read.
    """
    if not stdin.isatty():
        yield
        return
    import termios

    saved = termios.tcgetattr(stdin.fileno())
    try:
        yield
    finally:
        termios.tcsetattr(stdin.fileno(), termios.TCSADRAIN, saved)


class _LineReader:
    """Lines from stdin, read on request in a daemon thread; "" at the end of input."""

    def __init__(self, stdin: TextIO, history: Path | None) -> None:
        self._stdin = stdin
        self._history = history
        self._wanted = threading.Semaphore(0)
        self._lines: asyncio.Queue[str] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        threading.Thread(target=self._read, name="console-input", daemon=True).start()

    async def next_line(self) -> str:
        self._wanted.release()
        return await self._lines.get()

    def _read(self) -> None:
        read = self._stdin.readline if self._history is None else self._prompted()
        while True:
            self._wanted.acquire()
            try:
                line = read()
            except (EOFError, OSError, ValueError):
                line = ""
            self._loop.call_soon_threadsafe(self._lines.put_nowait, line)
            if not line:
                return

    def _prompted(self) -> Callable[[], str]:
        """`input` with a prompt, line editing and a kept history (a terminal only)."""
        import readline

        history = self._history
        assert history is not None
        with contextlib.suppress(OSError):
            readline.read_history_file(history)
        readline.set_history_length(HISTORY_LINES)

        def read() -> str:
            line = input(PROMPT) + "\n"
            with contextlib.suppress(OSError):
                readline.write_history_file(history)
            return line

        return read
