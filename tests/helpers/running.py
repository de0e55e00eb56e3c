"""`nudge run` as an operator starts it: a real process, configured by the environment only."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Running:
    """A `nudge run` process serving at `base`."""

    base: str
    child: asyncio.subprocess.Process

    async def stop(self, sig: signal.Signals = signal.SIGTERM) -> int:
        """Send `sig` and return the exit code; it must come within the shutdown's bound."""
        self.child.send_signal(sig)
        async with asyncio.timeout(30):
            return await self.child.wait()


@asynccontextmanager
async def nudge_run(folder: Path, cache: Path, **env: str) -> AsyncIterator[str]:
    """Start `python -m bot run` with `env`; yield its HTTP base URL once /healthz answers."""
    async with nudge_process(folder, cache, **env) as running:
        yield running.base


@asynccontextmanager
async def nudge_process(folder: Path, cache: Path, **env: str) -> AsyncIterator[Running]:
    """Start `python -m bot run` in `folder`, its intents model copied from `cache`.

    It is configured by `env`; yielded once /healthz answers.
    """
    shutil.copytree(cache, folder / "data" / "cache", dirs_exist_ok=True)
    port = _free_port()
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "BOT_"))
    }
    # No local embedding model: indexing the phrases with it would hold each exit for seconds.
    quiet = {"LOG_LEVEL": "WARNING", "LOCAL_EMBEDDINGS": "false"}
    secret = "run-test-secret-long-enough-to-sign-buttons"
    # The data folder the intents model was copied into.
    environment.update(
        {"HTTP_PORT": str(port), "BOT_SECRET": secret, "DATA_DIR": "data", **quiet, **env}
    )
    # The code of this checkout, whatever an installed copy of the package points at.
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=folder,
        env=environment,
        stdin=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        await _until(lambda: _healthy(base), child)
        yield Running(base, child)
    finally:
        if child.returncode is None:
            child.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(child.wait(), 15)
            except TimeoutError:
                child.kill()
                await child.wait()


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=0.5).status_code == 200
    except httpx.HTTPError:
        return False


async def _until(ready: Callable[[], bool], child: asyncio.subprocess.Process) -> None:
    """Until another process has done something: it runs on its own, so we look again."""
    # Generous: several processes starting at once on a busy machine take a while.
    deadline = time.monotonic() + 60
    while not await asyncio.to_thread(ready):
        if child.returncode is not None:
            assert child.stderr is not None
            raise AssertionError((await child.stderr.read()).decode()[-2000:])
        assert time.monotonic() < deadline, "nudge run did not get there in 60 s"
        await asyncio.sleep(0.05)
