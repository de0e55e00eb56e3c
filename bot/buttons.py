"""Signed button payloads that fit Telegram's 64 bytes and bind a press to its owner.

A payload is ``action:arg:mac``. The MAC covers the owner's user id, so a payload copied to
another account, or edited by hand, fails verification and does nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from bot.messages import Button

MAX_PAYLOAD_BYTES = 64
_MAC_CHARS = 12


@dataclass(frozen=True, slots=True)
class Press:
    action: str
    arg: str


class ButtonSigner:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, owner: int | str, body: str) -> str:
        digest = hmac.new(self._secret, f"{owner}|{body}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode()[:_MAC_CHARS]

    def payload(self, user_id: int | str, action: str, arg: str = "") -> str:
        if ":" in action or ":" in arg:
            raise ValueError("button action and argument may not contain ':'")
        body = f"{action}:{arg}"
        data = f"{body}:{self._mac(user_id, body)}"
        if len(data.encode()) > MAX_PAYLOAD_BYTES:
            raise ValueError(f"button payload over {MAX_PAYLOAD_BYTES} bytes: {body!r}")
        return data

    def button(self, user_id: int, label: str, action: str, arg: str = "") -> Button:
        return Button(label, self.payload(user_id, action, arg))

    def verify(self, user_id: int | str, data: str) -> Press | None:
        """The press a payload carries, or None if it was not signed for this user."""
        action, sep, rest = data.partition(":")
        arg, sep2, mac = rest.rpartition(":")
        if not (sep and sep2 and action):
            return None
        # Bytes: compare_digest refuses str with non-ASCII characters, which anyone can send.
        expected = self._mac(user_id, f"{action}:{arg}").encode()
        if not hmac.compare_digest(mac.encode(), expected):
            return None
        return Press(action, arg)

    def shared_button(self, chat_id: str, label: str, action: str, arg: str = "") -> Button:
        """A button anyone in the chat may press (group RSVP); bound to the chat, not a person."""
        return Button(label, self.payload(_shared(chat_id), action, arg))

    def verify_shared(self, chat_id: str, data: str) -> Press | None:
        """The press a shared payload carries, or None if it was not signed for this chat."""
        return self.verify(_shared(chat_id), data)


def _shared(chat_id: str) -> str:
    # Never equal to a user id, which is an integer.
    return f"chat:{chat_id}"
