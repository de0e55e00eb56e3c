"""Phone calls as a fallback: register and verify a number, and say when calls are welcome."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import replace
from datetime import timedelta

from bot.context import Context
from bot.formatting import duration_text
from bot.handlers.common import missing, number_in
from bot.handlers.link import new_code
from bot.messages import Keyboard, Reply
from bot.models import Reminder
from bot.registry import Registry
from bot.timeparse import parse_duration
from bot.voice.models import VoiceProfile
from bot.voice.policy import parse_quiet

registry = Registry()

URGENT_ACTION = "vu"
CODE = re.compile(r"^\s*(\d{6})\s*$")
CODE_TTL = timedelta(minutes=10)
MAX_CODE_TRIES = 5
MAX_WAIT = timedelta(hours=2)
_PHONE = re.compile(r"^\+[1-9]\d{6,14}$")
_NOT_SET_UP = "Phone calls aren't set up on this bot, so I can't call you."


def _code_hash(user_id: int, code: str) -> str:
    return hashlib.sha256(f"{user_id}:{code}".encode()).hexdigest()


def _quiet_text(profile: VoiceProfile) -> str:
    if profile.quiet is None:
        return "none"
    return f"{profile.quiet[0]:%H:%M}–{profile.quiet[1]:%H:%M}"


def _status(profile: VoiceProfile) -> str:
    if profile.phone is None:
        return "No phone number yet. Register one with: /phone +447700900123"
    state = "verified" if profile.verified else "not verified yet (send the code I texted you)"
    calls = "on" if profile.enabled else "off"
    return (
        f"Phone {profile.phone}, {state}. Calls {calls}; I call after "
        f"{duration_text(profile.wait)} without an answer in chat, quiet hours "
        f"{_quiet_text(profile)}, up to {profile.retries} more tries "
        f"{duration_text(profile.spacing)} apart."
    )


@registry.command("phone", "/phone +447700900123", "the number I call when an alert is unanswered")
async def phone(ctx: Context, text: str) -> Reply:
    profile = await ctx.store.voice.profile(ctx.user.id)
    number = re.sub(r"[\s().-]", "", text)
    if not number:
        return Reply(_status(profile))
    if number.lower() in ("off", "remove", "delete"):
        await ctx.store.voice.save(replace(profile, phone=None, verified=False, code_hash=None))
        return Reply("Removed your phone number; I won't call you.")
    provider = ctx.services.voice
    if provider is None:
        return Reply(_NOT_SET_UP)
    if not _PHONE.match(number):
        return Reply(
            "Please give the number in international form, starting with + and the "
            "country code, like: /phone +447700900123"
        )
    code = new_code()
    expires = ctx.services.clock.now() + CODE_TTL
    pending = replace(
        profile,
        phone=number,
        verified=False,
        code_hash=_code_hash(ctx.user.id, code),
        code_expires_at=expires,
        code_tries=0,
    )
    await ctx.store.voice.save(pending)
    await provider.send_code(number, f"{ctx.services.settings.bot_name} code: {code}")
    return Reply(
        f"I've texted a 6-digit code to {number}. Send it here (or /verify CODE) within "
        "10 minutes. Until then I won't call that number."
    )


@registry.command("verify", "/verify 123456", "confirm your phone number with the code I sent")
async def verify(ctx: Context, text: str) -> Reply:
    match = CODE.match(text)
    reply = await verify_typed_code(ctx, match.group(1)) if match else None
    return reply or Reply("Send the 6-digit code I texted you, like: /verify 123456")


@registry.listener
async def typed_code(ctx: Context, text: str) -> Reply | None:
    """A bare 6-digit code in chat verifies the phone waiting for one."""
    return await verify_typed_code(ctx, text) if CODE.match(text) else None


async def verify_typed_code(ctx: Context, text: str) -> Reply | None:
    """Check a code typed in chat; None when no verification is waiting (it is other text)."""
    profile = await ctx.store.voice.profile(ctx.user.id)
    expires = profile.code_expires_at
    if profile.code_hash is None or expires is None or profile.verified:
        return None
    if expires < ctx.services.clock.now() or profile.code_tries >= MAX_CODE_TRIES:
        await ctx.store.voice.save(replace(profile, code_hash=None, code_expires_at=None))
        return Reply("That code has expired. Send /phone with your number for a new one.")
    if not hmac.compare_digest(profile.code_hash, _code_hash(ctx.user.id, text.strip())):
        await ctx.store.voice.save(replace(profile, code_tries=profile.code_tries + 1))
        return Reply("That code doesn't match. Please check it and send it again.")
    await ctx.store.voice.save(
        replace(profile, verified=True, code_hash=None, code_expires_at=None, code_tries=0)
    )
    return Reply(
        f"Verified {profile.phone}. When an urgent alert goes unanswered for "
        f"{duration_text(profile.wait)}, I'll call you. /voice shows the settings."
    )


@registry.command("voice", "/voice on|off|wait 5m", "phone calls for unanswered alerts")
async def voice(ctx: Context, text: str) -> Reply:
    profile = await ctx.store.voice.profile(ctx.user.id)
    word, _, rest = text.strip().lower().partition(" ")
    if word in ("on", "off"):
        await ctx.store.voice.save(replace(profile, enabled=word == "on"))
        if word == "off":
            return Reply("Phone calls are off. /voice on turns them back on.")
        if profile.phone is None or not profile.verified:
            return Reply("Calls are on, but first register a number: /phone +447700900123")
        return Reply(f"Phone calls are on; I'll call {profile.phone}.")
    if word == "wait":
        wait = parse_duration(rest)
        if wait is None or not timedelta(minutes=1) <= wait <= MAX_WAIT:
            return Reply("How long should I wait for you in chat? For example: /voice wait 5m")
        await ctx.store.voice.save(replace(profile, wait=wait))
        return Reply(f"I'll call when an alert is unanswered for {duration_text(wait)}.")
    return Reply(_status(profile))


@registry.command("quiet", "/quiet 22:00-07:00", "hours when I never call you (or /quiet off)")
async def quiet(ctx: Context, text: str) -> Reply:
    profile = await ctx.store.voice.profile(ctx.user.id)
    spoken = text.strip().lower()
    if not spoken:
        return Reply(f"Quiet hours: {_quiet_text(profile)}. Change them with: /quiet 22:00-07:00")
    window = None if spoken in ("off", "none") else parse_quiet(spoken)
    if window is None and spoken not in ("off", "none"):
        return Reply("Give quiet hours as a range, like: /quiet 22:00-07:00 (or /quiet off)")
    await ctx.store.voice.save(replace(profile, quiet=window))
    if window is None:
        return Reply("No quiet hours: I may call at any time.")
    updated = replace(profile, quiet=window)
    return Reply(f"Quiet hours set to {_quiet_text(updated)} ({ctx.user.timezone}).")


@registry.command("urgent", "/urgent N", "call me if reminder N goes unanswered")
async def urgent(ctx: Context, text: str) -> Reply:
    number = number_in(text)
    off = bool(re.search(r"\b(?:off|no|not)\b", text, re.I))
    reminder = None
    if number is not None:
        reminder = await ctx.store.voice.set_urgent(ctx.user.id, number, not off)
    if reminder is None:
        return missing("reminder", number, "/reminders", "/urgent 2")
    if off:
        return Reply(f"Reminder {reminder.number} is no longer urgent: {reminder.text}")
    return Reply(await _urgent_note(ctx, reminder), toast="Marked urgent")


@registry.action(URGENT_ACTION)
async def urgent_pressed(ctx: Context, arg: str) -> Reply:
    reminder = await ctx.store.voice.mark_urgent(ctx.user.id, int(arg)) if arg.isdigit() else None
    if reminder is None:
        return Reply("That reminder no longer exists.", toast="That reminder no longer exists.")
    return Reply(await _urgent_note(ctx, reminder), toast="Marked urgent")


async def _urgent_note(ctx: Context, reminder: Reminder) -> str:
    profile = await ctx.store.voice.profile(ctx.user.id)
    if not profile.callable:
        return (
            f"Reminder {reminder.number} is urgent: {reminder.text}. To get a call when it "
            "goes unanswered, register a phone: /phone +447700900123"
        )
    return (
        f"Reminder {reminder.number} is urgent: {reminder.text}. If it goes unanswered for "
        f"{duration_text(profile.wait)}, I'll call {profile.phone}."
    )


async def urgent_choice(ctx: Context, reminder: Reminder, urgent: bool) -> Keyboard:
    """Mark a new reminder urgent, or offer a button that does, to people who can be called."""
    if urgent:
        await ctx.store.voice.mark_urgent(ctx.user.id, reminder.id)
        return ()
    profile = await ctx.store.voice.profile(ctx.user.id)
    if not profile.callable:
        return ()
    return ((ctx.button("📞 Urgent: call me", URGENT_ACTION, str(reminder.id)),),)
