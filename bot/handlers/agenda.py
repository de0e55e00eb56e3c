"""The daily agenda, opt-in: /agenda 8:00 and /agenda off."""

from __future__ import annotations

from bot.agenda import next_agenda, parse_clock
from bot.context import Context
from bot.formatting import when_text
from bot.handlers.common import delivery_target
from bot.messages import Reply
from bot.registry import Registry

registry = Registry()


@registry.command("agenda", "/agenda 8:00 | off", "a morning message with your day")
async def set_agenda(ctx: Context, text: str) -> Reply:
    wanted = text.strip().lower()
    if not wanted:
        at = await ctx.store.deliveries.agenda_at(ctx.user.id)
        if at is None:
            return Reply("The daily agenda is off. Turn it on with: /agenda 8:00")
        return Reply(f"Your daily agenda comes at {at}. To stop it: /agenda off")
    if wanted in ("off", "stop", "none"):
        await ctx.store.deliveries.set_agenda(ctx.user.id, None, None, ctx.target)
        ctx.services.wake()
        return Reply("Daily agenda off.")
    clock = parse_clock(wanted)
    if clock is None:
        return Reply("At what time? For example: /agenda 8:00 (or /agenda off)")
    first = next_agenda(clock, ctx.tz, ctx.services.clock.now())
    at = f"{clock:%H:%M}"
    await ctx.store.deliveries.set_agenda(ctx.user.id, at, first, await delivery_target(ctx))
    ctx.services.wake()
    return Reply(
        f"OK, every day at {at} I'll send your events, due tasks and reminders. "
        f"First one: {when_text(first, ctx.tz, ctx.now())}."
    )
