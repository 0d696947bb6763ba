"""A journalist's own wire report, end to end: `frontline extract REPORT -o DIR` as they would run
it, then what they expect of the draft, asked of the commands and seen in the terminal UI.

Every expected value is worked out by hand from tests/fixtures/articles/wire_report_2019.txt,
never copied from the extractor's output. Its dateline, "BEIRUT, March 12, 2019 (Wire) —", is a
Tuesday, so its weekdays are the days just before it:

    "on Saturday"     Maarrat Hurmah reportedly taken; "Since Saturday" Kafr Zita besieged  9 March
    "late Sunday"     HTS withdrew from Hamamiyat                                         10 March
    "on Monday"       the army captured Kafr Nabudah                                      11 March
    "On Tuesday"      fighting in the eastern neighbourhoods of Khan Shaykhun             12 March

The places are the gazetteer's (`frontline gazetteer find NAME --near "Kafr Nabudah"`).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from engine.cli.main import main
from engine.formats.scenario_files import load_scenario
from engine.model.events import Contested, ControlChanged, Event, Hedging, Incident, SiegeBegan
from engine.model.scenario import Scenario
from tests.helpers import run, run_json
from tests.tui_support import async_test, map_cell, map_marker, settle, submit, text
from tui.app import FrontlineApp, build_app
from tui.dialogs import FindPlace
from tui.mapview import MapView
from tui.panels import EventDetail, EventList, Legend, PlacePanel, TopBar

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "wire_report_2019.txt"

SATURDAY, SUNDAY, MONDAY, TUESDAY = (dt.date(2019, 3, day) for day in (9, 10, 11, 12))

KAFR_NABUDAH = "kafr_nabudah"  # village, As-Saqlabiyah district, Hama
HAMAMIYAT = "hamamiyat_173847"  # village, Muhradah district, Hama (not the Baghdad one)
KAFR_ZITA = "kafr_zita"  # town, Muhradah district, Hama
MAARRAT_HURMAH = "maarrat_hurmah"  # village, Ma'arrat an-Nu'man district, Idlib
KHAN_SHAYKHUN = "khan_shaykhun"  # town, Ma'arrat an-Nu'man district, Idlib
NAMED = {KAFR_NABUDAH, HAMAMIYAT, KAFR_ZITA, MAARRAT_HURMAH, KHAN_SHAYKHUN}

# The sentences as the report writes them, brackets and all.
CAPTURE = (
    "Syrian government forces captured the village of Kafr Nabudah[1] in northern Hama province "
    "on Monday"
)
WITHDRAWAL = "Hayat Tahrir al-Sham [HTS] fighters withdrew from Hamamiyat late Sunday"
WITHDRAWAL_PARAGRAPH = (
    f'{WITHDRAWAL} "to spare [its] families another night of shelling," a commander of the group '
    "told the agency."
)
HEDGED = "Army units also reportedly took the village of Maarrat Hurmah on Saturday"

pytestmark = pytest.mark.usefixtures("tui_env")


@pytest.fixture(scope="module")
def wire_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report extracted as a user does it: `frontline extract REPORT -o DIR`."""
    folder = tmp_path_factory.mktemp("wire") / "report"
    assert main(["extract", str(ARTICLE), "-o", str(folder)]) == 0
    return folder


@pytest.fixture(scope="module")
def wire_scenario(wire_folder: Path) -> Scenario:
    return load_scenario(wire_folder)


def _event(scenario: Scenario, words: str) -> Event:
    """The one event whose quote has these words of the report."""
    found = [e for e in scenario.log if words in e.provenance.quote]
    assert len(found) == 1, f"{len(found)} events quote {words!r}"
    return found[0]


def _at(
    capsys: pytest.CaptureFixture[str], folder: Path, day: dt.date, place: str
) -> dict[str, Any]:
    """`frontline at DAY --place PLACE --json` on the draft."""
    answer: dict[str, Any] = run_json(
        capsys, "at", day.isoformat(), "--place", place, "--scenario", str(folder)
    )
    assert answer["place"] == place
    return answer


def _app(scenario: Scenario, at: dt.date | None = None) -> FrontlineApp:
    app = build_app(scenario, at)
    app.animation_level = "none"
    return app


# ------------------------------------------------------------------------------ the draft


def test_the_draft_passes_check(
    wire_folder: Path, wire_scenario: Scenario, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "check", "--scenario", str(wire_folder))
    assert (status, err) == (0, "")
    assert out.rstrip().endswith("ok")
    # HTS withdrew from Hamamiyat, so it held it before; nothing else says since when: the replay
    # carries it as implied from the report's first day, and check lists it as such.
    withdrawal = _event(wire_scenario, "withdrew from Hamamiyat")
    report = run_json(capsys, "check", "--scenario", str(wire_folder))
    assert any(
        d["where"] == f"event {withdrawal.id}"
        and "hts" in d["message"]
        and HAMAMIYAT in d["message"]
        for d in report["implied"]
    )


