"""dateparser as the last resort, for languages and formats our grammar does not know."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.timeparse.zones import localize

if TYPE_CHECKING:
    from bot.timeparse.api import When

# dateparser is slow on long text; a time phrase sits in the first few hundred characters.
MAX_CHARS = 200
_DEFAULT_LANGUAGES = ["en", "fr", "de", "es", "ru", "pt", "it"]
_WORTH_TRYING = re.compile(r"\d|[^\x00-\x7f]")
_WORD = re.compile(r"[^\W\d_]+")
_FILLER = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to"})


def _settings(now: datetime, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "RELATIVE_BASE": now.astimezone(tz).replace(tzinfo=None, microsecond=0),
        "PREFER_DATES_FROM": "future",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }


def warm_up() -> None:
    """Load dateparser's language data once, so the first real message is not slow."""
    import dateparser

    dateparser.parse("tomorrow at 9", languages=["en"], settings={"PREFER_DATES_FROM": "future"})


def dateparser_when(text: str, now: datetime, tz: ZoneInfo, languages: Sequence[str]) -> When:
    """Return what dateparser finds in the start of the text, or None.

    Only worth it when the text holds a digit or a non-English letter; matches without a real
    word ("12", "911", "12 and 13") are refused, since dateparser reads bare numbers as dates.
    """
    from bot.timeparse.api import When

    head = text[:MAX_CHARS]
    if not _WORTH_TRYING.search(head):
        return None  # type: ignore[return-value]
    from dateparser.search import search_dates

    codes = [lang.replace("_", "-").split("-")[0] for lang in languages] or _DEFAULT_LANGUAGES
    try:
        found = search_dates(head, languages=codes, settings=_settings(now, tz))
    except (ValueError, TypeError, OverflowError, AttributeError, KeyError, IndexError):
        return None  # type: ignore[return-value]
    for span, moment in found or ():
        words = [w for w in _WORD.findall(span.lower()) if w not in _FILLER]
        if not words or span not in text:
            continue
        return When(localize(moment, tz), None, None, span)
    return None  # type: ignore[return-value]
