from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from adapters.local_embeddings import LocalEmbedder, bundled_model
from bot.config import Settings
from bot.intents.router import IntentRouter
from bot.logs import configure_logs
from storage.migrate import upgrade
from storage.store import SqlAlchemyStore
from tests.helpers.bot import Harness, build_harness, make_settings
from tests.helpers.clock import FakeClock
from tests.helpers.postgres import POSTGRES_URL, admin, drop, throwaway_database, url_of
from tests.helpers.web import Web, mount_web

configure_logs("WARNING")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Keep tests away from the developer's .env and ./data."""
    for name in list(os.environ):
        if name.startswith(
            ("TELEGRAM_", "SLACK_", "OPENAI_", "PINECONE_", "TWILIO_", "BOT_", "LOCAL_")
        ):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("DATA_DIR", raising=False)
    # The per-user data folder of a run outside a Nudge folder.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture(scope="session")
def intents_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The intents model, trained once.

    Each process starts with it instead of training it in a thread its exit would wait for.
    """
    folder = tmp_path_factory.mktemp("intents-cache")
    IntentRouter.load_or_train([], folder)
    return folder


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


_template: list[str] = []


async def _template_database() -> str:
    """A migrated database that each PostgreSQL test copies, so tests never share rows."""
    if not _template:
        name = f"nudge_template_{uuid.uuid4().hex[:12]}"
        await admin(f'CREATE DATABASE "{name}"')
        await upgrade(url_of(name))
        _template.append(name)
    return _template[0]


def pytest_sessionfinish(session: pytest.Session) -> None:
    for name in _template:
        asyncio.run(drop(name))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A migrated, empty database: SQLite always, PostgreSQL when TEST_POSTGRES_URL is set."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'nudge.db'}"
        await upgrade(url)
        yield url
        return
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set")
    async with throwaway_database(await _template_database()) as url:
        yield url


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[SqlAlchemyStore]:
    store = SqlAlchemyStore.from_url(database_url)
    yield store
    await store.close()


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[SqlAlchemyStore]:
    """SQLite only, for tests of behaviour rather than of the database."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'nudge.db'}"
    await upgrade(url)
    store = SqlAlchemyStore.from_url(url)
    yield store
    await store.close()


@pytest.fixture(scope="session")
def local_embedder() -> LocalEmbedder:
    """The bundled model, loaded once for the whole run."""
    folder = bundled_model()
    assert folder is not None, "the model package is installed by `make test`"
    return LocalEmbedder(folder)


@pytest.fixture
def harness(sqlite_store: SqlAlchemyStore, settings: Settings, clock: FakeClock) -> Harness:
    return build_harness(sqlite_store, settings, clock)


@pytest.fixture
def web(harness: Harness) -> Web:
    """The web channel over the harness, on the real HTTP app."""
    return mount_web(harness)
