"""How fast `nudge run` is ready: until /healthz answers, and until the first chat reply.

Run: python -m bench.startup [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.machine import describe, one_line, percentile

CHECKOUT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=0.2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def one_start(folder: Path) -> dict[str, float]:
    port = _free_port()
    env = {
        **os.environ,
        # This checkout's code, whatever an installed copy of the package points at.
        "PYTHONPATH": str(CHECKOUT),
        "HTTP_PORT": str(port),
        "BOT_SECRET": "bench-secret-long-enough-to-sign-buttons",
    }
    for name in ("TELEGRAM_BOT_TOKEN", "SLACK_BOT_TOKEN"):
        env.pop(name, None)
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=folder,
        env=env,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    while not _healthy(port):
        if child.poll() is not None or time.perf_counter() - started > 30:
            raise RuntimeError("nudge run did not become healthy")
        time.sleep(0.01)
    healthy = time.perf_counter() - started
    child.stdin.write("/help\n")
    child.stdin.flush()
    child.stdout.readline()
    replied = time.perf_counter() - started
    rss_kb = _rss_kb(child.pid)
    child.stdin.close()
    child.wait(timeout=30)
    return {"healthz_s": healthy, "first_reply_s": replied, "rss_mb": rss_kb / 1024}


def _rss_kb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return float(line.split()[1])
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    results = []
    with tempfile.TemporaryDirectory() as folder:
        one_start(Path(folder))  # first start migrates the database and trains the router
        results = [one_start(Path(folder)) for _ in range(runs)]
    figures = {
        "benchmark": "startup",
        "runs": runs,
        **{
            f"{key}_p50": round(percentile([r[key] for r in results], 50), 3)
            for key in ("healthz_s", "first_reply_s", "rss_mb")
        },
        "healthz_s_max": round(max(r["healthz_s"] for r in results), 3),
        **describe(),
    }
    print(f"machine: {one_line()}")
    print(f"{'runs':>5} {'healthz p50 s':>14} {'max s':>7} {'1st reply p50 s':>16} {'RSS MB':>7}")
    print(
        f"{runs:>5} {figures['healthz_s_p50']:>14} {figures['healthz_s_max']:>7} "
        f"{figures['first_reply_s_p50']:>16} {figures['rss_mb_p50']:>7}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
