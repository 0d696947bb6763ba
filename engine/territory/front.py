"""The front on a day: where hostile sides' ground meets, the pockets cut off behind it, the
places every neighbour of which is hostile, and each side's ground in km² and in places."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import numpy as np
import shapely
from attrs import frozen
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from engine.territory.ground import Ground, Sides, ground
from engine.territory.partition import Partition


@frozen
class Segment:
    """A stretch of front: places of hostile sides whose ground meets, joined end to end."""

    sides: tuple[str, ...]
    places: tuple[str, ...]
    km: float  # the length of the borders between hostile ground along it


@frozen
class Pocket:
    """A side's places cut off from its main body, with hostile ground all around them."""

    side: str
    places: tuple[str, ...]
    km2: float
    surrounded_by: tuple[str, ...]  # the hostile sides around it


@frozen
class Front:
    """The front line of a day, the pockets behind it, the encircled places and the ground."""

    segments: tuple[Segment, ...]
    pockets: tuple[Pocket, ...]
    encircled: tuple[str, ...]  # places every neighbour of which is held by a hostile side
    ground: tuple[Ground, ...]  # by side, the largest first; unknown ground last

    @property
    def km(self) -> float:
        """The length of the whole front."""
        return sum(s.km for s in self.segments)


def _codes(sides: Sides) -> tuple[NDArray[np.intp], list[str]]:
    """Each place's side as a number (-1 unknown), and the sides by number."""
    names = sorted({s for s in sides if s is not None})
    number = {s: n for n, s in enumerate(names)}
    return np.array([-1 if s is None else number[s] for s in sides], dtype=np.intp), names


def hostile_pairs(partition: Partition, sides: Sides) -> NDArray[np.bool_]:
    """For each pair of neighbouring cells, whether their places are held by different sides."""
    codes, _ = _codes(sides)
    a, b, _km = partition.neighbours
    return np.asarray((codes[a] >= 0) & (codes[b] >= 0) & (codes[a] != codes[b]), dtype=bool)


def front_line(partition: Partition, sides: Sides) -> BaseGeometry:
    """The borders between hostile sides' ground, as lines in (lon, lat) degrees."""
    a, b, _km = partition.neighbours
    hostile = hostile_pairs(partition, sides)
    cells = partition.cells
    borders = shapely.intersection(shapely.boundary(cells[a[hostile]]), cells[b[hostile]])
    merged = shapely.line_merge(shapely.union_all(borders))
    return shapely.transform(merged, partition.projection.lonlat)


def front(partition: Partition, sides: Sides) -> Front:
    """The front of the day whose sides these are."""
    ids = partition.place_ids
    codes, names = _codes(sides)
    a, b, km = partition.neighbours
    hostile = hostile_pairs(partition, sides)
    line: nx.Graph = nx.Graph()
    for i, j, length in zip(
        a[hostile].tolist(), b[hostile].tolist(), km[hostile].tolist(), strict=True
    ):
        line.add_edge(i, j, km=length)
    segments = []
    for component in nx.connected_components(line):
        stretch = line.subgraph(component)
        segments.append(
            Segment(
                sides=tuple(sorted({names[codes[n]] for n in component})),
                places=tuple(sorted(ids[n] for n in component)),
                km=float(sum(length for _, _, length in stretch.edges(data="km"))),
            )
        )
    segments.sort(key=lambda s: (-s.km, s.places))
    return Front(
        segments=tuple(segments),
        pockets=_pockets(partition, codes, names),
        encircled=_encircled(partition, codes),
        ground=ground(partition, sides),
    )


def _neighbour_sides(partition: Partition, codes: NDArray[np.intp]) -> list[set[int]]:
    """For each place, the sides of its neighbours (-1 for a neighbour of unknown control)."""
    a, b, _km = partition.neighbours
    found: list[set[int]] = [set() for _ in codes]
    for i, j in zip(a.tolist(), b.tolist(), strict=True):
        found[i].add(int(codes[j]))
        found[j].add(int(codes[i]))
    return found


