"""From a message to its frame: rules for what the words say plainly, the router for the rest.

The order of the rules is the order of their certainty: the time and where one lives, a search
of notes, a listing, a schedule question, a verb on an existing item, then a cue that makes
something new. A message none of them claims goes where the intent router sends it; when the
router is unsure, the frame says so and the bot asks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from difflib import get_close_matches
from zoneinfo import ZoneInfo

from bot.intents import Routing
from bot.nlu import patterns as p
from bot.nlu.finished import finished_tasks
from bot.nlu.frame import ITEM_DOMAINS, Action, Domain, Frame, Ref, Slots
from bot.nlu.impossible import impossible_time
from bot.nlu.refs import VAGUE, read_ref
from bot.nlu.spans import grain, span_of
from bot.recurrence import earlier
from bot.timeparse import When, parse_duration, parse_when, strip_span
from bot.voice.policy import split_urgent
from bot.zones import find_zone

# A thing to buy is a few words; longer parts are a sentence, not a list.
MAX_THING_WORDS = 4
# The longest place name looked up at the start of "… in Lisbon for the next few months".
MAX_PLACE_WORDS = 5
# The text of a schedule question that asks whether the person is free.
FREE = "free"
# Where an action on an unnamed item looks first, when the router names no domain of items.
_DEFAULT_DOMAIN = {
    Action.COMPLETE: Domain.TASKS,
    Action.DELETE: Domain.TASKS,
    Action.CANCEL: Domain.REMINDERS,
    Action.MOVE: Domain.EVENTS,
    Action.EDIT: Domain.TASKS,
    Action.APPEND: Domain.NOTES,
    Action.PAUSE: Domain.REMINDERS,
    Action.RESUME: Domain.REMINDERS,
    Action.SNOOZE: Domain.REMINDERS,
    Action.SHOW: Domain.EVENTS,
}
# Completing by a loose phrase ("milk is done", "I bought milk") only when the router agrees.
_SOFT_COMPLETE = re.compile(
    rf"^i(?:'ve|\s+have)?\s|\s(?:done|finished|completed|✓|✅)\W*$|^{p.BARE_DONE}\s", re.I
)
_BARE_DONE = re.compile(rf"^{p.BARE_DONE}\s", re.I)
# "called the supplier, they deliver next week": what was done, then what was said of it.
_FIRST_CLAUSE = re.compile(r"\s*[,;]\s*|\s+-\s+")
# ", cross it off", "mark it done": said outright, whatever the router thinks.
_SAID_DONE = re.compile(
    r"\b(?:tick|cross|check|mark|strike)\s+(?:it|that|this)\s+(?:off|done|as\s+done)\b", re.I
)
_MOVE_ONLY = re.compile(
    rf"^(?:move|reschedule|re-schedule|push|shift|postpone|delay|bump|bring|put|d[ée]place|"
    rf"{p.FOREIGN_MOVES})\b",
    re.I,
)
_SEPARATORS = re.compile(rf"\s{p.MOVED_TO}\s", re.I)
_BARE_HOUR = re.compile(r"^\d{1,2}(?:\s+instead)?\W*$")
_BARE_PART = re.compile(r"^(?:the\s+)?(morning|afternoon|evening)(?:\s+instead)?\W*$", re.I)
_FILLER = re.compile(
    r"^(?:instead|please|then|now|rather|pls|(?:at\s+)?(?:the\s+)?same\s+time|same\s+day|"
    r"this\s+year|instead\s+of\s+.+|rather\s+than\s+.+)?\W*$",
    re.I,
)
_EARLIER = re.compile(r"\b(?:earlier|forward|sooner)\b", re.I)
_MORE = re.compile(r"\bmore\s+", re.I)
_SNOOZE_NUMBER = re.compile(
    r"^\s*(?:(?:the\s+)?reminder\s+)?#?(\d{1,6})\s+(?!(?:more\s+)?(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|"
    r"hours?|d|days?|w|weeks?)\b)(?:for\s+|by\s+)?(.+)$",
    re.I,
)
_SNOOZE_WORDS = re.compile(
    r"^\s*(?:(?:it|that|this|the\s+reminder)\s+)?(?:for\s+|by\s+|until\s+|till\s+|to\s+)?", re.I
)
_PLACE_AT = re.compile(r"\s+(?:at|in)\s+(?!\d)((?:the\s+)?[A-Z0-9][^,]*|the\s+[^,]+)$")
# Once the time is cut out, "… at kaiser" can only be a place.
_PLACE_AFTER_TIME = re.compile(
    r"\s+at\s+(?!\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|h|o'?clock)?\s*$)([^,]+)$", re.I
)
_FIND = re.compile(r"^(?:find|search(?:\s+for)?|look\s+(?:up|for)|grep)\s+(?P<q>.+)$", re.I)
# Bare list words a typo may hide.
_LIST_VOCAB = {
    "tasks": Domain.TASKS,
    "todos": Domain.TASKS,
    "todo": Domain.TASKS,
    "reminders": Domain.REMINDERS,
    "notes": Domain.NOTES,
    "events": Domain.EVENTS,
    "calendar": Domain.EVENTS,
    "appointments": Domain.EVENTS,
}
# "the bank one", "the plumber task": words that point at an item that exists.
_POINTS_AT_ITEM = re.compile(
    r"\b(?:the|that|this)\s+(?:[\w'-]+\s+){1,3}(?:one|task|reminder|note|event|appointment)\b",
    re.I,
)
# The head of a question: "what was the wifi password" asks, it does not tell.
_ASKS = re.compile(
    r"^(?:what|whats|what's|which|when|whens|when's|where|wheres|where's|who|how|do|does|did|is|"
    r"are|was|were|have(?!\s+(?:to|got\s+to)\b)|has|any|anything)(?=\s|$)"
    r"(?:\s+(?:was|is|were|are|do|did|does|note|notes|has|had))*(?:\s+(?:i|my|the|a|an))*\s*",
    re.I,
)
_PUT_IT_ON = re.compile(
    r"[,;.\s-]+(?:please\s+|pls\s+|can\s+you\s+)?(?:put|add|stick|pop)\s+(?:(?:it|that|this|them)\s+)?"
    r"(?:on|to|in)\s+(?:my\s+|the\s+)?(?:to-?\s?do\s+|task\s+|shopping\s+|grocery\s+)?"
    r"(?:list|tasks|to-?\s?dos?)"
    r"(?:\s+(?:please|pls|plz|thanks|thx))?\W*$",
    re.I,
)
# "remind me 30 mins before my doctors appt", "remind me to leave an hour before": before an item.
_BEFORE_ITEM = re.compile(
    r"^(?:remind|nudge|ping|alert|buzz|text)\s+(?:me|us)\s+(?:(?:to|about|of)\s+(?P<t>.+?)\s+)?"
    r"(?P<d>(?:an?|one|two|three|half\s+an|\d+(?:\.\d+)?)\s*-?\s*(?:min|mins|minutes?|hours?|hrs?|"
    r"h|m|days?)(?:\s+and\s+a\s+half)?)\s+(?:before|ahead\s+of|prior\s+to)(?:\s+(?P<x>.+?))?\W*$",
    re.I,
)
# "gotta book flights", "have to renew the passport": something to do, when nothing else is said.
_OBLIGATION = re.compile(
    r"^(?:i\s+)?(?:really\s+|still\s+)?(?:gotta|got\s+to|have\s+to|need\s+to|must|should)\s+"
    r"(?!(?:know|ask|tell|find\s+out|check\s+(?:what|when|if|whether))\b)\w",
    re.I,
)
# "lea's birthday is" once "on 14 january" is cut out: the verb was the date's, not the title's.
_DANGLING = re.compile(r"\s+(?:is|are|was|will\s+be|is\s+going\s+to\s+be)$", re.I)
_ALARM = re.compile(r"\b(?:wake\s+me|alarm)\b", re.I)
_REMIND_INSIDE = re.compile(r"\s(?:please\s+)?remind\s+(?:me|us)\s+(?:to|2|about|that|of)\s+", re.I)
_POSSESSIVE = re.compile(r"^'s\b|^’s\b")
# "…, we changed it": a clause after the item, not another item.
_CLAUSE = re.compile(r"^\s*(?:we|i|they|he|she|you|it|that|so|because|cos|as|since)\b", re.I)
_INTERJECTION = re.compile(
    r"^(?:(?:actually|oh|well|ok|okay|so|sorry|wait|no|hmm+|oops)\W+)+", re.I
)
_PRONOUN = re.compile(r"\b(?:it|that|this|one)\b", re.I)
_REASON = re.compile(
    r"^(?:(?:actually|oh|well|ok|okay|so|sorry|hmm+|ugh)\W+)*(?:we|i|they|he|she|it|that)\b.*"
    r"(?:\bnot\b|n't\b|\bno\s+longer\b|\banymore\b|\bany\s+more\b|\bcancell?ed\b|\boff\b)",
    re.I,
)
_SAID_DONE_AFTER = re.compile(
    r"\s*[,;.-]+\s*(?:so\s+|please\s+|pls\s+)?(?:tick|cross|check|mark|strike)\s+(?:it|that|this)\b.*$",
    re.I,
)
_IN_PLACE = re.compile(r"\b(?:in|to|at)\s+([^,;]+)$", re.I)
_CLAUSE_AFTER = re.compile(
    r"\s*[,;]\s*(?:we|i|they|he|she|you|it|that|so|because|cos|as|since)\b.*$", re.I
)
# Between the parts of a list: "1 and 3", "bread, milk", "leche y huevos".
_LIST_SPLIT = re.compile(
    r"\s*(?:,|&|\+|\band\b|\bplus\b|\bet\b|\bund\b|\by\b|\be\b|\bи\b)\s*", re.I
)
# The verbs that open a chore; a list of chores splits only where each part has one.
_CHORES = re.compile(
    r"^(?:do|buy|get|call|ring|phone|text|email|e-mail|pay|book|fix|clean|tidy|wash|pick\s+up|"
    r"drop\s+off|send|post|mail|return|renew|write|cook|order|check|finish|print|sign|file|"
    r"cancel|sort|take|water|feed|walk|mow|hoover|vacuum|iron|pack|collect|visit|see|read|"
    r"update|submit|reply|answer|charge|clear|empty|change|replace|wrap|make)\b",
    re.I,
)
_CHORE_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+|then\s+)?|\s+and\s+(?=\S+\s))\s*", re.I)
# "adde task", "ad a reminder": the verb mistyped before the kind of item it adds.
_TYPED_ADD = re.compile(
    r"^(?:ad|adde|addd|aad|adn)\s+(?=(?:an?\s+)?(?:new\s+)?(?:task|taks|tsak|to-?do|reminder|note|event)\b)",
    re.I,
)
_AHEAD = re.compile(
    r"\s*[,;.]?\s*(?:and\s+)?(?:please\s+|pls\s+)?remind\s+me\s+(?P<d>(?:(?!remind\b).)+?)\s+"
    r"(?:before|beforehand|ahead|earlier|prior)(?:\s+to\s+(?P<t>.+?))?\W*$",
    re.I,
)
# A birthday or an anniversary comes back every year, whether or not that is said; a birthday
# party does not.
_YEARLY = re.compile(
    r"\b(?:birthday|bday|b-day|anniversary|geburtstag|anniversaire|cumplea[ñn]os|compleanno|"
    r"anivers[áa]rio|день\s+рождения)$",
    re.I,
)
# "… before lea's birthday to buy a present": where the item ends and what to do begins.
_TO_DO = re.compile(
    r"\s+to\s+(?=(?:buy|get|call|ring|book|order|send|pick|pack|wrap|check|pay|"
    r"email|text|leave|go|make|bring|take|prepare|print|charge|water|feed)\b)",
    re.I,
)
# "the day before", "the night before": a day ahead.
_DAY_AHEAD = re.compile(r"^(?:the\s+)?(?:day|night|evening)$", re.I)
# "its at 3 now", "thats on friday": the apostrophe a phone keyboard left out.
_ITS = re.compile(
    r"(?<![\w'])(it|that)(?=s\s+(?:at|on|in|now|actually|really|due|moved|been|for|"
    r"tomorrow|today|tonight|next|this)\b)",
    re.I,
)
# The words that open a question about a thing: what, where, who, which.
_WH_WORDS = r"what|whats|what's|where|wheres|where's|who|whos|who's|which"
_WH = re.compile(rf"^(?:{_WH_WORDS})\b(?!\s+(?:if|about)\b)", re.I)
# "whats the gate code again?": asked before, and asked the same.
_ASKED_AGAIN = re.compile(rf"^((?:{_WH_WORDS}|when|whens|when's|how)\b.*?)[\s,]+again(\W*)$", re.I)
_TYPED_TASK = re.compile(r"^(add\s+(?:an?\s+)?(?:new\s+)?)(?:taks|tsak|tassk)\b", re.I)
# "put the school play in my calendar": the article is no part of the title (a capital is).
_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\S)")
_MY = re.compile(r"^(?:show\s+|list\s+|see\s+)?(?:me\s+)?(?:my|all|the)\s+", re.I)
_TRAILING_BY = re.compile(r"\s+(?:by|due|before)$", re.I)
# "…, the dishes are still pending": a part said to be not done is no item to act on.
_STILL = r"\b(?:still|not\s+(?:yet|done|finished)|pending|to\s+go|left\s+to\s+do|isn'?t|aren'?t)\b"
_STILL_OPEN = re.compile(_STILL, re.I)
_STILL_OPEN_AFTER = re.compile(rf"\s*(?:[,;]|\bbut\b)[^,;]*?{_STILL}.*$", re.I)
_CHANGES = re.compile(r"\b(?:instead|rather\s+than)\b", re.I)
_NOW_TAIL = re.compile(r"\s+(?:now|instead|from\s+now\s+on)\W*$", re.I)


@dataclass(frozen=True, slots=True)
class _Message:
    text: str
    low: str
    now: datetime
    tz: str
    languages: Sequence[str] | None
    # Several rules look at the same words; each phrase is parsed once per message.
    _whens: dict[str, When | None] = field(default_factory=dict)

    def when(self, text: str) -> When | None:
        if text not in self._whens:
            self._whens[text] = parse_when(text, now=self.now, tz=self.tz, languages=self.languages)
        return self._whens[text]


def clean(text: str) -> str:
    """The message without padding and politeness: "please can you add milk?" → "add milk?"."""
    text = _TYPED_TASK.sub(r"\1task", _TYPED_ADD.sub("add ", " ".join(text.split()), count=1))
    text = _ITS.sub(r"\1'", text)
    text = _ASKED_AGAIN.sub(r"\1\2", text)
    body = p.POLITE_HEAD.sub("", text, count=1)
    return p.POLITE_TAIL.sub("", body) or body or text


def read(
    text: str,
    routing: Routing | None,
    *,
    now: datetime,
    tz: str,
    languages: Sequence[str] | None = None,
    domain: Domain | None = None,
    action: Action | None = None,
) -> Frame:
    """The frame of `text`; `domain` (and `action`) force the reading, as a command does."""
    body = clean(text)
    msg = _Message(body, body.lower().replace("’", "'"), now, tz, languages)
    if domain is not None and action is not None:
        return _forced(msg, domain, action)
    frame = (
        _time(msg)
        or _search(msg)
        or _listing(msg)
        or _agenda(msg)
        or _before_item(msg)
        or _item_verb(msg, routing, domain)
        or _created(msg, domain)
    )
    if frame is not None and (domain is None or frame.domain == domain or domain is Domain.PROFILE):
        return _with_routing(frame, routing)
    if domain is not None:
        return _with_routing(_default(msg, domain), routing)
    return _routed(msg, routing)


def _with_routing(frame: Frame, routing: Routing | None) -> Frame:
    if routing is None:
        return frame
    return Frame(
        frame.domain,
        frame.action,
        frame.slots,
        routing.confidence if frame.domain.value == routing.label else frame.confidence,
        frame.source,
        tuple(routing.candidates),
        frame.unsure,
    )


def _routed(msg: _Message, routing: Routing | None) -> Frame:
    if (routing is None or routing.label is None) and (nudge := _timed_nudge(msg)):
        return nudge
    if (routing is None or routing.label is None) and _OBLIGATION.match(msg.text):
        return _create(msg, Domain.TASKS)
    if (routing is None or routing.label is None) and (found := _FIND.match(msg.text)):
        return Frame(Domain.NOTES, Action.SEARCH, Slots(text=found["q"].strip(" ?.!")))
    if routing is None or routing.label is None:
        candidates = tuple(routing.candidates) if routing else ()
        first = Domain(candidates[0][0]) if candidates else Domain.QUESTION
        if first in (Domain.NOTES, Domain.QUESTION) and _WH.match(msg.text):
            # "whats the gate code again": a question stores nothing; the notes may answer it.
            return Frame(Domain.QUESTION, Action.ANSWER, Slots(text=msg.text))
        confidence = routing.confidence if routing else 0.0
        return Frame(
            first,
            Action.ANSWER,
            Slots(text=msg.text),
            confidence,
            "none",
            candidates,
            unsure=True,
        )
    domain = Domain(routing.label)
    if domain in ITEM_DOMAINS and _POINTS_AT_ITEM.search(msg.text) and not _ASKS.match(msg.text):
        # "make the bank one urgent": about an item we could not read; ask, never store it.
        return Frame(
            domain, Action.ANSWER, Slots(text=msg.text), routing.confidence, "none", unsure=True
        )
    if domain is Domain.EVENTS and not p.EVENT_WORDS.search(msg.text):
        when = msg.when(msg.text)
        if when is not None and when.rrule:
            domain = Domain.REMINDERS  # "every monday at 7 gym": a repeating nudge, not an event
    frame = _default(msg, domain)
    return Frame(
        frame.domain,
        frame.action,
        frame.slots,
        routing.confidence,
        routing.source,
        tuple(routing.candidates),
    )


def _before_item(msg: _Message) -> Frame | None:
    """A reminder a length of time before an item: the item is found when the frame is acted on.

    "30 min before 5pm to leave" names a time, not an item: the reminder is at 16:30.
    """
    said = _BEFORE_ITEM.match(msg.text)
    if said is None or (ahead := parse_duration(said["d"])) is None:
        return None
    target = said["x"] or ""
    text = said["t"] or ""
    if not text and (to := _TO_DO.search(target)):
        # "2 days before lea's birthday to buy a present"
        target, text = target[: to.start()], target[to.end() :]
    if target and (when := msg.when(target)) is not None:
        rest = re.sub(r"^(?:to|about)\s+", "", strip_span(target, when).strip(" ,"), flags=re.I)
        early = replace(when, start=when.start - ahead)
        return Frame(Domain.REMINDERS, Action.CREATE, Slots(text=text or rest, when=early))
    text = "" if text.lower() in VAGUE else text
    return Frame(
        Domain.EVENTS, Action.REMIND_BEFORE, Slots(text=text, duration=ahead, ref=read_ref(target))
    )


def _timed_nudge(msg: _Message) -> Frame | None:
    """A reminder when a time comes first, or a repeat, and something is left to do.

    "in 2 hours call Marco", "every tuesday at 8 football": even words new to the router.
    """
    when = msg.when(msg.text)
    if when is None or not strip_span(msg.text, when):
        return None
    if when.rrule or msg.text.lower().startswith(when.text.lower()):
        return _create(msg, Domain.REMINDERS)
    return None


def _default(msg: _Message, domain: Domain) -> Frame:
    """What a message means when only its domain is known.

    A question about a kind of item looks its items up; it never makes a new one.
    """
    if domain in ITEM_DOMAINS and _ASKS.match(msg.text):
        if domain is Domain.NOTES:
            return Frame(domain, Action.SEARCH, Slots(text=_ASKS.sub("", msg.text).strip(" ?")))
        if domain is Domain.EVENTS:
            span = span_of(msg.when(msg.text), msg.text, msg.now, ZoneInfo(msg.tz))
            return Frame(domain, Action.AGENDA_QUERY, Slots(span=span))
        return Frame(domain, Action.LIST)
    if domain is Domain.NOTES and (found := _FIND.match(msg.text)):
        return Frame(domain, Action.SEARCH, Slots(text=found["q"].strip(" ?.!")))
    if domain in ITEM_DOMAINS:
        return _create(msg, domain)
    if domain is Domain.TIME:
        return Frame(Domain.TIME, Action.SHOW, Slots(text=msg.text))
    if domain is Domain.PROFILE:
        return Frame(Domain.PROFILE, Action.SET_TIMEZONE, Slots(zone=find_zone(msg.text)))
    return Frame(domain, Action.ANSWER, Slots(text=msg.text))


def _forced(msg: _Message, domain: Domain, action: Action) -> Frame:
    """A command's arguments, read for the action the command names."""
    if action is Action.CREATE:
        return _create(msg, domain, prefix=False)
    if action is Action.SEARCH:
        return Frame(domain, action, Slots(text=msg.text))
    if action is Action.SET_TIMEZONE:
        return Frame(domain, action, Slots(zone=find_zone(msg.text), place_name=msg.text))
    if action is Action.SNOOZE:
        return _snooze(msg, msg.text)
    if action in (Action.EDIT, Action.MOVE):
        head, _, rest = msg.text.partition(" ")
        ref = read_ref(head)
        if action is Action.EDIT:
            return Frame(domain, action, Slots(text=rest.strip(), ref=ref))
        return Frame(domain, action, Slots(when=msg.when(rest) if rest.strip() else None, ref=ref))
    return Frame(domain, action, Slots(ref=read_ref(msg.text)))


