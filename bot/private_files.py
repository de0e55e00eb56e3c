"""Files only their owner may read (secrets, `.env`), written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def write_private(path: Path, data: bytes, *, replace: bool = False) -> bool:
    """Write `data` to `path`, readable only by its owner from the instant it exists.

    The bytes go to a private temporary file beside it first, which then takes the path in one
    step, so a reader never sees half a file. Without `replace` a file already there is kept
    (False is returned): a process that wrote it meanwhile wins.
    """
    draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if replace:
            os.replace(draft, path)
            return True
        try:
            os.link(draft, path)
        except FileExistsError:
            return False
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            draft.unlink()


def keep_copy(path: Path) -> Path:
    """Copy `path` to the first free `NAME.bak`, `NAME.bak.2`, …, as private as the original."""
    data = path.read_bytes()
    number = 1
    while True:
        copy = path.with_name(f"{path.name}.bak" + (f".{number}" if number > 1 else ""))
        if write_private(copy, data):
            return copy
        number += 1
