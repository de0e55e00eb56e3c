"""Keyword rules: the router's second opinion when the model is unsure."""

from __future__ import annotations

import re

from bot.intents.text import MAX_CHARS, OTHER_APP

_ABOUT_BOT = re.compile(
    r"\b(?:help|what can you do|how do i use you|how does this bot|commands|what are you for)\b"
    r"|^how (?:do|can) i (?:set|add|make|create|delete|cancel|list|see|snooze|search)\b"
)

_QUESTION = re.compile(r"\?$|^(?:what|who|where|why|how|when|which|can|does|is|are|do)\b")

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "smalltalk",
        re.compile(
            r"^(?:hi|hey|hello|yo|thanks?|thank you|thx|ty|good (?:morning|night|evening)|bye)\b"
        ),
    ),
    (
        "time",
        re.compile(
            r"\bwhat(?:'s| is)? (?:the )?(?:time|date|day)\b|\btime is it\b|\btoday'?s date\b"
        ),
    ),
    (
        "reminders",
        re.compile(
            r"\bremind|\breminders?\b|\bsnooze\b"
            r"|^in \d+ ?(?:s|secs?|seconds?|m|mins?|minutes?|h|hours?|days?|weeks?)\b"
            # French, German, Spanish, Russian, Portuguese, Italian
            r"|\brappelle|\berinner|\brecu[eé]rd|\bнапомн|\blembr|\bricord"
        ),
    ),
    (
        "tasks",
        re.compile(
            r"\btasks?\b|\bto-?dos?\b|^done \d+\b|\bmark .+ (?:as )?done\b"
            r"|\bt[âa]che|\baufgabe|\btarea|\bзадач|\btarefa|\bcompito"
        ),
    ),
    ("notes", re.compile(r"\bnotes?\b|^remember that\b|\bjot\b")),
    (
        "events",
        re.compile(
            r"\bevents?\b|\bcalendar\b|\bappointments?\b|\bmeeting\b|\bschedule\b"
            r"|\brendez-vous\b|\btermin\b|\bcita\b|\bвстреч|\breuni[ãa]o|\bappuntamento"
        ),
    ),
    ("question", _QUESTION),
)


def rule_intent(text: str) -> str | None:
    """Guess the intent of `text` from keywords, or None when nothing matches."""
    lowered = " ".join(text[:MAX_CHARS].lower().split())
    if not lowered:
        return None
    if OTHER_APP.search(lowered) and _QUESTION.search(lowered):
        return "question"
    if _ABOUT_BOT.search(lowered):
        return "help"
    for label, pattern in _RULES:
        if pattern.search(lowered):
            return label
    return None
