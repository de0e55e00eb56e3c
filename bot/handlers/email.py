"""E-mail as a second way alerts reach you: register an address, prove it with a code.

`/email you@example.com` mails an 8-digit code (longer than the phone's and the link's, so
a bare code in chat is never taken for theirs); the code lives 30 minutes, works once and
allows a few wrong tries. Once verified, event alerts and the daily agenda also come by
e-mail, as copies of the chat messages.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import replace
from datetime import timedelta

import structlog

from bot.context import Context
from bot.mail.addresses import clean_address
from bot.mail.compose import verification_mail
from bot.mail.models import MailProfile
from bot.messages import Reply
from bot.registry import Registry

log = structlog.get_logger(__name__)
registry = Registry()

CODE_DIGITS = 8
CODE = re.compile(rf"^\s*(\d{{{CODE_DIGITS}}})\s*$")
CODE_TTL = timedelta(minutes=30)
MAX_CODE_TRIES = 5
# A new code at most this often: /email cannot be used to flood someone's inbox.
RESEND_AFTER = timedelta(minutes=1)
_OFF = ("off", "stop", "remove", "delete", "none")
USAGE = "/email you@example.com"
_NOT_SET_UP = "E-mail isn't set up on this bot, so I can't send you mail."


def _code_hash(user_id: int, address: str, code: str) -> str:
    return hashlib.sha256(f"{user_id}:{address}:{code}".encode()).hexdigest()


def _status(profile: MailProfile) -> str:
    lines = []
    if profile.address:
        lines.append(
            f"Event alerts and your daily agenda also come by e-mail to {profile.address}. "
            "/email off stops them."
        )
    else:
        lines.append(f"No e-mail address yet. Add one with: {USAGE}")
    if profile.pending and profile.code_hash:
        lines.append(f"Waiting for the code I sent to {profile.pending}: send it here.")
    return "\n".join(lines)


@registry.command("email", f"{USAGE} | off", "get event alerts and the agenda by e-mail too")
async def email(ctx: Context, text: str) -> Reply:
    word, _, rest = text.strip().partition(" ")
    if not word:
        return Reply(_status(await ctx.store.mail.profile(ctx.user.id)))
    if word.lower() in _OFF:
        await ctx.store.mail.save(MailProfile(ctx.user.id))
        return Reply("E-mail is off: alerts and the agenda come only in chat.")
    if word.lower() == "verify":
        match = CODE.match(rest)
        reply = await verify_code(ctx, match.group(1)) if match else None
        return reply or Reply(
            f"Send the {CODE_DIGITS}-digit code from the e-mail, like: /email verify 12345678"
        )
    address = clean_address(text)
    if address is None:
        return Reply(
            f"“{text.strip()[:100]}” doesn't look like an e-mail address. Send it like: {USAGE}"
        )
    return await _send_code(ctx, address)


async def _send_code(ctx: Context, address: str) -> Reply:
    sender = ctx.services.mail
    if sender is None:
        return Reply(_NOT_SET_UP)
    profile = await ctx.store.mail.profile(ctx.user.id)
    now = ctx.services.clock.now()
    issued = profile.code_expires_at - CODE_TTL if profile.code_expires_at else None
    if profile.code_hash and issued is not None and now - issued < RESEND_AFTER:
        return Reply("I sent a code a moment ago. Please wait a minute before asking again.")
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    await ctx.store.mail.save(
        replace(
            profile,
            pending=address,
            code_hash=_code_hash(ctx.user.id, address, code),
            code_expires_at=now + CODE_TTL,
            code_tries=0,
        )
    )
    settings = ctx.services.settings
    minutes = int(CODE_TTL.total_seconds() // 60)
    message = verification_mail(settings.mail_from, address, settings.bot_name, code, minutes, now)
    try:
        await sender.send(message)
    except Exception as error:
        log.warning("verification_mail_failed", error=repr(error))
        await ctx.store.mail.save(profile)
        return Reply(
            f"I couldn't send mail to {address} just now: the mail server did not take it. "
            "Please try again in a few minutes."
        )
    return Reply(
        f"I've e-mailed an {CODE_DIGITS}-digit code to {address}. Send it here within "
        f"{minutes} minutes (or /email verify CODE). Until then, mail goes nowhere new."
    )


@registry.listener
async def typed_code(ctx: Context, text: str) -> Reply | None:
    """A bare 8-digit code in chat verifies the address waiting for one."""
    return await verify_code(ctx, text) if CODE.match(text) else None


async def verify_code(ctx: Context, text: str) -> Reply | None:
    """Check a code; None when no address waits for one (then it is other text)."""
    profile = await ctx.store.mail.profile(ctx.user.id)
    expires, pending = profile.code_expires_at, profile.pending
    if profile.code_hash is None or expires is None or pending is None:
        return None
    cleared = replace(profile, pending=None, code_hash=None, code_expires_at=None, code_tries=0)
    if expires <= ctx.services.clock.now():
        await ctx.store.mail.save(cleared)
        return Reply(f"That code has expired. Send /email {pending} for a new one.")
    expected = _code_hash(ctx.user.id, pending, text.strip())
    if not hmac.compare_digest(profile.code_hash, expected):
        tries = profile.code_tries + 1
        if tries >= MAX_CODE_TRIES:
            await ctx.store.mail.save(cleared)
            return Reply(f"Too many wrong codes. Send /email {pending} for a new one.")
        await ctx.store.mail.save(replace(profile, code_tries=tries))
        left = MAX_CODE_TRIES - tries
        return Reply(f"That code doesn't match ({left} tries left). Please check the e-mail.")
    await ctx.store.mail.save(replace(cleared, address=pending))
    return Reply(
        f"Verified {pending}. Event alerts and your daily agenda now also come by e-mail. "
        "/email off stops them."
    )
