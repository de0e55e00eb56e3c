"""Okapi BM25 over one scope's chunks, kept in memory and updated in place.

Two fields, BM25F-style: a chunk's title (document and section headings) counts
`TITLE_WEIGHT` times as much as its body, since a heading names what the passage is about.
A query's words are widened with their synonyms (`text.related`), each counting
`EXPANSION_WEIGHT` of a word the person actually used.

Scores are also given normalised to [0, 1] against the best a chunk could reach for the
query's own words, so one relevance floor means the same thing in a small and a large
scope, and synonyms can lift a match but never make a question look better answered than
its own words could.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from bot.knowledge.text import related, tokens

K1 = 1.6
B = 0.5
TITLE_WEIGHT = 2.0
DOCUMENT_WEIGHT = 0.5
EXPANSION_WEIGHT = 0.7
MIN_PART = 4


class Bm25Index:
    def __init__(self) -> None:
        self._postings: dict[str, dict[int, float]] = {}
        self._lengths: dict[int, float] = {}
        self._terms: dict[int, tuple[str, ...]] = {}
        self._total_length = 0.0

    def add(self, chunk_id: int, text: str, title: str = "") -> None:
        self.remove(chunk_id)
        counts: dict[str, float] = dict(Counter(tokens(text)))
        document, _, section = title.partition(" › ")
        for words, weight in ((document, DOCUMENT_WEIGHT), (section, TITLE_WEIGHT)):
            for term in tokens(words):
                counts[term] = counts.get(term, 0.0) + weight
        for term, count in counts.items():
            self._postings.setdefault(term, {})[chunk_id] = count
        self._terms[chunk_id] = tuple(counts)
        length = sum(counts.values())
        self._lengths[chunk_id] = length
        self._total_length += length

    def remove(self, chunk_id: int) -> None:
        length = self._lengths.pop(chunk_id, None)
        if length is None:
            return
        self._total_length -= length
        for term in self._terms.pop(chunk_id, ()):
            ids = self._postings[term]
            del ids[chunk_id]
            if not ids:
                del self._postings[term]

    def remove_many(self, chunk_ids: Iterable[int]) -> None:
        for chunk_id in chunk_ids:
            self.remove(chunk_id)

    def frequency(self, term: str) -> int:
        """How many chunks hold `term`."""
        return len(self._postings.get(term, ()))

    def idf(self, term: str) -> float:
        # A word no chunk has counts as a rare one in the ceiling: asking about something
        # absent lowers the relevance, without one stray word sinking a good match.
        n = max(len(self._postings.get(term, ())), 1)
        total = len(self._lengths)
        return math.log(1 + (total - n + 0.5) / (n + 0.5))

    def parts(self, term: str) -> set[str]:
        """The longest known head and tail of a compound that no chunk has.

        "printout" → "print", "waterproof" → "water": a question's compound meets the
        words a document used.
        """
        if term in self._postings or len(term) < 2 * MIN_PART:
            return set()
        parts: set[str] = set()
        for cut in range(len(term) - 2, MIN_PART - 1, -1):
            if term[:cut] in self._postings:
                parts.add(term[:cut])
                break
        for cut in range(2, len(term) - MIN_PART + 1):
            if term[cut:] in self._postings:
                parts.add(term[cut:])
                break
        return parts

    def search(self, query: str, top_k: int) -> list[tuple[int, float]]:
        """The best chunks for `query` with their normalised score, best first."""
        asked = Counter(tokens(query))
        if not asked or not self._lengths:
            return []
        ceiling = sum(weight * self.idf(term) * (K1 + 1) for term, weight in asked.items())
        terms: dict[str, float] = dict(asked)
        for term in asked:
            widened = related(term) | self.parts(term)
            for other in widened - asked.keys():
                terms[other] = max(terms.get(other, 0.0), EXPANSION_WEIGHT)
        average = self._total_length / len(self._lengths) or 1.0
        scores: dict[int, float] = {}
        for term, weight in terms.items():
            idf = self.idf(term)
            for chunk_id, tf in self._postings.get(term, {}).items():
                norm = K1 * (1 - B + B * self._lengths[chunk_id] / average)
                scores[chunk_id] = scores.get(chunk_id, 0.0) + weight * idf * tf * (K1 + 1) / (
                    tf + norm
                )
        if ceiling <= 0:
            return []
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:top_k]
        return [(chunk_id, min(score / ceiling, 1.0)) for chunk_id, score in best]
