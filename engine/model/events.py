"""Events: immutable records of what a source says happened, each with its sentence."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, ClassVar

import attrs
from attrs import field, frozen

from engine.model.dates import When


class Hedging(enum.StrEnum):
    """How firmly the source states it."""

    STATED = "stated"
    REPORTEDLY = "reportedly"
    ALLEGEDLY = "allegedly"
    CLAIMED = "claimed"


class How(enum.StrEnum):
    """How control passed from one faction to another."""

    CAPTURED = "captured"
    RECAPTURED = "recaptured"
    WITHDREW = "withdrew"
    EXPELLED = "expelled"
    DEFECTED = "defected"
    SURRENDERED = "surrendered"


class IncidentType(enum.StrEnum):
    """What kind of incident, for events that do not change who controls what."""

    EXECUTION = "execution"
    ASSASSINATION = "assassination"
    SUICIDE_ATTACK = "suicide_attack"
    AIRSTRIKE = "airstrike"
    MASSACRE = "massacre"
    AID_CONVOY = "aid_convoy"
    DISPLACEMENT = "displacement"
    ANNOUNCEMENT = "announcement"
    ARREST = "arrest"
    OFFENSIVE = "offensive"
    REINFORCEMENT = "reinforcement"
    CLASHES = "clashes"


@frozen
class Provenance:
    """Where a statement comes from: the document, the span, the verbatim words, who says so."""

    source: str
    start: int
    end: int
    quote: str
    hedging: Hedging = Hedging.STATED
    attribution: str | None = None


@frozen
class Count:
    """A number the text gives exactly (low == high) or as a range ("13–14")."""

    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


def _tuple(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


class Names(enum.StrEnum):
    """What the strings of a field name, to be checked against the scenario."""

    FACTION = "faction"
    PLACE = "place"  # a place or a region
    REGION = "region"
    EVENT = "event"


# The metadata of a field that names something. The actor is the one faction a kind of event is
# mostly about (its taker, besieger, unit or party): a log gives it a column of its own. A field
# renamed keeps its old key, which files written before still use.
FACTION = {"names": Names.FACTION}
ACTOR = {"names": Names.FACTION, "actor": True}
PLACES = {"names": Names.PLACE}
REGION = {"names": Names.REGION}
# The party of a casualty report may be the civilians, who are no faction.
CIVILIANS = "civilians"
PARTY = {"names": Names.FACTION, "actor": True, "or_civilians": True}
EVENTS = {"names": Names.EVENT}
EXCLUDED = {"names": Names.PLACE, "old_key": "except"}


@frozen(kw_only=True)
class Event:
    """What every event has: an id, when, its provenance, and its position in the log."""

    kind: ClassVar[str] = "event"

    id: str
    when: When
    provenance: Provenance
    position: int = 0
    places: tuple[str, ...] = field(default=(), converter=_tuple, metadata=PLACES)
    disputes: tuple[str, ...] = field(default=(), converter=_tuple, metadata=EVENTS)
    note: str = ""


@frozen(kw_only=True)
class ControlChanged(Event):
    """A place (or every place of a region) passed to a new controller."""

    kind: ClassVar[str] = "control"

    controller: str = field(metadata=ACTOR)
    previous: str | None = field(default=None, metadata=FACTION)
    how: How = How.CAPTURED
    excluded: tuple[str, ...] = field(default=(), converter=_tuple, metadata=EXCLUDED)


@frozen(kw_only=True)
class Contested(Event):
    """Fighting inside a place, or a faction holding part of it; the controller is unchanged."""

    kind: ClassVar[str] = "contested"

    parties: tuple[str, ...] = field(converter=_tuple, metadata=FACTION)


@frozen(kw_only=True)
class SiegeBegan(Event):
    """A faction laid siege to places; their controller is unchanged."""

    kind: ClassVar[str] = "siege"

    by: str = field(metadata=ACTOR)


@frozen(kw_only=True)
class SiegeLifted(Event):
    """A siege ended without a change of controller."""

    kind: ClassVar[str] = "siege_lifted"


@frozen(kw_only=True)
class Truce(Event):
    """A truce or ceasefire came into effect in places, between its parties when the text names
    them: who holds the places, and how, is unchanged; on a place one side holds, the truce is
    the latest word."""

    kind: ClassVar[str] = "truce"

    parties: tuple[str, ...] = field(default=(), converter=_tuple, metadata=FACTION)


@frozen(kw_only=True)
class AllegianceChanged(Event):
    """A unit left one faction for another; what it holds now counts for its new side."""

    kind: ClassVar[str] = "allegiance"

    faction: str = field(metadata=ACTOR)
    previous: str | None = field(default=None, metadata=FACTION)
    joins: str = field(metadata=FACTION)


@frozen(kw_only=True)
class CasualtyReport(Event):
    """Killed and wounded of one party over a period, as the text counts them."""

    kind: ClassVar[str] = "casualties"

    party: str = field(metadata=PARTY)
    killed: Count | None = None
    wounded: Count | None = None
    period: When | None = None
    cumulative: bool = False


@frozen(kw_only=True)
class Incident(Event):
    """Something that happened without changing control: an execution, an airstrike, a convoy."""

    kind: ClassVar[str] = "incident"

    type: IncidentType
    by: str | None = field(default=None, metadata=FACTION)
    against: str | None = field(default=None, metadata=FACTION)


@frozen(kw_only=True)
class Assertion(Event):
    """An aggregate claim of the source ("ISIS controlled 95–98% of the governorate")."""

    kind: ClassVar[str] = "assertion"

    faction: str = field(metadata=FACTION)
    region: str = field(metadata=REGION)
    share: tuple[float, float]
    excluded: tuple[str, ...] = field(default=(), converter=_tuple, metadata=EXCLUDED)


# A new kind goes at the end: events.columns files store each event's kind by its number here.
EVENT_KINDS: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        ControlChanged,
        Contested,
        SiegeBegan,
        SiegeLifted,
        AllegianceChanged,
        CasualtyReport,
        Incident,
        Assertion,
        Truce,
    )
}

# Each field's type read from its annotation once, for those that build on the fields by type
# (the event tables, the strategies).
for _kind in EVENT_KINDS.values():
    attrs.resolve_types(_kind)

COMMON_FIELDS = tuple(f.name for f in attrs.fields(Event))


def kind_fields(kind: type[Event]) -> tuple[attrs.Attribute[Any], ...]:
    """The fields a kind of event has beyond those every event has, in the class's order."""
    return tuple(f for f in attrs.fields(kind) if f.name not in COMMON_FIELDS)