def _encircled(partition: Partition, codes: NDArray[np.intp]) -> tuple[str, ...]:
    """The held places all of whose neighbours (one at least) are held by other sides."""
    around = _neighbour_sides(partition, codes)
    return tuple(
        sorted(
            partition.place_ids[n]
            for n, side in enumerate(codes.tolist())
            if side >= 0 and around[n] and all(s >= 0 and s != side for s in around[n])
        )
    )


# A body of ground is cut off when hostile ground holds at least this share of its edge. The rest
# of the edge may be unmapped ground (beyond every place's reach: desert, the edge of the map),
# which shuts no one in; a village at the end of a road with one hostile neighbour is not a pocket.
SURROUNDED = 1 / 3


def _pockets(
    partition: Partition, codes: NDArray[np.intp], names: list[str]
) -> tuple[Pocket, ...]:
    """Each side's bodies of ground with no way out but through hostile ground: every
    neighbouring place hostile, and hostile ground along a good part of the edge. The side's
    main body may be beyond the map (the government's enclave in Deir ez-Zor city and airport was
    its only ground in the province)."""
    a, b, km = partition.neighbours
    same = (codes[a] >= 0) & (codes[a] == codes[b])
    joined: nx.Graph = nx.Graph()
    joined.add_nodes_from(np.flatnonzero(codes >= 0).tolist())
    joined.add_edges_from(zip(a[same].tolist(), b[same].tolist(), strict=True))
    around = _neighbour_sides(partition, codes)
    areas, edges = partition.areas, partition.perimeters
    pockets = []
    for component in nx.connected_components(joined):
        members = sorted(component)
        side = int(codes[members[0]])
        outside = set().union(*(around[n] for n in members)) - {side}
        if not outside or not all(s >= 0 for s in outside):
            continue
        inner = np.isin(a, members)
        leaving = inner != np.isin(b, members)
        hostile_km = float(km[leaving].sum())
        # the edge of the body: its cells' edges less the borders between them, counted twice
        edge_km = float(edges[members].sum()) - 2 * float(km[inner & ~leaving].sum())
        if hostile_km >= SURROUNDED * edge_km:
            pockets.append(
                Pocket(
                    side=names[side],
                    places=tuple(sorted(partition.place_ids[n] for n in members)),
                    km2=float(areas[members].sum()),
                    surrounded_by=tuple(sorted(names[s] for s in outside)),
                )
            )
    pockets.sort(key=lambda p: (-p.km2, p.places))
    return tuple(pockets)


@frozen
class Shift:
    """What one side gained and lost between two days, in places and in km²."""

    side: str
    gained: tuple[str, ...]
    lost: tuple[str, ...]
    gained_km2: float
    lost_km2: float

    @property
    def net_km2(self) -> float:
        """Ground gained less ground lost."""
        return self.gained_km2 - self.lost_km2


def shifts(partition: Partition, before: Sides, after: Sides) -> tuple[Shift, ...]:
    """Each side's gains and losses from one day's sides to another's, the biggest net gain
    first."""
    gained: defaultdict[str, list[int]] = defaultdict(list)
    lost: defaultdict[str, list[int]] = defaultdict(list)
    for n, (old, new) in enumerate(zip(before, after, strict=True)):
        if old == new:
            continue
        if new is not None:
            gained[new].append(n)
        if old is not None:
            lost[old].append(n)
    ids, areas = partition.place_ids, partition.areas
    rows = [
        Shift(
            side=side,
            gained=tuple(sorted(ids[n] for n in gained[side])),
            lost=tuple(sorted(ids[n] for n in lost[side])),
            gained_km2=float(areas[gained[side]].sum()),
            lost_km2=float(areas[lost[side]].sum()),
        )
        for side in sorted(set(gained) | set(lost))
    ]
    rows.sort(key=lambda s: (-s.net_km2, s.side))
    return tuple(rows)
