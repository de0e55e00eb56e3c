"""Whole conversations through the real core: does the bot do what ordinary users mean?

Each case is a fresh person with a time zone and a clock time; set-up messages (mostly slash
commands) give them items, then one phrase is sent and the state it leaves is read back from the
store: open tasks, active reminders, upcoming events, notes and time zone. Only the neutral
message types and the store are used, so the cases keep measuring whatever understands the text.

Run: python -m bench.conversation [--case ID] [--failures]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from bench.machine import describe, one_line
from bot.logs import configure_logs
from bot.messages import Incoming, Reply
from storage.migrate import upgrade
from storage.store import SqlAlchemyStore
from tests.helpers.bot import Harness, build_harness, make_settings
from tests.helpers.clock import FakeClock

CASES = Path(__file__).resolve().parent / "data" / "conversations.json"
CHANNEL = "console"
# A set-up line "@advance 90m" moves the clock on and runs the delivery loop (to snooze a
# reminder that has just spoken, say).
ADVANCE = re.compile(r"^@advance\s+(\d+)\s*([mhd])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True)
class Case:
    id: str
    domain: str
    now: str
    tz: str
    say: str
    setup: tuple[str, ...] = ()
    about_existing: bool = False
    expect: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Case:
        return cls(
            id=raw["id"],
            domain=raw["domain"],
            now=raw["now"],
            tz=raw["tz"],
            say=raw["say"],
            setup=tuple(raw.get("setup", ())),
            about_existing=bool(raw.get("about_existing", False)),
            expect=dict(raw.get("expect", {})),
        )


@dataclass(frozen=True)
class Item:
    """One stored item as the checks see it: its kind, id, text, local time, rule, extras."""

    kind: str
    id: int
    text: str
    at: str | None = None
    rrule: str | None = None
    place: str = ""
    paused: bool = False
    start: datetime | None = None

    def brief(self) -> str:
        parts = [self.text]
        if self.at:
            parts.append(f"@{self.at}")
        if self.place:
            parts.append(f"place={self.place}")
        if self.rrule:
            parts.append(self.rrule)
        if self.paused:
            parts.append("paused")
        return " ".join(parts)


@dataclass(frozen=True)
class State:
    items: tuple[Item, ...]
    timezone: str

    def of(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind]

    def brief(self) -> str:
        kinds = ("task", "reminder", "event", "note")
        shown = [f"{k}s: " + "; ".join(i.brief() for i in self.of(k)) for k in kinds if self.of(k)]
        return " | ".join([*shown, f"tz: {self.timezone}"])


@dataclass
class Outcome:
    case: Case
    problems: list[str]
    reply: str
    state: State | None
    created_from_existing: bool = False

    @property
    def passed(self) -> bool:
        return not self.problems


def norm(text: str) -> str:
    """Item texts compare case-insensitively, whitespace collapsed, trailing punctuation gone."""
    return re.sub(r"\s+", " ", text).strip().lower().rstrip(" .,;:!?")


def local(at: datetime | None, zone: str) -> str | None:
    return None if at is None else at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def rule_parts(rrule: str) -> dict[str, set[str]]:
    """KEY -> set of values of the rule line of an RFC 5545 recurrence (order-free)."""
    parts: dict[str, set[str]] = {}
    for line in rrule.replace(";", "\n").splitlines():
        line = line.strip().removeprefix("RRULE:")
        if "=" in line:
            key, value = line.split("=", 1)
            parts[key.strip().upper()] = {v.strip().upper() for v in value.split(",")}
    return parts


def rule_problems(expected: Sequence[str], rrule: str | None) -> list[str]:
    """`KEY=V1,V2` must be the rule's exact value set for KEY; a bare `KEY` must be there."""
    if not expected:
        return []
    if not rrule:
        return [f"no recurrence (wanted {', '.join(expected)})"]
    parts = rule_parts(rrule)
    problems = []
    for want in expected:
        key, _, values = want.partition("=")
        got = parts.get(key.upper())
        if got is None or (values and got != {v.upper() for v in values.split(",")}):
            problems.append(f"recurrence {rrule!r} lacks {want}")
    return problems


