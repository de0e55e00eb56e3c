"""The web chat as a person in a browser sees it: a sign-in link, the page, live reminders."""

from __future__ import annotations

import asyncio
import getpass
import re
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from bot.cli import main
from bot.handlers.web import digest
from storage.store import SqlAlchemyStore
from tests.fakes.serving import serving
from tests.helpers.bot import Harness, build_harness, make_settings
from tests.helpers.clock import FakeClock
from tests.helpers.web import Web, mount_web, sign_in_path

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


async def _signed_in(web: Web, http: httpx.AsyncClient, name: str) -> str:
    """Open the person's sign-in link; the page's CSRF token."""
    opened = await http.get(await sign_in_path(web.harness, name))
    assert opened.status_code == 303
    assert opened.headers["location"] == "/"
    page = await http.get("/")
    assert page.status_code == 200
    found = CSRF.search(page.text)
    assert found is not None
    return found.group(1)


async def test_a_sign_in_link_works_once(web: Web) -> None:
    path = await sign_in_path(web.harness, "alice")
    async with web.client() as http:
        before = await http.get("/")
        opened = await http.get(path)
        page = await http.get("/")
    async with web.client() as other:
        again = await other.get(path)
    assert before.status_code == 401
    assert "/web" in before.text
    cookie = opened.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie, "plain http on 127.0.0.1 must keep its cookie"
    assert page.status_code == 200
    assert "Alice" in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert again.status_code == 403
    assert "expired, or it was already used" in again.text
    assert "nudge_session" not in again.headers.get("set-cookie", "")


async def test_an_expired_or_made_up_link_is_refused(web: Web) -> None:
    path = await sign_in_path(web.harness, "alice")
    web.harness.clock.advance(minutes=11)
    async with web.client() as http:
        late = await http.get(path)
        made_up = await http.get("/web/signin/not-a-real-code")
        page = await http.get("/")
    assert (late.status_code, made_up.status_code, page.status_code) == (403, 403, 401)
    assert "no longer works" in late.text


async def test_the_link_is_never_kept_in_the_message_log(web: Web) -> None:
    path = await sign_in_path(web.harness, "alice")
    code = path.rsplit("/", 1)[1]
    exported = await web.harness.store.personal.export(1)
    assert code not in str(exported)
    assert digest(code) not in str(exported)


async def test_a_chat_round_trip_needs_the_csrf_token(web: Web) -> None:
    async with web.client() as http:
        csrf = await _signed_in(web, http, "alice")
        without = await http.post("/web/chat", json={"text": "add task buy milk"})
        wrong = await http.post(
            "/web/chat", json={"text": "add task buy milk"}, headers={"X-CSRF-Token": "x"}
        )
        said = await http.post(
            "/web/chat", json={"text": "add task buy milk"}, headers={"X-CSRF-Token": csrf}
        )
        start = await http.post(
            "/web/chat", json={"text": "/start"}, headers={"X-CSRF-Token": csrf}
        )
        [card] = start.json()["replies"]
        tokyo = next(b for b in card["buttons"] if b["label"] == "Tokyo")
        pressed = await http.post(
            "/web/press",
            json={"payload": tokyo["payload"], "message": card["id"]},
            headers={"X-CSRF-Token": csrf},
        )
        page = await http.get("/")
    assert (without.status_code, wrong.status_code) == (403, 403)
    assert said.json()["replies"][0]["text"] == "Added task 1. buy milk"
    assert pressed.json()["replies"][0]["text"].startswith("Time zone set to Asia/Tokyo")
    assert [t.text for t in await web.harness.store.tasks.list_open(1)] == ["buy milk"]
    assert "Added task 1. buy milk" in page.text, "the page shows the last messages"
    assert "Time zone set to Asia/Tokyo" in page.text
    assert 'data-payload="' + tokyo["payload"] not in page.text, "the pressed card was replaced"


async def test_what_people_write_is_shown_escaped(web: Web) -> None:
    async with web.client() as http:
        csrf = await _signed_in(web, http, "alice")
        await http.post(
            "/web/chat",
            json={"text": "note: <script>alert(1)</script>"},
            headers={"X-CSRF-Token": csrf},
        )
        page = await http.get("/")
    assert "<script>alert(1)" not in page.text
    assert "&lt;script&gt;alert(1)" in page.text


async def test_a_session_reads_only_its_own_persons_items(web: Web) -> None:
    async with web.client() as alice, web.client() as bob:
        alice_csrf = await _signed_in(web, alice, "alice")
        bob_csrf = await _signed_in(web, bob, "bob")
        await alice.post(
            "/web/chat", json={"text": "add task buy milk"}, headers={"X-CSRF-Token": alice_csrf}
        )
        await bob.post(
            "/web/chat", json={"text": "add task call the bank"}, headers={"X-CSRF-Token": bob_csrf}
        )
        mixed = await bob.post(
            "/web/chat", json={"text": "tasks"}, headers={"X-CSRF-Token": alice_csrf}
        )
        bobs = await bob.get("/web/items?kind=tasks")
        alices = await alice.get("/web/items?kind=tasks")
        bobs_page = await bob.get("/")
    assert mixed.status_code == 403, "a CSRF token works only with its own session"
    assert [t["text"] for t in bobs.json()["items"]] == ["call the bank"]
    assert [t["text"] for t in alices.json()["items"]] == ["buy milk"]
    assert "buy milk" not in bobs_page.text


