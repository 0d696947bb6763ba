"""Helpers of the terminal UI tests: wait for loading, read what a widget shows."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec

from rich.segment import Segment
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from tui.app import FrontlineApp
from tui.mapview import MapView
from tui.screen import ReplayScreen

P = ParamSpec("P")
LOAD_ROUNDS = 200  # rounds of "wait for the workers, then for the messages they posted"


async def settle(pilot: Pilot[None]) -> ReplayScreen:
    """Wait until the scenario is loaded and the territory series computed; no blind sleeps."""
    app = pilot.app
    assert isinstance(app, FrontlineApp)
    screen = app.replay_screen
    for _ in range(LOAD_ROUNDS):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if screen.replay is not None and screen.territory is not None:
            await pilot.pause()
            return screen
    raise AssertionError("the app did not finish loading")


def lines(widget: Widget) -> list[str]:
    """The rows of the screen where a widget is, as they are drawn (children and borders too)."""
    screen = widget.screen
    strips = screen._compositor.render_strips()
    placed = screen.find_widget(widget)
    region = placed.region.intersection(placed.clip)  # the part not scrolled out of sight
    return [strip.crop(region.x, region.right).text for strip in strips[region.y : region.bottom]]


def text(widget: Widget) -> str:
    """What a widget shows as one string: rows joined, wrapping undone, spaces collapsed."""
    return " ".join(" ".join(line.split()) for line in lines(widget) if line.strip())


def map_cell(map_view: MapView, place: str) -> Segment:
    """The character and style of the cell where a place is drawn."""
    found = map_view.cell_of(place)
    assert found is not None, f"{place} is not in view"
    x, y = found
    strip = map_view.render_line(y)
    cut = strip.crop(x, x + 1)
    (segment,) = [s for s in cut if s.text]
    return segment


def map_marker(map_view: MapView, place: str) -> str:
    """The two cells from where a place is drawn: its glyph and, for towns and cities, its side."""
    found = map_view.cell_of(place)
    assert found is not None, f"{place} is not in view"
    x, y = found
    return "".join(s.text for s in map_view.render_line(y).crop(x, x + 2))


def async_test(test: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, None]:
    """Run an async test in its own event loop (the suite has no async plugin; this is enough)."""

    @functools.wraps(test)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def fill(pilot: Pilot[None], value: str) -> None:
    """Fill the focused input, as typing would (Pilot takes ~0.1 s a key: long text is set)."""
    field = pilot.app.focused
    assert isinstance(field, Input), f"expected an input to have focus, not {field!r}"
    field.value = value
    await pilot.pause()


async def submit(pilot: Pilot[None], value: str) -> None:
    """Fill the focused input and press Enter."""
    await fill(pilot, value)
    await pilot.press("enter")
