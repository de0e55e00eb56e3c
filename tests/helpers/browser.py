"""A real Chromium, driven by Playwright, for tests of the pages people open.

It is the system's Chromium (Debian's `chromium` package, or CHROMIUM_PATH): nothing is
downloaded. Tests that need it are skipped, saying why, on a machine without it.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
# Chromium's own traffic (updates, sync, QUIC probes) stays off: tests talk to 127.0.0.1 only.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.is_file(),
    reason=f"no Chromium at {CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH",
)
# Where `screenshot` saves, when set; resolved now, before the tests change directory.
_SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR")
SCREENSHOTS = Path(_SCREENSHOTS).resolve() if _SCREENSHOTS else None


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def screenshot(page: Page, name: str, *, full_page: bool = False) -> Path | None:
    """Save the page as NAME.png in SCREENSHOTS_DIR when it is set; the file, or None.

    The window's view, or with `full_page` the whole page, however long.

    `SCREENSHOTS_DIR=docs/images pytest tests/browser` makes the pictures the docs show.
    """
    if SCREENSHOTS is None:
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.screenshot(path=str(path), animations="disabled", caret="hide", full_page=full_page)
    return path
