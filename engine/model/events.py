"""Events: immutable records of what a source says happened, each with its sentence."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import ClassVar

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


@frozen(kw_only=True)
class Event:
    """What every event has: an id, when, its provenance, and its position in the log."""

    kind: ClassVar[str] = "event"
    changes_control: ClassVar[bool] = False

    id: str
    when: When
    provenance: Provenance
    position: int = 0
    places: tuple[str, ...] = field(default=(), converter=_tuple)
    disputes: tuple[str, ...] = field(default=(), converter=_tuple)
    note: str = ""


@frozen(kw_only=True)
class ControlChanged(Event):
    """A place (or every place of a region) passed to a new controller."""

    kind: ClassVar[str] = "control"
    changes_control: ClassVar[bool] = True

    controller: str
    previous: str | None = None
    how: How = How.CAPTURED
    excluded: tuple[str, ...] = field(default=(), converter=_tuple)


@frozen(kw_only=True)
class Contested(Event):
    """Fighting inside a place, or a faction holding part of it; the controller is unchanged."""

    kind: ClassVar[str] = "contested"
    changes_control: ClassVar[bool] = True

    parties: tuple[str, ...] = field(converter=_tuple)


@frozen(kw_only=True)
class SiegeBegan(Event):
    """A faction laid siege to places; their controller is unchanged."""

    kind: ClassVar[str] = "siege"
    changes_control: ClassVar[bool] = True

    by: str


@frozen(kw_only=True)
class SiegeLifted(Event):
    """A siege ended without a change of controller."""

    kind: ClassVar[str] = "siege_lifted"
    changes_control: ClassVar[bool] = True


@frozen(kw_only=True)
class AllegianceChanged(Event):
    """A unit left one faction for another; what it holds now counts for its new side."""

    kind: ClassVar[str] = "allegiance"

    faction: str
    previous: str | None = None
    joins: str


@frozen(kw_only=True)
class CasualtyReport(Event):
    """Killed and wounded of one party over a period, as the text counts them."""

    kind: ClassVar[str] = "casualties"

    party: str
    killed: Count | None = None
    wounded: Count | None = None
    period: When | None = None
    cumulative: bool = False


@frozen(kw_only=True)
class Incident(Event):
    """Something that happened without changing control: an execution, an airstrike, a convoy."""

    kind: ClassVar[str] = "incident"

    type: IncidentType
    by: str | None = None
    against: str | None = None


@frozen(kw_only=True)
class Assertion(Event):
    """An aggregate claim of the source ("ISIS controlled 95–98% of the governorate")."""

    kind: ClassVar[str] = "assertion"

    faction: str
    region: str
    share: tuple[float, float]
    excluded: tuple[str, ...] = field(default=(), converter=_tuple)


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
    )
}


# The fields that name factions, and those that name places or regions, in any kind of event
# that has them (in the order an event's names are reported).
FACTION_FIELDS = ("controller", "faction", "previous", "joins", "parties", "by", "against", "party")
PLACE_FIELDS = ("places", "excluded", "region")


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
    """Every faction id an event refers to."""
    return tuple(name for key in FACTION_FIELDS for name in names_of(getattr(event, key, None)))