# The rules, most certain first ----------------------------------------------------------------


def _time(msg: _Message) -> Frame | None:
    for domain, action, patterns in (
        (Domain.TIME, Action.TIME_IN_PLACE, p.TIME_IN_PLACE),
        (Domain.PROFILE, Action.SET_TIMEZONE, p.SET_ZONE),
    ):
        if match := next(filter(None, (x.match(msg.text) for x in patterns)), None):
            said = match["p"] or ""  # "set my timezone" alone: which one is asked
            zone, place = place_zone(said)
            if zone is None and (inner := _IN_PLACE.search(said)):
                zone, place = place_zone(inner[1])  # "my timezone is wrong, I'm in Helsinki"
            return Frame(domain, action, Slots(zone=zone, place_name=place))
    for domain, action, patterns in (
        (Domain.PROFILE, Action.SET_TIMEZONE, p.LIVE_IN),
        (Domain.TIME, Action.TIME_IN_PLACE, p.LOOSE_TIME_IN),
    ):
        for pattern in patterns:
            if (match := pattern.match(msg.text)) and (found := place_zone(match["p"]))[0]:
                return Frame(domain, action, Slots(zone=found[0], place_name=found[1]))
    for pattern in p.TIME_BETWEEN:
        if (match := pattern.match(msg.text)) and (first := place_zone(match["a"]))[0]:
            groups = match.groupdict()
            second = place_zone(groups["b"]) if groups.get("b") else (msg.tz, "")
            if second[0] is None:
                continue
            # The time said is the first place's: "when it's 3pm in london".
            said = groups.get("t")
            when = parse_when(said, now=msg.now, tz=first[0]) if said else None
            slots = Slots(
                zone=first[0], place_name=first[1], to_zone=second[0], to_place=second[1], when=when
            )
            return Frame(Domain.TIME, Action.TIME_BETWEEN, slots)
    for pattern in p.DAY_QUESTION:
        if (match := pattern.match(msg.text)) and (when := _whole_time(msg, match["d"])):
            return Frame(Domain.TIME, Action.SHOW, Slots(text=msg.text, when=when))
    if p.WHAT_TIME.match(msg.low):
        return Frame(Domain.TIME, Action.SHOW, Slots(text=msg.text))
    return None


