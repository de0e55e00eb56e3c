"""Slack payloads to the core's `Incoming`, and the core's `Reply` to Block Kit.

A Slack person is known by their user id, which is also their chat: whatever the core
delivers to them later (reminders, alerts) arrives as a DM. Messages in channels are
`GROUP` chats, so group-aware handlers can tell them apart.
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


def _chat_type(channel_id: str, channel_type: str = "") -> ChatType:
    is_dm = channel_type == "im" or channel_id.startswith("D")
    return ChatType.PRIVATE if is_dm else ChatType.GROUP


def command_text(command: str, text: str) -> str:
    """The core text a slash command stands for: `/nudge X` is X, `/todo X` is `/task X`."""
    text = text.strip()
    short = SHORT_COMMANDS.get(command)
    if short is not None:
        return f"{short} {text}".strip()
    return text or "/help"


def command_to_incoming(body: Payload) -> Incoming:
    user = str(body.get("user_id", ""))
    return Incoming(
        CHANNEL,
        user,
        user,
        text=command_text(str(body.get("command", "")), str(body.get("text", ""))),
        display_name=str(body.get("user_name", "")),
        chat_type=_chat_type(str(body.get("channel_id", ""))),
    )


def event_to_incoming(event: Payload, bot_user_id: str | None, display_name: str) -> Incoming:
    user = str(event.get("user", ""))
    text = str(event.get("text", ""))
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>[,:]?", "", text)
    return Incoming(
        CHANNEL,
        user,
        user,
        text=unescape(text).strip(),
        display_name=display_name,
        chat_type=_chat_type(str(event.get("channel", "")), str(event.get("channel_type", ""))),
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
    user = str((body.get("user") or {}).get("id", ""))
    container = body.get("container") or {}
    return Incoming(
        CHANNEL,
        user,
        user,
        display_name=display_name,
        chat_type=_chat_type(str(container.get("channel_id", ""))),
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
