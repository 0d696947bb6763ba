"""The rule table: what each kind of event does to a place, by hand for the cases the format spells
out, and every cell of the table held against the three readers of the rules (the reference
apply, the fold's inline loop for one named place, and its general path for regions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.model.control import Control, State, Status
from engine.model.dates import When
from engine.model.events import (
    EVENT_KINDS,
    AllegianceChanged,
    Assertion,
    CasualtyReport,
    Contested,
    ControlChanged,
    Count,
    Event,
    Incident,
    IncidentType,
    Provenance,
    SiegeBegan,
    SiegeLifted,
    Truce,
)
from engine.model.factions import Faction, Factions
from engine.model.log import Log
from engine.model.places import Place, Region, build_place_graph
from engine.model.rules import effect
from engine.model.world import World
from engine.replay.apply import apply
from engine.replay.replayer import Replayer

SAID = Provenance("article", 0, 4, "said")
BEFORE = dt.date(2014, 1, 1)
SETUP, TEST = dt.date(2014, 6, 1), dt.date(2014, 6, 2)


def world() -> World:
    places = [Place("a", "A", "village", 35.0, 40.0), Place("b", "B", "village", 35.1, 40.1)]
    regions = [Region("valley", "the valley", "countryside", frozenset({"a"}))]
    factions = Factions.of([Faction("isis", "ISIS"), Faction("army", "the army")])
    return World(build_place_graph(places, regions), factions)


def event(kind: type[Event], event_id: str, day: dt.date, target: str, **fields: Any) -> Event:
    """An event of a kind on one place or region, with the fields a kind needs filled in."""
    needs: dict[type[Event], dict[str, Any]] = {
        ControlChanged: {"controller": "isis"},
        Contested: {"parties": ("isis", "army")},
        SiegeBegan: {"by": "isis"},
        Truce: {"parties": ("isis", "army")},
        AllegianceChanged: {"faction": "army", "joins": "isis"},
        CasualtyReport: {"party": "army", "killed": Count(3, 3)},
        Incident: {"type": IncidentType.AIRSTRIKE, "by": "isis"},
        Assertion: {"faction": "isis", "region": "valley", "share": (0.5, 0.5)},
    }
    return kind(
        id=event_id,
        when=When.day(day),
        provenance=SAID,
        places=(target,),
        **{**needs.get(kind, {}), **fields},
    )


# ---------------------------------------------------------------- by hand


def held(status: Status = Status.HELD, parties: tuple[str, ...] = ()) -> State:
    return State({"a": Control("army", status, BEFORE, "before", parties)})


def test_contested_keeps_the_controller_and_since_and_names_the_fighters() -> None:
    after = apply(held(), event(Contested, "fight", TEST, "a"), world()).of("a")
    assert after == Control("army", Status.CONTESTED, BEFORE, "fight", ("isis", "army"))


def test_contested_where_nobody_was_known_to_hold_leaves_the_controller_unknown() -> None:
    after = apply(State(), event(Contested, "fight", TEST, "a"), world()).of("a")
    assert (after.controller, after.status, after.since) == (None, Status.CONTESTED, None)


def test_a_siege_names_the_besieger_and_keeps_the_holder() -> None:
    after = apply(held(), event(SiegeBegan, "ring", TEST, "a"), world()).of("a")
    assert after == Control("army", Status.BESIEGED, BEFORE, "ring", ("isis",))


def test_a_siege_lifted_leaves_the_holder_holding_as_before() -> None:
    besieged = held(Status.BESIEGED, ("isis",))
    after = apply(besieged, event(SiegeLifted, "relief", TEST, "a"), world()).of("a")
    assert after == Control("army", Status.HELD, BEFORE, "relief", ())


def test_a_siege_lifted_of_a_place_nobody_was_known_to_hold_leaves_it_unknown() -> None:
    besieged = State({"a": Control(None, Status.BESIEGED, None, "ring", ("isis",))})
    after = apply(besieged, event(SiegeLifted, "relief", TEST, "a"), world()).of("a")
    assert (after.controller, after.status, after.event, after.parties) == (
        None,
        Status.UNKNOWN,
        "relief",
        (),
    )


@pytest.mark.parametrize("status", [Status.HELD, Status.CONTESTED])
def test_a_siege_lifted_where_there_was_no_siege_changes_nothing(status: Status) -> None:
    state = held(status, ("isis", "army") if status is Status.CONTESTED else ())
    assert apply(state, event(SiegeLifted, "relief", TEST, "a"), world()) == state


def test_a_truce_in_a_place_one_side_holds_is_the_latest_word_on_it() -> None:
    after = apply(held(), event(Truce, "calm", TEST, "a"), world()).of("a")
    assert after == Control("army", Status.HELD, BEFORE, "calm", ())


@pytest.mark.parametrize("status", [Status.CONTESTED, Status.BESIEGED])
def test_a_truce_leaves_a_fight_or_a_siege_as_it_was(status: Status) -> None:
    state = held(status, ("isis",))
    assert apply(state, event(Truce, "calm", TEST, "a"), world()) == state


def test_a_change_of_hands_ends_a_fight_and_starts_a_new_since() -> None:
    fought = held(Status.CONTESTED, ("isis", "army"))
    after = apply(fought, event(ControlChanged, "taken", TEST, "a"), world()).of("a")
    assert after == Control("isis", Status.HELD, TEST, "taken", ())


# ---------------------------------------------------------------- every cell


def setup(status: Status, known: bool) -> list[Event]:
    """Events that leave place a (and so the valley) in this status, with a controller or not."""
    steps: list[Event] = []
    if known:
        steps.append(event(ControlChanged, "s1", SETUP, "a", controller="army"))
    if status is Status.CONTESTED:
        steps.append(event(Contested, "s2", SETUP, "a"))
    elif status is Status.BESIEGED:
        steps.append(event(SiegeBegan, "s2", SETUP, "a"))
    return steps


# Every status a place can be in, with its controller known or not (held means known; a place
# nobody is known to hold is in no status but unknown, contested or besieged).
CELLS = [
    (Status.UNKNOWN, False),
    (Status.HELD, True),
    (Status.CONTESTED, False),
    (Status.CONTESTED, True),
    (Status.BESIEGED, False),
    (Status.BESIEGED, True),
]


@pytest.mark.parametrize("kind", list(EVENT_KINDS.values()), ids=lambda k: k.kind)
@pytest.mark.parametrize(("status", "known"), CELLS, ids=lambda c: str(c))
@pytest.mark.parametrize("target", ["a", "valley"], ids=["one place", "a region"])
def test_every_cell_of_the_table_is_what_every_reader_does(
    kind: type[Event], status: Status, known: bool, target: str
) -> None:
    the_world = world()
    before_steps = setup(status, known)
    tested = event(kind, "tested", TEST, target)
    before = Replayer(the_world, Log(before_steps)).control_at("a", TEST)
    assert (before.status, before.controller is not None) == (status, known)  # the setup holds

    cell = effect(kind, status, known)
    replayed = Replayer(the_world, Log([*before_steps, tested])).control_at("a", TEST)
    state = State({"a": before}) if before.event else State()
    applied = apply(state, tested, the_world).of("a")
    assert replayed == applied
    if not cell.acts:
        assert replayed == before
        return
    taker = "isis" if cell.takes else before.controller
    assert replayed.controller == taker
    assert replayed.status is cell.status
    assert replayed.event == "tested"
    assert replayed.since == (before.since if taker == before.controller else TEST)
    expected_parties = {None: (), "parties": ("isis", "army"), "by": ("isis",)}[cell.parties]
    assert replayed.parties == expected_parties
    assert Replayer(the_world, Log([*before_steps, tested])).control_at("b", TEST).event is None
