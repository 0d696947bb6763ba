"""The front on a day: where hostile sides' ground meets, the pockets cut off behind it, the
places every neighbour of which is hostile, and each side's ground in km² and in places."""

from __future__ import annotations

from collections import defaultdict

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
    return _hostile(partition, _codes(sides)[0])


def _hostile(partition: Partition, codes: NDArray[np.intp]) -> NDArray[np.bool_]:
    a, b = partition.neighbours
    return np.asarray((codes[a] >= 0) & (codes[b] >= 0) & (codes[a] != codes[b]), dtype=bool)


def front_line(partition: Partition, sides: Sides) -> BaseGeometry:
    """The borders between hostile sides' ground, as lines in (lon, lat) degrees."""
    borders = partition.borders(np.flatnonzero(hostile_pairs(partition, sides)))
    merged = shapely.line_merge(shapely.union_all(borders))
    return shapely.transform(merged, partition.projection.lonlat)


def components(count: int, a: NDArray[np.intp], b: NDArray[np.intp]) -> NDArray[np.intp]:
    """A label for each of `count` nodes, the same for nodes joined by the edges (a, b): the
    smallest node of its connected component."""
    labels = np.arange(count, dtype=np.intp)
    while True:
        # hook each root onto the smallest root across its edges, then follow labels to roots
        low = np.minimum(labels[a], labels[b])
        hooked = labels.copy()
        np.minimum.at(hooked, labels[a], low)
        np.minimum.at(hooked, labels[b], low)
        while True:
            followed = hooked[hooked]
            if np.array_equal(followed, hooked):
                break
            hooked = followed
        if np.array_equal(hooked, labels):
            return labels
        labels = hooked


def _groups(labels: NDArray[np.intp], members: NDArray[np.intp]) -> dict[int, NDArray[np.intp]]:
    """The members of each label."""
    if not len(members):
        return {}
    order = members[np.argsort(labels[members], kind="stable")]
    keys, starts = np.unique(labels[order], return_index=True)
    return dict(zip(keys.tolist(), np.split(order, starts[1:]), strict=True))


def front(partition: Partition, sides: Sides) -> Front:
    """The front of the day whose sides these are."""
    codes, names = _codes(sides)
    hostile = _hostile(partition, codes)
    return Front(
        segments=_segments(partition, codes, names, hostile),
        pockets=_pockets(partition, codes, names),
        encircled=_encircled(partition, codes),
        ground=ground(partition, sides),
    )


def pockets(partition: Partition, sides: Sides) -> tuple[Pocket, ...]:
    """The pockets of the day whose sides these are, without the rest of its front."""
    return _pockets(partition, *_codes(sides))


def _segments(
    partition: Partition, codes: NDArray[np.intp], names: list[str], hostile: NDArray[np.bool_]
) -> tuple[Segment, ...]:
    """The hostile neighbours joined into stretches of front, the longest first."""
    ids = partition.place_ids
    a, b = partition.neighbours
    ha, hb = a[hostile], b[hostile]
    labels = components(len(ids), ha, hb)
    km = partition.border_km(np.flatnonzero(hostile))
    length = np.bincount(labels[ha], weights=km, minlength=len(ids))
    segments = [
        Segment(
            sides=tuple(sorted({names[c] for c in codes[members].tolist()})),
            places=tuple(sorted(ids[n] for n in members.tolist())),
            km=float(length[label]),
        )
        for label, members in _groups(labels, np.union1d(ha, hb)).items()
    ]
    segments.sort(key=lambda s: (-s.km, s.places))
    return tuple(segments)


def _encircled(partition: Partition, codes: NDArray[np.intp]) -> tuple[str, ...]:
    """The held places all of whose neighbours (one at least) are held by other sides."""
    a, b = partition.neighbours
    count = len(codes)
    degree = np.bincount(a, minlength=count) + np.bincount(b, minlength=count)
    # a neighbour of the same side, or of unknown control, is a way out
    open_pair = (codes[a] < 0) | (codes[b] < 0) | (codes[a] == codes[b])
    ways_out = np.bincount(a[open_pair], minlength=count) + np.bincount(
        b[open_pair], minlength=count
    )
    shut = np.flatnonzero((codes >= 0) & (degree > 0) & (ways_out == 0))
    return tuple(sorted(partition.place_ids[n] for n in shut.tolist()))


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
    a, b = partition.neighbours
    count = len(codes)
    same = (codes[a] >= 0) & (codes[a] == codes[b])
    body = components(count, a[same], b[same])
    # each pair across a body's edge, seen from the body (inner end) to the outer end
    across = np.flatnonzero(~same)
    inner = np.concatenate((a[across], b[across]))
    outer = np.concatenate((b[across], a[across]))
    pair = np.concatenate((across, across))
    held = codes[inner] >= 0
    inner, outer, pair = inner[held], outer[held], pair[held]
    bodies = body[inner]
    unknown = codes[outer] < 0
    way_out = np.bincount(bodies[unknown], minlength=count) > 0
    foes = np.bincount(bodies[~unknown], minlength=count) > 0
    # the borders' lengths of the bodies that may be shut in, and of no others
    maybe = foes & ~way_out
    facing = ~unknown & maybe[bodies]
    hostile_km = np.bincount(
        bodies[facing], weights=partition.border_km(pair[facing]), minlength=count
    )
    within = np.flatnonzero(same & maybe[body[a]])
    inner_km = np.bincount(
        body[a[within]], weights=partition.border_km(within), minlength=count
    )
    edge_km = np.bincount(body, weights=partition.perimeters, minlength=count) - 2 * inner_km
    shut = maybe & (hostile_km >= SURROUNDED * edge_km)
    found = np.flatnonzero(shut & (codes >= 0))
    if not len(found):
        return ()
    around: defaultdict[int, set[str]] = defaultdict(set)
    pocketed = shut[bodies]
    for label, side in zip(
        bodies[pocketed].tolist(), codes[outer[pocketed]].tolist(), strict=True
    ):
        around[label].add(names[side])
    members_of = _groups(body, np.flatnonzero(shut[body] & (codes >= 0)))
    pockets = [
        Pocket(
            side=names[int(codes[members[0]])],
            places=tuple(sorted(partition.place_ids[n] for n in members.tolist())),
            km2=float(partition.areas[members].sum()),
            surrounded_by=tuple(sorted(around[label])),
        )
        for label, members in members_of.items()
    ]
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
