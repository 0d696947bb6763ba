"""Implied holders: a control change "from" a faction is evidence about the time before it.

"On 1 May, rebels captured the town from ISIS" says that ISIS held the town just before. When
the replay of the stated events has someone else there, the replay carries an implied holding:
the faction named as the loser holds the place, flagged implied, from the day after the place's
last known change (or the replay's first day, when nothing was known of it) until the day before
the event takes effect. The holdings are found from the replay of the stated events alone, so
one never implies another, and one never covers the day of a stated change: where no day lies
between the last change and the event, there is no room for one, and `frontline check` reports
the two events as disputed. Only the holding's own control is flagged implied: an event that
later acts on the place (a fight in it, a truce) is cited from then on, as on any place. The
rule is written once here; the reference fold and the records fold both read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from attrs import frozen

from engine.model.control import Control, State, Status
from engine.model.events import ControlChanged, Event
from engine.model.world import World
from engine.replay.apply import held_by


@frozen
class Holding:
    """A faction's hold on a place that no event states but a later event implies."""

    place: str
    holder: str  # the faction the event takes the place from
    start: dt.date  # the day after the place's last known change, or the replay's first day
    end: dt.date  # the day before the implying event takes effect
    event: str  # the implying event: a control change "from" the holder


def implying_places(event: Event, world: World) -> tuple[str, ...]:
    """The places an event names by themselves (not as a region) and takes "from" a faction:
    those it implies that faction held."""
    if not isinstance(event, ControlChanged) or event.previous is None:
        return ()
    named = tuple(dict.fromkeys(p for p in event.places if world.places.is_place(p)))
    acted = world.expand(named, event.excluded)  # a place of an excluded region is left out
    return tuple(p for p in named if p in acted)


def implied_holding(
    event: ControlChanged,
    place: str,
    before: Control,
    world: World,
    allegiance: Mapping[str, str],
    first_day: dt.date,
    known_since: dt.date | None,
) -> Holding | None:
    """The holding an event implies at a place whose control just before it was `before`
    (changed last on `known_since`, None when never), or None: when the replay already has
    the event's loser there, or when no day lies between that change and the event."""
    loser = event.previous
    if loser is None or held_by(world, before, loser, allegiance):
        return None
    start = first_day if known_since is None else known_since + dt.timedelta(days=1)
    end = event.when.latest - dt.timedelta(days=1)
    if start > end:
        return None
    return Holding(place, loser, start, end, event.id)


def imply(state: State, holding: Holding) -> State:
    """The state once an implied holding begins: its place held by its holder, flagged implied
    (and still uncertain by any ranged event that had made it so)."""
    current = state.of(holding.place)
    control = Control(
        holding.holder,
        Status.HELD,
        holding.start,
        holding.event,
        (),
        current.pending,
        implied=True,
    )
    return state.evolve({holding.place: control})
