"""A rule-based state machine: grow a log, step and seek through it, and after every step compare
the fast replay (checkpoints, `advance`) with the naive fold from the start.

Settings come from the loaded profile (see conftest.py): `ci` under CI=true; at most 250 runs.
"""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
)

from engine.model.control import Control, State
from engine.model.events import Event
from engine.model.log import Log
from engine.model.world import World
from engine.replay.replayer import Replayer, fold
from engine.testing import strategies as fst

ONE_DAY = dt.timedelta(days=1)
START = fst.DEFAULT_START
FIRST, LAST = START - ONE_DAY, START + dt.timedelta(days=fst.DEFAULT_DAYS)
DAYS = st.integers(0, (LAST - FIRST).days).map(lambda n: FIRST + dt.timedelta(days=n))


class ReplayMachine(RuleBasedStateMachine):
    """The log grows by appending; the viewer steps, seeks and jumps; the fold is the referee."""

    appended = Bundle("appended")

    def __init__(self) -> None:
        super().__init__()
        self.world: World | None = None
        self.log = Log(())
        self.day = START
        self.every = 1
        self.ids = (f"e{n}" for n in itertools.count())
        self.positions: set[int] = set()

    @initialize(world=fst.worlds(max_places=6), every=st.sampled_from([1, 2, 3, 7]))
    def begin(self, world: World, every: int) -> None:
        self.world = world
        self.every = every
        self.events = fst.events(world)
        self.rebuild()

    # ------------------------------------------------------------------------------- helpers

    def rebuild(self) -> None:
        """A new log: a new replayer, and the viewer's state seeked afresh."""
        assert self.world is not None
        self.replayer = Replayer(self.world, self.log, checkpoint_every=self.every)
        self.state = self.replayer.at(self.day)

    def fresh(self, event: Event, data: st.DataObject) -> Event:
        """The event with an id and a position no other event of the log has."""
        position = data.draw(
            st.integers(0, 1000).filter(lambda p: p not in self.positions), label="position"
        )
        self.positions.add(position)
        return attrs.evolve(event, id=next(self.ids), position=position)

    def append(self, events: list[Event]) -> None:
        self.log = self.log.append(events)
        self.rebuild()

    def move_to(self, day: dt.date) -> None:
        self.state = self.replayer.advance(self.state, self.day, day)
        self.day = day

    # --------------------------------------------------------------------------------- rules

    @rule(target=appended, data=st.data())
    def append_an_event(self, data: st.DataObject) -> Event:
        event = self.fresh(data.draw(self.events, label="event"), data)
        self.append([event])
        return event

    @rule(target=appended, other=appended, data=st.data())
    def append_an_event_of_the_same_dates(self, other: Event, data: st.DataObject) -> Event:
        """Events of the same day apply in log order: collide on purpose, and dispute."""
        event = self.fresh(data.draw(self.events, label="event"), data)
        event = attrs.evolve(event, when=other.when, disputes=(other.id,))
        self.append([event])
        return event

    @rule(target=appended, data=st.data())
    def append_several_at_once(self, data: st.DataObject) -> object:
        drawn = data.draw(st.lists(self.events, min_size=1, max_size=4), label="events")
        events = [self.fresh(event, data) for event in drawn]
        self.append(events)
        return multiple(*events)

    @precondition(lambda self: self.day < LAST)
    @rule()
    def step_forward(self) -> None:
        self.move_to(self.day + ONE_DAY)

    @precondition(lambda self: self.day > FIRST)
    @rule()
    def step_back(self) -> None:
        self.move_to(self.day - ONE_DAY)

    @rule(day=DAYS)
    def seek(self, day: dt.date) -> None:
        self.move_to(day)

    @rule(day=DAYS)
    def jump(self, day: dt.date) -> None:
        self.state = self.replayer.at(day)
        self.day = day

    # ---------------------------------------------------------------------------- invariants

    @invariant()
    def agrees_with_the_naive_fold(self) -> None:
        if self.world is None:
            return
        expected = fold(self.world, self.log, self.day)
        assert self.replayer.at(self.day) == expected
        places = sorted(self.world.places.graph)
        for place in places:
            assert self.replayer.control_at(place, self.day) == expected.of(place)
        # The state reached step by step is the state the fold reaches.
        assert self.state == expected
        assert dict(self.state.allegiance) == dict(expected.allegiance)

    @invariant()
    def changes_since_the_first_day_are_the_places_that_differ(self) -> None:
        if self.world is None:
            return
        first = fold(self.world, self.log, FIRST)
        changed = {c.place for c in self.replayer.changes_between(FIRST, self.day)}
        expected = fold(self.world, self.log, self.day)
        assert changed == {p for p in self.world.places.graph if first.of(p) != expected.of(p)}, (
            self.day
        )

    @invariant()
    def states_hold_only_controls(self) -> None:
        assert isinstance(self.state, State)
        assert all(isinstance(c, Control) for c in self.state.control.values())


TestReplayMachine = ReplayMachine.TestCase
# A run is up to stateful_step_count steps (80 in the thorough profile), each checked against the
# naive fold from the start: some 0.2 s a run, so the thorough profile's 1,000 examples would be 4
# of its minutes; 250 runs (up to 20,000 steps) take 1. The other profiles ask for fewer anyway.
TestReplayMachine.settings = settings(max_examples=min(settings().max_examples, 250))
