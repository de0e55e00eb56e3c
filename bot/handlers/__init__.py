"""Every handler module's registry; the dispatcher serves their union."""

from bot.handlers import (
    agenda,
    alerts,
    calendar,
    conversation,
    deliver,
    edit,
    email,
    events,
    knowledge,
    link,
    notes,
    privacy,
    profile,
    reminder_edits,
    reminders,
    rsvp,
    search,
    tasks,
    training,
    voice,
    web,
)
from bot.registry import Registry

REGISTRIES = (
    tasks.registry,
    notes.registry,
    search.registry,
    reminders.registry,
    reminder_edits.registry,
    events.registry,
    edit.registry,
    calendar.registry,
    profile.registry,
    conversation.registry,
    training.registry,
    voice.registry,
    email.registry,
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
