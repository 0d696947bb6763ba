"""Implied holders: "took the town from X" gives X the town before, where nothing says so."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.cli.check import check
from engine.model.dates import When
from engine.model.events import ControlChanged, Provenance
from engine.model.log import Log
from engine.model.scenario import Scenario
from engine.model.world import World
from engine.replay.implied import Holding
from engine.replay.records import fold_records, holdings_found
from engine.replay.replayer import Replayer, fold, fold_stated, implied_holdings
from engine.testing import strategies
from engine.wording import display_names, implied_words
from tests.helpers import copy_tiny, run, run_json
from tests.tui_support import async_test, settle, text
from tui.app import build_app
from tui.panels import PlacePanel

ONE_DAY = dt.timedelta(days=1)

# ----------------------------------------------------------------------------- properties


@st.composite
def implying_scenarios(draw: st.DrawFn) -> tuple[World, Log]:
    """A generated world and log, with a few more control changes each "from" a faction drawn
    at random: most name a loser the replay does not have there, and so imply a holding."""
    world, log = draw(strategies.scenarios())
    places = sorted(world.places.place_ids)
    factions = sorted(f.id for f in world.factions)
    if not places or not factions:
        return world, log
    first = min((e.when.earliest for e in log), default=dt.date(2014, 4, 10))
    added = []
    for n in range(draw(st.integers(1, 4))):
        day = first + dt.timedelta(days=draw(st.integers(0, 40)))
        earliest = day - dt.timedelta(days=draw(st.sampled_from([0, 0, 3])))
        added.append(
            ControlChanged(
                id=f"implying{n}",
                when=When(earliest, day, "day" if earliest == day else "by"),
                provenance=Provenance("wikipedia", 0, 1, "0"),
                position=len(log) + n,
                places=(draw(st.sampled_from(places)),),
                controller=draw(st.sampled_from(factions)),
                previous=draw(st.sampled_from(factions)),
            )
        )
    return world, log.append(added)


def days_of(log: Log) -> list[dt.date]:
    """Every day from the first step of a log to two days after its last."""
    if not len(log):
        return []
    first = min(e.when.earliest for e in log)
    last = max(e.when.latest for e in log) + 2 * ONE_DAY
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def spans(holdings: list[Holding]) -> dict[str, list[tuple[dt.date, dt.date]]]:
    """Each place's implied holdings as (first day, last day)."""
    found: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for h in holdings:
        found.setdefault(h.place, []).append((h.start, h.end))
    return found


@given(implying_scenarios())
def test_the_records_find_the_holdings_the_reference_fold_finds(
    scenario: tuple[World, Log],
) -> None:
    world, log = scenario
    numbers = {p: n for n, p in enumerate(world.places.place_ids)}
    stated = fold_records(world, log, numbers)
    assert sorted(holdings_found(stated, world, log, numbers), key=repr) == sorted(
        implied_holdings(world, log), key=repr
    )


@given(implying_scenarios())
def test_the_replay_with_implied_holders_agrees_with_the_naive_fold(
    scenario: tuple[World, Log],
) -> None:
    world, log = scenario
    replayer = Replayer(world, log, checkpoint_every=3)
    for day in days_of(log):
        assert replayer.at(day) == fold(world, log, day)
        for place in world.places.place_ids:
            assert replayer.control_at(place, day) == fold(world, log, day).of(place)


