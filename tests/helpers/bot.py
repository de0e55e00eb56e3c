"""A whole core on a real database with a fake clock, and a person who talks to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from bot.app import Core, assemble
from bot.config import Settings
from bot.intents import IntentRouter
from bot.mail.ports import MailSender
from bot.messages import ChatType, Incoming, Reply, Target
from bot.understanding import IntentService
from bot.voice.ports import VoiceProvider
from storage.store import SqlAlchemyStore
from tests.helpers.clock import FakeClock


@dataclass
class RecordingChannel:
    """A channel that keeps what it was asked to send."""

    name: str = "console"
    sent: list[tuple[Target, Reply]] = field(default_factory=list)

    async def send(self, target: Target, reply: Reply) -> str:
        self.sent.append((target, reply))
        return str(len(self.sent))

    @property
    def texts(self) -> list[str]:
        return [reply.text for _, reply in self.sent]


@dataclass
class Harness:
    core: Core
    store: SqlAlchemyStore
    clock: FakeClock
    channel: RecordingChannel
    wakes: list[int] = field(default_factory=list)

    def user(self, name: str = "alice", channel: str = "console") -> Person:
        return Person(self, name, channel)

    async def deliver(self) -> list[Reply]:
        """Run the delivery loop now; return what it sent."""
        before = len(self.channel.sent)
        await self.core.delivery.run_due()
        return [reply for _, reply in self.channel.sent[before:]]


@dataclass
class Person:
    harness: Harness
    name: str
    channel: str = "console"
    chat_type: ChatType = ChatType.PRIVATE
    last: Reply | None = None

    async def says(self, text: str) -> Reply:
        msg = Incoming(
            self.channel,
            self.name,
            f"chat-{self.name}",
            text=text,
            display_name=self.name.title(),
            chat_type=self.chat_type,
        )
        self.last = await self.harness.core.dispatcher.handle(msg)
        return self.last

    async def presses(self, data: str, message_id: str = "1") -> Reply:
        msg = Incoming(
            self.channel,
            self.name,
            f"chat-{self.name}",
            callback=data,
            display_name=self.name.title(),
            message_id=message_id,
        )
        self.last = await self.harness.core.dispatcher.handle(msg)
        return self.last


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": f"sqlite+aiosqlite:///{tmp_path / 'nudge.db'}",
        "data_dir": tmp_path,
        "bot_secret": "test-secret-long-enough-to-sign-buttons",
        "bot_timezone": "UTC",
    }
    values.update(overrides)
    return Settings.model_validate(values)


@cache
def seed_router() -> IntentRouter:
    """Trained once per test run: training takes seconds, routing microseconds."""
    return IntentRouter.from_seed()


def build_harness(
    store: SqlAlchemyStore,
    settings: Settings,
    clock: FakeClock,
    *,
    voice: VoiceProvider | None = None,
    mail: MailSender | None = None,
) -> Harness:
    channel = RecordingChannel()
    wakes: list[int] = []
    intents = IntentService.ready(seed_router(), store.phrases, settings.data_dir / "cache")
    core = assemble(
        store, settings, clock, intents, wake=lambda: wakes.append(1), voice=voice, mail=mail
    )
    core.add_channel(channel)
    return Harness(core, store, clock, channel, wakes)
