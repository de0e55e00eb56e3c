from __future__ import annotations

from datetime import UTC, datetime

from tests.helpers.bot import Harness

# The fake clock starts on Monday 2 March 2026 at 08:00 UTC.


async def test_reminder_in_plain_words_fires_on_time_with_buttons(harness: Harness) -> None:
    alice = harness.user()
    reply = await alice.says("remind me to call mom tomorrow at 9")
    assert "call mom — tomorrow 09:00" in reply.text
    assert harness.wakes, "setting a reminder re-arms the scheduler"
    harness.clock.set(datetime(2026, 3, 3, 8, 59, 59, tzinfo=UTC))
    assert await harness.deliver() == []
    harness.clock.advance(seconds=1)
    [sent] = await harness.deliver()
    assert sent.text == "⏰ Reminder: call mom"
    labels = [b.label for row in sent.buttons for b in row]
    assert labels == ["Done", "Snooze 20 min", "1 hour", "3 hours", "Tomorrow", "Next week"]
    assert await harness.deliver() == [], "delivered once"


async def test_relative_reminder_and_listing(harness: Harness) -> None:
    alice = harness.user()
    assert "stretch — today 08:20" in (await alice.says("in 20 min stretch")).text
    assert "1. today 08:20 — stretch" in (await alice.says("/reminders")).text
    assert "Cancelled reminder: stretch" in (await alice.says("/cancel 1")).text
    harness.clock.advance(minutes=30)
    assert await harness.deliver() == []


async def test_unparseable_and_past_times_are_refused(harness: Harness) -> None:
    alice = harness.user()
    assert "When should I remind you?" in (await alice.says("remind me on blursday to x")).text
    assert "in the past" in (await alice.says("remind me yesterday to pay rent")).text
    assert "no reminders" in (await alice.says("/reminders")).text


