"""A scenario: its world, its event log, its sources, and the sentences it leaves out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from attrs import field, frozen

from engine.model.frozen import read_only
from engine.model.geometry import Line, Ring
from engine.model.log import Log
from engine.model.world import World


@frozen
class Source:
    """A document that quotes come from."""

    id: str
    title: str
    licence: str
    text: str = field(repr=False)


@frozen
class Skipped:
    """A dated sentence, or a line that is no part of the article, left out of the log, and why."""

    quote: str
    reason: str
    source: str
    start: int
    end: int


@frozen
class Scenario:
    """Everything a replay of one war needs, read from one scenario folder."""

    title: str
    start: dt.date
    end: dt.date
    world: World
    log: Log
    sources: Mapping[str, Source] = field(converter=read_only)
    skipped: tuple[Skipped, ...] = ()
    lines: tuple[Line, ...] = ()  # rivers, borders and coast, for the map
    outlines: Mapping[str, Ring] = field(factory=dict, converter=read_only)
    _read_from: ReadFrom | None = field(default=None, eq=False, repr=False)

    @property
    def files_key(self) -> str | None:
        """A hash of the files its world and log were read from, as they are now, and of the code
        that read them: what the cache names what it keeps of them by. None when not known, or
        when its world or log is not the one read (a scenario evolved from another)."""
        read = self._read_from
        if read is None or read.world is not self.world or read.log is not self.log:
            return None
        return read.key


@frozen
class ReadFrom:
    """The files key of a world and log as they were read (Scenario.files_key)."""

    key: str
    world: World = field(eq=False, repr=False)
    log: Log = field(eq=False, repr=False)