def actor_field(kind: type[Event]) -> str | None:
    """The field naming the one faction a kind of event is mostly about (None if it has none)."""
    return next((f.name for f in kind_fields(kind) if f.metadata.get("actor")), None)


def fields_naming(names: Names) -> tuple[str, ...]:
    """The fields, of any kind of event, that name factions, places or events."""
    kinds: tuple[type[Event], ...] = (Event, *EVENT_KINDS.values())
    found = {
        f.name: None
        for kind in kinds
        for f in attrs.fields(kind)
        if f.metadata.get("names") is names
    }
    return tuple(found)


# The fields that name factions, and those that name places or regions, in any kind of event
# that has them.
FACTION_FIELDS = fields_naming(Names.FACTION)
PLACE_FIELDS = fields_naming(Names.PLACE) + fields_naming(Names.REGION)


def names_of(value: object) -> tuple[str, ...]:
    """The names a field holds: none for None, the one of a string, those of a tuple."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, tuple):
        return value
    raise TypeError(f"not a name or names: {value!r}")


def factions_named(event: Event) -> tuple[str, ...]:
    """Every faction id an event refers to, in the order of its fields."""
    return tuple(
        name for key in _FACTION_FIELDS_OF[type(event)] for name in names_of(getattr(event, key))
    )


_FACTION_FIELDS_OF = {
    kind: tuple(f.name for f in kind_fields(kind) if f.metadata.get("names") is Names.FACTION)
    for kind in EVENT_KINDS.values()
}
