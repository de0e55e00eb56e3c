"""Words elsewhere in a message that tell which half of the day a bare clock time means.

"wake me up at 6:30" is 06:30 and "dinner at 7" is 19:00: the cue word need not sit next to the
time, so the whole message is searched, and the cue nearest to the time phrase counts.
"""

from __future__ import annotations

import re

# Greetings name a day part without meaning one: "good morning, call me at 3".
_CUES = re.compile(
    r"\b(?:(?P<morning>wake|waking|alarms?|breakfast|(?<!good )mornings?|sunrise|before\s+work)"
    r"|(?P<midday>lunch|brunch)"
    r"|(?P<evening>dinner|supper|drinks|after\s+work|(?<!good )evenings?|tonight"
    r"|(?:till|til|until)\s+late)"
    r"|(?P<night>bedtime|go(?:ing)?\s+to\s+bed|(?<!good )night))\b"
)

Cues = list[tuple[int, str]]


def find_cues(low: str) -> Cues:
    """Return each cue word's position and the day part it names, in order."""
    return [(m.start(), m.lastgroup or "") for m in _CUES.finditer(low)]


def nearest_cue(cues: Cues, start: int, end: int) -> str | None:
    """Return the day part named nearest to the span [start, end), or None."""
    if not cues:
        return None
    distance = [(max(start - pos, pos - end, 0), part) for pos, part in cues]
    return min(distance)[1]
