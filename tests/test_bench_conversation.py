"""The conversation benchmark's runner, on cases whose outcome does not depend on understanding."""

from __future__ import annotations

import json
from pathlib import Path

from bench.conversation import CASES, Case, figures, load, norm, rule_problems, run

LABELS = {"reminders", "tasks", "notes", "events", "time", "smalltalk", "help", "question"}
HELDOUT = Path(__file__).resolve().parent / "data" / "nlu_heldout.tsv"
NOW, TZ = "2026-12-07T10:00", "Europe/London"


def case(id: str, say: str, expect: dict[str, object], **extra: object) -> Case:
    raw = {"id": id, "domain": "tasks", "now": NOW, "tz": TZ, "say": say, "expect": expect}
    return Case.from_json({**raw, **extra})


async def test_three_cases_pass_fail_and_count_what_was_created() -> None:
    cases = [
        case(
            "done-by-number",
            "/done 1",
            {"tasks": ["Call the plumber."]},
            setup=["/task buy milk", "/task call the plumber"],
            about_existing=True,
        ),
        case(
            "recurring-reminder",
            "/remind every day 8:00 take vitamins",
            {
                "reminders": [
                    {"text": "take vitamins", "at": "2026-12-08T08:00", "rrule_has": ["FREQ=DAILY"]}
                ],
                "reply_contains": ["take vitamins"],
            },
            domain="reminders",
            tz="Europe/Berlin",
        ),
        case(
            "creates-instead",
            "/task buy bread",
            {"tasks": ["buy milk"], "reply_not_contains": ["Added"]},
            setup=["/task buy milk"],
            about_existing=True,
        ),
    ]
    outcomes = await run(cases, local_embeddings=False)
    assert [o.passed for o in outcomes] == [True, True, False]
    failed = outcomes[2]
    assert "unexpected task 'buy bread'" in failed.problems
    assert "created task 'buy bread'" in failed.problems
    result = figures(outcomes)
    assert result["per_domain"] == {
        "reminders": {"cases": 1, "passed": 1, "rate": 1.0},
        "tasks": {"cases": 2, "passed": 1, "rate": 0.5},
    }
    assert (result["about_existing"], result["created_from_existing"]) == (2, 1)
    json.dumps(result)


def test_texts_and_rules_compare_as_people_read_them() -> None:
    assert norm("  Buy   Milk. ") == "buy milk"
    assert rule_problems(["BYDAY=TH,MO"], "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=7") == []
    assert rule_problems(["BYDAY=MO"], "FREQ=WEEKLY;BYDAY=MO,TH") != []
    assert rule_problems(["UNTIL"], "RRULE:FREQ=DAILY;UNTIL=20270131T000000Z") == []
    assert rule_problems(["FREQ=DAILY"], None) == ["no recurrence (wanted FREQ=DAILY)"]


def test_the_shipped_sets_are_well_formed() -> None:
    cases = load(CASES)
    assert len(cases) >= 320
    assert len({c.id for c in cases}) == len(cases)
    assert sum(c.about_existing for c in cases) * 3 >= len(cases)
    lines = [
        line
        for line in HELDOUT.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(lines) >= 420
    assert {line.split("\t")[0] for line in lines} == LABELS
    assert all(len(line.split("\t")) == 2 and line.split("\t")[1].strip() for line in lines)
