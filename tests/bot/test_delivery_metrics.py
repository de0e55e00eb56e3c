"""Deliveries are counted by kind and outcome, and their lateness measured."""

from __future__ import annotations

from prometheus_client import REGISTRY

from bot.messages import Reply, Target
from bot.ports import Unreachable
from tests.helpers.bot import Harness


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class FailingChannel:
    name = "console"

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def send(self, target: Target, reply: Reply) -> str:
        raise self.error


async def test_a_late_delivery_is_counted_with_its_lateness(harness: Harness) -> None:
    sent = _value("nudge_deliveries_total", kind="reminder", outcome="sent")
    count = _value("nudge_delivery_lateness_seconds_count", kind="reminder")
    total = _value("nudge_delivery_lateness_seconds_sum", kind="reminder")
    await harness.user().says("remind me in 10 min to stretch")
    harness.clock.advance(minutes=10, seconds=30)
    assert len(await harness.deliver()) == 1
    assert _value("nudge_deliveries_total", kind="reminder", outcome="sent") == sent + 1
    assert _value("nudge_delivery_lateness_seconds_count", kind="reminder") == count + 1
    assert _value("nudge_delivery_lateness_seconds_sum", kind="reminder") == total + 30


async def test_retries_and_failures_are_counted_apart(harness: Harness) -> None:
    retried = _value("nudge_deliveries_total", kind="reminder", outcome="retried")
    failed = _value("nudge_deliveries_total", kind="reminder", outcome="failed")
    await harness.user().says("remind me in 10 min to stretch")
    harness.clock.advance(minutes=10)
    harness.core.add_channel(FailingChannel(RuntimeError("platform down")))
    await harness.deliver()
    assert _value("nudge_deliveries_total", kind="reminder", outcome="retried") == retried + 1
    harness.core.add_channel(FailingChannel(Unreachable("bot was blocked by the user")))
    harness.clock.advance(minutes=5)
    await harness.deliver()
    assert _value("nudge_deliveries_total", kind="reminder", outcome="failed") == failed + 1
