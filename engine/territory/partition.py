"""The ground each place holds: its Voronoi cell, within a radius, clipped to its outline."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from engine.collector import collection_paused
from engine.model.geometry import Ring
from engine.model.places import Place, Region

# How far a place's hold reaches where no nearer place claims the ground: beyond it the map is
# blank (unknown) rather than painted for a town 50 km away across the desert.
RADIUS_KM = 12.0
KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON = 111.320  # at the equator; times cos(latitude)
DISC_SEGMENTS = 8  # a quarter circle in 8 straight pieces: areas within 1% of the circle's
NO_PLACE = -1


class Projection:
    """Degrees to kilometres on a plane through the middle latitude of the places (an
    equirectangular projection: areas and lengths within a few percent over a few hundred km)."""

    def __init__(self, middle_lat: float) -> None:
        self.middle_lat = middle_lat
        self.x_scale = KM_PER_DEGREE_LON * math.cos(math.radians(middle_lat))

    def xy(self, lats: NDArray[np.float64], lons: NDArray[np.float64]) -> NDArray[np.float64]:
        """Points in km, as an (n, 2) array of x (east) and y (north)."""
        return np.column_stack((lons * self.x_scale, lats * KM_PER_DEGREE_LAT))

    def lonlat(self, xy: NDArray[np.float64]) -> NDArray[np.float64]:
        """Points in km back to (lon, lat) degrees, as an (n, 2) array."""
        return np.column_stack((xy[:, 0] / self.x_scale, xy[:, 1] / KM_PER_DEGREE_LAT))

    def ring(self, ring: Ring) -> BaseGeometry:
        """An outline as a valid polygon in km."""
        points = np.array(ring, dtype=float).reshape(-1, 2)
        polygon = shapely.Polygon(self.xy(points[:, 0], points[:, 1]))
        return polygon if shapely.is_valid(polygon) else shapely.make_valid(polygon)


def top_outlines(outlines: Mapping[str, Ring], regions: Mapping[str, Region]) -> list[Ring]:
    """The outlines that no other outline contains: the governorates, not their districts."""
    shapes = {
        unit: shapely.make_valid(shapely.Polygon([(lon, lat) for lat, lon in ring]))
        for unit, ring in outlines.items()
    }

    def inner(unit: str) -> bool:
        if unit in regions:
            return regions[unit].parent in outlines
        # An outline the scenario does not name as a region: inner when a bigger one holds it.
        spot = shapely.point_on_surface(shapes[unit])
        area = shapely.area(shapes[unit])
        return any(
            shapely.area(other) > area and shapely.contains(other, spot)
            for other in shapes.values()
        )

    return [outlines[unit] for unit in sorted(outlines) if not inner(unit)]


def _shared_edges(
    cells: NDArray[np.object_],
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """The pairs of cells of one Voronoi diagram that share an edge (a < b), with its length:
    the edges found in two cells' rings, corner for corner."""
    corners, cell = shapely.get_coordinates(cells, return_index=True)
    _, corner = np.unique(corners[:, 0] + 1j * corners[:, 1], return_inverse=True)
    run = np.flatnonzero(cell[1:] == cell[:-1])  # each edge: a corner, the next of its ring
    first, last = corner[run], corner[run + 1]
    key = np.minimum(first, last) * (int(corner.max(initial=0)) + 1) + np.maximum(first, last)
    order = np.argsort(key, kind="stable")
    key, edge = key[order], run[order]
    twin = np.flatnonzero(key[1:] == key[:-1])  # an edge, and the same edge of the next cell
    one, other = cell[edge[twin]], cell[edge[twin + 1]]
    km = np.hypot(*(corners[edge[twin] + 1] - corners[edge[twin]]).T)
    return np.minimum(one, other), np.maximum(one, other), km


