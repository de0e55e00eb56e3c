"""Linking accounts: one person on several platforms shares one set of items.

`/link` gives a six-digit code that lives ten minutes and works once; sending `/link CODE`
from the other platform joins the two accounts into one, with every item of both.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from datetime import datetime, timedelta

from bot.context import Context
from bot.knowledge.models import user_scope
from bot.messages import Reply
from bot.registry import Registry

registry = Registry()

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
# Guessing a code must stay hopeless: a few wrong tries per account, then a pause.
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=10)
_TRACKED_USERS = 10_000
_failures: OrderedDict[int, list[datetime]] = OrderedDict()


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


@registry.command("link", "/link [CODE]", "use the same items from Telegram, Slack and here")
async def link(ctx: Context, text: str) -> Reply:
    code = text.strip().replace(" ", "")
    if not code:
        return await _issue(ctx)
    if not (code.isdigit() and len(code) == CODE_DIGITS):
        return Reply("A link code has six digits, like: /link 123456. Send /link to get one.")
    return await _redeem(ctx, code)


async def _issue(ctx: Context) -> Reply:
    now = ctx.services.clock.now()
    for _ in range(5):
        code = new_code()
        if await ctx.store.links.create_code(ctx.user.id, code, now, now + CODE_LIFETIME):
            minutes = int(CODE_LIFETIME.total_seconds() // 60)
            return Reply(
                f"Your link code is {code}. Within {minutes} minutes, send /link {code} to me "
                "from your other account (Telegram, Slack or the terminal). It works once.",
                secret=True,
            )
    return Reply("I couldn't make a code just now; please send /link again.")


async def _redeem(ctx: Context, code: str) -> Reply:
    now = ctx.services.clock.now()
    if _locked_out(ctx.user.id, now):
        return Reply("Too many wrong codes. Please wait a few minutes and try again.")
    issuer = await ctx.store.links.redeem(code, now)
    if issuer is None:
        _failed(ctx.user.id, now)
        return Reply("That code is unknown, used or expired. Send /link on the other account.")
    if issuer == ctx.user.id:
        return Reply("That code came from this account; send it from your other one.")
    # The account speaking now survives, so this very message is still theirs.
    await ctx.store.links.merge(issuer, ctx.user.id)
    ctx.services.knowledge.reload([user_scope(issuer), user_scope(ctx.user.id)])
    ctx.services.wake()
    channels = sorted({i.channel for i in await ctx.store.users.identities(ctx.user.id)})
    return Reply(
        f"Linked: {', '.join(channels)} now share your reminders, tasks, notes and events. "
        "Reminders still arrive where you set them; to choose one place: /deliver here."
    )


def _locked_out(user_id: int, now: datetime) -> bool:
    recent = [at for at in _failures.get(user_id, []) if now - at < FAILURE_WINDOW]
    return len(recent) >= MAX_FAILURES


def _failed(user_id: int, now: datetime) -> None:
    recent = [at for at in _failures.pop(user_id, []) if now - at < FAILURE_WINDOW]
    _failures[user_id] = [*recent, now]
    while len(_failures) > _TRACKED_USERS:
        _failures.popitem(last=False)