def place_zone(text: str) -> tuple[str | None, str]:
    """The zone of the place `text` starts with, and that place: "Lisbon for a few months"."""
    words = text.strip().split()
    for size in range(min(len(words), MAX_PLACE_WORDS), 0, -1):
        place = " ".join(words[:size]).strip(" ,.!?")
        if (zone := find_zone(place)) is not None:
            return zone, place
    return None, text.strip()


def _search(msg: _Message) -> Frame | None:
    for pattern in p.SEARCH_NOTES:
        if match := pattern.match(msg.text):
            return Frame(Domain.NOTES, Action.SEARCH, Slots(text=match["q"].strip(" ?.!\"'")))
    return None


def _listing(msg: _Message) -> Frame | None:
    if done := finished_tasks(msg.text, msg.now, msg.tz):
        return done
    for bare, pattern in p.BARE_LIST:
        if pattern.match(msg.text):
            return Frame(bare, Action.LIST)
    word = _MY.sub("", msg.low.strip(" ?!."))
    if " " not in word and (close := get_close_matches(word, _LIST_VOCAB, n=1, cutoff=0.8)):
        return Frame(_LIST_VOCAB[close[0]], Action.LIST)  # "remiders", "tsks"
    match = p.LIST_REQUEST.match(msg.text)
    if match is None:
        return None
    domain = p.list_domain(match["kind"])
    if domain is None:
        return None
    rest = match["rest"].strip()
    if rest and not re.fullmatch(
        r"(?:do\s+i\s+have|have\s+i\s+got|are\s+there|left|now|\W)*", rest, re.I
    ):
        when = msg.when(rest)
        if when is None:
            return None if domain is Domain.NOTES else Frame(domain, Action.LIST)
        if domain is Domain.EVENTS:
            span = span_of(when, rest, msg.now, ZoneInfo(msg.tz))
            return Frame(Domain.EVENTS, Action.AGENDA_QUERY, Slots(when=when, span=span))
    return Frame(domain, Action.LIST)


