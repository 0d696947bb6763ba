"""What the data exports are made of: the days an export covers, and each place's periods of
control with the event behind each and the side of its controller."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache

from attrs import frozen

from engine.model.events import Event
from engine.model.factions import NO_ALLEGIANCE
from engine.model.places import Place
from engine.model.scenario import Scenario
from engine.replay.replayer import Period, Replayer

# Events looked up by id and kept for the periods after: a region's event is behind the periods
# of all its places, but a big log's events cannot all be kept.
_EVENTS_KEPT = 1 << 14


@frozen
class Span:
    """The days an export covers, both ends included (None: open at that end)."""

    first: dt.date | None = None
    last: dt.date | None = None

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """True when the days from start to end (None: open at that end) meet the span."""
        return (self.last is None or start is None or start <= self.last) and (
            self.first is None or end is None or self.first <= end
        )


EVERY_DAY = Span()


@frozen
class PlacePeriod:
    """One period of one place's control, with the event behind it and its controller's side."""

    place: Place
    period: Period
    # The controller's side on the period's first day (None: control unknown). A unit that
    # changes sides later does not split the period: its places' control is unchanged.
    side: str | None
    event: Event | None


def place_periods(
    scenario: Scenario, replayer: Replayer, span: Span = EVERY_DAY
) -> Iterator[PlacePeriod]:
    """Every place's periods of control that meet the span: places in id order, each period as
    `replayer.timeline` gives it."""
    factions = scenario.world.factions
    event = lru_cache(maxsize=_EVENTS_KEPT)(scenario.log.by_id.get)
    for place in scenario.world.places.places:
        for period in replayer.timeline(place.id):
            if not span.overlaps(period.start, period.end):
                continue
            control = period.control
            side = None
            if control.controller is not None:
                allegiance = replayer.allegiance_on(period.start) if period.start else NO_ALLEGIANCE
                side = factions.side_of(control.controller, allegiance)
            yield PlacePeriod(place, period, side, event(control.event) if control.event else None)


def events_in(scenario: Scenario, span: Span = EVERY_DAY) -> Iterator[Event]:
    """The events whose dates meet the span, in log order."""
    for event in scenario.log:
        if span.overlaps(event.when.earliest, event.when.latest):
            yield event


def attribution(scenario: Scenario, event: Event) -> str:
    """The source of an event's quote, as its licence asks it to be credited: "Title (licence)"."""
    source = scenario.sources.get(event.provenance.source)
    if source is None:
        return event.provenance.source
    return f"{source.title} ({source.licence})" if source.licence else source.title


# The characters XML 1.0 cannot hold at all, even escaped (controls other than tab and newlines,
# lone surrogates, U+FFFE and U+FFFF): a file with one is not XML and no reader opens it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text from files and articles made fit for XML: what XML cannot hold written as \\xNN (the
    way `engine.wording.safe` shows it); escaping is the XML writer's job."""
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
