from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from adapters.slack import web_client
from adapters.slack.files import FileRefused, SlackFiles
from bot.config import Settings
from bot.context import Context
from bot.knowledge.models import user_scope
from bot.messages import Incoming, Reply, Target
from bot.registry import Command
from storage.store import SqlAlchemyStore
from tests.fakes.slack import fake_slack
from tests.helpers.bot import RecordingChannel
from tests.helpers.clock import FakeClock
from tests.helpers.slack import SlackBed, slack_bed


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def button(blocks: list[dict[str, Any]], label: str) -> str:
    return next(str(e["value"]) for e in buttons(blocks) if e["text"]["text"] == label)


async def test_slash_command_reminder_arrives_as_a_dm_with_buttons(slack: SlackBed) -> None:
    response = await slack.command("U1", "remind me in 20 min to stretch")
    assert response.status_code == 200
    await slack.settle()
    [answer] = slack.fake.answered("r")
    assert answer["response_type"] == "ephemeral"
    assert "stretch" in answer["text"]

    slack.clock.advance(minutes=21)
    assert await slack.core.delivery.run_due() == 1
    assert slack.fake.called("conversations.open") == [{"users": "U1"}]
    [sent] = slack.fake.called("chat.postMessage")
    assert sent["channel"] == "D1"
    assert "Reminder: stretch" in sent["text"]
    labels = [e["text"]["text"] for e in buttons(sent["blocks"])]
    assert labels[:3] == ["Done", "Snooze 20 min", "1 hour"]
    action_ids = [e["action_id"] for e in buttons(sent["blocks"])]
    assert len(set(action_ids)) == len(action_ids)


async def test_snooze_button_edits_the_message_and_delivers_again(slack: SlackBed) -> None:
    await slack.command("U1", "remind me in 5 min to drink water")
    await slack.settle()
    slack.clock.advance(minutes=6)
    await slack.core.delivery.run_due()
    [sent] = slack.fake.called("chat.postMessage")

    response = await slack.press("U1", button(sent["blocks"], "Snooze 20 min"), "D1", "1.5")
    assert response.status_code == 200
    await slack.settle()
    [edit] = slack.fake.called("chat.update")
    assert (edit["channel"], edit["ts"]) == ("D1", "1.5")
    assert "snoozed until" in edit["text"]

    slack.clock.advance(minutes=21)
    await slack.core.delivery.run_due()
    assert len(slack.fake.called("chat.postMessage")) == 2


async def test_buttons_in_a_channel_answer_only_the_person_they_were_for(
    slack: SlackBed,
) -> None:
    await slack.mention("UALICE", "/start", "C1")
    await slack.settle()
    [post] = slack.fake.called("chat.postMessage")
    assert post["channel"] == "C1"
    tokyo = button(post["blocks"], "Tokyo")

    await slack.press("UBOB", tokyo, "C1", "9.9")
    await slack.settle()
    [whisper] = slack.fake.called("chat.postEphemeral")
    assert (whisper["user"], whisper["channel"]) == ("UBOB", "C1")
    assert "isn't valid" in whisper["text"]
    assert slack.fake.called("chat.update") == []

    await slack.press("UALICE", tokyo, "C1", "9.9")
    await slack.settle()
    [edit] = slack.fake.called("chat.update")
    assert "Asia/Tokyo" in edit["text"]
    alice = await slack.store.users.get(await slack.slack_user_id("UALICE"))
    assert alice is not None and alice.timezone == "Asia/Tokyo"


async def test_a_press_on_an_ephemeral_message_replaces_it_through_response_url(
    slack: SlackBed,
) -> None:
    await slack.command("U1", "/start")
    await slack.settle()
    [answer] = slack.fake.answered("r")
    await slack.press("U1", button(answer["blocks"], "UTC"), "C1", "3.3", ephemeral=True)
    await slack.settle()
    [replaced] = slack.fake.answered("p")
    assert replaced["replace_original"] is True
    assert "Time zone set to UTC" in replaced["text"]


async def test_a_dm_in_free_text_is_answered_in_the_dm(slack: SlackBed) -> None:
    await slack.dm("U7", "add task buy milk")
    await slack.settle()
    [post] = slack.fake.called("chat.postMessage")
    assert post["channel"] == "D7"
    assert "buy milk" in post["text"]
    assert "thread_ts" not in post
    tasks = await slack.store.tasks.list_open(await slack.slack_user_id("U7"))
    assert [t.text for t in tasks] == ["buy milk"]