def _agenda(msg: _Message) -> Frame | None:
    for pattern in p.AGENDA:
        if match := pattern.match(msg.text):
            rest = match["rest"].strip()
            when = msg.when(rest) if rest else None
            if when is None and rest and not p.SCHEDULE_WORDS.search(msg.text):
                return None
            span = span_of(when, rest, msg.now, ZoneInfo(msg.tz))
            free = FREE if p.FREE_BUSY.search(msg.text) else ""
            return Frame(Domain.EVENTS, Action.AGENDA_QUERY, Slots(text=free, when=when, span=span))
    if match := p.WHEN_IS.match(msg.text):
        ref = _ref(msg, match["x"])
        if ref is not None and (ref.words or ref.number is not None or ref.at is not None):
            return Frame(ref.kind or Domain.EVENTS, Action.SHOW, Slots(ref=ref))
    return None


def _item_verb(msg: _Message, routing: Routing | None, forced: Domain | None) -> Frame | None:
    label = forced.value if forced else routing.label if routing else None
    for action, pattern in p.LONE_VERBS:
        if pattern.match(msg.text):
            # "done" alone names no item; "mark it done" means the one just made or spoken of.
            alone = None if _PRONOUN.search(msg.text) else Ref()
            return _in_domain(Frame(_DEFAULT_DOMAIN[action], action, Slots(ref=alone)), label)
    for action, pattern in p.ITEM_VERBS:
        match = pattern.match(msg.text)
        if match is None:
            continue
        if action is Action.SNOOZE:
            return _snooze(msg, match["rest"])
        soft = (
            action is Action.COMPLETE
            and _SOFT_COMPLETE.search(msg.text)
            and not _SAID_DONE.search(msg.text)
        )
        if soft and label not in (None, Domain.TASKS.value, Domain.REMINDERS.value):
            continue
        if soft and _BARE_DONE.match(msg.text) and msg.when(_FIRST_CLAUSE.split(msg.text)[0]):
            continue  # "got a dentist appt tuesday at 3" tells of something new
        if action in (Action.MOVE, Action.EDIT) and _makes_new(msg, match):
            continue
        if action is Action.APPEND and _not_a_note(msg, match["x"]):
            continue
        if action is Action.MOVE:
            frame = _move(msg, match)
            if frame is None:
                continue
            return _in_domain(frame, label)
        slots = Slots(ref=_ref(msg, match["x"]))
        if action is Action.EDIT and match.groupdict().get("pl"):
            slots = Slots(ref=slots.ref, place=_place(match["pl"]))
            return _in_domain(Frame(Domain.EVENTS, action, slots), label)
        if action in (Action.EDIT, Action.APPEND):
            slots = Slots(ref=slots.ref, text=match["t"].strip(" \"'“”‘’"))
        elif action in (Action.COMPLETE, Action.DELETE, Action.CANCEL):
            slots = Slots(ref=slots.ref, more=_several(msg, match["x"]))
        return _in_domain(Frame(_DEFAULT_DOMAIN[action], action, slots), label)
    return None


