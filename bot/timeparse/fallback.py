"""dateparser as the last resort, for languages and formats our grammar does not know."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.timeparse.when import When
from bot.timeparse.zones import localize

# dateparser is slow on long text; a time phrase sits in the first few hundred characters.
MAX_CHARS = 200
_DEFAULT_LANGUAGES = ["en", "fr", "de", "es", "ru", "pt", "it"]
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD = re.compile(r"[^\W\d_]+")
# Words dateparser reads as a date on their own ("do" as a weekday, "da" as a day): never a time.
_FILLER = frozenset(
    {
        "a",
        "an",
        "and",
        "at",
        "by",
        "for",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "do",
        "da",
        "de",
        "di",
        "du",
        "le",
        "la",
        "se",
        "si",
        "no",
        "na",
        "em",
        "il",
        "el",
        # Possessives and pronouns that other languages' day names share ("à ma liste").
        "à",
        "ma",
        "mi",
        "me",
        "mo",
        "tu",
        "te",
        "su",
        "sa",
        "mon",
        "ton",
        "son",
        "mes",
        "meu",
        "mia",
        "mio",
    }
)


def _settings(now: datetime, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "RELATIVE_BASE": now.astimezone(tz).replace(tzinfo=None, microsecond=0),
        "PREFER_DATES_FROM": "future",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }


def warm_dateparser() -> None:
    """Load dateparser's language data once, so the first real message is not slow."""
    from dateparser.search import search_dates

    search_dates(
        "demain à 9h", languages=_DEFAULT_LANGUAGES, settings={"PREFER_DATES_FROM": "future"}
    )


def _worth_trying(head: str, codes: Sequence[str]) -> bool:
    """Tell if dateparser may find what our grammar did not.

    Plain ASCII text with no other language asked for is English, which the grammar covers;
    skipping dateparser there keeps ordinary messages fast and free of its false dates.
    """
    if any(code != "en" for code in codes):
        return True
    return bool(_NON_ASCII.search(head))


def dateparser_when(
    text: str, now: datetime, tz: ZoneInfo, languages: Sequence[str]
) -> When | None:
    """Return what dateparser finds in the start of the text, or None.

    Only tried for text that may not be English; matches without a real
    word ("12", "911", "12 and 13") are refused, since dateparser reads bare numbers as dates.
    """
    head = text[:MAX_CHARS]
    codes = [lang.replace("_", "-").split("-")[0] for lang in languages]
    if not _worth_trying(head, codes):
        return None
    from dateparser.search import search_dates

    codes = codes or _DEFAULT_LANGUAGES
    try:
        found = search_dates(head, languages=codes, settings=_settings(now, tz))
    except (ValueError, TypeError, OverflowError, AttributeError, KeyError, IndexError):
        return None
    for span, moment in found or ():
        words = [w for w in _WORD.findall(span.lower()) if w not in _FILLER]
        if not words or span not in text:
            continue
        return When(localize(moment, tz), None, None, span)
    return None
