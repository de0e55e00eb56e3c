"""Event alerts: the user's offsets (/alerts) and the buttons on a delivered alert."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import timedelta

from bot.context import Context
from bot.messages import Button, Keyboard, Reply
from bot.models import Delivery, DeliveryKind
from bot.notices import span_text
from bot.registry import Registry

registry = Registry()

GOT_IT_ACTION, ALERT_SNOOZE_ACTION = "ag", "as"
ALERT_SNOOZE = timedelta(minutes=10)
MAX_OFFSETS = 6
_OFFSET = re.compile(r"(\d{1,4})\s*(d|days?|h|hours?|hrs?|m|mins?|minutes?)", re.I)
_MINUTES = {"d": 1440, "h": 60, "m": 1}


def parse_offsets(text: str) -> tuple[int, ...] | None:
    """'1d 2h 15m' → (1440, 120, 15); None unless the whole text is offsets."""
    found = list(_OFFSET.finditer(text))
    rest = _OFFSET.sub("", text).replace(",", " ").replace("and", " ").strip()
    if not found or rest:
        return None
    minutes = {int(m.group(1)) * _MINUTES[m.group(2)[0].lower()] for m in found}
    if not all(0 < m <= 60 * 24 * 30 for m in minutes):
        return None
    return tuple(sorted(minutes, reverse=True))


def offsets_text(minutes: Sequence[int]) -> str:
    return ", ".join(span_text(timedelta(minutes=m)) for m in minutes)


def alert_buttons(make: Callable[[str, str, str], Button], delivery_id: int) -> Keyboard:
    arg = str(delivery_id)
    return (
        (make("Got it", GOT_IT_ACTION, arg), make("Snooze (10 min)", ALERT_SNOOZE_ACTION, arg)),
    )


@registry.command("alerts", "/alerts 1d 2h 15m", "when I alert you before events")
async def set_alerts(ctx: Context, text: str) -> Reply:
    if not text.strip():
        current = await ctx.store.events.alert_offsets(ctx.user.id)
        shown = offsets_text(current) if current else "none"
        return Reply(f"I alert you before events: {shown}. To change: /alerts 1d 2h 15m")
    if text.strip().lower() in ("off", "none"):
        minutes: tuple[int, ...] = ()
    else:
        parsed = parse_offsets(text)
        if parsed is None or len(parsed) > MAX_OFFSETS:
            return Reply(
                f"Give up to {MAX_OFFSETS} times before events, like: /alerts 1d 2h 15m "
                "(or /alerts off)"
            )
        minutes = parsed
    await ctx.store.events.set_alert_offsets(ctx.user.id, minutes, now=ctx.services.clock.now())
    ctx.services.wake()
    if not minutes:
        return Reply("Event alerts are off. Turn them on again with: /alerts 1d 1h 10m")
    return Reply(f"OK, I'll alert you before each event: {offsets_text(minutes)}.")


async def _own_alert(ctx: Context, arg: str) -> Delivery | None:
    delivery = await ctx.store.deliveries.get(int(arg)) if arg.isdigit() else None
    if delivery is None or delivery.user_id != ctx.user.id:
        return None
    return delivery if delivery.kind is DeliveryKind.ALERT else None


async def _title(ctx: Context, delivery: Delivery) -> str:
    event = await ctx.store.events.by_id(delivery.ref_id)
    return event.title if event else "Alert"


@registry.action(GOT_IT_ACTION)
async def got_it(ctx: Context, arg: str) -> Reply:
    delivery = await _own_alert(ctx, arg)
    if delivery is None:
        return Reply("That alert no longer exists.", toast="That alert no longer exists.")
    await ctx.store.deliveries.acknowledge(delivery.id, ctx.services.clock.now())
    return Reply(f"✓ {await _title(ctx, delivery)} — got it", toast="Got it")


@registry.action(ALERT_SNOOZE_ACTION)
async def snooze_alert(ctx: Context, arg: str) -> Reply:
    delivery = await _own_alert(ctx, arg)
    if delivery is None:
        return Reply("That alert no longer exists.", toast="That alert no longer exists.")
    now = ctx.services.clock.now()
    await ctx.store.deliveries.acknowledge(delivery.id, now)
    await ctx.store.deliveries.repeat_later(delivery.id, now + ALERT_SNOOZE)
    ctx.services.wake()
    title = await _title(ctx, delivery)
    return Reply(f"🔔 {title} — I'll remind you again in 10 minutes", toast="Snoozed 10 min")
