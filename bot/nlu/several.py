"""Two requests in one message: "put milk on the list and remind me at 6 to go to tesco".

A message splits only where an order verb opens both sides, so "remind me to call mum and dad"
and "milk and eggs" stay whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# More parts than this is a pasted text, not a few requests: it stays one message.
MAX_REQUESTS = 5
_ORDER = (
    r"(?:remind\s+me|nudge\s+me|set\s+(?:a\s+)?reminder|add|note|jot|create|schedule|book|"
    r"cancel|delete|remove|move|push|mark|tick)\b"
)
# "put" opens a request ("put milk on the list and …") but after "and" it is often the item
# itself: "add bread and put the bins out".
_OPENS = re.compile(rf"^(?:please\s+|pls\s+|can\s+you\s+|could\s+you\s+)?(?:put\b|{_ORDER})", re.I)
# "remind me … and to pick up the prescription on monday": a second thing to be reminded of.
_AND_TO = re.compile(r"(?<=\w)\s*,?\s+and\s+(?:also\s+)?to\s+(?=\w)", re.I)
_REMINDS = re.compile(r"^(?:remind|nudge|ping)\s+me\b", re.I)
# "… and add it to the list": "it" is the first request's thing, so the message is one request.
_JOINT = re.compile(
    rf"\s*[,;]?\s+(?:and|also|then|plus|&)\s+(?:also\s+|then\s+)?(?:please\s+)?"
    rf"(?={_ORDER}(?!\s+(?:me\s+)?(?:it|that|this|them)\b))",
    re.I,
)


def split_requests(text: str, has_time: Callable[[str], bool]) -> list[str]:
    """The requests in `text`, in order: one, unless each part opens with an order verb.

    "remind me tomorrow to post the parcel and to pick up the prescription on monday" is two
    reminders, as each "to …" has a time of its own (`has_time` tells).
    """
    if not _OPENS.match(text.strip()):
        return [text]
    parts = [part.strip() for part in _JOINT.split(text, maxsplit=MAX_REQUESTS) if part.strip()]
    if 1 < len(parts) <= MAX_REQUESTS:
        return parts
    second = _AND_TO.search(text) if _REMINDS.match(text.strip()) else None
    if second is not None and has_time(text[: second.start()]):
        rest = text[second.end() :]
        if has_time(rest):
            return [text[: second.start()], f"remind me to {rest}"]
    return [text]
