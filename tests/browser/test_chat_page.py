"""The web chat in a real browser: signing in, a live reminder, its buttons, other people."""

from __future__ import annotations

from datetime import timedelta

from playwright.async_api import Page, expect

from tests.browser.conftest import Site
from tests.helpers.browser import needs_chromium, screenshot
from tests.helpers.web import api_token, sign_in_path

pytestmark = needs_chromium


async def _say(page: Page, text: str, answer: str) -> None:
    """Type a line, send it, and wait for the bot's answer to show."""
    await page.get_by_label("Message").fill(text)
    await page.get_by_role("button", name="Send").click()
    await expect(page.locator("li.message.bot").last).to_contain_text(answer)


async def _fetch(page: Page, path: str, token: str | None = None) -> tuple[int, str]:
    """What the page's own `fetch` gets: its cookies, and a bearer token if given."""
    status, body = await page.evaluate(
        """async ([path, token]) => {
            const headers = token ? { Authorization: `Bearer ${token}` } : {};
            const response = await fetch(path, { headers, credentials: "same-origin" });
            return [response.status, await response.text()];
        }""",
        [path, token],
    )
    return int(status), str(body)


async def test_a_reminder_set_in_the_page_arrives_live_and_snoozes(site: Site) -> None:
    harness = site.web.harness
    for task in ("add task buy milk", "add task call the plumber on friday"):
        await harness.user("alice").says(task)
    page = await site.signed_in("alice")
    await expect(page.locator("#item-list .words")).to_have_text(
        ["buy milk", "call the plumber"], timeout=10_000
    )
    await _say(page, "remind me in 5 seconds to stretch", "OK, I'll remind you: stretch")
    await expect(page.locator("li.message.you")).to_have_text(["remind me in 5 seconds to stretch"])
    await expect(page.locator("body")).to_have_attribute("data-stream", "open")
    await page.evaluate("window.notReloaded = true")

    harness.clock.advance(seconds=6)
    await harness.core.delivery.run_due()
    reminder = page.locator("li.message.bot", has_text="⏰ Reminder: stretch")
    await expect(reminder).to_be_visible()
    snooze = reminder.get_by_role("button", name="Snooze 20 min")
    await expect(snooze).to_be_visible()
    await expect(reminder.get_by_role("button", name="Done")).to_be_visible()
    assert await page.evaluate("window.notReloaded") is True, "it arrived without a reload"
    await screenshot(page, "chat")

    # The same message, found by its id: pressing a button edits it in place.
    same = page.locator(f'li[data-id="{await reminder.get_attribute("data-id")}"]')
    await snooze.click()
    await expect(same).to_have_text("⏰ stretch — snoozed until today 08:20")
    await expect(same.get_by_role("button")).to_have_count(0)
    await expect(page.locator("li.message")).to_have_count(3)
    [snoozed] = await harness.store.reminders.list_active(1)
    assert snoozed.due_at == harness.clock.now() + timedelta(minutes=20)


async def test_a_used_or_expired_link_is_refused(site: Site) -> None:
    harness = site.web.harness
    link = await sign_in_path(harness, "alice")
    first = await site.visitor()
    await first.goto(link)
    await expect(first.locator(".who")).to_have_text("Alice")

    again = await site.visitor()
    reused = await again.goto(link)
    assert reused is not None and reused.status == 403
    await expect(again.get_by_role("heading")).to_have_text("This sign-in link no longer works")
    await again.goto("/")
    await expect(again.locator("body")).to_contain_text("You are not signed in")

    late_link = await sign_in_path(harness, "bob")
    harness.clock.advance(minutes=11)
    late = await site.visitor()
    expired = await late.goto(late_link)
    assert expired is not None and expired.status == 403
    await expect(late.get_by_role("heading")).to_have_text("This sign-in link no longer works")
    assert await late.context.cookies() == [], "a refused link sets no session"


