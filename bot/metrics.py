"""The bot's Prometheus metrics, all named `nudge_*`, served on `GET /metrics`.

They live in prometheus-client's default registry beside its process collectors. Labels take
a few known values only (channels, intents, kinds, outcomes, error codes), never a person.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

# Handling is milliseconds; a slow model call or database stall reaches seconds.
HANDLING_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Lateness is how long after its due time a delivery was sent: ideally well under a second,
# minutes after downtime.
LATENESS_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 15.0, 60.0, 300.0, 3600.0)

MESSAGES = Counter(
    "nudge_messages_received",
    "Messages and button presses received, by channel and what they were understood as.",
    ["channel", "intent"],
)
REPLIES = Counter("nudge_replies", "Replies sent back to a message, by channel.", ["channel"])
HANDLER_ERRORS = Counter(
    "nudge_handler_errors",
    "Messages answered with an apology because handling failed, by channel.",
    ["channel"],
)
HANDLING = Histogram(
    "nudge_handling_seconds",
    "Time from a message's arrival at the dispatcher to its reply, by channel.",
    ["channel"],
    buckets=HANDLING_BUCKETS,
)
DELIVERIES = Counter(
    "nudge_deliveries",
    "Deliveries (reminders, alerts, agendas) by kind and outcome: sent, retried or failed.",
    ["kind", "outcome"],
)
MAILS = Counter(
    "nudge_mails",
    "E-mail copies of alerts and agendas by outcome: sent, retried or failed.",
    ["outcome"],
)
LATENESS = Histogram(
    "nudge_delivery_lateness_seconds",
    "How long after its due time each delivery was sent, by kind.",
    ["kind"],
    buckets=LATENESS_BUCKETS,
)
DUE_BACKLOG = Gauge(
    "nudge_due_backlog", "Deliveries due now and not sent yet, counted when scraped."
)
PLATFORM_ERRORS = Counter(
    "nudge_platform_api_errors",
    "Errors answered by a platform's API, by platform and code (HTTP status or error name).",
    ["platform", "code"],
)
KNOWLEDGE = Counter(
    "nudge_knowledge_questions",
    "Questions for the knowledge base, by outcome: answered, or declined for want of sources.",
    ["outcome"],
)
CALLS = Counter("nudge_calls_placed", "Phone calls placed about unanswered urgent alerts.")
