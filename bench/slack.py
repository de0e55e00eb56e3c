"""Slash commands over loopback HTTP: how fast the Slack app acknowledges under load.

Signed `/todo` commands from 16 concurrent senders hit `POST /slack/events` of the real app
(uvicorn, Bolt, a SQLite core); the answers go to a fake Slack's `response_url` in the
background. Prints the machine, requests/s and ack latency, then one JSON line.

    python -m bench.slack [--requests 2000] [--concurrency 16] [--rate 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import aiohttp

from adapters.http import create_app
from adapters.slack import SlackAdapter, web_client
from bench.core import bench_core
from bench.machine import one_line, percentile
from bot.logs import configure_logs
from tests.fakes.serving import serving
from tests.fakes.slack import fake_slack
from tests.helpers.slack import SIGNING_SECRET, command_body, sign


async def run(
    requests: int, concurrency: int, folder: Path, rate: float = 0.0
) -> dict[str, object]:
    _, core = await bench_core(folder)
    async with fake_slack() as fake:
        client = web_client("xoxb-bench", fake.base_url)
        adapter = SlackAdapter(core.dispatcher.handle, core.services, client, SIGNING_SECRET)
        core.add_channel(adapter.channel)
        connector = aiohttp.TCPConnector(limit=concurrency)
        async with (
            serving(create_app(adapter.routes)) as base,
            aiohttp.ClientSession(connector=connector) as http,
        ):
            url = f"{base}/slack/events"

            async def post(body: str) -> int:
                headers = {"Content-Type": "application/x-www-form-urlencoded"}
                headers.update(sign(body, int(time.time())))
                async with http.post(url, data=body.encode(), headers=headers) as response:
                    await response.read()
                    return response.status

            respond_to = fake.response_url()
            await post(command_body("U0", "warm up", "/todo", respond_to, "D0"))
            await adapter.drain()

            latencies: list[float] = []
            statuses: list[int] = []
            queue = iter(range(requests))

            async def worker(number: int) -> None:
                user = f"U{number + 1}"
                for i in queue:
                    if rate:
                        await asyncio.sleep(max(0.0, began + i / rate - time.perf_counter()))
                    body = command_body(user, f"item {i}", "/todo", respond_to, f"D{number}")
                    started = time.perf_counter()
                    status = await post(body)
                    latencies.append(time.perf_counter() - started)
                    statuses.append(status)

            began = time.perf_counter()
            await asyncio.gather(*(worker(n) for n in range(concurrency)))
            elapsed = time.perf_counter() - began
            await adapter.drain()
            answered_after = time.perf_counter() - began
    await core.close()
    return {
        "bench": "slack_ack",
        "requests": requests,
        "concurrency": concurrency,
        "offered_per_s": rate or None,
        "ok": statuses.count(200),
        "requests_per_s": round(requests / elapsed, 1),
        "ack_p50_ms": round(statistics.median(latencies) * 1000, 2),
        "ack_p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "ack_max_ms": round(max(latencies) * 1000, 2),
        "answered": len(fake.answered()) - 1,
        "all_answered_s": round(answered_after, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--rate", type=float, default=0.0, help="requests/s to offer (default: as fast as acked)"
    )
    args = parser.parse_args()
    configure_logs("ERROR")
    print(f"machine: {one_line()}")
    with tempfile.TemporaryDirectory() as folder:
        result = asyncio.run(run(args.requests, args.concurrency, Path(folder), args.rate))
    print(f"{'requests':>10} {'conc':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    print(
        f"{result['requests']:>10} {result['concurrency']:>5} {result['requests_per_s']:>8} "
        f"{result['ack_p50_ms']:>8} {result['ack_p99_ms']:>8} {result['ack_max_ms']:>8}"
    )
    print(f"answers through response_url: {result['answered']} in {result['all_answered_s']} s")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