def _not_a_note(msg: _Message, target: str) -> bool:
    """Whether "add X to TARGET" names a day or another kind of item ("bob to the meeting")."""
    ref = read_ref(target)
    named = ref.kind if ref is not None else None
    return (
        msg.when(target) is not None
        or named not in (None, Domain.NOTES)
        or _CHORES.match(target) is not None  # "add a reminder to call mum": what to do
    )


def _ref(msg: _Message, phrase: str) -> Ref | None:
    """The reference in `phrase`, with the day or clock time it names taken out of its words.

    "tomorrow's meeting" is the meeting on tomorrow's date; "my 3pm on wednesday" is whatever
    is at 15:00 that Wednesday.
    """
    phrase = _SAID_DONE_AFTER.sub("", _STILL_OPEN_AFTER.sub("", _CLAUSE_AFTER.sub("", phrase)))
    phrase = _INTERJECTION.sub("", phrase)
    ref = read_ref(phrase)
    if ref is not None and _REASON.match(phrase):
        ref = replace(ref, or_it=True)
    if ref is None or not ref.words:
        return ref
    when = msg.when(ref.words)
    if when is None:
        return ref
    rest = _POSSESSIVE.sub("", strip_span(ref.words, when)).strip()
    inner = read_ref(rest) if rest else None
    base = inner or Ref(kind=ref.kind)
    has_day, has_clock = grain(when)
    local = when.start.astimezone(ZoneInfo(msg.tz))
    return replace(
        base,
        kind=base.kind or ref.kind,
        on=local.date() if has_day else None,
        at=base.at or (local.time() if has_clock else None),
    )


