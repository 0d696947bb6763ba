"""The data exports read back by the tools that consume them: shapely on GeoJSON, csv on the
tables, ElementTree on KML, networkx on GraphML, json on TimelineJS, on the bundled scenario, one
extracted from an article, a synthetic war, and one whose names and quotes are hostile."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import math
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import networkx as nx
import pytest
import shapely
from shapely.geometry import shape

from engine.exports.csv_tables import (
    EVENT_COLUMNS,
    PERIOD_COLUMNS,
    write_events_csv,
    write_periods_csv,
)
from engine.exports.geojson import write_geojson
from engine.exports.graphml import write_graphml
from engine.exports.kml import KML_NAMESPACE, write_kml
from engine.exports.periods import EVERY_DAY, Span
from engine.exports.timelinejs import write_timelinejs
from engine.formats.scenario_files import load_scenario
from engine.model.control import Status
from engine.model.log import Log
from engine.model.places import build_place_graph
from engine.model.scenario import Scenario
from engine.model.world import World
from engine.replay.replayer import Period, Replayer
from engine.territory.cache import partition_of
from engine.testing.synth import synthesize

ROOT = Path(__file__).resolve().parent.parent
# A name and a quote that break whatever does not escape: markup, entities, both quotes, the
# field separator, a line break, a control character XML cannot hold, a spreadsheet formula.
HOSTILE_NAME = 'Tal <script>alert("x")</script> & \'Co\', "quoted"\x01 [b]'
HOSTILE_QUOTE = '=HYPERLINK("x"), <script>x</script> &amp; "said",\r\nthe second line\x01'
KML = f"{{{KML_NAMESPACE}}}"
# How far a place's ground reaches beyond the places' box, in degrees (12 km, with room).
REACH_DEGREES = 0.25

Case = tuple[Scenario, Replayer]


def _case(scenario: Scenario) -> Case:
    return scenario, Replayer(scenario.world, scenario.log)


def hostile(scenario: Scenario) -> Scenario:
    """A scenario whose busiest place has the hostile name, and the first change of its hands
    the hostile quote."""
    named = Counter(t for e in scenario.log for t in e.places if scenario.world.places.is_place(t))
    target = named.most_common(1)[0][0]
    places = [
        attrs.evolve(p, name=HOSTILE_NAME) if p.id == target else p
        for p in scenario.world.places.places
    ]
    graph = build_place_graph(places, scenario.world.places.regions.values())
    first = next(e.id for e in scenario.log if e.kind == "control" and target in e.places)
    events = [
        attrs.evolve(e, provenance=attrs.evolve(e.provenance, quote=HOSTILE_QUOTE))
        if e.id == first
        else e
        for e in scenario.log
    ]
    return attrs.evolve(scenario, world=World(graph, scenario.world.factions), log=Log(events))


@pytest.fixture(scope="module", params=["default", "extracted", "synthetic", "hostile"])
def case(request: pytest.FixtureRequest) -> Case:
    """A scenario and its replayer."""
    if request.param == "default":
        return _case(load_scenario(None))
    if request.param == "extracted":
        return _case(request.getfixturevalue("iraqi_scenario"))
    synthetic = synthesize(120, 900, 90, 11, dt.date(2021, 3, 1))
    return _case(hostile(synthetic) if request.param == "hostile" else synthetic)


@pytest.fixture(scope="module")
def evil() -> Case:
    """The hostile scenario on its own, for the tests of escaping."""
    return _case(hostile(synthesize(60, 400, 60, 5)))


def middle(scenario: Scenario) -> dt.date:
    """A day halfway through the scenario's period."""
    return scenario.start + (scenario.end - scenario.start) / 2


def timelines(scenario: Scenario, replayer: Replayer) -> dict[str, list[Period]]:
    """Every place's periods, as the replayer gives them."""
    return {p.id: replayer.timeline(p.id) for p in scenario.world.places.places}


def meets(period: Period, span: Span) -> bool:
    """The naive test of a period against a span: some day of the one is a day of the other."""
    last = period.end or dt.date.max
    first = period.start or dt.date.min
    return (span.first or dt.date.min) <= last and first <= (span.last or dt.date.max)


