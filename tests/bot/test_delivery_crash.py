"""Real processes killed mid-burst: every delivery arrives, duplicates never exceed kills."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BURST = 600
KILLS = 5
WORKER = [sys.executable, "-m", "tests.helpers.delivery_worker"]


def _env() -> dict[str, str]:
    root = Path(__file__).resolve().parents[2]
    return {**os.environ, "PYTHONPATH": str(root)}


def test_sigkill_mid_burst_loses_nothing_and_duplicates_at_most_once_per_kill(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'crash.db'}"
    out = tmp_path / "delivered.txt"
    subprocess.run([*WORKER, "seed", url, "--count", str(BURST)], check=True, env=_env())
    deliver = [*WORKER, "deliver", url, "--out", str(out), "--lease", "0.5", "--batch", "50"]
    rng = random.Random(4)
    kills = 0
    while kills < KILLS:
        child = subprocess.Popen(deliver, env=_env())
        before = _lines(out)
        deadline = time.monotonic() + 20
        # Kill at a random moment once it is delivering, not while it is still importing.
        while _lines(out) <= before + rng.randint(1, 40) and child.poll() is None:
            assert time.monotonic() < deadline, "the worker made no progress"
            time.sleep(0.005)
        if child.poll() is not None:
            break
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += 1
    subprocess.run(deliver, check=True, env=_env(), timeout=60)
    counts = Counter(out.read_text().split())
    assert set(counts) == {str(n) for n in range(1, BURST + 1)}
    duplicates = sum(c - 1 for c in counts.values())
    assert kills == KILLS
    assert duplicates <= kills


def _lines(path: Path) -> int:
    return path.read_text().count("\n") if path.exists() else 0
