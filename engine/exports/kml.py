"""KML 2.2, for Google Earth and QGIS: each place's periods of control as placemarks with their
time spans, in a folder per place, styled by side."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import xml.etree.ElementTree as ET
from typing import TextIO

from engine.exports.periods import EVERY_DAY, PlacePeriod, Span, place_periods, xml_text
from engine.model.scenario import Scenario
from engine.replay.replayer import Replayer
from engine.wording import Namer, control_words, display_names, hedge_words

KML_NAMESPACE = "http://www.opengis.net/kml/2.2"
# Icon colours of the sides, in the order the sides first appear, as KML writes colours:
# aabbggrr. Unknown control is grey.
PALETTE = ("ff3c14dc", "ffb48246", "ff32cd32", "ff00a5ff", "ffd30094", "ff8b8b00", "ff1e69d2")
UNKNOWN_COLOUR = "ffa0a0a0"
UNKNOWN_STYLE = "unknown"
ICON = "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    """A child element holding text from files or articles (ElementTree escapes it)."""
    child = ET.SubElement(parent, tag)
    child.text = xml_text(text)
    return child


def _leaf(tag: str, text: str) -> ET.Element:
    """An element on its own holding text from files or articles."""
    element = ET.Element(tag)
    element.text = xml_text(text)
    return element


def _style(style_id: str, colour: str) -> ET.Element:
    style = ET.Element("Style", id=style_id)
    icon_style = ET.SubElement(style, "IconStyle")
    _text(icon_style, "color", colour)
    _text(ET.SubElement(icon_style, "Icon"), "href", ICON)
    return style


def _description(row: PlacePeriod, names: Namer) -> str:
    """The placemark's balloon, which KML readers show as HTML: every piece of text escaped for
    HTML here, and the whole escaped again for XML by the writer."""
    control, event = row.period.control, row.event
    parts = [f"<p>{html.escape(control_words(control, names))}</p>"]
    if event is not None:
        parts.append(f"<blockquote>{html.escape(event.provenance.quote)}</blockquote>")
        how = hedge_words(event)
        parts.append(f"<p>{html.escape(event.id + (f', {how}' if how else ''))}</p>")
    return "".join(parts)


def _placemark(row: PlacePeriod, style: str, names: Namer) -> ET.Element:
    period, control, event = row.period, row.period.control, row.event
    placemark = ET.Element("Placemark")
    _text(placemark, "name", row.place.name)
    _text(placemark, "description", _description(row, names))
    span = ET.SubElement(placemark, "TimeSpan")
    if period.start is not None:
        _text(span, "begin", period.start.isoformat())
    if period.end is not None:
        # A KML time is an instant: the period lasts until the start of the day after its last,
        # when the next period begins, so that one place's spans meet without a gap.
        _text(span, "end", (period.end + dt.timedelta(days=1)).isoformat())
    _text(placemark, "styleUrl", f"#{style}")
    data = ET.SubElement(placemark, "ExtendedData")
    fields = {
        "place": row.place.id,
        "side": row.side or "",
        "faction": control.controller or "",
        "status": control.status.value,
        "event": control.event or "",
        "hedging": event.provenance.hedging.value if event else "",
    }
    for name, value in fields.items():
        _text(ET.SubElement(data, "Data", name=name), "value", value)
    point = ET.SubElement(placemark, "Point")
    _text(point, "coordinates", f"{row.place.lon},{row.place.lat}")
    return placemark


def write_kml(
    stream: TextIO, scenario: Scenario, replayer: Replayer, span: Span = EVERY_DAY
) -> None:
    """A KML document: a folder per place holding a placemark per period of its control that
    meets the span, each with its TimeSpan (no end: still so at the end), coloured by side."""
    rows = list(place_periods(scenario, replayer, span))
    # Every side a faction can be on (the factions in no coalition), so that a side keeps its
    # colour whatever the days exported; then any other side the rows hold.
    tops = [f.id for f in scenario.world.factions if f.coalition is None]
    sides = dict.fromkeys([*tops, *(row.side for row in rows if row.side is not None)])
    style_of = {side: f"side-{n}" for n, side in enumerate(sides)}
    names = display_names(scenario.world)

    def put(element: ET.Element) -> None:
        # One element a line, written as it is made: a big war's tree is never held whole.
        stream.write(ET.tostring(element, encoding="unicode") + "\n")

    stream.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="{KML_NAMESPACE}">\n')
    stream.write("<Document>\n")
    put(_leaf("name", scenario.title))
    for n, style in enumerate(style_of.values()):
        put(_style(style, PALETTE[n % len(PALETTE)]))
    put(_style(UNKNOWN_STYLE, UNKNOWN_COLOUR))
    for _place, periods in itertools.groupby(rows, key=lambda row: row.place.id):
        group = list(periods)
        stream.write("<Folder>")
        put(_leaf("name", group[0].place.name))
        for row in group:
            style = style_of[row.side] if row.side is not None else UNKNOWN_STYLE
            put(_placemark(row, style, names))
        stream.write("</Folder>\n")
    stream.write("</Document>\n</kml>\n")
