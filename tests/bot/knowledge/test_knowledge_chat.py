from __future__ import annotations

from bot.handlers.knowledge import ingest_upload
from bot.knowledge.models import GLOBAL
from bot.messages import ChatType, Incoming
from tests.helpers.bot import Harness
from tests.helpers.knowledge import TRAVEL


async def test_ask_answers_from_the_global_base_with_sources(harness: Harness) -> None:
    kb = harness.core.services.knowledge
    assert kb is not None
    await kb.add_file(GLOBAL, "travel.md", TRAVEL)
    reply = await harness.user("alice").says("/ask what is the daily meal allowance?")
    assert "45 euros" in reply.text
    assert "Sources:\n[1] Travel policy › Meals (travel.md)" in reply.text


async def test_question_intent_says_when_nothing_is_known(harness: Harness) -> None:
    reply = await harness.user("alice").says("/ask what is the airspeed of a swallow?")
    assert "couldn't find anything" in reply.text
    assert "/learn" in reply.text


async def test_learned_snippets_stay_with_their_owner(harness: Harness) -> None:
    alice, bob = harness.user("alice"), harness.user("bob")
    learned = await alice.says("/learn The storage locker code is 4711")
    assert "Learned" in learned.text
    assert "4711" in (await alice.says("/ask what is the storage locker code?")).text
    assert "4711" not in (await bob.says("/ask what is the storage locker code?")).text


async def test_notes_join_the_owners_base_and_leave_it_when_deleted(harness: Harness) -> None:
    alice, bob = harness.user("alice"), harness.user("bob")
    await alice.says("/note Bike: the bike lock combination is 2580")
    assert "2580" in (await alice.says("/ask what is my bike lock combination?")).text
    assert "2580" not in (await bob.says("/ask what is the bike lock combination?")).text
    await alice.says("/delnote 1")
    assert "2580" not in (await alice.says("/ask what is my bike lock combination?")).text


async def test_group_documents_reach_the_group_but_not_private_chats(harness: Harness) -> None:
    services = harness.core.services
    group = Incoming(
        "console", "carol", "team-room", display_name="Carol", chat_type=ChatType.GROUP
    )
    reply = await ingest_upload(services, group, "uploads/travel.md", TRAVEL)
    assert "Learned “Travel policy” from travel.md" in reply.text

    dave_in_group = Incoming(
        "console",
        "dave",
        "team-room",
        text="/ask what is the nightly hotel limit?",
        chat_type=ChatType.GROUP,
    )
    assert "160 euros" in (await harness.core.dispatcher.handle(dave_in_group)).text
    dave_alone = await harness.user("dave").says("/ask what is the nightly hotel limit?")
    assert "160 euros" not in dave_alone.text
    other_group = Incoming(
        "console", "dave", "other-room", text="/ask nightly hotel limit?", chat_type=ChatType.GROUP
    )
    assert "160 euros" not in (await harness.core.dispatcher.handle(other_group)).text


async def test_private_upload_is_its_senders_only_and_bad_files_are_refused(
    harness: Harness,
) -> None:
    services = harness.core.services
    private = Incoming("console", "erin", "chat-erin", display_name="Erin")
    assert "Learned" in (await ingest_upload(services, private, "travel.md", TRAVEL)).text
    again = await ingest_upload(services, private, "travel.md", TRAVEL)
    assert "already know" in again.text
    refused = await ingest_upload(services, private, "blank.txt", b"")
    assert "couldn't learn from that file" in refused.text and "empty" in refused.text
    assert "160 euros" in (await harness.user("erin").says("/ask nightly hotel limit?")).text
    assert "160 euros" not in (await harness.user("frank").says("/ask nightly hotel limit?")).text
    assert "Travel policy" in (await harness.user("erin").says("/docs")).text
    assert "Forgot document 1" in (await harness.user("erin").says("/deldoc 1")).text


async def test_linked_accounts_share_what_either_taught(harness: Harness) -> None:
    on_telegram, on_console = harness.user("alice", "telegram"), harness.user("alice")
    await on_telegram.says("/learn The storage locker code is 4711")
    await on_console.says("/learn The spare key is under the blue pot")
    assert "4711" not in (await on_console.says("/ask what is the storage locker code?")).text

    offer = await on_telegram.says("/link")
    code = offer.text.split("link code is ")[1][:6]
    assert "Linked" in (await on_console.says(f"/link {code}")).text

    assert "4711" in (await on_console.says("/ask what is the storage locker code?")).text
    assert "blue pot" in (await on_console.says("/ask where is the spare key?")).text
    documents = (await on_console.says("/docs")).text
    assert "1. The spare key" in documents and "2. The storage locker code" in documents
