"""Every webhook answers junk from anyone with a 4xx, briefly logged, and keeps answering."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import cast
from urllib.parse import parse_qsl, urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from structlog.testing import capture_logs
from twilio.request_validator import RequestValidator

from adapters.http import create_app
from adapters.inbox import InboxWorker
from adapters.refusals import Refusals
from adapters.slack import SlackAdapter, web_client
from adapters.telegram.app import (
    SECRET_HEADER,
    WEBHOOK_PATH,
    Options,
    TelegramBot,
    build_application,
)
from adapters.twilio_routes import twilio_routes
from adapters.twilio_voice import GATHER_PATH, STATUS_PATH, VOICE_PATH
from bot.config import Settings
from bot.voice.escalation import Escalator
from storage.store import SqlAlchemyStore
from tests.fakes.slack import BOT_TOKEN, fake_slack
from tests.fakes.telegram import TOKEN
from tests.helpers.bot import build_harness
from tests.helpers.clock import FakeClock
from tests.helpers.slack import SIGNING_SECRET

TELEGRAM_SECRET = "s3cret-token_1"
TWILIO_TOKEN = "twilio-auth-token"
PUBLIC = "https://bot.example.org"
SLACK = "/slack/events"
ROUTES = [SLACK, WEBHOOK_PATH, VOICE_PATH, GATHER_PATH, STATUS_PATH]


class Untouched:
    """Stands in for the escalator: no refused request may reach it."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"a refused request reached the escalator ({name})")


@dataclass
class Webhooks:
    http: httpx.AsyncClient
    refusals: Refusals


@pytest.fixture
async def webhooks(
    sqlite_store: SqlAlchemyStore, settings: Settings, clock: FakeClock
) -> AsyncIterator[Webhooks]:
    refusals = Refusals()
    async with fake_slack() as fake:
        core = build_harness(sqlite_store, settings, clock).core
        client = web_client(BOT_TOKEN, fake.base_url)
        slack = SlackAdapter(
            core.dispatcher.handle, core.services, client, SIGNING_SECRET, refusals=refusals
        )
        options = Options(webhook_url=f"{PUBLIC}{WEBHOOK_PATH}", webhook_secret=TELEGRAM_SECRET)
        application = build_application(TOKEN, "http://127.0.0.1:9/bot", options)
        kept = InboxWorker(sqlite_store.inbox, "telegram", clock)
        telegram = TelegramBot(
            application, core.dispatcher.handle, [], options, refusals=refusals, kept=kept
        )
        escalator = cast(Escalator, Untouched())
        voice = twilio_routes(escalator, TWILIO_TOKEN, PUBLIC, refusals)
        app = create_app([*slack.routes, *telegram.routes, *voice])
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://bot") as http:
            yield Webhooks(http, refusals)
        await slack.drain()


_header_value = st.one_of(
    st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=40),
    st.sampled_from(["abc", "-1", "99999999999999999999999", "1e9", "²", "v0=", "v0=é", ""]),
).map(lambda value: value.encode("latin-1"))
_headers = st.dictionaries(
    st.sampled_from(
        [
            "Content-Type",
            "X-Slack-Request-Timestamp",
            "X-Slack-Signature",
            SECRET_HEADER,
            "X-Twilio-Signature",
        ]
    ),
    _header_value,
    max_size=5,
)
_body = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b"{bad",
            b"[1]",
            b'{"update_id": 1, "message": 5}',
            b'{"update_id": "x"}',
            b"payload=%7Bbad",
            b"payload=%5B1%5D",
            b"a=%ff",
            b"\xff\xfe\x00",
            b"command=/snooze&text=99999999999999999999%2030m",
        ]
    ),
)
_query = st.one_of(
    st.just(""), st.sampled_from(["?call=1x", "?call=²", "?call=" + "9" * 30, "?call=-1"])
)


def _slack_signed(body: bytes) -> list[tuple[bytes, bytes]]:
    stamp = str(int(time.time())).encode()
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + stamp + b":" + body, hashlib.sha256)
    return [
        (b"X-Slack-Request-Timestamp", stamp),
        (b"X-Slack-Signature", b"v0=" + digest.hexdigest().encode()),
    ]


