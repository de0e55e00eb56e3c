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
from bot.knowledge.answering import load_persona
from bot.knowledge.service import KnowledgeBase
from bot.mail.copies import MailCopies
from bot.mail.links import RsvpLinks
from bot.mail.outbox import Mailer
from bot.mail.ports import MailSender
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
    # With mail configured: the outbox's sender, and the RSVP links its alerts carry.
    mailer: Mailer | None = None
    rsvp_links: RsvpLinks | None = None
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
    knowledge: KnowledgeBase | None = None,
    mail: MailSender | None = None,
) -> Core:
    """Wire the core. Without `wake`, a real scheduler is created to re-arm deliveries.

    Without `knowledge`, answers come from an offline knowledge base in the same database.
    With `mail`, alerts and agendas are copied by e-mail to people with a verified address;
    with PUBLIC_BASE_URL too, alerts of group events carry RSVP links.
    """
    signer = ButtonSigner(settings.secret)
    channels: dict[str, Channel] = {}
    delivery = DeliveryLoop(
        store, channels, clock, signer, lease_seconds=settings.delivery_lease_seconds
    )
    scheduler = None
    if wake is None:
        scheduler = Scheduler(delivery, clock, retention_days=settings.retention_days)
        wake = scheduler.wake
    mailer = links = None
    if mail is not None:
        if settings.public_base_url:
            base = settings.public_base_url
            links = RsvpLinks(store, signer, clock, channels, base, wake)
        delivery.mail = MailCopies(store, settings.mail_from, settings.bot_name, links)
        mailer = Mailer(store, mail, clock)
    if knowledge is None:
        persona = load_persona(settings.bot_persona, settings.bot_name)
        knowledge = KnowledgeBase(store.knowledge, notes=store.notes, persona=persona)
    services = Services(
        store=store,
        clock=clock,
        settings=settings,
        signer=signer,
        intents=intents,
        wake=wake,
        voice=voice,
        knowledge=knowledge,
        mail=mail,
    )
    dispatcher = Dispatcher(services, all_handlers())
    return Core(
        services, dispatcher, delivery, channels, scheduler, mailer=mailer, rsvp_links=links
    )
