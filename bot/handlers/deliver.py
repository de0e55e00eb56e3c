"""Where a person's reminders and alerts arrive, for people using several platforms.

`/deliver telegram`, `/deliver slack` or `/deliver here` picks the private chat that the
reminders, event alerts and agenda set from now on go to (and the alerts of the events the
person is going to); `/deliver off` goes back to each arriving where it was set.
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import ChatType, Reply, Target
from bot.registry import Registry

registry = Registry()

PLATFORMS = {"telegram": "Telegram", "slack": "Slack"}
_OFF = ("off", "reset", "default", "where set")


def _name(channel: str) -> str:
    return PLATFORMS.get(channel, "this chat" if channel == "console" else channel)


async def _private_chat(ctx: Context, channel: str) -> Target | None:
    """The person's private chat on a platform, if they have one.

    Here if here is private, else an identity whose chat is the person's own id (a Telegram
    private chat, a Slack DM).
    """
    msg = ctx.msg
    if msg.channel == channel and msg.chat_type is ChatType.PRIVATE:
        return ctx.target
    for identity in await ctx.store.users.identities(ctx.user.id):
        own = identity.chat_id == identity.external_id
        if identity.channel == channel and own and identity.reachable:
            return Target(channel, identity.chat_id)
    return None


@registry.command("deliver", "/deliver telegram|slack|here", "where reminders and alerts reach you")
async def deliver(ctx: Context, text: str) -> Reply:
    word = text.strip().lower()
    if not word:
        chosen = ctx.user.delivery_chat
        if chosen is None:
            return Reply(
                "Reminders and alerts arrive in the chat where you set them. To choose one "
                "place: /deliver telegram, /deliver slack or /deliver here"
            )
        return Reply(f"New reminders and alerts arrive on {_name(chosen.channel)}. /deliver off")
    now = ctx.services.clock.now()
    if word in _OFF:
        await ctx.store.links.set_delivery_chat(ctx.user.id, None, now=now)
        ctx.services.wake()
        return Reply("OK: reminders and alerts arrive in the chat where you set them.")
    channel = ctx.msg.channel if word == "here" else word
    if word != "here" and channel not in PLATFORMS:
        return Reply("Where to? /deliver telegram, /deliver slack or /deliver here")
    target = await _private_chat(ctx, channel)
    if target is None:
        platform = _name(channel)
        return Reply(
            f"I can't reach you privately on {platform} yet. Start a private chat with me "
            f"there; if it is another account, send /link there and the code here first."
        )
    await ctx.store.links.set_delivery_chat(ctx.user.id, target, now=now)
    ctx.services.wake()
    return Reply(
        f"From now on, the reminders, alerts and agenda you set arrive in your private chat "
        f"on {_name(channel)}. Ones set before stay where they were. /deliver off undoes this."
    )
