"""The messages e-mail sends: a check code, an event alert, the daily agenda.

Each has a plain-text part and an HTML part saying the same; an alert carries the event as
an `.ics` file and, for a group event, links that answer Going, Maybe or Can't.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo

from bot.calendars.writing import event_file
from bot.formatting import when_text
from bot.models import Event
from bot.notices import alert_text

ICS_NAME = "event.ics"


def _message(
    sender: str, to: str, subject: str, text: str, body_html: str, now: datetime
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    message.set_content(text)
    message.add_alternative(_page(subject, body_html), subtype="html")
    return message


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>"
        f'<body style="font-family:sans-serif;line-height:1.5">{body}</body></html>'
    )


def _paragraphs(text: str) -> str:
    return "".join(
        f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in text.split("\n\n")
    )


def verification_mail(
    sender: str, to: str, bot_name: str, code: str, minutes: int, now: datetime
) -> EmailMessage:
    text = (
        f"Your {bot_name} code is {code}.\n\n"
        f"Send it to {bot_name} in chat within {minutes} minutes (or /email verify {code}) "
        "to get your alerts by e-mail too.\n\n"
        "If you did not ask for this, ignore this message: nothing is sent without the code."
    )
    return _message(sender, to, f"{bot_name} code: {code}", text, _paragraphs(text), now)


def alert_mail(
    sender: str,
    to: str,
    bot_name: str,
    event: Event,
    tz: ZoneInfo,
    now: datetime,
    links: Sequence[tuple[str, str]],
) -> EmailMessage:
    """An event alert; `links` are (label, URL) answers, empty for a personal event."""
    headline = alert_text(event, now, tz).removeprefix("🔔 ")
    when = when_text(event.start_at, tz, now, dated=True)
    facts = [f"When: {when} ({tz.key})"] + ([f"Where: {event.place}"] if event.place else [])
    footer = (
        f"The attached {ICS_NAME} adds the event to your calendar. To stop these e-mails, "
        f"send /email off to {bot_name}."
    )
    parts = [headline, "\n".join(facts)]
    if links:
        parts.append("Are you going?\n" + "\n".join(f"{label}: {url}" for label, url in links))
    text = "\n\n".join([*parts, footer])
    answers = " &middot; ".join(
        f'<a href="{html.escape(url)}">{html.escape(label)}</a>' for label, url in links
    )
    body = (
        f"<h2>{html.escape(headline)}</h2>"
        f"<p>{'<br>'.join(html.escape(f) for f in facts)}</p>"
        + (f"<p>Are you going? {answers}</p>" if links else "")
        + f"<p><small>{html.escape(footer)}</small></p>"
    )
    message = _message(sender, to, f"🔔 {headline}", text, body, now)
    message.add_attachment(
        event_file(event, now), maintype="text", subtype="calendar", filename=ICS_NAME
    )
    return message


def agenda_mail(
    sender: str, to: str, bot_name: str, agenda: str, now: datetime, tz: ZoneInfo
) -> EmailMessage:
    local = now.astimezone(tz)
    subject = f"Your day — {local:%A} {local.day} {local:%B}"
    text = f"{agenda}\n\nTo stop these e-mails, send /email off to {bot_name}."
    return _message(sender, to, subject, text, _paragraphs(text), now)
