"""The frame a message is understood as: what it is about, what to do, and with what."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from bot.timeparse import When


class Domain(StrEnum):
    REMINDERS = "reminders"
    TASKS = "tasks"
    NOTES = "notes"
    EVENTS = "events"
    TIME = "time"
    PROFILE = "profile"
    HELP = "help"
    SMALLTALK = "smalltalk"
    QUESTION = "question"


class Action(StrEnum):
    CREATE = "create"
    LIST = "list"
    SHOW = "show"
    COMPLETE = "complete"
    DELETE = "delete"
    EDIT = "edit"
    APPEND = "append"
    MOVE = "move"
    SNOOZE = "snooze"
    PAUSE = "pause"
    RESUME = "resume"
    CANCEL = "cancel"
    SEARCH = "search"
    SET_TIMEZONE = "set-timezone"
    TIME_IN_PLACE = "time-in-place"
    # Between two places: how far apart their clocks are, or a time in one told in the other.
    TIME_BETWEEN = "time-between"
    AGENDA_QUERY = "agenda-query"
    # A new reminder a length of time before an item that exists: "remind me an hour before".
    REMIND_BEFORE = "remind-before"
    ANSWER = "answer"


# Domains whose items a person keeps, and so can point at.
ITEM_DOMAINS = (Domain.TASKS, Domain.REMINDERS, Domain.EVENTS, Domain.NOTES)
# Actions on an item that exists already: they never create one.
REF_ACTIONS = frozenset(
    {
        Action.REMIND_BEFORE,
        Action.SHOW,
        Action.COMPLETE,
        Action.DELETE,
        Action.EDIT,
        Action.APPEND,
        Action.MOVE,
        Action.PAUSE,
        Action.RESUME,
        Action.CANCEL,
    }
)


@dataclass(frozen=True, slots=True)
class Ref:
    """A pointer at one of the speaker's items: by number, position, clock time or words.

    `kind` is the domain the words named ("reminder 2", "the dentist appointment"), else None;
    `on` the day they named ("tomorrow's meeting", "my 3pm on wednesday"). `or_it` says the
    words may be a reason rather than a name ("we're not going anymore, cancel it"): when
    they match nothing, "it" is meant.
    """

    number: int | None = None
    ordinal: int | None = None
    at: time | None = None
    words: str = ""
    kind: Domain | None = None
    on: date | None = None
    or_it: bool = False

    @property
    def points(self) -> bool:
        """Whether it says which item at all ("it" and "that" do not)."""
        return bool(self.words or self.number is not None or self.ordinal or self.at or self.on)

    def describe(self) -> str:
        if self.number is not None:
            return f"number {self.number}"
        if self.at is not None or self.on is not None:
            day = f" on {self.on:%a %d %b}" if self.on else ""
            return f"anything{day}" + (f" at {self.at:%H:%M}" if self.at else "")
        if self.ordinal is not None:
            return "the last one" if self.ordinal < 0 else f"number {self.ordinal} in the list"
        return f"“{self.words}”"


@dataclass(frozen=True, slots=True)
class Slots:
    """What the action needs; every field is optional.

    `text` is the item's text on create, the new text on edit, the query on search and question,
    and "free" on a schedule question that asks whether the person is free. `bad_time` is a
    clock time or date in the message that does not exist ("25:00", "30 feb").
    `span` is the stretch of time a listing or schedule question asks about. `shift` moves an
    item by a length ("push the dentist back an hour").
    """

    text: str = ""
    when: When | None = None
    place: str = ""
    duration: timedelta | None = None
    ref: Ref | None = None
    zone: str | None = None
    place_name: str = ""
    span: tuple[datetime, datetime] | None = None
    shift: timedelta | None = None
    urgent: bool = False
    bad_time: str = ""
    # Further items named in one go: "done 1 and 3", "cross off bread, milk".
    more: tuple[Ref, ...] = ()
    # Several new items said in one go: "put milk, bread and bananas on the shopping list".
    items: tuple[str, ...] = ()
    # The other place of a comparison of clocks, "" for where the person is.
    to_zone: str | None = None
    to_place: str = ""


@dataclass(frozen=True, slots=True)
class Frame:
    """One message, understood. `unsure` means: ask the person, offering `candidates`."""

    domain: Domain
    action: Action
    slots: Slots = field(default_factory=Slots)
    confidence: float = 1.0
    source: str = "rule"
    candidates: tuple[tuple[str, float], ...] = ()
    unsure: bool = False

    def to_json(self) -> dict[str, Any]:
        """The frame as plain JSON values, for `nudge intents predict --json`."""
        slots: dict[str, Any] = {}
        s = self.slots
        if s.text:
            slots["text"] = s.text
        if s.when is not None:
            slots["when"] = {
                "start": s.when.start.isoformat(),
                "end": s.when.end.isoformat() if s.when.end else None,
                "rrule": s.when.rrule,
                "text": s.when.text,
            }
        if s.place:
            slots["place"] = s.place
        if s.duration is not None:
            slots["duration_minutes"] = s.duration.total_seconds() / 60
        if s.ref is not None:
            slots["ref"] = {
                key: value
                for key, value in (
                    ("number", s.ref.number),
                    ("ordinal", s.ref.ordinal),
                    ("at", s.ref.at.strftime("%H:%M") if s.ref.at else None),
                    ("words", s.ref.words or None),
                    ("kind", str(s.ref.kind) if s.ref.kind else None),
                    ("on", s.ref.on.isoformat() if s.ref.on else None),
                )
                if value is not None
            }
        if s.zone:
            slots["zone"] = s.zone
        if s.place_name:
            slots["place_name"] = s.place_name
        if s.span is not None:
            slots["span"] = [s.span[0].isoformat(), s.span[1].isoformat()]
        if s.shift is not None:
            slots["shift_minutes"] = s.shift.total_seconds() / 60
        if s.urgent:
            slots["urgent"] = True
        return {
            "domain": str(self.domain),
            "action": str(self.action),
            "slots": slots,
            "confidence": round(self.confidence, 4),
            "source": self.source,
            "unsure": self.unsure,
            "candidates": [{"label": c, "confidence": round(p, 4)} for c, p in self.candidates],
        }