@given(implying_scenarios())
def test_an_implied_holding_never_overrides_a_stated_change(scenario: tuple[World, Log]) -> None:
    world, log = scenario
    holdings = implied_holdings(world, log)
    for holding in holdings:
        # No stated event changes the place over the holding's days: it follows the last one.
        assert holding.start <= holding.end
        days = (holding.end - holding.start).days + 1
        behind = {
            fold_stated(world, log, holding.start + dt.timedelta(days=n)).of(holding.place).event
            for n in range(days)
        }
        assert len(behind) == 1
        event = log[holding.event]
        assert holding.end == event.when.latest - ONE_DAY
        assert getattr(event, "previous", None) == holding.holder
    by_place = spans(holdings)
    for day in days_of(log):
        final, stated = fold(world, log, day), fold_stated(world, log, day)
        for place in world.places.place_ids:
            inside = any(a <= day <= b for a, b in by_place.get(place, ()))
            control = final.of(place)
            if control.implied:
                assert inside
            if not inside:  # outside its holdings, a place has what the stated events give it
                before = stated.of(place)
                assert (control.controller, control.status) == (before.controller, before.status)


# ----------------------------------------------------------------------------- the seed


def test_the_seed_gives_al_busayrah_to_isis_until_the_rebels_take_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for place in ("al_busayrah", "al_busayrah_mound"):
        before = run_json(capsys, "at", "2014-04-30", "--place", place)
        assert (before["controller"], before["implied"], before["event"]) == ("isis", True, "e040")
        after = run_json(capsys, "at", "2014-05-01", "--place", place)
        assert (after["controller"], after["implied"], after["since"]) == (
            "opposition",
            False,
            "2014-05-01",
        )
    _, out, _ = run(capsys, "at", "2014-04-30", "--place", "al_busayrah")
    assert "isis (implied)" in out
    assert "implied: no event says so, but [e040] takes it from isis on 2014-05-01" in out
    assert "from the ISIS" in out  # the sentence that implies it


def test_the_seed_timeline_marks_the_implied_period(capsys: pytest.CaptureFixture[str]) -> None:
    periods = run_json(capsys, "timeline", "al_busayrah")["periods"]
    implied = [p for p in periods if p["implied"]]
    assert len(implied) == 1
    (period,) = implied
    # From the day after the rebels' background hold (e001, by 31 August 2013) to 30 April.
    assert (period["from"], period["to"], period["controller"]) == (
        "2013-09-01",
        "2014-04-30",
        "isis",
    )
    assert period["event"] == "e040"
    _, out, _ = run(capsys, "timeline", "al_busayrah")
    assert "2013-09-01 – 2014-04-30   isis (implied)   [e040, reportedly]" in out


def test_check_lists_the_seed_holdings_and_no_longer_calls_them_a_disagreement(
    default_scenario: Scenario,
) -> None:
    scenario = default_scenario
    report = check(scenario, Replayer(scenario.world, scenario.log))
    implied = [p.message for p in report.implied]
    for place in ("al_busayrah", "al_busayrah_mound"):
        assert any(f"isis held {place} from 2013-09-01" in m for m in implied)
    assert not any("al_busayrah" in p.message for p in report.disagreements)


def test_the_exports_say_which_periods_are_implied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "periods.csv"
    code, _, _ = run(capsys, "export", "csv", "-o", str(out))
    assert code == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["place"] == "al_busayrah"]
    implied = [row for row in rows if row["implied"] == "true"]
    assert [(row["faction"], row["event"]) for row in implied] == [("isis", "e040")]
    assert {row["implied"] for row in rows} == {"true", "false"}


@pytest.mark.usefixtures("tui_env")
@async_test
async def test_the_place_panel_says_how_an_implied_holder_is_known(
    default_scenario: Scenario,
) -> None:
    scenario = default_scenario
    app = build_app(scenario, dt.date(2014, 4, 30))
    app.animation_level = "none"
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot)
        screen.place = "al_busayrah"
        await pilot.pause()
        shown = " ".join(text(screen.query_one(PlacePanel)).split())
        assert "(implied)" in shown
        words = implied_words(scenario.log["e040"], display_names(scenario.world), brief=True)
        assert words in shown


# ----------------------------------------------------------------------------- invented cases

