"""The Frontline app, and the one factory that builds it for `frontline`, the tests and the docs."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import NamedTuple

from textual.app import App, SystemCommand
from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen

from engine.errors import FrontlineError
from engine.exports.geojson import write_geojson
from engine.exports.periods import Span
from engine.exports.svg import svg_map
from engine.files import write_new_file
from engine.model.dates import parse_date
from engine.model.scenario import Scenario
from engine.replay.replayer import Replayer
from tui.screen import ReplayScreen
from tui.text import UNKNOWN_STYLE, plain

DEFAULT_THEME = "textual-dark"


class DayExport(NamedTuple):
    """A palette command that saves the day shown in a format of `frontline export`."""

    title: str
    holds: str  # what the file holds
    noun: str
    extension: str


DAY_EXPORTS = {
    "svg": DayExport(
        "Export this day as SVG", "the map of the day shown, as an SVG picture", "the map", "svg"
    ),
    "geojson": DayExport(
        "Export this day as GeoJSON",
        "the day shown as GeoJSON: each place's control, each side's ground, the front line",
        "the GeoJSON",
        "geojson",
    ),
}


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
        screenshot_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.scenario_source = scenario
        self.at = at
        self.freeze_loaded = freeze_loaded
        self.screenshot_dir = (screenshot_dir or Path.cwd()).absolute()

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
        """The palette offers the same actions as the keys, then Textual's own (its Screenshot
        saves to ~/Downloads, which may not exist: ours saves to the screenshot folder)."""
        yield from (
            SystemCommand(title, text, callback)
            for title, text, callback in self.replay_screen.commands()
        )
        yield from (c for c in super().get_system_commands(screen) if c.title != "Screenshot")
        yield SystemCommand(
            "Screenshot",
            # Help is markup to the palette: a folder's name cannot go in it.
            "Save the screen as an SVG file in the screenshot folder (key: s)",
            self.action_screenshot,  # run once the palette has closed: it is not in the picture
        )
        for kind, export in DAY_EXPORTS.items():
            yield SystemCommand(
                export.title,
                f"Save {export.holds} in the screenshot folder",
                partial(self.action_export_day, kind),
            )

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save the screen as SVG in the screenshot folder (or `path`), and say where or why not."""
        folder = Path(path).absolute() if path else self.screenshot_dir
        replay = self.replay_screen.replay
        day = f"-{self.replay_screen.day.isoformat()}" if replay is not None else ""
        name = filename or f"frontline{day}-{dt.datetime.now():%Y%m%d-%H%M%S}.svg"
        self.save_file(folder, name, self.export_screenshot(), "a screenshot", "Screenshot")

    def action_export_day(self, kind: str) -> None:
        """Save the day shown as an SVG map or as GeoJSON in the screenshot folder (in a worker:
        the export computes every place's ground), and say where or why not."""
        screen = self.replay_screen
        replay = screen.replay
        if replay is None or kind not in DAY_EXPORTS:
            return
        day, folder = screen.day, self.screenshot_dir
        chosen = DAY_EXPORTS[kind]
        name = f"frontline-map-{day.isoformat()}-{dt.datetime.now():%Y%m%d-%H%M%S}"
        name += f".{chosen.extension}"

        def export() -> None:
            try:
                text = day_export(kind, replay.scenario, replay.replayer, day)
            except FrontlineError as error:
                self.call_from_thread(
                    self.notify, str(error), title="Export", severity="error", markup=False
                )
                return
            self.call_from_thread(self.save_file, folder, name, text, chosen.noun, "Export")

        self.run_worker(export, thread=True, group="export", name=f"export {kind}")

    def save_file(self, folder: Path, name: str, text: str, what: str, title: str) -> None:
        """Write a new file in a folder (never over another), and say where, or why not."""
        try:
            written = write_new_file(folder, name, text)
        except OSError as error:
            self.notify(
                f"Cannot save {what} in {folder}: {error.strerror or error}",
                title=title,
                severity="error",
                markup=False,  # a folder's name is not markup
            )
            return
        self.notify(f"Saved {written}", title=title, markup=False)


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


def day_export(kind: str, scenario: Scenario, replayer: Replayer, day: dt.date) -> str:
    """A day as `frontline export KIND --at DAY` writes it: the SVG map, or the GeoJSON of the
    places' control that day and of its ground."""
    if kind == "svg":
        return svg_map(scenario, replayer, day)
    stream = io.StringIO()
    write_geojson(stream, scenario, replayer, Span(day, day), day)
    return stream.getvalue()


def build_app(
    scenario: Path | Scenario | None = None,
    at: dt.date | None = None,
    *,
    theme: str = DEFAULT_THEME,
    freeze_loaded: bool = False,
    screenshot_dir: Path | None = None,
) -> FrontlineApp:
    """The app on a scenario (a folder, a loaded Scenario, or None for the default), at a day.

    `freeze_loaded` moves the loaded scenario out of the garbage collector's sight (gc.freeze):
    it lives as long as the app, and a full collection walking it would stall a key press by
    ~100 ms now and then. `frontline` sets it; tests that build many apps in one process do not.
    Screenshots (key s, or Screenshot in the palette) go to `screenshot_dir`, by default the
    current directory.
    """
    app = FrontlineApp(scenario, at, freeze_loaded=freeze_loaded, screenshot_dir=screenshot_dir)
    app.theme = theme
    return app