def periods_in(case: Case, span: Span) -> list[tuple[str, Period]]:
    """The (place, period) pairs that an export of the span should hold."""
    return [
        (p, period) for p, ps in timelines(*case).items() for period in ps if meets(period, span)
    ]


def as_text(write: Callable[[io.StringIO], None]) -> str:
    """What a writer writes, as a string."""
    stream = io.StringIO()
    write(stream)
    return stream.getvalue()


def side(scenario: Scenario, replayer: Replayer, place: str, day: dt.date) -> str | None:
    """A place's side on a day, from the replayer and the factions."""
    controller = replayer.control_at(place, day).controller
    if controller is None:
        return None
    return scenario.world.factions.side_of(controller, replayer.allegiance_on(day))


# ------------------------------------------------------------------ what every exporter does


class ExporterContract:
    """The tests every exporter passes: it writes the same text twice, its reader reads it, one
    record per period (or event, or place) of the span, and hostile text comes back as it was
    (or escaped, where the consumer renders HTML)."""

    def export(self, case: Case, span: Span) -> str:
        """The export of a span of days (of its last day, for one-day exports)."""
        raise NotImplementedError

    def records(self, text: str) -> list[Any]:
        """The export read back by its consumer: one record per period, event or place."""
        raise NotImplementedError

    def expected(self, case: Case, span: Span) -> int:
        """How many records the span should give, worked out from the replayer or the log."""
        raise NotImplementedError

    def names(self, text: str) -> set[str]:
        """The place names the consumer reads from the export."""
        raise NotImplementedError

    shown_name = HOSTILE_NAME  # the hostile name as the consumer should read it

    def test_the_consumer_reads_one_record_for_each(self, case: Case) -> None:
        text = self.export(case, EVERY_DAY)
        assert len(self.records(text)) == self.expected(case, EVERY_DAY)

    def test_one_day_holds_what_covers_it(self, case: Case) -> None:
        day = middle(case[0])
        span = Span(day, day)
        assert len(self.records(self.export(case, span))) == self.expected(case, span)

    def test_the_same_text_every_time(self, case: Case) -> None:
        assert self.export(case, EVERY_DAY) == self.export(case, EVERY_DAY)

    def test_a_hostile_name_comes_back_as_it_was(self, evil: Case) -> None:
        assert self.shown_name in self.names(self.export(evil, EVERY_DAY))


# ------------------------------------------------------------------ GeoJSON


def features(text: str, kind: str) -> list[dict[str, Any]]:
    """The features of one kind ("period", "territory", "status", "front")."""
    return [f for f in json.loads(text)["features"] if f["properties"]["kind"] == kind]


def bounds(scenario: Scenario) -> tuple[float, float, float, float]:
    """The box of the scenario's places, with the reach of their ground: (west, south, east,
    north)."""
    places = list(scenario.world.places.places)
    return (
        min(p.lon for p in places) - REACH_DEGREES,
        min(p.lat for p in places) - REACH_DEGREES,
        max(p.lon for p in places) + REACH_DEGREES,
        max(p.lat for p in places) + REACH_DEGREES,
    )


