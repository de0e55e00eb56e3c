from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from adapters.console import ConsoleChannel
from bot.messages import Attachment, Button, Incoming, Reply, Target

ROOT = Path(__file__).resolve().parents[2]


def _chat(
    tmp_path: Path, script: str, *, nudge_folder: bool = True
) -> subprocess.CompletedProcess[str]:
    """`nudge chat` in `tmp_path`, made a Nudge folder (one with a `.env`) unless told not to."""
    if nudge_folder:
        (tmp_path / ".env").touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_"))}
    env.update(
        BOT_TIMEZONE="UTC",
        BOT_SECRET="console-test-secret-long-enough-for-buttons",
        DATABASE_URL="",
        # This checkout's code, whatever an installed copy of the package points at.
        PYTHONPATH=str(ROOT),
    )
    env.pop("DATABASE_URL")
    return subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input=script,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )


def test_scripted_chat_from_a_pipe(tmp_path: Path) -> None:
    done = _chat(tmp_path, "/task buy milk\n/tasks\n/start\n7\n/tz\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Added task 1. buy milk"
    assert lines[1:3] == ["Your tasks:", "1. buy milk"]
    assert "[7] UTC" in done.stdout, "buttons show as numbered choices"
    assert "Time zone set to UTC" in done.stdout, "typing the number presses the button"
    assert (tmp_path / "data" / "nudge.db").exists(), "a folder with a .env keeps data in ./data"


def test_data_survives_a_restart(tmp_path: Path) -> None:
    _chat(tmp_path, "note Trip: pack passport\n")
    again = _chat(tmp_path, "/notes\n")
    assert "1. Trip: pack passport" in again.stdout


def test_outside_a_nudge_folder_every_folder_shares_the_user_database(tmp_path: Path) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "projects" / "other"
    home.mkdir()
    elsewhere.mkdir(parents=True)
    _chat(home, "note Trip: pack passport\n", nudge_folder=False)
    again = _chat(elsewhere, "/notes\n", nudge_folder=False)
    assert "1. Trip: pack passport" in again.stdout
    assert (Path(os.environ["XDG_DATA_HOME"]) / "nudge" / "nudge.db").is_file()
    assert not (home / "data").exists() and not (elsewhere / "data").exists()


def test_a_number_without_buttons_is_ordinary_text() -> None:
    out = io.StringIO()
    console = ConsoleChannel(_never, out=out, user="ann")
    assert console.to_incoming("3\n").text == "3"
    console.render(Reply("pick", buttons=((Button("A", "a:1:x"), Button("B", "b:2:y")),)))
    assert out.getvalue() == "pick\n[1] A  [2] B\n"
    pressed = console.to_incoming("2")
    assert pressed.callback == "b:2:y" and pressed.message_id == "1"
    assert console.to_incoming("3").text == "3"


async def test_delivery_prints_and_returns_a_message_id() -> None:
    out = io.StringIO()
    console = ConsoleChannel(_never, out=out, user="ann")
    message_id = await console.send(Target("console", "x"), Reply("⏰ Reminder: tea"))
    assert message_id == "1" and out.getvalue() == "⏰ Reminder: tea\n"


async def _never(_: Incoming) -> Reply:
    raise AssertionError("not called")


def test_numbers_pick_only_from_the_latest_message() -> None:
    out = io.StringIO()
    console = ConsoleChannel(_never, out=out, user="ann")
    console.render(Reply("pick", buttons=((Button("A", "a:1:x"),),)))
    console.render(Reply("Your tasks: …"))
    assert console.to_incoming("1").text == "1", "an older message's buttons no longer answer"


def test_files_of_a_reply_are_saved_to_the_exports_folder(tmp_path: Path) -> None:
    out = io.StringIO()
    console = ConsoleChannel(_never, out=out, user="ann", exports=tmp_path / "exports")
    ics = Attachment("calendar.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    console.render(Reply("Here is your calendar.", files=(ics,)))
    console.render(Reply("And again.", files=(ics,)))
    first, second = tmp_path / "exports" / "calendar.ics", tmp_path / "exports" / "calendar-2.ics"
    assert out.getvalue().splitlines() == [
        "Here is your calendar.",
        f"📎 calendar.ics: {first}",
        "And again.",
        f"📎 calendar.ics: {second}",
    ]
    assert first.read_bytes() == second.read_bytes() == ics.data
    assert first.stat().st_mode & 0o777 == 0o600


def test_export_in_the_terminal_writes_the_files(tmp_path: Path) -> None:
    done = _chat(tmp_path, "note Trip: pack passport\n/export\n")
    assert done.returncode == 0, done.stderr
    saved = [line for line in done.stdout.splitlines() if line.startswith("📎")]
    assert saved == [
        "📎 nudge-export.json: data/exports/nudge-export.json",
        "📎 calendar.ics: data/exports/calendar.ics",
    ]
    exported = (tmp_path / "data" / "exports" / "nudge-export.json").read_text()
    assert '"body": "pack passport"' in exported
