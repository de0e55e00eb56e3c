"""Fixtures several adapter tests share: the fake OpenAI and Pinecone servers, a Slack bed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from bot.config import Settings
from storage.store import SqlAlchemyStore
from tests.fakes.openai import FakeOpenAI
from tests.fakes.pinecone import FakePinecone
from tests.helpers.clock import FakeClock
from tests.helpers.slack import SlackBed, slack_bed


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
def pinecone_server() -> Iterator[FakePinecone]:
    server = FakePinecone().start()
    yield server
    server.stop()


@pytest.fixture
async def slack(
    sqlite_store: SqlAlchemyStore, settings: Settings, clock: FakeClock
) -> AsyncIterator[SlackBed]:
    async with slack_bed(sqlite_store, settings, clock) as bed:
        yield bed
