"""How long calendars take: reading a file, importing it, importing it again, exporting it.

A file shaped like a two-year Google export (one zone, every twentieth event weekly) of each
size is imported for one person on SQLite, then imported again (every event unchanged), then
all of their events are written back out.

Run: python -m bench.calendar [--sizes 100 2000 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.machine import describe, one_line
from bot.calendars.reading import read_calendar
from bot.calendars.writing import write_calendar
from bot.messages import Target
from storage.migrate import upgrade
from storage.store import SqlAlchemyStore

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def google_like(size: int) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "X-WR-TIMEZONE:Europe/Berlin",
    ]
    first = datetime(2024, 3, 1, 9, 0)
    for i in range(size):
        start = first + timedelta(hours=9 * i)
        end = start + timedelta(hours=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench{i}@google.com",
            f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/Berlin:{end:%Y%m%dT%H%M%S}",
            f"SUMMARY:Meeting {i}",
            "LOCATION:Room 1",
            *(["RRULE:FREQ=WEEKLY"] if i % 20 == 0 else []),
            "END:VEVENT",
        ]
    return ("\r\n".join([*lines, "END:VCALENDAR", ""])).encode()


async def one_size(folder: Path, size: int) -> dict[str, float]:
    url = f"sqlite+aiosqlite:///{folder / f'bench{size}.db'}"
    await upgrade(url)
    store = SqlAlchemyStore.from_url(url)
    try:
        user = await store.users.resolve("console", "bench", "bench", "Bench", "Europe/Berlin")
        target = Target("console", "bench")
        data = google_like(size)
        started = time.perf_counter()
        entries = read_calendar(data, user.timezone)
        read = time.perf_counter()
        await store.events.import_entries(user.id, entries, target, now=NOW)
        imported = time.perf_counter()
        await store.events.import_entries(user.id, entries, target, now=NOW)
        again = time.perf_counter()
        events = await store.events.all(user.id)
        written = write_calendar(events, [], name="bench", now=NOW)
        exported = time.perf_counter()
    finally:
        await store.close()
    return {
        "events": size,
        "file_kb": round(len(data) / 1024),
        "read_s": round(read - started, 3),
        "import_s": round(imported - read, 3),
        "reimport_s": round(again - imported, 3),
        "export_s": round(exported - again, 3),
        "export_kb": round(len(written) / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 2000, 5000])
    sizes = parser.parse_args().sizes
    with tempfile.TemporaryDirectory() as folder:
        results = [asyncio.run(one_size(Path(folder), size)) for size in sizes]
    print(f"machine: {one_line()}")
    columns = ("events", "file_kb", "read_s", "import_s", "reimport_s", "export_s", "export_kb")
    print(" ".join(f"{c:>10}" for c in columns))
    for result in results:
        print(" ".join(f"{result[c]:>10}" for c in columns))
    print(json.dumps({"benchmark": "calendar", "results": results, **describe()}))


if __name__ == "__main__":
    main()
