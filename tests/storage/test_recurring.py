"""Recurring events and repeating tasks, on SQLite and (with TEST_POSTGRES_URL) PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.messages import Target
from bot.models import Event
from storage.store import SqlAlchemyStore

MON = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday
HERE = Target("console", "chat")
LONDON = ZoneInfo("Europe/London")
SYNC = "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=10;BYMINUTE=0"


def _at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def _shown(events: Sequence[Event]) -> list[str]:
    return [
        f"{e.number} {e.start_at.astimezone(LONDON):%a %d %b %H:%M}"
        + (f"-{e.end_at.astimezone(LONDON):%H:%M}" if e.end_at else "")
        + f" {e.title}"
        for e in events
    ]


async def _user(store: SqlAlchemyStore, zone: str = "UTC") -> int:
    return (await store.users.resolve("console", "alice", "chat", "Alice", zone)).id


async def test_a_weekly_event_lists_each_occurrence_this_week_and_next(
    store: SqlAlchemyStore,
) -> None:
    alice = await _user(store)
    sync = await store.events.add(
        alice, "Sync", _at(2, 10), _at(2, 10, 30), "", HERE, now=MON, rrule=SYNC, timezone="UTC"
    )
    assert (sync.number, sync.rrule, sync.timezone) == (1, SYNC, "UTC")
    await store.events.add(alice, "Dentist", _at(5, 15), None, "", HERE, now=MON)
    two_weeks = await store.events.between(alice, MON, MON + timedelta(days=14))
    assert _shown(two_weeks) == [
        "1 Mon 02 Mar 10:00-10:30 Sync",
        "1 Thu 05 Mar 10:00-10:30 Sync",
        "2 Thu 05 Mar 15:00 Dentist",
        "1 Mon 09 Mar 10:00-10:30 Sync",
        "1 Thu 12 Mar 10:00-10:30 Sync",
    ]
    assert {e.id for e in two_weeks if e.title == "Sync"} == {sync.id}
    later = await store.events.between(alice, _at(6, 0), _at(9, 0))
    assert later == [], "no occurrence falls on Friday to Sunday"
    upcoming = await store.events.upcoming(alice, _at(3, 0))
    assert _shown(upcoming) == [
        "1 Thu 05 Mar 10:00-10:30 Sync",
        "2 Thu 05 Mar 15:00 Dentist",
        "1 Mon 09 Mar 10:00-10:30 Sync",
        "1 Thu 12 Mar 10:00-10:30 Sync",
    ], "the next three occurrences within two weeks"
    series = await store.events.get(alice, 1)
    assert series is not None and series.start_at == _at(2, 10), "read alone: the series"


async def test_occurrences_keep_their_local_time_across_dst_and_start_on_the_rule(
    store: SqlAlchemyStore,
) -> None:
    alice = await _user(store, "Europe/London")
    # Asked from a Wednesday: the series starts on the rule's first day, the Friday.
    yoga = await store.events.add(
        alice,
        "Yoga",
        datetime(2026, 3, 25, 7, 0, tzinfo=LONDON),
        None,
        "",
        HERE,
        now=MON,
        rrule="FREQ=WEEKLY;BYDAY=FR;BYHOUR=7;BYMINUTE=0",
        timezone="Europe/London",
    )
    assert yoga.start_at == datetime(2026, 3, 27, 7, 0, tzinfo=UTC)
    found = await store.events.between(alice, MON, _at(11, 0, month=4))
    assert _shown(found) == [
        "1 Fri 27 Mar 07:00 Yoga",
        "1 Fri 03 Apr 07:00 Yoga",
        "1 Fri 10 Apr 07:00 Yoga",
    ]
    assert [e.start_at.hour for e in found] == [7, 6, 6], "07:00 in London, summer time or not"


async def test_a_monthly_event_still_shows_its_next_occurrence_as_upcoming(
    store: SqlAlchemyStore,
) -> None:
    alice = await _user(store)
    await store.events.add(
        alice,
        "Rent",
        _at(1, 9, month=4),
        None,
        "",
        HERE,
        now=MON,
        rrule="FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0",
    )
    assert _shown(await store.events.upcoming(alice, MON)) == ["1 Wed 01 Apr 10:00 Rent"]


async def test_an_exhausted_event_rule_lists_nothing_more_and_cancel_ends_a_series(
    store: SqlAlchemyStore,
) -> None:
    alice = await _user(store)
    await store.events.add(
        alice, "Course", _at(2, 18), None, "", HERE, now=MON, rrule="FREQ=DAILY;COUNT=3"
    )
    await store.events.add(
        alice, "Sync", _at(2, 10), None, "", HERE, now=MON, rrule=SYNC, timezone="UTC"
    )
    month = await store.events.between(alice, MON, MON + timedelta(days=30))
    assert [e.start_at.day for e in month if e.title == "Course"] == [2, 3, 4]
    cancelled = await store.events.cancel(alice, 2)
    assert cancelled is not None and cancelled.title == "Sync"
    assert [e.title for e in await store.events.upcoming(alice, _at(5, 0))] == []
    assert await store.deliveries.next_due() == _at(2, 17), "only the course is alerted"


async def test_a_rule_without_any_occurrence_is_refused(store: SqlAlchemyStore) -> None:
    alice = await _user(store)
    with pytest.raises(ValueError):
        await store.events.add(
            alice,
            "Old",
            _at(2, 10),
            None,
            "",
            HERE,
            now=MON,
            rrule="FREQ=DAILY;UNTIL=20260101T000000Z",
        )
    with pytest.raises(ValueError):
        await store.tasks.add(alice, "never", _at(2, 10), "FREQ=SOMETIMES")
    assert await store.events.upcoming(alice, MON) == []
    assert await store.tasks.list_open(alice) == []


async def test_moving_a_series_moves_its_rule_to_the_new_weekday_and_time(
    store: SqlAlchemyStore,
) -> None:
    alice = await _user(store, "Europe/London")
    await store.events.add(
        alice,
        "Standup",
        _at(2, 9),
        _at(2, 9, 15),
        "",
        HERE,
        now=MON,
        rrule="FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0",
        timezone="Europe/London",
    )
    moved = await store.events.move(alice, 1, _at(10, 15, 30), None, now=MON)
    assert moved is not None
    assert moved.rrule == "FREQ=WEEKLY;BYDAY=TU;BYHOUR=15;BYMINUTE=30"
    assert (moved.start_at, moved.end_at) == (_at(10, 15, 30), _at(10, 15, 45))
    found = await store.events.between(alice, MON, MON + timedelta(days=21))
    assert _shown(found) == [
        "1 Tue 10 Mar 15:30-15:45 Standup",
        "1 Tue 17 Mar 15:30-15:45 Standup",
    ]
    two_days = await store.events.add(
        alice,
        "Gym",
        _at(3, 7),
        None,
        "",
        HERE,
        now=MON,
        rrule="FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=7;BYMINUTE=0",
        timezone="Europe/London",
    )
    assert two_days.number == 2
    gym = await store.events.move(alice, 2, _at(4, 18), None, now=MON)
    assert gym is not None and gym.rrule == "FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=18;BYMINUTE=0"
    assert gym.start_at == _at(6, 18), "several weekdays stay; the series starts on the next"


async def test_completing_a_repeating_task_rolls_it_to_its_next_occurrence(
    store: SqlAlchemyStore,
) -> None:
    alice = await _user(store, "Europe/London")
    plants = await store.tasks.add(
        alice,
        "water plants",
        _at(2, 9),
        "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0",
        "Europe/London",
    )
    assert (plants.rrule, plants.timezone, plants.due_at) == (
        "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0",
        "Europe/London",
        _at(2, 9),
    )
    rolled = await store.tasks.complete(alice, plants.number, _at(2, 9, 5))
    assert rolled is not None and not rolled.done and rolled.due_at == _at(9, 9)
    early = await store.tasks.complete(alice, plants.number, _at(7, 12))
    assert early is not None and early.due_at == _at(16, 9), "done early: the next one after"
    late = await store.tasks.complete(alice, plants.number, _at(1, 12, month=4))
    assert late is not None and late.due_at == datetime(2026, 4, 6, 8, 0, tzinfo=UTC), (
        "missed weeks are skipped, and 09:00 stays 09:00 in summer time"
    )
    [listed] = await store.tasks.list_open(alice)
    assert (listed.number, listed.due_at, listed.done) == (1, late.due_at, False)


async def test_a_repeating_task_ends_when_its_rule_does(store: SqlAlchemyStore) -> None:
    alice = await _user(store)
    await store.tasks.add(alice, "pills", _at(2, 20), "FREQ=DAILY;COUNT=2;BYHOUR=20;BYMINUTE=0")
    await store.tasks.add(alice, "trial", _at(2, 9), "FREQ=DAILY;UNTIL=20260303T090000Z")
    first = await store.tasks.complete(alice, 1, _at(2, 21))
    assert first is not None and not first.done and first.due_at == _at(3, 20)
    last = await store.tasks.complete(alice, 1, _at(3, 21))
    assert last is not None and last.done and last.due_at == _at(3, 20)
    trial = await store.tasks.complete(alice, 2, _at(2, 10))
    assert trial is not None and not trial.done and trial.due_at == _at(3, 9)
    trial = await store.tasks.complete(alice, 2, _at(3, 10))
    assert trial is not None and trial.done
    assert await store.tasks.list_open(alice) == []


async def test_a_repeating_task_without_a_due_time_counts_from_now(
    store: SqlAlchemyStore,
) -> None:
    alice = await _user(store)
    task = await store.tasks.add(
        alice,
        "backup",
        None,
        "FREQ=WEEKLY;BYDAY=FR;BYHOUR=17;BYMINUTE=0",
        now=MON + timedelta(seconds=42),
    )
    assert task.due_at == _at(6, 17)
    one_off = await store.tasks.add(alice, "milk", None)
    assert (one_off.due_at, one_off.rrule) == (None, None)
    done = await store.tasks.complete(alice, one_off.number, MON)
    assert done is not None and done.done
