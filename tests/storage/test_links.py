from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.knowledge.models import DocumentKind, user_scope
from bot.knowledge.service import KnowledgeBase
from bot.messages import Target
from bot.models import RsvpChoice
from bot.voice.models import VoiceProfile
from storage.store import SqlAlchemyStore

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def test_a_code_works_once_and_only_while_live(store: SqlAlchemyStore) -> None:
    alice = await store.users.resolve("telegram", "1", "1", "Alice", "UTC")
    assert await store.links.create_code(alice.id, "123456", NOW, NOW + timedelta(minutes=10))
    assert await store.links.redeem("123456", NOW + timedelta(minutes=1)) == alice.id
    assert await store.links.redeem("123456", NOW + timedelta(minutes=2)) is None
    assert await store.links.create_code(alice.id, "654321", NOW, NOW + timedelta(minutes=10))
    assert await store.links.redeem("654321", NOW + timedelta(minutes=11)) is None


async def test_merging_moves_identities_and_items_with_fresh_numbers(
    store: SqlAlchemyStore,
) -> None:
    tg = await store.users.resolve("telegram", "1", "1", "Alice", "UTC")
    sl = await store.users.resolve("slack", "U1", "U1", "Alice", "UTC")
    await store.tasks.add(tg.id, "water the plants", None)
    await store.tasks.add(sl.id, "buy milk", None)
    await store.notes.add(sl.id, "Trip", "pack charger")

    await store.links.merge(tg.id, sl.id)

    tasks = await store.tasks.list_open(sl.id)
    assert sorted((t.number, t.text) for t in tasks) == [(1, "buy milk"), (2, "water the plants")]
    assert [n.title for n in await store.notes.list(sl.id)] == ["Trip"]
    assert {i.channel for i in await store.users.identities(sl.id)} == {"telegram", "slack"}
    assert await store.users.get(tg.id) is None
    again = await store.users.resolve("telegram", "1", "1", "Alice", "UTC")
    assert again.id == sl.id


async def test_merging_keeps_answers_phone_and_documents_of_the_absorbed_account(
    store: SqlAlchemyStore,
) -> None:
    tg = await store.users.resolve("telegram", "1", "1", "Alice", "UTC")
    sl = await store.users.resolve("slack", "U1", "U1", "Alice", "UTC")
    group = Target("telegram", "-100")
    picnic = await store.events.add(tg.id, "Picnic", NOW + timedelta(days=2), None, "", group)
    dinner = await store.events.add(tg.id, "Dinner", NOW + timedelta(days=3), None, "", group)
    await store.rsvps.vote(picnic.id, tg.id, "Alice", RsvpChoice.GOING, now=NOW)
    await store.rsvps.vote(dinner.id, tg.id, "Alice", RsvpChoice.NO, now=NOW)
    await store.rsvps.vote(dinner.id, sl.id, "Alice", RsvpChoice.MAYBE, now=NOW)
    await store.voice.save(VoiceProfile(tg.id, phone="+15550100", verified=True))
    kb = KnowledgeBase(store.knowledge)
    await kb.add_text(user_scope(sl.id), "a.md", "Shared", "Survivor's copy", DocumentKind.FILE)
    await kb.add_text(user_scope(tg.id), "a.md", "Shared", "Absorbed copy", DocumentKind.FILE)
    await kb.add_text(
        user_scope(tg.id), "b.md", "Wifi", "Guest wifi: Sunflower42", DocumentKind.FILE
    )
    [wifi] = [c for c in await store.knowledge.chunks(user_scope(tg.id)) if "wifi" in c.text]
    await store.knowledge.save_embeddings("local:test", [(wifi, b"\0" * 12)])

    await store.links.merge(tg.id, sl.id)

    assert [(r.user_id, r.choice) for r in await store.rsvps.answers(picnic.id)] == [
        (sl.id, RsvpChoice.GOING)
    ]
    assert [(r.user_id, r.choice) for r in await store.rsvps.answers(dinner.id)] == [
        (sl.id, RsvpChoice.MAYBE)
    ]
    phone = await store.voice.profile(sl.id)
    assert (phone.phone, phone.verified) == ("+15550100", True)
    documents = await store.knowledge.documents(user_scope(sl.id))
    assert [(d.number, d.source) for d in documents] == [(1, "a.md"), (3, "b.md")]
    chunks = await store.knowledge.chunks(user_scope(sl.id))
    assert sorted(c.text for c in chunks) == ["Guest wifi: Sunflower42", "Survivor's copy"]
    # Vectors were filed under the old scope; the catch-up embeds the moved passages again.
    assert all(c.embedding is None and c.embedding_model is None for c in chunks)
    assert await store.knowledge.chunks(user_scope(tg.id)) == []
