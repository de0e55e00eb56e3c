"""The common relative forms of French, German, Spanish, Russian, Portuguese and Italian."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.timeparse import parse_when, strip_span

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 6, 10, 10, 0, tzinfo=PARIS)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lundi prochain à 14h30", datetime(2026, 6, 15, 14, 30)),
        ("le lundi suivant", datetime(2026, 6, 15, 9, 0)),
        ("dans 3 jours", datetime(2026, 6, 13, 10, 0)),
        ("demain soir", datetime(2026, 6, 11, 19, 0)),
        ("la semaine prochaine", datetime(2026, 6, 15, 9, 0)),
        ("el lunes que viene a las 10", datetime(2026, 6, 15, 10, 0)),
        ("el próximo lunes", datetime(2026, 6, 15, 9, 0)),
        ("mañana por la tarde", datetime(2026, 6, 11, 15, 0)),
        ("venerdì prossimo", datetime(2026, 6, 12, 9, 0)),
        ("il prossimo martedì alle 15", datetime(2026, 6, 16, 15, 0)),
        ("tra due ore", datetime(2026, 6, 10, 12, 0)),
        ("fra 3 giorni", datetime(2026, 6, 13, 10, 0)),
        ("in zwei Stunden", datetime(2026, 6, 10, 12, 0)),
        ("übermorgen um 8", datetime(2026, 6, 12, 8, 0)),
        ("nächsten Montag", datetime(2026, 6, 15, 9, 0)),
        ("через 2 часа", datetime(2026, 6, 10, 12, 0)),
        ("через два часа", datetime(2026, 6, 10, 12, 0)),
        ("в следующий понедельник", datetime(2026, 6, 15, 9, 0)),
        ("в следующую пятницу в 18:00", datetime(2026, 6, 12, 18, 0)),
        ("em duas horas", datetime(2026, 6, 10, 12, 0)),
        ("na próxima segunda", datetime(2026, 6, 15, 9, 0)),
        ("segunda que vem às 9", datetime(2026, 6, 15, 9, 0)),
    ],
)
def test_relative_forms(text: str, expected: datetime) -> None:
    when = parse_when(text, now=NOW, tz="Europe/Paris")
    assert when is not None, text
    assert when.start == expected.replace(tzinfo=PARIS)
    assert when.text == text  # the whole phrase, as written


@pytest.mark.parametrize(
    ("text", "span", "rest"),
    [
        (
            "rappelle-moi lundi prochain à 14h30 de payer le loyer",
            "lundi prochain à 14h30",
            "rappelle-moi de payer le loyer",
        ),
        (
            "recuérdame el lunes que viene a las 10 llamar al banco",
            "el lunes que viene a las 10",
            "recuérdame llamar al banco",
        ),
        (
            "erinnere mich nächsten Montag um 9 an Mama",
            "nächsten Montag um 9",
            "erinnere mich an Mama",
        ),
        (
            "ricordami venerdì prossimo alle 18 di chiamare",
            "venerdì prossimo alle 18",
            "ricordami di chiamare",
        ),
    ],
)
def test_the_span_leaves_the_item_clean(text: str, span: str, rest: str) -> None:
    when = parse_when(text, now=NOW, tz="Europe/Paris")
    assert when is not None
    assert when.text == span
    assert strip_span(text, when) == rest


def test_hours_are_on_the_24_hour_clock() -> None:
    when = parse_when("lundi prochain à 3h", now=NOW, tz="Europe/Paris")
    assert when is not None
    assert (when.start.day, when.start.hour) == (15, 3)


def test_a_foreign_number_word_is_only_a_number_before_a_unit() -> None:
    when = parse_when("the rent is due in 2 days", now=NOW, tz="Europe/Paris")
    assert when is not None
    assert when.text == "in 2 days"
