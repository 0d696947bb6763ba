"""Who controls a place at a moment, and the state of every place on a day."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from types import MappingProxyType

from attrs import field, frozen

from engine.model.frozen import read_only


class Status(enum.StrEnum):
    """The kind of hold a controller has on a place."""

    HELD = "held"
    CONTESTED = "contested"
    BESIEGED = "besieged"
    UNKNOWN = "unknown"


@frozen
class Control:
    """One place's controller (None: unknown), its status, since when, and the event behind it."""

    controller: str | None = None
    status: Status = Status.UNKNOWN
    since: dt.date | None = None
    event: str | None = None
    parties: tuple[str, ...] = ()
    # Events whose date range covers the day but which have not yet taken effect.
    pending: frozenset[str] = frozenset()
    # True when no event says so, but `event` (a change "from" the controller) implies it.
    implied: bool = False

    @property
    def uncertain(self) -> bool:
        """True while an event with a date range may already have changed this place."""
        return bool(self.pending)


UNKNOWN = Control()


def _is_unknown(control: Control) -> bool:
    # Field by field: much cheaper than attrs' __eq__ over every place of every checkpoint.
    return (
        control.controller is None
        and control.event is None
        and control.status is Status.UNKNOWN
        and not control.pending
        and not control.parties
        and control.since is None
        and not control.implied
    )


class ControlTable(Mapping[str, Control]):
    """A read-only mapping of place to control that holds known control only (a replayed state)."""


def _known_control(mapping: Mapping[str, Control]) -> Mapping[str, Control]:
    if isinstance(mapping, ControlTable):
        return mapping  # already read-only and without unknowns: copying would cost every place
    # Unknown is the default: storing it would make equal states compare unequal.
    return MappingProxyType({p: c for p, c in mapping.items() if not _is_unknown(c)})


@frozen
class State:
    """The control of every place, and the allegiance of units that changed sides."""

    control: Mapping[str, Control] = field(factory=dict, converter=_known_control)
    allegiance: Mapping[str, str] = field(factory=dict, converter=read_only)

    def of(self, place_id: str) -> Control:
        """The control of one place (unknown if nothing has been said of it)."""
        return self.control.get(place_id, UNKNOWN)

    def evolve(
        self, changes: Mapping[str, Control], allegiance: Mapping[str, str] | None = None
    ) -> State:
        """A new state with some places' control replaced."""
        if not changes and allegiance is None:
            return self
        control = dict(self.control)
        control.update(changes)
        return State(control, self.allegiance if allegiance is None else allegiance)
