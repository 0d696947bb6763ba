"""The replay screen: it owns the day and the selection; its children draw them, post requests."""

from __future__ import annotations

import datetime as dt
import gc
import math
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from textual import events, on
from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from engine.errors import FrontlineError
from engine.formats.scenario_files import load_scenario
from engine.model.scenario import Scenario
from engine.replay.cache import replayer_of
from engine.replay.replayer import Period
from engine.territory.cache import partition_of
from tui.chart import TerritoryChart
from tui.dialogs import FindPlace, GoToDate, Help, bindings_of
from tui.mapview import MapView
from tui.messages import (
    DaySelected,
    EventSelected,
    GroundReady,
    Loaded,
    LoadFailed,
    LoadProgress,
    PlaceFound,
    PlaceSelected,
    TerritoryReady,
)
from tui.model import (
    ONE_DAY,
    DayView,
    Found,
    GroundCursor,
    PlaceIndex,
    ReplayCursor,
    Territory,
    territory_series,
)
from tui.panels import EventDetail, EventList, Legend, PlacePanel, TopBar
from tui.text import plain

SPEEDS = (1, 2, 4, 8, 16)  # days per second when playing
DEFAULT_SPEED = 1  # index into SPEEDS
# Actions that move the day, and whether each goes back or forth (for disabling at the ends).
BACKWARD = {"previous_day", "first_day", "previous_event_day"}
FORWARD = {"next_day", "last_day", "next_event_day"}
# Region members labelled on the map when an event names the region: more would be noise.
FOCUS_REGION_LIMIT = 8
# The footer shows back and forth as one item.
DAYS = Binding.Group("Day")
EVENT_DAYS = Binding.Group("Events")