class TestGeoJSON(ExporterContract):
    def export(self, case: Case, span: Span, day: dt.date | None = None) -> str:
        return as_text(lambda s: write_geojson(s, *case, span, day))

    def records(self, text: str) -> list[Any]:
        return features(text, "period")

    def expected(self, case: Case, span: Span) -> int:
        return len(periods_in(case, span))

    def names(self, text: str) -> set[str]:
        return {f["properties"]["name"] for f in self.records(text)}

    def test_every_place_has_its_timeline(self, case: Case) -> None:
        scenario, replayer = case
        read: defaultdict[str, list[tuple[object, ...]]] = defaultdict(list)
        for feature in self.records(self.export(case, EVERY_DAY)):
            p = feature["properties"]
            read[p["place"]].append((p["start"], p["end"], p["faction"], p["status"], p["event"]))
        for place, periods in timelines(scenario, replayer).items():
            assert read.get(place, []) == [
                (
                    period.start.isoformat() if period.start else None,
                    period.end.isoformat() if period.end else None,
                    period.control.controller,
                    period.control.status.value,
                    period.control.event,
                )
                for period in periods
            ], place

    def test_quotes_and_hedging_are_the_events(self, case: Case) -> None:
        log = case[0].log
        for feature in self.records(self.export(case, EVERY_DAY)):
            p = feature["properties"]
            event = log.by_id[p["event"]] if p["event"] else None
            assert p["quote"] == (event.provenance.quote if event else None)
            assert p["hedging"] == (event.provenance.hedging.value if event else None)

    def test_points_are_the_places_in_lon_lat(self, case: Case) -> None:
        places = case[0].world.places
        for feature in self.records(self.export(case, EVERY_DAY)):
            point = shape(feature["geometry"])
            place = places.place(feature["properties"]["place"])
            assert isinstance(point, shapely.Point)
            assert (point.x, point.y) == (place.lon, place.lat)

    def test_times_for_qgis_and_kepler(self, case: Case) -> None:
        for feature in self.records(self.export(case, EVERY_DAY)):
            p = feature["properties"]
            start = dt.date.fromisoformat(p["start"])
            moment = dt.datetime.fromtimestamp(p["timestamp"] / 1000, dt.UTC)
            assert moment == dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC)
            assert p["end"] is None or dt.date.fromisoformat(p["end"]) >= start

    @pytest.mark.parametrize("when", ["middle", "end"])
    def test_rfc_7946(self, case: Case, when: str) -> None:
        day = middle(case[0]) if when == "middle" else case[0].end
        collection = json.loads(self.export(case, EVERY_DAY, day))
        assert collection["type"] == "FeatureCollection"
        assert "crs" not in collection
        west, south, east, north = bounds(case[0])
        for feature in collection["features"]:
            geometry = shape(feature["geometry"])
            assert geometry.is_valid
            assert not geometry.is_empty
            x1, y1, x2, y2 = geometry.bounds
            assert west <= x1 <= x2 <= east  # longitudes first
            assert south <= y1 <= y2 <= north
            for polygon in shapely.get_parts(geometry) if geometry.geom_type != "Point" else ():
                if polygon.geom_type != "Polygon":
                    continue
                # the right-hand rule: outer rings anticlockwise, holes clockwise
                assert polygon.exterior.is_ccw
                assert not any(ring.is_ccw for ring in polygon.interiors)

    @pytest.mark.parametrize("when", ["middle", "end"])
    def test_a_sides_territory_holds_its_places(self, case: Case, when: str) -> None:
        scenario, replayer = case
        day = middle(scenario) if when == "middle" else scenario.end
        text = self.export(case, Span(day, day), day)
        territory = {f["properties"]["side"]: f for f in features(text, "territory")}
        expected = Counter(
            side(scenario, replayer, p.id, day) for p in scenario.world.places.places
        )
        expected.pop(None, None)
        assert {s: f["properties"]["places"] for s, f in territory.items()} == dict(expected)
        for f in territory.values():
            assert f["properties"]["date"] == day.isoformat()
            assert f["properties"]["km2"] > 0
        # a place's point lies in its side's ground (places at one point share one cell: the
        # first one's)
        at_point = Counter((p.lat, p.lon) for p in scenario.world.places.places)
        shapes = {s: shape(f["geometry"]) for s, f in territory.items()}
        for place in scenario.world.places.places:
            held_by = side(scenario, replayer, place.id, day)
            if held_by is not None and at_point[(place.lat, place.lon)] == 1:
                point = shapely.Point(place.lon, place.lat)
                assert shapes[held_by].distance(point) < 1e-5, place.id

    def test_contested_and_besieged_ground(self, case: Case) -> None:
        scenario, replayer = case
        days = [middle(scenario), scenario.end]
        for day in days:
            found = {
                (f["properties"]["status"], f["properties"]["side"]): f["properties"]["places"]
                for f in features(self.export(case, Span(day, day), day), "status")
            }
            expected: Counter[tuple[str, str | None]] = Counter()
            drawn: set[tuple[str, str | None]] = set()
            partition = partition_of(scenario)
            for place in scenario.world.places.places:
                status = replayer.control_at(place.id, day).status
                if status in (Status.CONTESTED, Status.BESIEGED):
                    key = (status.value, side(scenario, replayer, place.id, day))
                    expected[key] += 1
                    if partition.areas[partition.index[place.id]] > 0:
                        drawn.add(key)  # a place at another's point has no ground to draw
            assert found == {key: n for key, n in expected.items() if key in drawn}

    def test_the_front_is_lines(self, case: Case) -> None:
        day = middle(case[0])
        for front in features(self.export(case, Span(day, day), day), "front"):
            assert shape(front["geometry"]).geom_type in ("LineString", "MultiLineString")
            assert front["properties"]["km"] > 0

    def test_no_ground_without_a_day(self, case: Case) -> None:
        text = self.export(case, EVERY_DAY)
        assert {f["properties"]["kind"] for f in json.loads(text)["features"]} <= {"period"}