async def test_the_same_person_keeps_one_web_identity(web: Web) -> None:
    async with web.client() as first, web.client() as second:
        await _signed_in(web, first, "alice")
        await _signed_in(web, second, "alice")
    identities = await web.harness.store.users.identities(1)
    assert sorted(i.channel for i in identities) == ["console", "web"]


async def test_a_forgotten_persons_session_ends(web: Web) -> None:
    async with web.client() as http:
        csrf = await _signed_in(web, http, "alice")
        await web.harness.store.personal.forget(1)
        after = await http.get("/")
        chat = await http.post("/web/chat", json={"text": "hi"}, headers={"X-CSRF-Token": csrf})
    assert (after.status_code, chat.status_code) == (401, 401)


async def test_the_cookie_is_secure_behind_https(
    sqlite_store: SqlAlchemyStore, tmp_path: Path, clock: FakeClock
) -> None:
    settings = make_settings(tmp_path, public_base_url="https://nudge.example.org")
    web = mount_web(build_harness(sqlite_store, settings, clock))
    path = await sign_in_path(web.harness, "alice")
    async with web.client() as http:
        opened = await http.get(path)
    assert "secure" in opened.headers["set-cookie"].lower()


async def test_a_due_reminder_arrives_over_the_open_stream(harness: Harness) -> None:
    web = mount_web(harness)
    async with serving(web.app) as base, httpx.AsyncClient(base_url=base) as http:
        csrf = await _signed_in(web, http, "alice")
        set_up = await http.post(
            "/web/chat",
            json={"text": "remind me in 5 minutes to stretch"},
            headers={"X-CSRF-Token": csrf},
        )
        assert "stretch" in set_up.json()["replies"][0]["text"]
        async with http.stream("GET", "/events") as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.aiter_lines()
            assert await anext(lines) == "event: ready"
            assert await anext(lines) == "data: listening"
            assert await anext(lines) == ""
            harness.clock.advance(minutes=6)
            await harness.core.delivery.run_due()
            received = [await anext(lines) for _ in range(3)]
    assert received[0] == "event: message"
    assert received[1].startswith("data: ")
    assert "stretch" in received[1]
    assert '"payload"' in received[1], "the reminder comes with its buttons"


def test_web_link_signs_in_the_terminals_person(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'nudge.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    # The test run's logging stays as it is: not pointed at a captured stream that then closes.
    monkeypatch.setattr("bot.logs.configure_logs", lambda *_: None)
    assert main(["web-link"]) == 0
    link = capsys.readouterr().out.splitlines()[0]
    assert link.startswith("http://127.0.0.1:8080/web/signin/")

    async def whose() -> list[str]:
        store = SqlAlchemyStore.from_url(url)
        try:
            code = link.rsplit("/", 1)[1]
            user_id = await store.web.redeem_sign_in(digest(code), datetime.now(UTC))
            assert user_id is not None
            return [i.external_id for i in await store.users.identities(user_id)]
        finally:
            await store.close()

    assert asyncio.run(whose()) == [getpass.getuser()], "the person `nudge chat` talks as"


async def test_the_page_shows_the_chat_from_the_message_log_after_a_restart(web: Web) -> None:
    harness = web.harness
    async with web.client() as http:
        csrf = await _signed_in(web, http, "alice")
        for text in ("add task buy milk", "/token", "remind me in 5 minutes to stretch"):
            await http.post("/web/chat", json={"text": text}, headers={"X-CSRF-Token": csrf})
        harness.clock.advance(minutes=6)
        await harness.core.delivery.run_due()
        before = await http.get("/")
        reminder = re.search(r'data-id="(\w+)">\s*<p class="text">⏰ Reminder', before.text)
        snooze = re.search(r'data-payload="([^"]+)">Snooze 20 min', before.text)
        assert reminder and snooze, "what the bot sent is shown, with its buttons, from memory"
        await http.post(
            "/web/press",
            json={"payload": snooze.group(1), "message": reminder.group(1)},
            headers={"X-CSRF-Token": csrf},
        )
        cookies = http.cookies
        same = await http.get("/")
    restarted = mount_web(harness)
    async with restarted.client() as http:
        http.cookies = cookies
        after = await http.get("/")
    shown = re.compile(r'<li class="message (you|bot)"[^>]*>\s*<p class="text">([^<]*)</p>')
    lines = [f"{who}: {text.split(chr(10))[0]}" for who, text in shown.findall(after.text)]
    assert lines == [
        "you: add task buy milk",
        "bot: Added task 1. buy milk",
        "you: /token",
        "bot: [a secret was shown here]",
        "you: remind me in 5 minutes to stretch",
        "bot: OK, I&#39;ll remind you: stretch — today 08:05, Mon 2 Mar (reminder 1)",
        "bot: ⏰ stretch — snoozed until today 08:26",
    ]
    assert "nudge_" not in before.text + same.text + after.text, "a secret is shown once"
    assert "data-payload" not in after.text, "buttons are kept only in memory"
    assert "⏰ Reminder: stretch" not in same.text, "the snoozed reminder was edited in place"
    assert same.text.count("snoozed until") == 1
