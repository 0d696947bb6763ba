"""CSV tables: one row per period of a place's control, and one row per event in the columns of
an ACLED export, for spreadsheets, pandas and R."""

from __future__ import annotations

import csv
import datetime as dt
from typing import TextIO

from engine.exports.periods import EVERY_DAY, Span, attribution, events_in, place_periods
from engine.model.events import (
    AllegianceChanged,
    CasualtyReport,
    Contested,
    ControlChanged,
    Event,
    Incident,
    actor_field,
)
from engine.model.scenario import Scenario
from engine.model.world import World
from engine.replay.replayer import Replayer

PERIOD_COLUMNS = (
    "place", "name", "lat", "lon", "governorate", "district", "side", "faction", "status",
    "uncertain", "implied", "parties", "from", "to", "event", "quote", "hedging", "according_to",
    "source", "attribution",
)  # fmt: skip
# ACLED's names where the meaning is the same; `earliest`/`latest` and the rest after them are
# ours. event_date is the day the event takes effect, the last of its date range.
EVENT_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities", "earliest", "latest", "places", "hedging", "according_to",
    "disputes", "attribution",
)  # fmt: skip
# ACLED's geo_precision: 1 the place itself, 2 near it or part of a region, 3 a larger region.
GEO_PLACE, GEO_NEAR, GEO_REGION = 1, 2, 3
LIST_SEPARATOR = "; "


# A spreadsheet reads a cell that starts with one of these as a formula: text from an article
# ("=HYPERLINK(...)" as a place's name) must stay text, so such a cell gets a leading apostrophe,
# which spreadsheets show as nothing. Numbers (a negative longitude) are left as they are.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


class _Rows:
    """A CSV writer of dict rows whose text can never be taken for a formula."""

    def __init__(self, stream: TextIO, columns: tuple[str, ...]) -> None:
        self.writer = csv.DictWriter(stream, columns)
        self.writer.writeheader()

    def write(self, row: dict[str, object]) -> None:
        """One row."""
        self.writer.writerow({key: _cell(value) for key, value in row.items()})


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def write_periods_csv(
    stream: TextIO, scenario: Scenario, replayer: Replayer, span: Span = EVERY_DAY
) -> None:
    """One row per period of each place's control that meets the span ("to" empty: still so at
    the end), with where the place is and the sentence behind the period."""
    rows = _Rows(stream, PERIOD_COLUMNS)
    for row in place_periods(scenario, replayer, span):
        place, control, event = row.place, row.period.control, row.event
        prov = event.provenance if event else None
        rows.write(
            {
                "place": place.id,
                "name": place.name,
                "lat": place.lat,
                "lon": place.lon,
                "governorate": place.governorate,
                "district": place.district,
                "side": row.side or "",
                "faction": control.controller or "",
                "status": control.status.value,
                "uncertain": str(control.uncertain).lower(),
                "implied": str(control.implied).lower(),
                "parties": LIST_SEPARATOR.join(control.parties),
                "from": _iso(row.period.start),
                "to": _iso(row.period.end),
                "event": control.event or "",
                "quote": prov.quote if prov else "",
                "hedging": prov.hedging.value if prov else "",
                "according_to": (prov.attribution or "") if prov else "",
                "source": prov.source if prov else "",
                "attribution": attribution(scenario, event) if event else "",
            }
        )


def time_precision(event: Event) -> int:
    """ACLED's time precision: 1 the day is known, 2 the week, 3 no closer than the month."""
    if event.when.exact:
        return 1
    return 2 if (event.when.latest - event.when.earliest).days < 7 else 3


def _second_actor(event: Event) -> str | None:
    """The faction on the other side of an event, where it names one."""
    if isinstance(event, ControlChanged | AllegianceChanged):
        return event.previous
    if isinstance(event, Incident):
        return event.against
    if isinstance(event, Contested):
        return event.parties[1] if len(event.parties) > 1 else None
    return None


def _first_actor(event: Event) -> str | None:
    """The faction an event is mostly about (its taker, besieger, unit or party)."""
    if isinstance(event, Incident):
        return event.by
    if isinstance(event, Contested):
        return event.parties[0] if event.parties else None
    field = actor_field(type(event))
    value = getattr(event, field) if field else None
    return value if isinstance(value, str) else None


def _actor_name(world: World, faction: str | None) -> str:
    """A faction's full name, as ACLED names actors (a party that is no faction by its id)."""
    if faction is None:
        return ""
    return world.factions[faction].name if faction in world.factions else faction


def _location(world: World, event: Event) -> dict[str, object]:
    """Where an event was: its first place, or the region it names, with ACLED's precision."""
    places = world.places
    targets = [t for t in event.places if t in places]
    empty = {"admin1": "", "admin2": "", "location": "", "latitude": "", "longitude": ""}
    if not targets:
        return {**empty, "geo_precision": ""}
    first = targets[0]
    if places.is_place(first):
        place = places.place(first)
        return {
            "admin1": place.governorate,
            "admin2": place.district,
            "location": place.name,
            "latitude": place.lat,
            "longitude": place.lon,
            "geo_precision": GEO_PLACE if len(targets) == 1 else GEO_NEAR,
        }
    region = places.regions[first]
    members = [places.place(m) for m in sorted(region.members)]
    governorates = {m.governorate for m in members}
    districts = {m.district for m in members}
    lat, lon = region.lat, region.lon
    if (lat is None or lon is None) and members:  # no point of its own: its places' middle
        lat = sum(m.lat for m in members) / len(members)
        lon = sum(m.lon for m in members) / len(members)
    return {
        "admin1": governorates.pop() if len(governorates) == 1 else "",
        "admin2": districts.pop() if len(districts) == 1 else "",
        "location": region.name,
        "latitude": "" if lat is None else lat,
        "longitude": "" if lon is None else lon,
        "geo_precision": GEO_REGION,
    }


def write_events_csv(stream: TextIO, scenario: Scenario, span: Span = EVERY_DAY) -> None:
    """One row per event whose dates meet the span, in log order, in ACLED's columns; notes is
    the quote."""
    world = scenario.world
    rows = _Rows(stream, EVENT_COLUMNS)
    for event in events_in(scenario, span):
        prov = event.provenance
        # how control passed, or what kind of incident: ACLED's sub-event
        sub = getattr(event, "how", None) or getattr(event, "type", None)
        killed = event.killed if isinstance(event, CasualtyReport) else None
        source = scenario.sources.get(prov.source)
        rows.write(
            {
                "event_id_cnty": event.id,
                "event_date": event.when.latest.isoformat(),
                "year": event.when.latest.year,
                "time_precision": time_precision(event),
                "event_type": event.kind,
                "sub_event_type": sub.value if sub is not None else "",
                "actor1": _actor_name(world, _first_actor(event)),
                "actor2": _actor_name(world, _second_actor(event)),
                **_location(world, event),
                "source": source.title if source else prov.source,
                "notes": prov.quote,
                "fatalities": killed.low if killed else "",
                "earliest": event.when.earliest.isoformat(),
                "latest": event.when.latest.isoformat(),
                "places": LIST_SEPARATOR.join(event.places),
                "hedging": prov.hedging.value,
                "according_to": prov.attribution or "",
                "disputes": LIST_SEPARATOR.join(event.disputes),
                "attribution": attribution(scenario, event),
            }
        )