class ReplayScreen(Screen[None]):
    """The map, the day's events and their sentences, the selected place, and the whole period."""

    BINDINGS = [  # noqa: RUF012 (Textual reads this class variable)
        Binding(
            "left", "previous_day", "Back", key_display="←", priority=True, group=DAYS,
            tooltip="Previous day",
        ),
        Binding(
            "right", "next_day", "Next", key_display="→", priority=True, group=DAYS,
            tooltip="Next day",
        ),
        Binding(
            "left_square_bracket", "previous_event_day", "Back", key_display="[",
            priority=True, group=EVENT_DAYS, tooltip="Previous day with events",
        ),
        Binding(
            "right_square_bracket", "next_event_day", "Next", key_display="]",
            priority=True, group=EVENT_DAYS, tooltip="Next day with events",
        ),
        Binding(
            "pageup", "previous_event_day", "Back", show=False, priority=True,
            tooltip="Previous day with events",
        ),
        Binding(
            "pagedown", "next_event_day", "Next", show=False, priority=True,
            tooltip="Next day with events",
        ),
        Binding(
            "home", "first_day", "First day", show=False, priority=True,
            tooltip="First day of the period",
        ),
        Binding(
            "end", "last_day", "Last day", show=False, priority=True,
            tooltip="Last day of the period",
        ),
        Binding("g", "go_to_date", "Date", tooltip="Go to a date… (2014-07-03 or 3 July)"),
        Binding("space", "play", "Play", tooltip="Play or pause, one day at a time"),
        Binding("plus,equals_sign", "faster", "Faster", show=False, tooltip="Play faster"),
        Binding("minus", "slower", "Slower", show=False, tooltip="Play slower"),
        Binding("slash", "find", "Find", tooltip="Find a place… by any of its names"),
        Binding("question_mark", "help", "Help", tooltip="Help: every key"),
        Binding(
            "s", "app.screenshot", "Screenshot", show=False,
            tooltip="Save a screenshot (SVG) of the screen",
        ),
        Binding("q", "app.quit", "Quit", tooltip="Quit"),
        # The map's keys work from any panel.
        Binding("i", "zoom(1.5)", "Zoom in", show=False, tooltip="Zoom the map in (or the wheel)"),
        Binding(
            "o", "zoom(0.6667)", "Zoom out", show=False, tooltip="Zoom the map out (or the wheel)"
        ),
        Binding("0", "fit", "Fit", show=False, tooltip="Fit the map to the whole area"),
        Binding("shift+left,h", "pan(-1, 0)", "West", show=False, tooltip="Pan the map west"),
        Binding("shift+right,l", "pan(1, 0)", "East", show=False, tooltip="Pan the map east"),
        Binding("shift+up,k", "pan(0, -1)", "North", show=False, tooltip="Pan the map north"),
        Binding("shift+down,j", "pan(0, 1)", "South", show=False, tooltip="Pan the map south"),
        Binding(
            "c", "letters", "Letters", show=False,
            tooltip="Draw places by their side's letter alone, or with the glyph of their kind",
        ),
        Binding("n", "names", "Names", show=False, tooltip="Show or hide the names on the map"),
        Binding(
            "f", "front", "Front", show=False,
            tooltip="Show or hide the front line and the pockets on the map",
        ),
        Binding(
            "a", "area", "Area", show=False,
            tooltip="Count the chart's ground in places or in km²",
        ),
    ]  # fmt: skip

    day: reactive[dt.date] = reactive(dt.date.min, init=False)
    place: reactive[str | None] = reactive(None, init=False)

    def __init__(self, source: Path | Scenario | None, at: dt.date | None = None) -> None:
        super().__init__()
        self.source = source
        self.at = at
        self.replay: ReplayCursor | None = None
        self.loading_label = "Loading…"
        self.index: PlaceIndex | None = None
        self.territory: Territory | None = None
        self.day_view: DayView | None = None
        self.event: str | None = None
        self.speed = DEFAULT_SPEED
        self.timer: Timer | None = None
        self._periods: tuple[str | None, list[Period]] = (None, [])
        self._enabled: tuple[bool | None, ...] = ()

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """Top bar; the map and its legend beside the events, sentence and place; the chart."""
        yield TopBar(id="top")
        with Horizontal(id="body"):
            with Vertical(id="map-column"):
                yield MapView(id="map")
                yield Legend(id="legend", markup=False)
            with Vertical(id="side"):
                yield EventList(id="events", markup=False)
                yield EventDetail(id="detail")
                yield PlacePanel(id="place")
        yield TerritoryChart(id="chart")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Start loading; the panels wait under a loading indicator."""
        self.query_one("#detail").border_title = "The sentence"  # the lists title their panels
        self.query_one("#body").loading = True
        self.query_one(MapView).letters = self.app.no_color
        # An ANSI theme cannot tint the ground: the map patterns it, and the legend shows how.
        self.watch(self.app, "theme", self._theme_changed, init=False)
        label = (
            "the default scenario"
            if self.source is None
            else str(getattr(self.source, "title", self.source))
        )
        self.loading_label = f"Loading {label}…"
        self.query_one(TopBar).show_title(self.loading_label)
        self.run_worker(self._load, thread=True, exclusive=True, group="load", name="load")

    def _load(self) -> None:
        """Read the scenario and build its replay (in a thread: big scenarios take seconds)."""
        try:
            scenario = (
                self.source if isinstance(self.source, Scenario) else load_scenario(self.source)
            )
            what = f"replaying {len(scenario.log):,} events"

            def told(done: float) -> None:
                self.post_message(LoadProgress(what, done))

            told(0.0)
            replay = ReplayCursor(scenario, replayer_of(scenario, told))
        except FrontlineError as error:
            self.post_message(LoadFailed([str(p) for p in error.problems]))
            return
        self.post_message(Loaded(replay, PlaceIndex(scenario.world.places, replay.unlocated)))

    def _compute_territory(self, replay: ReplayCursor) -> None:
        """Each place's ground for the map, then territory per side over the whole period for the
        chart and the legend (in a thread)."""
        partition = partition_of(replay.scenario)
        # Built here rather than by the first day's front on screen (~40 ms at 10,000 places).
        _ = partition.neighbours
        self.post_message(GroundReady(GroundCursor(replay, partition)))
        self.post_message(TerritoryReady(territory_series(replay, partition.areas.tolist())))

    @on(GroundReady)
    def _ground_ready(self, message: GroundReady) -> None:
        self.query_one(MapView).set_ground(message.ground)
        if self.day_view is not None:
            self._show_legend(self.day_view)

    @on(LoadProgress)
    def _load_progress(self, message: LoadProgress) -> None:
        if self.replay is None:  # a late report of a load that is done says nothing
            done = min(max(message.done, 0.0), 1.0)
            self.query_one(TopBar).show_title(f"{self.loading_label} {message.what}: {done:.0%}")

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        body = self.query_one("#body")
        body.loading = False
        self.query_one(TopBar).show_title("Cannot load the scenario")
        self.query_one("#detail", EventDetail).update(
            Content("\n").join(Content(plain(line)) for line in message.lines)
        )
        self.notify("\n".join(message.lines), title="Cannot load the scenario", severity="error")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        replay = self.replay = message.replay
        self.index = message.index
        self.query_one("#body").loading = False
        self.query_one(TopBar).show_title(replay.scenario.title)
        self.query_one(MapView).set_replay(replay)
        self.query_one(TerritoryChart).set_replay(replay)
        self.place = self._first_place(replay)
        self.day = replay.clamp(self.at) if self.at else replay.start
        self.query_one(MapView).focus()
        # What can wait starts once the first day is on screen: threads share one interpreter,
        # and at a million events they held the first frame back by seconds.
        self.call_after_refresh(self._after_first_frame, replay, message.index)

    def _after_first_frame(self, replay: ReplayCursor, index: PlaceIndex) -> None:
        """Compute the ground and the territory, and key the names for find-as-you-type."""
        self.run_worker(
            lambda: self._compute_territory(replay),
            thread=True,
            group="territory",
            name="territory",
        )
        self.run_worker(lambda: index.entries, thread=True, group="names", name="names")

    @on(TerritoryReady)
    def _territory_ready(self, message: TerritoryReady) -> None:
        self.territory = message.territory
        if getattr(self.app, "freeze_loaded", False):
            gc.freeze()  # everything loaded stays: see build_app
        self.query_one(TerritoryChart).set_territory(message.territory)
        if self.day_view is not None:
            self._show_legend(self.day_view)

    def _theme_changed(self) -> None:
        if self.day_view is not None:
            self._show_legend(self.day_view)

    def _first_place(self, replay: ReplayCursor) -> str | None:
        """The place the most events name: where the story happens (none if nothing is named)."""
        places = replay.world.places
        named = replay.scenario.log.times_named
        counts = Counter({t: n for t, n in named.items() if places.is_place(t)})
        return counts.most_common(1)[0][0] if counts else None

    def on_resize(self, event: events.Resize) -> None:
        """Small terminals drop the map's key from the legend and narrow the side panels."""
        self.set_class(event.size.width < 110, "-narrow")
        self.set_class(event.size.height < 34, "-short")
        if self.day_view is not None:
            self._show_legend(self.day_view)

    # ------------------------------------------------------------------ the day

    def validate_day(self, day: dt.date) -> dt.date:
        """The day is always within the scenario's period."""
        return self.replay.clamp(day) if self.replay is not None else day

    def watch_day(self, day: dt.date) -> None:
        """Show a day everywhere: the replay moves incrementally from the day shown before."""
        if self.replay is None:
            return
        view = self.day_view = self.replay.view(day)
        self.query_one(TopBar).show_day(self.replay, day, self._playing_text())
        events_list = self.query_one(EventList)
        events_list.show(self.replay, view)
        self.event = view.events[0].id if view.events else None
        self._show_event()
        self._show_map()
        self._show_place()
        self._show_legend(view)
        self.query_one(TerritoryChart).set_day(day)
        # The footer redraws all its keys on a refresh: only when back or forth turns on or off.
        enabled = tuple(self.check_action(a, ()) for a in sorted(BACKWARD | FORWARD))
        if enabled != self._enabled:
            self._enabled = enabled
            self.refresh_bindings()

    def watch_place(self, place: str | None) -> None:
        """Show the selected place on the map and in its panel."""
        if self.replay is None or self.day_view is None:
            return
        self._show_map()
        self._show_place()

    def _show_map(self) -> None:
        assert self.replay is not None
        assert self.day_view is not None
        self.query_one(MapView).show(self.day_view, self.place, self._focus_places())

    def _focus_places(self) -> set[str]:
        """The places of the chosen event (a region's, when it has few) to label on the map."""
        if self.replay is None or self.event is None:
            return set()
        event = self.replay.scenario.log.by_id.get(self.event)
        if event is None:
            return set()
        places = self.replay.world.places
        found: set[str] = set()
        for target in event.places:
            if places.is_place(target):
                found.add(target)
            elif (
                target in places.regions
                and len(places.regions[target].members) <= FOCUS_REGION_LIMIT
            ):
                found |= places.regions[target].members
        return found

    def _show_place(self) -> None:
        assert self.replay is not None
        assert self.day_view is not None
        panel = self.query_one(PlacePanel)
        if self.place is not None and not self.replay.world.places.is_place(self.place):
            panel.show_unlocated(self.replay, self.place)
            return
        if self._periods[0] != self.place:
            periods = self.replay.replayer.timeline(self.place) if self.place else []
            self._periods = (self.place, periods)
        panel.show(self.replay, self.place, self.day_view, self._periods[1])

    def _show_legend(self, view: DayView) -> None:
        assert self.replay is not None
        if self.territory is not None:
            by_faction, by_side = self.territory.on(view.day)
        else:
            replayer = self.replay.replayer
            by_faction = replayer.territory(view.state)
            by_side = replayer.territory(view.state, by_side=True)
        full = not (self.has_class("-short") or self.has_class("-narrow"))
        key = self.query_one(MapView).ground_key
        self.query_one(Legend).show(self.replay, view, by_faction, by_side, key, full)

    # ------------------------------------------------------------------ messages from children

    @on(DaySelected)
    def _day_selected(self, message: DaySelected) -> None:
        if self.replay is not None and self.replay.clamp(message.day) != message.day:
            self.notify(
                f"{message.day} is outside the period {self.replay.start} – {self.replay.end}; "
                f"showing {self.replay.clamp(message.day)}"
            )
        self.day = message.day

    @on(PlaceFound)
    def _place_found(self, message: PlaceFound) -> None:
        self.show_found(message.found)

    @on(PlaceSelected)
    def _place_selected(self, message: PlaceSelected) -> None:
        self.place = message.place

    @on(EventSelected)
    def _event_selected(self, message: EventSelected) -> None:
        if self.replay is None:
            return
        if message.read:
            self.query_one(EventDetail).focus()
        if message.event == self.event:
            return
        self.event = message.event
        self._show_event()
        self._show_map()

    def _show_event(self) -> None:
        """The chosen event's sentence, its paragraph cut to what the panel can show."""
        assert self.replay is not None
        event = self.replay.scenario.log.by_id.get(self.event) if self.event else None
        panel = self.query_one("#detail", EventDetail)
        room = max(240, (panel.size.width - 3) * max(panel.size.height - 4, 3))
        panel.show(self.replay, event, room)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Day actions wait for the scenario; at the ends, back or forth is disabled (greyed)."""
        if action not in BACKWARD | FORWARD | {"go_to_date", "play", "find", "faster", "slower"}:
            return True
        if self.replay is None:
            return None
        if action in BACKWARD:
            if action == "previous_event_day":
                return True if self.replay.previous_event_day(self.day) else None
            return True if self.day > self.replay.start else None
        if action in FORWARD:
            if action == "next_event_day":
                return True if self.replay.next_event_day(self.day) else None
            return True if self.day < self.replay.end else None
        return True

    def action_previous_day(self) -> None:
        """One day back."""
        self.day = self.day - ONE_DAY

    def action_next_day(self) -> None:
        """One day forward."""
        self.day = self.day + ONE_DAY

    def action_previous_event_day(self) -> None:
        """Back to the last day with events."""
        if self.replay is not None:
            found = self.replay.previous_event_day(self.day)
            if found is not None:
                self.day = found

    def action_next_event_day(self) -> None:
        """Forward to the next day with events."""
        if self.replay is not None:
            found = self.replay.next_event_day(self.day)
            if found is not None:
                self.day = found

    def action_first_day(self) -> None:
        """The first day of the period."""
        if self.replay is not None:
            self.day = self.replay.start

    def action_last_day(self) -> None:
        """The last day of the period."""
        if self.replay is not None:
            self.day = self.replay.end

    def action_go_to_date(self) -> None:
        """Ask for a date and go there (clamped to the period, with a note if it was outside)."""
        if self.replay is None:
            return
        replay = self.replay
        self.app.push_screen(GoToDate(replay.start.year, replay.start, replay.end, self))

    def action_find(self) -> None:
        """Ask for a place name; select the place found and bring it into view."""
        if self.replay is None or self.index is None:
            return
        self.app.push_screen(FindPlace(self.index, self))

    def show_found(self, found: Found | None) -> None:
        """Select a place found by name (a region: its member nearest its centre), and show it."""
        if found is None or self.replay is None:
            return
        places = self.replay.world.places
        if not found.is_region:
            self.place = found.id
            self.query_one(MapView).reveal([found.id])
            return
        region = places.regions[found.id]
        members = sorted(region.members)
        if not members:  # a place without coordinates: its panel says what the text says of it
            self.place = found.id
            return
        self.query_one(MapView).reveal(members)
        if region.lat is not None and region.lon is not None:
            lat, lon = region.lat, region.lon
            chosen = min(
                members,
                key=lambda p: math.hypot(places.place(p).lat - lat, places.place(p).lon - lon),
            )
        else:
            chosen = members[0]
        self.place = chosen

    def action_play(self) -> None:
        """Play (one day per tick, from the first day if at the end) or pause."""
        if self.replay is None:
            return
        if self.timer is not None:
            self._stop()
        else:
            if self.day >= self.replay.end:
                self.day = self.replay.start
            self.timer = self.set_interval(1 / SPEEDS[self.speed], self.tick)
        self._show_top()

    def tick(self) -> None:
        """One step of playing; stops at the last day."""
        if self.replay is None:
            return
        if self.day >= self.replay.end:
            self._stop()
            self._show_top()
            return
        self.day = self.day + ONE_DAY

    def _stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None

    @property
    def playing(self) -> bool:
        """True while the replay plays."""
        return self.timer is not None

    def action_faster(self) -> None:
        """Play more days per second."""
        self._set_speed(self.speed + 1)

    def action_slower(self) -> None:
        """Play fewer days per second."""
        self._set_speed(self.speed - 1)

    def _set_speed(self, speed: int) -> None:
        self.speed = min(max(speed, 0), len(SPEEDS) - 1)
        if self.timer is not None:
            self._stop()
            self.timer = self.set_interval(1 / SPEEDS[self.speed], self.tick)
        self._show_top()
        self.notify(f"{SPEEDS[self.speed]} days per second", timeout=1.5)

    def _playing_text(self) -> str:
        return f"▶ {SPEEDS[self.speed]} d/s" if self.timer is not None else ""

    def _show_top(self) -> None:
        if self.replay is not None:
            self.query_one(TopBar).show_day(self.replay, self.day, self._playing_text())

    def action_zoom(self, factor: float) -> None:
        """Zoom the map in (factor > 1) or out about its centre."""
        self.query_one(MapView).action_zoom(factor)

    def action_pan(self, columns: float, rows: float) -> None:
        """Slide the map a quarter of its size."""
        self.query_one(MapView).action_pan(columns, rows)

    def action_fit(self) -> None:
        """Fit the map to the whole area."""
        self.query_one(MapView).action_fit()

    def action_letters(self) -> None:
        """Draw places by their side's letter, or by their kind's glyph."""
        self.query_one(MapView).action_toggle_letters()
        if self.day_view is not None:
            self._show_legend(self.day_view)  # the legend shows the ground's patterns, or not

    def action_front(self) -> None:
        """Show or hide the front line and the pockets."""
        self.query_one(MapView).action_toggle_front()
        if self.day_view is not None:
            self._show_legend(self.day_view)

    def action_area(self) -> None:
        """Count the chart in places or in km² of ground."""
        self.query_one(TerritoryChart).action_toggle_area()

    def action_names(self) -> None:
        """Show or hide the names on the map."""
        self.query_one(MapView).action_toggle_names()

    def action_help(self) -> None:
        """Show every key."""
        self.app.push_screen(Help(self.key_help()))

    def key_help(self) -> list[tuple[str, str]]:
        """(keys, what they do) for every binding of the screen and the app."""
        bindings = bindings_of(self.BINDINGS, self.app.BINDINGS)
        shown = [
            (self.app.get_key_display(b), b.tooltip or b.description)
            for b in bindings
            if b.description
        ]
        palette = Binding(self.app.COMMAND_PALETTE_BINDING, "command_palette")
        shown += [
            (self.app.get_key_display(palette), "Command palette: every action, places, dates"),
            ("tab shift+tab", "Move between the panels"),
            ("↑ ↓ enter", "Move in a list; Enter on a period goes to its first day"),
        ]
        return key_list_pairs(shown)

    def commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        """(title, help, callback) of the palette's commands: the actions of the keys, one each."""
        keys: dict[str, list[str]] = {}
        titles: dict[str, str] = {}
        for binding in bindings_of(self.BINDINGS):
            if binding.action.startswith("app."):
                continue  # quitting, a screenshot: the app's own palette commands
            keys.setdefault(binding.action, []).append(self.app.get_key_display(binding))
            titles.setdefault(binding.action, binding.tooltip or binding.description)
        for action, title in titles.items():
            _namespace, name, _arguments = parse_action(action)
            if self.check_action(name, ()):
                yield title, f"Key: {' '.join(keys[action])}", partial(self.run_action, action)


def key_list_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Keys with the same description listed together."""
    merged: dict[str, list[str]] = {}
    for key, description in pairs:
        keys = merged.setdefault(description, [])
        if key not in keys:
            keys.append(key)
    return [(" ".join(keys), description) for description, keys in merged.items()]