def _several(msg: _Message, phrase: str) -> tuple[Ref, ...]:
    """Each part of "1 and 3" or "bread, milk" as a reference, for when the whole names none."""
    parts = [
        part
        for part in _LIST_SPLIT.split(phrase)
        if part.strip() and not _CLAUSE.match(part) and not _STILL_OPEN.search(part)
    ]
    if len(parts) < 2:
        return ()
    refs = [_ref(msg, part) for part in parts]
    return tuple(r for r in refs if r is not None) if all(refs) else ()


def _makes_new(msg: _Message, match: re.Match[str]) -> bool:
    """Whether "set an alarm for 7" or "set a reminder for friday" asks for a new item.

    "remind me about the dentist an hour earlier" or "… at 12 instead" changes one.
    """
    ref = read_ref(match["x"])
    numbered = ref is not None and (ref.number is not None or ref.ordinal is not None)
    changes = match.groupdict().get("by") or _CHANGES.search(msg.text)
    return not numbered and not changes and any(cue.match(msg.text) for _, cue in p.CREATE_CUES)


def _place(words: str) -> str:
    """A place as said, without a trailing "now" or the article-less filler around it."""
    return _NOW_TAIL.sub("", words).strip(" ,;.!?\"'“”")


def _in_domain(frame: Frame, label: str | None) -> Frame:
    """Put an action on an item in the domain the words, or else the router, name."""
    ref = frame.slots.ref
    if ref is not None and ref.kind is not None:
        return Frame(ref.kind, frame.action, frame.slots)
    if label is not None and Domain(label) in ITEM_DOMAINS:
        return Frame(Domain(label), frame.action, frame.slots)
    return frame


