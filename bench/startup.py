"""How fast `nudge run` is ready: until /healthz answers, and until the first chat reply;
its memory then, once idle (the work left from start-up done and the CPU no longer used), and
after a message the fast intent model is unsure of, which loads the bundled embedding model
for a second opinion (it is let go again after ten minutes unused).

Each start is a restart: a first, unmeasured one migrates the database and builds what is then
cached on disk (the intent model and the second opinion's index), as a bot's first start does.

Run: python -m bench.startup [--runs 5] [--code CHECKOUT]

`--code` starts the bot of another checkout (for a before/after comparison in one sitting).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import IO

from bench.machine import describe, one_line, percentile

CHECKOUT = Path(__file__).resolve().parents[1]
# Idle: no more than a tick of CPU in each of 3 samples 0.1 s apart, looked for up to 15 s.
IDLE_SAMPLES, IDLE_SAMPLE_S, IDLE_WITHIN = 3, 0.1, 15.0
# The first start embeds every training phrase; it may take this long.
FIRST_START_WITHIN = 300.0
# Routed with low confidence by the fast model, so the embedding model is asked.
UNSURE = "the thing with the boiler guy"


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


def one_start(folder: Path, code: Path = CHECKOUT, settle: float = IDLE_WITHIN) -> dict[str, float]:
    port = _free_port()
    env = {
        **os.environ,
        # That checkout's code, whatever an installed copy of the package points at.
        "PYTHONPATH": str(code),
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
    lines = _lines(child.stdout)
    while not _healthy(port):
        if child.poll() is not None or time.perf_counter() - started > 30:
            raise RuntimeError("nudge run did not become healthy")
        time.sleep(0.01)
    healthy = time.perf_counter() - started
    _say(child.stdin, lines, "/help")
    replied = time.perf_counter() - started
    at_reply = _rss_kb(child.pid) / 1024
    _until_idle(child.pid, time.perf_counter() + settle)
    idle = _rss_kb(child.pid) / 1024
    asked = time.perf_counter()
    _say(child.stdin, lines, UNSURE)
    unsure_reply = time.perf_counter() - asked
    _until_idle(child.pid, time.perf_counter() + IDLE_WITHIN)
    with_model = _rss_kb(child.pid) / 1024
    child.stdin.close()
    child.wait(timeout=30)
    return {
        "healthz_s": healthy,
        "first_reply_s": replied,
        "rss_mb": at_reply,
        "idle_rss_mb": idle,
        "unsure_reply_s": unsure_reply,
        "model_rss_mb": with_model,
    }


def _lines(stream: IO[str]) -> queue.Queue[str]:
    """What the bot prints, line by line, read in a thread so a wait can time out."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    return lines


def _say(stdin: IO[str], lines: queue.Queue[str], text: str) -> None:
    """Send one message and wait for the first line of its reply."""
    while not lines.empty():
        lines.get_nowait()
    stdin.write(text + "\n")
    stdin.flush()
    lines.get(timeout=30)


def _until_idle(pid: int, deadline: float) -> None:
    """Wait until the process used no CPU for a while (work left from start-up is done)."""
    quiet, used = 0, _cpu_ticks(pid)
    while quiet < IDLE_SAMPLES and time.perf_counter() < deadline:
        time.sleep(IDLE_SAMPLE_S)
        now = _cpu_ticks(pid)
        quiet = quiet + 1 if now - used <= 1 else 0
        used = now


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _rss_kb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return float(line.split()[1])
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--code", type=Path, default=CHECKOUT, help="the checkout to start")
    args = parser.parse_args()
    runs, code = args.runs, args.code.resolve()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        one_start(Path(folder), code, settle=FIRST_START_WITHIN)
        results = [one_start(Path(folder), code) for _ in range(runs)]
    figures = {
        "benchmark": "startup",
        "runs": runs,
        **{
            f"{key}_p50": round(percentile([r[key] for r in results], 50), 3)
            for key in (
                "healthz_s",
                "first_reply_s",
                "rss_mb",
                "idle_rss_mb",
                "unsure_reply_s",
                "model_rss_mb",
            )
        },
        "healthz_s_max": round(max(r["healthz_s"] for r in results), 3),
        **describe(),
    }
    print(f"machine: {one_line()}")
    print(f"code: {code}")
    heads = (
        "healthz p50 s",
        "max s",
        "1st reply p50 s",
        "RSS at reply MB",
        "idle RSS MB",
        "unsure reply s",
        "with model MB",
    )
    print(f"{'runs':>5} " + " ".join(f"{head:>16}" for head in heads))
    keys = (
        "healthz_s_p50",
        "healthz_s_max",
        "first_reply_s_p50",
        "rss_mb_p50",
        "idle_rss_mb_p50",
        "unsure_reply_s_p50",
        "model_rss_mb_p50",
    )
    print(f"{runs:>5} " + " ".join(f"{figures[key]!s:>16}" for key in keys))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
