from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.helpers.knowledge import LEAVE, OTHER_WORDS, TRAVEL, docx_bytes


@pytest.fixture(autouse=True)
def _database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Logging set up by the command would outlive this test's captured output.
    monkeypatch.setattr("bot.logs.configure_logs", lambda *_: None)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'kb.db'}")


def test_kb_add_list_ask_and_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "travel.md").write_bytes(TRAVEL)
    (folder / "notes.txt").write_text("The office dog is called Biscuit.")
    (folder / "empty.md").write_text("")
    (folder / "ignored.bin").write_bytes(b"\x00\x01")

    assert main(["kb", "add", str(folder)]) == 1  # the empty file is refused
    out = capsys.readouterr()
    assert "empty.md is empty" in out.err
    assert "Travel policy" in out.out and "ignored" not in out.out

    assert main(["kb", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Travel policy" in listing and "notes" in listing

    assert main(["ask", "--json", "what is the nightly hotel limit?"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert "160 euros" in result["answer"]
    best = result["sources"][0]
    assert best["source"].endswith("travel.md") and "160 euros" in best["text"]
    assert set(best) == {"source", "title", "score", "text"}
    scores = [s["score"] for s in result["sources"]]
    assert scores == sorted(scores, reverse=True)

    number = next(line.split("\t")[0] for line in listing.splitlines() if "Travel" in line)
    assert main(["kb", "remove", number]) == 0
    capsys.readouterr()
    assert main(["ask", "what is the nightly hotel limit?"]) == 0
    assert "couldn't find anything" in capsys.readouterr().out


def test_kb_add_embeds_what_was_learned_before_embeddings_were_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    leave = tmp_path / "leave.md"
    leave.write_text(LEAVE)
    (tmp_path / "travel.md").write_bytes(TRAVEL)

    monkeypatch.setenv("LOCAL_EMBEDDINGS", "false")
    assert main(["kb", "add", str(leave)]) == 0
    assert main(["ask", OTHER_WORDS]) == 0
    assert "couldn't find anything" in capsys.readouterr().out

    monkeypatch.delenv("LOCAL_EMBEDDINGS")
    assert main(["kb", "add", str(tmp_path / "travel.md")]) == 0
    capsys.readouterr()
    assert main(["ask", "--json", OTHER_WORDS]) == 0
    assert "sixteen weeks" in json.loads(capsys.readouterr().out)["sources"][0]["text"]


def test_kb_add_reports_every_file_it_skips_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (folder / "policy.docx").write_bytes(
        docx_bytes("Volunteering policy", {"Days": "Everyone gets three volunteering days."})
    )

    assert main(["kb", "add", str(folder)]) == 1
    out = capsys.readouterr()
    assert f"skipped: {folder / 'photo.jpg'}: not a document I read" in out.err
    assert "broken.docx is not a readable Word document" in out.err
    assert "Added 1 of 2 files; skipped 2." in out.err
    assert "Volunteering policy\t1 chunks" in out.out

    assert main(["ask", "--json", "how many volunteering days?"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["answer"].startswith("Everyone gets three volunteering days.")