def test_the_weekdays_are_the_days_before_the_dateline(wire_scenario: Scenario) -> None:
    assert (wire_scenario.start, wire_scenario.end) == (SATURDAY, TUESDAY)
    for words, day in (
        ("captured the village of Kafr Nabudah", MONDAY),
        ("withdrew from Hamamiyat late Sunday", SUNDAY),
        ("took the village of Maarrat Hurmah on Saturday", SATURDAY),
        ("fighting raged in the eastern neighbourhoods of Khan Shaykhun", TUESDAY),
    ):
        when = _event(wire_scenario, words).when
        assert (when.earliest, when.latest) == (day, day), words
    # "Since Saturday, government troops have besieged Kafr Zita": it began on Saturday.
    assert _event(wire_scenario, "besieged Kafr Zita").when.earliest == SATURDAY


def test_each_statement_of_control_is_read(wire_scenario: Scenario) -> None:
    capture = _event(wire_scenario, "captured the village of Kafr Nabudah")
    assert isinstance(capture, ControlChanged)
    assert (capture.places, capture.controller) == ((KAFR_NABUDAH,), "government")
    assert capture.provenance.quote == CAPTURE  # the footnote mark kept as written
    assert capture.provenance.attribution == "a war monitor"
    withdrawal = _event(wire_scenario, "withdrew from Hamamiyat")
    assert isinstance(withdrawal, ControlChanged)
    assert (withdrawal.places, withdrawal.previous) == ((HAMAMIYAT,), "hts")
    assert withdrawal.controller != "hts"
    siege = _event(wire_scenario, "besieged Kafr Zita")
    assert isinstance(siege, SiegeBegan)
    assert (siege.places, siege.by) == ((KAFR_ZITA,), "government")
    hedged = _event(wire_scenario, "took the village of Maarrat Hurmah")
    assert isinstance(hedged, ControlChanged)
    assert (hedged.places, hedged.controller) == ((MAARRAT_HURMAH,), "government")
    assert hedged.provenance.hedging is Hedging.REPORTEDLY
    assert capture.provenance.hedging is Hedging.STATED


