"""How single events change control, written out by hand for the cases the format spells out."""

from __future__ import annotations

import datetime as dt

from engine.model.control import Control, State, Status
from engine.model.dates import When
from engine.model.events import AllegianceChanged, ControlChanged, Provenance
from engine.model.factions import Faction, Factions
from engine.model.places import Place, Region, build_place_graph
from engine.model.world import World
from engine.replay.apply import apply

DAY = When.day(dt.date(2014, 6, 1))
SAID = Provenance("article", 0, 4, "said")


def world() -> World:
    places = [Place(p, p.title(), "village", 35.0 + i / 10, 40.0) for i, p in enumerate("abc")]
    region = Region("valley", "the valley", "countryside", frozenset("abc"))
    factions = Factions.of(
        [
            Faction("isis", "ISIS"),
            Faction("opposition", "rebels"),
            Faction("fsa", "FSA", coalition="opposition"),
            Faction("unit", "a unit", coalition="fsa"),
        ]
    )
    return World(build_place_graph(places, [region]), factions)


def held(controller: str, status: Status = Status.HELD, parties: tuple[str, ...] = ()) -> Control:
    return Control(controller, status, dt.date(2014, 1, 1), "before", parties)


def take_valley_from(previous: str) -> ControlChanged:
    return ControlChanged(
        id="taken",
        when=DAY,
        provenance=SAID,
        places=("valley",),
        controller="isis",
        previous=previous,
    )


def test_previous_on_a_region_keeps_to_the_places_of_that_side() -> None:
    state = State({"a": held("fsa"), "b": held("isis"), "c": held("opposition")})
    after = apply(state, take_valley_from("opposition"), world())
    assert after.of("a").controller == "isis"  # FSA is part of the opposition
    assert after.of("b") == state.of("b")
    assert after.of("c").controller == "isis"
    # Taken "from the FSA": the generic "rebels" of c may be the FSA, so c goes too.
    after_fsa = apply(state, take_valley_from("fsa"), world())
    assert after_fsa.of("a").controller == after_fsa.of("c").controller == "isis"


def test_a_unit_that_changed_sides_counts_for_its_new_side() -> None:
    state = State({"a": held("unit"), "b": held("fsa")})
    defected = AllegianceChanged(
        id="pledge", when=DAY, provenance=SAID, faction="unit", joins="isis"
    )
    state = apply(state, defected, world())
    assert state.allegiance == {"unit": "isis"}
    # The rebels lose the valley: the unit's village is no longer theirs to lose.
    after = apply(
        state,
        ControlChanged(
            id="retaken",
            when=DAY,
            provenance=SAID,
            places=("valley",),
            controller="opposition",
            previous="isis",
        ),
        world(),
    )
    assert after.of("a").controller == "opposition"
    assert after.of("b") == state.of("b")


def test_a_besieger_holds_nothing_but_a_party_fighting_inside_does() -> None:
    state = State(
        {
            "a": held("fsa", Status.BESIEGED, ("isis",)),
            "b": held("fsa", Status.CONTESTED, ("isis", "fsa")),
        }
    )
    after = apply(state, take_valley_from("isis"), world())
    assert after.of("a") == state.of("a")
    assert after.of("b").controller == "isis"
    assert after.of("b").status is Status.HELD
    assert after.of("b").since == DAY.latest
