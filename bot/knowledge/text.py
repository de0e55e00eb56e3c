"""Words for lexical search: lower case, stop words dropped, a light suffix stemmer.

The stemmer only needs to map a word's common forms onto one key ("reimbursed",
"reimbursement" → "reimburs"); it need not produce real words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")

_STOP_TEXT = """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself
    yourselves tell know please s t don doesn isn aren wasn weren let lets get got us also
    may might must shall anything something thing things much many one per way need want like"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

# Longest first, so "ations" wins over "s".
_SUFFIXES = (
    "isations",
    "izations",
    "ational",
    "fulness",
    "iveness",
    "ations",
    "ements",
    "nesses",
    "ation",
    "ement",
    "ments",
    "ingly",
    "ities",
    "ness",
    "ment",
    "able",
    "ible",
    "ings",
    "ions",
    "ity",
    "ing",
    "ion",
    "ies",
    "ied",
    "ers",
    "est",
    "ful",
    "ous",
    "ive",
    "ed",
    "er",
    "ly",
    "es",
    "s",
    "e",
    "y",
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]
            return base
    return word


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Search keys of the content words of `text`, in order."""
    words = (w.replace("’", "'").split("'")[0] for w in _WORD.findall(_fold(text)))
    return [stem(w) for w in words if w and w not in STOP_WORDS]