async def snapshot(harness: Harness, user_id: int, now: datetime) -> State:
    store = harness.store
    user = await store.users.get(user_id)
    zone = user.timezone if user else "UTC"
    items: list[Item] = []
    for t in await store.tasks.list_open(user_id):
        rule = getattr(t, "rrule", None)
        items.append(Item("task", t.id, t.text, local(t.due_at, zone), rule, start=t.due_at))
    for r in await store.reminders.list_active(user_id):
        paused = r.status.value == "paused"
        at = local(r.due_at, zone)
        items.append(Item("reminder", r.id, r.text, at, r.rrule, paused=paused, start=r.due_at))
    listed: set[int] = set()
    for e in await store.events.upcoming(user_id, now):
        if e.id in listed:
            continue  # a repeating event's later occurrences: the item is listed once
        listed.add(e.id)
        rule = getattr(e, "rrule", None)
        at = local(e.start_at, zone)
        items.append(Item("event", e.id, e.title, at, rule, e.place, start=e.start_at))
    for n in await store.notes.list(user_id):
        items.append(Item("note", n.id, f"{n.title}\n{n.body}".strip()))
    return State(tuple(items), zone)


def occurrences(item: Item, zone: str, cap: int = 1000) -> int | None:
    """How many times a rule occurs from the item's next time (`cap` for an endless one)."""
    if item.rrule is None or item.start is None:
        return None if item.start is None else 1
    start = item.start.astimezone(ZoneInfo(zone))
    lines = [f"RRULE:{line}" for line in item.rrule.splitlines() if "FREQ=" in line]
    text = "\n".join(lines).replace("RRULE:RRULE:", "RRULE:")
    for dtstart in (start, start.replace(tzinfo=None)):  # an UNTIL may be local or UTC
        try:
            return len(list(islice(iter(rrulestr(text, dtstart=dtstart)), cap)))
        except (ValueError, TypeError):
            continue
    return None


def match_items(kind: str, wanted: Sequence[Any], got: list[Item], zone: str) -> list[str]:
    """The exact set of items of a kind: each wanted one matched once by text, then details."""
    problems: list[str] = []
    left = list(got)
    for want in wanted:
        spec: dict[str, Any] = {"text": want} if isinstance(want, str) else dict(want)
        text = norm(str(spec.get("text", spec.get("title", ""))))
        at: str | None = spec.get("at", spec.get("due"))
        # Without a text (an alarm, say) the item is found by its time.
        found = next(
            (
                i
                for i in left
                if norm(i.text) == text or (not text and at and (i.at or "")[: len(at)] == at)
            ),
            None,
        )
        if found is None:
            problems.append(f"no {kind} {text or at!r}")
            continue
        left.remove(found)
        if at is not None and (found.at or "")[: len(at)] != at:
            problems.append(f"{kind} {text!r} at {found.at}, wanted {at}")
        if "place" in spec and norm(found.place) != norm(spec["place"]):
            problems.append(f"{kind} {text!r} place {found.place!r}, wanted {spec['place']!r}")
        if "paused" in spec and found.paused != spec["paused"]:
            problems.append(f"{kind} {text!r} paused={found.paused}, wanted {spec['paused']}")
        problems += [
            f"{kind} {text!r}: {p}" for p in rule_problems(spec.get("rrule_has", []), found.rrule)
        ]
        if "occurrences" in spec:
            count = occurrences(found, zone)
            if count != spec["occurrences"]:
                problems.append(
                    f"{kind} {text!r} occurs {count} times, wanted {spec['occurrences']}"
                )
    problems += [f"unexpected {kind} {i.text!r}" for i in left]
    return problems


def reply_text(reply: Reply) -> str:
    labels = [b.label for row in reply.buttons for b in row]
    return "\n".join([reply.text, reply.follow_up or "", " ".join(labels)]).strip()


def asked(reply: Reply) -> bool:
    return bool(reply.buttons) or "?" in reply.text


