"""The cells of a big scenario kept between runs: the same cells back, never stale, never a
failure of their own."""

from __future__ import annotations

from pathlib import Path

import attrs
import numpy as np
import pytest
import shapely

from engine.cache import CACHE_VARIABLE
from engine.model.places import build_place_graph
from engine.model.scenario import Scenario
from engine.model.world import World
from engine.territory import cache
from engine.territory.cache import partition_of
from engine.territory.partition import Partition


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, used for every scenario however small."""
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "CACHED_FROM", 0)
    return tmp_path / "cache"


def same_cells(one: Partition, other: Partition) -> None:
    assert one.place_ids == other.place_ids
    assert shapely.equals_exact(one.cells, other.cells, tolerance=0).all()
    for mine, theirs in zip(one.neighbours, other.neighbours, strict=True):
        assert mine.tolist() == theirs.tolist()
    pairs = np.arange(len(one.neighbours[0]))
    assert one.border_km(pairs).tolist() == other.border_km(pairs).tolist()


def test_the_cells_come_back_from_the_cache_unchanged(
    folder: Path, default_scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = partition_of(default_scenario)
    assert len(list(folder.glob("cells-*.npz"))) == 1

    def no_making(*_: object) -> None:
        raise AssertionError("the cells were made again")

    monkeypatch.setattr(Partition, "_fill", no_making)
    same_cells(partition_of(default_scenario), made)


def test_other_places_get_cells_of_their_own(folder: Path, default_scenario: Scenario) -> None:
    partition_of(default_scenario)
    places = default_scenario.world.places
    moved = [
        attrs.evolve(p, lat=p.lat + 0.01) if p.id == "abu_kamal" else p for p in places.places
    ]
    graph = build_place_graph(moved, places.regions.values())
    world = World(graph, default_scenario.world.factions)
    other = partition_of(attrs.evolve(default_scenario, world=world))
    assert len(list(folder.glob("cells-*.npz"))) == 2
    fresh = Partition(moved, cache.top_outlines(default_scenario.outlines, places.regions))
    same_cells(other, fresh)


def test_a_damaged_file_is_made_again(folder: Path, default_scenario: Scenario) -> None:
    made = partition_of(default_scenario)
    (kept,) = folder.glob("cells-*.npz")
    kept.write_bytes(kept.read_bytes()[:1000])  # cut short, as a full disc would leave it
    same_cells(partition_of(default_scenario), made)


def test_a_folder_that_cannot_be_written_costs_only_time(
    tmp_path: Path, default_scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(CACHE_VARIABLE, str(blocked / "cache"))
    monkeypatch.setattr(cache, "CACHED_FROM", 0)
    assert len(partition_of(default_scenario).place_ids) == len(
        list(default_scenario.world.places.places)
    )


def test_off_keeps_nothing(
    tmp_path: Path, default_scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    monkeypatch.setattr(cache, "CACHED_FROM", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    partition_of(default_scenario)
    assert not list(tmp_path.rglob("*.npz"))
    assert cache.cache_folder() is None
