"""The text of a `.env` file that python-dotenv (and so the settings) reads back exactly."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

# Written as they are; anything else is single-quoted.
BARE = re.compile(r"[A-Za-z0-9_\-.:/+@,=%~]*")
# python-dotenv expands ${NAME} even inside quotes, and has no way to escape it.
EXPANDED = "${"


def can_keep(value: str) -> bool:
    """The value survives a round trip through `.env`: one line, nothing that is expanded."""
    return EXPANDED not in value and "\n" not in value and "\r" not in value


def env_line(name: str, value: str) -> str:
    if not can_keep(value):
        raise ValueError(f"{name}'s value cannot be kept in .env")
    if BARE.fullmatch(value):
        return f"{name}={value}"
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"{name}='{escaped}'"


def env_text(values: Mapping[str, str], comments: Sequence[str] = ()) -> str:
    """Comment lines, then one `NAME=value` line per setting."""
    lines = [f"# {comment}" for comment in comments]
    lines += [env_line(name, value) for name, value in values.items()]
    return "\n".join(lines) + "\n"
