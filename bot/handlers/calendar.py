"""Calendars in and out: a calendar file sent in chat is imported, `/calendar` sends one back.

`/calendar` also gives the person a private feed URL that calendar apps subscribe to; its
secret is random, and `/calendar reset` replaces it so the old URL stops working.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from bot.calendars.reading import CALENDAR_TYPE, CalendarFileError, is_calendar_file, read_calendar
from bot.calendars.writing import write_calendar
from bot.context import Context, Services
from bot.handlers.common import delivery_target, private_only
from bot.handlers.events import event_line
from bot.handlers.knowledge import ingest_upload
from bot.handlers.rsvp import card_text, keyboard
from bot.messages import Attachment, Incoming, Reply
from bot.models import Event, ImportCounts, User
from bot.ports import Store
from bot.registry import Registry

registry = Registry()

FEED_PATH = "/calendar/{token}.ics"
# How many of the imported events the reply lists.
SHOWN = 8


async def receive_file(
    services: Services, msg: Incoming, filename: str, data: bytes, media_type: str = ""
) -> Reply:
    """A file someone sent: a calendar is imported as events, anything else is learned.

    For channel adapters: the message the file came with, the file's name, bytes and the
    media type the platform declared (if any).
    """
    if is_calendar_file(filename, data, media_type):
        return await import_calendar(services, msg, filename, data)
    return await ingest_upload(services, msg, filename, data)


async def import_calendar(services: Services, msg: Incoming, filename: str, data: bytes) -> Reply:
    """Import a calendar file's events for the person who sent it; the reply says what changed."""
    user = await services.store.users.resolve(
        msg.channel, msg.user_id, msg.chat_id, msg.display_name, services.settings.bot_timezone
    )
    ctx = Context(msg, user, services)
    name = filename.rsplit("/", 1)[-1] or "calendar.ics"
    try:
        entries = read_calendar(data, user.timezone)
    except CalendarFileError as error:
        return Reply(f"I couldn't import {name}: {error}.")
    if not entries:
        return Reply(f"{name} has no events in it.")
    counts = await services.store.events.import_entries(
        user.id, entries, await delivery_target(ctx), now=services.clock.now()
    )
    services.wake()
    said = f"Imported {name}: {_counted(counts)}."
    invited = {e.uid for e in entries if e.invited and not e.cancelled and not e.recurrence_id}
    event = await _invited(ctx, invited.pop()) if len(invited) == 1 else None
    if event is not None:
        card = card_text(event, user.timezone, await ctx.store.rsvps.answers(event.id))
        return Reply(f"{said}\n\n{card}", buttons=keyboard(ctx, event.id))
    coming = await services.store.events.upcoming(user.id, ctx.now())
    uids = {entry.uid for entry in entries}
    shown = [event_line(e, ctx) for e in coming if e.uid in uids][:SHOWN]
    listing = "\n\nComing up from it:\n" + "\n".join(shown) if shown else ""
    return Reply(f"{said}{listing}")


async def _invited(ctx: Context, uid: str) -> Event | None:
    """The event an invitation became, answered with Going · Maybe · Can't in place."""
    return next((e for e in await ctx.store.events.all(ctx.user.id) if e.uid == uid), None)


def _counted(counts: ImportCounts) -> str:
    parts = [
        f"{n} {what}"
        for n, what in (
            (counts.added, "new"),
            (counts.updated, "updated"),
            (counts.cancelled, "cancelled"),
            (counts.unchanged, "unchanged"),
        )
        if n
    ]
    total = counts.added + counts.updated + counts.cancelled + counts.unchanged
    noun = "event" if total == 1 else "events"
    said = ", ".join(parts) + f" {noun}" if parts else "nothing to change"
    if counts.skipped:
        said += f"; {counts.skipped} left out, as their repeat rule never comes round"
    return said


async def calendar_file(store: Store, user: User, now: datetime) -> Attachment:
    """The person's events and active reminders as an .ics file."""
    events = await store.events.all(user.id)
    reminders = await store.reminders.list_active(user.id)
    name = f"{user.display_name or 'My'} calendar".strip()
    data = write_calendar(events, reminders, name=name, now=now)
    return Attachment("calendar.ics", data, CALENDAR_TYPE)


async def feed(services: Services, token: str) -> bytes | None:
    """The calendar behind a feed secret; None when the secret opens none."""
    user = await services.store.users.by_calendar_token(token)
    if user is None:
        return None
    return (await calendar_file(services.store, user, services.clock.now())).data


@registry.command(
    "calendar", "/calendar [reset]", "your events as a calendar file, and a feed to subscribe to"
)
async def calendar(ctx: Context, text: str) -> Reply:
    if refused := private_only(ctx, "calendar", "your feed URL is yours alone."):
        return refused
    users = ctx.store.users
    resetting = text.strip().lower() == "reset"
    if text.strip() and not resetting:
        return Reply("Send /calendar for your calendar, or /calendar reset for a new feed URL.")
    token = None if resetting else await users.calendar_token(ctx.user.id)
    if token is None:
        token = secrets.token_urlsafe(24)
        await users.set_calendar_token(ctx.user.id, token)
    attachment = await calendar_file(ctx.store, ctx.user, ctx.services.clock.now())
    head = "Here is your calendar: your events, and your reminders as to-dos."
    if resetting:
        head = "Done: your old feed URL no longer works. " + head
    base = ctx.services.settings.public_base_url.rstrip("/")
    if not base:
        return Reply(head, files=(attachment,))
    url = base + FEED_PATH.format(token=token)
    return Reply(
        f"{head}\n\nTo keep a calendar app up to date, subscribe to this private URL "
        f"(anyone with it can read your calendar; /calendar reset makes a new one):\n{url}",
        files=(attachment,),
        secret=True,
    )
