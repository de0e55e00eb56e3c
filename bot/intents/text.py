"""Turning a message into the terms the intent model scores.

The same two analyzers feed scikit-learn at training time and the fast scorer at prediction
time, so both see exactly the same features.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

# The intent of a chat message is in its first lines; scoring a 100 KB paste in full would only
# cost time.
MAX_CHARS = 1000

_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """Lowercase, fold compatibility forms, unify digits and whitespace."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS]).lower()
    # "cancel reminder 2" and "cancel reminder 7" mean the same thing to a router.
    text = _DIGIT.sub("0", text)
    return _SPACE.sub(" ", text).strip()


def word_terms(text: str) -> list[str]:
    """Word unigrams and bigrams of a message."""
    words = _WORD.findall(normalize(text))
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def char_terms(text: str, low: int = 2, high: int = 5) -> list[str]:
    """Character n-grams inside word boundaries, padded with a space on each side."""
    terms: list[str] = []
    for word in normalize(text).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if n > size:
                break
            terms.extend(padded[i : i + n] for i in range(size - n + 1))
    return terms
