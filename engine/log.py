"""The event log: an immutable, ordered collection of events with unique ids."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

from attrs import field, frozen

from engine.errors import FrontlineError, Problem
from engine.events import Event


def _canonical(events: Iterable[Event]) -> tuple[Event, ...]:
    # Position then id: the order in which the log was written, whatever order it was given in.
    return tuple(sorted(events, key=lambda e: (e.position, e.id)))


@frozen
class Log:
    """Events in log order; appending gives a new log, nothing is ever changed in place."""

    events: tuple[Event, ...] = field(converter=_canonical)
    by_id: Mapping[str, Event] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_id: dict[str, Event] = {}
        problems = []
        for event in self.events:
            if event.id in by_id:
                problems.append(Problem(f"event {event.id}", "id used twice"))
            by_id[event.id] = event
        if problems:
            raise FrontlineError(problems)
        object.__setattr__(self, "by_id", MappingProxyType(by_id))

    def append(self, events: Iterable[Event]) -> Log:
        """A new log with more events."""
        return Log((*self.events, *events))

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)

    def __getitem__(self, event_id: str) -> Event:
        return self.by_id[event_id]

    def __contains__(self, event_id: object) -> bool:
        return event_id in self.by_id