def _move(msg: _Message, match: re.Match[str]) -> Frame | None:
    if not {"by", "w"} & match.groupdict().keys():
        # "change the time of my dentist appointment": to when is asked.
        return Frame(Domain.EVENTS, Action.MOVE, Slots(ref=_ref(msg, match["x"])))
    if "by" in match.groupdict() and match["by"] is not None:
        shift = parse_duration(match["by"])
        if shift is None:
            return None
        if _EARLIER.search(msg.text):
            shift = -shift
        return Frame(Domain.EVENTS, Action.MOVE, Slots(ref=_ref(msg, match["x"]), shift=shift))
    if (named := match.groupdict().get("w")) is not None:
        if (when := _whole_time(msg, named)) is not None:
            return Frame(Domain.EVENTS, Action.MOVE, Slots(ref=_ref(msg, match["x"]), when=when))
        if match.groupdict().get("prep") in ("at", "in", "to") and msg.when(named) is None:
            # "dinner's at Hawksmoor now, not Dishoom": where it is, not when.
            slots = Slots(ref=_ref(msg, match["x"]), place=_place(named))
            return Frame(Domain.EVENTS, Action.EDIT, slots)
    start = match.start("x")
    body = msg.text[start:]
    for sep in reversed(list(_SEPARATORS.finditer(body))):
        target = body[sep.end() :]
        # "move my 2pm to 4": a bare hour after "to" is a clock time; "à 16h", "a las 11" are
        # read with their own word for "at".
        when = _whole_time(msg, target) or _whole_time(msg, body[sep.start() :].strip())
        if when is not None:
            ref = _ref(msg, body[: sep.start()])
            return Frame(Domain.EVENTS, Action.MOVE, Slots(ref=ref, when=when))
    if _MOVE_ONLY.match(msg.text):
        return Frame(Domain.EVENTS, Action.MOVE, Slots(ref=_ref(msg, match["x"])))
    return None


def _whole_time(msg: _Message, target: str) -> When | None:
    """The time `target` names, when it is nothing but a time ("4", "friday at 10 instead")."""
    # "move my 2pm to 4": a bare hour after "to" is a clock time.
    said = f"at {target}" if _BARE_HOUR.match(target) else target
    if part := _BARE_PART.match(target):
        said = f"in the {part[1]}"  # "push it to the afternoon": that day's afternoon
    when = msg.when(said)
    return when if when is not None and _FILLER.match(strip_span(said, when)) else None


def _snooze(msg: _Message, rest: str) -> Frame:
    ref = None
    if match := _SNOOZE_NUMBER.match(rest):
        ref, rest = read_ref(match[1]), match[2]
    rest = _MORE.sub("", _SNOOZE_WORDS.sub("", rest, count=1)).strip(" ,")
    duration = parse_duration(rest) if rest else None
    when = msg.when(rest) if rest and duration is None else None
    return Frame(
        Domain.REMINDERS, Action.SNOOZE, Slots(ref=ref, duration=duration, when=when, text=rest)
    )


def _created(msg: _Message, forced: Domain | None) -> Frame | None:
    for domain, cue in p.CREATE_CUES:
        if (forced is None or forced is domain) and cue.match(msg.text):
            return _create(msg, domain)
    return None


# New items -----------------------------------------------------------------------------------


def _strip_prefix(text: str, domain: Domain) -> str:
    pattern = p.CREATE_PREFIX[domain]
    # The prefix ends at a word's end: "adde task" loses nothing to "add".
    return re.sub(
        rf"^\s*(?:{pattern})(?:(?<=\W)|(?!\w))\s*:?\s*", "", text, count=1, flags=re.I
    ).strip()


def _create(msg: _Message, domain: Domain, *, prefix: bool = True) -> Frame:
    frame = _new_item(msg, domain, prefix=prefix)
    when = frame.slots.when
    if when is not None and when.vague and domain in (Domain.EVENTS, Domain.REMINDERS):
        # "meeting next week": no day or time was said, so the handler asks when.
        frame = replace(frame, slots=replace(frame.slots, when=None))
    bad = impossible_time(msg.text)
    return replace(frame, slots=replace(frame.slots, bad_time=bad.strip())) if bad else frame