class Partition:
    """Each place's cell of ground in km: the points nearer to it than to any other place of its
    outline (its governorate, or the land outside every outline), no farther than RADIUS_KM.

    Cells never overlap. Places at one point (to the metre) share one cell, the first one's."""

    def __init__(
        self,
        places: Sequence[Place],
        zones: Sequence[Ring] = (),
        radius_km: float = RADIUS_KM,
        saved: Mapping[str, NDArray[Any]] | None = None,
    ) -> None:
        """The cells of the places, made here or read from what `saved()` gave for the same
        places, zones and radius."""
        self.place_ids = tuple(p.id for p in places)
        self.index = {place_id: n for n, place_id in enumerate(self.place_ids)}
        self.radius_km = radius_km
        lats = np.array([p.lat for p in places], dtype=float)
        lons = np.array([p.lon for p in places], dtype=float)
        self.projection = Projection(float(np.median(lats)) if len(places) else 0.0)
        # To the metre: places closer than that are one point, and share its cell.
        self.points = np.round(self.projection.xy(lats, lons), 3)
        self._border_km = np.zeros(0)  # by pair of neighbours; NaN: not worked out yet
        if saved is None:
            self.cells = np.full(len(places), shapely.Polygon(), dtype=object)
            # Cells left as the Voronoi diagram made them (cut neither by the radius nor an
            # outline): two such neighbours share an edge with the very same corners.
            self._uncut = np.zeros(len(places), dtype=bool)
            with collection_paused():
                outlines = [self.projection.ring(ring) for ring in zones]
                for members, zone in self._zone_members(outlines):
                    self._fill(members, zone)
        else:
            self._restore(saved)
        self.areas = shapely.area(self.cells)
        self.perimeters = shapely.length(self.cells)

    def saved(self) -> dict[str, NDArray[Any]]:
        """The cells and neighbours as plain arrays (no pickled objects), to make the partition
        again without the work: the cells as WKB, end to end."""
        a, b = self.neighbours
        wkb = shapely.to_wkb(self.cells)
        return {
            "wkb": np.frombuffer(b"".join(wkb.tolist()), dtype=np.uint8),
            "wkb_ends": np.cumsum([len(w) for w in wkb.tolist()], dtype=np.int64),
            "uncut": self._uncut,
            "a": a,
            "b": b,
            "km": self._border_km,
        }

    def _restore(self, saved: Mapping[str, NDArray[Any]]) -> None:
        """The cells and neighbours from `saved()`; ValueError where they do not fit."""
        blob, ends = saved["wkb"].tobytes(), saved["wkb_ends"].tolist()
        if len(ends) != len(self.place_ids) or (ends and ends[-1] != len(blob)):
            raise ValueError("saved cells of other places")
        starts = [0, *ends[:-1]]
        pieces = [blob[i:j] for i, j in zip(starts, ends, strict=True)]
        with collection_paused():
            self.cells = np.asarray(shapely.from_wkb(pieces))
        self._uncut = saved["uncut"].astype(bool)
        a, b = saved["a"].astype(np.intp), saved["b"].astype(np.intp)
        fits = len(a) == len(b) == len(saved["km"]) and len(self._uncut) == len(ends)
        if not fits or (len(a) and int(max(a.max(), b.max())) >= len(ends)):
            raise ValueError("saved neighbours of other places")
        self.__dict__["neighbours"] = (a, b)  # the cached property, already worked out
        self._border_km = saved["km"].astype(float)

    def _zone_members(
        self, outlines: Sequence[BaseGeometry]
    ) -> Iterable[tuple[NDArray[np.intp], BaseGeometry | None]]:
        """The places of each zone with the zone's polygon (None: outside every outline); zones
        that overlap give the shared ground to the first."""
        unzoned = np.ones(len(self.place_ids), dtype=bool)
        taken: BaseGeometry | None = None
        for polygon in outlines:
            zone = polygon if taken is None else shapely.difference(polygon, taken)
            taken = polygon if taken is None else shapely.union(taken, polygon)
            shapely.prepare(zone)
            inside = unzoned & shapely.contains_xy(zone, self.points[:, 0], self.points[:, 1])
            unzoned &= ~inside
            yield np.flatnonzero(inside), zone
        if taken is None:
            yield np.flatnonzero(unzoned), None
            return
        # Beyond every outline: the places' own surroundings, minus the outlined ground.
        members = np.flatnonzero(unzoned)
        if len(members):
            low = self.points[members].min(axis=0) - 2 * self.radius_km
            high = self.points[members].max(axis=0) + 2 * self.radius_km
            outside = shapely.difference(shapely.box(*low, *high), taken)
            shapely.prepare(outside)
            yield members, outside

    def _fill(self, members: NDArray[np.intp], zone: BaseGeometry | None) -> None:
        """The cells of one zone's places."""
        if not len(members):
            return
        points = self.points[members]
        # One cell per distinct point; the first place at a point holds it.
        _, first = np.unique(points, axis=0, return_index=True)
        owners = members[np.sort(first)]
        if len(owners) > 1:
            low, high = self.points[owners].min(axis=0), self.points[owners].max(axis=0)
            frame = shapely.box(*(low - 4 * self.radius_km), *(high + 4 * self.radius_km))
            voronoi = shapely.voronoi_polygons(
                shapely.multipoints(self.points[owners]), extend_to=frame, ordered=True
            )
            cells = np.asarray(shapely.get_parts(voronoi))
            # Only cells reaching beyond the radius need cutting: most, in a dense war, do not.
            corners, cell = shapely.get_coordinates(cells, return_index=True)
            reach = np.zeros(len(cells))
            distance = ((corners - self.points[owners][cell]) ** 2).sum(axis=1)
            starts = np.flatnonzero(np.diff(cell, prepend=-1))  # corners come cell by cell
            reach[cell[starts]] = np.maximum.reduceat(distance, starts)
            far = reach > self._inner_radius**2
            cells[far] = shapely.intersection(cells[far], self._discs(owners[far]))
            uncut = ~far
        else:
            cells = np.asarray(self._discs(owners))
            uncut = np.zeros(1, dtype=bool)
        if zone is not None:
            # A cell holds its place, inside the zone: it is within the zone unless the zone's
            # edge crosses it, which a tree of the cells finds without testing every cell.
            whole = np.ones(len(cells), dtype=bool)
            whole[shapely.STRtree(cells).query(zone.boundary, predicate="intersects")] = False
            cells[~whole] = shapely.intersection(cells[~whole], zone)
            uncut &= whole
        self.cells[owners] = cells
        self._uncut[owners] = uncut

    @property
    def _inner_radius(self) -> float:
        """The radius of the circle inside the polygon that stands for a place's disc."""
        return self.radius_km * math.cos(math.pi / (4 * DISC_SEGMENTS))

    def _discs(self, places: NDArray[np.intp]) -> NDArray[np.object_]:
        """The disc of ground within the radius of each of some places."""
        sites = shapely.points(self.points[places])
        return np.asarray(shapely.buffer(sites, self.radius_km, quad_segs=DISC_SEGMENTS))

    @cached_property
    def tree(self) -> shapely.STRtree:
        """The cells, indexed for finding which cell holds a point."""
        return shapely.STRtree(self.cells)

    @cached_property
    def neighbours(self) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """Every pair of cells that share a border (a < b), in order; a corner is not one."""
        with collection_paused():
            return self._neighbours()

    def _neighbours(self) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        uncut = np.flatnonzero(self._uncut)
        a, b, km = _shared_edges(self.cells[uncut])
        a, b = uncut[a], uncut[b]
        # A cut cell's borders: the cells whose bounding boxes overlap it, of which those whose
        # boundaries meet it along a line (DE-9IM: boundary ∩ boundary is 1-D).
        cut = np.flatnonzero(~self._uncut & (self.areas > 0))
        near, other = self.tree.query(self.cells[cut])
        near = cut[near]
        keep = self._uncut[other] | (near < other)  # a pair of cut cells once, not twice
        near, other = near[keep], other[keep]
        border = shapely.relate_pattern(self.cells[near], self.cells[other], "****1****")
        near, other = near[border], other[border]
        a = np.concatenate((a, np.minimum(near, other)))
        b = np.concatenate((b, np.maximum(near, other)))
        known = np.concatenate((km, np.full(len(near), np.nan)))
        order = np.lexsort((b, a))
        self._border_km = known[order]
        return a[order], b[order]

    def border_km(self, pairs: NDArray[np.intp]) -> NDArray[np.float64]:
        """The length of the border between the cells of some neighbouring pairs (numbered as in
        `neighbours`), worked out for cut cells when first asked: a day's front needs a few."""
        _ = self.neighbours  # which works out the lengths of whole cells' borders
        known = self._border_km
        missing = pairs[np.isnan(known[pairs])]
        if len(missing):
            known[missing] = shapely.length(self.borders(missing))
        return known[pairs]

    def borders(self, pairs: NDArray[np.intp]) -> NDArray[np.object_]:
        """The borders between the cells of some neighbouring pairs (numbered as in
        `neighbours`), as lines in km."""
        a, b = self.neighbours
        edges = shapely.boundary(self.cells[a[pairs]])
        return np.asarray(shapely.intersection(edges, self.cells[b[pairs]]))

    def owners(self, lats: NDArray[np.float64], lons: NDArray[np.float64]) -> NDArray[np.intp]:
        """The place whose cell holds each point (NO_PLACE where no cell does)."""
        xy = self.projection.xy(lats, lons)
        found = np.full(len(xy), NO_PLACE, dtype=np.intp)
        where, cell = self.tree.query(shapely.points(xy), predicate="intersects")
        found[where[::-1]] = cell[::-1]  # of a point on a border, the first cell
        return found

    def shape(self, cells: Iterable[int]) -> BaseGeometry:
        """The union of some cells, in (lon, lat) degrees: a side's territory, for a map file."""
        union = shapely.union_all(self.cells[list(cells)])
        return shapely.transform(union, self.projection.lonlat)
