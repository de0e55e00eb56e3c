"""An e-mail's RSVP link in a real browser: opening it asks, its button answers."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from playwright.async_api import ConsoleMessage, expect

from adapters.http import create_app
from adapters.rsvp_routes import rsvp_routes
from bot.messages import ChatType
from storage.store import SqlAlchemyStore
from tests.fakes.serving import serving
from tests.helpers.bot import build_harness, make_settings
from tests.helpers.browser import chromium, needs_chromium
from tests.helpers.clock import FakeClock

pytestmark = needs_chromium


class _Outbox:
    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


async def test_a_link_asks_first_and_its_button_answers(
    sqlite_store: SqlAlchemyStore, tmp_path: Path, clock: FakeClock
) -> None:
    settings = make_settings(
        tmp_path, public_base_url="https://bot.example.org", mail_from="nudge@example.org"
    )
    harness = build_harness(sqlite_store, settings, clock, mail=_Outbox())
    alice = harness.user("alice")
    alice.chat_type = ChatType.GROUP
    await alice.says("/event friday 18:00 - Team dinner @Luigi's")
    await harness.user("bob").says("hi")
    bob = await harness.store.users.resolve("console", "bob", "", "", "UTC")
    event = await harness.store.events.by_id(1)
    links = harness.core.rsvp_links
    assert event is not None and links is not None
    going = dict(links.links(bob.id, event))["Going"].removeprefix("https://bot.example.org")

    async with serving(create_app(rsvp_routes(links))) as base, chromium() as browser:
        page = await browser.new_page()
        refusals: list[str] = []

        def heard(message: ConsoleMessage) -> None:
            if message.type == "error":
                refusals.append(message.text)

        page.on("console", heard)
        await page.goto(base + going)
        await expect(page.get_by_role("heading")).to_have_text("Team dinner")
        await expect(page.locator("p")).to_contain_text("Your answer: Going")
        assert await harness.store.rsvps.answers(event.id) == [], "opening it answered nothing"

        await page.get_by_role("button", name="Going").click()
        await expect(page.get_by_role("heading")).to_have_text("Going: Team dinner")
        await expect(page.locator("p")).to_have_text("You're going 🎉 — Team dinner.")
        await page.close()
    [answer] = await harness.store.rsvps.answers(event.id)
    assert (answer.user_id, answer.choice.value) == (bob.id, "going")
    assert refusals == [], "the page's policy lets its own style and form through"
