"""Finding the item a person points at, among their own open items only.

A number is looked up as it is. Words are matched loosely ("milk" finds "buy milk", "dentist"
finds "Dentist appointment", a typo or a plural still matches); a clock time ("my 3pm") finds
the next item at that time; "the first one" and "the last one" count in the listing's order.
When the words do not name the kind of item, every kind the action applies to is searched,
the one the message seemed about first. One match is acted on; several are offered as buttons;
none is said plainly. Nothing is ever created here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from difflib import SequenceMatcher

from bot.context import Context
from bot.knowledge.text import fold
from bot.messages import Reply
from bot.models import DeliveryKind
from bot.nlu.frame import Action, Domain, Frame, Ref
from bot.nlu.patterns import kind_of

PICK_ACTION = "pk"
_SPOKEN = (DeliveryKind.REMINDER, DeliveryKind.SNOOZED)
_EVERY = re.compile(
    r"(?:all|every|everything)(?:\s+(?:of\s+)?(?:my|them|it|the|those|these))?", re.I
)
# Which kinds of item an action can apply to, most likely first.
_DOMAINS_FOR = {
    Action.COMPLETE: (Domain.TASKS, Domain.REMINDERS),
    Action.DELETE: (Domain.TASKS, Domain.REMINDERS, Domain.EVENTS, Domain.NOTES),
    Action.CANCEL: (Domain.REMINDERS, Domain.EVENTS, Domain.TASKS),
    Action.MOVE: (Domain.EVENTS, Domain.REMINDERS, Domain.TASKS),
    Action.EDIT: (Domain.TASKS, Domain.NOTES, Domain.REMINDERS, Domain.EVENTS),
    Action.APPEND: (Domain.NOTES,),
    Action.PAUSE: (Domain.REMINDERS,),
    Action.RESUME: (Domain.REMINDERS,),
    Action.SHOW: (Domain.EVENTS, Domain.REMINDERS, Domain.TASKS),
    Action.REMIND_BEFORE: (Domain.EVENTS, Domain.TASKS, Domain.REMINDERS),
    Action.SNOOZE: (Domain.REMINDERS,),
}
_NOUNS = {
    Domain.TASKS: "task",
    Domain.REMINDERS: "reminder",
    Domain.EVENTS: "event",
    Domain.NOTES: "note",
}
_LISTINGS = {
    Domain.TASKS: "/tasks",
    Domain.REMINDERS: "/reminders",
    Domain.EVENTS: "/events",
    Domain.NOTES: "/notes",
}
# Words that say nothing about which item: articles, kind words, and the verbs people put
# around an item's name ("I got the milk", "the passport is sorted").
_STOP = frozenset(
    {
        "the",
        "a",
        "an",
        "my",
        "our",
        "your",
        "to",
        "for",
        "about",
        "of",
        "with",
        "on",
        "at",
        "in",
        "this",
        "that",
        "it",
        "one",
        "item",
        "task",
        "tasks",
        "reminder",
        "reminders",
        "event",
        "events",
        "appointment",
        "meeting",
        "note",
        "notes",
        "please",
        "i",
        "i've",
        "ive",
        "have",
        "has",
        "had",
        "got",
        "get",
        "did",
        "done",
        "is",
        "are",
        "was",
        "were",
        "been",
        "be",
        "sorted",
        "finished",
        "already",
        "just",
        "now",
        "all",
        "off",
        "anymore",
        "any",
        "more",
        "not",
        "going",
        "can",
        "cant",
        "can't",
        "t",
        "do",
        "make",
        "won't",
        "wont",
        "need",
        "due",
        "thing",
        "stuff",
        "s",
        "you",
        "again",
        "nvm",
        "nevermind",
        "they",
        "ve",
        "rang",
        "phoned",
        "we",
        "so",
        "ok",
        "okay",
        "ya",
        "já",
        "schon",
        "déjà",
        "già",
        "уже",
        "le",
        "la",
        "les",
        "l",
        "de",
        "du",
        "des",
        "chez",
        "el",
        "los",
        "las",
        "del",
        "al",
        "con",
        "il",
        "lo",
        "gli",
        "per",
        "про",
        "o",
        "os",
        "as",
        "da",
        "dos",
        "na",
        "no",
        "em",
        "bei",
        "beim",
        "der",
        "die",
        "das",
        "dem",
        "den",
        "zum",
        "zur",
    }
)
_WORD = re.compile(r"\w+")
# Below this a match is no match; within this of the best, a match is as good as the best.
MIN_SCORE = 0.55
PARTIAL = 0.85
# "the dentist" with "Dentist" and "Dentist checkup" both open: close enough to ask.
TIE = 0.2
MAX_CHOICES = 5


@dataclass(frozen=True, slots=True)
class Item:
    """One of a person's items as a reference sees it."""

    domain: Domain
    number: int
    label: str
    at: datetime | None


