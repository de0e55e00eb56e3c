"""Text every store can keep: no NUL characters, no lone surrogates.

PostgreSQL refuses NUL in text and SQLite's driver cannot encode a lone surrogate, which
chat platforms and terminals can hand us. A message is cleaned once, as the dispatcher
takes it, so nothing behind it ever sees them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.messages import Incoming

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(msg: Incoming) -> Incoming:
    """`msg` with NUL removed and each lone surrogate replaced by U+FFFD in what it says."""

    def clean(text: str) -> str:
        return _LONE_SURROGATE.sub("\ufffd", text.replace("\x00", ""))

    return replace(
        msg,
        text=clean(msg.text),
        display_name=clean(msg.display_name),
        callback=None if msg.callback is None else clean(msg.callback),
    )
