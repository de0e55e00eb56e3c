"""The web channel's keys, handed out in any chat: `/token` for programs, `/web` for a browser.

`/token` shows a new personal API token once (only its hash is kept; the old one stops
working) and `/token revoke` ends it. `/web` answers with a link that signs the person in to
the web chat; it works once, for a few minutes. `/admin` answers admins with the same kind of
link, one that opens the dashboard.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from bot.config import Settings
from bot.context import Context
from bot.handlers.common import private_only
from bot.handlers.training import is_admin
from bot.messages import Reply
from bot.ports import Store
from bot.registry import Registry

registry = Registry()

SIGN_IN_PATH = "/web/signin/{code}"
ADMIN_PATH = "/admin"
# Where a sign-in link may land; any other `to` lands on the chat.
LANDINGS = ("/", ADMIN_PATH)
SIGN_IN_LIFETIME = timedelta(minutes=10)
TOKEN_PREFIX = "nudge_"


def digest(secret: str) -> str:
    """What is stored of a token or link: its SHA-256, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


def base_url(settings: Settings) -> str:
    """Where people reach the HTTP server: `PUBLIC_BASE_URL`, else the local address."""
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/")
    return f"http://{settings.http_host}:{settings.http_port}"


async def sign_in_link(
    store: Store, settings: Settings, user_id: int, now: datetime, landing: str = "/"
) -> str:
    """A new one-time link that signs this person in, to the web chat or to `landing`."""
    code = secrets.token_urlsafe(32)
    await store.web.create_sign_in(user_id, digest(code), now, now + SIGN_IN_LIFETIME)
    link = base_url(settings) + SIGN_IN_PATH.format(code=code)
    return link if landing == "/" else f"{link}?to={landing}"


@registry.command("token", "/token [revoke]", "a personal API token for your own programs")
async def token(ctx: Context, text: str) -> Reply:
    if refused := private_only(ctx, "token", "the token is yours alone."):
        return refused
    argument = text.strip().lower()
    if argument == "revoke":
        await ctx.store.web.set_api_token(ctx.user.id, None)
        return Reply("Done: your API token no longer works. Send /token for a new one.")
    if argument:
        return Reply("Send /token for a new API token, or /token revoke to end it.")
    value = TOKEN_PREFIX + secrets.token_urlsafe(32)
    await ctx.store.web.set_api_token(ctx.user.id, digest(value))
    return Reply(
        f"Your API token (shown only this once; any older one stopped working):\n{value}\n\n"
        f"Send it as 'Authorization: Bearer …' to {base_url(ctx.services.settings)}/api/chat. "
        "/token revoke ends it.",
        secret=True,
    )


@registry.command("web", "/web", "a link that opens this chat in your browser")
async def web(ctx: Context, text: str) -> Reply:
    if refused := private_only(ctx, "web", "the link signs you in."):
        return refused
    link = await sign_in_link(ctx.store, ctx.services.settings, ctx.user.id, ctx.now())
    minutes = int(SIGN_IN_LIFETIME.total_seconds() // 60)
    return Reply(
        f"Open this within {minutes} minutes to chat in your browser (it works once):\n{link}",
        secret=True,
    )


@registry.command("admin", "/admin", "a link to the operator dashboard (admins)")
async def admin(ctx: Context, text: str) -> Reply:
    if not is_admin(ctx):
        return Reply(
            "Only admins can open the dashboard. Admins are listed in BOT_ADMINS "
            "(send /whoami for yours)."
        )
    if refused := private_only(ctx, "admin", "the link signs you in."):
        return refused
    link = await sign_in_link(
        ctx.store, ctx.services.settings, ctx.user.id, ctx.now(), landing=ADMIN_PATH
    )
    minutes = int(SIGN_IN_LIFETIME.total_seconds() // 60)
    return Reply(
        f"Open this within {minutes} minutes for the dashboard (it works once):\n{link}",
        secret=True,
    )
