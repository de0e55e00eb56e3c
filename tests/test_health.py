"""`/metrics`, `/readyz` and `/healthz` of a running bot, as an operator's monitoring sees them."""

from __future__ import annotations

from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.fakes.telegram import TOKEN, FakeTelegram, User
from tests.helpers.running import nudge_run

ANN = User(4242, "Ann")


def _samples(exposition: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }


async def test_our_counters_move_with_a_conversation(tmp_path: Path, intents_cache: Path) -> None:
    fake = FakeTelegram()
    env = {"TELEGRAM_BOT_TOKEN": TOKEN}
    async with fake.running():
        env["TELEGRAM_API_BASE_URL"] = fake.api_url
        async with nudge_run(tmp_path, intents_cache, **env) as base, httpx.AsyncClient() as http:
            before = _samples((await http.get(f"{base}/metrics")).text)
            fake.push(fake.text(ANN, "/start"))
            fake.push(fake.text(ANN, "add task buy milk"))
            await fake.wait_for(lambda f: len(f.sent(ANN.id)) == 2)
            fake.fail_next("sendMessage", 403)
            fake.push(fake.text(ANN, "tasks"))
            await fake.wait_for(lambda f: f.count("sendMessage") == 3)
            after = _samples((await http.get(f"{base}/metrics")).text)

    def moved(name: str, **labels: str) -> float:
        key = (name, frozenset(labels.items()))
        return after.get(key, 0.0) - before.get(key, 0.0)

    telegram = {"channel": "telegram"}
    assert moved("nudge_messages_received_total", **telegram, intent="command") == 1
    assert moved("nudge_messages_received_total", **telegram, intent="tasks") == 2
    assert moved("nudge_replies_total", **telegram) == 3
    assert moved("nudge_handling_seconds_count", **telegram) == 3
    assert moved("nudge_handler_errors_total", **telegram) == 0
    assert moved("nudge_platform_api_errors_total", platform="telegram", code="403") == 1
    assert after[("nudge_due_backlog", frozenset())] == 0
    assert ("process_resident_memory_bytes", frozenset()) in after, "the defaults stay"


async def test_readyz_fails_once_the_database_file_is_gone(
    tmp_path: Path, intents_cache: Path
) -> None:
    fake = FakeTelegram()
    async with fake.running():
        env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake.api_url}
        async with nudge_run(tmp_path, intents_cache, **env) as base, httpx.AsyncClient() as http:
            ready = await http.get(f"{base}/readyz")
            assert (ready.status_code, ready.json()) == (200, {"status": "ready"})
            database = tmp_path / "data" / "nudge.db"
            database.unlink()
            gone = await http.get(f"{base}/readyz")
            alive = await http.get(f"{base}/healthz")
    assert gone.status_code == 503
    assert gone.json() == {
        "status": "not ready",
        "problems": [f"database file {Path('data') / 'nudge.db'} is missing"],
    }
    assert alive.status_code == 200, "alive all the same: a restart would not bring it back"
