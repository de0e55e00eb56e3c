"""Smalltalk and help."""

from __future__ import annotations

import random
import re

from bot.context import Context
from bot.messages import Reply
from bot.nlu import Domain, Frame
from bot.registry import Registry

registry = Registry()

_GREETING = re.compile(
    r"^(?:hi|hello|hey|hiya|yo|howdy|good\s+(?:morning|afternoon|evening)|"
    r"greetings|sup|what'?s up)\b",
    re.I,
)
_THANKS = re.compile(r"\b(?:thanks?|thank\s+you|thx|ty|cheers|appreciate)\b", re.I)
_HOW_ARE_YOU = re.compile(r"\bhow\s+(?:are|r)\s+(?:you|u)\b|\bhow'?s\s+it\s+going\b", re.I)
_BYE = re.compile(r"\b(?:bye|goodbye|see\s+you|good\s*night|later|cya)\b", re.I)
_WHO = re.compile(r"\bwho\s+are\s+you\b|\byour\s+name\b|\bare\s+you\s+a\s+bot\b", re.I)
_JOKE = re.compile(r"\bjoke\b|\bmake\s+me\s+laugh\b", re.I)

GREETINGS = (
    "Hi {user}! What can I do for you?",
    "Hello {user}! Need a reminder, a task or a note?",
    "Hey {user}! How can I help today?",
    "Good to see you, {user}. What's up?",
)
THANKS = ("You're welcome!", "Any time!", "Glad to help.", "My pleasure.", "Happy to help!")
HOW_ARE_YOU = (
    "Doing well, thanks — ready to keep track of things for you.",
    "All good here! Anything I should remember for you?",
    "Great, thanks for asking. What can I do for you?",
)
BYE = (
    "Bye! I'll be here when you need me.",
    "See you! I'll keep an eye on your reminders.",
    "Take care!",
)
JOKES = (
    "I'd tell you a joke about procrastination, but I'll remind you later.",
    "Why did the calendar feel popular? Its days were numbered.",
    "I tried to catch some fog earlier. I mist.",
)
FALLBACK = (
    "I'm here to help with reminders, tasks, notes and events. Send /help for examples.",
    "Happy to chat! I'm best at reminders, tasks, notes and events — /help shows how.",
)

HELP = """Here's what I can do — just write in plain words:

Reminders: remind me to call mom tomorrow at 9 · in 20 min stretch · every weekday at 9:30 standup \
· wake me up at 6:30 · move reminder 1 to 10am
  /remind WHEN TEXT · /reminders · /cancel N · /snooze N 30m · /pause N · /resume N · /urgent N
Tasks: add task buy milk tomorrow · tasks · done 2 · cross off milk · done 1 and 3 \
· what did I finish this week
  /task TEXT · /tasks · /tasks done (the ones done lately) · /done N · /deltask N · /edittask N TEXT
Notes: note Trip: pack passport · remember that the wifi password is hunter2 · search my notes \
for passport
  /note [TITLE:] TEXT · /notes · /delnote N
Events: add event 2027-08-25 14:00 - Demo @HQ · dentist friday 3pm for 1h at Main St \
· move the dentist to 4pm · cancel my 3pm · what do I have tomorrow · am I free friday afternoon
  /event WHEN - TITLE [@ PLACE] · /events [today|tomorrow|week] · /cancelevent N · /moveevent N WHEN
  /alerts 1d 2h 15m (when I warn you before events) · /agenda 8:00 (a morning summary)
  send me a .ics file to import a calendar · /calendar (yours as a file and a feed to subscribe to)
Change anything by its number: /edit 3 10:00 (reminder 3's time) · /edit 3 | call mum (its words) \
· /edit task 2 friday · /edit note 1 | new words · /edit event 2 for 2h · /edit event 2 | Lunch \
@ Ivy
Find anything: /find WORDS (notes, tasks, reminders and events)
Questions: how many vacation days do I get? · answered from documents and your notes
  /ask QUESTION · /learn TEXT · /docs · /deldoc N · or send me a document
Phone calls for urgent alerts you miss: /phone +447700900123 · /verify CODE · /voice on|off \
· /quiet 22:00-07:00
E-mail copies of alerts and the agenda: /email you@example.com · /email off
You: what time is it · what time is it in Tokyo · I live in Berlin · /tz London · /start \
· /link (join your Telegram and Slack) · /deliver telegram|slack|here · /whoami
  /web (chat in your browser) · /token (an API token for your own programs; /token revoke)
Your data: /export (everything I hold about you, as files) · /forget (erase it all)
Numbers (like “done 2”) are the ones shown in your lists."""


def _pick(options: tuple[str, ...], ctx: Context) -> str:
    return random.choice(options).format(user=ctx.user.display_name or "there")


@registry.frame(Domain.SMALLTALK)
async def smalltalk(ctx: Context, frame: Frame) -> Reply:
    text = ctx.msg.text
    if _JOKE.search(text):
        return Reply(_pick(JOKES, ctx))
    if _WHO.search(text):
        name = ctx.services.settings.bot_name
        return Reply(f"I'm {name}, your assistant for reminders, tasks, notes and events.")
    if _HOW_ARE_YOU.search(text):
        return Reply(_pick(HOW_ARE_YOU, ctx))
    if _THANKS.search(text):
        return Reply(_pick(THANKS, ctx))
    if _GREETING.search(text):
        return Reply(_pick(GREETINGS, ctx))
    if _BYE.search(text):
        return Reply(_pick(BYE, ctx))
    return Reply(_pick(FALLBACK, ctx))


@registry.command("help", "/help", "what I can do, with examples")
async def help_command(ctx: Context, _: str) -> Reply:
    return Reply(HELP)


@registry.frame(Domain.HELP)
async def help_in_words(ctx: Context, frame: Frame) -> Reply:
    return Reply(HELP)
