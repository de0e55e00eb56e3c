"""Slack payloads to the core's `Incoming`, and the core's `Reply` to Block Kit.

A Slack person is known by their user id, which is also their private chat: whatever the
core delivers there (reminders, alerts) arrives as a DM. A channel (public, private, or a
group DM) is a `GROUP` chat whose id is the channel's, like a Telegram group: what is said
there, its shared buttons and files, and reminders set there belong to the channel.
Slash commands are personal (answered only to the sender) except those whose answer is for
the channel, such as an event with RSVP.
"""

from __future__ import annotations

import re
from typing import Any

from bot.messages import ChatType, Incoming, Reply

CHANNEL = "slack"
ACTION_PREFIX = "nudge:"
# Slack's limits: a section's text, a button's label, a button's value.
SECTION_CHARS = 3000
LABEL_CHARS = 75
MAX_SECTIONS = 40
# The short commands Slack users expect, and the core command each one runs.
SHORT_COMMANDS = {"/todo": "/task", "/note": "/note", "/event": "/event"}

Payload = dict[str, Any]


# Slash commands (by the core command they run) whose answer is for the whole channel.
CHANNEL_COMMANDS = frozenset({"event"})
_SHARED_TYPES = frozenset({"channel", "group", "mpim"})


def is_shared(channel_id: str, channel_type: str = "") -> bool:
    """A conversation several people see: a channel, a private channel or a group DM."""
    if channel_type:
        return channel_type in _SHARED_TYPES
    return channel_id.startswith(("C", "G"))


def _chat(user: str, channel_id: str, shared: bool) -> tuple[str, ChatType]:
    """The core's chat: the channel itself when shared, else the person (their DM)."""
    return (channel_id, ChatType.GROUP) if shared else (user, ChatType.PRIVATE)


def command_text(command: str, text: str) -> str:
    """The core text a slash command stands for: `/nudge X` is X, `/todo X` is `/task X`."""
    text = text.strip()
    short = SHORT_COMMANDS.get(command)
    if short is not None:
        return f"{short} {text}".strip()
    return text or "/help"


def for_channel(text: str) -> str | None:
    """The core command for a text meant for the channel (`/event …`, `event …`), else None."""
    head, _, rest = text.strip().partition(" ")
    name = head.removeprefix("/").lower()
    return f"/{name} {rest}".strip() if name in CHANNEL_COMMANDS else None


def command_in_channel(body: Payload) -> bool:
    """A slash command sent in a shared conversation, not in a DM."""
    name = str(body.get("channel_name", ""))
    if name:
        return name != "directmessage"
    return is_shared(str(body.get("channel_id", "")))


def command_to_incoming(body: Payload) -> Incoming:
    """A slash command: the person's own, unless it is meant for the channel it was sent in."""
    user = str(body.get("user_id", ""))
    text = command_text(str(body.get("command", "")), str(body.get("text", "")))
    public = for_channel(text) if command_in_channel(body) else None
    chat_id, kind = _chat(user, str(body.get("channel_id", "")), public is not None)
    return Incoming(
        CHANNEL,
        user,
        chat_id,
        text=public or text,
        display_name=str(body.get("user_name", "")),
        chat_type=kind,
    )


def event_to_incoming(event: Payload, bot_user_id: str | None, display_name: str) -> Incoming:
    """A DM or a mention; a mention in a channel speaks for the channel ("remind us")."""
    user = str(event.get("user", ""))
    text = str(event.get("text", ""))
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>[,:]?", "", text)
    channel_id = str(event.get("channel", ""))
    chat_id, kind = _chat(
        user, channel_id, is_shared(channel_id, str(event.get("channel_type", "")))
    )
    return Incoming(
        CHANNEL,
        user,
        chat_id,
        text=unescape(text).strip(),
        display_name=display_name,
        chat_type=kind,
    )


def is_person_speaking(event: Payload) -> bool:
    """A plain message from a person: not a bot, not an edit, join or other subtype."""
    return bool(event.get("user")) and not event.get("bot_id") and not event.get("subtype")


def shared_files(event: Payload, limit: int = 5) -> list[Payload]:
    """The files a person shared in a message (`file_share`) or a mention; at most `limit`."""
    if not event.get("user") or event.get("bot_id"):
        return []
    if event.get("subtype") not in (None, "file_share"):
        return []
    files = event.get("files") or []
    return [f for f in files if isinstance(f, dict) and f.get("id")][:limit]


def press_to_incoming(body: Payload, action: Payload, display_name: str) -> Incoming:
    """A button press, in the chat of the message it was on.

    A message posted in a channel belongs to the channel, so its shared buttons (RSVP)
    answer anyone there; an ephemeral message was only the presser's.
    """
    user = str((body.get("user") or {}).get("id", ""))
    container = body.get("container") or {}
    channel_id = str(container.get("channel_id") or (body.get("channel") or {}).get("id", ""))
    shared = is_shared(channel_id) and not container.get("is_ephemeral")
    chat_id, kind = _chat(user, channel_id, shared)
    return Incoming(
        CHANNEL,
        user,
        chat_id,
        display_name=display_name,
        chat_type=kind,
        callback=str(action.get("value", "")),
        message_id=container.get("message_ts"),
    )


def escape(text: str) -> str:
    """Slack's mrkdwn reserves these three characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def render(reply: Reply) -> list[Payload]:
    """Block Kit for a reply: its text in sections, then one actions block per row of buttons.

    Each button's `action_id` is unique in the message; its `value` is the core's payload.
    """
    text = escape(reply.text) or " "
    blocks: list[Payload] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": text[i : i + SECTION_CHARS]}}
        for i in range(0, len(text), SECTION_CHARS)
    ][:MAX_SECTIONS]
    for r, row in enumerate(reply.buttons):
        elements = [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": button.label[:LABEL_CHARS], "emoji": True},
                "action_id": f"{ACTION_PREFIX}{r}.{c}",
                "value": button.data,
            }
            for c, button in enumerate(row)
        ]
        if elements:
            blocks.append({"type": "actions", "block_id": f"row{r}", "elements": elements})
    return blocks


def message(reply: Reply) -> Payload:
    """Keyword arguments for a Slack message carrying this reply (text is the fallback)."""
    return {"text": reply.text[:SECTION_CHARS] or " ", "blocks": render(reply)}