def _new_item(msg: _Message, domain: Domain, *, prefix: bool) -> Frame:
    text = msg.text
    if domain is Domain.NOTES:
        body = _strip_prefix(text, domain) if prefix else text
        return Frame(domain, Action.CREATE, Slots(text=body.strip()))
    if domain is Domain.EVENTS:
        return _create_event(msg, prefix=prefix)
    urgent, ahead, what = False, None, ""
    if domain is Domain.REMINDERS:
        text, urgent = split_urgent(text)
        if (said := _AHEAD.search(text)) and (ahead := _ahead(said["d"])):
            text = text[: said.start()]  # "leave at 4:15pm, remind me 30 min before"
            what = said["t"] or ""  # "…, remind me the day before to call her"
    when = msg.when(text)
    rest = strip_span(text, when) if when is not None else text
    if when is not None and ahead is not None:
        rule = earlier(when.rrule, when.start, ahead, msg.tz) if when.rrule else None
        when = replace(when, start=when.start - ahead, rrule=rule)
    item = _strip_prefix(rest, domain) if prefix else rest
    if domain is Domain.TASKS:
        item = _PUT_IT_ON.sub("", item)
        item = _TRAILING_BY.sub("", p.LIST_SUFFIX.sub("", item)).strip()
    if domain is Domain.REMINDERS and (inside := _REMIND_INSIDE.search(item)):
        item = item[inside.end() :]  # "every day at 9 for a week remind me to …"
    if domain is Domain.REMINDERS and not item.strip(" ,;:-") and (cue := _ALARM.search(text)):
        item = "Wake up" if cue[0].lower().startswith("wake") else "Alarm"
    quoted = p.QUOTED.findall(rest)
    if len(quoted) == 1:
        item = quoted[0]
    item = _DANGLING.sub("", item.strip(" ,;:-\"'“”‘’?"))
    if what:
        item = f"{what} ({item})" if item else what
    things = _things(item) if domain is Domain.TASKS and p.SHOPPING.search(text) else ()
    if domain is Domain.TASKS and not things and _CHORES.match(item):
        things = _chores(item)
    return Frame(domain, Action.CREATE, Slots(text=item, when=when, urgent=urgent, items=things))


def _every_year(start: datetime, tz: str) -> str:
    """The rule of a birthday or an anniversary: the same day each year, at its hour."""
    local = start.astimezone(ZoneInfo(tz))
    return (
        f"FREQ=YEARLY;BYMONTH={local.month};BYMONTHDAY={local.day};"
        f"BYHOUR={local.hour};BYMINUTE={local.minute}"
    )


def _ahead(said: str) -> timedelta | None:
    """How long before: "30 min", "2 days", "the day"."""
    return timedelta(days=1) if _DAY_AHEAD.match(said.strip()) else parse_duration(said)


def _chores(item: str) -> tuple[str, ...]:
    """Several things to do said in one go: "do laundry, buy stamps and call the landlord".

    Only when three or more are listed and each opens with a verb of its own, so "buy milk and
    eggs", "call mum and dad" and "wash and dry the car" stay one task.
    """
    parts = [part.strip(" .!") for part in _CHORE_SPLIT.split(item) if part.strip(" .!")]
    if len(parts) < 3 or not all(_CHORES.match(part) for part in parts):
        return ()
    return tuple(parts)


def _things(item: str) -> tuple[str, ...]:
    """The things on a shopping list said in one go: "milk, bread and bananas" is three."""
    parts = [part.strip(" .!") for part in _LIST_SPLIT.split(item) if part.strip(" .!")]
    if len(parts) < 2 or any(len(part.split()) > MAX_THING_WORDS for part in parts):
        return ()
    return tuple(parts)


def _create_event(msg: _Message, *, prefix: bool) -> Frame:
    text = msg.text
    head, sep, place = text.rpartition("@")
    if sep and head.strip():
        text, place = head.strip(), place.strip()
    else:
        place = ""
    if " - " in text:
        when_part, title = (part.strip() for part in text.split(" - ", 1))
        when = msg.when(when_part)
        if when is None:
            when = msg.when(title)
            title = strip_span(title, when) if when else title
            title = f"{when_part} {title}".strip() if when is None else f"{when_part} - {title}"
    else:
        when = msg.when(text)
        title = strip_span(text, when) if when else text
        at_place = _PLACE_AFTER_TIME if when else _PLACE_AT
        if not place and (match := at_place.search(title)):
            title, place = title[: match.start()].strip(), match.group(1).strip()
    if prefix:
        title = _ARTICLE.sub("", _strip_prefix(title, Domain.EVENTS))
    title = _DANGLING.sub("", p.LIST_SUFFIX.sub("", title).strip(" ,;:-\"'“”‘’"))
    duration = when.end - when.start if when and when.end else None
    if when is not None and not when.rrule and _YEARLY.search(title):
        when = replace(when, rrule=_every_year(when.start, msg.tz))
    return Frame(
        Domain.EVENTS,
        Action.CREATE,
        Slots(text=title, when=when, place=place, duration=duration),
    )
