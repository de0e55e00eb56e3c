from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.telegram import create_telegram
from adapters.telegram.app import SECRET_HEADER
from bot.flood import PER_MINUTE
from bot.messages import Reply, Target
from storage.store import SqlAlchemyStore
from tests.fakes.telegram import TOKEN, FakeTranscription, Group, User
from tests.helpers.bot import build_harness, make_settings
from tests.helpers.clock import FakeClock
from tests.helpers.telegram import SECRET, World, telegram_world

ALICE = User(111, "Alice", "alice")


@pytest.fixture(params=["polling", "webhook"])
async def world(
    request: pytest.FixtureRequest, sqlite_store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[World]:
    async with telegram_world(request.param, sqlite_store, clock, tmp_path) as world:
        yield world


async def test_onboarding_sets_the_time_zone_by_button(world: World) -> None:
    await world.send(world.fake.text(ALICE, "/start"))
    [hello] = await world.replies(ALICE.id, 1)
    assert "Hi Alice!" in hello
    card = world.fake.last_message(ALICE.id)
    tokyo = dict(world.fake.buttons(card))["Tokyo"]
    await world.send(world.fake.press(ALICE, card["message_id"], tokyo))
    await world.fake.wait_for(lambda f: f.count("editMessageText") == 1)
    assert world.fake.answers()[0]["text"] == "Time zone: Asia/Tokyo"
    assert world.fake.last_message(ALICE.id)["text"].startswith("Time zone set to Asia/Tokyo")
    assert "setMyCommands" in [c.method for c in world.fake.calls]
    assert {"command": "tz", "description": "set your time zone (a city or an IANA name)"} in (
        world.fake.commands
    )
    assert "timezone" not in [c["command"] for c in world.fake.commands]


BOB = User(222, "Bob", "bob")
CAROL = User(333, "Carol")
TEAM = Group(-100500, "Team")


async def test_a_reminder_arrives_with_buttons_and_a_press_snoozes_it(world: World) -> None:
    await world.send(world.fake.text(ALICE, "remind me to stretch in 5 minutes"))
    [confirmed] = await world.replies(ALICE.id, 1)
    assert "stretch" in confirmed
    world.clock.advance(minutes=5)
    assert await world.core.delivery.run_due() == 1
    reminder = world.fake.last_message(ALICE.id)
    assert reminder["text"] == "⏰ Reminder: stretch"
    labels = dict(world.fake.buttons(reminder))
    assert {"Done", "Snooze 20 min", "1 hour", "Tomorrow"} <= labels.keys()
    await world.send(world.fake.press(ALICE, reminder["message_id"], labels["Snooze 20 min"]))
    await world.fake.wait_for(lambda f: f.count("editMessageText") == 1)
    assert world.fake.answers()[0]["text"]
    assert (
        "Snoozed" in world.fake.last_message(ALICE.id)["text"]
        or "20" in (world.fake.answers()[0]["text"])
    )
    world.clock.advance(minutes=20)
    assert await world.core.delivery.run_due() == 1
    assert world.fake.last_message(ALICE.id)["text"].startswith("⏰ Reminder: stretch")


async def test_a_group_event_collects_votes_in_place(world: World) -> None:
    fake = world.fake
    await world.send(fake.text(ALICE, "/event friday 18:00 - Team dinner @Luigi's", TEAM))
    [posted] = await world.replies(TEAM.id, 1)
    assert posted.startswith("📅 Team dinner\nFri 6 Mar 18:00 (UTC) @ Luigi's")
    card = fake.last_message(TEAM.id)
    choice = dict(fake.buttons(card))
    assert list(choice) == ["Going", "Maybe", "Can't"]
    votes = [(ALICE, "Going"), (BOB, "Going"), (CAROL, "Maybe"), (BOB, "Can't")]
    for user, label in votes:
        await world.send(fake.press(user, card["message_id"], choice[label], TEAM))
    await fake.wait_for(lambda f: len(f.answers()) == 4)
    assert [a["text"] for a in fake.answers()] == [
        "You're going 🎉",
        "You're going 🎉",
        "Marked as maybe",
        "Marked as can't go",
    ]
    await world.bot.edits.flush()
    # The first vote shows at once; the burst after it is folded into one trailing edit.
    assert fake.count("editMessageText") == 2
    assert fake.messages[(TEAM.id, card["message_id"])]["text"].endswith(
        "✅ Going (1): Alice\n🤔 Maybe (1): Carol\n❌ Can't (1): Bob"
    )
    event = await world.store.events.by_id(1)
    assert event is not None and event.chat_id == str(TEAM.id)
    alice = await world.store.users.resolve("telegram", str(ALICE.id), "", "", "UTC")
    assert await world.store.rsvps.going(event.id) == [alice.id]


DAVE = User(444, "Dave", "dave")


async def test_people_going_get_the_alerts_privately_or_a_note_in_the_group(
    world: World,
) -> None:
    fake = world.fake
    for user in (BOB, DAVE):  # Bob and Dave have started the bot; Carol has not
        await world.send(fake.text(user, "/start"))
        await world.replies(user.id, 1)
    await world.send(fake.text(ALICE, "/event friday 18:00 - Team dinner @Luigi's", TEAM))
    await world.replies(TEAM.id, 1)
    card = fake.last_message(TEAM.id)
    choice = dict(fake.buttons(card))
    votes = [(BOB, "Going"), (CAROL, "Going"), (DAVE, "Going"), (DAVE, "Can't"), (CAROL, "Going")]
    for user, label in votes:
        await world.send(fake.press(user, card["message_id"], choice[label], TEAM))
    await fake.wait_for(lambda f: len(f.answers()) == len(votes))
    await world.bot.edits.flush()
    group = [m["text"] for m in fake.sent(TEAM.id)]
    assert group[1:] == ["Carol, start a private chat with me to get this event's alerts."]

    world.clock.set(datetime(2026, 3, 5, 18, 0, tzinfo=UTC))  # a day before the dinner
    assert await world.core.delivery.run_due() == 2
    [bobs] = [m for m in fake.sent(BOB.id) if m["text"].startswith("🔔")]
    assert bobs["text"].startswith("🔔 Team dinner @ Luigi's — in 1 day")
    assert fake.sent(TEAM.id)[-1]["text"].startswith("🔔 Team dinner")  # the organizer's
    assert [m for m in fake.sent(DAVE.id) if m["text"].startswith("🔔")] == []
    assert fake.sent(CAROL.id) == []

    got_it = dict(fake.buttons(fake.last_message(BOB.id)))["Got it"]
    await world.send(fake.press(BOB, fake.last_message(BOB.id)["message_id"], got_it))
    await fake.wait_for(lambda f: len(f.answers()) == len(votes) + 1)
    assert fake.answers()[-1]["text"] == "Got it"

    await world.send(fake.text(CAROL, "/start"))  # Carol starts the bot after all
    await world.replies(CAROL.id, 1)
    world.clock.set(datetime(2026, 3, 6, 17, 0, tzinfo=UTC))
    assert await world.core.delivery.run_due() == 3
    for user in (BOB, CAROL):
        assert fake.last_message(user.id)["text"].startswith("🔔 Team dinner @ Luigi's — in 1 h")
    assert [m for m in fake.sent(DAVE.id) if m["text"].startswith("🔔")] == []


async def test_a_group_reminder_fires_in_the_group(world: World) -> None:
    await world.send(world.fake.text(ALICE, "/remind@nudge_test_bot tomorrow 9 standup", TEAM))
    [confirmed] = await world.replies(TEAM.id, 1)
    assert "standup" in confirmed, confirmed
    due = await world.store.deliveries.next_due()
    assert due is not None and due > world.clock.now()
    world.clock.set(due)
    assert await world.core.delivery.run_due() == 1
    assert world.fake.last_message(TEAM.id)["text"] == "⏰ Reminder: standup"
    assert world.fake.sent(ALICE.id) == []


async def test_groups_answer_mentions_and_replies_but_not_chatter(world: World) -> None:
    fake = world.fake
    await world.send(fake.text(BOB, "anyone up for lunch?", TEAM))
    await world.send(fake.text(BOB, "@nudge_test_bot what time is it", TEAM))
    [answer] = await world.replies(TEAM.id, 1)
    assert answer.startswith("It's 08:00")
    await world.send(fake.reply_to(BOB, fake.last_message(TEAM.id)["message_id"], TEAM, "/tz"))
    replies = await world.replies(TEAM.id, 2)
    assert replies[1].startswith("Your time zone is UTC")


async def test_a_forged_press_gets_an_error_toast_and_changes_nothing(world: World) -> None:
    await world.send(world.fake.text(ALICE, "/start"))
    await world.replies(ALICE.id, 1)
    card = world.fake.last_message(ALICE.id)
    tokyo = dict(world.fake.buttons(card))["Tokyo"]
    forged = tokyo[:-3] + "AAA"
    await world.send(world.fake.press(ALICE, card["message_id"], forged))
    await world.send(world.fake.text(BOB, "/start"))
    await world.replies(BOB.id, 1)
    bobs = world.fake.last_message(BOB.id)
    await world.send(world.fake.press(BOB, bobs["message_id"], tokyo))
    await world.fake.wait_for(lambda f: len(f.answers()) == 2)
    assert all("isn't valid" in a["text"] for a in world.fake.answers())
    assert world.fake.count("editMessageText") == 0
    alice = await world.store.users.resolve("telegram", str(ALICE.id), "", "", "UTC")
    assert alice.timezone == "UTC"


async def test_flood_control_is_waited_out(world: World) -> None:
    world.fake.fail_next("sendMessage", 429, retry_after=1)
    await world.send(world.fake.text(ALICE, "/help"))
    await world.fake.wait_for(lambda f: any(c == ALICE.id for c, _ in f.messages))
    attempts = world.fake.sent(ALICE.id)
    assert len(attempts) == 2 and attempts[0]["text"] == attempts[1]["text"]


async def test_a_user_who_blocked_the_bot_is_marked_unreachable(world: World) -> None:
    await world.send(world.fake.text(ALICE, "remind me to stretch in 5 minutes"))
    await world.replies(ALICE.id, 1)
    alice = await world.store.users.resolve("telegram", str(ALICE.id), "", "", "UTC")
    world.fake.blocked.add(ALICE.id)
    world.clock.advance(minutes=5)
    assert await world.core.delivery.run_due() == 1
    [identity] = await world.store.users.identities(alice.id)
    assert identity.reachable is False
    assert await world.store.deliveries.next_due() is None


async def test_user_text_shows_literally_and_long_texts_are_split(world: World) -> None:
    await world.send(world.fake.text(ALICE, "note <b>not bold</b> _a_ *b*"))
    await world.send(world.fake.text(ALICE, "/notes"))
    listing = (await world.replies(ALICE.id, 2))[1]
    assert "<b>not bold</b> _a_ *b*" in listing
    assert all("parse_mode" not in m for m in world.fake.sent(ALICE.id))
    long = "\n".join(f"line {i} " + "x" * 90 for i in range(100))
    await world.bot.channel.send(Target("telegram", str(ALICE.id)), Reply(long))
    parts = world.fake.sent(ALICE.id)[2:]
    assert len(parts) == 3 and "\n".join(p["text"] for p in parts) == long


GUIDE = (
    b"# Office guide\n\n## Wifi\n\nThe guest wifi is called Nudge-Guest and its password is "
    b"orange-kettle-42. It is renewed every quarter.\n"
)


async def test_a_document_in_a_private_chat_is_learned_and_answers_questions(
    world: World,
) -> None:
    await world.send(world.fake.document(ALICE, "office.md", GUIDE))
    [learned] = await world.replies(ALICE.id, 1)
    assert learned.startswith("Learned “Office guide")
    assert "from office.md" in learned
    assert world.fake.count("getFile") == 1
    await world.send(world.fake.text(ALICE, "/ask what is the guest wifi password?"))
    answer = (await world.replies(ALICE.id, 2))[1]
    assert "orange-kettle-42" in answer
    await world.send(world.fake.text(BOB, "/ask what is the guest wifi password?"))
    [bobs] = await world.replies(BOB.id, 1)
    assert "orange-kettle-42" not in bobs


async def test_a_document_shared_with_the_bot_in_a_group_is_learned_for_the_group(
    world: World,
) -> None:
    fake = world.fake
    await world.send(fake.document(BOB, "chatter.md", b"# Lunch\n\nPizza on friday.", TEAM))
    await world.send(fake.document(ALICE, "office.md", GUIDE, TEAM, caption="@nudge_test_bot"))
    [learned] = await world.replies(TEAM.id, 1)
    assert learned.startswith("Learned “Office guide")
    await world.send(fake.text(BOB, "/ask@nudge_test_bot guest wifi password", TEAM))
    answer = (await world.replies(TEAM.id, 2))[1]
    assert "orange-kettle-42" in answer
    assert fake.count("getFile") == 1  # the chatter's file was never downloaded


async def test_a_document_over_the_download_limit_is_refused_before_downloading(
    world: World,
) -> None:
    await world.send(world.fake.document(ALICE, "huge.pdf", b"%PDF-", size=25 * 1024 * 1024))
    [answer] = await world.replies(ALICE.id, 1)
    assert "up to 20 MB" in answer
    assert world.fake.count("getFile") == 0


async def test_voice_notes_need_a_transcription_model(world: World) -> None:
    await world.send(world.fake.voice(ALICE, b"OggS..."))
    [answer] = await world.replies(ALICE.id, 1)
    assert "Voice notes aren't set up" in answer


async def test_a_voice_note_is_transcribed_and_handled(
    sqlite_store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path
) -> None:
    async with (
        FakeTranscription().running() as whisper,
        telegram_world(
            "polling",
            sqlite_store,
            clock,
            tmp_path,
            openai_api_key="test-key",
            openai_base_url=whisper.base_url,
        ) as world,
    ):
        await world.send(world.fake.voice(ALICE, b"OggS-voice-bytes"))
        [answer] = await world.replies(ALICE.id, 1)
        assert answer.startswith("🎙 “remind me to water the plants in 10 minutes”\n\n")
        assert "water the plants" in answer.split("\n\n", 1)[1]
        assert whisper.received == [b"OggS-voice-bytes"]
        assert world.fake.count("sendChatAction") == 1


@pytest.mark.parametrize("mode", ["webhook"])
async def test_the_webhook_checks_the_secret_and_drops_repeats(
    mode: str, sqlite_store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path
) -> None:
    async with telegram_world(mode, sqlite_store, clock, tmp_path) as world:
        assert world.fake.webhook["secret_token"] == SECRET
        assert world.fake.webhook["url"] == "https://bot.example.org/telegram/webhook"
        update = world.fake.text(ALICE, "/help")
        assert (await world.post(update, secret="wrong")).status_code == 403
        assert (await world.post(update, secret=None)).status_code == 403
        assert world.http is not None
        broken = await world.http.post(
            "/telegram/webhook", content=b"{not json", headers={SECRET_HEADER: SECRET}
        )
        assert broken.status_code == 400
        await world.send(update)
        await world.send(update)  # Telegram retrying the same update
        await world.send(world.fake.text(ALICE, "/tz"))
        replies = await world.replies(ALICE.id, 2)
        assert len(replies) == 2 and replies[1].startswith("Your time zone is UTC")


async def test_webhook_mode_needs_a_secret(
    sqlite_store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path
) -> None:
    settings = make_settings(
        tmp_path, telegram_bot_token=TOKEN, telegram_webhook_url="https://bot.example.org/x"
    )
    core = build_harness(sqlite_store, settings, clock).core
    with pytest.raises(ValueError, match="TELEGRAM_WEBHOOK_SECRET"):
        create_telegram(core, settings)


async def test_a_series_outlives_a_block_and_resumes_when_the_person_writes_again(
    world: World,
) -> None:
    """A 403 fails that one occurrence; the next is still due, and writing makes them reachable."""
    await world.send(world.fake.text(ALICE, "remind me every day at 9:00 to stretch"))
    await world.replies(ALICE.id, 1)
    alice = await world.store.users.resolve("telegram", str(ALICE.id), "", "", "UTC")
    world.fake.blocked.add(ALICE.id)
    due = await world.store.deliveries.next_due()
    assert due is not None
    world.clock.set(due)
    assert await world.core.delivery.run_due() == 1
    [identity] = await world.store.users.identities(alice.id)
    assert identity.reachable is False
    following = await world.store.deliveries.next_due()
    assert following is not None and following - due == timedelta(days=1)

    world.fake.blocked.discard(ALICE.id)
    await world.send(world.fake.text(ALICE, "/tasks"))
    [_, refused, answer] = await world.replies(ALICE.id, 3)
    assert refused == "⏰ Reminder: stretch", "tried, and answered 403"
    assert "couldn't deliver" in answer and "stretch" in answer
    [identity] = await world.store.users.identities(alice.id)
    assert identity.reachable is True

    world.clock.set(following)
    assert await world.core.delivery.run_due() == 1
    await world.send(world.fake.text(ALICE, "/tasks"))
    [*_, delivered, listing] = await world.replies(ALICE.id, 5)
    assert delivered.startswith("⏰ Reminder: stretch")
    assert "couldn't deliver" not in listing, "the failure is reported once"


@pytest.mark.parametrize("mode", ["webhook"])
async def test_a_flood_of_messages_gets_one_notice_and_nothing_more(
    mode: str, sqlite_store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path
) -> None:
    async with telegram_world(mode, sqlite_store, clock, tmp_path) as world:
        for n in range(PER_MINUTE + 4):
            await world.send(world.fake.text(ALICE, f"/note line {n}"))
        await world.fake.wait_for(lambda f: len(f.sent(ALICE.id)) >= PER_MINUTE + 1)
        await world.bot.application.stop()  # everything queued is handled first
        sent = [m["text"] for m in world.fake.sent(ALICE.id)]
        assert len(sent) == PER_MINUTE + 1
        assert sum("faster than I can answer" in text for text in sent) == 1
