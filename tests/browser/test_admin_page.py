"""The admins' dashboard in a real browser: its figures, its knowledge form, and who may see it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.async_api import ConsoleMessage, Page, expect
from sqlalchemy import update

from bot.knowledge.models import GLOBAL, DocumentKind
from bot.messages import Target
from bot.voice.models import CallOutcome
from storage.knowledge_tables import KnowledgeDocumentRow
from storage.store import SqlAlchemyStore
from storage.tables import UserRow
from tests.browser.conftest import Site
from tests.fakes.serving import serving
from tests.helpers.bot import Harness, build_harness, make_settings
from tests.helpers.browser import chromium, needs_chromium, screenshot
from tests.helpers.clock import FakeClock
from tests.helpers.web import mount_web, sign_in_path

pytestmark = needs_chromium

# Lines people send on each of the last 14 days, oldest first: (person, channel, text).
PEOPLE = [("bob", "console"), ("carol", "slack"), ("dana", "telegram"), ("erik", "slack")]
LINES = [
    "what time is it",
    "add task water the plants",
    "tasks",
    "note: the spare key is under the blue pot",
    "hello",
    "what time is it in Tokyo",
    "thanks!",
]
PER_DAY = [2, 4, 3, 5, 1, 0, 3, 6, 4, 5, 2, 1, 4, 3]


@pytest.fixture
async def site(
    sqlite_store: SqlAlchemyStore, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[Site]:
    """The dashboard of a bot whose admin is alice, in the terminal."""
    settings = make_settings(tmp_path, bot_admins="console:alice")
    web = mount_web(build_harness(sqlite_store, settings, clock))
    async with serving(web.app) as base, chromium() as browser:
        yield Site(web, base, browser)


def _refusals(page: Page) -> list[str]:
    """The errors the browser logs, among them every Content-Security-Policy refusal."""
    errors: list[str] = []

    def heard(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", heard)
    return errors


async def _date(store: SqlAlchemyStore, joined: dict[str, datetime], added: datetime) -> None:
    """Date people by their first message and documents by the test's clock.

    The store stamps new rows with the wall clock, which this test has moved away from.
    """
    async with store.engine.begin() as conn:
        for name, at in joined.items():
            await conn.execute(
                update(UserRow).where(UserRow.display_name == name).values(created_at=at)
            )
        await conn.execute(update(KnowledgeDocumentRow).values(created_at=added))


async def _two_weeks(harness: Harness) -> None:
    """People on three channels talking for two weeks, reminders sent, a call, documents."""
    store, clock = harness.store, harness.clock
    today = clock.now()
    joined: dict[str, datetime] = {}
    for back, count in zip(range(13, -1, -1), PER_DAY, strict=True):
        clock.set(today - timedelta(days=back, hours=1))
        for n in range(count):
            name, channel = PEOPLE[(back + n) % len(PEOPLE)]
            joined.setdefault(name.title(), clock.now())
            await harness.user(name, channel).says(LINES[(back * 3 + n) % len(LINES)])
            clock.advance(minutes=7)
    clock.set(today - timedelta(days=2))
    bob = harness.user("bob")
    for minutes in (5, 10, 15):
        await bob.says(f"remind me in {minutes} minutes to stretch")
    clock.advance(minutes=16)
    assert len(await harness.deliver()) == 3
    await bob.says("remind me on friday at 9 to call the plumber")
    clock.set(today)
    alice = await store.users.resolve("console", "alice", "chat-alice", "Alice", "UTC")
    joined["Alice"] = today - timedelta(days=20)
    # A reminder that rang Alice's phone three minutes late, and she confirmed it.
    due_at = today - timedelta(minutes=3)
    target = Target("console", "chat-alice")
    await store.reminders.add(alice.id, "ring the dentist", due_at, None, "UTC", target)
    [due] = await store.deliveries.claim_due(today, 60, 10)
    call = await store.voice.start_call(alice.id, due.id, 1, "+15550001", "dentist", today)
    assert call is not None
    await store.voice.finish(call.id, "completed", CallOutcome.CONFIRMED, today)
    await store.deliveries.mark_sent(due.id, None, today)
    kb = harness.core.services.knowledge
    for title, text in [
        ("Office hours", "The office is open from 8 to 18 on weekdays; closed on holidays."),
        ("Parking", "Staff park in the blue garage on level minus two."),
    ]:
        await kb.add_text(GLOBAL, f"text:{title}", title, text, DocumentKind.SNIPPET)
    await _date(store, joined, today - timedelta(days=9, hours=3))
    for label, phrase in [("tasks", "chores: bins"), ("notes", "jot down the door code")]:
        await store.phrases.add(label, phrase, "admin", today)
    await store.phrases.add("reminders", "ping me at noon", "clarified", today, alice.id)


async def test_an_admin_sees_the_figures_and_keeps_the_knowledge_base(site: Site) -> None:
    harness = site.web.harness
    await _two_weeks(harness)
    page = await site.visitor()
    refusals = _refusals(page)
    await page.goto(await sign_in_path(harness, "alice", "/admin"))
    await expect(page).to_have_url(f"{site.base}/admin")
    await harness.store.messages.flush()
    await page.reload()

    await expect(page.get_by_role("heading", level=1)).to_have_text("Nudge · dashboard")
    people = page.locator("#people")
    await expect(people).to_contain_text("5 people.")
    await expect(people.locator("g.bar > title")).to_have_text(
        [
            "console: 2 people, 2 reachable",
            "slack: 2 people, 2 reachable",
            "telegram: 1 person, 1 reachable",
            "web: 1 person, 1 reachable",
        ]
    )
    days = page.locator("#messages g.bar > title")
    await expect(days).to_have_count(14)
    # Bob's four reminder lines two days ago; Alice's /admin today.
    await expect(days.nth(0)).to_have_text("Tue 17 Feb: 2 from people, 2 answered")
    await expect(days.nth(5)).to_have_text("Sun 22 Feb: 0 from people, 0 answered")
    await expect(days.nth(11)).to_have_text("Sat 28 Feb: 5 from people, 5 answered")
    await expect(days.nth(13)).to_have_text("Mon 2 Mar: 4 from people, 4 answered")
    tiles = page.locator("#deliveries dd")
    await expect(tiles).to_have_text(["0", "1", "4", "0", "3 min 0 s", "11 min 0 s"])
    await expect(page.locator("#calls g.bar > title")).to_have_text(["confirmed: 1"])
    await expect(page.locator("#intents g.bar > title")).to_have_text(
        ["notes: 1 taught, 0 picked", "reminders: 0 taught, 1 picked", "tasks: 1 taught, 0 picked"]
    )
    await screenshot(page, "admin", full_page=True)

    form = page.locator("form.add")
    await form.get_by_label("Title", exact=True).fill("Wifi")
    await form.get_by_label("Text", exact=True).fill(
        "The office wifi is called Nudge-5G; the password is on the fridge."
    )
    await form.get_by_role("button", name="Learn").click()
    await expect(page.locator(".notice")).to_have_text("Learned document 3, “Wifi”: 1 passage.")
    rows = page.locator("#knowledge tbody tr")
    await expect(rows.locator("td:nth-child(2)")).to_have_text(["Office hours", "Parking", "Wifi"])
    await rows.filter(has_text="Wifi").get_by_role("button", name="Remove").click()
    await expect(page.locator(".notice")).to_have_text("Removed document 3.")
    await expect(rows.locator("td:nth-child(2)")).to_have_text(["Office hours", "Parking"])
    documents = await harness.core.services.knowledge.documents(GLOBAL)
    assert [d.title for d in documents] == ["Office hours", "Parking"]
    assert refusals == [], "the page's policy lets its own style and charts through"


async def test_a_non_admins_session_gets_the_refusal(site: Site) -> None:
    harness = site.web.harness
    await harness.user("alice").says("add task renew passport")
    page = await site.signed_in("bob")
    refusals = _refusals(page)
    answered = await page.goto("/admin")
    assert answered is not None and answered.status == 403
    await expect(page.locator("main")).to_contain_text("for Nudge's admins only")
    await expect(page.locator("main")).to_contain_text("BOT_ADMINS")
    for hidden in ("Deliveries", "Alice", "people", "renew passport"):
        await expect(page.locator("body")).not_to_contain_text(hidden)
    assert refusals == [
        "Failed to load resource: the server responded with a status of 403 (Forbidden)"
    ], "the page's own status, and no refusal by its policy"
