"""Telegram updates to the core's messages, and the core's replies to Telegram markup."""

from __future__ import annotations

import re
from dataclasses import replace

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType as TelegramChatType
from telegram.constants import MessageLimit

from bot.messages import ChatType, Incoming, Reply

CHANNEL = "telegram"
MAX_TEXT = int(MessageLimit.MAX_TEXT_LENGTH)
_GROUPS = {TelegramChatType.GROUP, TelegramChatType.SUPERGROUP}


def chat_type(kind: str) -> ChatType | None:
    """The core's kind of chat; None for chats the bot does not converse in (channels)."""
    if kind == TelegramChatType.PRIVATE:
        return ChatType.PRIVATE
    if kind in _GROUPS:
        return ChatType.GROUP
    return None


def to_incoming(update: Update, username: str, text: str | None = None) -> Incoming | None:
    """The core's view of a text message, command or button press; None if not for us.

    In groups only commands, mentions and replies to the bot are addressed to it (all that
    privacy mode lets a bot see anyway). `text` overrides the message text (a transcription).
    """
    user = update.effective_user
    chat = update.effective_chat
    kind = chat_type(chat.type) if chat else None
    if user is None or chat is None or kind is None or user.is_bot:
        return None
    base = Incoming(
        CHANNEL,
        str(user.id),
        str(chat.id),
        display_name=user.full_name,
        chat_type=kind,
        language=user.language_code,
    )
    if (query := update.callback_query) is not None:
        message_id = str(query.message.message_id) if query.message else None
        return replace(base, callback=query.data or "", message_id=message_id)
    message = update.message
    if message is None:
        return None
    said = text if text is not None else (message.text or message.caption or "")
    addressed = _addressed(said, username)
    replied = message.reply_to_message is not None and is_us(message.reply_to_message, username)
    if kind is ChatType.GROUP and addressed is None and not replied and text is None:
        return None
    return replace(base, text=addressed if addressed is not None else said)


def is_us(message: object, username: str) -> bool:
    sender = getattr(message, "from_user", None)
    return bool(sender and sender.is_bot and (sender.username or "").lower() == username.lower())


def _addressed(text: str, username: str) -> str | None:
    """The text with our name taken out if it is a command or mentions us, else None."""
    stripped = text.strip()
    if stripped.startswith("/"):
        head, sep, rest = stripped.partition(" ")
        name, _, bot = head.partition("@")
        if bot and bot.lower() != username.lower():
            return None  # a command for another bot in the same group
        return f"{name}{sep}{rest}"
    mention = re.compile(rf"(?<!\w)@{re.escape(username)}\b[,:]?\s*", re.I)
    if username and mention.search(stripped):
        return mention.sub("", stripped, count=1).strip()
    return None


def render(reply: Reply) -> InlineKeyboardMarkup | None:
    """The inline keyboard for a reply's buttons, or None when it has none."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
            for row in reply.buttons
        ]
    )


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut a long text into messages Telegram accepts, at line breaks where possible."""
    text = text or "…"
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = limit
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n") or ""
    if text:
        parts.append(text)
    return parts
