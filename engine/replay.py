"""Replay: control of every place on any day, folded once from the log and seeked by checkpoints."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from attrs import frozen

from engine.apply import (
    ControlOf,
    allegiance_after,
    apply,
    begin,
    control_changes,
    pending_changes,
)
from engine.control import UNKNOWN, Control, State
from engine.events import Event
from engine.log import Log
from engine.world import World


@frozen
class Step:
    """One moment of the replay: an event beginning its date range, or taking effect."""

    day: dt.date
    event: Event
    takes_effect: bool

    @property
    def key(self) -> tuple[dt.date, int, str, bool]:
        """Replay order: by day, then log position (same-day events in the order written)."""
        return (self.day, self.event.position, self.event.id, self.takes_effect)


def schedule(log: Log) -> list[Step]:
    """Every step of a log in replay order: ranges begin on their first day, apply on their last."""
    steps = []
    for event in log:
        if event.changes_control and not event.when.exact:
            steps.append(Step(event.when.earliest, event, False))
        steps.append(Step(event.when.latest, event, True))
    steps.sort(key=lambda s: s.key)
    return steps


def fold(world: World, log: Log, until: dt.date | None = None) -> State:
    """The state at the end of a day, by folding every step from the start: the reference replay."""
    state = State()
    for step in schedule(log):
        if until is not None and step.day > until:
            break
        act = apply if step.takes_effect else begin
        state = act(state, step.event, world)
    return state


@frozen
class Period:
    """A stretch of days over which one place's control did not change."""

    start: dt.date | None  # None: since before the log begins
    end: dt.date | None  # the day before the next change; None: still so at the end of the log
    control: Control


@frozen
class Change:
    """How one place's control differs between two days."""

    place: str
    before: Control
    after: Control


