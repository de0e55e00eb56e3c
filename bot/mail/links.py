"""Signed RSVP links in e-mail: one opens a page whose button records the card's answer.

A link names the person, the event and the answer, and expires when the event starts. It is
signed with the bot's secret like a button payload, bound to the person it was mailed to
(a distinct owner, so no chat button's payload passes as a link, nor a link as a button).
Opening it (GET) records nothing: mail scanners open links to check them, and would otherwise
answer for people. The page's button (POST, carrying the token) records the answer.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import structlog

from bot.buttons import ButtonSigner
from bot.clock import Clock
from bot.handlers.rsvp import CHOICES, GONE, card_text, chat_keyboard
from bot.messages import Reply, Target
from bot.models import Event, User
from bot.ports import Channel, Store

log = structlog.get_logger(__name__)

LINK_ACTION = "rm"
RSVP_PATH = "/rsvp/{token}"
# Where the page's button posts the token to.
ANSWER_PATH = "/rsvp"


@dataclass(frozen=True, slots=True)
class LinkAnswer:
    """What the page says: its HTTP status, a heading and a sentence.

    `confirm`, when set, is the label of the button that records the answer.
    """

    status: int
    title: str
    text: str
    confirm: str | None = None


INVALID = LinkAnswer(403, "Link not valid", "This RSVP link is not valid. Answer in the chat.")
EXPIRED = LinkAnswer(410, "Link expired", "This RSVP link has expired: the event has begun.")


def _owner(user_id: int) -> str:
    return f"mail:{user_id}"


class RsvpLinks:
    def __init__(
        self,
        store: Store,
        signer: ButtonSigner,
        clock: Clock,
        channels: Mapping[str, Channel],
        base_url: str,
        wake: Callable[[], None],
    ) -> None:
        self.store = store
        self.signer = signer
        self.clock = clock
        self.channels = channels
        self.base_url = base_url.rstrip("/")
        self.wake = wake

    def token(self, user_id: int, event_id: int, code: str, expires: datetime) -> str:
        arg = f"{event_id}.{code}.{int(expires.timestamp())}"
        payload = self.signer.payload(_owner(user_id), LINK_ACTION, arg)
        raw = f"{user_id}|{payload}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def links(self, user_id: int, event: Event) -> list[tuple[str, str]]:
        """(label, URL) for each answer to `event` (an occurrence: the links end at its start)."""
        return [
            (
                label,
                self.base_url
                + RSVP_PATH.format(token=self.token(user_id, event.id, code, event.start_at)),
            )
            for code, (_, label, _, _) in CHOICES.items()
        ]

    async def check(self, token: str) -> LinkAnswer:
        """What the link would answer, and a button to do it; records nothing."""
        opened = await self._open(token)
        if isinstance(opened, LinkAnswer):
            return opened
        user, event, code, starts = opened
        local = starts.astimezone(ZoneInfo(user.timezone))
        when = f"{local:%A} {local.day} {local:%B} {local:%H:%M} ({user.timezone})"
        place = f" @ {event.place}" if event.place else ""
        label = CHOICES[code][1]
        return LinkAnswer(200, event.title, f"{when}{place}. Your answer: {label}", confirm=label)

    async def follow(self, token: str) -> LinkAnswer:
        """Record the answer a link carries; a forged, expired or stale one changes nothing."""
        opened = await self._open(token)
        if isinstance(opened, LinkAnswer):
            return opened
        user, event, code, _ = opened
        choice, label, _, toast = CHOICES[code]
        name = (user.display_name or "Someone")[:100]
        await self.store.rsvps.vote(event.id, user.id, name, choice, now=self.clock.now())
        self.wake()
        await self._update_card(event)
        return LinkAnswer(200, f"{label}: {event.title}", f"{toast} — {event.title}.")

    async def _open(self, token: str) -> tuple[User, Event, str, datetime] | LinkAnswer:
        """The person, event, answer code and start a live link names; else the refusal."""
        read = self._read(token)
        if read is None:
            return INVALID
        user_id, event_id, code, expires = read
        if self.clock.now() >= expires:
            return EXPIRED
        event = await self.store.events.by_id(event_id)
        user = await self.store.users.get(user_id)
        if event is None or event.cancelled or user is None:
            return LinkAnswer(410, "Event gone", GONE)
        return user, event, code, expires

    def _read(self, token: str) -> tuple[int, int, str, datetime] | None:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        except (binascii.Error, ValueError):
            return None
        user, _, payload = raw.partition("|")
        if not user.isdigit():
            return None
        press = self.signer.verify(_owner(int(user)), payload)
        if press is None or press.action != LINK_ACTION:
            return None
        parts = press.arg.split(".")
        if len(parts) != 3:
            return None
        event, code, expires = parts
        if not (event.isdigit() and expires.isdigit()) or code not in CHOICES:
            return None
        return int(user), int(event), code, datetime.fromtimestamp(int(expires), UTC)

    async def _update_card(self, event: Event) -> None:
        """Show the new tally on the group's card: edited in place, or posted if unknown."""
        channel = self.channels.get(event.channel)
        if channel is None:
            return
        poster = await self.store.users.get(event.user_id)
        answers = await self.store.rsvps.answers(event.id)
        known = await self.store.rsvps.card(event.id)
        card = Reply(
            card_text(event, poster.timezone if poster else "UTC", answers),
            buttons=chat_keyboard(self.signer, event.chat_id, event.id),
            edit=known,
        )
        try:
            sent = await channel.send(Target(event.channel, event.chat_id), card)
        except Exception as error:
            # The answer is recorded; the card catches up with the next press.
            log.warning("rsvp_card_update_failed", event=event.id, error=repr(error))
            return
        if sent is not None and sent != known:
            await self.store.rsvps.remember_card(event.id, sent)
