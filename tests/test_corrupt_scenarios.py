"""A scenario folder with a wrong value in one of its files: one clear message naming the file,
exit status 2, never a traceback (issue 15's sweep of corruptions, each a case here)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.formats.scenario_files import load_scenario
from engine.model.scenario import Scenario
from tests.helpers import copy_tiny, run

Corruption = Callable[[Path], str]  # spoils a copy of the tiny scenario; gives the file to blame


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def gazetteer_a_string(folder: Path) -> str:
    path = folder / "scenario.toml"
    _replace(path, '[gazetteer]\nplaces = ["places.tsv"]', "")
    path.write_text('gazetteer = "x"\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    return "scenario.toml"


def places_a_number(folder: Path) -> str:
    _replace(folder / "scenario.toml", 'places = ["places.tsv"]', "places = 5")
    return "scenario.toml"


def boundaries_a_number(folder: Path) -> str:
    _append(folder / "scenario.toml", "boundaries = 5\n")
    return "scenario.toml"


def source_a_string(folder: Path) -> str:
    text = (folder / "scenario.toml").read_text(encoding="utf-8")
    start = text.index("[[source]]")
    end = text.index("[gazetteer]")
    (folder / "scenario.toml").write_text(
        'source = "x"\n' + text[:start] + text[end:], encoding="utf-8"
    )
    return "scenario.toml"


def title_a_number(folder: Path) -> str:
    path = folder / "scenario.toml"
    _replace(path, 'title = "Battle of the Three Wells (test fixture)"', "title = 5")
    return "scenario.toml"


def skipped_a_string(folder: Path) -> str:
    path = folder / "events.toml"
    path.write_text('skipped = "x"\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    return "events.toml"


def faction_a_number(folder: Path) -> str:
    (folder / "factions.toml").write_text("faction = [1]\n", encoding="utf-8")
    return "factions.toml"


def deep_nesting(folder: Path) -> str:
    path = folder / "events.toml"
    path.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    return "events.toml"


def latitude_a_word(folder: Path) -> str:
    path = folder / "places.tsv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split("\t")
    row = lines[1].rstrip("\n").split("\t")
    row[header.index("lat")] = "north"
    lines[1] = "\t".join(row) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return "places.tsv"


def admin_latitude_a_word(folder: Path) -> str:
    (folder / "admin.tsv").write_text(
        "id\tname\tplacetype\tparent_id\tlat\tlon\nvalley\tValley\tgovernorate\t\tnorth\t40.0\n",
        encoding="utf-8",
    )
    listed = 'places = ["places.tsv"]'
    _replace(folder / "scenario.toml", listed, listed + '\nadmin = "admin.tsv"')
    return "admin.tsv:2"


def _extra_place(folder: Path, lat: str) -> str:
    _append(
        folder / "places.toml",
        f'\n[[place]]\nid = "far_well"\nname = "Far Well"\nkind = "village"\n'
        f"lat = {lat}\nlon = 40.0\n",
    )
    return "places.toml"


def latitude_not_a_number(folder: Path) -> str:
    return _extra_place(folder, "nan")


def latitude_beyond_the_pole(folder: Path) -> str:
    return _extra_place(folder, "1e308")


def an_unknown_kind(folder: Path) -> str:
    _replace(folder / "places.tsv", "\tvillage\t", "\tmegacity\t")
    return "places.tsv:3"


def ending_on_the_last_day_there_is(folder: Path) -> str:
    # the chart, the map and the exports all need the day after the end
    _replace(folder / "scenario.toml", 'end = "2020-03-12"', 'end = "9999-12-31"')
    return "scenario.toml"


def _boundaries(folder: Path, text: str) -> str:
    (folder / "boundaries.geojson").write_text(text, encoding="utf-8")
    listed = 'places = ["places.tsv"]'
    _replace(folder / "scenario.toml", listed, listed + '\nboundaries = "boundaries.geojson"')
    return "boundaries.geojson"


OUTLINE = (
    '{{"type": "Feature", "properties": {{"id": "valley", "name": "Valley", '
    '"placetype": "governorate"}}, "geometry": {{"type": "Polygon", "coordinates": [{ring}]}}}}'
)


def an_outline_of_one_point(folder: Path) -> str:
    ring = "[[40.0, 35.0], [40.0, 35.0], [40.0, 35.0], [40.0, 35.0]]"
    return _boundaries(folder, f'{{"features": [{OUTLINE.format(ring=ring)}]}}')


def a_key_given_twice(folder: Path) -> str:
    ring = "[[39.9, 34.9], [40.3, 34.9], [40.3, 35.3], [39.9, 34.9]]"
    feature = OUTLINE.format(ring=ring)
    return _boundaries(folder, f'{{"features": [{feature}], "features": []}}')


def events_not_a_file(folder: Path) -> str:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    (folder / "events.toml").unlink()
    os.symlink("/dev/zero", folder / "events.toml")
    return "events.toml"


def places_not_a_file(folder: Path) -> str:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    (folder / "places.tsv").unlink()
    os.symlink("/dev/zero", folder / "places.tsv")
    return "places.tsv"


def events_a_fifo(folder: Path) -> str:
    (folder / "events.toml").unlink()
    os.mkfifo(folder / "events.toml")  # a reader would wait for ever for a writer
    return "events.toml"


def source_a_fifo(folder: Path) -> str:
    (folder / "article.txt").unlink()
    os.mkfifo(folder / "article.txt")
    return "article.txt"


def a_nul_in_a_place_name(folder: Path) -> str:
    _replace(folder / "places.tsv", "Middle Well", "Middle\0Well")
    return "places.tsv:3: 'Middle\\x00Well' holds a control character (U+0000)"


def a_control_character_in_a_place_of_places_toml(folder: Path) -> str:
    _extra_place(folder, "35.2")
    _replace(folder / "places.toml", 'name = "Far Well"', 'name = "Far\\u001b[2JWell"')
    return "places.toml:7 (far_well): 'Far\\x1b[2JWell' holds a control character (U+001B)"


def a_place_id_given_twice_in_one_file(folder: Path) -> str:
    _append(folder / "places.tsv", "middle_well\tMiddle Well\t\tvillage\t35.5\t40.5\tValley\n")
    return (
        "places.tsv:6: place id 'middle_well' is given twice, for two different places: first "
        "on line 3"
    )


def a_place_of_places_toml_that_places_tsv_gives(folder: Path) -> str:
    _append(
        folder / "places.toml",
        '\n[[place]]\nid = "upper_well"\nname = "Upper Well"\nkind = "town"\n'
        "lat = 35.3\nlon = 40.3\n",
    )
    return (
        f"places.toml:7 (upper_well): place id 'upper_well' is given twice, for two different "
        f"places: also at {folder / 'places.tsv'}:4"
    )


def _river(folder: Path, text: str) -> str:
    (folder / "river.tsv").write_text(text, encoding="utf-8")
    listed = 'places = ["places.tsv"]'
    _replace(folder / "scenario.toml", listed, listed + '\nriver = "river.tsv"')
    return "river.tsv"


def a_river_cut_mid_number(folder: Path) -> str:
    _river(folder, "lat\tlon\n35.0\t40.0\n35.1\t40.1\n35.2\t40.2")  # 40.25 cut short
    return "river.tsv:4: the file ends in this line, without a line break: cut short?"


def a_places_file_cut_mid_word(folder: Path) -> str:
    path = folder / "places.tsv"
    path.write_bytes(path.read_bytes().removesuffix(b"rth\n"))  # bank "north" read as ""
    return "places.tsv:5: the file ends in this line, without a line break"


def a_places_file_cut_to_nothing(folder: Path) -> str:
    (folder / "places.tsv").write_bytes(b"")
    return "places.tsv: the file is empty: not even a header line"


def lines_cut_mid_number(folder: Path) -> str:
    text = (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"kind": '
        '"river"}, "geometry": {"type": "LineString", "coordinates": [[40.0, 35.0], [40.25, 35.2]]'
        "}}]}"
    )
    (folder / "lines.geojson").write_text(text[: text.index("40.25") + 4], encoding="utf-8")
    listed = 'places = ["places.tsv"]'
    _replace(folder / "scenario.toml", listed, listed + '\nlines = "lines.geojson"')
    return "cannot read lines from "


CORRUPTIONS = [
    gazetteer_a_string,
    places_a_number,
    boundaries_a_number,
    source_a_string,
    title_a_number,
    skipped_a_string,
    faction_a_number,
    deep_nesting,
    latitude_a_word,
    admin_latitude_a_word,
    latitude_not_a_number,
    latitude_beyond_the_pole,
    an_unknown_kind,
    ending_on_the_last_day_there_is,
    an_outline_of_one_point,
    a_key_given_twice,
    events_not_a_file,
    places_not_a_file,
    events_a_fifo,
    source_a_fifo,
    a_nul_in_a_place_name,
    a_control_character_in_a_place_of_places_toml,
    a_place_id_given_twice_in_one_file,
    a_place_of_places_toml_that_places_tsv_gives,
    a_river_cut_mid_number,
    a_places_file_cut_mid_word,
    a_places_file_cut_to_nothing,
    lines_cut_mid_number,
]


@pytest.mark.parametrize("corrupt", CORRUPTIONS, ids=lambda c: c.__name__)
def test_a_wrong_value_is_one_message_naming_its_file(
    corrupt: Corruption, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_tiny(tmp_path)
    blamed = corrupt(folder)
    status, out, err = run(capsys, "at", "2020-03-03", "--scenario", str(folder))
    assert (status, out) == (2, "")
    lines = err.strip().splitlines()
    assert lines, "no message"
    assert all(line.startswith("frontline: error: ") for line in lines), err
    assert "Traceback" not in err
    assert re.search(re.escape(blamed), err), err


def test_synth_refuses_a_war_that_ends_on_the_last_day_there_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "war"
    status, _out, err = run(
        capsys, "synth", "--places", "5", "--events", "5", "--days", "20",
        "--start", "9999-12-12", "-o", str(folder),
    )  # fmt: skip
    assert status == 2
    assert err.startswith("frontline: error: 20 days from 9999-12-12 would end after 9999-12-30")
    assert not folder.exists()


def test_the_first_gazetteer_file_that_gives_a_place_wins(default_scenario: Scenario) -> None:
    # The bundled scenario gives 22 places in places.tsv and, with other points, in its bulk
    # localities.tsv: the curated row is the place.
    abu_kamal = default_scenario.world.places.place("abu_kamal")
    assert (abu_kamal.lat, abu_kamal.lon) == (34.45226, 40.91854)


def test_a_place_given_twice_alike_is_one_place(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path)
    lines = (folder / "places.tsv").read_text(encoding="utf-8").splitlines(keepends=True)
    _append(folder / "places.tsv", lines[2])
    assert len(list(load_scenario(folder).world.places.places)) == 4