def noun(domain: Domain) -> str:
    return _NOUNS.get(domain, "item")


async def items_of(ctx: Context, domain: Domain) -> list[Item]:
    """The person's open items of one kind, in the order their listing shows them."""
    user = ctx.user.id
    if domain is Domain.TASKS:
        return [
            Item(domain, t.number, t.text, t.due_at) for t in await ctx.store.tasks.list_open(user)
        ]
    if domain is Domain.REMINDERS:
        return [
            Item(domain, r.number, r.text, r.due_at)
            for r in await ctx.store.reminders.list_active(user)
        ]
    if domain is Domain.EVENTS:
        events = await ctx.store.events.upcoming(user, ctx.services.clock.now())
        seen: set[int] = set()
        found = []
        for e in events:
            if e.number not in seen:
                seen.add(e.number)
                found.append(Item(domain, e.number, e.title, e.start_at))
        return found
    if domain is Domain.NOTES:
        return [
            Item(domain, n.number, f"{n.title}: {n.body}" if n.title else n.body, None)
            for n in await ctx.store.notes.list(user)
        ]
    return []


def _tokens(text: str) -> list[str]:
    return [w.rstrip("s") if len(w) > 3 else w for w in _WORD.findall(fold(text))]


def _token_in(token: str, others: list[str]) -> bool:
    return any(
        token == other
        or (len(token) >= 4 and other.startswith(token))
        or (len(other) >= 4 and token.startswith(other))
        or (len(token) >= 4 and SequenceMatcher(None, token, other).ratio() >= 0.8)
        for other in others
    )


def score(words: str, label: str) -> float:
    """How well `words` name an item labelled `label`, from 0 (not at all) to 1 (exactly)."""
    query, target = fold(" ".join(_WORD.findall(words))), fold(" ".join(_WORD.findall(label)))
    if not query or not target:
        return 0.0
    if query == target:
        return 1.0
    wanted = [t for t in _tokens(words) if t not in _STOP and len(t) > 1] or _tokens(words)
    have = _tokens(label)
    found = sum(_token_in(t, have) for t in wanted)
    if found == len(wanted):
        return PARTIAL
    # Some words match: weigh how much of the request and of the item's name they cover.
    named = [t for t in have if t not in _STOP] or have
    covered = sum(_token_in(t, wanted) for t in named)
    precision, recall = found / len(wanted), covered / len(named)
    overlap = 2 * precision * recall / (precision + recall) if found and covered else 0.0
    whole = SequenceMatcher(None, query, target).ratio()
    return max(whole if whole >= 0.75 else 0.0, PARTIAL * overlap)


def mentioned(words: str, text: str) -> float:
    """The share of the meaningful words of `words` that `text` mentions, loosely."""
    wanted = [t for t in _tokens(words) if t not in _STOP and len(t) > 1] or _tokens(words)
    have = _tokens(text)
    return sum(_token_in(t, have) for t in wanted) / len(wanted) if wanted and have else 0.0


def key_words(text: str) -> list[str]:
    """The words of `text` that say what it is about, as written: no articles or kind words.

    "find my notes about the locker" is about "locker"; words that are all filler stay.
    """
    words = _WORD.findall(text)
    return [w for w in words if len(w) > 1 and fold(w) not in _STOP] or words


async def close_items(ctx: Context, words: str, domains: tuple[Domain, ...]) -> list[Item]:
    """The person's items that mention most of `words` loosely: typos and plurals forgiven."""
    found = [
        (mentioned(words, item.label), item)
        for domain in domains
        for item in await items_of(ctx, domain)
    ]
    close = sorted((pair for pair in found if pair[0] >= 0.5), key=lambda pair: -pair[0])
    return [item for _, item in close]


