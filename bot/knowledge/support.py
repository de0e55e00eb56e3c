"""Whether a passage answers what a question asks, not only what it is about.

A passage on the right topic for the wrong office, product or year is the near miss that
turns into a confident wrong answer. So a question's words are weighed in two kinds:

- named things (a capitalised name, a place, a model code like "K3", a year) must each be in
  the passage's document, word for word: "Paris office" against a UK handbook is a miss,
  however close the topic;
- a word the base has nowhere that qualifies a word the passage has ("garage" in "garage
  door", "dentist" in "dentist appointment") asks about another kind of that thing, unless
  the embedder finds it close to a word of the passage. Other words the base lacks are taken
  for paraphrases ("webcam", "appraisal"): declining on them costs more right answers than
  it saves wrong ones.
The share of the question's words (weighted by rarity) a passage covers, by the word, a form
of it, an everyday synonym or a part of a compound, helps rank passages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from bot.knowledge.text import related, stem, words
from bot.places import COMMON_WORDS, load

# A model or version code ("K3", "RV-12", "AP500", "Emberline 16") or a year.
_CODE = re.compile(r"\b(?:[A-Za-z]+-?\d+[A-Za-z]*|[A-Z][a-z]+ \d+|(?:19|20)\d\d)\b")
_CODE_JOIN = re.compile(r"(?<=[a-z])[-\s](?=\d)")
# Capitalised, yet not a name: the reader's "I", days and months.
_ORDINARY_CAPITALS = frozenset(
    {"i", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december"}
)
# Words that frame a question rather than name what it asks about.
_FRAMING = "time long often cost price big size far soon kind type happen allowed need mean say"
PLACE_POPULATION = 50_000
FRAME_WEIGHT = 0.25


@cache
def _frame() -> frozenset[str]:
    """The framing words' stems, made on first use: start-up does not load the stemmer."""
    return frozenset(stem(w) for w in _FRAMING.split())


@dataclass(frozen=True, slots=True)
class Term:
    """One thing a question asks about: as typed, its search key, and how much it counts."""

    surface: str
    key: str
    named: bool
    weight: float
    # The key of the word right after this one, which this one may qualify ("garage door").
    qualifies: str = ""


@dataclass(frozen=True, slots=True)
class Support:
    """How a passage covers a question.

    Named things its document lacks, words unknown to the base (and, once checked, not
    close to the passage's), and the share of the question's weight it covers.
    """

    missing: tuple[Term, ...]
    unknown: tuple[Term, ...]
    coverage: float

    @property
    def answers(self) -> bool:
        return not self.missing and not self.unknown


def asked_terms(question: str, idf: Callable[[str], float]) -> list[Term]:
    """What `question` asks about, named things first; each word once."""
    codes = [
        m
        for m in _CODE.finditer(question)
        if m.group().split()[0].lower() not in _ORDINARY_CAPITALS
    ]
    terms = [Term(m.group(), _code_key(m.group()), True, 0.0) for m in codes]
    inside = {i for m in codes for i in range(m.start(), m.end())}
    seen = {t.key for t in terms}
    position = 0
    found: list[tuple[int, int, str, str]] = []
    for surface, key in words(question):
        start = question.find(surface, position)
        position = start + len(surface)
        found.append((start, position, surface, key))
    for number, (start, end, surface, key) in enumerate(found):
        if start in inside or key in seen:
            continue
        seen.add(key)
        following = found[number + 1] if number + 1 < len(found) else None
        adjacent = following is not None and not question[end : following[0]].strip()
        terms.append(
            Term(
                surface,
                key,
                _named(surface, first=not question[:start].strip()),
                idf(key) * (FRAME_WEIGHT if key in _frame() else 1.0),
                following[3] if following is not None and adjacent else "",
            )
        )
    return terms


def _code_key(code: str) -> str:
    return _CODE_JOIN.sub("", code.lower())


def _named(surface: str, *, first: bool) -> bool:
    lowered = surface.lower()
    if lowered in _ORDINARY_CAPITALS:
        return False
    if surface.isupper() and len(surface) > 1:
        return True
    if surface[:1].isupper() and not first:
        return True
    return _is_place(lowered)


@cache
def _is_place(word: str) -> bool:
    if len(word) <= 3 or word in COMMON_WORDS or not word.isalpha():
        return False
    place = load().best(word)
    return place is not None and place.population >= PLACE_POPULATION


def has_code(text: str, term: Term) -> bool:
    """Whether a code or year is written in `text` ("RV 12" and "rv-12" count as "RV-12").

    As written too: joined, "July 2027" would hide its year.
    """
    pattern = re.compile(rf"\b{re.escape(term.key)}\b")
    lowered = text.lower()
    return any(pattern.search(form) for form in (lowered, _CODE_JOIN.sub("", lowered)))


def missing_named(
    terms: Iterable[Term], document_keys: Collection[str], document_text: str
) -> tuple[Term, ...]:
    """The named things of a question that the document never mentions."""
    return tuple(
        t
        for t in terms
        if t.named
        and (
            not has_code(document_text, t)
            if _CODE.fullmatch(t.surface)
            else t.key not in document_keys
        )
    )


def lexically_covered(term: Term, keys: Collection[str], parts: Callable[[str], set[str]]) -> bool:
    """The word itself, a form of it, a synonym or a part of a compound is in `keys`."""
    return (
        term.key in keys
        or any(k in keys for k in related(term.key))
        or any(k in keys for k in parts(term.key))
    )


def support(
    terms: Sequence[Term],
    *,
    missing: tuple[Term, ...],
    covered: Callable[[Term], bool],
    known: Callable[[Term], bool],
) -> Support:
    """How a passage covers `terms`; `known` tells the words the base has somewhere."""
    asked = [t for t in terms if not t.named]
    total = sum(t.weight for t in asked)
    uncovered = [t for t in asked if not covered(t)]
    matched = {t.key for t in asked} - {t.key for t in uncovered}
    unknown = tuple(t for t in uncovered if t.qualifies in matched and not known(t))
    share = 1.0 - sum(t.weight for t in uncovered) / total if total > 0 else 1.0
    return Support(missing, unknown, share)
