"""The neutral message types every channel converts to and from."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ChatType(StrEnum):
    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class Button:
    """A button: the label people see and the opaque payload the press sends back."""

    label: str
    data: str


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing a person did: a text message, or a press on one of our buttons."""

    channel: str
    user_id: str
    chat_id: str
    text: str = ""
    display_name: str = ""
    chat_type: ChatType = ChatType.PRIVATE
    callback: str | None = None
    message_id: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a reply: its name, media type and contents."""

    name: str
    data: bytes
    media_type: str = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot answers: text with rows of buttons, optionally replacing an earlier message.

    `edit` names the platform message to replace (a button press edits the message it was on);
    `toast` is the short notice a platform shows for a button press; `follow_up` is a further
    message for everyone in the chat, sent after the reply (a press's reply only edits);
    `files` are sent after the text, as documents. A `secret` reply carries a key (a token,
    a sign-in link) that is shown to the person but never written to the message log.
    """

    text: str
    buttons: Keyboard = ()
    edit: str | None = None
    toast: str | None = None
    follow_up: str | None = None
    files: tuple[Attachment, ...] = ()
    secret: bool = False

    @property
    def silent(self) -> bool:
        """Nothing to show: the bot does not answer this one."""
        return not (self.text or self.buttons or self.edit or self.toast or self.follow_up)


@dataclass(frozen=True, slots=True)
class Target:
    """Where a delivery goes: a channel and a chat on it."""

    channel: str
    chat_id: str
