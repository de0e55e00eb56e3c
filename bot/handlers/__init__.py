"""Every handler module's registry; the dispatcher serves their union."""

from bot.handlers import (
    agenda,
    alerts,
    calendar,
    conversation,
    deliver,
    events,
    knowledge,
    link,
    notes,
    privacy,
    profile,
    reminders,
    rsvp,
    tasks,
    training,
    voice,
    web,
)
from bot.registry import Registry

REGISTRIES = (
    tasks.registry,
    notes.registry,
    reminders.registry,
    events.registry,
    calendar.registry,
    profile.registry,
    conversation.registry,
    training.registry,
    voice.registry,
    knowledge.registry,
    alerts.registry,
    agenda.registry,
    rsvp.registry,
    link.registry,
    deliver.registry,
    privacy.registry,
    web.registry,
)


def all_handlers() -> Registry:
    return Registry().merge(*REGISTRIES)
