"""The migrations build exactly the schema the tables describe, on every backend."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from storage.database import create_engine
from storage.migrate import alembic_config, current, head_revision
from tests.helpers.postgres import POSTGRES_URL, throwaway_database

ROOT = Path(__file__).resolve().parents[2]


def _nudge_db(action: str, url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`nudge db ACTION` in a fresh process: only what the migrations import is loaded."""
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot", "db", action],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_autogenerate_finds_nothing_to_do_on_the_migrated_database(
    database_url: str, tmp_path: Path
) -> None:
    """Types compared too; every table module is seen, or its tables would be dropped."""
    done = _nudge_db("check", database_url, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"Database is at {head_revision()}, the newest migration.\n"


async def test_check_reports_a_schema_the_tables_do_not_describe(
    database_url: str, tmp_path: Path
) -> None:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE stray (id INTEGER PRIMARY KEY)"))
    await engine.dispose()
    done = await asyncio.to_thread(_nudge_db, "check", database_url, tmp_path)
    assert done.returncode == 1
    assert done.stdout.startswith("The tables differ from the migrations:")
    assert "stray" in done.stdout


def test_current_says_what_is_missing(tmp_path: Path) -> None:
    done = _nudge_db("current", f"sqlite+aiosqlite:///{tmp_path / 'new.db'}", tmp_path)
    assert done.returncode == 1
    assert done.stdout == (
        f"Database is at no revision; migrations are at {head_revision()}: nudge db upgrade\n"
    )


@pytest.mark.postgres
async def test_replicas_starting_together_migrate_one_after_another() -> None:
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set")
    async with throwaway_database() as url:
        runs = await asyncio.gather(
            *(asyncio.to_thread(_nudge_db, "upgrade", url, Path.cwd()) for _ in range(3))
        )
        assert [run.returncode for run in runs] == [0, 0, 0], [run.stderr for run in runs]
        assert await asyncio.to_thread(current, url) == head_revision()


def test_migrations_form_one_line() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_the_newest_migration_by_number_is_alembics_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert head_revision() == script.get_current_head()
    line = [r.revision for r in script.walk_revisions()]  # newest first
    assert all(r.isdigit() and len(r) == 4 for r in line)
    assert line == sorted(line, reverse=True), "each migration is numbered after the one before"


def test_starting_on_a_migrated_database_does_not_load_alembic(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'nudge.db'}"
    assert _nudge_db("upgrade", url, tmp_path).returncode == 0
    script = (
        "import asyncio, sys\n"
        "from storage.migrate import revision_of, upgrade\n"
        f"asyncio.run(upgrade({url!r}))\n"
        f"print(asyncio.run(revision_of({url!r})), 'alembic' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ran = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert ran.stdout.split() == [head_revision(), "False"], ran.stderr