# ------------------------------------------------------------------ CSV


def as_text_cell(text: str) -> str:
    """How a spreadsheet must be given text: never as a formula, so text that a spreadsheet would
    start a formula with ("=", "+", "-", "@", a tab or a carriage return) has an apostrophe
    first."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def rows(text: str) -> list[dict[str, str]]:
    """The rows of a CSV table, as csv.DictReader reads them."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


class TestPeriodsCSV(ExporterContract):
    def export(self, case: Case, span: Span) -> str:
        return as_text(lambda s: write_periods_csv(s, *case, span))

    def records(self, text: str) -> list[Any]:
        return rows(text)

    def expected(self, case: Case, span: Span) -> int:
        return len(periods_in(case, span))

    def names(self, text: str) -> set[str]:
        return {row["name"] for row in rows(text)}

    def test_columns(self, case: Case) -> None:
        reader = csv.DictReader(io.StringIO(self.export(case, EVERY_DAY), newline=""))
        assert tuple(reader.fieldnames or ()) == PERIOD_COLUMNS

    def test_rows_are_the_periods(self, case: Case) -> None:
        scenario = case[0]
        log, places = scenario.log, scenario.world.places
        expected = []
        for place, period in periods_in(case, EVERY_DAY):
            event = log.by_id[period.control.event] if period.control.event else None
            expected.append(
                (
                    place,
                    places.place(place).governorate,
                    period.start.isoformat() if period.start else "",
                    period.end.isoformat() if period.end else "",
                    period.control.controller or "",
                    as_text_cell(event.provenance.quote) if event else "",
                )
            )
        found = [
            (r["place"], r["governorate"], r["from"], r["to"], r["faction"], r["quote"])
            for r in rows(self.export(case, EVERY_DAY))
        ]
        assert found == expected

    def test_a_hostile_quote_comes_back_as_text_not_a_formula(self, evil: Case) -> None:
        found = rows(self.export(evil, EVERY_DAY))
        assert "'" + HOSTILE_QUOTE in {row["quote"] for row in found}
        assert not [v for row in found for v in row.values() if v[:1] in ("=", "+", "@")]

    def test_attribution_is_the_source_and_its_licence(self, case: Case) -> None:
        scenario = case[0]
        for row in rows(self.export(case, EVERY_DAY)):
            if row["event"]:
                source = scenario.sources[scenario.log.by_id[row["event"]].provenance.source]
                assert source.title in row["attribution"]
                assert source.licence in row["attribution"]


