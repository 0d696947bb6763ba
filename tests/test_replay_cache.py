"""A big replay's index kept between runs: read back equal to a fresh fold, made again when the
scenario, the engine or the file changes, never trusted when damaged, never a failure of its own."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.cache import CACHE_VARIABLE
from engine.model.log import Log
from engine.model.scenario import Scenario
from engine.model.world import World
from engine.replay import cache, index
from engine.replay import replayer as replayer_module
from engine.replay.cache import index_bytes, read_index, replayer_of
from engine.replay.index import ReplayIndex
from engine.replay.replayer import Replayer
from engine.testing import strategies as fst


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, used for every scenario however small."""
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "CACHED_FROM", 0)
    return tmp_path / "cache"


def saved(index: ReplayIndex) -> bytes:
    return b"".join(bytes(chunk) for chunk in index_bytes(index))


def read_back(data: bytes, world: World, log: Log) -> ReplayIndex:
    """The index read from a file holding these bytes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "index"
        path.write_bytes(data)
        return read_index(path, world.places.place_count, len(log))


def no_folding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any fold fail: what is answered now comes from a saved index."""

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the log was folded again")

    monkeypatch.setattr(replayer_module, "build_index", refuse)


@given(fst.scenarios(), st.sampled_from([1, 3, 2048]))
def test_a_saved_index_reads_back_equal(scenario: tuple[World, Log], every: int) -> None:
    world, log = scenario
    made = Replayer(world, log, checkpoint_every=every).index
    assert read_back(saved(made), world, log) == made


@given(fst.scenarios())
def test_a_replayer_from_a_saved_index_answers_as_a_fresh_one(
    scenario: tuple[World, Log],
) -> None:
    world, log = scenario
    fresh = Replayer(world, log)  # held to the reference fold by tests/test_properties.py
    replayer = Replayer(world, log, index=read_back(saved(fresh.index), world, log))
    for place in replayer.place_ids:
        assert replayer.timeline(place) == fresh.timeline(place)
    day = fst.DEFAULT_START - dt.timedelta(days=1)
    for _ in range(fst.DEFAULT_DAYS + 2):
        assert replayer.at(day) == fresh.at(day)
        day += dt.timedelta(days=1)


@given(st.data())
def test_a_damaged_or_cut_index_is_never_read(data: st.DataObject) -> None:
    world, log = data.draw(fst.scenarios())
    whole = saved(Replayer(world, log).index)
    if data.draw(st.booleans()):
        at = data.draw(st.integers(0, len(whole) - 1))
        bit = data.draw(st.integers(0, 7))
        damaged = whole[:at] + bytes([whole[at] ^ (1 << bit)]) + whole[at + 1 :]
    else:
        damaged = whole[: data.draw(st.integers(0, len(whole) - 1))]
    with pytest.raises((ValueError, KeyError, TypeError, OverflowError)):
        read_back(damaged, world, log)


def test_an_index_of_other_places_is_refused(tmp_path: Path, default_scenario: Scenario) -> None:
    world, log = default_scenario.world, default_scenario.log
    path = tmp_path / "index"
    path.write_bytes(saved(Replayer(world, log).index))
    with pytest.raises(ValueError, match="lengths"):
        read_index(path, world.places.place_count + 1, len(log))
    with pytest.raises(ValueError, match="lengths"):
        read_index(path, world.places.place_count, len(log) - 1)


def test_the_second_replayer_comes_from_the_cache(
    folder: Path, default_scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = replayer_of(default_scenario)
    assert len(list(folder.glob("replay-*.index"))) == 1
    no_folding(monkeypatch)
    second = replayer_of(default_scenario)
    assert second.index == first.index
    day = dt.date(2014, 7, 3)
    assert second.at(day) == first.at(day)


def test_a_changed_log_gets_an_index_of_its_own(
    folder: Path, default_scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    replayer_of(default_scenario)
    log = default_scenario.log
    shorter = Log(list(log)[:-1])
    replayer = replayer_of(attrs.evolve(default_scenario, log=shorter))
    assert len(list(folder.glob("replay-*.index"))) == 2
    assert replayer.index == Replayer(default_scenario.world, shorter).index


def test_a_quote_alone_changed_keeps_the_index(
    folder: Path, default_scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The replay never reads a quote, so the key leaves the quotes out."""
    replayer_of(default_scenario)
    events = list(default_scenario.log)
    first = events[0]
    prov = attrs.evolve(first.provenance, quote=first.provenance.quote + " (sic)")
    requoted = Log([attrs.evolve(first, provenance=prov), *events[1:]])
    no_folding(monkeypatch)
    replayer_of(attrs.evolve(default_scenario, log=requoted))
    assert len(list(folder.glob("replay-*.index"))) == 1


def test_a_damaged_cache_file_is_made_again(folder: Path, default_scenario: Scenario) -> None:
    made = replayer_of(default_scenario)
    (path,) = folder.glob("replay-*.index")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))
    again = replayer_of(default_scenario)
    assert again.index == made.index
    assert path.read_bytes() == saved(made.index)  # and put right on disk


def test_an_unwritable_cache_costs_only_time(
    tmp_path: Path, default_scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("")
    monkeypatch.setenv(CACHE_VARIABLE, str(blocked / "cache"))
    monkeypatch.setattr(cache, "CACHED_FROM", 0)
    replayer = replayer_of(default_scenario)
    assert replayer.index == Replayer(default_scenario.world, default_scenario.log).index


def test_off_keeps_nothing(
    tmp_path: Path, default_scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    monkeypatch.setattr(cache, "CACHED_FROM", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    replayer_of(default_scenario)
    assert not list(tmp_path.rglob("*.index"))


def test_only_the_most_recently_used_indexes_are_kept(
    folder: Path, default_scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "KEPT", 2)
    events = list(default_scenario.log)
    for n in range(4):
        replayer_of(attrs.evolve(default_scenario, log=Log(events[: len(events) - n])))
    assert len(list(folder.glob("replay-*.index"))) == 2


def test_progress_is_told_as_the_fold_goes(default_scenario: Scenario) -> None:
    told: list[float] = []
    Replayer(default_scenario.world, default_scenario.log, progress=told.append)
    assert told[-1] == 1.0
    assert told == sorted(told)
    assert all(0 <= share <= 1 for share in told)


@given(fst.scenarios(), st.sampled_from([1, 3, 2048]))
def test_both_ways_of_making_an_index_make_the_same(
    scenario: tuple[World, Log], every: int
) -> None:
    """Small logs are indexed record by record, big ones a column at a time (numpy)."""
    world, log = scenario
    records = Replayer(world, log).records
    places = world.places.place_count
    assert index._columns_at_once(records, places, every) == index._record_by_record(
        records, places, every
    )


def test_a_checksum_written_in_other_letters_is_refused(
    tmp_path: Path, default_scenario: Scenario
) -> None:
    """Bit 5 turns a hex letter into its capital: the same number, but not the bytes written."""
    world, events = default_scenario.world, list(default_scenario.log)
    for count in range(len(events), 0, -1):  # a log whose header's checksum has a letter
        log = Log(events[:count])
        whole = saved(Replayer(world, log).index)
        letters = [n for n in range(8) if whole[n : n + 1] in b"abcdef"]
        if letters:
            break
    letter = letters[0]
    path = tmp_path / "index"
    path.write_bytes(whole[:letter] + whole[letter : letter + 1].upper() + whole[letter + 1 :])
    with pytest.raises(ValueError, match="header"):
        read_index(path, world.places.place_count, len(log))
