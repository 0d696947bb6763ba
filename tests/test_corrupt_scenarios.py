"""A scenario folder with a wrong value in one of its files: one clear message naming the file,
exit status 2, never a traceback (issue 15's sweep of corruptions, each a case here)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

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
        "id\tname\tplacetype\tparent_id\tlat\tlon\n"
        "valley\tValley\tgovernorate\t\tnorth\t40.0\n",
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
