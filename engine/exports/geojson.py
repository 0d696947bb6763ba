"""GeoJSON (RFC 7946): each place's periods of control as points with their days, which the time
controls of QGIS and kepler.gl play; and, for one day, each side's ground as polygons, the
contested and besieged ground, and the front line."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any, TextIO

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from engine.exports.periods import EVERY_DAY, PlacePeriod, Span, place_periods
from engine.model.control import Status
from engine.model.scenario import Scenario
from engine.replay.replayer import Replayer
from engine.territory.cache import partition_of
from engine.territory.front import front_line, hostile_pairs
from engine.territory.ground import ground, sides_of, statuses_of
from engine.territory.partition import Partition

Feature = dict[str, Any]

# Coordinates to a millionth of a degree (10 cm), as RFC 7946 advises: more digits are noise
# that doubles the file.
GRID_DEGREES = 1e-6
_EPOCH = dt.date(1970, 1, 1)
_SHOWN_STATUSES = (Status.CONTESTED, Status.BESIEGED)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def epoch_ms(day: dt.date | None) -> int | None:
    """Milliseconds from 1970 to the start of a day (UTC): the timestamp kepler.gl plays."""
    return (day - _EPOCH).days * 86_400_000 if day else None


def period_feature(row: PlacePeriod) -> Feature:
    """One place's period of control as a point at the place, [lon, lat]."""
    period, control, event = row.period, row.period.control, row.event
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [row.place.lon, row.place.lat]},
        "properties": {
            "kind": "period",
            "place": row.place.id,
            "name": row.place.name,
            "start": _iso(period.start),
            "end": _iso(period.end),  # the period's last day; null: still so at the end
            "timestamp": epoch_ms(period.start),
            "side": row.side,
            "faction": control.controller,
            "status": control.status.value,
            "uncertain": control.uncertain,
            "implied": control.implied,
            "parties": list(control.parties),
            "event": control.event,
            "quote": event.provenance.quote if event else None,
            "hedging": event.provenance.hedging.value if event else None,
        },
    }


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygons of a geometry: clipping a cell to an outline can leave a stray line."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def _on_grid(geometry: BaseGeometry) -> BaseGeometry:
    """A geometry snapped to the coordinate grid (staying valid) with its polygons' outer rings
    anticlockwise and holes clockwise, the right-hand rule of RFC 7946."""
    snapped = shapely.set_precision(geometry, GRID_DEGREES)
    return shapely.orient_polygons(snapped, exterior_cw=False)


def _area(partition: Partition, cells: Iterable[int], properties: dict[str, Any]) -> Feature | None:
    """The ground of some cells as one (Multi)Polygon feature; None where they hold none."""
    shape = _on_grid(_polygonal(partition.shape(cells)))
    if shape.is_empty:
        return None
    return {"type": "Feature", "geometry": mapping(shape), "properties": properties}


def territory_features(scenario: Scenario, replayer: Replayer, day: dt.date) -> Iterator[Feature]:
    """The ground of a day: each side's territory (kind "territory"), the contested and besieged
    ground of each side (kind "status"), and the front line between hostile sides (kind
    "front"), in (lon, lat)."""
    partition = partition_of(scenario)
    state = replayer.at(day)
    sides = sides_of(partition, replayer, state)
    date = day.isoformat()
    for held in ground(partition, sides):
        if held.side is None:  # ground whose control is unknown is left blank
            continue
        cells = [n for n, side in enumerate(sides) if side == held.side]
        properties = {
            "kind": "territory",
            "side": held.side,
            "date": date,
            "places": held.places,
            "km2": round(held.km2, 1),
        }
        feature = _area(partition, cells, properties)
        if feature is not None:
            yield feature
    # a besieged place whose holder is unknown is besieged ground all the same (side null)
    fighting: defaultdict[tuple[str, str | None], list[int]] = defaultdict(list)
    for n, held_as in enumerate(statuses_of(partition, replayer, state)):
        if held_as in _SHOWN_STATUSES:
            fighting[(held_as.value, sides[n])].append(n)
    for (status, side), cells in sorted(fighting.items(), key=lambda k: (k[0][0], k[0][1] or "")):
        properties = {
            "kind": "status",
            "status": status,
            "side": side,
            "date": date,
            "places": len(cells),
            "km2": round(float(partition.areas[cells].sum()), 1),
        }
        feature = _area(partition, cells, properties)
        if feature is not None:
            yield feature
    line = _on_grid(front_line(partition, sides))
    if not line.is_empty:
        km = partition.border_km(np.flatnonzero(hostile_pairs(partition, sides)))
        yield {
            "type": "Feature",
            "geometry": mapping(line),
            "properties": {"kind": "front", "date": date, "km": round(float(km.sum()), 1)},
        }


def write_geojson(
    stream: TextIO,
    scenario: Scenario,
    replayer: Replayer,
    span: Span = EVERY_DAY,
    day: dt.date | None = None,
) -> None:
    """A FeatureCollection of every place's periods of control that meet the span, and, given a
    day, that day's ground: one feature a line, so that a big file can be read a line at a time."""
    periods = (period_feature(row) for row in place_periods(scenario, replayer, span))
    ground_of_day = territory_features(scenario, replayer, day) if day else ()
    name = json.dumps(scenario.title, ensure_ascii=False)
    stream.write(f'{{"type":"FeatureCollection","name":{name},"features":[')
    separator = "\n"
    for feature in chain(periods, ground_of_day):
        text = json.dumps(feature, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        stream.write(separator + text)
        separator = ",\n"
    stream.write("\n]}\n")
