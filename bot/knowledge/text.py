"""Words for lexical search: folded, stop words dropped, stemmed, and expanded for queries.

Stems come from the Snowball English stemmer ("purchasing", "purchased" → "purchas"); they
need not be real words, only the same key for a word's forms. British and American
spellings are folded onto one form first, and a question's words can be widened with their
everyday synonyms (`synonyms.GROUPS`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Protocol

from bot.knowledge.synonyms import GROUPS, SPELLINGS

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")

_STOP_TEXT = """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself
    yourselves tell know please s t don doesn isn aren wasn weren let lets get got us also
    may might must shall anything something thing things much many one per way need want like
    ll ve re d m happen happens happened someone somebody anyone anybody often go going goes
    make makes made take takes took give gives gave really still ever else okay ok didn
    shouldn couldn wouldn won hasn haven hadn mustn needn"""
# The six other languages' question and function words: "какой код домофона?" asks for a code.
_STOP_OTHERS = """quel quelle quels quelles est le la les de du des un une et ou où quand comment
    combien qui que qu mon ma mes notre nos cuál cual qué cuándo cuando dónde donde cómo como
    cuánto cuántos cuántas el los las del una y es mi mis nuestro was wann wo wie welche welcher
    welches der die das ist ein eine und oder mein meine unser qual quale quali dove quanto
    quanti il lo gli di è mio mia nostro nostra onde quantos quantas os as do da dos das um uma
    meu minha nosso nossa какой какая какое какие где когда как сколько что кто это и или в на
    мой моя мои наш наша"""


def fold(text: str) -> str:
    """Lower case without accents: "Qué" is "que"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Compared folded, as words are: "какой" is "какои", "qué" is "que".
STOP_WORDS = frozenset(_STOP_TEXT.split()) | frozenset(map(fold, _STOP_OTHERS.split()))


class _Stemmer(Protocol):
    def stemWord(self, word: str) -> str: ...


@cache
def _stemmer() -> _Stemmer:
    # Only the English module: importing the package would load every language.
    from snowballstemmer.english_stemmer import (  # type: ignore[import-untyped]
        EnglishStemmer,
    )

    stemmer: _Stemmer = EnglishStemmer()
    return stemmer


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The search key of one lower-case word."""
    word = SPELLINGS.get(word, word)
    if len(word) <= 2 or word.isdigit():
        return word
    return _stemmer().stemWord(word)


def words(text: str) -> list[tuple[str, str]]:
    """The content words of `text` as written, each with its search key, in order."""
    found = []
    for match in _WORD.finditer(text):
        word = fold(match.group()).replace("’", "'").split("'")[0]
        if word and word not in STOP_WORDS:
            found.append((match.group(), stem(word)))
    return found


_HYPHENATED = re.compile(r"\b[^\W\d_]+(?:-[^\W\d_]+)+\b")


def tokens(text: str) -> list[str]:
    """Search keys of the content words of `text`, in order.

    Then those of its hyphenated words written solid: "Wi-Fi" is also found as "wifi".
    """
    keys = [key for _, key in words(text)]
    keys.extend(stem(fold(m.group().replace("-", ""))) for m in _HYPHENATED.finditer(text))
    return keys


@cache
def _related() -> dict[str, frozenset[str]]:
    related: dict[str, set[str]] = {}
    for group in GROUPS:
        keys = {stem(word) for word in group}
        for key in keys:
            related.setdefault(key, set()).update(keys - {key})
    return {key: frozenset(others) for key, others in related.items()}


def related(key: str) -> frozenset[str]:
    """The search keys of words that mean nearly what the word of `key` means."""
    return _related().get(key, frozenset())
