"""How times in calendar files are read: zones named every way, floating times, durations."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.calendars.reading import CalendarFileError, is_calendar_file, read_calendar


def _calendar(*lines: str, head: tuple[str, ...] = ()) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", *head, "BEGIN:VEVENT"]
    body += ["UID:one@example.com", "SUMMARY:One", *lines, "END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(body).encode()


def _start(data: bytes, zone: str = "UTC") -> tuple[datetime, str]:
    [entry] = read_calendar(data, zone)
    return entry.start_at.astimezone(UTC), entry.timezone


def test_floating_times_are_read_in_the_calendars_zone_else_the_persons() -> None:
    floating = ("DTSTART:20260305T100000",)
    named = _calendar(*floating, head=("X-WR-TIMEZONE:America/New_York",))
    assert _start(named, "Europe/Berlin") == (
        datetime(2026, 3, 5, 15, 0, tzinfo=UTC),
        "America/New_York",
    )
    assert _start(_calendar(*floating), "Europe/Berlin") == (
        datetime(2026, 3, 5, 9, 0, tzinfo=UTC),
        "Europe/Berlin",
    )


@pytest.mark.parametrize(
    "tzid",
    ["Europe/Paris", '"Romance Standard Time"', "/mozilla.org/20050126_1/Europe/Paris"],
)
def test_a_zone_named_by_iana_windows_or_path_is_the_same_zone(tzid: str) -> None:
    data = _calendar(f"DTSTART;TZID={tzid}:20260705T100000")
    assert _start(data) == (datetime(2026, 7, 5, 8, 0, tzinfo=UTC), "Europe/Paris")


def test_a_duration_gives_the_end_and_a_date_a_whole_day() -> None:
    [timed] = read_calendar(_calendar("DTSTART:20260305T100000Z", "DURATION:PT90M"), "UTC")
    assert timed.end_at == datetime(2026, 3, 5, 11, 30, tzinfo=UTC)
    [day] = read_calendar(_calendar("DTSTART;VALUE=DATE:20260305"), "Asia/Tokyo")
    assert day.all_day and day.timezone == "Asia/Tokyo"
    assert day.end_at is not None and (day.end_at - day.start_at).days == 1


def test_what_is_a_calendar_file() -> None:
    assert is_calendar_file("Work.ICS", b"")
    assert is_calendar_file("invite", b"", "text/calendar; method=REQUEST")
    assert is_calendar_file("attachment.bin", b"\xef\xbb\xbfBEGIN:VCALENDAR\r\n")
    assert not is_calendar_file("notes.md", b"# BEGIN:VCALENDAR")
    with pytest.raises(CalendarFileError):
        read_calendar(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nnot a line", "UTC")
