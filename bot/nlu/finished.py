"""Asking for the tasks already done: "show completed tasks", "what did I finish this week".

Such a message lists the person's completed tasks (the frame's `text` is `DONE`), over the
stretch of the past it names, if any (`span`): today, yesterday, this or last week or month.
"done task 2" and "done with the milk" still complete an item: only a bare listing, or one
followed by such a stretch, is claimed here.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.nlu.frame import Action, Domain, Frame, Slots
from bot.timeparse.zones import localize

DONE = "done"

_FINISHED = r"(?:completed|complete|done|finished|ticked\s+off|crossed\s+off|checked\s+off|closed)"
_DID = (
    r"(?:done|finished|completed|complete|finish|do|get\s+done|got\s+done|tick\s+off|ticked\s+off)"
)
_TASKS = r"(?:tasks?|to-?dos?|items|things|chores)"
_SHOW = (
    r"(?:(?:show|list|see|view|display|get|give|tell)\s+(?:me\s+)?)?"
    r"(?:(?:a\s+|the\s+)?list\s+of\s+)?"
)
_MY = r"(?:(?:all\s+)?(?:of\s+)?(?:my|the|your)\s+|all\s+)?"
_I = r"i(?:'ve|\s+have)?"
_ASKED = tuple(
    re.compile(p + r"\b(?P<rest>.*)$", re.I)
    for p in (
        rf"^{_SHOW}{_MY}{_FINISHED}\s+{_TASKS}",  # "show completed tasks", "done tasks"
        rf"^{_SHOW}{_MY}{_TASKS}\s+(?:(?:that\s+)?{_I}\s+)?{_FINISHED}",  # "tasks I've finished"
        rf"^what(?:'ve|\s+have|\s+did)?\s+i\s+(?:already\s+)?{_DID}",  # "what did I finish"
        rf"^(?:which|what)\s+{_TASKS}\s+(?:did|have)\s+i\s+(?:already\s+)?{_DID}",
        rf"^{_SHOW}what\s+{_I}\s+(?:already\s+)?{_DID}",  # "show me what I've done"
        rf"^{_MY}(?:done|completed|finished)\s+list",  # "my done list"
    )
)
# The stretch of the past the listing is about; "lately" and "so far" are no stretch.
_SPAN = re.compile(
    r"^(?:(?:in\s+|during\s+|over\s+)?(?P<which>today|yesterday|(?:this|last|past)\s+(?:week|month))"
    r"|lately|recently|so\s+far|already|yet)?\s*[?!.]*$",
    re.I,
)


def finished_tasks(text: str, now: datetime, tz: str) -> Frame | None:
    """The frame listing completed tasks, when `text` asks for them; None otherwise."""
    for pattern in _ASKED:
        if (match := pattern.match(text.strip())) and (said := _SPAN.match(match["rest"].strip())):
            span = _span(said["which"], now, ZoneInfo(tz)) if said["which"] else None
            return Frame(Domain.TASKS, Action.LIST, Slots(text=DONE, span=span))
    return None


def _span(which: str, now: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of the day, week (from Monday) or month named, in the person's zone."""
    which = " ".join(which.lower().split()).replace("past ", "last ")
    today = now.astimezone(tz).date()
    if which in ("today", "yesterday"):
        day = today - timedelta(days=1 if which == "yesterday" else 0)
        return _midnight(day, tz), _midnight(day + timedelta(days=1), tz)
    back = which.startswith("last")
    if which.endswith("week"):
        monday = today - timedelta(days=today.weekday() + 7 * back)
        return _midnight(monday, tz), _midnight(monday + timedelta(days=7), tz)
    first = today.replace(day=1)
    if back:
        first = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return _midnight(first, tz), _midnight(following, tz)


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return localize(datetime.combine(day, time()), tz)