def created(before: State, after: State) -> list[Item]:
    """Items that are new, by id and by text: a move done as replace-by-a-copy is no creation."""
    old_ids = {(i.kind, i.id) for i in before.items}
    old_texts = {(i.kind, norm(i.text)) for i in before.items}
    return [
        i
        for i in after.items
        if (i.kind, i.id) not in old_ids and (i.kind, norm(i.text)) not in old_texts
    ]


def utc_offset(zone: str, at: datetime) -> str | None:
    """ "+05:30" for a zone at a moment; also for fixed-offset names like "UTC+5:30"."""
    try:
        delta = at.astimezone(ZoneInfo(zone)).utcoffset()
    except (ValueError, KeyError):
        fixed = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", zone.strip(), re.I)
        if fixed is None:
            return None
        sign, hours, minutes = fixed[1], int(fixed[2]), int(fixed[3] or 0)
        return f"{sign}{hours:02d}:{minutes:02d}"
    assert delta is not None
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def check(
    case: Case,
    reply: Reply,
    before: State,
    after: State,
    now: datetime,
    known: State | None = None,
) -> list[str]:
    """What differs from the expectation; `known` adds items seen earlier in the set-up."""
    expect = case.expect
    problems: list[str] = []
    for key, kind in (("tasks", "task"), ("reminders", "reminder"), ("events", "event")):
        if key in expect:
            problems += match_items(kind, expect[key], after.of(kind), after.timezone)
    notes = " \n".join(i.text.lower() for i in after.of("note"))
    problems += [
        f"no note has {w!r}" for w in expect.get("notes_contain", ()) if w.lower() not in notes
    ]
    if "notes_count" in expect and len(after.of("note")) != expect["notes_count"]:
        problems.append(f"{len(after.of('note'))} notes, wanted {expect['notes_count']}")
    problems += [
        f"a note has {w!r}" for w in expect.get("notes_not_contain", ()) if w.lower() in notes
    ]
    if "timezone" in expect and after.timezone != expect["timezone"]:
        problems.append(f"time zone {after.timezone}, wanted {expect['timezone']}")
    if "utc_offset" in expect:
        offset = utc_offset(after.timezone, now)
        if offset != expect["utc_offset"]:
            problems.append(
                f"time zone {after.timezone} is UTC{offset}, wanted {expect['utc_offset']}"
            )
    text = reply_text(reply).lower()
    problems += [
        f"reply lacks {w!r}" for w in expect.get("reply_contains", ()) if w.lower() not in text
    ]
    anyof = expect.get("reply_contains_any", ())
    if anyof and not any(w.lower() in text for w in anyof):
        problems.append(f"reply has none of {anyof}")
    problems += [
        f"reply has {w!r}" for w in expect.get("reply_not_contains", ()) if w.lower() in text
    ]
    if expect.get("asks"):
        if not asked(reply):
            problems.append("did not ask")
        if after != before:
            problems.append("stored something while asking")
    if expect.get("unchanged") and after != before:
        problems.append("changed what was stored")
    if case.about_existing:
        problems += [f"created {i.kind} {i.text!r}" for i in created(known or before, after)]
    return problems


async def send(harness: Harness, person: str, text: str) -> Reply:
    msg = Incoming(CHANNEL, person, f"chat-{person}", text=text, display_name=person.title())
    return await harness.core.dispatcher.handle(msg)


async def run_case(harness: Harness, case: Case, person: str) -> Outcome:
    zone = ZoneInfo(case.tz)
    harness.clock.set(datetime.fromisoformat(case.now).replace(tzinfo=zone))
    user = await harness.store.users.resolve(CHANNEL, person, f"chat-{person}", person, case.tz)
    await harness.store.users.set_timezone(user.id, case.tz)
    await harness.store.users.set_onboarded(user.id)
    # Items seen during set-up: a reminder that went off and is snoozed back is no new item.
    seen: list[Item] = []
    for line in case.setup:
        step = ADVANCE.match(line.strip())
        if step:
            seen.extend((await snapshot(harness, user.id, harness.clock.now())).items)
            harness.clock.advance(**{UNITS[step[2]]: float(step[1])})
            await harness.core.delivery.run_due()
        else:
            await send(harness, person, line)
    before = await snapshot(harness, user.id, harness.clock.now())
    known = State((*seen, *before.items), before.timezone)
    reply = await send(harness, person, case.say)
    after = await snapshot(harness, user.id, harness.clock.now())
    problems = check(case, reply, before, after, harness.clock.now(), known)
    sneaked = case.about_existing and bool(created(known, after))
    return Outcome(case, problems, reply_text(reply), after, sneaked)


