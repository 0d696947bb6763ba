"""What each kind of event does to the control of the places it acts on: the one rule table.

Every reader of the rules (the reference `apply`, the fold's general path, the making of a
record's Control) reads this table; the fold's inline loop for the common step is held to it by a
test over every cell (kind × status × controller known or not).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from attrs import frozen

from engine.model.control import Status
from engine.model.events import (
    Contested,
    ControlChanged,
    Event,
    SiegeBegan,
    SiegeLifted,
    Truce,
    actor_field,
)


@frozen
class Rule:
    """What an event of one kind does to each place it acts on (an event without a rule changes
    no control)."""

    # The place's status after it (held without a known controller is unknown); None: as it was.
    status: Status | None
    takes: bool = False  # the event's actor (events.actor_field) becomes the place's controller
    parties: str | None = None  # the event's field naming the parties in or around the place
    only_from: frozenset[Status] | None = None  # acts on places of these statuses alone; None: all
    # The field naming the side from which it takes a region: of the region's places, it acts
    # on those that side held alone (a capture of the countryside "from the rebels").
    held_by: str | None = None


RULES: Mapping[type[Event], Rule] = MappingProxyType(
    {
        ControlChanged: Rule(Status.HELD, takes=True, held_by="previous"),
        Contested: Rule(Status.CONTESTED, parties="parties"),
        SiegeBegan: Rule(Status.BESIEGED, parties="by"),
        SiegeLifted: Rule(Status.HELD, only_from=frozenset({Status.BESIEGED})),
        # A truce is the latest word on a place one side holds; a fight or a siege stays the
        # latest word on a place fought over or besieged (a truce ends neither).
        Truce: Rule(None, only_from=frozenset({Status.HELD})),
    }
)

if any(rule.takes and actor_field(kind) is None for kind, rule in RULES.items()):
    raise TypeError("a kind of event that takes places must name its actor")
if any(rule.held_by and rule.held_by == actor_field(kind) for kind, rule in RULES.items()):
    raise TypeError("the side a region is taken from is not the actor who takes it")


@frozen
class Effect:
    """One cell of the table: what an event does to a place of one status."""

    acts: bool  # False: the place is left as it is (its control does not cite the event)
    status: Status
    takes: bool
    parties: str | None


def effect(kind: type[Event], status: Status, controller_known: bool) -> Effect:
    """What an event of a kind does to a place of this status, whose controller is known or not."""
    rule = RULES.get(kind)
    if rule is None or (rule.only_from is not None and status not in rule.only_from):
        return Effect(False, status, False, None)
    known = controller_known or rule.takes
    after = status if rule.status is None else rule.status
    if after is Status.HELD and not known:
        after = Status.UNKNOWN
    return Effect(True, after, rule.takes, rule.parties)


def changes_control(kind: type[Event]) -> bool:
    """True when events of this kind change the control (controller or status) of places."""
    return kind in RULES
