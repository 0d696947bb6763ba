"""SVG snapshots of the whole screen (pytest-textual-snapshot; textual is pinned to their version).

After a deliberate change of the screen: `pytest tests/test_tui_snapshots.py --snapshot-update`,
then look at every changed SVG before committing it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.pilot import Pilot

from engine.model.scenario import Scenario
from tests.tui_support import settle, submit
from tui.app import FrontlineApp, build_app

pytestmark = pytest.mark.usefixtures("tui_env")

SIZE = (120, 36)


def _app(scenario: Scenario, at: dt.date | None = None) -> FrontlineApp:
    app = build_app(scenario, at)  # the default theme, textual-dark
    app.animation_level = "none"
    return app


async def _loaded(pilot: Pilot[None]) -> None:
    await settle(pilot)


def test_first_day(snap_compare, default_scenario: Scenario) -> None:
    assert snap_compare(_app(default_scenario), terminal_size=SIZE, run_before=_loaded)


def test_after_steps(snap_compare, default_scenario: Scenario) -> None:
    """Two days with events further on (12 April is reached by ] twice from 10 April)."""
    keys = ["right", "right_square_bracket", "left", "right_square_bracket"]
    assert snap_compare(_app(default_scenario), press=keys, terminal_size=SIZE, run_before=_loaded)


def test_go_to_date(snap_compare, default_scenario: Scenario) -> None:
    async def go(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("g")
        await submit(pilot, "3 July")

    assert snap_compare(_app(default_scenario), terminal_size=SIZE, run_before=go)


def test_80x24(snap_compare, default_scenario: Scenario) -> None:
    app = _app(default_scenario, dt.date(2014, 7, 1))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_loaded)


def test_territory_160x48(snap_compare, default_scenario: Scenario) -> None:
    """The ground of each side, contested ground hatched, the front and the pockets; km² in the
    chart (the day ISIS took Abu Kamal)."""
    app = _app(default_scenario, dt.date(2014, 7, 1))
    assert snap_compare(app, press=["a"], terminal_size=(160, 48), run_before=_loaded)


def test_territory_by_pattern_80x24(snap_compare, default_scenario: Scenario) -> None:
    """The `c` mode: each side's ground in its own pattern, and the legend saying which."""
    app = _app(default_scenario, dt.date(2014, 7, 1))
    assert snap_compare(app, press=["c"], terminal_size=(80, 24), run_before=_loaded)
