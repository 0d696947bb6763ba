"""The Frontline app, and the one factory that builds it for `frontline`, the tests and the docs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen

from engine.errors import FrontlineError
from engine.model.dates import parse_date
from engine.model.scenario import Scenario
from tui.screen import ReplayScreen
from tui.text import UNKNOWN_STYLE, plain

DEFAULT_THEME = "textual-dark"


class FrontlineApp(App[None]):
    """A replay of who held what, day by day, with the sentence behind every change."""

    CSS_PATH = "frontline.tcss"
    TITLE = "Frontline"

    def __init__(
        self,
        scenario: Path | Scenario | None = None,
        at: dt.date | None = None,
        *,
        freeze_loaded: bool = False,
    ) -> None:
        super().__init__()
        self.scenario_source = scenario
        self.at = at
        self.freeze_loaded = freeze_loaded

    def get_default_screen(self) -> Screen[None]:
        """The replay screen, which loads the scenario in a worker."""
        return ReplayScreen(self.scenario_source, self.at)

    @property
    def replay_screen(self) -> ReplayScreen:
        """The replay screen, whatever dialog is open above it."""
        screen = self.screen_stack[0]
        assert isinstance(screen, ReplayScreen)
        return screen

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette offers the same actions as the keys, then Textual's own."""
        yield from (
            SystemCommand(title, text, callback)
            for title, text, callback in self.replay_screen.commands()
        )
        yield from super().get_system_commands(screen)


class PlaceAndDateCommands(Provider):
    """Palette commands from what is typed: a place by any of its names, or a date."""

    async def search(self, query: str) -> Hits:
        """Offer "Go to <date>" when the query reads as a date, and "Show <place>" for places."""
        app = self.app
        if not isinstance(app, FrontlineApp):
            return
        screen = app.replay_screen
        replay = screen.replay
        if replay is None or screen.index is None:
            return
        try:
            day = parse_date(query, year=replay.start.year)
        except FrontlineError:
            day = None
        if day is not None:
            yield Hit(
                1.0,
                Content(f"Go to {replay.clamp(day).isoformat()}"),
                partial(setattr, screen, "day", day),
                text=f"Go to {day.isoformat()}",
            )
        for rank, found in enumerate(screen.index.search(query, limit=12)):
            yield Hit(
                0.9 - rank * 0.05,
                Content.assemble(
                    "Show ", plain(found.label), (f"  {found.id}", UNKNOWN_STYLE)
                ),  # Content: place names are untrusted, never markup
                partial(screen.show_found, found),
                text=f"Show {plain(found.label)}",
                help="Select it and bring it into view on the map",
            )


FrontlineApp.COMMANDS = App.COMMANDS | {PlaceAndDateCommands}


def build_app(
    scenario: Path | Scenario | None = None,
    at: dt.date | None = None,
    *,
    theme: str = DEFAULT_THEME,
    freeze_loaded: bool = False,
) -> FrontlineApp:
    """The app on a scenario (a folder, a loaded Scenario, or None for the default), at a day.

    `freeze_loaded` moves the loaded scenario out of the garbage collector's sight (gc.freeze):
    it lives as long as the app, and a full collection walking it would stall a key press by
    ~100 ms now and then. `frontline` sets it; tests that build many apps in one process do not.
    """
    app = FrontlineApp(scenario, at, freeze_loaded=freeze_loaded)
    app.theme = theme
    return app
