"""What a handler gets: the message, its sender, and the services the core offers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.buttons import ButtonSigner
from bot.clock import Clock
from bot.config import Settings
from bot.intents import Routing
from bot.mail.ports import MailSender
from bot.messages import Button, Incoming, Target
from bot.models import User
from bot.nlu.frame import Action, Domain, Frame
from bot.nlu.reader import read
from bot.ports import Store
from bot.timeparse import parse_when
from bot.understanding import IntentService
from bot.voice.ports import VoiceProvider

if TYPE_CHECKING:
    from bot.knowledge.service import KnowledgeBase


@dataclass(frozen=True, slots=True)
class Services:
    """Long-lived parts shared by every message, built once by the composition root."""

    store: Store
    clock: Clock
    settings: Settings
    signer: ButtonSigner
    intents: IntentService
    wake: Callable[[], None]
    knowledge: KnowledgeBase
    voice: VoiceProvider | None = None
    # Sends mail at once (check codes); copies of alerts go through the outbox.
    mail: MailSender | None = None
    # Per person, the frame waiting for them to pick one of several matching items; a lost
    # entry only means asking again.
    pending: dict[int, Frame] = field(default_factory=dict)
    # Per person, an edit of a repeating reminder waiting for "just this one" or "the whole
    # series", under the code its buttons carry; a lost entry only means asking again.
    edits: dict[int, tuple[str, Frame]] = field(default_factory=dict)
    # Per person, the item they last made or acted on: what "it" and "that" mean next.
    recent: dict[int, tuple[Domain, int]] = field(default_factory=dict)
    # People erased while this process runs: nothing more is logged under their old id.
    forgotten: set[int] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Context:
    msg: Incoming
    user: User
    services: Services

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.user.timezone)

    def now(self) -> datetime:
        """The current time in the user's zone."""
        return self.services.clock.now().astimezone(self.tz)

    @property
    def languages(self) -> list[str] | None:
        """The person's language, when a platform told us, for reading times."""
        return [self.user.language] if self.user.language else None

    def read(
        self,
        text: str,
        routing: Routing | None = None,
        *,
        domain: Domain | None = None,
        action: Action | None = None,
    ) -> Frame:
        """`text` understood as a frame, at this moment in the person's zone and language."""
        return read(
            text,
            routing,
            now=self.now(),
            tz=self.user.timezone,
            languages=self.languages,
            domain=domain,
            action=action,
        )

    def names_time(self, text: str) -> bool:
        """Whether `text` says when, read as `read` would."""
        when = parse_when(text, now=self.now(), tz=self.user.timezone, languages=self.languages)
        return when is not None

    @property
    def target(self) -> Target:
        return Target(self.msg.channel, self.msg.chat_id)

    def button(self, label: str, action: str, arg: str = "") -> Button:
        return self.services.signer.button(self.user.id, label, action, arg)
