"""Onboarding, the time zone, and what time it is where the user is."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

from bot.context import Context
from bot.handlers.training import admin_identity, is_admin
from bot.messages import ChatType, Keyboard, Reply
from bot.nlu import Action, Domain, Frame
from bot.registry import Registry
from bot.zones import zone_choices

registry = Registry()

ZONE_ACTION = "tz"
# Offered as buttons at /start: (label, zone).
COMMON_ZONES = (
    ("London", "Europe/London"),
    ("Berlin", "Europe/Berlin"),
    ("New York", "America/New_York"),
    ("Los Angeles", "America/Los_Angeles"),
    ("India", "Asia/Kolkata"),
    ("Tokyo", "Asia/Tokyo"),
    ("UTC", "UTC"),
)


def _zone_buttons(ctx: Context) -> Keyboard:
    buttons = [ctx.button(label, ZONE_ACTION, str(i)) for i, (label, _) in enumerate(COMMON_ZONES)]
    return tuple(tuple(buttons[i : i + 4]) for i in range(0, len(buttons), 4))


@registry.command("start", "/start", "set up: your time zone and what I can do")
async def start(ctx: Context, _: str) -> Reply:
    msg = ctx.msg
    if msg.chat_type is ChatType.PRIVATE and msg.chat_id == msg.user_id:
        # Starting the bot privately is what lets alerts of group events reach the person.
        now = ctx.services.clock.now()
        if await ctx.store.rsvps.private_chat_opened(
            msg.channel, msg.user_id, msg.chat_id, now=now
        ):
            ctx.services.wake()
    name = ctx.services.settings.bot_name
    hello = f"Hi{' ' + ctx.user.display_name if ctx.user.display_name else ''}! I'm {name}."
    return Reply(
        f"{hello} I keep your reminders, tasks, notes and events, and I come back at the right "
        f"moment.\n\nFirst, your time zone (now {ctx.user.timezone}). Pick one, or send "
        "/tz followed by your city, like: /tz Madrid\n\nThen try: remind me to call mom "
        "tomorrow at 9 — or send /help for more.",
        buttons=_zone_buttons(ctx),
    )


async def _set_zone(ctx: Context, zone: str) -> Reply:
    await ctx.store.users.set_timezone(ctx.user.id, zone)
    await ctx.store.users.set_onboarded(ctx.user.id)
    local = ctx.services.clock.now().astimezone(ZoneInfo(zone))
    offset = local.strftime("%z")
    utc = f"UTC{offset[:3]}:{offset[3:]}"
    # POSIX "Etc/GMT-2" means UTC+2; say the offset rather than the confusing name.
    short = utc if zone.startswith("Etc/") else zone
    name = short if short == utc else f"{zone} ({utc})"
    return Reply(
        f"Time zone set to {name}; it's {local:%H:%M} there now.", toast=f"Time zone: {short}"
    )


@registry.command("tz", "/tz ZONE", "set your time zone (a city or an IANA name)", "timezone")
async def set_timezone(ctx: Context, text: str) -> Reply:
    if not text.strip():
        return Reply(f"Your time zone is {ctx.user.timezone}. To change it: /tz London")
    return await _zone_frame(ctx, ctx.read(text, domain=Domain.PROFILE, action=Action.SET_TIMEZONE))


async def _zone_frame(ctx: Context, frame: Frame) -> Reply:
    zone, place = frame.slots.zone, frame.slots.place_name
    if zone is None and not place.strip():
        return Reply(
            f"Which time zone? You're on {ctx.user.timezone}. Pick one, or send your city, "
            "like: /tz Madrid",
            buttons=_zone_buttons(ctx),
        )
    if zone is None:
        return Reply(
            f"I don't know the time zone “{place[:64]}”. Try a big city near you "
            "(/tz Paris) or a name like Europe/Paris or UTC+2."
        )
    if choices := zone_choices(place):
        buttons = tuple((ctx.button(label, ZONE_ACTION, zone),) for label, zone in choices)
        return Reply(f"Which {_named(place[:64])} do you mean?", buttons=buttons)
    return await _set_zone(ctx, zone)


@registry.action(ZONE_ACTION)
async def zone_pressed(ctx: Context, arg: str) -> Reply:
    """A zone picked: one of the common ones by its place in the list, or a zone by name."""
    if arg.isdigit() and int(arg) < len(COMMON_ZONES):
        return await _set_zone(ctx, COMMON_ZONES[int(arg)][1])
    if arg in available_timezones():
        return await _set_zone(ctx, arg)
    return Reply("That choice isn't available.", toast="That choice isn't available.")


@registry.frame(Domain.TIME, Domain.PROFILE)
async def on_time(ctx: Context, frame: Frame) -> Reply:
    """The time here or somewhere else, and where the person lives."""
    if frame.action is Action.SET_TIMEZONE:
        return await _zone_frame(ctx, frame)
    if frame.action is Action.TIME_IN_PLACE:
        return _time_in(ctx, frame)
    if frame.action is Action.TIME_BETWEEN:
        return _between(ctx, frame)
    now = ctx.now()
    if frame.slots.when is not None:
        return Reply(_day_answer(frame.slots.when.start.astimezone(ctx.tz), now))
    return Reply(f"It's {now:%H:%M} on {_date(now)} ({ctx.user.timezone}).")


def _day_answer(day: datetime, now: datetime) -> str:
    """A day asked about: its date, weekday, and how many days away it is."""
    days = (day.date() - now.date()).days
    if days == 0:
        return f"That's today, {_date(day)}."
    away = f"in {days} day{'s' if days != 1 else ''}" if days > 0 else f"{-days} days ago"
    weeks = f" (about {round(days / 7)} weeks)" if days >= 14 else ""
    return f"{_date(day)}: {away}{weeks}."


def _date(at: datetime) -> str:
    return f"{at:%A} {at.day} {at:%B %Y}"


def _time_in(ctx: Context, frame: Frame) -> Reply:
    zone, place = frame.slots.zone, frame.slots.place_name
    if zone is None:
        return Reply(f"I don't know where “{place[:64]}” is. Try a big city, like: time in Tokyo")
    there = ctx.services.clock.now().astimezone(ZoneInfo(zone))
    here = ctx.now()
    hours = _hours_ahead(there, here)
    diff = (
        "the same time as you"
        if hours == 0
        else (f"{_hours(hours)} {'ahead of' if hours > 0 else 'behind'} you")
    )
    day = "" if there.date() == here.date() else f" on {_date(there)}"
    return Reply(f"It's {there:%H:%M}{day} in {_named(place)} ({zone}), {diff}.")


def _between(ctx: Context, frame: Frame) -> Reply:
    """How far apart two places' clocks are, or a time in the first told in the second."""
    slots = frame.slots
    assert slots.zone is not None and slots.to_zone is not None
    first, second = ZoneInfo(slots.zone), ZoneInfo(slots.to_zone)
    at = slots.when.start if slots.when else ctx.services.clock.now()
    there, here = at.astimezone(first), at.astimezone(second)
    hours = _hours_ahead(here, there)
    a, b = _named(slots.place_name), _named(slots.to_place) if slots.to_place else "you"
    if hours == 0:
        apart = f"{a} and {b} keep the same time"
    else:
        verb, side = "is" if slots.to_place else "are", "ahead of" if hours > 0 else "behind"
        apart = f"{b} {verb} {_hours(hours)} {side} {a}"
    if slots.when is None:
        return Reply(f"{apart}: it's {there:%H:%M} in {a} and {here:%H:%M} {_in(b)}.")
    day = "" if here.date() == there.date() else f" on {_date(here)}"
    return Reply(f"{there:%H:%M} in {a} is {here:%H:%M}{day} {_in(b)} ({apart}).")


def _hours_ahead(clock: datetime, other: datetime) -> float:
    """How many hours `clock`'s wall time is ahead of `other`'s (behind when negative)."""
    return ((clock.utcoffset() or timedelta()) - (other.utcoffset() or timedelta())) / timedelta(
        hours=1
    )


def _hours(hours: float) -> str:
    return f"{abs(hours):g} hour{'' if abs(hours) == 1 else 's'}"


def _in(place: str) -> str:
    return "for you" if place == "you" else f"in {place}"


def _named(place: str) -> str:
    """A place as the person wrote it, capitalised if they did not: 'LA' stays, 'tokyo' is Tokyo."""
    return place if place != place.lower() else place.title()


@registry.command("whoami", "/whoami", "your identity here, as BOT_ADMINS names admins")
async def whoami(ctx: Context, _: str) -> Reply:
    identity = admin_identity(ctx)
    role = "an admin" if is_admin(ctx) else "not an admin"
    return Reply(
        f"You are {identity} ({role}). To make this identity an admin, add it to BOT_ADMINS "
        "(comma-separated) and restart."
    )
