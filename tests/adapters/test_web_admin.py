"""The admins' dashboard as an admin (and everyone else) meets it: `/admin`, the page, its forms."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from bot.handlers.web import digest
from bot.knowledge.models import GLOBAL
from bot.messages import ChatType, Target
from bot.voice.models import CallOutcome
from storage.store import SqlAlchemyStore
from tests.helpers.bot import build_harness, make_settings
from tests.helpers.clock import FakeClock
from tests.helpers.knowledge import TRAVEL
from tests.helpers.web import Web, mount_web, sign_in_path

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture
def board(sqlite_store: SqlAlchemyStore, tmp_path: Path, clock: FakeClock) -> Web:
    """The web channel of a bot whose admin is alice, in the terminal."""
    settings = make_settings(tmp_path, bot_admins="console:alice")
    return mount_web(build_harness(sqlite_store, settings, clock))


async def _admin_signed_in(web: Web, http: httpx.AsyncClient, name: str = "alice") -> str:
    """Open the admin's `/admin` link; the dashboard's CSRF token."""
    opened = await http.get(await sign_in_path(web.harness, name, "/admin"))
    assert opened.status_code == 303
    assert opened.headers["location"] == "/admin"
    page = await http.get("/admin")
    assert page.status_code == 200, page.text
    found = CSRF.search(page.text)
    assert found is not None
    return found.group(1)


def _tile(page: str, name: str) -> str:
    found = re.search(rf"<dt>{re.escape(name)}</dt><dd>([^<]*)</dd>", page)
    assert found is not None, name
    return found.group(1)


async def test_an_admin_sees_the_figures_of_what_happened(board: Web) -> None:
    harness = board.harness
    store, clock = harness.store, harness.clock
    bob = harness.user("bob")
    clock.advance(days=-1)
    for text in ("add task buy milk", "tasks", "hello"):
        await bob.says(text)
    clock.advance(days=1)
    await bob.says("remind me in 5 minutes to stretch")
    clock.advance(minutes=6)
    assert [r.text for r in await harness.deliver()] != []
    alice = await store.users.resolve("console", "alice", "chat-alice", "Alice", "UTC")
    doomed = await store.reminders.add(
        alice.id, "blocked", clock.now(), None, "UTC", Target("console", "c")
    )
    [failing] = await store.deliveries.claim_due(clock.now(), 60, 10)
    assert failing.ref_id == doomed.id
    await store.deliveries.mark_failed(failing.id, "bot blocked")
    call = await store.voice.start_call(alice.id, failing.id, 1, "+15550001", "hi", clock.now())
    assert call is not None
    await store.voice.finish(call.id, "no-answer", CallOutcome.NO_ANSWER, clock.now())
    await store.phrases.add("task", "chores: bins", "clarified", clock.now(), alice.id)
    async with board.client() as http:
        await _admin_signed_in(board, http)
        await store.messages.flush()
        page = await http.get("/admin")
    assert page.status_code == 200
    text = page.text
    assert "Sun 1 Mar: 3 from people, 3 answered" in text
    assert "Mon 2 Mar: 2 from people, 2 answered" in text, "Bob's reminder and Alice's /admin"
    assert "Sat 28 Feb: 0 from people, 0 answered" in text
    assert (_tile(text, "Sent, last 7 days"), _tile(text, "Failed, last 7 days")) == ("1", "1")
    assert _tile(text, "Median lateness") == "1 min 0 s"
    assert _tile(text, "Due, not yet sent") == "0"
    assert "<strong>2</strong> people" in text
    assert "console: 2 people, 2 reachable" in text
    assert "web: 1 person, 1 reachable" in text
    assert "no answer: 1" in text
    assert "chores: bins" in text, "a pick waits for a second person"
    assert "<svg" in text and "<script" not in text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


async def test_a_non_admin_gets_no_link_and_no_figures(board: Web) -> None:
    harness = board.harness
    refused = await harness.user("bob").says("/admin")
    assert refused.text.startswith("Only admins can open the dashboard")
    assert "/web/signin/" not in refused.text
    group = harness.user("alice")
    group.chat_type = ChatType.GROUP
    assert "private chat" in (await group.says("/admin")).text
    await harness.user("alice").says("add task renew passport")
    bobs_link = await sign_in_path(harness, "bob")
    async with board.client() as nobody:
        signed_out = await nobody.get("/admin")
    async with board.client() as http:
        landed = await http.get(bobs_link + "?to=/admin", follow_redirects=True)
        posted = await http.post("/admin/documents", data={"title": "x", "text": "y"})
    assert signed_out.status_code == 401
    assert "/admin" in signed_out.text
    assert landed.status_code == 403
    assert "BOT_ADMINS" in landed.text
    for page in (signed_out.text, landed.text):
        assert "Deliveries" not in page and "Alice" not in page and "people" not in page
    assert posted.status_code == 403
    assert await harness.core.services.knowledge.documents(GLOBAL) == []


async def test_an_admin_link_works_once_and_not_after_ten_minutes(board: Web) -> None:
    harness = board.harness
    path = await sign_in_path(harness, "alice", "/admin")
    async with board.client() as first, board.client() as second:
        assert (await first.get(path)).status_code == 303
        again = await second.get(path)
        after = await second.get("/admin")
    late_path = await sign_in_path(harness, "alice", "/admin")
    harness.clock.advance(minutes=11)
    async with board.client() as http:
        late = await http.get(late_path)
        late_after = await http.get("/admin")
    assert (again.status_code, after.status_code) == (403, 401)
    assert (late.status_code, late_after.status_code) == (403, 401)
    assert "no longer works" in late.text
    code = path.split("?")[0].rsplit("/", 1)[1]
    exported = str(await harness.store.personal.export(1))
    assert code not in exported and digest(code) not in exported, "the link is not logged"


async def test_a_document_added_on_the_dashboard_is_answered_until_removed(board: Web) -> None:
    bob = board.harness.user("bob")
    async with board.client() as http:
        csrf = await _admin_signed_in(board, http)
        uploaded = await http.post(
            "/admin/documents",
            data={"csrf": csrf},
            files={"file": ("travel.md", TRAVEL, "text/markdown")},
        )
        assert (uploaded.status_code, uploaded.headers["location"]) == (303, "/admin?added=1")
        shown = await http.get(uploaded.headers["location"])
        assert "Learned document 1, “Travel policy”" in shown.text
        answered = await bob.says("/ask what is the nightly hotel limit?")
        typed = await http.post(
            "/admin/documents",
            data={
                "csrf": csrf,
                "title": "Parking",
                "text": "Staff park in the blue garage on level minus two.",
            },
        )
        assert typed.headers["location"] == "/admin?added=2"
        parked = await bob.says("/ask where do staff park?")
        unreadable = await http.post(
            "/admin/documents",
            data={"csrf": csrf},
            files={"file": ("scan.pdf", b"\x00\x01 not a pdf", "application/pdf")},
        )
        empty = await http.post("/admin/documents", data={"csrf": csrf})
        removed = await http.post("/admin/documents/remove", data={"csrf": csrf, "number": "1"})
        page = await http.get(removed.headers["location"])
        forgotten = await bob.says("/ask what is the nightly hotel limit?")
    assert "160 euros" in answered.text
    assert "blue garage" in parked.text
    assert unreadable.status_code == 400 and "Nothing was learned" in unreadable.text
    assert empty.status_code == 400 and "Choose a file, or write a text" in empty.text
    assert removed.status_code == 303
    assert "Removed document 1." in page.text
    assert "Travel policy" not in page.text and "Parking" in page.text
    assert "160 euros" not in forgotten.text


async def test_a_form_without_its_csrf_token_is_refused(board: Web) -> None:
    async with board.client() as http:
        csrf = await _admin_signed_in(board, http)
        text = {"title": "Wifi", "text": "The office wifi is Nudge-5G."}
        missing = await http.post("/admin/documents", data=text)
        wrong = await http.post("/admin/documents", data={**text, "csrf": csrf[:-2] + "xx"})
        await http.post("/admin/documents", data={**text, "csrf": csrf})
        removal = await http.post("/admin/documents/remove", data={"number": "1"})
    assert (missing.status_code, wrong.status_code, removal.status_code) == (403, 403, 403)
    assert "token" in missing.text
    documents = await board.harness.core.services.knowledge.documents(GLOBAL)
    assert [d.title for d in documents] == ["Wifi"], "one learned, none removed"


async def test_html_in_a_title_or_a_name_is_shown_escaped(board: Web) -> None:
    await board.harness.user("<b>mallory</b>").says("hello")
    async with board.client() as http:
        csrf = await _admin_signed_in(board, http)
        await http.post(
            "/admin/documents",
            data={"csrf": csrf, "title": "<script>alert(1)</script>", "text": "Some words here."},
        )
        page = await http.get("/admin")
    assert "<script>alert(1)" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<B>Mallory</B>" not in page.text
    assert "&lt;B&gt;Mallory&lt;/B&gt;" in page.text


async def test_the_dashboard_counts_days_in_the_admins_zone(board: Web) -> None:
    harness = board.harness
    await harness.user("alice").says("/tz Asia/Tokyo")
    harness.clock.advance(hours=8)  # 01:00 on Tuesday in Tokyo, still Monday in UTC
    async with board.client() as http:
        await _admin_signed_in(board, http)
        await harness.store.messages.flush()
        page = await http.get("/admin")
    assert "Mon 2 Mar: 1 from people, 1 answered" in page.text, "/tz"
    assert "Tue 3 Mar: 1 from people, 1 answered" in page.text, "/admin"
    assert "Asia/Tokyo" in page.text
    assert page.text.count(" from people, ") == 14


def test_a_lateness_reads_at_a_glance() -> None:
    from adapters.web.admin import duration

    assert [duration(s) for s in (None, -1, 0.42, 12.4, 185, 7800)] == [
        "–",
        "0.0 s",
        "0.4 s",
        "12 s",
        "3 min 5 s",
        "2 h 10 min",
    ]
