"""The web as a channel: what the bot says to a browser, kept briefly and pushed live.

Each web chat keeps its latest messages in memory (the page shows them when opened) and has
the open pages' queues, to which due reminders and alerts are pushed as they are sent.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import OrderedDict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot.messages import Reply, Target

CHANNEL = "web"
KEPT_MESSAGES = 50
KEPT_CHATS = 10_000
# A page that stops reading loses what does not fit rather than holding memory forever.
QUEUE_SIZE = 100

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


class WebChannel:
    name = CHANNEL

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._history: OrderedDict[str, deque[Entry]] = OrderedDict()
        self._listeners: dict[str, set[asyncio.Queue[Entry]]] = {}

    async def send(self, target: Target, reply: Reply) -> str:
        """Keep a message the bot sends on its own and push it to the chat's open pages."""
        shown = self.show(target.chat_id, reply)
        for one in shown:
            for queue in self._listeners.get(target.chat_id, ()):
                if not queue.full():
                    queue.put_nowait(one)
        return str(shown[0]["id"]) if shown else ""

    def said(self, chat_id: str, text: str) -> None:
        """Keep what the person wrote, to show it again when the page is opened."""
        self._keep(chat_id, entry(self._next(), "you", Reply(text)))

    def show(self, chat_id: str, reply: Reply) -> list[Entry]:
        """Keep a reply (and its follow-up) in the chat; the entries a page should show.

        A reply that edits an earlier message replaces it in place, under the same id.
        """
        if reply.silent:
            return []
        first = entry(reply.edit or self._next(), "bot", reply)
        shown = [first]
        if reply.follow_up:
            shown.append(entry(self._next(), "bot", Reply(reply.follow_up)))
        for one in shown:
            self._keep(chat_id, one)
        return shown

    def history(self, chat_id: str) -> list[Entry]:
        return list(self._history.get(chat_id, ()))

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

    def _keep(self, chat_id: str, one: Entry) -> None:
        kept = self._history.setdefault(chat_id, deque(maxlen=KEPT_MESSAGES))
        self._history.move_to_end(chat_id)
        while len(self._history) > KEPT_CHATS:
            self._history.popitem(last=False)
        for i, earlier in enumerate(kept):
            if earlier["id"] == one["id"]:
                kept[i] = {**one, "edit": None}
                return
        kept.append({**one, "edit": None})