# Added to the tiny scenario: the Red Brigade holds the valley from early 2020 (t01, a region),
# the Blue Army takes Lower Well from it on 4 March (t04), besieges Middle Well 7–9 March (t06).
ADDED = """
[[event]]
id = "x01"
kind = "control"
date = "2020-03-11"
quote = "On 11 March, the Red Brigade retook Upper Well from the Blue Army."
places = ["upper_well"]
controller = "red"
previous = "blue"

[[event]]
id = "x02"
kind = "control"
date = "2020-03-10"
quote = "On 10 March, the Red Brigade took Lower Well from the Green Company."
places = ["lower_well"]
controller = "red"
previous = "green"

[[event]]
id = "x03"
kind = "control"
date = "2020-03-10"
quote = "On 10 March, the Green Company took Middle Well from the Blue Army."
places = ["middle_well"]
controller = "green"
previous = "blue"
"""


@pytest.fixture
def invented(tmp_path: Path) -> Path:
    folder = copy_tiny(tmp_path)
    events = folder / "events.toml"
    text_before, skipped = events.read_text(encoding="utf-8").split("[[skipped]]", 1)
    events.write_text(text_before + ADDED + "\n[[skipped]]" + skipped, encoding="utf-8")
    article = folder / "article.txt"
    quotes = re.findall(r'^quote = "(.*)"$', ADDED, flags=re.MULTILINE)
    article.write_text(article.read_text(encoding="utf-8") + " ".join(quotes) + "\n", "utf-8")
    return folder


def check_json(capsys: pytest.CaptureFixture[str], folder: Path) -> Any:
    """`check --json` of a scenario whose invented quotes are not in its article (exit 1)."""
    _, out, _ = run(capsys, "check", "--scenario", str(folder), "--json")
    return json.loads(out)


def test_a_holding_runs_from_the_day_after_the_last_change(
    capsys: pytest.CaptureFixture[str], invented: Path
) -> None:
    scenario = ["--scenario", str(invented)]
    # Upper Well: the Red Brigade's since the valley (t01, by 29 February); "retook ... from the
    # Blue Army" on 11 March gives it to the Blue Army from 1 March to 10 March.
    for day, holder, implied in (
        ("2020-02-29", "red", False),
        ("2020-03-01", "blue", True),
        ("2020-03-10", "blue", True),
        ("2020-03-11", "red", False),
    ):
        data = run_json(capsys, "at", day, "--place", "upper_well", *scenario)
        assert (data["controller"], data["implied"]) == (holder, implied), day
    after = run_json(capsys, "at", "2020-03-11", "--place", "upper_well", *scenario)
    assert after["since"] == "2020-03-11"  # retaken from the Blue Army: a new holding begins


def test_a_holding_after_a_stated_change_of_that_place_is_disputed(
    capsys: pytest.CaptureFixture[str], invented: Path
) -> None:
    report = check_json(capsys, invented)
    (lower,) = [p["message"] for p in report["implied"] if "lower_well" in p["message"]]
    assert "green held lower_well from 2020-03-05" in lower
    assert "to 2020-03-09" in lower
    assert "disputed by t04" in lower  # which gave it to the Blue Army on 4 March
    (upper,) = [p["message"] for p in report["implied"] if "upper_well" in p["message"]]
    assert "disputed" not in upper  # t01 speaks of the valley, not of Upper Well


def test_no_room_for_a_holding_keeps_both_events_and_check_says_so(
    capsys: pytest.CaptureFixture[str], invented: Path
) -> None:
    scenario = ["--scenario", str(invented)]
    # Middle Well: besieged by the Blue Army until 9 March (t06), taken "from the Blue Army" on
    # 10 March: no day between for the Blue Army to have held it.
    data = run_json(capsys, "at", "2020-03-09", "--place", "middle_well", *scenario)
    assert (data["controller"], data["implied"]) == ("red", False)
    report = check_json(capsys, invented)
    (middle,) = [p["message"] for p in report["disagreements"] if "middle_well" in p["message"]]
    assert "no day lies between" in middle
    assert "disputed by t06" in middle
    assert not any("middle_well" in p["message"] for p in report["implied"])
