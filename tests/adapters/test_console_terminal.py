"""`nudge chat` on a real terminal (a pseudo-terminal): banner, prompt, history, Ctrl-C."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _read_until(fd: int, text: str, seconds: float = 60) -> str:
    seen = b""
    deadline = time.monotonic() + seconds
    while text.encode() not in seen:
        assert time.monotonic() < deadline, f"no {text!r} in {seen!r}"
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            seen += os.read(fd, 4096)
    return seen.decode()


def test_a_terminal_gets_a_prompt_and_ctrl_c_quits_at_once(tmp_path: Path) -> None:
    """Started outside a Nudge folder, it names the per-user database first."""
    data = Path(os.environ["XDG_DATA_HOME"]) / "nudge"
    terminal, child_side = pty.openpty()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "BOT_SECRET": "terminal-test-secret-long-enough-for-buttons",
        "LOCAL_EMBEDDINGS": "false",
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat"],
        stdin=child_side,
        stdout=child_side,
        stderr=child_side,
        cwd=tmp_path,
        env=env,
    )
    os.close(child_side)
    try:
        banner = _read_until(terminal, "> ")
        assert banner.splitlines()[0] == f"Database: {data / 'nudge.db'}"
        os.write(terminal, b"/task buy milk\r")
        assert "Added task 1. buy milk" in _read_until(terminal, "> ")
        asked = time.monotonic()
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=10) == 130
        assert time.monotonic() - asked < 5, "Ctrl-C does not wait for the reader or training"
    finally:
        if child.poll() is None:
            child.kill()
        os.close(terminal)
    assert (data / "history").read_text().splitlines()[-1] == "/task buy milk"
