"""`frontline check` at scale: the lines of uncovered sentences, and places found near each other
without measuring every pair (a war of 100,000 places). Timing is measured by
benchmarks/check.py, not here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.cli import check
from engine.model.places import Place, distance_km
from engine.testing.synth import synthesize
from tests.helpers import copy_tiny, run


def test_uncovered_sentences_are_reported_at_their_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = copy_tiny(tmp_path)
    article = folder / "article.txt"
    text = article.read_text(encoding="utf-8")
    assert text.endswith("\n")
    first = text.count("\n") + 1  # the number of the first line added
    added: list[str] = []
    expected: list[int] = []
    for k in range(900):
        if k % 4 == 3:
            added.append("")  # a blank line between paragraphs
            continue
        on_line = 1 + k % 3  # one to three dated sentences on a line
        added.append(
            " ".join(
                f"On {1 + (k + j) % 28} April 2020, the Blue Army shelled post {k}x{j}."
                for j in range(on_line)
            )
        )
        expected += [first + k] * on_line
    article.write_text(text + "\n".join(added), encoding="utf-8")  # the last without its newline
    status, out, _err = run(capsys, "check", "--scenario", str(folder), "--json")
    assert status == 1
    problems = [p for p in json.loads(out)["problems"] if "has no event" in p["message"]]
    assert [p["where"] for p in problems] == [f"source article, line {n}" for n in expected]
    assert "'On 1 April 2020, the Blue Army shelled post 0x0.'" in problems[0]["message"]


def test_doubts_do_not_measure_every_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = synthesize(2000, 4000, 365, 3)
    measured = 0

    def counted(a: Place, b: Place) -> float:
        nonlocal measured
        measured += 1
        return distance_km(a, b)

    monkeypatch.setattr(check, "distance_km", counted)
    check.place_doubts(scenario)
    named = {t for e in scenario.log for t in e.places}
    assert len(named) > 1500
    assert measured < 10 * len(named)  # every pair would be over a million


_POINTS = st.lists(st.tuples(st.floats(-90, 90), st.floats(-180, 180)), min_size=1, max_size=40)


@given(
    centres=_POINTS,
    # Offsets of a few km to put places near each other, and near the limit of `km`.
    offsets=st.lists(st.tuples(st.floats(-0.05, 0.05), st.floats(-0.05, 0.05)), max_size=40),
    km=st.sampled_from([0.5, 5.0, 150.0, 3000.0, 25000.0]),
)
def test_places_within_a_distance_are_those_measured_so(
    centres: list[tuple[float, float]], offsets: list[tuple[float, float]], km: float
) -> None:
    points = centres + [
        (max(-90.0, min(90.0, centres[0][0] + dlat)), centres[0][1] + dlon)
        for dlat, dlon in offsets
    ]
    places = [Place(f"p{i}", f"P{i}", "village", lat, lon) for i, (lat, lon) in enumerate(points)]
    near = check._Near(places, km)
    for place in places:
        found = sorted(near.within(place))
        assert found == [i for i, other in enumerate(places) if distance_km(place, other) <= km]