class Replayer:
    """Answers "who held what on a day, since when, and why" without refolding from the start."""

    def __init__(self, world: World, log: Log, checkpoint_every: int = 2048) -> None:
        self.world = world
        self.log = log
        self.steps = schedule(log)
        self.days = [step.day for step in self.steps]
        self.checkpoint_every = max(1, checkpoint_every)
        # place -> [(step index, control after that step)], in step order
        self.history: dict[str, list[tuple[int, Control]]] = {}
        self.changed_at: list[tuple[str, ...]] = []
        self.checkpoints: list[State] = []
        self.effect_step = {s.event.id: i for i, s in enumerate(self.steps) if s.takes_effect}
        # (step index, allegiance from that step on): changes of side are few
        self.allegiances: list[tuple[int, Mapping[str, str]]] = []
        self._event_days: list[dt.date] | None = None
        self._fold_once()

    def _fold_once(self) -> None:
        control: dict[str, Control] = {}
        allegiance: dict[str, str] = {}

        def control_of(place: str) -> Control:
            return control.get(place, UNKNOWN)

        for index, step in enumerate(self.steps):
            if index % self.checkpoint_every == 0:
                self.checkpoints.append(State(control, allegiance))
            changes = _step_changes(step, self.world, control_of, allegiance)
            control.update(changes)
            moved = allegiance_after(step.event, allegiance) if step.takes_effect else None
            if moved is not None:
                allegiance = dict(moved)
                self.allegiances.append((index, MappingProxyType(dict(moved))))
            for place, after in changes.items():
                self.history.setdefault(place, []).append((index, after))
            self.changed_at.append(tuple(changes))

    @property
    def first_day(self) -> dt.date | None:
        """The first day anything happens."""
        return self.days[0] if self.days else None

    @property
    def last_day(self) -> dt.date | None:
        """The last day anything happens."""
        return self.days[-1] if self.days else None

    @property
    def event_days(self) -> list[dt.date]:
        """The days on which at least one event takes effect, in order."""
        if self._event_days is None:
            self._event_days = sorted({s.day for s in self.steps if s.takes_effect})
        return self._event_days

    def _steps_through(self, day: dt.date) -> int:
        return bisect.bisect_right(self.days, day)

    def at(self, day: dt.date) -> State:
        """The state at the end of a day: the nearest checkpoint, then the steps after it."""
        count = self._steps_through(day)
        checkpoint = min(count // self.checkpoint_every, len(self.checkpoints) - 1)
        if checkpoint < 0:
            return State()
        base = self.checkpoints[checkpoint]
        control = dict(base.control)
        allegiance = dict(base.allegiance)
        for step in self.steps[checkpoint * self.checkpoint_every : count]:
            control.update(
                _step_changes(step, self.world, lambda p: control.get(p, UNKNOWN), allegiance)
            )
            allegiance.update(allegiance_after(step.event, allegiance) or {})
        return State(control, allegiance)

    def allegiance_before(self, step_count: int) -> Mapping[str, str]:
        """Which units had changed sides after the first `step_count` steps."""
        position = bisect.bisect_left(self.allegiances, step_count, key=lambda a: a[0])
        return self.allegiances[position - 1][1] if position else MappingProxyType({})

    def control_at(self, place: str, day: dt.date) -> Control:
        """One place's control at the end of a day."""
        entries = self.history.get(place, [])
        position = bisect.bisect_left(entries, self._steps_through(day), key=lambda e: e[0])
        return entries[position - 1][1] if position else UNKNOWN

    def control_before(self, place: str, event_id: str) -> Control:
        """One place's control just before an event took effect, after earlier same-day events."""
        entries = self.history.get(place, [])
        position = bisect.bisect_left(entries, self.effect_step[event_id], key=lambda e: e[0])
        return entries[position - 1][1] if position else UNKNOWN

    def advance(self, state: State, from_day: dt.date, to_day: dt.date) -> State:
        """The state on to_day from the state on from_day, touching only the places that changed."""
        if to_day == from_day:
            return state
        low, high = sorted((from_day, to_day))
        places = {
            place
            for index in range(self._steps_through(low), self._steps_through(high))
            for place in self.changed_at[index]
        }
        changes = {place: self.control_at(place, to_day) for place in places}
        return state.evolve(changes, self.allegiance_before(self._steps_through(to_day)))

    def changes_between(self, before: dt.date, after: dt.date) -> list[Change]:
        """Places whose control differs between two days, in id order."""
        low, high = sorted((before, after))
        places = {
            place
            for index in range(self._steps_through(low), self._steps_through(high))
            for place in self.changed_at[index]
        }
        changes = []
        for place in sorted(places):
            old, new = self.control_at(place, before), self.control_at(place, after)
            if old != new:
                changes.append(Change(place, old, new))
        return changes

    def timeline(self, place: str) -> list[Period]:
        """The periods of one place's control, each with the event behind it."""
        last_of_day: dict[dt.date, Control] = {}
        for index, control in self.history.get(place, []):
            last_of_day[self.days[index]] = control  # several steps on one day: keep the last
        starts: list[tuple[dt.date, Control]] = []
        for day, control in last_of_day.items():
            if not starts or starts[-1][1] != control:  # a step that changed nothing seen here
                starts.append((day, control))
        return [
            Period(
                day,
                starts[n + 1][0] - dt.timedelta(days=1) if n + 1 < len(starts) else None,
                control,
            )
            for n, (day, control) in enumerate(starts)
        ]

    def events_that_changed(self, place: str) -> set[str]:
        """Ids of the events that changed one place's control (directly or through a region)."""
        return {c.event for _index, c in self.history.get(place, []) if c.event is not None}

    def events_on(self, day: dt.date) -> Iterator[Event]:
        """The events that take effect on a day, in log order."""
        start, stop = bisect.bisect_left(self.days, day), self._steps_through(day)
        for step in self.steps[start:stop]:
            if step.takes_effect:
                yield step.event

    def territory(self, state: State, by_coalition: bool = False) -> Counter[str]:
        """How many places each faction (or coalition) holds in a state."""
        counts: Counter[str] = Counter()
        for control in state.control.values():
            if control.controller is None:
                continue
            holder = control.controller
            if by_coalition:
                holder = self.world.coalition_of(holder, state.allegiance)
            counts[holder] += 1
        return counts


def _step_changes(
    step: Step, world: World, control_of: ControlOf, allegiance: Mapping[str, str]
) -> dict[str, Control]:
    if step.takes_effect:
        return control_changes(step.event, world, control_of, allegiance)
    return pending_changes(step.event, world, control_of, allegiance)