async def test_another_persons_session_cannot_read_the_first_persons_items(site: Site) -> None:
    alice = await site.signed_in("alice")
    await _say(alice, "add task buy milk", "Added task 1. buy milk")
    bob = await site.signed_in("bob")
    bobs_token = await api_token(site.web.harness, "bob")

    await expect(bob.locator("#messages")).to_be_empty()
    await bob.reload()
    await expect(bob.locator("body")).not_to_contain_text("buy milk")
    status, items = await _fetch(bob, "/web/items?kind=tasks")
    assert (status, items) == (200, '{"kind":"tasks","items":[]}')
    status, _ = await _fetch(bob, "/api/items?kind=tasks")
    assert status == 401, "a session cookie is not an API token"
    status, items = await _fetch(bob, "/api/items?kind=tasks", bobs_token)
    assert (status, items) == (200, '{"kind":"tasks","items":[]}')
    status, items = await _fetch(alice, "/web/items?kind=tasks")
    assert status == 200 and "buy milk" in items


async def _in_view(page: Page, selector: str) -> None:
    """The element is wholly inside the window, and the page itself does not scroll."""
    box = await page.locator(selector).last.bounding_box()
    height = await page.evaluate("window.innerHeight")
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, selector
    assert await page.evaluate("document.scrollingElement.scrollHeight <= window.innerHeight"), (
        "only the messages scroll"
    )


async def test_a_long_chat_scrolls_its_messages_and_keeps_the_text_box_in_view(
    site: Site,
) -> None:
    page = await site.signed_in("alice")
    for n in range(1, 21):
        await _say(page, f"add task chore {n}", f"Added task {n}. chore {n}")
    await expect(page.locator("li.message")).to_have_count(40)
    await expect(page.locator("li.message").last).to_be_in_viewport()
    await expect(page.locator("li.message").first).not_to_be_in_viewport()
    await _in_view(page, "#text")
    await _in_view(page, "li.message")

    await page.reload()
    await expect(page.locator("li.message").last).to_contain_text("Added task 20. chore 20")
    await expect(page.locator("li.message").last).to_be_in_viewport()
    await _in_view(page, "#text")
    await _in_view(page, "li.message")


async def test_the_items_beside_the_chat_are_done_edited_and_deleted_there(site: Site) -> None:
    harness = site.web.harness
    page = await site.signed_in("alice")
    await _say(page, "add task buy milk", "Added task 1. buy milk")
    await _say(page, "add task call the plumber", "Added task 2. call the plumber")
    items = page.locator("#item-list li")
    await expect(items).to_have_count(2)
    await expect(items.locator(".words")).to_have_text(["buy milk", "call the plumber"])

    await items.filter(has_text="buy milk").get_by_role("button", name="Done").click()
    await expect(page.locator("li.message.you").last).to_have_text("/done 1")
    await expect(page.locator("li.message.bot").last).to_contain_text("buy milk")
    await expect(items.locator(".words")).to_have_text(["call the plumber"])
    [open_task] = await harness.store.tasks.list_open(1)
    assert open_task.text == "call the plumber"

    await items.get_by_role("button", name="Edit").click()
    await expect(page.get_by_label("Message")).to_have_value("/edit task 2 | call the plumber")
    await expect(page.get_by_label("Message")).to_be_focused()
    await page.get_by_label("Message").fill("/edit task 2 | call the plumber about the boiler")
    await page.get_by_role("button", name="Send").click()
    await expect(items.locator(".words")).to_have_text(["call the plumber about the boiler"])

    await page.get_by_role("button", name="Notes").click()
    await expect(items).to_have_text(["No notes."])
    await _say(page, "note Locker: code 4512", "Locker")
    await _say(page, "note Trip: pack the passport", "Trip")
    await expect(items.locator(".words")).to_have_text(
        ["Locker: code 4512", "Trip: pack the passport"]
    )
    await items.filter(has_text="Locker").get_by_role("button", name="Delete").click()
    await expect(page.locator("li.message.you").last).to_have_text("/delnote 1")
    await expect(items.locator(".words")).to_have_text(["Trip: pack the passport"])
    assert [n.title for n in await harness.store.notes.list(1)] == ["Trip"]
    await expect(page.get_by_role("button", name="Notes")).to_have_attribute("aria-pressed", "true")