async def test_a_mention_in_a_thread_is_answered_in_that_thread(slack: SlackBed) -> None:
    await slack.mention("U1", "what time is it?", "C5", thread_ts="100.200")
    await slack.settle()
    [post] = slack.fake.called("chat.postMessage")
    assert (post["channel"], post["thread_ts"]) == ("C5", "100.200")
    assert "It's" in post["text"]


async def test_bot_messages_and_edits_are_ignored(slack: SlackBed) -> None:
    await slack.dm("U1", "add task from a bot", bot_id="B9")
    await slack.dm("U1", "add task edited", subtype="message_changed")
    await slack.settle()
    assert slack.fake.called("chat.postMessage") == []


@pytest.mark.parametrize(("secret", "age"), [("forged-secret", 0), ("test-signing-secret", 6 * 60)])
async def test_forged_or_stale_requests_are_rejected_and_store_nothing(
    slack: SlackBed, secret: str, age: int
) -> None:
    from tests.helpers.slack import command_body, event_body

    body = command_body("U1", "add task rob the bank", "/nudge", slack.fake.response_url(), "C1")
    assert (await slack.sender.post(body, secret=secret, age=age)).status_code == 401
    event = event_body({"type": "message", "channel_type": "im", "user": "U1", "text": "hi"})
    rejected = await slack.sender.post(event, json_body=True, secret=secret, age=age)
    assert rejected.status_code == 401
    unsigned = await slack.sender.http.post(slack.sender.url, content=body)
    assert unsigned.status_code == 401
    await slack.settle()
    assert slack.fake.calls == [] and slack.fake.responses == []
    assert await slack.store.users.get(1) is None


