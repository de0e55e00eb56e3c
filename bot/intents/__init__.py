"""Intent routing: which part of the bot a free-text message is for."""

from bot.intents.router import IntentRouter, RouterStatus, Routing
from bot.intents.rules import rule_intent
from bot.intents.seeds import LABELS, seed_phrases

__all__ = ["LABELS", "IntentRouter", "RouterStatus", "Routing", "rule_intent", "seed_phrases"]
