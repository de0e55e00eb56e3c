"""The real HTTP app on 127.0.0.1 and a real Chromium opening it, over a harness's clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from tests.fakes.serving import serving
from tests.helpers.browser import chromium
from tests.helpers.web import Web, sign_in_path

# Playwright's auto-waiting, for what the page shows after a round trip to the server.
expect.set_options(timeout=10_000)
# A laptop's window, a little narrow: the size the screenshots in the docs have.
VIEWPORT: ViewportSize = {"width": 900, "height": 560}


@dataclass
class Site:
    web: Web
    base: str
    browser: Browser

    async def visitor(self) -> Page:
        """A page in a browser of its own: no cookies shared with anyone else's."""
        context = await self.browser.new_context(base_url=self.base, viewport=VIEWPORT)
        return await context.new_page()

    async def signed_in(self, name: str) -> Page:
        """The chat page of this person, opened through the link `/web` gives them."""
        page = await self.visitor()
        await page.goto(await sign_in_path(self.web.harness, name))
        await expect(page).to_have_url(f"{self.base}/")
        await expect(page.locator(".who")).to_have_text(name.title())
        return page


@pytest.fixture
async def site(web: Web) -> AsyncIterator[Site]:
    # The browser closes first, ending its live streams, so the server can stop.
    async with serving(web.app) as base, chromium() as browser:
        yield Site(web, base, browser)
