"""A scenario folder with a wrong value in one of its files: one clear message naming the file,
exit status 2, never a traceback (issue 15's sweep of corruptions, each a case here)."""

from __future__ import annotations

import os
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from attrs import evolve

from engine.files import sha256_of
from engine.formats import contents
from engine.formats.scenario_files import load_scenario
from engine.formats.scenario_writer import write_scenario
from engine.model.log import Log
from engine.model.scenario import Scenario
from engine.testing.synth import synthesize
from tests.helpers import copy_tiny, run, without_contents

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


def an_empty_events_file(folder: Path) -> str:
    (folder / "events.toml").write_bytes(b"")  # measured on main: exit 0, no events
    return "events.toml: holds nothing, not even a comment: cut short?"


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
    an_empty_events_file,
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


# ----------------------------------------------------- a sweep of machine-written scenarios

FORMATS = ("jsonl", "toml", "columns")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A small war as `synth` writes it, once in each events format."""
    war = synthesize(25, 120, 20, 4)
    folders = {}
    for events_format in FORMATS:
        folders[events_format] = tmp_path_factory.mktemp(events_format) / "war"
        write_scenario(war, folders[events_format], events_format)
    return folders


def _copy(folder: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "war"
    shutil.copytree(folder, copy)
    return copy


def _refused(capsys: pytest.CaptureFixture[str], folder: Path, blamed: str) -> None:
    """One clean message for each problem, naming the file to blame; exit 2, no traceback."""
    status, out, err = run(capsys, "at", "2020-01-10", "--scenario", str(folder))
    assert (status, out) == (2, ""), err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines
    assert all(line.startswith("frontline: error: ") for line in lines), err
    assert blamed in err, err


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("events_format", FORMATS)
def test_every_file_cut_at_random_points_is_refused(
    events_format: str,
    written: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    chance = random.Random(f"cut {events_format}")
    original = written[events_format]
    for name in _files(original):
        data = (original / name).read_bytes()
        # The ends (nothing left, one byte lost) and points between; scenario.toml at each of
        # its lines below, where a cut leaves valid TOML.
        for cut in {0, len(data) - 1, *(chance.randrange(len(data)) for _ in range(4))}:
            if name == "scenario.toml" and data[cut:].strip() == b"":
                continue  # only the final line break lost: the file is whole
            folder = _copy(original, tmp_path / f"{name}-{cut}")
            (folder / name).write_bytes(data[:cut])
            _refused(capsys, folder, name)


def test_scenario_toml_cut_at_any_line_is_refused(
    written: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each cut at a line's end leaves valid TOML: what is lost is found missing by the
    # [contents] written before the sources and the gazetteer, or, with it, by their absence.
    original = written["jsonl"]
    text = (original / "scenario.toml").read_text(encoding="utf-8")
    ends = [n for n, character in enumerate(text) if character == "\n"][:-1]
    for cut in ends:
        folder = _copy(original, tmp_path / str(cut))
        (folder / "scenario.toml").write_text(text[: cut + 1], encoding="utf-8")
        _refused(capsys, folder, "scenario.toml")


@pytest.mark.parametrize("events_format", FORMATS)
def test_a_flipped_bit_in_any_file_is_refused(
    events_format: str,
    written: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    chance = random.Random(f"flip {events_format}")
    original = written[events_format]
    for name in _files(original):
        if name == "scenario.toml":
            continue  # the record itself, which people may edit
        data = (original / name).read_bytes()
        for _ in range(4):
            at, bit = chance.randrange(len(data)), chance.randrange(8)
            folder = _copy(original, tmp_path / f"{name}-{at}-{bit}")
            flipped = bytearray(data)
            flipped[at] ^= 1 << bit
            (folder / name).write_bytes(flipped)
            _refused(capsys, folder, name)


def test_a_flipped_bit_in_events_columns_is_refused_without_contents(
    written: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Without the record, the CRC-32s of version 2 (the header's and each column's) find it.
    original = _copy(written["columns"], tmp_path / "original")
    without_contents(original)
    data = (original / "events.columns").read_bytes()
    chance = random.Random("columns")
    for at in {
        0,
        len(data) - 1,
        data.index(b"\n"),
        *(chance.randrange(len(data)) for _ in range(24)),
    }:
        folder = _copy(original, tmp_path / str(at))
        flipped = bytearray(data)
        flipped[at] ^= 1 << chance.randrange(8)
        (folder / "events.columns").write_bytes(flipped)
        _refused(capsys, folder, "events.columns")


def test_a_flipped_bit_that_changes_a_date_phrase_is_refused(
    written: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Measured on main: "By 10 June" read as "By 1  June" (one bit: "0" is 0x30, " " 0x20).
    folder = _copy(written["columns"], tmp_path)
    without_contents(folder)
    path = folder / "events.columns"
    data = bytearray(path.read_bytes())
    at = data.index(b"On 10 January 2020") + len("On 1")
    data[at] ^= 0x10
    path.write_bytes(data)
    _refused(capsys, folder, "events.columns: header damaged: its CRC-32 is ")


# ----------------------------------------------------------- what [contents] finds, by name


def test_a_partial_log_is_named_with_what_was_written(
    written: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Measured on main: kill -9 during the write left partial logs that loaded with exit 0.
    folder = _copy(written["jsonl"], tmp_path)
    path = folder / "events.jsonl"
    whole = path.read_bytes()
    kept = whole[: whole.index(b"\n", len(whole) // 2) + 1]  # whole lines: a valid log
    path.write_bytes(kept)
    status, _out, err = run(capsys, "at", "2020-01-10", "--scenario", str(folder))
    assert status == 2
    assert err == (
        f"frontline: error: {path}: {len(kept):,} bytes, where scenario.toml's [contents] "
        f"records {len(whole):,}: cut short or replaced since it was written; if it was changed "
        "on purpose, delete the [contents] table of scenario.toml\n"
    )
    without_contents(folder)  # as the message says: then the log, as it is, loads
    assert 0 < len(load_scenario(folder).log) < 120


def test_a_foreign_events_file_of_the_same_size_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    war = synthesize(25, 120, 20, 4)
    write_scenario(war, tmp_path / "a")
    other = evolve(war, log=Log([evolve(e, id=e.id.replace("e", "f")) for e in war.log]))
    write_scenario(other, tmp_path / "b")
    events = tmp_path / "a" / "events.jsonl"
    assert events.stat().st_size == (tmp_path / "b" / "events.jsonl").stat().st_size
    shutil.copyfile(tmp_path / "b" / "events.jsonl", events)
    _refused(capsys, tmp_path / "a", f"{events}: not the file that was written: its SHA-256 is ")


def test_a_count_that_does_not_match_is_named(
    written: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(written["columns"], tmp_path)
    _replace(folder / "scenario.toml", "events = 120\n", "events = 121\n")
    _refused(
        capsys,
        folder,
        f"{folder / 'events.columns'}: 120 events, where scenario.toml's [contents] records 121",
    )


def _counting_hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files [contents] hashes from now on, in order."""
    hashed: list[str] = []

    def counted(path: Path) -> str:
        hashed.append(path.name)
        return sha256_of(path)

    monkeypatch.setattr(contents, "sha256_of", counted)
    return hashed