async def test_a_retried_event_is_handled_once(slack: SlackBed) -> None:
    first = await slack.dm("U1", "add task call the plumber", event_id="Ev42")
    retry = await slack.sender.post(
        first.request.content.decode(),
        json_body=True,
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert (first.status_code, retry.status_code) == (200, 200)
    await slack.settle()
    assert len(slack.fake.called("chat.postMessage")) == 1
    tasks = await slack.store.tasks.list_open(await slack.slack_user_id("U1"))
    assert [t.text for t in tasks] == ["call the plumber"]


async def test_the_ack_comes_at_once_while_a_slow_answer_is_produced(slack: SlackBed) -> None:
    gate = asyncio.Event()

    async def slow(ctx: Context, text: str) -> Reply:
        await gate.wait()
        return Reply(f"thought long about {text}")

    commands = slack.core.dispatcher.registry.commands
    commands["ponder"] = Command("ponder", slow, "/ponder", "")
    started = time.perf_counter()
    response = await slack.command("U1", "/ponder life")
    assert response.status_code == 200
    assert time.perf_counter() - started < 1.0
    assert slack.fake.answered("r") == []

    gate.set()
    await slack.settle()
    [answer] = slack.fake.answered("r")
    assert answer["text"] == "thought long about life"


async def test_short_commands_map_to_the_core(slack: SlackBed) -> None:
    await slack.command("U1", "renew passport", command="/todo")
    await slack.command("U1", "Trip: pack charger", command="/note")
    await slack.command("U1", "/tasks")
    await slack.settle()
    texts = [a["text"] for a in slack.fake.answered("r")]
    assert any("renew passport" in t for t in texts)
    assert await slack.store.notes.list(await slack.slack_user_id("U1"))


async def test_event_command_in_a_channel_is_posted_for_the_channel(slack: SlackBed) -> None:
    await slack.command("U1", "2026-03-05 18:00 - Team dinner", command="/event", channel="C2")
    await slack.command("U1", "2026-03-06 18:00 - Dentist", command="/event", channel="D1")
    await slack.settle()
    [card] = slack.fake.called("chat.postMessage")
    assert card["channel"] == "C2" and "Team dinner" in card["text"], "the bot posts the card"
    assert [a["response_type"] for a in slack.fake.answered("r")] == ["ephemeral"]


async def test_an_event_card_falls_back_to_the_response_url_outside_the_bots_channels(
    slack: SlackBed,
) -> None:
    slack.fake.errors["chat.postMessage"] = "not_in_channel"
    await slack.command("U1", "2026-03-05 18:00 - Team dinner", command="/event", channel="C2")
    await slack.settle()
    [card] = slack.fake.answered("r")
    assert card["response_type"] == "in_channel" and "Team dinner" in card["text"]


async def test_time_zone_is_taken_from_slack_unless_the_user_chose_one(
    slack: SlackBed, sqlite_store: SqlAlchemyStore, settings: Settings, clock: FakeClock
) -> None:
    slack.fake.zones["U1"] = "America/Chicago"
    await slack.dm("U1", "/tz Tokyo")
    await slack.dm("U2", "hello")
    await slack.settle()
    assert len(slack.fake.called("users.info")) == 2
    one = await slack.store.users.get(await slack.slack_user_id("U1"))
    two = await slack.store.users.get(await slack.slack_user_id("U2"))
    assert one is not None and one.timezone == "Asia/Tokyo"
    assert two is not None and two.timezone == "Europe/Berlin"
    assert two.display_name == "Person U2"

    async with slack_bed(sqlite_store, settings, clock) as restarted:
        await restarted.dm("U1", "hello again")
        await restarted.settle()
    one = await slack.store.users.get(one.id)
    assert one is not None and one.timezone == "Asia/Tokyo"


async def test_rate_limited_deliveries_wait_their_turn_and_gone_people_are_unreachable(
    slack: SlackBed,
) -> None:
    await slack.command("U1", "remind me in 5 min to stand up")
    await slack.command("U2", "remind me in 5 min to sit down")
    await slack.settle()
    ids = [await slack.slack_user_id(u) for u in ["U1", "U2"]]
    slack.fake.rate_limit("chat.postMessage", 7)
    slack.fake.errors["conversations.open"] = "user_not_found"
    slack.clock.advance(minutes=6)
    await slack.core.delivery.run_due()
    assert slack.sleeps == []
    assert slack.fake.called("chat.postMessage") == []
    [one, two] = [await slack.store.users.identities(user_id) for user_id in ids]
    assert not one[0].reachable and not two[0].reachable

    del slack.fake.errors["conversations.open"]
    await slack.command("U3", "remind me in 5 min to breathe")
    await slack.settle()
    slack.clock.advance(minutes=6)
    await slack.core.delivery.run_due()
    assert slack.sleeps == [], "a delivery is given back, not held"
    assert slack.fake.called("chat.postMessage") == []
    slack.clock.advance(seconds=6)
    await slack.core.delivery.run_due()
    assert slack.fake.called("chat.postMessage") == [], "not before Slack is ready"
    slack.clock.advance(seconds=2)
    await slack.core.delivery.run_due()
    assert slack.sleeps == []
    [sent] = slack.fake.called("chat.postMessage")
    assert "breathe" in sent["text"]


async def test_accounts_link_with_a_one_time_code(slack: SlackBed) -> None:
    await slack.console("alice", "/task water the plants")
    offer = await slack.console("alice", "/link")
    code = offer.text.split("link code is ")[1][:6]

    await slack.dm("U1", "/task buy milk")
    await slack.dm("U1", f"/link {code}")
    await slack.dm("U1", "/tasks", event_id="Ev-after")
    await slack.settle()
    posts = [p["text"] for p in slack.fake.called("chat.postMessage")]
    assert "Linked: console, slack" in posts[1]
    assert "water the plants" in posts[2] and "buy milk" in posts[2]
    listing = await slack.console("alice", "/tasks")
    assert "buy milk" in listing.text

    again = await slack.console("bob", f"/link {code}")
    assert "unknown, used or expired" in again.text


async def test_a_linked_person_chooses_where_reminders_arrive(slack: SlackBed) -> None:
    telegram = RecordingChannel("telegram")
    slack.core.add_channel(telegram)
    offer = await slack.core.dispatcher.handle(Incoming("telegram", "555", "555", "/link"))
    code = offer.text.split("link code is ")[1][:6]
    await slack.dm("U1", f"/link {code}")
    await slack.command("U1", "/deliver telegram")
    await slack.command("U1", "remind me in 5 minutes to stretch")
    await slack.settle()
    chose = slack.fake.answered("r")[0]["text"]
    assert chose.startswith("From now on, the reminders, alerts and agenda you set arrive in your")
    assert "on Telegram" in chose

    slack.clock.advance(minutes=5)
    assert await slack.core.delivery.run_due() == 1
    assert [(t.chat_id, r.text) for t, r in telegram.sent] == [("555", "⏰ Reminder: stretch")]

    await slack.command("U1", "/deliver off")
    await slack.command("U1", "remind me in 5 minutes to drink water")
    await slack.settle()
    slack.clock.advance(minutes=5)
    assert await slack.core.delivery.run_due() == 1
    [dm] = [p for p in slack.fake.called("chat.postMessage") if p["text"].startswith("⏰")]
    assert (dm["channel"], dm["text"]) == ("D1", "⏰ Reminder: drink water")


async def test_deliver_needs_a_private_chat_on_that_platform(slack: SlackBed) -> None:
    await slack.dm("U1", "/deliver telegram")
    await slack.dm("U1", "/deliver here", event_id="Ev-here")
    await slack.settle()
    refused, chosen = (p["text"] for p in slack.fake.called("chat.postMessage"))
    assert refused.startswith("I can't reach you privately on Telegram yet.")
    assert "/link" in refused
    assert "on Slack" in chosen
    user = await slack.slack_user_id("U1")
    assert await slack.store.links.delivery_chat(user) == Target("slack", "U1")


async def test_a_link_code_expires_after_ten_minutes(slack: SlackBed) -> None:
    offer = await slack.console("alice", "/link")
    code = offer.text.split("link code is ")[1][:6]
    slack.clock.advance(minutes=11)
    late = await slack.console("bob", f"/link {code}")
    assert "unknown, used or expired" in late.text


async def test_url_verification_is_answered(slack: SlackBed) -> None:
    body = '{"type": "url_verification", "challenge": "c-123", "token": "x"}'
    response = await slack.sender.post(body, json_body=True)
    assert response.status_code == 200
    assert "c-123" in response.text


GUIDE = (
    b"# Office guide\n\n## Wifi\n\nThe guest wifi is called Nudge-Guest and its password is "
    b"orange-kettle-42. It is renewed every quarter.\n"
)


async def test_a_file_shared_in_a_dm_is_downloaded_with_the_token_and_learned(
    slack: SlackBed,
) -> None:
    file = slack.fake.add_file("office.md", GUIDE)
    await slack.share("U1", [file])
    await slack.settle()
    [post] = slack.fake.called("chat.postMessage")
    assert post["channel"] == "D1"
    assert post["text"].startswith("Learned “Office guide")
    assert slack.fake.downloads == [("F0001", "Bearer xoxb-test")]
    await slack.dm("U1", "/ask what is the guest wifi password?")
    await slack.settle()
    assert "orange-kettle-42" in slack.fake.called("chat.postMessage")[1]["text"]


async def test_a_file_shared_with_a_mention_is_learned_and_answered_in_the_thread(
    slack: SlackBed,
) -> None:
    file = slack.fake.add_file("office.md", GUIDE)
    # Slack leaves out the file's URLs when the bot must look the file up itself.
    partial = {"id": file["id"], "file_access": "check_file_info"}
    await slack.share("U2", [partial], channel="C3", thread_ts="5.5")
    await slack.settle()
    assert slack.fake.called("files.info") == [{"file": "F0001"}]
    [post] = slack.fake.called("chat.postMessage")
    assert (post["channel"], post["thread_ts"]) == ("C3", "5.5")
    assert post["text"].startswith("Learned “Office guide")


async def test_oversized_or_unfetchable_files_are_refused_and_nothing_is_stored(
    slack: SlackBed,
) -> None:
    huge = slack.fake.add_file("huge.pdf", b"%PDF-", size=25 * 1024 * 1024)
    gone = {"id": "F9999", "name": "gone.md", "file_access": "check_file_info"}
    await slack.share("U1", [huge, gone])
    await slack.settle()
    [post] = slack.fake.called("chat.postMessage")
    assert post["text"] == (
        "I couldn't learn from huge.pdf: it is over 20 MB. Please share a smaller file "
        "(a PDF without images, or Markdown).\n"
        "I couldn't learn from gone.md: I couldn't download it from Slack. "
        "Please share it again."
    )
    assert slack.fake.downloads == []
    assert slack.core.services.knowledge is not None
    user = await slack.slack_user_id("U1")
    assert await slack.core.services.knowledge.documents(user_scope(user)) == []


async def test_without_the_bot_token_slacks_sign_in_page_is_not_taken_for_the_file() -> None:
    async with fake_slack() as fake:
        file = fake.add_file("office.md", GUIDE)
        files = SlackFiles(web_client("xoxb-wrong", fake.base_url))
        with pytest.raises(FileRefused):
            await files.fetch(file)
        assert fake.downloads == [("F0001", "Bearer xoxb-wrong")]


async def test_an_rsvp_in_a_channel_tallies_everyone_who_answers(slack: SlackBed) -> None:
    await slack.command(
        "UALICE", "friday 18:00 - Team dinner @Luigi's", command="/event", channel="C9"
    )
    await slack.settle()
    [card] = slack.fake.called("chat.postMessage")
    assert card["channel"] == "C9"
    assert "Team dinner" in card["text"] and "Luigi's" in card["text"]

    await slack.press("UBOB", button(card["blocks"], "Going"), "C9", "7.7")
    await slack.press("UCAROL", button(card["blocks"], "Maybe"), "C9", "7.7")
    await slack.settle()
    first, second = slack.fake.called("chat.update")
    assert (second["channel"], second["ts"]) == ("C9", "7.7")
    assert "✅ Going (1): Person UBOB" in first["text"]
    assert "✅ Going (1): Person UBOB" in second["text"]
    assert "🤔 Maybe (1): Person UCAROL" in second["text"]

    changed_mind = button(second["blocks"], "Maybe")
    await slack.press("UBOB", changed_mind, "C9", "7.7")
    await slack.settle()
    latest = slack.fake.called("chat.update")[-1]
    assert "✅ Going (0)" in latest["text"]
    assert "🤔 Maybe (2): Person UBOB, Person UCAROL" in latest["text"]
    # Nobody was refused, and nobody needs to open a DM first to get the alerts.
    assert slack.fake.called("chat.postEphemeral") == []
    assert len(slack.fake.called("chat.postMessage")) == 1, "only the card itself"


async def test_a_mention_in_a_channel_sets_a_reminder_for_the_channel(slack: SlackBed) -> None:
    await slack.mention("UALICE", "remind us in 10 minutes to stand up", "C4")
    await slack.settle()
    [confirmed] = slack.fake.called("chat.postMessage")
    assert confirmed["channel"] == "C4" and "stand up" in confirmed["text"]

    slack.clock.advance(minutes=10)
    assert await slack.core.delivery.run_due() == 1
    assert slack.fake.called("conversations.open") == []
    reminder = slack.fake.called("chat.postMessage")[-1]
    assert (reminder["channel"], reminder["text"]) == ("C4", "⏰ Reminder: stand up")

    # Its buttons are Alice's own: Bob's press is refused to him alone.
    snooze = button(reminder["blocks"], "Snooze 20 min")
    await slack.press("UBOB", snooze, "C4", "8.8")
    await slack.settle()
    [refusal] = slack.fake.called("chat.postEphemeral")
    assert (refusal["user"], refusal["channel"]) == ("UBOB", "C4")
    assert slack.fake.called("chat.update") == []

    await slack.press("UALICE", snooze, "C4", "8.8")
    await slack.settle()
    [edit] = slack.fake.called("chat.update")
    assert (edit["channel"], edit["ts"]) == ("C4", "8.8")
    assert "snoozed until" in edit["text"]


async def test_personal_slash_commands_in_a_channel_stay_private(slack: SlackBed) -> None:
    await slack.command("U1", "event 2026-03-20 18:00 - Quiz night", channel="C2")
    await slack.command("U1", "remind me in 5 min to reply to Ann", channel="C2")
    await slack.settle()
    [card] = slack.fake.called("chat.postMessage")
    assert card["channel"] == "C2" and "Quiz night" in card["text"]
    [reminder] = slack.fake.answered("r")
    assert reminder["response_type"] == "ephemeral"

    slack.clock.advance(minutes=5)
    await slack.core.delivery.run_due()
    [dm] = [p for p in slack.fake.called("chat.postMessage") if p["text"].startswith("⏰")]
    assert (dm["channel"], dm["text"]) == ("D1", "⏰ Reminder: reply to Ann")


async def test_a_file_shared_in_a_channel_answers_that_channel_only(slack: SlackBed) -> None:
    file = slack.fake.add_file("office.md", GUIDE)
    await slack.share("U2", [file], channel="C3")
    await slack.settle()
    await slack.mention("U3", "/ask what is the guest wifi password?", "C3")
    await slack.dm("U3", "/ask what is the guest wifi password?")
    await slack.settle()
    learned, in_channel, in_dm = slack.fake.called("chat.postMessage")
    assert learned["text"].startswith("Learned “Office guide")
    assert in_channel["channel"] == "C3" and "orange-kettle-42" in in_channel["text"]
    assert in_dm["channel"] == "D3" and "orange-kettle-42" not in in_dm["text"]
