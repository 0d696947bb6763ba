"""Scenario text is untrusted: every widget that shows it shows it literally, never as markup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine.formats.scenario_files import load_scenario
from tests.helpers import copy_tiny
from tests.tui_support import async_test, settle, submit, text
from tui.app import PlaceAndDateCommands, build_app
from tui.chart import LABEL_WIDTH, TerritoryChart
from tui.mapview import MapView
from tui.panels import EventDetail, EventList, Legend, PlacePanel, TopBar

pytestmark = pytest.mark.usefixtures("tui_env")

# Each would vanish, style, link or crash if it were read as markup.
LOWER = "[link=http://x]y[/link]"  # a place
MIDDLE = "a [b [c] d]"  # a place
UPPER = "[sic]"  # a place (the fort), and who says so
RED = "[/"  # a faction (a lone "[/" crashes a markup parser)
BLUE = "[bold]x[/bold]"  # a faction
TITLE = "[bold]x[/bold] war [/"


def _replace(path: Path, pairs: list[tuple[str, str]]) -> None:
    content = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in content, f"fixture {path.name} no longer has {old!r}"
        content = content.replace(old, new)
    path.write_text(content, encoding="utf-8")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The tiny scenario with markup in its names and quotes (quotes still verbatim)."""
    folder = copy_tiny(tmp_path)
    in_text = [("Lower Well", LOWER), ("Middle Well", MIDDLE), ("a local source", UPPER)]
    _replace(folder / "article.txt", in_text)  # the quotes must stay verbatim in the article
    _replace(folder / "events.toml", in_text)
    _replace(folder / "places.tsv", [("\tUpper Well fort\t", f"\t{UPPER}\t"), *in_text[:2]])
    _replace(folder / "factions.toml", [("Red Brigade", RED), ("Blue Army", BLUE)])
    _replace(folder / "scenario.toml", [("Battle of the Three Wells (test fixture)", TITLE)])
    assert load_scenario(folder).world.places.place("lower_well").name == LOWER
    return folder


@async_test
async def test_every_widget_shows_scenario_text_literally(hostile: Path) -> None:
    app = build_app(hostile, dt.date(2020, 3, 3))
    async with app.run_test(size=(180, 50)) as pilot:
        screen = await settle(pilot)
        assert screen.place == "lower_well"  # the place most events name
        assert TITLE in text(screen.query_one(TopBar))
        map_text = text(screen.query_one(MapView))
        for name in (LOWER, MIDDLE, UPPER):
            assert name in map_text
        legend = text(screen.query_one(Legend))
        assert f"■ B {BLUE} 1" in legend
        assert f"■ R {RED} 3" in legend
        chart = text(screen.query_one(TerritoryChart))
        assert f"R {RED}" in chart
        assert f"B {BLUE}"[: LABEL_WIDTH - 1] in chart  # cut to the label column, not parsed
        events = text(screen.query_one(EventList))
        assert f"{LOWER}: contested by {BLUE}, {RED} ~ reportedly" in events
        sentence = text(screen.query_one(EventDetail))
        assert f"On 3 March 2020, the Blue Army reportedly took parts of {LOWER}." in sentence
        assert f"factions: {BLUE}, {RED}" in sentence
        place = text(screen.query_one(PlacePanel))
        assert f"{LOWER} (town, South district)" in place
        assert f"{RED} (contested by {BLUE})" in place

        await pilot.press("g")
        await submit(pilot, "10 March")  # the casualty report, attributed to "[sic]"
        sentence = text(screen.query_one(EventDetail))
        assert f"~ {UPPER}" not in sentence  # no hedging word: the attribution alone
        assert f"says {UPPER}" in sentence
        assert f"according to {UPPER}." in sentence
        assert f"says {UPPER}" in text(screen.query_one(EventList))

        await pilot.press("g")
        await submit(pilot, "9 March")  # the siege of Middle Well ("From 7 to 9 March")
        assert f"{MIDDLE}: besieged by {BLUE}" in text(screen.query_one(EventList))
        assert f"imposed a siege on {MIDDLE}." in text(screen.query_one(EventDetail))

        await pilot.press("slash", "left_square_bracket")  # find by a name with a bracket
        results = text(app.screen.query_one("#place-results"))
        for name in (LOWER, MIDDLE, UPPER):
            assert name in results
        await pilot.press("escape")

        provider = PlaceAndDateCommands(screen)
        hits = [hit async for hit in provider.search("[")]
        assert any(LOWER in str(hit.prompt) for hit in hits)
