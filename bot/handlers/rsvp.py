"""RSVP for events posted in a group: Going · Maybe · Can't, with tallies and names.

The buttons are shared: anyone in the group may press them, so they are signed for the chat
rather than for one person. A second press replaces the first. The people who answer "going"
are the event's attendees (`store.rsvps.going(event_id)`): each gets the event's alerts at
their own offsets in their private chat, or, without one, a note in the group once.
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.buttons import ButtonSigner
from bot.calendars.reading import CALENDAR_TYPE
from bot.calendars.writing import event_file
from bot.context import Context
from bot.messages import Attachment, Keyboard, Reply
from bot.models import Event, Rsvp, RsvpChoice, Vote
from bot.registry import Registry

registry = Registry()

RSVP_ACTION = "rv"
# Payload code → (choice, button label, tally heading, toast).
CHOICES: dict[str, tuple[RsvpChoice, str, str, str]] = {
    "g": (RsvpChoice.GOING, "Going", "✅ Going", "You're going 🎉"),
    "m": (RsvpChoice.MAYBE, "Maybe", "🤔 Maybe", "Marked as maybe"),
    "n": (RsvpChoice.NO, "Can't", "❌ Can't", "Marked as can't go"),
}
_NAMES_SHOWN = 30
GONE = "This event was cancelled or no longer exists."


def keyboard(ctx: Context, event_id: int) -> Keyboard:
    return chat_keyboard(ctx.services.signer, ctx.msg.chat_id, event_id)


def chat_keyboard(signer: ButtonSigner, chat_id: str, event_id: int) -> Keyboard:
    """The card's buttons, which anyone in the chat may press."""
    return (
        tuple(
            signer.shared_button(chat_id, label, RSVP_ACTION, f"{event_id}.{code}")
            for code, (_, label, _, _) in CHOICES.items()
        ),
    )


def card_text(event: Event, zone: str, answers: Sequence[Rsvp]) -> str:
    """The event as posted in the group, with who answered what."""
    local = event.start_at.astimezone(ZoneInfo(zone))
    when = f"{local:%a} {local.day} {local:%b} {local:%H:%M}"
    if event.end_at:
        when += f"–{event.end_at.astimezone(ZoneInfo(zone)):%H:%M}"
    lines = [f"📅 {event.title}", f"{when} ({zone})" + (f" @ {event.place}" if event.place else "")]
    lines.append("")
    for choice, _, heading, _ in CHOICES.values():
        names = [a.name for a in answers if a.choice is choice]
        shown = ", ".join(names[:_NAMES_SHOWN])
        more = f" and {len(names) - _NAMES_SHOWN} more" if len(names) > _NAMES_SHOWN else ""
        lines.append(f"{heading} ({len(names)})" + (f": {shown}{more}" if names else ""))
    return "\n".join(lines)


async def card(ctx: Context, event: Event) -> Reply:
    """The reply that posts a new group event with its RSVP buttons, and its .ics to add."""
    ics = Attachment("event.ics", event_file(event, ctx.services.clock.now()), CALENDAR_TYPE)
    return Reply(
        card_text(event, ctx.user.timezone, ()), buttons=keyboard(ctx, event.id), files=(ics,)
    )


@registry.action(RSVP_ACTION)
async def rsvp_pressed(ctx: Context, arg: str) -> Reply:
    event_id, _, code = arg.partition(".")
    event = await ctx.store.events.by_id(int(event_id)) if event_id.isdigit() else None
    if event is None or event.cancelled or code not in CHOICES:
        return Reply(GONE, toast=GONE)
    choice, _, _, toast = CHOICES[code]
    name = ctx.msg.display_name or ctx.user.display_name or "Someone"
    now = ctx.services.clock.now()
    vote = await ctx.store.rsvps.vote(event.id, ctx.user.id, name[:100], choice, now=now)
    if ctx.msg.message_id is not None:
        # The card pressed on: answers given from an e-mail's links edit it too.
        await ctx.store.rsvps.remember_card(event.id, ctx.msg.message_id)
    ctx.services.wake()
    poster = await ctx.store.users.get(event.user_id)
    zone = poster.timezone if poster else ctx.user.timezone
    answers = await ctx.store.rsvps.answers(event.id)
    return Reply(
        card_text(event, zone, answers),
        buttons=keyboard(ctx, event.id),
        toast=toast,
        follow_up=_unreachable_note(event, ctx.user.id, name, choice, vote),
    )


def _unreachable_note(
    event: Event, user_id: int, name: str, choice: RsvpChoice, vote: Vote
) -> str | None:
    """Once, when someone starts going: how to get alerts if no private chat reaches them."""
    joining = choice is RsvpChoice.GOING and vote.previous is not RsvpChoice.GOING
    if not joining or event.user_id == user_id or vote.alerts_to is not None:
        return None
    return f"{name}, start a private chat with me to get this event's alerts."