class TestEventsCSV(ExporterContract):
    def export(self, case: Case, span: Span) -> str:
        return as_text(lambda s: write_events_csv(s, case[0], span))

    def records(self, text: str) -> list[Any]:
        return rows(text)

    def expected(self, case: Case, span: Span) -> int:
        return sum(
            1
            for e in case[0].log
            if (span.first is None or span.first <= e.when.latest)
            and (span.last is None or e.when.earliest <= span.last)
        )

    def names(self, text: str) -> set[str]:
        return {row["location"] for row in rows(text)}

    def test_acled_columns(self, case: Case) -> None:
        reader = csv.DictReader(io.StringIO(self.export(case, EVERY_DAY), newline=""))
        assert tuple(reader.fieldnames or ()) == EVENT_COLUMNS
        for column in ("event_id_cnty", "event_date", "year", "time_precision", "actor1", "notes"):
            assert column in EVENT_COLUMNS

    def test_rows_are_the_events(self, case: Case) -> None:
        scenario = case[0]
        places = scenario.world.places
        found = rows(self.export(case, EVERY_DAY))
        assert [r["event_id_cnty"] for r in found] == [e.id for e in scenario.log]
        for row, event in zip(found, scenario.log, strict=True):
            assert row["notes"] == as_text_cell(event.provenance.quote)
            assert row["event_date"] == event.when.latest.isoformat()
            assert int(row["year"]) == event.when.latest.year
            days = (event.when.latest - event.when.earliest).days
            assert row["time_precision"] == ("1" if days == 0 else "2" if days < 7 else "3")
            if len(event.places) == 1 and places.is_place(event.places[0]):
                place = places.place(event.places[0])
                assert (float(row["latitude"]), float(row["longitude"])) == (place.lat, place.lon)
                assert row["location"] == place.name
                assert row["geo_precision"] == "1"

    def test_a_hostile_quote_comes_back_as_text_not_a_formula(self, evil: Case) -> None:
        found = rows(self.export(evil, EVERY_DAY))
        assert "'" + HOSTILE_QUOTE in {row["notes"] for row in found}
        assert not [v for row in found for v in row.values() if v[:1] in ("=", "+", "@")]


# ------------------------------------------------------------------ KML


class TestKML(ExporterContract):
    # XML cannot hold a control character at all: it is written as \x01, as the CLI shows it
    shown_name = HOSTILE_NAME.replace("\x01", "\\x01")

    def export(self, case: Case, span: Span) -> str:
        return as_text(lambda s: write_kml(s, *case, span))

    def records(self, text: str) -> list[Any]:
        return ET.fromstring(text).findall(f".//{KML}Placemark")

    def expected(self, case: Case, span: Span) -> int:
        return len(periods_in(case, span))

    def names(self, text: str) -> set[str]:
        return {p.findtext(f"{KML}name") or "" for p in self.records(text)}

    def test_every_placemark_has_its_time_span(self, case: Case) -> None:
        placemarks = self.records(self.export(case, EVERY_DAY))
        places = case[0].world.places
        for placemark, (place, period) in zip(placemarks, periods_in(case, EVERY_DAY), strict=True):
            span = placemark.find(f"{KML}TimeSpan")
            assert span is not None
            begin, end = span.findtext(f"{KML}begin"), span.findtext(f"{KML}end")
            assert begin == (period.start.isoformat() if period.start else None)
            # an instant: the start of the day after the period's last
            after = period.end + dt.timedelta(days=1) if period.end else None
            assert end == (after.isoformat() if after else None)
            lon, lat = map(float, (placemark.findtext(f".//{KML}coordinates") or "").split(","))
            assert (lat, lon) == (places.place(place).lat, places.place(place).lon)
            assert (placemark.findtext(f"{KML}styleUrl") or "").startswith("#")

    def test_every_style_used_is_defined(self, case: Case) -> None:
        root = ET.fromstring(self.export(case, EVERY_DAY))
        defined = {"#" + (s.get("id") or "") for s in root.iter(f"{KML}Style")}
        used = {p.findtext(f"{KML}styleUrl") for p in root.iter(f"{KML}Placemark")}
        assert used <= defined

    def test_the_description_is_escaped_html(self, evil: Case) -> None:
        # a KML reader renders the description as HTML: the quote must be text there
        descriptions = [
            p.findtext(f"{KML}description") or ""
            for p in self.records(self.export(evil, EVERY_DAY))
        ]
        assert not any("<script>" in d for d in descriptions)
        shown = HOSTILE_QUOTE.replace("\x01", "\\x01").replace("\r\n", "\n")
        assert any(shown in html.unescape(d) for d in descriptions)


