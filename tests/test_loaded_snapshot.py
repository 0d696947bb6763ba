"""A big scenario as loaded, kept in the cache: a second load from it gives the same scenario as
reading its files again, and a changed file, a changed engine or a damaged snapshot is never
trusted."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from engine.cache import CACHE_VARIABLE
from engine.errors import FrontlineError
from engine.formats import contents, scenario_files, snapshot
from engine.formats.scenario_files import load_scenario
from engine.formats.scenario_writer import write_scenario
from engine.model.places import PlaceColumns
from engine.model.scenario import Scenario
from engine.testing.synth import synthesize
from tests.helpers import without_contents


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of the test's own, which keeps a snapshot of any scenario, its files just written."""
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    monkeypatch.setattr(snapshot, "SNAPSHOT_FROM", 0)
    monkeypatch.setattr(contents, "SETTLED_NS", 0)
    return tmp_path / "cache"


def written(tmp_path: Path, events_format: str, seed: int = 3) -> Path:
    folder = tmp_path / f"war-{events_format}"
    write_scenario(synthesize(40, 120, 30, seed), folder, events_format)
    return folder


def no_reading_of_places(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading places.tsv fail: what is loaded now comes from a snapshot."""

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("places.tsv was read again")

    monkeypatch.setattr(scenario_files, "read_numbered_places", refuse)


def snapshots(cache: Path) -> list[Path]:
    return sorted((cache / "loaded").glob("*.snapshot"))


def same(a: Scenario, b: Scenario) -> None:
    assert a == b
    assert list(a.world.places.places) == list(b.world.places.places)
    assert list(a.log) == list(b.log)


@pytest.mark.parametrize("events_format", ["columns", "jsonl", "toml"])
def test_a_second_load_comes_from_the_snapshot_equal(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, events_format: str
) -> None:
    folder = written(tmp_path, events_format)
    first = load_scenario(folder)
    assert len(snapshots(cache)) == 1
    no_reading_of_places(monkeypatch)
    second = load_scenario(folder)
    assert isinstance(second.world.places.by_id, PlaceColumns)
    same(second, first)
    assert second.files_key == first.files_key is not None


def test_an_edited_file_is_read_again(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = written(tmp_path, "columns")
    load_scenario(folder)
    without_contents(folder)  # as scenario.toml asks of whoever edits a file by hand
    places = folder / "places.tsv"
    rows = places.read_text(encoding="utf-8").splitlines(keepends=True)
    place_id, old_name = rows[1].split("\t")[:2]
    places.write_text("".join([rows[0], rows[1].replace(old_name, "Renamed"), *rows[2:]]))
    again = load_scenario(folder)
    assert again.world.places.place(place_id).name == "Renamed"
    no_reading_of_places(monkeypatch)
    assert load_scenario(folder) == again  # and that is kept in turn


def test_a_damaged_events_file_is_refused_after_a_snapshot(tmp_path: Path, cache: Path) -> None:
    folder = written(tmp_path, "columns")
    load_scenario(folder)
    without_contents(folder)
    events = folder / "events.columns"
    data = bytearray(events.read_bytes())
    data[-1] ^= 0x20  # the last byte of the last column
    events.write_bytes(bytes(data))
    with pytest.raises(FrontlineError, match="damaged"):
        load_scenario(folder)


@pytest.mark.parametrize("where", [0, 0.5, -1])
def test_a_damaged_snapshot_is_made_again(
    tmp_path: Path, cache: Path, where: float
) -> None:
    folder = written(tmp_path, "jsonl")
    first = load_scenario(folder)
    (path,) = snapshots(cache)
    data = bytearray(path.read_bytes())
    data[int(where * (len(data) - 1))] ^= 0x04
    path.write_bytes(bytes(data))
    same(load_scenario(folder), first)
    assert path.read_bytes() != bytes(data)  # written again, whole


def test_a_snapshot_cut_short_is_made_again(tmp_path: Path, cache: Path) -> None:
    folder = written(tmp_path, "columns")
    first = load_scenario(folder)
    (path,) = snapshots(cache)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    same(load_scenario(folder), first)


def test_another_engine_takes_no_snapshot_of_this_one(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = written(tmp_path, "columns")
    load_scenario(folder)
    monkeypatch.setattr(snapshot, "VERSION", snapshot.VERSION + 1)
    load_scenario(folder)
    assert len(snapshots(cache)) == 2


def test_a_copy_of_the_folder_has_a_key_of_its_own(tmp_path: Path, cache: Path) -> None:
    a = written(tmp_path, "columns")
    b = tmp_path / "copy"
    b.mkdir()
    for path in a.iterdir():
        (b / path.name).write_bytes(path.read_bytes())
    assert load_scenario(a).files_key != load_scenario(b).files_key


def test_a_file_changed_just_now_gives_no_key(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file changed within the tick of the clock that stamps it could change again unseen.
    folder = written(tmp_path, "columns")
    monkeypatch.setattr(contents, "SETTLED_NS", 10**18)
    assert load_scenario(folder).files_key is None
    assert snapshots(cache) == []


def test_a_scenario_made_from_another_has_no_key(tmp_path: Path, cache: Path) -> None:
    loaded = load_scenario(written(tmp_path, "columns"))
    assert loaded.files_key is not None
    assert attrs.evolve(loaded, log=loaded.log.append([])).files_key is None
    assert attrs.evolve(loaded, title="Another").files_key == loaded.files_key


def test_no_cache_keeps_nothing(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    folder = written(tmp_path, "columns")
    assert load_scenario(folder).files_key is None
    assert not cache.exists()


def test_a_small_scenario_keeps_no_snapshot(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot, "SNAPSHOT_FROM", 1000)
    load_scenario(written(tmp_path, "columns"))
    assert snapshots(cache) == []


def test_only_the_most_recently_used_snapshots_are_kept(tmp_path: Path, cache: Path) -> None:
    for seed in range(snapshot.KEPT + 2):
        folder = tmp_path / f"war-{seed}"
        write_scenario(synthesize(10, 10, 10, seed), folder, "columns")
        load_scenario(folder)
    kept = snapshots(cache)
    assert len(kept) == snapshot.KEPT
    assert all(re.fullmatch(r"[0-9a-f]{32}\.snapshot", p.name) for p in kept)
