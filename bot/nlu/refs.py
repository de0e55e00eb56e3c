"""Reading the words that point at an existing item.

"task 2", "the first one", "my 3pm", "the dentist appointment", "my call mom reminder".
"""

from __future__ import annotations

import re
from datetime import time

from bot.nlu.frame import Domain, Ref
from bot.nlu.patterns import KIND, kind_of
from bot.timeparse.lexicon import ORDINALS

_DET = (
    r"(?:(?:the|my|that|this|our|a|an|your|le|la|les|l'|ma|mon|mes|die|der|das|den|meine?n?|el|"
    r"los|las|mi|mis|il|lo|i|gli|o|os|as|minha|meu)\s+)*"
)
_NUMBERED = re.compile(
    rf"^{_DET}(?:(?P<kind>{KIND})\s*)?(?:number\s+|no\.?\s*|nr\.?\s*|#)?(?P<n>\d{{1,6}})"
    rf"(?:\s+(?P<kind2>{KIND}))?$",
    re.I,
)
_ORDINALS = {**ORDINALS, "latest": -1}
_ORDINAL = re.compile(
    rf"^{_DET}(?P<o>{'|'.join(_ORDINALS)})(?:\s+(?:one|item|(?P<kind>{KIND})))?"
    r"(?:\s+(?:on\s+the\s+list|in\s+the\s+list))?$",
    re.I,
)
_AT = re.compile(
    rf"^{_DET}(?P<h>\d{{1,2}})(?:[:.h](?P<m>\d{{2}}))?\s*(?P<ap>[ap]\.?m\.?)?"
    rf"(?:\s*o'?clock)?(?:\s+(?:one|(?P<kind>{KIND})))?$",
    re.I,
)
_NOON = re.compile(rf"^{_DET}(?:noon|midday)(?:\s+(?:one|(?P<kind>{KIND})))?$", re.I)
_LEAD_KIND = re.compile(
    rf"^{_DET}(?P<kind>{KIND})\s+(?:(?:to|about|for|of|called|named|saying|that\s+says)\s+)?(?P<w>.+)$",
    re.I,
)
_TRAIL_KIND = re.compile(rf"^(?P<w>.+?)\s+(?P<kind>{KIND})$", re.I)
_DETERMINER = re.compile(rf"^{_DET}", re.I)
# Words too vague to point at anything: the bot asks which item instead.
VAGUE = frozenset({"it", "that", "this", "one", "them", "those", "these", "all", "everything"})


def _clock(hour: str, minute: str | None, ampm: str | None) -> time | None:
    h, m = int(hour), int(minute or 0)
    if h > 23 or m > 59:
        return None
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm.lower().startswith("p") else 0)
    elif 1 <= h <= 7 and len(hour) == 1:
        h += 12  # "my 3" is the afternoon, as clock times without am/pm are read elsewhere
    return time(h, m)


def _kind(match: re.Match[str]) -> Domain | None:
    return kind_of(match["kind"]) if match["kind"] else None


def read_ref(phrase: str) -> Ref | None:
    """The reference in `phrase`, or None when it points at nothing in particular ("it")."""
    text = " ".join(phrase.strip(" \t\"'“”‘’.,!?").split())
    if not text:
        return None
    if match := _NUMBERED.match(text):
        named = match["kind"] or match["kind2"]
        return Ref(number=int(match["n"]), kind=kind_of(named) if named else None)
    if match := _ORDINAL.match(text):
        return Ref(ordinal=_ORDINALS[match["o"].lower()], kind=_kind(match))
    if (match := _AT.match(text)) and (at := _clock(match["h"], match["m"], match["ap"])):
        return Ref(at=at, kind=_kind(match))
    if match := _NOON.match(text):
        return Ref(at=time(12, 0), kind=_kind(match))
    kind: Domain | None = None
    words = text
    if (match := _LEAD_KIND.match(words)) or (match := _TRAIL_KIND.match(words)):
        kind, words = kind_of(match["kind"]), match["w"]
        if not _DETERMINER.sub("", f"{words} ").strip():
            words = match["kind"]  # "the meeting": the kind word is all there is to match
    words = _DETERMINER.sub("", words).strip()
    if kind is None and (bare := kind_of(words)) is not None:
        return Ref(kind=bare)
    if not words or words.lower() in VAGUE:
        return Ref(kind=kind) if kind else None
    return Ref(words=words, kind=kind)
