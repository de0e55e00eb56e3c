"""Lengths of time: "20m", "an hour and a half", "1h30", "a fortnight"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from bot.timeparse.lexicon import NUMBER_WORDS, UNIT_ALIASES, UNIT_SECONDS, alternation

_WORDS = alternation(NUMBER_WORDS)
_UNIT = rf"(?:{alternation(UNIT_ALIASES)})"
_PIECE = rf"(?<![\w.])(?:\d+(?:\.\d+)?\s*|(?:{_WORDS})\s+){_UNIT}(?![\w'])"
_HALF = r"(?:half\s+an?\s+hour|half\s+a\s+day|(?:a\s+)?half\s+hour)"
_COMPACT = r"\d{1,2}\s*h\s*\d{1,2}(?:\s*m(?:in)?)?(?!\w)"

# A whole duration: pieces joined by "and"/commas, optionally "and a half".
DURATION = (
    rf"(?:{_COMPACT}|{_HALF}|{_PIECE}(?:\s*(?:,\s*|and\s+|,\s*and\s+)?{_PIECE})*"
    rf"(?:\s+and\s+a\s+half)?)"
)
_DURATION_RE = re.compile(rf"^\s*{DURATION}\s*$", re.IGNORECASE)
_PIECE_RE = re.compile(
    rf"(?<![\w.])(\d+(?:\.\d+)?(?=\s*{_UNIT})|(?:{_WORDS})(?=\s+{_UNIT}))\s*({_UNIT})(?![\w'])",
    re.IGNORECASE,
)
_COMPACT_RE = re.compile(r"(\d{1,2})\s*h\s*(\d{1,2})", re.IGNORECASE)


# Longer is no length anyone means, and past datetime's range: it is not read as a duration.
MAX_SPAN = timedelta(days=100 * 365)
_ROUGHLY = {**UNIT_SECONDS, "month": timedelta(days=30), "year": timedelta(days=365)}


@dataclass(frozen=True, slots=True)
class Span:
    """A duration split into calendar months and an exact length."""

    months: int
    delta: timedelta


def number(word: str) -> float:
    """Return the value of a numeral written in digits or in words."""
    word = " ".join(word.lower().split())
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    return float(word)


def parse_span(text: str) -> Span | None:
    """Parse a whole duration into months and an exact length, or None."""
    if not _DURATION_RE.match(text):
        return None
    low = " ".join(text.lower().split())
    compact = _COMPACT_RE.match(low)
    if compact:
        return Span(0, timedelta(hours=int(compact[1]), minutes=int(compact[2])))
    if low.startswith("half") or low.startswith("a half"):
        return Span(0, timedelta(hours=12) if "day" in low else timedelta(minutes=30))
    months = 0
    delta = timedelta()
    last = timedelta()
    for match in _PIECE_RE.finditer(low):
        count = number(match[1])
        unit = UNIT_ALIASES[match[2].lower()]
        if count * _ROUGHLY[unit].total_seconds() > MAX_SPAN.total_seconds():
            return None
        if unit in ("month", "year"):
            months += round(count * (12 if unit == "year" else 1))
            last = timedelta(days=15 if unit == "month" else 182)
        else:
            last = UNIT_SECONDS[unit]
            delta += last * count
    if low.endswith("and a half"):
        delta += last / 2
    if months == 0 and delta <= timedelta():
        return None
    if delta + timedelta(days=30 * months) > MAX_SPAN:
        return None
    return Span(months, delta)


def parse_duration(text: str) -> timedelta | None:
    """Parse a length of time such as "45 min", "1h30" or "an hour and a half".

    A month counts as 30 days and a year as 365 days. Returns None for anything else.
    """
    span = parse_span(text)
    if span is None:
        return None
    return span.delta + timedelta(days=30 * span.months)
