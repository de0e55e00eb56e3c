"""Answers that can be trusted: the sentence that answers first, and a plain no otherwise."""

from __future__ import annotations

import pytest

from bot.knowledge.extract import IngestError, extract
from bot.knowledge.models import GLOBAL
from bot.knowledge.service import KnowledgeBase
from storage.store import SqlAlchemyStore
from tests.helpers.knowledge import docx_bytes

UK = b"""# Employee handbook (UK)

## Annual leave

Staff in the London office get 25 days of annual leave a year. Leave is booked in the HR portal.

## Sick leave

Tell your manager before 10:00 on the first day you are ill.
"""
GERMANY = b"""# Employee handbook (Germany)

## Annual leave

Staff in the Berlin office get 30 days of annual leave a year.
Unused days expire at the end of March.
"""
FRANCE = b"""# Employee handbook (France)

## Annual leave

Your manager approves leave requests in the HR portal.
Staff in the Paris office get 27 days of annual leave a year.
"""
HOUSE = b"""# House manual

## Getting in

The front door code is 4711. The key safe by the bins holds a spare key.

## Heating

The boiler is in the cupboard under the stairs.
"""
PAGE = b"""<!doctype html>
<html><head><title>Riverside clinic</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/menu">Menu</a></li>
<li><a href="/book">Book online</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies to improve your visit. <button>Accept all</button></div>
<main><h1>Riverside clinic</h1>
<h2>Opening hours</h2>
<p>The clinic is open from 08:00 to 18:00 on weekdays.
On Saturdays it opens from 09:00 to 12:00.</p>
<h2>Parking</h2>
<p>Patients park for free in the car park behind the clinic for up to two hours.</p>
</main>
<footer><p>Menu | Home | Book online | Copyright Riverside clinic</p></footer>
</body></html>"""
NAVIGATION = ("Menu", "Book online", "cookies", "Accept all", "Copyright")


@pytest.fixture
def kb(sqlite_store: SqlAlchemyStore) -> KnowledgeBase:
    return KnowledgeBase(sqlite_store.knowledge)


async def handbooks(kb: KnowledgeBase) -> None:
    await kb.add_file(GLOBAL, "uk.md", UK)
    await kb.add_file(GLOBAL, "germany.md", GERMANY)


@pytest.mark.parametrize(
    "question",
    [
        "How many days of annual leave do we get in the Paris office?",
        "how many days annual leave do we get in the paris office",
    ],
)
async def test_a_question_about_another_place_is_declined_saying_what_is_nearby(
    kb: KnowledgeBase, question: str
) -> None:
    await handbooks(kb)
    answer = await kb.answer([GLOBAL], question)
    assert not answer.found and answer.hits == []
    assert "couldn't find anything about" in answer.text
    assert "paris" in answer.text.lower()
    assert "Employee handbook (UK)" in answer.text
    assert "Employee handbook (Germany)" in answer.text


async def test_the_same_question_is_answered_with_its_sentence_first_once_the_fact_is_there(
    kb: KnowledgeBase,
) -> None:
    await handbooks(kb)
    await kb.add_file(GLOBAL, "france.md", FRANCE)
    answer = await kb.answer(
        [GLOBAL], "How many days of annual leave do we get in the Paris office?"
    )
    assert answer.found
    assert answer.text.startswith("Staff in the Paris office get 27 days of annual leave a year.")
    assert [h.chunk.source for h in answer.hits] == ["france.md"]
    assert "approves leave requests" in answer.hits[0].chunk.text  # the whole passage


async def test_another_kind_of_the_thing_asked_about_is_declined(kb: KnowledgeBase) -> None:
    await kb.add_file(GLOBAL, "house.md", HOUSE)
    garage = await kb.answer([GLOBAL], "what's the code for the garage door")
    assert not garage.found and "garage" in garage.text and "House manual" in garage.text
    front = await kb.answer([GLOBAL], "what's the code for the front door")
    assert front.text.startswith("The front door code is 4711.")


