from __future__ import annotations

import base64
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import httpx
import icalendar
import pytest

from adapters.http import create_app
from adapters.rsvp_routes import rsvp_routes
from adapters.smtp import SmtpSender
from bot.mail.addresses import smtp_server
from bot.mail.models import MailStatus
from storage.store import SqlAlchemyStore
from tests.fakes.smtp import FakeSmtp
from tests.fakes.telegram import Group, User
from tests.helpers.bot import Harness, build_harness, make_settings
from tests.helpers.clock import FakeClock
from tests.helpers.telegram import World, telegram_world

ALICE, BOB = User(111, "Alice", "alice"), User(222, "Bob", "bob")
TEAM = Group(-100500, "Team")
PUBLIC = "https://bot.example.org"
MAIL = {"mail_from": "Nudge <nudge@example.org>", "public_base_url": PUBLIC}


def _text(mail: EmailMessage) -> str:
    part = mail.get_body(("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


def _code(smtp: FakeSmtp) -> str:
    match = re.search(r"\b(\d{8})\b", _text(smtp.messages[-1]))
    assert match is not None
    return match.group(1)


@pytest.fixture
async def world(
    sqlite_store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path, smtp: FakeSmtp
) -> AsyncIterator[World]:
    sender = SmtpSender(smtp_server(smtp.url))
    async with telegram_world(
        "polling", sqlite_store, clock, tmp_path, mail=sender, smtp_url=smtp.url, **MAIL
    ) as world:
        yield world


async def _alert_mailed_to_bob(world: World, smtp: FakeSmtp) -> tuple[EmailMessage, int]:
    """Bob verifies his address and goes to Alice's team dinner; the alert mail a day before.

    Also the id of the dinner's card in the group.
    """
    fake = world.fake
    await world.send(fake.text(BOB, "/email bob@example.com"))
    await world.replies(BOB.id, 1)
    await world.send(fake.text(BOB, _code(smtp)))
    [_, verified] = await world.replies(BOB.id, 2)
    assert verified.startswith("Verified bob@example.com")

    await world.send(fake.text(ALICE, "/event friday 18:00 - Team dinner @Luigi's", TEAM))
    await world.replies(TEAM.id, 1)
    card = fake.last_message(TEAM.id)
    await world.send(fake.press(BOB, card["message_id"], dict(fake.buttons(card))["Going"], TEAM))
    await fake.wait_for(lambda f: len(f.answers()) == 1)
    await world.bot.edits.flush()

    world.clock.set(datetime(2026, 3, 5, 18, 0, tzinfo=UTC))  # a day before the dinner
    await world.core.delivery.run_due()
    assert fake.last_message(BOB.id)["text"].startswith("🔔 Team dinner @ Luigi's — in 1 day")
    assert world.core.mailer is not None and world.core.rsvp_links is not None
    assert await world.core.mailer.run() == 1
    return smtp.messages[-1], card["message_id"]


def _links(mail: EmailMessage) -> dict[str, str]:
    """Each answer's token, from the mail's links."""
    return dict(re.findall(rf"^(Going|Maybe|Can't): {PUBLIC}/rsvp/(\S+)$", _text(mail), re.M))


@asynccontextmanager
async def _browser(world: World) -> AsyncIterator[httpx.AsyncClient]:
    """The person's browser, on the app that serves the links."""
    assert world.core.rsvp_links is not None
    app = create_app(rsvp_routes(world.core.rsvp_links))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=PUBLIC) as web:
        yield web


async def test_an_alert_mail_carries_the_event_and_links_that_answer(
    world: World, smtp: FakeSmtp
) -> None:
    fake = world.fake
    mail, card = await _alert_mailed_to_bob(world, smtp)
    assert mail["To"] == "bob@example.com"
    text = _text(mail)
    assert text.startswith("Team dinner @ Luigi's — in 1 day")
    html = mail.get_body(("html",))
    assert html is not None and "Team dinner" in html.get_content()
    [ics] = [a for a in mail.iter_attachments() if a.get_filename() == "event.ics"]
    calendar = icalendar.Calendar.from_ical(ics.get_content())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Team dinner"
    assert event.decoded("DTSTART") == datetime(2026, 3, 6, 18, 0, tzinfo=UTC)

    links = _links(mail)
    assert list(links) == ["Going", "Maybe", "Can't"]
    async with _browser(world) as web:
        page = await web.get(f"/rsvp/{links['Maybe']}")
        assert page.status_code == 200
        assert "<h1>Team dinner</h1>" in page.text
        assert "Friday 6 March 18:00 (UTC) @ Luigi&#x27;s. Your answer: Maybe" in page.text
        assert f'name="token" value="{links["Maybe"]}"' in page.text
        assert '<button type="submit"' in page.text and ">Maybe</button>" in page.text
        answered = await web.post("/rsvp", data={"token": links["Maybe"]})
        assert answered.status_code == 200
        assert "Marked as maybe — Team dinner." in answered.text
        assert "<form" not in answered.text
        assert fake.messages[(TEAM.id, card)]["text"].endswith(
            "✅ Going (0)\n🤔 Maybe (1): Bob\n❌ Can't (0)"
        )

        forged = links["Going"][:-2] + ("AA" if not links["Going"].endswith("AA") else "BB")
        raw = base64.urlsafe_b64decode(links["Going"] + "==").decode()
        someone_else = base64.urlsafe_b64encode(f"9{raw}".encode()).decode()
        for token in (forged, "not-a-link", someone_else):
            refused = await web.get(f"/rsvp/{token}")
            assert refused.status_code == 403
            assert "not valid" in refused.text
            assert "<form" not in refused.text
            refused = await web.post("/rsvp", data={"token": token})
            assert refused.status_code == 403
            assert "not valid" in refused.text
        assert (await web.post("/rsvp", content=b"")).status_code == 403
        world.clock.set(datetime(2026, 3, 6, 18, 0, tzinfo=UTC))
        late = await web.get(f"/rsvp/{links['Going']}")
        assert late.status_code == 410
        late = await web.post("/rsvp", data={"token": links["Going"]})
        assert late.status_code == 410
    bob = await world.store.users.resolve("telegram", str(BOB.id), "", "", "UTC")
    [answer] = await world.store.rsvps.answers(1)
    assert (answer.user_id, answer.choice.value) == (bob.id, "maybe")


async def test_opening_a_link_alone_answers_nothing(world: World, smtp: FakeSmtp) -> None:
    """Mail scanners open the links in a mail to check them: that must not answer for anyone."""
    mail, card = await _alert_mailed_to_bob(world, smtp)
    before = world.fake.messages[(TEAM.id, card)]["text"]
    async with _browser(world) as web:
        for token in _links(mail).values():
            assert (await web.get(f"/rsvp/{token}")).status_code == 200
            assert (await web.head(f"/rsvp/{token}")).status_code == 200
    [answer] = await world.store.rsvps.answers(1)
    assert answer.choice.value == "going", "still what Bob pressed in the group"
    assert world.fake.messages[(TEAM.id, card)]["text"] == before
    assert before.endswith("✅ Going (1): Bob\n🤔 Maybe (0)\n❌ Can't (0)")


@pytest.fixture
def mailing(
    sqlite_store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path, smtp: FakeSmtp
) -> Harness:
    settings = make_settings(tmp_path, smtp_url=smtp.url, **MAIL)
    return build_harness(sqlite_store, settings, clock, mail=SmtpSender(smtp_server(smtp.url)))


async def _verified(harness: Harness, smtp: FakeSmtp, name: str) -> None:
    person = harness.user(name)
    await person.says(f"/email {name}@example.com")
    assert (await person.says(_code(smtp))).text.startswith("Verified")


async def test_with_the_mail_server_down_the_chat_alert_goes_and_the_mail_follows(
    mailing: Harness, smtp: FakeSmtp, clock: FakeClock
) -> None:
    await _verified(mailing, smtp, "alice")
    await mailing.user("alice").says("/event friday 18:00 - Dentist")
    await smtp.stop()
    clock.set(datetime(2026, 3, 5, 18, 0, tzinfo=UTC))
    [alert] = await mailing.deliver()
    assert alert.text.startswith("🔔 Dentist — in 1 day")
    mailer = mailing.core.mailer
    assert mailer is not None
    assert await mailer.run() == 0
    [queued] = await mailing.store.mail.outbox(1)
    assert (queued.status, queued.attempts) == (MailStatus.PENDING, 1)
    assert queued.error and "Connect" in queued.error
    await smtp.start()
    assert await mailer.run() == 0, "not before its pause is over"
    clock.advance(seconds=30)
    assert await mailer.run() == 1
    [sent] = await mailing.store.mail.outbox(1)
    assert (sent.status, sent.attempts) == (MailStatus.SENT, 2)
    assert _text(smtp.messages[-1]).startswith("Dentist — in 1 day")
    # A personal event: no answers to give, so no links.
    assert "/rsvp/" not in _text(smtp.messages[-1])


async def test_the_daily_agenda_comes_by_mail_too(
    mailing: Harness, smtp: FakeSmtp, clock: FakeClock
) -> None:
    await _verified(mailing, smtp, "alice")
    alice = mailing.user("alice")
    await alice.says("/event today 18:00 - Yoga")
    await alice.says("/agenda 9:00")
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    [agenda] = await mailing.deliver()
    assert agenda.text.startswith("☀️ Your day")
    assert mailing.core.mailer is not None
    assert await mailing.core.mailer.run() == 1
    mail = smtp.messages[-1]
    assert mail["Subject"] == "Your day — Monday 2 March"
    assert "18:00 Yoga" in _text(mail)