async def run(cases: Sequence[Case], **settings: object) -> list[Outcome]:
    """Every case as a fresh person on one core; `settings` override the defaults."""
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory() as folder:
        config = make_settings(Path(folder), **settings)
        await upgrade(config.database_url)
        store = SqlAlchemyStore.from_url(config.database_url)
        harness = build_harness(store, config, FakeClock())
        try:
            for index, case in enumerate(cases):
                person = f"person{index}"
                try:
                    outcomes.append(await run_case(harness, case, person))
                except Exception as error:  # a crash is a failed case, not a failed run
                    outcomes.append(Outcome(case, [f"crashed: {error!r}"], "", None))
        finally:
            await harness.core.close()
            await store.close()
    return outcomes


def load(path: Path = CASES) -> list[Case]:
    return [Case.from_json(raw) for raw in json.loads(path.read_text(encoding="utf-8"))]


def figures(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    total, passed = Counter[str](), Counter[str]()
    for o in outcomes:
        total[o.case.domain] += 1
        passed[o.case.domain] += o.passed
    existing = [o for o in outcomes if o.case.about_existing]
    return {
        "benchmark": "conversation",
        "cases": len(outcomes),
        "passed": sum(o.passed for o in outcomes),
        "pass_rate": round(sum(o.passed for o in outcomes) / max(len(outcomes), 1), 3),
        "per_domain": {
            d: {"cases": total[d], "passed": passed[d], "rate": round(passed[d] / total[d], 3)}
            for d in sorted(total)
        },
        "about_existing": len(existing),
        "created_from_existing": sum(o.created_from_existing for o in existing),
        "failures": [o.case.id for o in outcomes if not o.passed],
        **describe(),
    }


def shorten(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def report(outcomes: Sequence[Outcome], full: bool) -> dict[str, Any]:
    result = figures(outcomes)
    print(f"machine: {one_line()}")
    print(f"{'domain':<12} {'cases':>6} {'passed':>7} {'rate':>7}")
    for domain, row in result["per_domain"].items():
        print(f"{domain:<12} {row['cases']:>6} {row['passed']:>7} {row['rate']:>7.1%}")
    print(f"{'all':<12} {result['cases']:>6} {result['passed']:>7} {result['pass_rate']:>7.1%}")
    failed = [o for o in outcomes if not o.passed]
    if failed:
        print(f"\nfailures ({len(failed)}):")
    width = 10_000 if full else 110
    for o in failed:
        print(f"- {o.case.id}: {o.case.say!r}")
        print(f"    {shorten('; '.join(o.problems), width)}")
        print(f"    reply: {shorten(o.reply, width)}")
        if o.state is not None:
            print(f"    state: {shorten(o.state.brief(), width)}")
    print(
        f"\ncreated an item from a phrase about an existing one: "
        f"{result['created_from_existing']} of {result['about_existing']}"
    )
    return result


def main(argv: Sequence[str] | None = None) -> None:
    configure_logs("WARNING")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", action="append", help="run only this case id (repeatable)")
    parser.add_argument("--failures", action="store_true", help="show failures in full")
    parser.add_argument("--cases", type=Path, default=CASES, help="the case file")
    args = parser.parse_args(argv)
    cases = load(args.cases)
    if args.case:
        cases = [c for c in cases if c.id in set(args.case)]
        if not cases:
            sys.exit(f"no case {', '.join(args.case)}")
    result = report(asyncio.run(run(cases)), args.failures)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
