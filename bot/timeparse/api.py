"""The public entry points: find the time phrase in a message and resolve it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.timeparse.components import Clock, Count, Except, Lasting, Part, Piece, Range, Recur, Until
from bot.timeparse.cues import Cues, find_cues, nearest_cue
from bot.timeparse.fallback import dateparser_when, warm_dateparser
from bot.timeparse.grammar import Context, find_pieces
from bot.timeparse.resolve import resolve
from bot.timeparse.translate import Spans, to_english
from bot.timeparse.when import When
from bot.timeparse.zones import zone

__all__ = ["When", "parse_when", "strip_span", "warm_up"]

# Words that may sit between two pieces of one phrase: "tomorrow at 9", "friday, 3pm".
_GAP = re.compile(r"[\s,]*(?:(?:at|on|in|the|of|by|and|around|about|from|starting|@|-)[\s,]+)*")
_US = ("en-us", "en_us")
# Only the head of a message is read: a chat message is at most a few thousand characters,
# and a 100 KB paste must not take long. Foreign words are looked for in a shorter head.
MAX_SCANNED = 4000
MAX_TRANSLATED = 500


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low.replace("’", "'")
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text).replace("’", "'")


def _with_days_left_out(pieces: list[Piece], low: str) -> list[Piece]:
    """Keep "except friday" only within a repetition ("every day at 9 except friday").

    Alone, "but friday at 5" names a day, which the longer "except" piece would hide.
    """
    if not any(isinstance(p.value, Except) for p in pieces):
        return pieces
    ends: set[int] = set()
    kept = []
    for piece in sorted(pieces, key=lambda p: p.start):
        joined = any(e <= piece.start and _GAP.fullmatch(low, e, piece.start) for e in ends)
        if isinstance(piece.value, Recur) or (joined and not isinstance(piece.value, Except)):
            ends.add(piece.end)
        if not isinstance(piece.value, Except) or joined:
            kept.append(piece)
    return kept


def _groups(pieces: list[Piece], low: str) -> list[list[Piece]]:
    pieces = _with_days_left_out(pieces, low)
    ordered = sorted(pieces, key=lambda p: (p.start, -(p.end - p.start)))
    kept: list[Piece] = []
    for piece in ordered:
        if not kept or piece.start >= kept[-1].end:
            kept.append(piece)
    groups: list[list[Piece]] = []
    for piece in kept:
        if groups and _GAP.fullmatch(low, groups[-1][-1].end, piece.start):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def _limits(group: list[Piece]) -> bool:
    return isinstance(group[0].value, (Until, Lasting, Count))


def _best(groups: list[list[Piece]]) -> list[Piece] | None:
    strong = [g for g in groups if any(p.strong for p in g)]
    if not strong:
        return None
    return max(strong, key=lambda g: (not _limits(g), len(g), g[-1].end - g[0].start, -g[0].start))


def _tail(groups: list[list[Piece]], best: list[Piece], low: str) -> list[Piece]:
    """A limit on a repeat said at the end, after the item's words ("… until january 31")."""
    if not any(isinstance(p.value, Recur) for p in best):
        return []
    last = groups[-1]
    if last[0].start < best[-1].end or not _limits(last) or low[last[-1].end :].strip(" .!?"):
        return []
    return last


def parse_when(
    text: str,
    *,
    now: datetime,
    tz: str,
    languages: Sequence[str] | None = None,
    day_first: bool | None = None,
) -> When | None:
    """Find and resolve the time phrase in `text`; None when it names no time.

    Never raises. An unknown `tz` is read as UTC.
    """
    try:
        return _parse(text, now, tz, languages, day_first)
    except (ValueError, OverflowError, TypeError, KeyError, IndexError, AssertionError):
        return None


