"""Turning a message into the terms the intent model scores.

The same two analyzers feed scikit-learn at training time and the fast scorer at prediction
time, so both see exactly the same features.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

# The intent of a chat message is in its first lines; scoring a 100 KB paste in full would only
# cost time.
MAX_CHARS = 1000

_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")

# Other products: "how do I set a reminder in slack?" is a question for the knowledge base, not a
# request for us nor help with us.
OTHER_APP = re.compile(
    r"\b(?:slack|outlook|gmail|google|iphone|android|excel|notion|trello|jira|teams|siri|alexa|"
    r"windows|mac|macos|ios|word|zoom|evernote|todoist|onenote|whatsapp|app|apps|phone'?s?)\b"
)
_HOW_TO = re.compile(
    r"^(?:how (?:do|can|should|would|to)\b|how'?s? one\b|can (?:you|i)\b|do you\b|"
    r"is it possible|where do i\b|what (?:can|do) (?:you|i)\b)"
)
_OURS = re.compile(
    r"\b(?:remind\w*|tasks?|to-?dos?|notes?|events?|calendar|agenda|snooze\w*|time ?zone|"
    r"my data|commands?|recurring|repeat\w*|this bot|you)\b"
)


def normalize(text: str) -> str:
    """Lowercase, fold compatibility forms, unify digits and whitespace."""
    return _normalized(text[:MAX_CHARS])


@lru_cache(maxsize=64)
def _normalized(text: str) -> str:
    # Kept for the last few messages: every analyzer of one message starts from it.
    text = unicodedata.normalize("NFKC", text).lower()
    # "cancel reminder 2" and "cancel reminder 7" mean the same thing to a router.
    text = _DIGIT.sub("0", text)
    return _SPACE.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Return the normalized words of a message."""
    return _WORD.findall(normalize(text))


def word_terms(text: str) -> list[str]:
    """Word unigrams and bigrams of a message."""
    unigrams = words(text)
    return unigrams + [f"{a} {b}" for a, b in pairwise(unigrams)]


def cue_terms(text: str) -> list[str]:
    """Markers for combinations a linear model cannot see in single words.

    "how do I" with one of our features is a request for help; with another product, or with
    neither, it is a question. The marker carries the combination as one feature.
    """
    normal = normalize(text)
    how_to = _HOW_TO.search(normal) is not None
    app = OTHER_APP.search(normal) is not None
    ours = _OURS.search(normal) is not None
    if not how_to:
        return ["<statement>"]
    cues = ["<how-to>"]
    if app:
        cues.append("<how-to-app>")
    elif ours:
        cues.append("<how-to-ours>")
    else:
        cues.append("<how-to-other>")
    return cues


def char_terms(text: str, low: int = 2, high: int = 5) -> list[str]:
    """Character n-grams inside word boundaries, padded with a space on each side."""
    terms: list[str] = []
    for word in normalize(text).split():
        padded = f" {word} "
        size = len(padded)
        terms += [
            padded[i : i + n] for n in range(low, min(high, size) + 1) for i in range(size - n + 1)
        ]
    return terms