def _matches(ref: Ref, items: list[Item], ctx: Context) -> list[tuple[float, Item]]:
    if ref.number is not None:
        return [(1.0, i) for i in items if i.number == ref.number]
    if ref.ordinal is not None:
        ordered = sorted(items, key=lambda i: i.number)
        index = ref.ordinal - 1 if ref.ordinal > 0 else ref.ordinal
        return [(1.0, ordered[index])] if -len(ordered) <= index < len(ordered) else []
    if ref.on is not None:
        items = [i for i in items if i.at and i.at.astimezone(ctx.tz).date() == ref.on]
    if ref.at is not None:
        items = [i for i in items if i.at and i.at.astimezone(ctx.tz).time() == ref.at]
        if ref.on is None and items:
            # "my 3pm": the next one at that time, not every day's.
            first = min(i.at or ctx.now() for i in items).astimezone(ctx.tz).date()
            items = [i for i in items if (i.at or ctx.now()).astimezone(ctx.tz).date() == first]
    if not ref.words:
        return [(1.0, i) for i in items]
    scored = [(score(ref.words, i.label), i) for i in items]
    return [(s, i) for s, i in scored if s >= MIN_SCORE]


def _order(frame: Frame) -> tuple[Domain, ...]:
    ref = frame.slots.ref
    if ref is not None and ref.kind is not None:
        return (ref.kind,)
    usual = _DOMAINS_FOR.get(frame.action, (frame.domain,))
    if ref is not None and ref.number is not None:
        return (frame.domain,)
    first = (frame.domain,) if frame.domain in usual else ()
    return first + tuple(d for d in usual if d != frame.domain)


async def resolve(ctx: Context, frame: Frame) -> Frame | Reply:
    """The frame pinned to the one item it points at, or the reply that asks or finds none.

    "it" and "that" are the item the person last made or acted on, when the action fits it.
    """
    ref = frame.slots.ref
    if ref is not None and ref.or_it and not await _found(ctx, frame, ref):
        ref = None
    if ref == Ref() and not await _just_spoke(ctx):
        return await _alone(ctx, frame)
    if ref is not None and _EVERY.fullmatch(ref.words):
        # "delete all my tasks": one at a time, so nothing goes by a slip.
        return await _which(ctx, frame)
    if ref is None or not ref.points:
        recent = ctx.services.recent.get(ctx.user.id)
        kinds = _DOMAINS_FOR.get(frame.action, ())
        wanted = ref.kind if ref is not None and ref.kind else None
        if recent is not None and recent[0] in kinds and wanted in (None, recent[0]):
            return pinned(frame, Item(recent[0], recent[1], "", None))
        return await _which(ctx, frame)
    found = await _found(ctx, frame, ref)
    if not found and ref.kind is not None and kind_of(ref.words) is ref.kind:
        return await _which(ctx, frame)  # "delete the note": which one?
    if not found:
        return _none(frame)
    best = max(s for s, _, _ in found)
    top = [(rank, i) for s, rank, i in found if s >= best - TIE]
    first_rank = min(rank for rank, _ in top)
    chosen = [i for rank, i in top if rank == first_rank]
    if len(chosen) == 1:
        return pinned(frame, chosen[0])
    return ask(ctx, frame, [i for _, i in top][:MAX_CHOICES])


async def _just_spoke(ctx: Context) -> bool:
    """Whether a reminder spoke and has not been answered: a lone "done" is about it."""
    last = await ctx.store.deliveries.last_sent(ctx.user.id, _SPOKEN)
    return last is not None and last.acknowledged_at is None


async def _alone(ctx: Context, frame: Frame) -> Frame | Reply:
    """A verb alone ("done", "delete"): the only item it can mean, else which one is asked."""
    items = [i for d in _DOMAINS_FOR.get(frame.action, ()) for i in await items_of(ctx, d)]
    if len(items) == 1:
        return pinned(frame, items[0])
    if not items:
        return Reply("There is nothing open to act on. To see what you have: /tasks · /reminders")
    return ask(ctx, frame, items[:MAX_CHOICES])


async def _found(ctx: Context, frame: Frame, ref: Ref) -> list[tuple[float, int, Item]]:
    found: list[tuple[float, int, Item]] = []
    for rank, domain in enumerate(_order(frame)):
        found.extend((s, rank, i) for s, i in _matches(ref, await items_of(ctx, domain), ctx))
    return found


