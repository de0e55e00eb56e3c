"""Teaching the intent router: `/train LABEL PHRASE` for admins, `/intents` to see it."""

from __future__ import annotations

from bot.context import Context
from bot.intents import LABELS
from bot.messages import Reply
from bot.registry import Registry

registry = Registry()


def admin_identity(ctx: Context) -> str:
    """Who is speaking, as `BOT_ADMINS` lists them: channel:user_id."""
    return f"{ctx.msg.channel}:{ctx.msg.user_id}"


def is_admin(ctx: Context) -> bool:
    return admin_identity(ctx) in ctx.services.settings.admins


@registry.command("train", "/train LABEL PHRASE", "teach the intent router (admins)")
async def train(ctx: Context, text: str) -> Reply:
    if not is_admin(ctx):
        return Reply(
            "Only admins can train me. Admins are listed in BOT_ADMINS (send /whoami for yours)."
        )
    label, _, phrase = text.strip().partition(" ")
    if label not in LABELS or not phrase.strip():
        return Reply(f"Use: /train LABEL PHRASE, where LABEL is one of: {', '.join(LABELS)}")
    await ctx.services.intents.learn(label, phrase.strip(), "admin", ctx.services.clock.now())
    return Reply(f"Learned “{phrase.strip()}” as {label}; retraining in the background.")


@registry.command("intents", "/intents", "how the intent router is doing (admins)")
async def intents_status(ctx: Context, _: str) -> Reply:
    if not is_admin(ctx):
        return Reply("Only admins can see the intent router's status.")
    status = await ctx.services.intents.status()
    counts = ", ".join(f"{label} {status.phrase_counts[label]}" for label in status.labels)
    return Reply(
        f"Phrases per label: {counts}\nCross-validated macro-F1: {status.cv_macro_f1:.3f}\n"
        f"Confidence threshold: {status.threshold:.2f}"
    )
