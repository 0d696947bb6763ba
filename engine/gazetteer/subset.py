"""The part of a gazetteer index that a scenario carries.

An extracted scenario is a folder of text files that loads on any machine, so it takes from the
index only what its map needs: the places its events name, the governorates and districts they
lie in (with their outlines), the towns and cities of those governorates and the villages
around the named places for context, and the rivers, borders and coast of the map's box.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from attrs import field, frozen

from engine.gazetteer.files import ADMIN_SUFFIXES
from engine.gazetteer.store import KM_PER_DEGREE, Entry, Store
from engine.model.frozen import read_only
from engine.model.geometry import Line, Point, Ring
from engine.model.places import Place, Region

CONTEXT_KM = 10.0  # villages this close to a named place come along
MAX_VILLAGES = 600  # and no more than this many, the nearest first
_MARGIN = 0.15  # the map's box: the places' box grown by this share on every side
# A gazetteer's kinds as a scenario's places have them.
_SCENARIO_KINDS = {
    "city": "city", "town": "town", "village": "village", "quarter": "quarter",
    "airbase": "airbase", "airport": "airbase", "oilfield": "oilfield", "mountain": "mound",
}  # fmt: skip


def scenario_kind(kind: str) -> str:
    """The scenario kind of a gazetteer kind (a dam, a prison or a camp is a facility)."""
    return _SCENARIO_KINDS.get(kind, "facility")



@frozen
class Subset:
    """Places, admin units, outlines and lines for a scenario folder."""

    places: tuple[Place, ...]
    regions: tuple[Region, ...]
    outlines: Mapping[str, Ring] = field(converter=read_only)
    lines: tuple[Line, ...]


def _place(entry: Entry, units: Mapping[str, Entry]) -> Place:
    assert entry.lat is not None
    assert entry.lon is not None
    governorate = units.get(entry.governorate)
    district = units.get(entry.district)
    return Place(
        id=entry.id,
        name=entry.name,
        kind=scenario_kind(entry.kind),
        lat=entry.lat,
        lon=entry.lon,
        aliases=tuple(a for a in entry.aliases if ";" not in a),
        governorate=governorate.name if governorate else "",
        district=district.name if district and governorate else "",
        source=entry.source,
        precision_km=entry.precision_km,
        country=entry.country,
    )


def _region(unit: Entry) -> Region:
    return Region(
        id=unit.id,
        name=unit.name + ADMIN_SUFFIXES[unit.kind],
        kind=unit.kind,
        members=frozenset(),  # the scenario's loader fills them from the places' columns
        aliases=tuple(a for a in unit.aliases if ";" not in a),
        parent=unit.governorate or None,
        lat=unit.lat,
        lon=unit.lon,
    )


def _clip(points: Sequence[Point], box: tuple[float, float, float, float]) -> list[list[Point]]:
    """The runs of a line inside a box, each with one point beyond it at either end."""
    south, west, north, east = box

    def inside(point: Point) -> bool:
        return south <= point[0] <= north and west <= point[1] <= east

    runs: list[list[Point]] = []
    current: list[Point] = []
    for index, point in enumerate(points):
        if inside(point):
            if not current and index > 0:
                current.append(points[index - 1])
            current.append(point)
        elif current:
            current.append(point)
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [run for run in runs if len(run) >= 2]


def subset(store: Store, named: Iterable[str]) -> Subset:
    """What a scenario whose events name these gazetteer ids carries of the index."""
    entries = [e for e in (store.get(i) for i in dict.fromkeys(named)) if e is not None]
    places = {e.id: e for e in entries if not e.unit and e.point is not None}
    unit_ids: set[str] = set()
    for entry in entries:
        if entry.unit and entry.kind != "country":
            unit_ids.add(entry.id)
        unit_ids.update(u for u in (entry.governorate, entry.district) if u)
    units = {u.id: u for u in (store.get(i) for i in sorted(unit_ids)) if u is not None}
    for unit in list(units.values()):
        if unit.governorate and unit.governorate not in units:
            parent = store.get(unit.governorate)
            if parent is not None:
                units[parent.id] = parent
    for unit in [u for u in units.values() if u.kind == "governorate"]:
        for member in store.members(unit):
            if member.kind in ("city", "town") and member.point is not None:
                places.setdefault(member.id, member)
    villages: dict[str, tuple[float, Entry]] = {}
    for entry in entries:
        if entry.point is None or entry.unit:
            continue
        for away, near in store.around(entry.point, CONTEXT_KM):
            if near.id not in places and (near.id not in villages or away < villages[near.id][0]):
                villages[near.id] = (away, near)
    nearest = sorted(villages.values(), key=lambda pair: (pair[0], pair[1].id))
    for _away, near in nearest[:MAX_VILLAGES]:
        places[near.id] = near
    for entry in places.values():
        for unit_id in (entry.governorate, entry.district):
            if unit_id and unit_id not in units and (found := store.get(unit_id)) is not None:
                units[found.id] = found
    units = {i: u for i, u in units.items() if u.kind in ("governorate", "district")}
    outlines: dict[str, Ring] = {}
    for unit_id in sorted(units):
        parts: list[list[Point]] = store.outline(unit_id)
        if parts:
            largest = max(parts, key=len)  # islands and exclaves are left out
            outlines[unit_id] = tuple(largest)
    points = [e.point for e in places.values() if e.point is not None]
    points += [p for ring in outlines.values() for p in ring]
    lines: list[Line] = []
    if points:
        south, north = min(p[0] for p in points), max(p[0] for p in points)
        west, east = min(p[1] for p in points), max(p[1] for p in points)
        grow_lat = max((north - south) * _MARGIN, 10 / KM_PER_DEGREE)
        grow_lon = max((east - west) * _MARGIN, 10 / KM_PER_DEGREE)
        box = (south - grow_lat, west - grow_lon, north + grow_lat, east + grow_lon)
        for layer, line in store.lines(*box):
            lines += [(layer, tuple(run)) for run in _clip(line, box)]
    ordered_units = sorted(units.values(), key=lambda u: (u.kind != "governorate", u.id))
    return Subset(
        tuple(_place(e, units) for e in sorted(places.values(), key=lambda e: e.id)),
        tuple(_region(u) for u in ordered_units),
        outlines,
        tuple(lines),
    )