# ------------------------------------------------------------------ GraphML


class TestGraphML(ExporterContract):
    shown_name = HOSTILE_NAME.replace("\x01", "\\x01")

    def export(self, case: Case, span: Span) -> str:
        day = span.last or case[0].end
        return as_text(lambda s: write_graphml(s, *case, day))

    def records(self, text: str) -> list[Any]:
        return list(self.graph(text).nodes)

    def graph(self, text: str) -> nx.Graph:
        """The graph as networkx reads it back."""
        return nx.read_graphml(io.BytesIO(text.encode("utf-8")))

    def expected(self, case: Case, span: Span) -> int:
        return len(list(case[0].world.places.places))

    def names(self, text: str) -> set[str]:
        return {data["name"] for _, data in self.graph(text).nodes(data=True)}

    @pytest.mark.parametrize("where", [0.0, 0.5, 1.0])
    def test_nodes_hold_the_control_of_the_day(self, case: Case, where: float) -> None:
        scenario, replayer = case
        day = scenario.start + (scenario.end - scenario.start) * where
        graph = self.graph(self.export(case, Span(day, day)))
        assert graph.graph["date"] == day.isoformat()
        for place in scenario.world.places.places:
            control = replayer.control_at(place.id, day)
            node = graph.nodes[place.id]
            assert node["controller"] == (control.controller or "")
            assert node["status"] == control.status.value
            assert node["since"] == (control.since.isoformat() if control.since else "")
            assert node["side"] == (side(scenario, replayer, place.id, day) or "")
            assert (node["lat"], node["lon"]) == (place.lat, place.lon)

    def test_edges_join_neighbours_and_mark_the_front(self, case: Case) -> None:
        scenario, replayer = case
        day = middle(scenario)
        graph = self.graph(self.export(case, Span(day, day)))
        assert graph.number_of_edges() > 0
        for a, b, data in graph.edges(data=True):
            assert data["km"] > 0
            sides = side(scenario, replayer, a, day), side(scenario, replayer, b, day)
            assert data["hostile"] == (None not in sides and sides[0] != sides[1])
            # neighbours' cells meet: their places are at most two reaches apart
            pa, pb = (scenario.world.places.place(p) for p in (a, b))
            assert math.dist((pa.lat, pa.lon), (pb.lat, pb.lon)) < 2 * REACH_DEGREES


# ------------------------------------------------------------------ TimelineJS


class TestTimelineJS(ExporterContract):
    shown_name = html.escape(HOSTILE_NAME)  # TimelineJS renders HTML: escaped, never markup

    def export(self, case: Case, span: Span) -> str:
        return as_text(lambda s: write_timelinejs(s, case[0], span))

    def records(self, text: str) -> list[Any]:
        events: list[Any] = json.loads(text)["events"]
        return events

    def expected(self, case: Case, span: Span) -> int:
        return TestEventsCSV().expected(case, span)

    def names(self, text: str) -> set[str]:
        # the place names, as they stand in the headlines ("Name: captured by ...")
        return {e["text"]["headline"].split(": ")[0] for e in self.records(text)}

    def test_every_event_is_there(self, case: Case) -> None:
        slides = self.records(self.export(case, EVERY_DAY))
        assert [s["unique_id"] for s in slides] == [e.id for e in case[0].log]
        for slide, event in zip(slides, case[0].log, strict=True):
            first = event.when.earliest
            assert slide["start_date"] == {
                "year": first.year,
                "month": first.month,
                "day": first.day,
            }
            assert ("end_date" in slide) == (not event.when.exact)
            assert slide["group"] == event.kind
            assert html.escape(event.provenance.quote) in slide["text"]["text"]

    def test_no_markup_from_the_text(self, evil: Case) -> None:
        text = self.export(evil, EVERY_DAY)
        document = json.loads(text)
        assert "<script" not in text
        assert any(HOSTILE_QUOTE in html.unescape(e["text"]["text"]) for e in document["events"])
        assert document["title"]["text"]["headline"] == html.escape(evil[0].title)