async def test_snooze_button_moves_a_one_off_reminder(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/remind in 10 minutes tea")
    harness.clock.advance(minutes=10)
    [sent] = await harness.deliver()
    snooze_hour = sent.buttons[0][2]
    assert snooze_hour.label == "1 hour"
    pressed = await alice.presses(snooze_hour.data, message_id="55")
    assert pressed.edit == "55" and "snoozed until today 09:10" in pressed.text
    harness.clock.advance(minutes=59)
    assert await harness.deliver() == []
    harness.clock.advance(minutes=1)
    assert [r.text for r in await harness.deliver()] == ["⏰ Reminder: tea"]


async def test_done_button_closes_a_one_off_reminder(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/remind in 5 minutes tea")
    harness.clock.advance(minutes=5)
    [sent] = await harness.deliver()
    done = await alice.presses(sent.buttons[0][0].data)
    assert "✓ tea — done" in done.text and done.toast == "Done"
    assert "no reminders" in (await alice.says("/reminders")).text


async def test_snooze_by_text_after_delivery(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/remind in 5 minutes tea")
    harness.clock.advance(minutes=5)
    await harness.deliver()
    assert "snoozed until today 08:50" in (await alice.says("snooze 45m")).text


async def test_reminder_survives_a_restart(harness: Harness) -> None:
    from tests.helpers.bot import build_harness

    await harness.user().says("remind me in 2 hours to water plants")
    restarted = build_harness(harness.store, harness.core.services.settings, harness.clock)
    harness.clock.advance(hours=2)
    assert [r.text for r in await restarted.deliver()] == ["⏰ Reminder: water plants"]


async def test_events_in_plain_words(harness: Harness) -> None:
    alice = harness.user()
    added = (await alice.says("add event 2026-08-25 14:00 - Demo @HQ")).text
    assert added == "Added event 1. Tue 25 Aug 14:00 — Demo @ HQ"
    added = (await alice.says("dentist friday 3pm for 1h at Main St")).text
    assert "Fri 6 Mar 15:00–16:00 — dentist @ Main St" in added
    week = (await alice.says("/events week")).text
    assert "dentist" in week and "Demo" not in week
    assert "Demo" in (await alice.says("/events")).text
    assert "Cancelled event: dentist" in (await alice.says("cancel event 2")).text


async def test_event_command_with_place(harness: Harness) -> None:
    alice = harness.user()
    reply = await alice.says("/event tomorrow 18:00 - Team dinner @Luigi's")
    assert reply.text == "Added event 1. tomorrow 18:00, Tue 3 Mar — Team dinner @ Luigi's"
    assert "Team dinner" in (await alice.says("/events tomorrow")).text
    assert "No events today" in (await alice.says("/events today")).text


async def test_time_zone_and_time(harness: Harness) -> None:
    alice = harness.user()
    assert "I don't know the time zone" in (await alice.says("/tz Atlantis")).text
    assert "Europe/London" in (await alice.says("/tz london")).text
    assert "Asia/Kolkata" in (await alice.says("/tz Mumbai")).text
    reply = await alice.says("what time is it")
    assert reply.text == "It's 13:30 on Monday 2 March 2026 (Asia/Kolkata)."
    start = await alice.says("/start")
    tokyo = next(b for row in start.buttons for b in row if b.label == "Tokyo")
    assert "Asia/Tokyo" in (await alice.presses(tokyo.data)).text


async def test_smalltalk_is_varied_and_help_has_examples(harness: Harness) -> None:
    alice = harness.user()
    replies = {(await alice.says("hello")).text for _ in range(12)}
    assert len(replies) > 1
    assert all("Alice" in r or "What" in r or "help" in r for r in replies)
    help_text = (await alice.says("/help")).text
    assert "remind me to call mom tomorrow at 9" in help_text and "/tasks" in help_text


async def test_snoozing_a_reminder_still_to_come_puts_it_off_from_its_due_time(
    harness: Harness,
) -> None:
    alice = harness.user()
    await alice.says("/remind tomorrow at 9 standup")
    assert "until tomorrow 10:00" in (await alice.says("/snooze 1 1h")).text


async def test_repeats_faster_than_a_minute_are_refused(harness: Harness) -> None:
    alice = harness.user()
    assert "at most once a minute" in (await alice.says("/remind every second spam")).text
    assert "no reminders" in (await alice.says("/reminders")).text


def test_help_names_every_command_people_can_use() -> None:
    from bot.handlers import all_handlers
    from bot.handlers.conversation import HELP

    admin_or_self = {"help", "train", "intents", "admin"}
    names = {c.name for c in all_handlers().commands.values()} - admin_or_self
    assert sorted(n for n in names if f"/{n}" not in HELP) == []


async def test_whole_reminders_in_other_languages(harness: Harness) -> None:
    alice = harness.user()
    said = {
        "rappelle-moi demain à 9h d'appeler Marie": "appeler Marie — tomorrow 09:00",
        "напомни мне завтра в 9 позвонить маме": "позвонить маме — tomorrow 09:00",
        "ricordami domani alle 9 di chiamare la mamma": "chiamare la mamma — tomorrow 09:00",
    }
    for text, understood in said.items():
        assert understood in (await alice.says(text)).text


async def test_times_and_dates_that_do_not_exist_are_refused(harness: Harness) -> None:
    alice = harness.user()
    assert "“25:00” isn't a real time" in (await alice.says("/event tomorrow 25:00 - x")).text
    refused = await alice.says("remind me at 2:30 on 29 february 2027 to leap")
    assert "29 february 2027" in refused.text and "isn't a real" in refused.text
    assert "isn't a real" in (await alice.says("/task pay rent by 30 feb")).text
    assert "no reminders" in (await alice.says("/reminders")).text
    assert "No events" in (await alice.says("/events")).text
    assert "leap" in (await alice.says("remind me on 29 february 2028 at 9 to leap")).text


async def test_the_first_reminder_says_which_time_zone_until_one_is_chosen(
    harness: Harness,
) -> None:
    alice = harness.user()
    first = (await alice.says("remind me tomorrow at 9 to call mom")).text
    assert "Times are in UTC" in first and "/tz" in first
    second = (await alice.says("remind me tomorrow at 10 to call dad")).text
    assert "Times are in" not in second

    bob = harness.user("bob")
    await bob.says("/tz Madrid")
    assert "Times are in" not in (await bob.says("remind me tomorrow at 9 to run")).text


async def test_a_week_with_no_day_or_time_is_asked_about_not_stored(harness: Harness) -> None:
    alice = harness.user()
    event = (await alice.says("/event next week - team offsite")).text
    assert event.startswith("When is “team offsite”?")
    reminder = (await alice.says("remind me sometime next week to renew my passport")).text
    assert "When should I remind you?" in reminder
    assert "no reminders" in (await alice.says("/reminders")).text
    # A day in that week is a time to keep.
    assert "Tue 10 Mar" in (await alice.says("/event tuesday next week at 3pm - offsite")).text


async def test_the_agenda_for_next_week_lists_the_whole_week(harness: Harness) -> None:
    alice = harness.user()
    await alice.says("/event 2026-03-04 10:00 - Haircut")
    await alice.says("/event 2026-03-13 18:00 - Concert")
    for question in ("what's on next week", "anything on next week?", "what have i got next week"):
        reply = (await alice.says(question)).text
        assert "Concert" in reply and "Haircut" not in reply, question
