"""A whole core on a fresh file SQLite database, as the benchmarks use it."""

from __future__ import annotations

from pathlib import Path

from bot.app import Core, assemble
from bot.clock import SystemClock
from bot.config import Settings
from bot.intents import IntentRouter
from bot.timeparse import warm_up
from bot.understanding import IntentService
from storage.migrate import upgrade
from storage.store import SqlAlchemyStore


async def bench_core(
    folder: Path, database_url: str = "", **settings: object
) -> tuple[SqlAlchemyStore, Core]:
    """Migrate a database in `folder` (or at `database_url`) and assemble the core on it."""
    url = database_url or f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    await upgrade(url)
    store = SqlAlchemyStore.from_url(url)
    config = Settings.model_validate(
        {
            "database_url": url,
            "data_dir": folder,
            "bot_secret": "bench-secret-long-enough-to-sign-buttons",
            **settings,
        }
    )
    router = IntentRouter.load_or_train([], folder / "cache")
    intents = IntentService.ready(router, store.phrases, folder / "cache")
    warm_up()
    core = assemble(store, config, SystemClock(), intents, wake=lambda: None)
    core.closers.append(store.close)
    return store, core
