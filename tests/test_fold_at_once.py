"""The records fold a column at a time (engine.replay.at_once) gives the very records of the
loop over steps, on every log it can fold, and declines the others."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.model.events import Event
from engine.model.log import Log
from engine.model.world import World
from engine.replay.at_once import fold_at_once
from engine.replay.records import ON_MANY, Records, _Fold, fold_records
from engine.testing import strategies

# The kinds whose steps act on one named place, or on none (no truce: it takes the general path).
KINDS = ("control", "contested", "siege", "siege_lifted", "allegiance", "casualties", "incident")


@st.composite
def one_place_logs(draw: st.DrawFn) -> tuple[World, Log]:
    """A world, and a log whose every event names one place by itself (or, a casualty report or
    an incident, none), excluding nothing: what the fold at once takes."""
    world, log = draw(strategies.scenarios(max_places=4, max_events=40, kinds=KINDS, days=15))
    places = sorted(world.places.place_ids)

    def one_place(event: Event) -> Event:
        named = () if not places else (draw(st.sampled_from(places)),)
        if event.kind in ("casualties", "incident", "allegiance") and draw(st.booleans()):
            named = ()
        fields = {"excluded": ()} if hasattr(event, "excluded") else {}
        return attrs.evolve(event, places=named, **fields)

    return world, Log(one_place(e) for e in log)


@settings(max_examples=300)
@given(one_place_logs())
def test_at_once_gives_the_records_of_the_loop(scenario: tuple[World, Log]) -> None:
    world, log = scenario
    numbers = {p: n for n, p in enumerate(world.places.place_ids)}
    routes = _Fold(world, log, numbers).routes()
    assert ON_MANY not in routes
    at_once = fold_at_once(log, numbers)
    assert at_once is not None
    looped = fold_records(world, log, numbers)  # small: the loop
    assert Records(**at_once) == looped, {
        f.name: (getattr(looped, f.name), at_once[f.name])
        for f in attrs.fields(Records)
        if f.name in at_once and getattr(looped, f.name) != at_once[f.name]
    }


@given(strategies.scenarios(max_events=12), st.data())
def test_at_once_declines_a_log_with_a_step_on_many_places(
    scenario: tuple[World, Log], data: st.DataObject
) -> None:
    world, log = scenario
    numbers = {p: n for n, p in enumerate(world.places.place_ids)}
    routes = _Fold(world, log, numbers).routes()
    at_once = fold_at_once(log, numbers)
    assert (at_once is None) == (ON_MANY in routes)
    if at_once is not None:
        assert Records(**at_once) == fold_records(world, log, numbers)
