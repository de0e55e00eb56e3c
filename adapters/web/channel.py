"""The web as a channel: what the bot says to a browser, kept briefly and pushed live.

The message log (written by the dispatcher, so shared by every replica and kept across
restarts) is what a page shows when it is opened. Each process also keeps its web chats'
latest messages in memory, for what the log cannot give: the buttons of a message, and what
the bot sent on its own (due reminders, alerts). It has the open pages' queues, to which
those are pushed as they are sent.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import OrderedDict, deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.clock import Clock
from bot.messages import Reply, Target
from bot.models import LoggedMessage
from bot.texts import SECRET_WITHHELD

CHANNEL = "web"
KEPT_MESSAGES = 50
KEPT_CHATS = 10_000
# A page that stops reading loses what does not fit rather than holding memory forever.
QUEUE_SIZE = 100
# How the dispatcher logs a button press; the answer to it is logged as the bot's.
PRESSED = "[button] "

Entry = dict[str, Any]


def entry(message_id: str, who: str, reply: Reply) -> Entry:
    """A message as the page and the API show it: text and a flat list of buttons."""
    return {
        "id": message_id,
        "from": who,
        "text": reply.text or reply.toast or "",
        "buttons": [
            {"label": button.label, "payload": button.data}
            for row in reply.buttons
            for button in row
        ],
        "edit": reply.edit,
    }


@dataclass(frozen=True, slots=True)
class Kept:
    """A message in memory: when it was kept, and whether the message log has it too."""

    entry: Entry
    at: datetime
    logged: bool


class WebChannel:
    name = CHANNEL

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._ids = itertools.count(1)
        self._history: OrderedDict[str, deque[Kept]] = OrderedDict()
        self._listeners: dict[str, set[asyncio.Queue[Entry]]] = {}

    async def send(self, target: Target, reply: Reply) -> str:
        """Keep a message the bot sends on its own and push it to the chat's open pages."""
        shown = self._show(target.chat_id, reply, logged=False)
        for one in shown:
            for queue in self._listeners.get(target.chat_id, ()):
                if not queue.full():
                    queue.put_nowait(one)
        return str(shown[0]["id"]) if shown else ""

    def said(self, chat_id: str, text: str) -> None:
        """Keep what the person wrote, for its place among the messages kept in memory."""
        self._keep(chat_id, entry(self._next(), "you", Reply(text)), logged=True)

    def show(self, chat_id: str, reply: Reply) -> list[Entry]:
        """Keep the dispatcher's reply (and its follow-up); the entries a page should show."""
        return self._show(chat_id, reply, logged=True)

    def _show(self, chat_id: str, reply: Reply, *, logged: bool) -> list[Entry]:
        """A reply that edits an earlier message replaces it in place, under the same id."""
        if reply.silent:
            return []
        first = entry(reply.edit or self._next(), "bot", reply)
        # A secret is shown once: memory keeps the log's placeholder instead.
        kept = {**first, "text": SECRET_WITHHELD, "buttons": []} if reply.secret else first
        self._keep(chat_id, kept, logged=logged)
        shown = [first]
        if reply.follow_up:
            # The log has only the reply's text, not its follow-up.
            shown.append(entry(self._next(), "bot", Reply(reply.follow_up)))
            self._keep(chat_id, shown[-1], logged=False)
        return shown

    def history(self, chat_id: str, logged: Sequence[LoggedMessage]) -> list[Entry]:
        """The chat as a page opened now shows it: the log's last messages, oldest first.

        A logged message still in memory is shown from there, with its buttons; what only
        memory has (messages sent on the bot's own, follow-ups) takes its place by time. A
        secret is shown as the log's placeholder. `logged` is the
        log's newest `KEPT_MESSAGES` of this chat.
        """
        kept = self._history.get(chat_id, deque())
        from_log = [
            Kept(
                {
                    "id": f"h{n}",
                    "from": "you" if m.direction == "in" else "bot",
                    "text": m.text,
                    "buttons": [],
                    "edit": None,
                },
                m.at,
                logged=True,
            )
            for n, m in enumerate(logged)
            if m.text and not (m.direction == "in" and m.text.startswith(PRESSED))
        ]
        start = 0
        for one in kept:
            if not one.logged:
                continue
            found = next(
                (i for i in range(start, len(from_log)) if _same(one.entry, from_log[i].entry)),
                None,
            )
            if found is not None:
                from_log[found] = replace(from_log[found], entry=one.entry)
                start = found + 1
        oldest = from_log[0].at if len(logged) == KEPT_MESSAGES and from_log else None
        only_kept = [one for one in kept if not one.logged and (oldest is None or one.at >= oldest)]
        merged = sorted([*from_log, *only_kept], key=lambda one: (one.at, not one.logged))
        return [one.entry for one in merged[-KEPT_MESSAGES:]]

    @contextmanager
    def listening(self, chat_id: str) -> Iterator[asyncio.Queue[Entry]]:
        """A queue receiving what is sent to this chat while the block runs."""
        queue: asyncio.Queue[Entry] = asyncio.Queue(QUEUE_SIZE)
        self._listeners.setdefault(chat_id, set()).add(queue)
        try:
            yield queue
        finally:
            listeners = self._listeners.get(chat_id, set())
            listeners.discard(queue)
            if not listeners:
                self._listeners.pop(chat_id, None)

    def _next(self) -> str:
        return f"m{next(self._ids)}"

    def _keep(self, chat_id: str, one: Entry, *, logged: bool) -> None:
        kept = self._history.setdefault(chat_id, deque(maxlen=KEPT_MESSAGES))
        self._history.move_to_end(chat_id)
        while len(self._history) > KEPT_CHATS:
            self._history.popitem(last=False)
        for earlier in kept:
            if earlier.entry["id"] == one["id"]:
                # An edit moves to the end: the log has its new text as a message of its own.
                kept.remove(earlier)
                break
        kept.append(Kept({**one, "edit": None}, self._clock.now(), logged))


def _same(kept: Entry, logged: Entry) -> bool:
    return bool(kept["from"] == logged["from"] and kept["text"] == logged["text"])
