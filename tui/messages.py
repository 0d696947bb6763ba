"""Messages that flow up from the widgets to the screen, which owns the day and the selection."""

from __future__ import annotations

import datetime as dt

from textual.message import Message

from tui.model import Found, GroundCursor, PlaceIndex, ReplayCursor, Territory


class DaySelected(Message):
    """A widget asks the screen to show another day (a click on the chart, a timeline period)."""

    def __init__(self, day: dt.date) -> None:
        super().__init__()
        self.day = day


class PlaceSelected(Message):
    """A widget asks the screen to select a place (a click on the map)."""

    def __init__(self, place: str | None) -> None:
        super().__init__()
        self.place = place


class PlaceFound(Message):
    """The find dialog picked a place or a region: select it and bring it into view."""

    def __init__(self, found: Found) -> None:
        super().__init__()
        self.found = found


class EventSelected(Message):
    """The user picked one of the day's events: show its sentence (and, when `read`, move to
    it, to scroll it)."""

    def __init__(self, event: str | None, read: bool = False) -> None:
        super().__init__()
        self.event = event
        self.read = read


class Loaded(Message):
    """The scenario is loaded and its replay built (posted by the loading worker)."""

    def __init__(self, replay: ReplayCursor, index: PlaceIndex) -> None:
        super().__init__()
        self.replay = replay
        self.index = index


class LoadProgress(Message):
    """How far the loading worker has got with folding a big replay (a share, 0 to 1)."""

    def __init__(self, what: str, done: float) -> None:
        super().__init__()
        self.what = what
        self.done = done


class LoadFailed(Message):
    """The scenario could not be loaded; the lines say why."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines


class GroundReady(Message):
    """Each place's ground is computed, for the map to shade (posted by a worker)."""

    def __init__(self, ground: GroundCursor) -> None:
        super().__init__()
        self.ground = ground


class TerritoryReady(Message):
    """The territory series of the whole period is computed (posted by a worker)."""

    def __init__(self, territory: Territory) -> None:
        super().__init__()
        self.territory = territory