async def resolve_all(ctx: Context, frame: Frame) -> list[Frame] | Reply:
    """Every item the frame names.

    Each of "1 and 3" or "bread, milk" when each part names one item of its own, else the one
    the whole names.
    """
    parts: list[Frame] = []
    failed: Reply | None = None
    for ref in frame.slots.more:
        part = await resolve(ctx, replace(frame, slots=replace(frame.slots, ref=ref, more=())))
        if isinstance(part, Reply):
            failed = part
            break
        if part not in parts:
            parts.append(part)
    if failed is None and len(parts) > 1:
        return parts
    whole = await resolve(ctx, frame)
    if isinstance(whole, Frame):
        return [whole]
    return whole if whole.buttons or failed is None else failed


def remember(ctx: Context, domain: Domain, number: int) -> None:
    """The item a later "it" or "that" means."""
    ctx.services.recent[ctx.user.id] = (domain, number)


def forget_recent(ctx: Context) -> None:
    """After a question about something not yet saved, "it" no longer means the last item."""
    ctx.services.recent.pop(ctx.user.id, None)


def pinned(frame: Frame, item: Item) -> Frame:
    """The frame acting on exactly `item`, and on the day named, if one was ("… this friday")."""
    said = frame.slots.ref
    ref = Ref(number=item.number, kind=item.domain, on=said.on if said is not None else None)
    return replace(frame, domain=item.domain, slots=replace(frame.slots, ref=ref))


def ask(ctx: Context, frame: Frame, items: list[Item]) -> Reply:
    """Offer `items` as buttons; the press acts on the one picked."""
    ctx.services.pending[ctx.user.id] = frame
    buttons = tuple(
        (ctx.button(item_label(ctx, item), PICK_ACTION, f"{item.domain.value[0]}{item.number}"),)
        for item in items
    )
    return Reply(f"Which one do you mean{_verb(frame)}?", buttons=buttons)


async def _which(ctx: Context, frame: Frame) -> Reply:
    domain = frame.slots.ref.kind if frame.slots.ref and frame.slots.ref.kind else frame.domain
    items = await items_of(ctx, domain)
    if not items:
        return Reply(f"You have no open {noun(domain)}s.")
    return ask(ctx, frame, items[:MAX_CHOICES])


def picked(ctx: Context, arg: str) -> Frame | None:
    """The pending frame pinned to the item a pick button names, or None when it is gone."""
    frame = ctx.services.pending.pop(ctx.user.id, None)
    domains = {d.value[0]: d for d in _NOUNS}
    if frame is None or len(arg) < 2 or arg[0] not in domains or not arg[1:].isdigit():
        return None
    return pinned(frame, Item(domains[arg[0]], int(arg[1:]), "", None))


def item_label(ctx: Context, item: Item) -> str:
    """'Reminder 2: call mum (Tue 03 Mar 09:00)', as on a button."""
    when = f" ({item.at.astimezone(ctx.tz):%a %d %b %H:%M})" if item.at else ""
    label = item.label if len(item.label) <= 40 else item.label[:39] + "…"
    return f"{noun(item.domain).title()} {item.number}: {label}{when}"


_VERBS = {
    Action.COMPLETE: " to mark done",
    Action.DELETE: " to delete",
    Action.CANCEL: " to cancel",
    Action.MOVE: " to move",
    Action.EDIT: " to change",
    Action.APPEND: " to add to",
    Action.PAUSE: " to pause",
    Action.RESUME: " to resume",
    Action.SNOOZE: " to snooze",
}


def _verb(frame: Frame) -> str:
    return _VERBS.get(frame.action, "")


def _none(frame: Frame) -> Reply:
    ref = frame.slots.ref
    assert ref is not None
    kinds = _order(frame)
    plural = [f"{noun(k)}s" for k in kinds]
    names = plural[0] if len(plural) == 1 else f"{', '.join(plural[:-1])} or {plural[-1]}"
    listings = " · ".join(_LISTINGS[k] for k in kinds if k in _LISTINGS)
    if ref.number is not None:
        return Reply(
            f"You have no {'open ' if kinds[0] is Domain.TASKS else ''}{noun(kinds[0])} number "
            f"{ref.number}. Send {listings} to see them."
        )
    return Reply(
        f"I couldn't find {ref.describe()} among your open {names}. Nothing was changed. "
        f"To see them: {listings}"
    )
