"""`frontline front` and the share of ground in `check`, as a user drives them."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from engine.formats.scenario_files import load_scenario
from engine.replay.replayer import Replayer
from tests.helpers import run, run_json

DAY = dt.date(2014, 7, 3)


@pytest.fixture(scope="module")
def replay() -> Replayer:
    scenario = load_scenario(None)
    return Replayer(scenario.world, scenario.log)


def _side(replay: Replayer, place: str, day: dt.date) -> str | None:
    state = replay.at(day)
    controller = state.of(place).controller
    factions = replay.world.factions
    return None if controller is None else factions.side_of(controller, state.allegiance)


def test_the_ground_of_each_side_counts_its_places(
    capsys: pytest.CaptureFixture[str], replay: Replayer
) -> None:
    data = run_json(capsys, "front", DAY.isoformat())
    by_side = {g["side"]: g["places"] for g in data["ground"]}
    held = replay.territory(replay.at(DAY), by_side=True)
    places = list(replay.world.places.places)
    assert {s: n for s, n in by_side.items() if s is not None} == dict(held)
    assert by_side[None] == len(places) - sum(held.values())
    assert all(g["km2"] > 0 for g in data["ground"])


def test_the_front_runs_between_places_of_hostile_sides(
    capsys: pytest.CaptureFixture[str], replay: Replayer
) -> None:
    data = run_json(capsys, "front", DAY.isoformat())
    segments = data["front"]["segments"]
    assert data["front"]["km"] == pytest.approx(sum(s["km"] for s in segments), abs=0.05)
    for segment in data["front"]["segments"]:
        sides = Counter(_side(replay, p, DAY) for p in segment["places"])
        assert None not in sides
        assert len(sides) >= 2  # a front has two sides at least
        assert set(segment["sides"]) == set(sides)


def test_the_government_enclave_of_deir_ez_zor_is_a_pocket(
    capsys: pytest.CaptureFixture[str], replay: Replayer
) -> None:
    # By July ISIS held the province but for the government's city quarters and airport.
    data = run_json(capsys, "front", DAY.isoformat())
    government = {
        p.id for p in replay.world.places.places if _side(replay, p.id, DAY) == "government"
    }
    assert "deir_ez_zor_airport" in government
    pocketed = {p for pocket in data["pockets"] if pocket["side"] == "government"
                for p in pocket["places"]}
    assert pocketed == government
    for pocket in data["pockets"]:
        assert pocket["side"] not in pocket["surrounded_by"]
    for place in data["encircled"]:
        assert _side(replay, place, DAY) is not None


def test_gains_and_losses_between_two_days(
    capsys: pytest.CaptureFixture[str], replay: Replayer
) -> None:
    before, after = dt.date(2014, 4, 10), dt.date(2014, 7, 17)
    data = run_json(capsys, "front", before.isoformat(), after.isoformat())
    assert (data["from"], data["to"]) == (before.isoformat(), after.isoformat())
    gained: dict[str, set[str]] = {}
    lost: dict[str, set[str]] = {}
    for change in replay.changes_between(before, after):
        old, new = _side(replay, change.place, before), _side(replay, change.place, after)
        if old != new:
            if new is not None:
                gained.setdefault(new, set()).add(change.place)
            if old is not None:
                lost.setdefault(old, set()).add(change.place)
    rows = {r["side"]: r for r in data["sides"]}
    assert set(rows) == set(gained) | set(lost)
    for side, row in rows.items():
        assert set(row["gained"]) == gained.get(side, set())
        assert set(row["lost"]) == lost.get(side, set())
        assert row["net_km2"] == pytest.approx(row["gained_km2"] - row["lost_km2"], abs=0.2)
    assert rows["isis"]["net_km2"] > 0  # the offensive's winner


def test_front_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "front", "3 July 2014")
    assert status == 0
    assert out.startswith("Deir ez-Zor offensive")
    for heading in ("Front:", "Pockets:", "Encircled places:"):
        assert heading in out
    status, out, _ = run(capsys, "front", "2014-04-10", "2014-07-17")
    assert status == 0
    assert "isis gained" in out


def test_a_bad_date_is_one_message(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "front", "31 June 2014")
    assert (status, out) == (2, "")
    assert err.count("frontline: error:") == 1
    assert "Traceback" not in err


def test_check_gives_each_claim_by_places_and_by_ground(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "check")
    assert data["assertions"]
    for claim in data["assertions"]:
        low, high = claim["claimed"]
        assert claim["replay_area"] == pytest.approx(
            claim["held_km2"] / claim["total_km2"], abs=1e-3
        )
        measures = [
            m
            for m, share in (("places", claim["replay"]), ("area", claim["replay_area"]))
            if low <= share <= high
        ]
        assert claim["agrees_by"] == measures
        assert claim["agrees"] == bool(measures)