def test_kafr_nabudah_is_the_armys_from_monday_and_not_before(
    wire_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for day in (SATURDAY, SUNDAY):
        assert _at(capsys, wire_folder, day, KAFR_NABUDAH)["controller"] != "government"
    for day in (MONDAY, TUESDAY):
        held = _at(capsys, wire_folder, day, KAFR_NABUDAH)
        assert (held["controller"], held["status"], held["since"]) == (
            "government", "held", MONDAY.isoformat()
        )  # fmt: skip
        assert held["hedging"] == "stated"


def test_hts_no_longer_holds_hamamiyat_from_late_sunday(
    wire_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _at(capsys, wire_folder, SATURDAY, HAMAMIYAT)
    assert before["controller"] != "government"  # nobody says the army had it on Saturday
    for day in (SUNDAY, MONDAY, TUESDAY):
        after = _at(capsys, wire_folder, day, HAMAMIYAT)
        assert after["controller"] not in {"hts", "opposition"}
        assert after["since"] == SUNDAY.isoformat()


def test_kafr_zita_is_besieged_by_the_army_on_tuesday(
    wire_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    besieged = _at(capsys, wire_folder, TUESDAY, KAFR_ZITA)
    assert besieged["status"] == "besieged"
    assert besieged["controller"] != "government"  # besieged by it, not held by it


def test_kafr_zita_is_besieged_since_saturday(
    wire_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for day in (SATURDAY, SUNDAY, MONDAY):
        assert _at(capsys, wire_folder, day, KAFR_ZITA)["status"] == "besieged", day


def test_the_hedged_claim_stays_hedged(
    wire_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = _at(capsys, wire_folder, SATURDAY, MAARRAT_HURMAH)
    assert (taken["controller"], taken["since"]) == ("government", SATURDAY.isoformat())
    assert taken["hedging"] == "reportedly"
    assert taken["quote"] == HEDGED


def test_fighting_in_khan_shaykhun_is_an_incident_not_a_change_of_control(
    wire_folder: Path, wire_scenario: Scenario, capsys: pytest.CaptureFixture[str]
) -> None:
    # "fighting raged in the eastern neighbourhoods of Khan Shaykhun" says nobody took any of
    # it: a fight there on Tuesday, and its control what it was.
    fights = [
        e for e in wire_scenario.log
        if isinstance(e, Incident) and any(KHAN_SHAYKHUN in p for p in e.places)
    ]  # fmt: skip
    assert [(e.when.earliest, e.when.latest) for e in fights] == [(TUESDAY, TUESDAY)]
    assert not [
        e for e in wire_scenario.log
        if isinstance(e, ControlChanged | Contested) and any(KHAN_SHAYKHUN in p for p in e.places)
    ]  # fmt: skip
    assert _at(capsys, wire_folder, TUESDAY, KHAN_SHAYKHUN)["status"] == "unknown"


def test_no_event_is_put_in_a_place_the_report_never_names(wire_scenario: Scenario) -> None:
    named = {p for e in wire_scenario.log for p in e.places}
    assert named <= NAMED, named - NAMED


def test_the_withdrawal_is_quoted_as_written(wire_scenario: Scenario) -> None:
    assert _event(wire_scenario, "withdrew from Hamamiyat").provenance.quote == WITHDRAWAL


# ------------------------------------------------------------------------ the terminal UI


def _count(legend: str, letter: str, name: str) -> int:
    """How many places a side holds, as the legend says ("G SAA 3")."""
    found = re.search(rf"{re.escape(letter)} {re.escape(name)} (\d+)", legend)
    assert found, f"no {letter} {name} in {legend!r}"
    return int(found.group(1))


@async_test
async def test_stepping_through_the_four_days(wire_scenario: Scenario) -> None:
    app = _app(wire_scenario)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot)
        assert screen.replay is not None
        army = screen.replay.sides["government"]
        top, view = screen.query_one(TopBar), screen.query_one(MapView)
        held = []

        # Saturday: only Maarrat Hurmah is the army's, and only reportedly; the siege of Kafr
        # Zita begins.
        assert screen.day == SATURDAY
        assert "2019-03-09 Sat · day 1 of 4" in text(top)
        listing = text(screen.query_one(EventList))
        assert "Maarrat Hurmah" in listing or "Ma`arrat Hurmah" in listing
        assert "~ reportedly" in listing
        assert "Kafr Zita: besieged by" in listing
        held.append(_count(text(screen.query_one(Legend)), army.letter, army.name))
        assert held == [1]

        # Sunday: HTS pulls out of Hamamiyat; the sentence in its paragraph, brackets and all.
        await pilot.press("right")
        assert screen.day == SUNDAY
        assert "2019-03-10 Sun · day 2 of 4" in text(top)
        assert WITHDRAWAL_PARAGRAPH in text(screen.query_one(EventDetail))
        assert map_marker(view, KAFR_NABUDAH)[0] == "·"  # a village nobody is known to hold
        held.append(_count(text(screen.query_one(Legend)), army.letter, army.name))

        # Monday: Kafr Nabudah falls, one more place for the army.
        await pilot.press("right")
        assert screen.day == MONDAY
        assert "2019-03-11 Mon · day 3 of 4" in text(top)
        assert screen.day_view is not None
        assert KAFR_NABUDAH in screen.day_view.changed_hands
        assert map_marker(view, KAFR_NABUDAH)[0] == army.letter.lower()
        held.append(_count(text(screen.query_one(Legend)), army.letter, army.name))
        assert held[2] == held[1] + 1

        # Back to Sunday and forward again by the keys for days with events.
        await pilot.press("left")
        assert screen.day == SUNDAY
        assert map_marker(view, KAFR_NABUDAH)[0] == "·"
        await pilot.press("right_square_bracket")
        assert screen.day == MONDAY

        # Tuesday, the last day: Kafr Zita still besieged (underlined); nothing changes hands.
        await pilot.press("end")
        assert screen.day == TUESDAY
        assert "2019-03-12 Tue · day 4 of 4" in text(top)
        assert screen.check_action("next_day", ()) is None
        assert "at Khan Shaykhun" in text(screen.query_one(EventList))
        besieged = map_cell(view, KAFR_ZITA).style
        assert besieged is not None
        assert besieged.underline
        assert map_marker(view, KAFR_NABUDAH)[0] == army.letter.lower()
        assert _count(text(screen.query_one(Legend)), army.letter, army.name) == held[2]
        await pilot.press("pageup", "pageup", "pageup")
        assert screen.day == SATURDAY
        await pilot.press("home")
        assert screen.day == SATURDAY


@async_test
async def test_find_a_place_and_read_its_sentence_as_written(wire_scenario: Scenario) -> None:
    app = _app(wire_scenario, TUESDAY)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot)
        assert screen.replay is not None
        army = screen.replay.sides["government"]
        panel = screen.query_one(PlacePanel)

        await pilot.press("slash")
        assert isinstance(app.screen, FindPlace)
        await submit(pilot, "Kafr Nabudah")
        assert screen.place == KAFR_NABUDAH
        shown = text(panel)
        assert "Kafr Nabudah (village" in shown
        assert f"{army.name} since 2019-03-11" in shown
        assert f"“{CAPTURE}”" in shown  # "[1]" shown, not read as markup

        await pilot.press("slash")
        await submit(pilot, "Maarrat Hurmah")  # the report's spelling, not the gazetteer's
        assert screen.place == MAARRAT_HURMAH
        shown = text(panel)
        assert "~ reportedly" in shown
        assert f"“{HEDGED}”" in shown
        assert screen.query_one(MapView).cell_of(MAARRAT_HURMAH) is not None

        await pilot.press("slash")
        await submit(pilot, "Kafr Zita")
        assert screen.place == KAFR_ZITA
        assert f"(besieged by {army.name})" in text(panel)


@async_test
async def test_the_events_of_sunday_say_who_withdrew(wire_scenario: Scenario) -> None:
    app = _app(wire_scenario, SUNDAY)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await settle(pilot)
        assert screen.replay is not None
        army = screen.replay.sides["government"]
        listing = text(screen.query_one(EventList))
        assert "Hamamiyat" in listing
        assert f"withdrew by {army.name}" not in listing