def _parse(
    text: str,
    now: datetime,
    tz_name: str,
    languages: Sequence[str] | None,
    day_first: bool | None,
) -> When | None:
    if not text or not text.strip():
        return None
    tz = zone(tz_name)
    if now.tzinfo is None:
        now = now.replace(tzinfo=tz)
    langs = [lang.lower() for lang in languages or ()]
    if day_first is None:
        day_first = not any(lang in _US for lang in langs)
    ctx = Context(day_first=day_first)
    low = _lower_same_length(text[:MAX_SCANNED])
    found = _attempt(low, text, ctx, now, tz, None, find_cues(low))
    translated = to_english(low[:MAX_TRANSLATED], langs)
    if translated is not None:
        foreign = _attempt(translated[0], text, ctx, now, tz, translated[1], [])
        if foreign is not None and (found is None or foreign[0] > found[0]):
            found = foreign
    if found is not None:
        return found[1]
    return dateparser_when(text, now, tz, langs)


def _attempt(
    low: str,
    text: str,
    ctx: Context,
    now: datetime,
    tz: ZoneInfo,
    spans: Spans | None,
    cues: Cues,
) -> tuple[tuple[int, int], When] | None:
    """Read `low` with the grammar; `spans` maps a translated text back to the original."""
    groups = _groups(find_pieces(low, ctx), low)
    best = _best(groups)
    if best is None:
        return None
    best = _without_leading_part(best)
    tail = _tail(groups, best, low)
    cue = nearest_cue(cues, best[0].start, best[-1].end)
    resolved = resolve(best + tail, now, tz, english=spans is None, cue=cue)
    if resolved is None:
        return None
    (start, end), limit = _span(best, spans), _span(tail, spans)
    score = (len(best), end - start)
    said = text[limit[0] : limit[1]]
    when = When(resolved.start, resolved.end, resolved.rrule, text[start:end], said, resolved.vague)
    return score, when


def _span(pieces: list[Piece], spans: Spans | None) -> tuple[int, int]:
    """Where `pieces` lie in the original text; (0, 0) for none."""
    if not pieces:
        return 0, 0
    start, end = pieces[0].start, pieces[-1].end
    return spans(start, end) if spans is not None else (start, end)


def _without_leading_part(pieces: list[Piece]) -> list[Piece]:
    """Drop a loose day-part word before a phrase whose clock already says am or pm.

    In "parents evening 17/12 at 6pm" the evening is part of the title, not of the time.
    """
    first, rest = pieces[0], pieces[1:]
    if rest and not first.strong and isinstance(first.value, Part) and any(_exact(p) for p in rest):
        return rest
    return pieces


def _exact(piece: Piece) -> bool:
    value = piece.value
    clocks = (value.first, value.last) if isinstance(value, Range) else (value,)
    return any(isinstance(c, Clock) and (c.meridiem or c.literal) for c in clocks)


def warm_up() -> None:
    """Load dateparser and exercise every path once, so the first message is answered fast."""
    warm_dateparser()
    now = datetime(2026, 1, 5, 12, 0, tzinfo=ZoneInfo("UTC"))
    for phrase in ("every tuesday at 9 until friday", "demain à 9h", "привет", "in 2 days"):
        parse_when(phrase, now=now, tz="UTC")


# English connectors, and the other languages' ones for "at", "on", "until" ("à", "am", "bis", "в").
_DANGLING = (
    r"(?:at|on|in|by|for|from|to|starting|due|around|about|until|till|every|each|@|à|au|le|la|el|"
    r"am|um|bis|en|в|во|на|às|alle|il|jusqu'à|hasta|fino\s+a|до|de|del|du|des|von|vom|di|della|"
    r"do|da)"
)


def strip_span(text: str, when: When) -> str:
    """Return the text without the time phrase and the connector words left hanging by it."""
    if when.tail:
        text = strip_span(text, When(when.start, when.end, when.rrule, when.tail))
    index = text.find(when.text) if when.text else -1
    if index < 0:
        return " ".join(text.split())
    before = re.sub(rf"(?:\s+|^){_DANGLING}\s*$", "", text[:index].rstrip(), flags=re.I)
    after = re.sub(rf"^\s*{_DANGLING}\s*$", "", text[index + len(when.text) :], flags=re.I)
    joined = f"{before.rstrip(' ,;-')} {after.lstrip(' ,;-')}"
    return " ".join(joined.split()).strip(" ,;-")
