"""Assembling the core from its parts; the composition root supplies the concrete ones."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.buttons import ButtonSigner
from bot.clock import Clock
from bot.config import Settings
from bot.context import Services
from bot.delivery import DeliveryLoop
from bot.dispatcher import Dispatcher
from bot.handlers import all_handlers
from bot.ports import Channel, Store
from bot.scheduler import Scheduler
from bot.understanding import IntentService
from bot.voice.ports import VoiceProvider


@dataclass
class Core:
    services: Services
    dispatcher: Dispatcher
    delivery: DeliveryLoop
    channels: dict[str, Channel] = field(default_factory=dict)
    scheduler: Scheduler | None = None
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    def add_channel(self, channel: Channel) -> None:
        self.channels[channel.name] = channel

    async def close(self) -> None:
        """Stop the scheduler and release what the composition root registered."""
        if self.scheduler is not None:
            self.scheduler.shutdown()
        for close in reversed(self.closers):
            await close()


def assemble(
    store: Store,
    settings: Settings,
    clock: Clock,
    intents: IntentService,
    *,
    wake: Callable[[], None] | None = None,
    voice: VoiceProvider | None = None,
) -> Core:
    """Wire the core. Without `wake`, a real scheduler is created to re-arm deliveries."""
    signer = ButtonSigner(settings.secret)
    channels: dict[str, Channel] = {}
    delivery = DeliveryLoop(store, channels, clock, signer)
    scheduler = None
    if wake is None:
        scheduler = Scheduler(delivery, clock)
        wake = scheduler.wake
    services = Services(
        store=store,
        clock=clock,
        settings=settings,
        signer=signer,
        intents=intents,
        wake=wake,
        voice=voice,
    )
    dispatcher = Dispatcher(services, all_handlers())
    return Core(services, dispatcher, delivery, channels, scheduler)
