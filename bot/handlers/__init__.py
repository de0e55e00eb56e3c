"""Every handler module's registry; the dispatcher serves their union."""

from bot.handlers import conversation, events, link, notes, profile, reminders, tasks
from bot.registry import Registry

REGISTRIES = (
    tasks.registry,
    notes.registry,
    reminders.registry,
    events.registry,
    profile.registry,
    conversation.registry,
    link.registry,
)


def all_handlers() -> Registry:
    return Registry().merge(*REGISTRIES)
