"""What lexical search finds when a question words things differently from the document."""

from __future__ import annotations

import pytest

from bot.knowledge.models import GLOBAL, DocumentKind
from bot.knowledge.service import KnowledgeBase
from storage.store import SqlAlchemyStore

GUIDE = """# Office guide

## Buying equipment

Every purchase of office equipment needs approval from the team lead.

## Company vehicles

Pool vehicles are booked in the calendar and returned with a full tank.

## Printing

Hold your badge on the reader to release a print job.

## Colours

The colour printer is on the second floor.

## Kitchen

Label your food in the shared fridge with your name and the date.

## Family days

Staff may bring their children to the office on the last Friday of June.
"""


@pytest.fixture
async def kb(sqlite_store: SqlAlchemyStore) -> KnowledgeBase:
    kb = KnowledgeBase(sqlite_store.knowledge)
    await kb.add_text(GLOBAL, "guide.md", "Office guide", GUIDE, DocumentKind.FILE)
    return kb


async def best(kb: KnowledgeBase, question: str) -> str:
    hits = await kb.search([GLOBAL], question)
    assert hits, f"nothing found for {question!r}"
    return hits[0].chunk.title


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("Who signs off on purchasing a new monitor?", "Buying equipment"),  # word forms
        ("Who approves purchases?", "Buying equipment"),
        ("Where is the color printer?", "Colours"),  # American spelling
        ("Can I book a company car?", "Company vehicles"),  # everyday synonym
        ("Can my kids come along one day?", "Family days"),
        ("How do I collect my printouts?", "Printing"),  # a compound split into known words
    ],
)
async def test_questions_in_other_words_find_the_passage(
    kb: KnowledgeBase, question: str, section: str
) -> None:
    assert await best(kb, question) == f"Office guide › {section}"


async def test_a_synonym_counts_less_than_the_word_itself(kb: KnowledgeBase) -> None:
    await kb.add_text(
        GLOBAL,
        "cars.md",
        "Car sharing",
        "# Car sharing\n\nA car from the sharing club costs 5 euros an hour.",
        DocumentKind.FILE,
    )
    hits = await kb.search([GLOBAL], "How much does a car cost?")
    assert [h.chunk.source for h in hits][:2] == ["cars.md", "guide.md"]
    assert hits[0].score > hits[1].score


async def test_questions_about_something_else_find_nothing(kb: KnowledgeBase) -> None:
    assert await kb.search([GLOBAL], "What is the capital of Australia?") == []
