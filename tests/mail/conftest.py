"""A fake mail server on 127.0.0.1 for the e-mail tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakes.smtp import FakeSmtp


@pytest.fixture
async def smtp() -> AsyncIterator[FakeSmtp]:
    async with FakeSmtp().running() as server:
        yield server
