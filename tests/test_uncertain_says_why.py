"""An uncertain control names the events dated by a range that may already have changed it."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.cli.main import UNCERTAIN_HINT
from engine.formats.scenario_files import load_scenario
from engine.replay.replayer import Replayer
from engine.wording import uncertain_words
from tests.helpers import run, run_json
from tests.tui_support import async_test, settle, text
from tui.app import build_app
from tui.panels import PlacePanel

SCENARIO = load_scenario()
REPLAYER = Replayer(SCENARIO.world, SCENARIO.log)


def uncertain_cases(limit: int = 3) -> list[tuple[str, str]]:
    """(place, day) pairs at which a place's control is uncertain, from the replay itself."""
    found = []
    for place in SCENARIO.world.places.place_ids:
        for period in REPLAYER.timeline(place):
            start = period.start
            if period.control.pending and start and SCENARIO.start <= start <= SCENARIO.end:
                found.append((place, start.isoformat()))
                break
        if len(found) == limit:
            break
    return found


@pytest.mark.parametrize(("place", "day"), uncertain_cases())
def test_at_a_place_names_what_makes_it_uncertain(
    capsys: pytest.CaptureFixture[str], place: str, day: str
) -> None:
    data = run_json(capsys, "at", day, "--place", place)
    assert data["uncertain"]
    assert data["pending"]
    _, out, _ = run(capsys, "at", day, "--place", place)
    for event_id in data["pending"]:
        event = SCENARIO.log[event_id]
        assert (
            f"uncertain: [{event.id}, {event.kind}], dated {event.when.earliest.isoformat()} to "
            f"{event.when.latest.isoformat()}"
        ) in out
        first_words = " ".join(event.provenance.quote.split()[:4])
        assert first_words in " ".join(out.split())


@pytest.mark.parametrize(("place", "day"), uncertain_cases(1))
def test_a_timeline_says_why_each_uncertain_period_is(
    capsys: pytest.CaptureFixture[str], place: str, day: str
) -> None:
    _, out, _ = run(capsys, "timeline", place)
    uncertain_periods = [p for p in REPLAYER.timeline(place) if p.control.pending]
    assert out.count("uncertain: [") == sum(len(p.control.pending) for p in uncertain_periods)


def test_every_place_at_a_date_says_what_uncertain_means(
    capsys: pytest.CaptureFixture[str],
) -> None:
    (_place, day), *_ = uncertain_cases(1)
    _, out, _ = run(capsys, "at", day)
    assert "(uncertain)" in out
    assert out.rstrip().splitlines()[-1] == UNCERTAIN_HINT


@pytest.mark.usefixtures("tui_env")
@async_test
async def test_the_place_panel_names_what_makes_it_uncertain() -> None:
    (place, day), *_ = uncertain_cases(1)
    app = build_app(SCENARIO, dt.date.fromisoformat(day))
    app.animation_level = "none"
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot)
        screen.place = place
        await pilot.pause()
        shown = " ".join(text(screen.query_one(PlacePanel)).split())  # as wrapped, unwrapped
        pending = sorted(screen.day_view.state.of(place).pending)
        assert pending
        assert uncertain_words(SCENARIO.log[pending[0]], brief=True) in shown
