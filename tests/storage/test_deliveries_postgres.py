"""Two processes on one PostgreSQL database share a burst: each delivery goes out once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.helpers.postgres import POSTGRES_URL, throwaway_database

BURST = 5000
WORKER = [sys.executable, "-m", "tests.helpers.delivery_worker"]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(not POSTGRES_URL, reason="TEST_POSTGRES_URL is not set"),
]


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    async with throwaway_database() as url:
        yield url


def test_two_processes_share_a_burst_and_send_each_delivery_once(
    postgres_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    subprocess.run([*WORKER, "seed", postgres_url, "--count", str(BURST)], check=True, env=env)
    outs = [tmp_path / "a.txt", tmp_path / "b.txt"]
    workers = [
        subprocess.Popen(
            [*WORKER, "deliver", postgres_url, "--out", str(out), "--lease", "30", "--no-fsync"],
            env=env,
        )
        for out in outs
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    shares = [out.read_text().split() for out in outs]
    counts = Counter(shares[0] + shares[1])
    assert set(counts) == {str(n) for n in range(1, BURST + 1)}
    assert max(counts.values()) == 1
    assert all(shares), "both processes took part"
