"""Small helpers the handlers share: numbers in text, time phrases, past-time checks."""

from __future__ import annotations

import re

from bot import texts
from bot.context import Context
from bot.formatting import when_text
from bot.messages import ChatType, Reply, Target
from bot.timeparse import When, parse_when
from bot.timeparse.calendar_days import safe_date
from bot.timeparse.lexicon import MONTHS, alternation

_NUMBER = re.compile(r"#?(\d{1,9})\b")


def number_in(text: str) -> int | None:
    """The first item number written in `text` ('2', '#2', 'task 2')."""
    match = _NUMBER.search(text)
    return int(match.group(1)) if match else None


def find_when(ctx: Context, text: str) -> When | None:
    languages = [ctx.user.language] if ctx.user.language else None
    return parse_when(text, now=ctx.now(), tz=ctx.user.timezone, languages=languages)


_CLOCK = re.compile(r"(?<![\d:.])(\d{1,2}):(\d{2})(?![\d:])")
_MONTH = alternation(MONTHS)
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\b\.?(?:,?\s+(\d{{4}}))?", re.I
)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I
)


def impossible_time(text: str) -> str | None:
    """A clock time or date in `text` that does not exist ("25:00", "30 feb"), if any.

    The parser skips what it cannot read, so without this "tomorrow 25:00" would quietly
    become tomorrow morning.
    """
    for match in _CLOCK.finditer(text):
        if int(match[1]) > 24 or int(match[2]) > 59:
            return match[0]
    for match, day, month, year in (
        *((m, m[1], m[2], m[3]) for m in _DAY_MONTH.finditer(text)),
        *((m, m[2], m[1], m[3]) for m in _MONTH_DAY.finditer(text)),
    ):
        if safe_date(int(year or 2024), MONTHS[month.lower()], int(day)) is None:
            return match[0]  # with no year, 2024: a year in which 29 Feb exists
    return None


def unreal_time_reply(text: str) -> Reply | None:
    bad = impossible_time(text)
    if bad is None:
        return None
    return Reply(f"“{bad.strip()}” isn't a real time or date. Please check it and send it again.")


def past_reply(ctx: Context, when: When) -> Reply:
    return Reply(
        f"“{when.text}” is in the past ({when_text(when.start, ctx.tz, ctx.now())}). "
        "Please give a time that is still to come."
    )


def missing(kind: str, number: int | None, listing: str, example: str) -> Reply:
    if number is None:
        return Reply(texts.NEED_NUMBER.format(example=example))
    return Reply(texts.NO_SUCH.format(kind=kind, number=number, listing=listing))


def strip_prefix(text: str, pattern: str) -> str:
    """Remove a leading command phrase (a regex) and any ':' after it."""
    return re.sub(rf"^\s*(?:{pattern})\s*:?\s*", "", text, count=1, flags=re.I).strip()


async def delivery_target(ctx: Context) -> Target:
    """Where a new reminder, event alert or agenda goes.

    A group's stay in the group; a person's own go to the chat they chose with /deliver,
    else to the chat they wrote in.
    """
    msg = ctx.msg
    if msg.chat_type is ChatType.PRIVATE or msg.chat_id == msg.user_id:
        chosen = await ctx.store.links.delivery_chat(ctx.user.id)
        if chosen is not None:
            return chosen
    return ctx.target
