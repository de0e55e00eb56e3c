"""`/whoami`: the identity to put in BOT_ADMINS, in whichever channel it is asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.store import SqlAlchemyStore
from tests.helpers.bot import build_harness, make_settings
from tests.helpers.clock import FakeClock


@pytest.mark.parametrize(("channel", "user"), [("telegram", "4242"), ("slack", "U0123")])
async def test_whoami_names_the_identity_that_bot_admins_takes(
    sqlite_store: SqlAlchemyStore, tmp_path: Path, channel: str, user: str
) -> None:
    settings = make_settings(tmp_path, bot_admins=f"{channel}:{user}")
    harness = build_harness(sqlite_store, settings, FakeClock())
    admin = await harness.user(user, channel).says("/whoami")
    assert admin.text.startswith(f"You are {channel}:{user} (an admin).")
    other = await harness.user("U9", channel).says("/whoami")
    assert other.text.startswith(f"You are {channel}:U9 (not an admin). To make this identity")
    trainee = await harness.user("U9", channel).says("/train tasks buy milk")
    assert "send /whoami" in trainee.text
