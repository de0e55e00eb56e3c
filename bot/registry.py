"""Where handlers declare what they answer: slash commands, frames and button actions.

Each handler module owns a `Registry`; the dispatcher merges them. A new capability is a new
module and one line in `bot.handlers.REGISTRIES`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.context import Context
from bot.messages import Reply
from bot.nlu.frame import Domain, Frame

Handler = Callable[[Context, str], Awaitable[Reply]]
# Acts on a message understood as a frame of its domain, its reference already resolved.
FrameHandler = Callable[[Context, Frame], Awaitable[Reply]]
# Sees free text before the intent router; None means "not mine", and routing goes on.
Listener = Callable[[Context, str], Awaitable[Reply | None]]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    handler: Handler
    usage: str
    summary: str


@dataclass
class Registry:
    commands: dict[str, Command] = field(default_factory=dict)
    frames: dict[Domain, FrameHandler] = field(default_factory=dict)
    actions: dict[str, Handler] = field(default_factory=dict)
    listeners: list[Listener] = field(default_factory=list)

    def command(
        self, name: str, usage: str = "", summary: str = "", *aliases: str
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for key in (name, *aliases):
                self.commands[key] = Command(name, handler, usage or f"/{name}", summary)
            return handler

        return register

    def frame(self, *domains: Domain) -> Callable[[FrameHandler], FrameHandler]:
        """The handler of every frame in `domains`."""

        def register(handler: FrameHandler) -> FrameHandler:
            for domain in domains:
                self.frames[domain] = handler
            return handler

        return register

    def action(self, name: str) -> Callable[[Handler], Handler]:
        """A button action; the handler gets the payload's argument as its text."""

        def register(handler: Handler) -> Handler:
            self.actions[name] = handler
            return handler

        return register

    def listener(self, listener: Listener) -> Listener:
        """Free text that this module may claim before routing (a code it is waiting for)."""
        self.listeners.append(listener)
        return listener

    def merge(self, *others: Registry) -> Registry:
        merged = Registry(
            dict(self.commands), dict(self.frames), dict(self.actions), list(self.listeners)
        )
        for other in others:
            merged.listeners.extend(other.listeners)
            for kind in ("commands", "frames", "actions"):
                mine, theirs = getattr(merged, kind), getattr(other, kind)
                clash = mine.keys() & theirs.keys()
                if clash:
                    raise ValueError(f"{kind} registered twice: {sorted(clash)}")
                mine.update(theirs)
        return merged
