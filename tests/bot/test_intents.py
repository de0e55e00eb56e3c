from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from bot.intents import LABELS, IntentRouter, rule_intent, seed_phrases
from bot.intents import router as router_module
from bot.intents.seeds import parse_tsv
from bot.intents.training import extract, fit_pipeline

HELDOUT = Path(__file__).resolve().parent.parent / "data" / "intents_heldout.tsv"


@pytest.fixture(scope="module")
def router() -> IntentRouter:
    return IntentRouter.from_seed()


@pytest.fixture(scope="module")
def seed_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory holding the model trained on the seeds, built once per module."""
    cache = tmp_path_factory.mktemp("seed-cache")
    IntentRouter.load_or_train([], cache)
    return cache


@pytest.fixture
def cache_dir(seed_cache: Path, tmp_path: Path) -> Path:
    shutil.copytree(seed_cache, tmp_path / "cache")
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def heldout() -> list[tuple[str, str]]:
    return parse_tsv(HELDOUT.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("remind me to call mom tomorrow at 9", "reminders"),
        ("in 20 min stretch", "reminders"),
        ("every weekday at 9:30 standup", "reminders"),
        ("pay rent every other friday at 5", "reminders"),
        ("snooze 10m", "reminders"),
        ("cancel reminder 2", "reminders"),
        ("add task buy milk tomorrow", "tasks"),
        ("todo: renew passport by friday", "tasks"),
        ("done 2", "tasks"),
        ("mark buy milk done", "tasks"),
        ("note Trip: pack passport and charger", "notes"),
        ("remember that the wifi password is hunter2", "notes"),
        ("search my notes for passport", "notes"),
        ("add event 2026-08-25 14:00 - Demo @HQ", "events"),
        ("dentist friday 3pm for 1h at Main St", "events"),
        ("what's on my calendar tomorrow", "events"),
        ("what time is it", "time"),
        ("what's the date", "time"),
        ("hello", "smalltalk"),
        ("thanks for the reminder!", "smalltalk"),
        ("what can you do", "help"),
        ("how do I set a reminder?", "help"),
        ("what is the capital of peru", "question"),
        ("how long do I boil an egg", "question"),
        ("what does our refund policy say", "question"),
    ],
)
def test_everyday_phrasings_land_on_their_label(
    router: IntentRouter, text: str, label: str
) -> None:
    assert router.predict(text)[0] == label
    assert router.route(text).label == label


def test_a_reminder_in_another_app_is_not_a_reminder_for_us(router: IntentRouter) -> None:
    assert router.predict("how do I set a reminder in slack?")[0] in {"question", "help"}
    assert router.predict("how do i create a task in trello")[0] in {"question", "help"}


def test_held_out_macro_f1_is_at_least_0_95(
    router: IntentRouter, heldout: list[tuple[str, str]]
) -> None:
    predicted = [router.predict(text)[0] for _, text in heldout]
    f1 = []
    for label in LABELS:
        pairs = list(zip((t for t, _ in heldout), predicted, strict=True))
        tp = sum(t == p == label for t, p in pairs)
        wrong = sum((t == label) != (p == label) for t, p in pairs)
        f1.append(2 * tp / (2 * tp + wrong))
    assert sum(f1) / len(f1) >= 0.95


def test_held_out_phrases_are_not_training_phrases(heldout: list[tuple[str, str]]) -> None:
    seeds = {text.lower() for _, text in seed_phrases()}
    assert not seeds & {text.lower() for _, text in heldout}
    assert all(n >= 40 for n in Counter(label for label, _ in heldout).values())
    assert set(Counter(label for label, _ in heldout)) == set(LABELS)


def test_every_label_has_at_least_40_seed_phrases() -> None:
    counts = Counter(label for label, _ in seed_phrases())
    assert set(counts) == set(LABELS)
    assert min(counts.values()) >= 40


def test_fast_path_matches_the_sklearn_pipeline(
    router: IntentRouter, heldout: list[tuple[str, str]]
) -> None:
    pipeline = fit_pipeline(seed_phrases())
    fast = extract(pipeline, threshold=0.5, cv_macro_f1=1.0)
    texts = [text for _, text in heldout] + ["", "x" * 5000]
    expected = pipeline.predict_proba(texts)
    classes = list(pipeline.classes_)
    for text, row in zip(texts, expected, strict=True):
        assert np.allclose(fast.probabilities(text), row, rtol=0, atol=1e-6)
        label, confidence = router.predict(text)
        assert label == classes[int(row.argmax())]
        assert confidence == pytest.approx(row.max(), abs=1e-6)


def test_ranked_lists_likeliest_first(router: IntentRouter) -> None:
    ranked = router.ranked("remind me to stretch in 5 minutes", k=3)
    assert ranked[0][0] == "reminders"
    assert len(ranked) == 3
    assert [p for _, p in ranked] == sorted((p for _, p in ranked), reverse=True)
    assert sum(p for _, p in router.ranked("hi", k=8)) == pytest.approx(1.0)


def test_confident_routes_come_from_the_model(router: IntentRouter) -> None:
    routing = router.route("remind me to call mom tomorrow at 9")
    assert routing.source == "model"
    assert routing.confidence >= router.threshold
    assert routing.candidates[0][0] == "reminders"


def test_gibberish_is_not_routed_with_confidence(router: IntentRouter) -> None:
    routing = router.route("qwzx vrrp blorft")
    assert (routing.label, routing.source) == (None, "none")
    assert len(routing.candidates) == 3
    assert router.route("blorft reminder").label == "reminders"


def test_empty_and_huge_messages_do_not_crash_and_are_fast(router: IntentRouter) -> None:
    assert router.route("").label is None
    assert router.route("   \n ").source == "none"
    huge = "remind me to water the plants " * 3500
    assert len(huge) > 100_000
    start = time.perf_counter()
    routing = router.route(huge)
    assert time.perf_counter() - start < 0.1
    assert routing.label == "reminders"


def test_rules_catch_keywords_and_other_apps() -> None:
    assert rule_intent("remind me at 5") == "reminders"
    assert rule_intent("snooze please") == "reminders"
    assert rule_intent("todo: call bob") == "tasks"
    assert rule_intent("what's on my calendar") == "events"
    assert rule_intent("thanks!") == "smalltalk"
    assert rule_intent("how do I set a reminder in slack?") == "question"
    assert rule_intent("how do i set a reminder") == "help"
    assert rule_intent("remind me to call the phone company") == "reminders"
    assert rule_intent("qwzx vrrp") is None
    assert rule_intent("") is None


def test_status_reports_data_sizes_macro_f1_and_threshold(router: IntentRouter) -> None:
    status = router.status()
    assert status.labels == LABELS
    assert status.phrase_counts == dict(Counter(label for label, _ in seed_phrases()))
    assert 0.75 <= status.cv_macro_f1 <= 1.0
    assert status.threshold == router.threshold
    assert isinstance(status.threshold, float)
    assert 0.2 <= status.threshold <= 0.9


def test_cache_hit_does_not_retrain(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [cached] = cache_dir.glob("intents-*.model")

    def no_training(*_: object) -> None:
        raise AssertionError("retrained although nothing changed")

    monkeypatch.setattr(router_module, "train_model", no_training)
    loaded = IntentRouter.load_or_train([], cache_dir)
    assert loaded.predict("remind me to stretch in 5 minutes")[0] == "reminders"
    assert loaded.status().phrase_counts == dict(Counter(label for label, _ in seed_phrases()))
    assert list(cache_dir.glob("intents-*.model")) == [cached]


def test_a_cached_router_predicts_like_a_fresh_one(
    router: IntentRouter, cache_dir: Path, heldout: list[tuple[str, str]]
) -> None:
    loaded = IntentRouter.load_or_train([], cache_dir)
    assert loaded.status() == router.status()
    for _, text in heldout:
        fresh, cached = router.ranked(text, k=8), loaded.ranked(text, k=8)
        assert [label for label, _ in cached] == [label for label, _ in fresh]
        assert [p for _, p in cached] == pytest.approx([p for _, p in fresh], abs=1e-9)


def test_starting_from_the_cache_does_not_import_sklearn(cache_dir: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from bot.intents import IntentRouter\n"
        f"router = IntentRouter.load_or_train([], Path({str(cache_dir)!r}))\n"
        "print(router.route('what time is it').label)\n"
        "print(any(name.split('.')[0] == 'sklearn' for name in sys.modules))\n"
        "print(any(name.split('.')[0] == 'numpy' for name in sys.modules))\n"
    )
    # This checkout's code, whatever an installed copy of the package points at.
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    assert result.stdout.split() == ["time", "False", "False"]


def test_extra_phrases_change_predictions(cache_dir: Path) -> None:
    word = "zorblax"
    before = IntentRouter.load_or_train([], cache_dir)
    assert before.predict(f"{word} the garage")[0] != "tasks"
    extra = [("tasks", f"{word} the garage"), ("tasks", f"{word} my room"), ("tasks", word)]
    after = IntentRouter.load_or_train(extra, cache_dir)
    assert after.predict(f"{word} the kitchen")[0] == "tasks"
    assert after.status().phrase_counts["tasks"] == before.status().phrase_counts["tasks"] + 3
    assert len(list(cache_dir.glob("intents-*.model"))) == 1


def test_a_broken_cache_file_is_retrained(cache_dir: Path) -> None:
    [cached] = cache_dir.glob("intents-*.model")
    cached.write_bytes(b"not a model")
    assert IntentRouter.load_or_train([], cache_dir).predict("hello")[0] == "smalltalk"
    assert IntentRouter.load_or_train([], cache_dir).status().cv_macro_f1 > 0.75


def test_a_router_can_be_trained_on_a_few_phrases_of_two_labels() -> None:
    phrases = [
        ("time", "what time is it"),
        ("time", "the date"),
        ("help", "help me"),
        ("help", "x"),
    ]
    router = IntentRouter.train(phrases)
    pipeline = fit_pipeline(phrases)
    for text in ("time please", "help please", "what"):
        [expected] = pipeline.predict_proba([text])
        assert router.predict(text)[1] == pytest.approx(expected.max(), abs=1e-6)
    assert router.predict("time please")[0] == "time"
    assert router.predict("help please")[0] == "help"
    assert router.status().phrase_counts["notes"] == 0


def test_unknown_labels_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="weather"):
        IntentRouter.load_or_train([("weather", "is it raining")], tmp_path)
    with pytest.raises(ValueError, match="line 1"):
        parse_tsv("weather\tis it raining\n")