def test_a_file_is_hashed_again_only_once_it_has_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "war"
    write_scenario(synthesize(25, 120, 20, 4), folder)
    hashed = _counting_hashes(monkeypatch)
    monkeypatch.setattr(contents, "SETTLED_NS", 0)  # the files are seconds old, not minutes
    load_scenario(folder)
    assert len(hashed) == 7  # all but scenario.toml
    hashed.clear()
    load_scenario(folder)
    assert hashed == []  # each stat as it was when its hash matched
    path = folder / "places.tsv"
    data = bytearray(path.read_bytes())
    data[-3] ^= 1  # the same size
    path.write_bytes(data)
    _refused(capsys, folder, f"{path}: not the file that was written")
    assert hashed == ["places.tsv"]


def test_a_file_changed_just_now_is_not_taken_as_verified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "war"
    write_scenario(synthesize(25, 120, 20, 4), folder)
    hashed = _counting_hashes(monkeypatch)
    load_scenario(folder)
    load_scenario(folder)
    assert len(hashed) == 14  # within SETTLED_NS of their writing: hashed on each load


def test_a_scenario_without_events_loads_when_it_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for events_format in FORMATS:  # synth --events 0: [contents] says 0
        folder = tmp_path / events_format
        assert (
            run(capsys, "synth", "--events", "0", "--format", events_format, "-o", str(folder))[0]
            == 0
        )
        assert len(load_scenario(folder).log) == 0
    assert (tmp_path / "jsonl" / "events.jsonl").read_bytes() == b""
    tiny = copy_tiny(tmp_path)
    for said in ("# nothing happened yet\n", "event = []\n"):
        (tiny / "events.toml").write_text(said, encoding="utf-8")
        assert len(load_scenario(tiny).log) == 0
    folder = tmp_path / "jsonl"
    without_contents(folder)
    _refused(capsys, folder, "events.jsonl: holds nothing, not even a comment: cut short?")


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
