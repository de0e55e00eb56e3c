"""Through Slack: a calendar shared in a DM is imported; files of a reply reach the DM."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar

from tests.helpers.slack import SlackBed

CALENDARS = Path(__file__).parent.parent / "data" / "calendars"


async def test_a_calendar_shared_in_a_dm_becomes_events(slack: SlackBed) -> None:
    file = slack.fake.add_file("calendar.ics", (CALENDARS / "google.ics").read_bytes())
    await slack.share("U1", [file])
    await slack.settle()
    [post] = slack.fake.called("chat.postMessage")
    assert post["channel"] == "D1"
    assert post["text"].startswith("Imported calendar.ics: 4 new events.")
    # The fake's people live in Berlin: 09:30 in New York is 15:30 there.
    assert "1. today 15:30–16:00 — Standup @ Zoom" in post["text"]


async def test_export_by_slash_command_uploads_both_files_to_the_dm(slack: SlackBed) -> None:
    file = slack.fake.add_file("calendar.ics", (CALENDARS / "apple.ics").read_bytes())
    await slack.share("U1", [file])
    await slack.settle()
    await slack.command("U1", "/export")
    await slack.settle()
    [answer] = slack.fake.answered("r")
    assert answer["text"].startswith("Here is everything I hold about you")
    files = slack.fake.uploaded("D1")
    assert set(files) == {"nudge-export.json", "calendar.ics"}
    data = json.loads(files["nudge-export.json"])
    assert sorted(e["title"] for e in data["events"]) == ["Easter trip", "Park run"]
    events = icalendar.Calendar.from_ical(files["calendar.ics"]).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Easter trip", "Park run"]
