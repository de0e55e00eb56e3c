"""What `nudge init` writes to `.env` is what the settings read back."""

from __future__ import annotations

import io

import pytest
from dotenv import dotenv_values
from hypothesis import given
from hypothesis import strategies as st

from bot.envfile import can_keep, env_line, env_text

VALUES = st.text(st.characters(exclude_categories=["Cs"]), max_size=40).filter(can_keep)


@given(VALUES)
def test_every_value_it_can_keep_reads_back_exactly(value: str) -> None:
    text = env_text({"FIRST": value, "SECOND": "after"}, ["a comment"])
    assert dotenv_values(stream=io.StringIO(text)) == {"FIRST": value, "SECOND": "after"}


def test_plain_values_stay_bare_and_others_are_quoted() -> None:
    assert env_line("TELEGRAM_BOT_TOKEN", "123:AbC-d_e") == "TELEGRAM_BOT_TOKEN=123:AbC-d_e"
    assert env_line("BOT_NAME", "Nudge #2") == "BOT_NAME='Nudge #2'"


@pytest.mark.parametrize("value", ["${HOME}", "two\nlines"])
def test_what_would_change_on_reading_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match=r"cannot be kept in \.env"):
        env_line("DATA_DIR", value)
