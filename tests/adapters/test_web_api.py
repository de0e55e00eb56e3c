"""`/api/…` as a program sees it: a personal token from `/token`, replies, presses, items."""

from __future__ import annotations

import httpx

from tests.helpers.bot import Harness
from tests.helpers.web import Web, api_token, mount_web


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _chat(http: httpx.AsyncClient, token: str, text: str) -> httpx.Response:
    return await http.post("/api/chat", json={"text": text}, headers=_auth(token))


async def test_a_token_is_needed_and_a_made_up_one_is_refused(harness: Harness) -> None:
    web = mount_web(harness)
    await api_token(harness, "alice")
    async with web.client() as http:
        missing = await http.post("/api/chat", json={"text": "tasks"})
        forged = await _chat(http, "nudge_not-a-real-token", "tasks")
        wrong_scheme = await http.get("/api/items?kind=tasks", headers={"Authorization": "Basic x"})
    for refused in (missing, forged, wrong_scheme):
        assert refused.status_code == 401
        assert "/token" in refused.json()["error"]
        assert refused.headers["www-authenticate"] == "Bearer"


async def test_a_revoked_or_replaced_token_stops_working(harness: Harness) -> None:
    web = mount_web(harness)
    first = await api_token(harness, "alice")
    async with web.client() as http:
        assert (await _chat(http, first, "add task buy milk")).status_code == 200
        second = await api_token(harness, "alice")
        assert (await _chat(http, first, "tasks")).status_code == 401
        assert (await _chat(http, second, "tasks")).status_code == 200
        revoked = await harness.user("alice").says("/token revoke")
        assert "no longer works" in revoked.text
        assert (await _chat(http, second, "tasks")).status_code == 401


async def test_the_token_is_kept_only_as_a_hash(harness: Harness) -> None:
    token = await api_token(harness, "alice")
    exported = await harness.store.personal.export(1)
    assert token not in str(exported)
    assert "api_token_hash" not in exported["profile"][0]


async def test_a_reply_and_a_press_round_trip(web: Web) -> None:
    token = await api_token(web.harness, "alice")
    async with web.client() as http:
        start = await _chat(http, token, "/start")
        [reply] = start.json()["replies"]
        assert reply["text"].startswith("Hi Alice!")
        berlin = next(b for b in reply["buttons"] if b["label"] == "Berlin")
        pressed = await http.post(
            "/api/press",
            json={"payload": berlin["payload"], "message": reply["id"]},
            headers=_auth(token),
        )
        added = await _chat(http, token, "add task water the plants")
    assert pressed.status_code == 200
    [answer] = pressed.json()["replies"]
    assert answer["text"].startswith("Time zone set to Europe/Berlin")
    assert answer["edit"] == reply["id"], "the press answers in place of the message"
    assert added.json()["replies"][0]["text"] == "Added task 1. water the plants"


async def test_another_persons_items_and_buttons_stay_theirs(web: Web) -> None:
    alice, bob = await api_token(web.harness, "alice"), await api_token(web.harness, "bob")
    async with web.client() as http:
        await _chat(http, alice, "add task buy milk")
        await _chat(http, alice, "note: door code 4411")
        await _chat(http, bob, "add task call the bank")
        start = await _chat(http, alice, "/start")
        payload = start.json()["replies"][0]["buttons"][0]["payload"]
        stolen = await http.post("/api/press", json={"payload": payload}, headers=_auth(bob))
        bobs_tasks = await http.get("/api/items?kind=tasks", headers=_auth(bob))
        bobs_notes = await http.get("/api/items?kind=notes", headers=_auth(bob))
        alices_tasks = await http.get("/api/items?kind=tasks", headers=_auth(alice))
    assert stolen.status_code == 403
    assert [t["text"] for t in bobs_tasks.json()["items"]] == ["call the bank"]
    assert bobs_notes.json()["items"] == []
    assert [t["text"] for t in alices_tasks.json()["items"]] == ["buy milk"]
    alice_now = await web.harness.store.users.get(1)
    assert alice_now is not None
    assert alice_now.timezone == "UTC", "bob's press changed nothing"


async def test_items_of_each_kind(web: Web) -> None:
    token = await api_token(web.harness, "alice")
    async with web.client() as http:
        await _chat(http, token, "remind me in 5 minutes to stretch")
        await _chat(http, token, "dentist tomorrow at 3pm")
        reminders = await http.get("/api/items?kind=reminders", headers=_auth(token))
        events = await http.get("/api/items?kind=events", headers=_auth(token))
        unknown = await http.get("/api/items?kind=secrets", headers=_auth(token))
    assert reminders.json()["items"] == [
        {"number": 1, "text": "stretch", "due_at": "2026-03-02T08:05:00+00:00", "rrule": None}
    ]
    [event] = events.json()["items"]
    assert (event["title"].lower(), event["start_at"]) == ("dentist", "2026-03-03T15:00:00+00:00")
    assert unknown.status_code == 400
    assert "tasks, reminders, notes, events" in unknown.json()["error"]


async def test_bad_bodies_get_a_clear_answer_not_a_crash(web: Web) -> None:
    token = await api_token(web.harness, "alice")
    headers = _auth(token)
    async with web.client() as http:
        not_json = await http.post("/api/chat", content=b"{", headers=headers)
        a_list = await http.post("/api/chat", json=["hi"], headers=headers)
        no_text = await http.post("/api/chat", json={"text": 3}, headers=headers)
        huge = await http.post("/api/chat", json={"text": "x" * 20_000}, headers=headers)
        no_payload = await http.post("/api/press", json={}, headers=headers)
        binary = await http.post("/api/chat", content=b"\xff\xfe", headers=headers)
    assert [r.status_code for r in (not_json, a_list, no_text, huge, no_payload, binary)] == [
        400,
        400,
        400,
        413,
        400,
        400,
    ]
    assert no_text.json() == {"error": '"text" must be a string'}


async def test_each_token_has_a_limit_a_minute(harness: Harness) -> None:
    web = mount_web(harness, api_per_minute=3)
    alice, bob = await api_token(harness, "alice"), await api_token(harness, "bob")
    async with web.client() as http:
        codes = [(await _chat(http, alice, "tasks")).status_code for _ in range(4)]
        others = (await _chat(http, bob, "tasks")).status_code
        harness.clock.advance(minutes=1)
        later = (await _chat(http, alice, "tasks")).status_code
    assert codes == [200, 200, 200, 429]
    assert (others, later) == (200, 200)


async def test_the_api_describes_itself(web: Web) -> None:
    async with web.client() as http:
        spec = (await http.get("/api/openapi.json")).json()
        docs = await http.get("/api/docs")
    assert set(spec["paths"]) == {"/api/chat", "/api/press", "/api/items"}
    assert spec["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    assert docs.status_code == 200
    assert "POST /api/chat" in docs.text
    assert "default-src 'none'" in docs.headers["content-security-policy"]
