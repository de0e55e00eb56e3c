"""Everyday phrasings of each intent, including the label conventions the bot relies on."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.intents import LABELS, IntentRouter, seed_phrases

COMPOSER = Path(__file__).resolve().parents[2] / "bot" / "data" / "intents" / "compose.py"


@pytest.fixture(scope="module")
def router() -> IntentRouter:
    return IntentRouter.from_seed()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("wake me up at 6:30", "reminders"),
        ("set an alarm for 7am", "reminders"),
        ("move reminder 1 to 10am", "reminders"),
        ("change reminder 2 to 8am", "reminders"),
        ("snooze that", "reminders"),
        ("pause the standup reminder", "reminders"),
        ("reminders", "reminders"),
        ("tasks", "tasks"),
        ("todo?", "tasks"),
        ("cross off buy milk", "tasks"),
        ("buy milk is done", "tasks"),
        ("delete buy milk", "tasks"),
        ("tick off laundry", "tasks"),
        ("add task water plants every monday", "tasks"),
        ("jot down: party ideas - balloons, cake", "notes"),
        ("find my notes about the locker", "notes"),
        ("what did I write about the wifi", "notes"),
        ("what do I have tomorrow", "events"),
        ("am I free friday afternoon", "events"),
        ("anything on this week?", "events"),
        ("cancel my 3pm", "events"),
        ("move the dentist to 4pm", "events"),
        ("push the team sync to thursday", "events"),
        ("what time is it in tokyo", "time"),
        ("i live in berlin", "time"),
        ("set my timezone to new york", "time"),
        ("I'm in UTC+5:30 now", "time"),
        ("good morning!", "smalltalk"),
        ("thanks a ton", "smalltalk"),
        ("how do I set a reminder?", "help"),
        ("what can you do", "help"),
        ("what's our travel policy", "question"),
        ("how many vacation days do we get", "question"),
        ("rappelle-moi demain à 8h d'acheter du pain", "reminders"),
        ("wie spät ist es in new york", "time"),
    ],
)
def test_everyday_phrasing_routes_to_its_label(router: IntentRouter, text: str, label: str) -> None:
    assert router.route(text).label == label


@pytest.mark.parametrize("text", ["qwzx vrrp blorft", "flurbish gronkle", "zzzz", "?!"])
def test_gibberish_and_unseen_words_are_not_routed(router: IntentRouter, text: str) -> None:
    assert router.route(text).label is None


def test_every_label_has_hundreds_of_phrases_some_in_other_languages() -> None:
    counts = Counter(label for label, _ in seed_phrases())
    assert set(counts) == set(LABELS)
    assert min(counts.values()) >= 300
    foreign = [
        p
        for _, p in seed_phrases()
        if any(c in p for c in "éèàäöüßñçãõìòù") or any("а" <= c <= "я" for c in p)
    ]
    assert len(foreign) >= 100


def test_the_composed_phrases_are_what_the_composer_makes() -> None:
    result = subprocess.run(
        [sys.executable, str(COMPOSER), "--check"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
