"""Assembling the core from its parts; the composition root supplies the concrete ones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.buttons import ButtonSigner
from bot.clock import Clock
from bot.config import Settings
from bot.context import Services
from bot.delivery import DeliveryLoop
from bot.dispatcher import Dispatcher
from bot.handlers import all_handlers
from bot.intents import IntentRouter
from bot.ports import Channel, Store
from bot.scheduler import Scheduler


@dataclass
class Core:
    services: Services
    dispatcher: Dispatcher
    delivery: DeliveryLoop
    channels: dict[str, Channel] = field(default_factory=dict)
    scheduler: Scheduler | None = None

    def add_channel(self, channel: Channel) -> None:
        self.channels[channel.name] = channel


def assemble(
    store: Store,
    settings: Settings,
    clock: Clock,
    router: IntentRouter,
    *,
    wake: Callable[[], None] | None = None,
) -> Core:
    """Wire the core. Without `wake`, a real scheduler is created to re-arm deliveries."""
    signer = ButtonSigner(settings.secret)
    channels: dict[str, Channel] = {}
    delivery = DeliveryLoop(store, channels, clock, signer)
    scheduler = None
    if wake is None:
        scheduler = Scheduler(delivery, clock, retention_days=settings.retention_days)
        wake = scheduler.wake
    services = Services(store=store, clock=clock, settings=settings, signer=signer, wake=wake)
    dispatcher = Dispatcher(services, all_handlers(), router)
    return Core(services, dispatcher, delivery, channels, scheduler)
