"""Intent routing (interim rule-based version, replaced by the trained router)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_RULES = [
    ("time", r"\bwhat(?:'s| is) the (?:time|date)\b|\bwhat time\b|\bwhat day\b"),
    ("reminders", r"\bremind|\breminders?\b|\bsnooze\b"),
    ("tasks", r"\btasks?\b|\btodo\b|\bto-do\b|^done\s+\d|\bmark .* done"),
    ("notes", r"\bnotes?\b|\bremember\b"),
    ("events", r"\bevents?\b|\bcalendar\b|\bmeeting\b|\bdentist\b|\bappointment\b"),
    ("help", r"^help\b|\bwhat can you do\b"),
    ("smalltalk", r"^(?:hi|hello|hey|thanks?|thank you|good (?:morning|night))\b"),
    ("question", r"\?$|^(?:what|how|why|who|where|when)\b"),
]


@dataclass(frozen=True, slots=True)
class Routing:
    label: str | None
    confidence: float
    candidates: list[tuple[str, float]] = field(default_factory=list)
    source: str = "rule"


def rule_intent(text: str) -> str | None:
    lowered = text.lower()
    for label, pattern in _RULES:
        if re.search(pattern, lowered):
            return label
    return None


class IntentRouter:
    LABELS = ("reminders", "tasks", "notes", "events", "time", "smalltalk", "help", "question")
    threshold = 0.5

    @classmethod
    def from_seed(cls) -> IntentRouter:
        return cls()

    def predict(self, text: str) -> tuple[str, float]:
        label = rule_intent(text)
        return (label, 1.0) if label else ("question", 0.0)

    def route(self, text: str) -> Routing:
        label = rule_intent(text)
        return Routing(label, 1.0 if label else 0.0, [])
