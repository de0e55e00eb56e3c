from __future__ import annotations

import re
from pathlib import Path

import pytest

from adapters.smtp import SmtpSender
from bot.mail.addresses import smtp_server
from storage.store import SqlAlchemyStore
from tests.fakes.smtp import FakeSmtp
from tests.helpers.bot import Harness, build_harness, make_settings
from tests.helpers.clock import FakeClock


@pytest.fixture
def mailing(
    sqlite_store: SqlAlchemyStore, clock: FakeClock, tmp_path: Path, smtp: FakeSmtp
) -> Harness:
    settings = make_settings(tmp_path, smtp_url=smtp.url, mail_from="Nudge <nudge@example.org>")
    return build_harness(sqlite_store, settings, clock, mail=SmtpSender(smtp_server(smtp.url)))


def _code(smtp: FakeSmtp) -> str:
    body = smtp.messages[-1].get_body(("plain",))
    assert body is not None
    match = re.search(r"\b(\d{8})\b", body.get_content())
    assert match is not None
    return match.group(1)


async def test_an_address_is_verified_with_the_mailed_code(
    mailing: Harness, smtp: FakeSmtp
) -> None:
    alice = mailing.user("alice")
    assert "No e-mail address yet" in (await alice.says("/email")).text
    assert "doesn't look like an e-mail address" in (await alice.says("/email alice@")).text
    assert smtp.messages == []

    sent = await alice.says("/email Alice@Example.COM")
    assert "e-mailed an 8-digit code to Alice@example.com" in sent.text
    [mail] = smtp.messages
    assert mail["To"] == "Alice@example.com"
    assert mail["From"] == "Nudge <nudge@example.org>"
    code = _code(smtp)
    assert "Waiting for the code" in (await alice.says("/email")).text

    wrong = "00000000" if code != "00000000" else "11111111"
    assert "doesn't match (4 tries left)" in (await alice.says(wrong)).text
    verified = await alice.says(code)  # the bare code, as the reply asked
    assert verified.text.startswith("Verified Alice@example.com")
    assert "come by e-mail to Alice@example.com" in (await alice.says("/email")).text
    # Single use: the same code again is just a number now.
    assert not (await alice.says(f"/email verify {code}")).text.startswith("Verified")

    assert "only in chat" in (await alice.says("/email off")).text
    assert "No e-mail address yet" in (await alice.says("/email")).text


async def test_codes_expire_and_allow_few_tries(
    mailing: Harness, smtp: FakeSmtp, clock: FakeClock
) -> None:
    bob = mailing.user("bob")
    await bob.says("/email bob@example.com")
    code = _code(smtp)
    assert "wait a minute" in (await bob.says("/email bob@example.com")).text
    assert len(smtp.messages) == 1
    clock.advance(minutes=31)
    assert "expired" in (await bob.says(f"/email verify {code}")).text
    assert "No e-mail address yet" in (await bob.says("/email")).text

    await bob.says("/email bob@example.com")
    code = _code(smtp)
    wrong = "12345678" if code != "12345678" else "87654321"
    for _ in range(4):
        await bob.says(f"/email verify {wrong}")
    assert "Too many wrong codes" in (await bob.says(f"/email verify {wrong}")).text
    assert not (await bob.says(f"/email verify {code}")).text.startswith("Verified")


async def test_a_mail_server_that_is_down_gets_a_clear_answer(
    mailing: Harness, smtp: FakeSmtp
) -> None:
    await smtp.stop()
    reply = await mailing.user("carol").says("/email carol@example.com")
    assert "couldn't send mail to carol@example.com" in reply.text
    assert "No e-mail address yet" in (await mailing.user("carol").says("/email")).text


async def test_without_smtp_the_bot_says_so(harness: Harness) -> None:
    reply = await harness.user("dave").says("/email dave@example.com")
    assert reply.text == "E-mail isn't set up on this bot, so I can't send you mail."