@pytest.mark.parametrize(
    "question", ["how long does the brio K3 kettle keep water warm", "what was the rate in 2019"]
)
async def test_another_model_or_year_is_declined(kb: KnowledgeBase, question: str) -> None:
    await kb.add_file(
        GLOBAL,
        "kettle.md",
        b"# Brio K2 kettle\n\nThe K2 keeps water warm for 30 minutes. The rate was 3% in 2021.",
    )
    assert not (await kb.answer([GLOBAL], question)).found
    assert (await kb.answer([GLOBAL], "how long does the K2 keep water warm")).found


async def test_a_year_written_after_a_month_is_found(kb: KnowledgeBase) -> None:
    await kb.add_file(
        GLOBAL,
        "terms.md",
        b"# Term dates\n\nThe summer term ends on Wednesday 21 July 2027.",
    )
    answer = await kb.answer([GLOBAL], "last day of summer term 2027")
    assert answer.text.startswith("The summer term ends on Wednesday 21 July 2027.")
    assert not (await kb.answer([GLOBAL], "last day of summer term 2028")).found


CHOIR = b"""Harmony Street community choir

Rehearsals
We rehearse on Wednesdays from 19:30 to 21:30 at St Jude's hall.

Fees
Membership is 90 pounds a term, with a reduced rate of 45 for
students and no charge for the first rehearsal.
"""


async def test_a_plain_text_files_headings_and_wrapped_lines_are_read_as_such(
    kb: KnowledgeBase,
) -> None:
    stored = await kb.add_file(GLOBAL, "choir.txt", CHOIR)
    assert stored.document.title == "Harmony Street community choir"
    assert [c.title for c in stored.chunks] == [
        "Harmony Street community choir › Rehearsals",
        "Harmony Street community choir › Fees",
    ]
    fees = await kb.answer([GLOBAL], "how much is the choir per term")
    assert fees.text.startswith(
        "Membership is 90 pounds a term, with a reduced rate of 45 for students and no charge"
    )
    rehearsals = await kb.answer([GLOBAL], "when does the choir rehearse")
    assert rehearsals.text.startswith("We rehearse on Wednesdays from 19:30 to 21:30")


async def test_a_web_pages_navigation_never_reaches_an_answer(kb: KnowledgeBase) -> None:
    text = extract("clinic.html", PAGE).text
    assert not any(word in text for word in NAVIGATION)
    await kb.add_file(GLOBAL, "clinic.html", PAGE)
    for question in ("is the clinic open on saturday", "where can I park", "menu", "book online"):
        answer = await kb.answer([GLOBAL], question)
        shown = answer.text + "".join(h.chunk.text for h in answer.hits)
        assert not any(word in shown for word in NAVIGATION), question
    opening = await kb.answer([GLOBAL], "is the clinic open on saturday")
    assert opening.text.startswith("On Saturdays it opens from 09:00 to 12:00.")


async def test_a_word_document_is_learned(kb: KnowledgeBase) -> None:
    data = docx_bytes(
        "Volunteering policy",
        {
            "Days": "Every employee gets three paid volunteering days a year.",
            "Booking": "Book volunteering days in the HR system at least two weeks ahead.",
        },
    )
    stored = await kb.add_file(GLOBAL, "volunteering.docx", data)
    assert stored.document.title == "Volunteering policy"
    answer = await kb.answer([GLOBAL], "how many volunteering days do I get?")
    assert answer.text.startswith("Every employee gets three paid volunteering days a year.")
    assert answer.hits[0].chunk.title == "Volunteering policy › Days"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable Word document"),
        ("old.doc", b"\xd0\xcf\x11\xe0 old word", "save it as .docx"),
    ],
)
def test_unreadable_word_files_are_refused_with_the_reason(
    name: str, data: bytes, reason: str
) -> None:
    with pytest.raises(IngestError, match=reason):
        extract(name, data)
