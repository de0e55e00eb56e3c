"""The training phrases shipped with the bot."""

from __future__ import annotations

from importlib import resources

LABELS: tuple[str, ...] = (
    "reminders",
    "tasks",
    "notes",
    "events",
    "time",
    "smalltalk",
    "help",
    "question",
)


def parse_tsv(text: str) -> list[tuple[str, str]]:
    """Read `label<TAB>phrase` lines; blank lines and lines starting with `#` are skipped."""
    pairs: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, phrase = line.partition("\t")
        if not sep or label not in LABELS or not phrase.strip():
            raise ValueError(f"line {number}: expected a known label, a tab and a phrase")
        pairs.append((label, phrase.strip()))
    return pairs


# The hand-written seeds, then the phrases composed from hand-written parts (compose.py).
DATA_FILES = ("seed.tsv", "composed.tsv")


def seed_phrases() -> list[tuple[str, str]]:
    """Return the shipped (label, phrase) training pairs."""
    folder = resources.files("bot").joinpath("data/intents")
    pairs: list[tuple[str, str]] = []
    for name in DATA_FILES:
        pairs.extend(parse_tsv(folder.joinpath(name).read_text(encoding="utf-8")))
    return pairs