def _twilio_signed(path: str, body: bytes) -> list[tuple[bytes, bytes]]:
    form = dict(parse_qsl(body.decode(), keep_blank_values=True))
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(f"{PUBLIC}{path}", form)
    return [(b"X-Twilio-Signature", signature.encode())]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    route=st.sampled_from(ROUTES),
    headers=_headers,
    body=_body,
    query=_query,
    signed=st.booleans(),
)
async def test_junk_to_any_webhook_gets_a_4xx_and_the_app_keeps_answering(
    webhooks: Webhooks,
    route: str,
    headers: dict[str, bytes],
    body: bytes,
    query: str,
    signed: bool,
) -> None:
    sent = [(name.encode(), value) for name, value in headers.items()]
    if signed and route == SLACK:
        sent += _slack_signed(body)
    elif signed and route == WEBHOOK_PATH:
        sent.append((SECRET_HEADER.encode(), TELEGRAM_SECRET.encode()))
    elif signed and route != WEBHOOK_PATH and query and _utf8(body):
        sent += _twilio_signed(route + query, body)
    logging.disable(logging.CRITICAL)
    try:
        answer = await webhooks.http.post(route + query, content=body, headers=sent)
    finally:
        logging.disable(logging.NOTSET)
    assert answer.status_code < 500, (answer.status_code, answer.text)
    if not (signed and route == SLACK):
        assert 400 <= answer.status_code < 500
    assert (await webhooks.http.get("/healthz")).status_code == 200


def _utf8(body: bytes) -> bool:
    try:
        body.decode()
    except UnicodeDecodeError:
        return False
    return True


async def test_the_reported_junk_is_refused(webhooks: Webhooks) -> None:
    http = webhooks.http
    stale = {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}
    for content, headers in [
        (b"{bad", {"Content-Type": "application/json"}),
        (b"payload=%7Bbad", {}),
        (b"a=b", stale),
        (b"\xff\xfe\x00", {}),
    ]:
        assert (await http.post(SLACK, content=content, headers=headers)).status_code == 401
    signed = [*_slack_signed(b"{bad"), (b"Content-Type", b"application/json")]
    assert (await http.post(SLACK, content=b"{bad", headers=signed)).status_code == 400
    signed = _slack_signed(b"\xff\xfe")
    assert (await http.post(SLACK, content=b"\xff\xfe", headers=signed)).status_code == 400
    secret = {SECRET_HEADER: TELEGRAM_SECRET}
    for content in (b"\xff", b"[1]", b'{"update_id": 1, "message": 5}'):
        assert (await http.post(WEBHOOK_PATH, content=content, headers=secret)).status_code == 400
    assert (await http.post(f"{VOICE_PATH}?call=1", content=b"a=%ff\xff")).status_code == 400
    body = urlencode({"CallStatus": "completed"}).encode()
    twilio = _twilio_signed(f"{STATUS_PATH}?call={'9' * 30}", body)
    answer = await http.post(f"{STATUS_PATH}?call={'9' * 30}", content=body, headers=twilio)
    assert answer.status_code == 404


async def test_a_flood_of_junk_is_logged_in_a_few_short_lines(
    webhooks: Webhooks, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    http = webhooks.http
    with capture_logs() as logged:
        for n in range(100):
            stale = {"X-Slack-Request-Timestamp": str(n), "X-Slack-Signature": f"v0={n}"}
            await http.post(SLACK, content=b"secret-body-%d" % n, headers=stale)
            await http.post(SLACK, content=b"{bad", headers={"Content-Type": "application/json"})
            await http.post(WEBHOOK_PATH, content=b"secret-body")
    stdlib = [r.getMessage() for r in caplog.records if not r.name.startswith("httpx")]
    assert stdlib == []
    assert [(e["route"], e["reason"]) for e in logged] == [
        (SLACK, "stale"),
        (SLACK, "unsigned"),
        (WEBHOOK_PATH, "bad secret"),
    ]
    assert "secret-body" not in repr(logged)


def test_refusals_are_logged_at_most_once_a_minute_per_kind() -> None:
    now = [0.0]
    refusals = Refusals(every=60, clock=lambda: now[0])
    with capture_logs() as logged:
        for second in range(0, 180):
            now[0] = float(second)
            assert refusals.refuse("/x", "bad signature", 401).status_code == 401
        refusals.refuse("/x", "malformed", 400)
    assert [(e["reason"], e["more"]) for e in logged] == [
        ("bad signature", 0),
        ("bad signature", 59),
        ("bad signature", 59),
        ("malformed", 0),
    ]
