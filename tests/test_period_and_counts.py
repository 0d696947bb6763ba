"""Answers for days outside the narrative say so, and counts agree with their nouns."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from engine.formats.scenario_files import load_scenario
from engine.wording import counted, period_note
from tests.helpers import TINY, run, run_json

S = ("--scenario", str(TINY))
TINY_SCENARIO = load_scenario(TINY)
START, END = TINY_SCENARIO.start, TINY_SCENARIO.end


@pytest.mark.parametrize(
    ("count", "noun", "plural", "words"),
    [
        (1, "place", None, "1 place"),
        (0, "place", None, "0 places"),
        (12000, "event", None, "12,000 events"),
        (1, "sentence or line", "sentences or lines", "1 sentence or line"),
        (3, "sentence or line", "sentences or lines", "3 sentences or lines"),
    ],
)
def test_a_count_agrees_with_its_noun(
    count: int, noun: str, plural: str | None, words: str
) -> None:
    assert counted(count, noun, plural) == words


def test_a_day_within_the_period_needs_no_note() -> None:
    assert period_note(START, START, END) == period_note(END, START, END) == ""


def test_at_a_place_after_the_end_says_the_narrative_has_ended(
    capsys: pytest.CaptureFixture[str],
) -> None:
    later = (END + dt.timedelta(days=30)).isoformat()
    status, out, _ = run(capsys, "at", later, "--place", "lower_well", *S)
    assert status == 0
    assert f"The narrative ends on {END.isoformat()}" in out
    assert run_json(capsys, "at", later, "--place", "lower_well", *S)["note"].startswith(
        f"The narrative ends on {END.isoformat()}"
    )
    # What is answered is how it stood on the last day.
    last = run_json(capsys, "at", END.isoformat(), "--place", "lower_well", *S)
    after = run_json(capsys, "at", later, "--place", "lower_well", *S)
    assert {k: v for k, v in after.items() if k != "note"} == last


def test_at_every_place_before_the_start_says_nothing_has_happened_yet(
    capsys: pytest.CaptureFixture[str],
) -> None:
    earlier = (START - dt.timedelta(days=1)).isoformat()
    _, out, _ = run(capsys, "at", earlier, *S)
    assert out.splitlines()[1] == (
        f"The narrative begins on {START.isoformat()}: nothing it tells has happened yet."
    )
    assert "note" in run_json(capsys, "at", earlier, *S)
    assert "note" not in run_json(capsys, "at", START.isoformat(), *S)
    _, within, _ = run(capsys, "at", START.isoformat(), "--place", "lower_well", *S)
    assert "narrative" not in within


def test_diff_across_the_end_says_so_once(capsys: pytest.CaptureFixture[str]) -> None:
    after = (END + dt.timedelta(days=5)).isoformat()
    _, out, _ = run(capsys, "diff", START.isoformat(), after, *S)
    assert out.count("The narrative ends") == 1
    assert run_json(capsys, "diff", START.isoformat(), after, *S)["notes"]


def test_one_place_is_one_place(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "diff", START.isoformat(), START.isoformat(), *S)
    assert out.splitlines()[0] == "0 places changed"
    data = run_json(capsys, "diff", START.isoformat(), END.isoformat(), *S)
    _, out, _ = run(capsys, "diff", START.isoformat(), END.isoformat(), *S)
    assert out.splitlines()[0] == counted(len(data["changes"]), "place") + " changed"
    assert re.search(r"(?<![\d,])1 places", out) is None


def test_diff_begins_with_what_each_side_gained_and_lost(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, last = START.isoformat(), END.isoformat()
    data = run_json(capsys, "diff", first, last, *S)

    def ground(day: str) -> dict[str, int]:
        territory = run_json(capsys, "at", day, *S)["territory"]
        held = territory["coalitions"]
        return {**held, "unknown": territory["places"] - sum(held.values())}

    before, after = ground(first), ground(last)
    # Each side's net is what `at` counts of it on the second day less the first.
    expected = {s: after.get(s, 0) - before.get(s, 0) for s in before | after}
    assert {row["side"]: row["net"] for row in data["sides"]} == {
        s: n for s, n in expected.items() if n or s in {r["side"] for r in data["sides"]}
    }
    assert sum(row["gained"] for row in data["sides"]) == sum(
        row["lost"] for row in data["sides"]
    )
    _, out, _ = run(capsys, "diff", first, last, *S)
    assert out.splitlines()[1].split() == ["side", "gained", "lost", "net"]
