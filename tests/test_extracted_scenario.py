"""A scenario extracted from an article about another war: its folder carries what its map
needs and loads anywhere, every command answers on it, `check` says what it doubts, and the
terminal UI frames it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tomllib
from pathlib import Path

import pytest

from engine.cli.check import place_doubts
from engine.cli.main import main
from engine.formats.scenario_files import load_scenario
from engine.model.scenario import Scenario
from tests.helpers import run, run_json
from tests.tui_support import async_test, map_marker, settle, submit, text
from tui.app import build_app
from tui.dialogs import FindPlace
from tui.mapview import MapView
from tui.panels import Legend, PlacePanel

# Points of the gazetteer's files (gazetteer/world/iraq/localities.tsv).
TIKRIT = (34.61581, 43.67861)
SAMARRA = (34.19473, 43.88895)


def test_the_folder_carries_its_map_and_its_sources(iraqi_folder: Path) -> None:
    names = {p.name for p in iraqi_folder.iterdir()}
    assert {
        "scenario.toml", "events.toml", "factions.toml", "places.toml", "places.tsv",
        "admin.tsv", "boundaries.geojson", "lines.geojson", "ATTRIBUTION.txt",
        "salahuddin_2015.txt",
    } <= names  # fmt: skip
    config = tomllib.loads((iraqi_folder / "scenario.toml").read_text(encoding="utf-8"))
    assert config["gazetteer"] == {
        "places": ["places.tsv"], "admin": "admin.tsv", "boundaries": "boundaries.geojson",
        "lines": "lines.geojson",
    }  # fmt: skip
    attribution = (iraqi_folder / "ATTRIBUTION.txt").read_text(encoding="utf-8")
    assert "Who's On First" in attribution
    assert "GeoNames" in attribution


def test_it_loads_from_another_folder_with_no_deir_ez_zor_in_it(
    iraqi_folder: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "elsewhere"
    shutil.copytree(iraqi_folder, copy)
    scenario = load_scenario(copy)
    places = {p.id: p for p in scenario.world.places.places}
    assert (places["tikrit_90150"].lat, places["tikrit_90150"].lon) == TIKRIT
    assert (places["samarra"].lat, places["samarra"].lon) == SAMARRA
    assert {"balad", "baiji", "ad_dawr"} <= set(places)
    assert not {"mayadin", "abu_kamal", "deir_ez_zor"} & set(places)
    assert all(p.country == "iraq" for p in places.values())
    governorate = scenario.world.places.regions["salah_ad_din_governorate"]
    assert governorate.kind == "governorate"
    assert "tikrit_90150" in governorate.members
    assert "salah_ad_din_governorate" in scenario.outlines
    # The Tigris, the Tharthar's shore, and (with Mosul's fall in 2014 on the map) the border.
    assert {layer for layer, _points in scenario.lines} == {"river", "coast", "border"}


def test_every_command_answers_on_it(
    iraqi_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(iraqi_folder)
    control = run_json(capsys, "at", "2015-03-12", "--place", "Tikrit", "--scenario", folder)
    assert control["place"] == "tikrit_90150"
    assert control["status"] == "contested"
    status, out, err = run(capsys, "timeline", "al-Dour", "--scenario", folder)
    assert (status, err) == (0, "")
    assert out.startswith("Ad Dawr (ad_dawr)\n")
    assert "2015-03-04" in out
    status, out, _err = run(capsys, "check", "--scenario", folder)
    assert status == 0
    assert out.rstrip().endswith("ok")


def test_check_doubts_what_the_draft_could_not_know(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "report.txt"
    article.write_text(
        "Salahuddin (2015)\n\nOn 1 May 2015, ISIL captured Tikrit and Samarra. On 2 May 2015, ISIL "
        "captured Qwertyville and the central prison in Tikrit. On 3 May 2015, ISIL captured "
        "Kwertyville. On 4 May 2015, ISIL captured Al-Qaim.\n",
        encoding="utf-8",
    )
    folder = tmp_path / "draft"
    assert main(["extract", str(article), "-o", str(folder)]) == 0
    capsys.readouterr()
    doubts = {p.where: p.message for p in place_doubts(load_scenario(folder))}
    (far,) = [w for w, m in doubts.items() if "from every other place" in m]
    assert far.startswith("place al_qaim")  # 350 km from the others
    assert "the sources never name Iraq" in doubts["country iraq"]
    (prison,) = [w for w, m in doubts.items() if "at the very point of the city Tikrit" in m]
    assert prison.startswith("place central_prison")
    # The extractor already writes two spellings of a name it lacks as one place.
    draft = load_scenario(folder)
    (kwerty,) = [r for r in draft.world.places.regions.values() if r.name == "Qwertyville"]
    assert kwerty.aliases == ("Kwertyville",)
    report = run_json(capsys, "check", "--scenario", str(folder))
    assert len(report["doubts"]) == len(doubts)


# ------------------------------------------------------------------------- terminal UI

pytestmark_tui = pytest.mark.usefixtures("tui_env")


@pytestmark_tui
@async_test
async def test_the_map_frames_the_scenario(iraqi_scenario: Scenario) -> None:
    app = build_app(iraqi_scenario, None)
    app.animation_level = "none"
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot)
        view = screen.query_one(MapView)
        for place in ("tikrit_90150", "samarra", "balad", "baiji"):
            assert view.cell_of(place) is not None, f"{place} is off the map"
        assert map_marker(view, "samarra").startswith("◉")
        legend = text(screen.query_one(Legend))
        # The palaces "in central Tikrit" stand at Tikrit; the villages around Albu Ajil are
        # nowhere the text says.
        assert view.cell_of("presidential_palaces") == view.cell_of("tikrit_90150")
        assert "not on the map 1 (the villages around it" in legend
        # A place without coordinates is found, and its panel says what the text says of it.
        await pilot.press("slash")
        assert isinstance(app.screen, FindPlace)
        await submit(pilot, "villages around")
        panel = text(screen.query_one(PlacePanel))
        assert "the villages around it (village): not on the map" in panel
        assert "government troops retook Albu Ajil and the villages around it" in panel


def test_its_first_frame_snapshot(snap_compare, iraqi_scenario: Scenario, tui_env: None) -> None:
    app = build_app(iraqi_scenario, None)
    app.animation_level = "none"

    async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=loaded)


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
def test_its_territory_snapshot(
    snap_compare, iraqi_scenario: Scenario, tui_env: None, size: tuple[int, int]
) -> None:
    """10 March 2015 (Baiji besieged): the ground of the few places anyone is known to hold."""
    app = build_app(iraqi_scenario, dt.date(2015, 3, 10))
    app.animation_level = "none"

    async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=loaded)


def test_the_jsonl_names_each_place_three_ways(capsys: pytest.CaptureFixture[str]) -> None:
    article = Path(__file__).parent / "fixtures" / "articles" / "salahuddin_2015.txt"
    assert main(["extract", str(article), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    dour = next(r for r in records if r["place"] == "al-Dour")
    assert (dour["place_id"], dour["place_name"]) == ("ad_dawr", "Ad Dawr")
    assert (dour["lat"], dour["lon"]) == (34.45597, 43.79341)


def test_check_doubts_two_spellings_of_a_gazetteer_place(default_scenario: Scenario) -> None:
    doubts = {p.where: p.message for p in place_doubts(default_scenario)}
    # GeoNames has three At Tabiyah near Khasham (the gazetteer's README lists them as doubtful).
    assert doubts["places at_tabiyah, at_tabiyah_172356"] == (
        "'At-Tabiyah' and 'At Tabiyah' may be one place spelt two ways"
    )
