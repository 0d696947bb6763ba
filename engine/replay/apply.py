"""Pure functions from (state, event) to state: how each kind of event changes control."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from engine.model.control import Control, State, Status
from engine.model.events import AllegianceChanged, Event, actor_field, names_of
from engine.model.factions import NO_ALLEGIANCE
from engine.model.rules import RULES, changes_control, effect
from engine.model.world import World

ControlOf = Callable[[str], Control]


def held_by(
    world: World, control: Control, faction: str, allegiance: Mapping[str, str] = NO_ALLEGIANCE
) -> bool:
    """True when the place's controller, or a party fighting inside it, agrees with the faction."""
    holders = [control.controller]
    if control.status is Status.CONTESTED:
        holders += control.parties  # a besieger outside the walls holds nothing
    return any(h is not None and world.agree(h, faction, allegiance) for h in holders)


def affected_places(
    event: Event,
    world: World,
    control_of: ControlOf,
    allegiance: Mapping[str, str] = NO_ALLEGIANCE,
) -> frozenset[str]:
    """The places an event acts on: named places, and region members passing its `from` filter."""
    rule = RULES.get(type(event))
    previous = getattr(event, rule.held_by) if rule is not None and rule.held_by else None
    # The places an event that changes control leaves out (an assertion's are left out of a count)
    excluded = getattr(event, "excluded", ()) if changes_control(type(event)) else ()
    return places_acted_on(event.places, excluded, previous, world, control_of, allegiance)


def places_acted_on(
    places: tuple[str, ...],
    excluded: tuple[str, ...],
    previous: str | None,
    world: World,
    control_of: ControlOf,
    allegiance: Mapping[str, str] = NO_ALLEGIANCE,
) -> frozenset[str]:
    """The places named, regions expanded less the excluded; a region's members only where
    `previous` (a control change's "from") held them."""
    found: set[str] = set()
    for target in places:
        members = world.expand((target,), excluded)
        if previous and target in world.places.regions:
            members = frozenset(
                p for p in members if held_by(world, control_of(p), previous, allegiance)
            )
        found |= members
    return frozenset(found)


def control_changes(
    event: Event,
    world: World,
    control_of: ControlOf,
    allegiance: Mapping[str, str] = NO_ALLEGIANCE,
) -> dict[str, Control]:
    """The new control of every place the event changes, when it takes effect."""
    day = event.when.latest
    changes: dict[str, Control] = {}
    if not changes_control(type(event)):
        return changes
    affected = affected_places(event, world, control_of, allegiance)
    excluded = getattr(event, "excluded", ())
    # Only an event with a date range flagged places uncertain that it may now leave alone.
    named = affected if event.when.exact else world.expand(event.places, excluded)
    for place in named:
        current = control_of(place)
        pending = current.pending - {event.id}
        cell = effect(type(event), current.status, current.controller is not None)
        if place not in affected or not cell.acts:
            # Left alone (by the `from` filter, or by its rule), but no longer uncertain by it.
            if pending != current.pending:
                changes[place] = attrs.evolve(current, pending=pending)
            continue
        controller = current.controller
        if cell.takes:
            controller = getattr(event, actor_field(type(event)) or "")
        changes[place] = Control(
            controller=controller,
            status=cell.status,
            since=current.since if controller == current.controller else day,
            event=event.id,
            parties=names_of(getattr(event, cell.parties)) if cell.parties else (),
            pending=pending,
        )
    return changes


def pending_changes(
    event: Event,
    world: World,
    control_of: ControlOf,
    allegiance: Mapping[str, str] = NO_ALLEGIANCE,
) -> dict[str, Control]:
    """Places flagged uncertain from the first day of an event's date range until it applies."""
    if not changes_control(type(event)) or event.when.exact:
        return {}
    return {
        place: attrs.evolve(control_of(place), pending=control_of(place).pending | {event.id})
        for place in affected_places(event, world, control_of, allegiance)
    }


def allegiance_after(event: Event, allegiance: Mapping[str, str]) -> Mapping[str, str] | None:
    """The new allegiance table if the event moves a unit to another side, else None."""
    if isinstance(event, AllegianceChanged):
        return {**allegiance, event.faction: event.joins}
    return None


def apply(state: State, event: Event, world: World) -> State:
    """The state after an event takes effect (on the last day of its date range)."""
    changes = control_changes(event, world, state.of, state.allegiance)
    return state.evolve(changes, allegiance_after(event, state.allegiance))


def begin(state: State, event: Event, world: World) -> State:
    """The state on the first day of an event's date range: its places become uncertain."""
    return state.evolve(pending_changes(event, world, state.of, state.allegiance))
