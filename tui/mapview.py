"""The map: one widget drawn line by line; each side's ground shaded and its places coloured by
side, the front where hostile ground meets, river and borders in braille."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

import numpy as np
from attrs import frozen
from numpy.typing import NDArray
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Offset
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from engine.model.control import Status
from engine.model.places import Place
from tui.geo import Bounds, Viewport, braille, braille_lines
from tui.messages import PlaceSelected
from tui.model import (
    BESIEGED_GROUND,
    CONTESTED_GROUND,
    HELD_GROUND,
    NO_GROUND,
    UNKNOWN_LETTER,
    DayView,
    GroundCursor,
    ReplayCursor,
    remembered,
)
from tui.text import (
    BESIEGED_HATCH,
    CONTESTED_HATCH,
    FRONT_MARK,
    GROUND_PATTERNS,
    POCKET_MARK,
    cells,
)

# The glyph of each kind of place, followed by its side's letter ("●I"); villages show the letter
# of their side alone (see glyph and tail).
KIND_GLYPHS = {
    "city": "◉",
    "town": "●",
    "quarter": "◆",
    "facility": "■",
    "oilfield": "▲",
    "airbase": "✚",
    "mound": "∩",
}
OTHER_GLYPH = "○"
# Which place a crowded cell shows first, and which get a label first: by size and kind.
KIND_RANK = {"city": 0, "quarter": 1, "town": 2, "oilfield": 3, "airbase": 3, "facility": 4}
VILLAGE_RANK = 9
SIDE_SLOTS = 6
FRAME_CACHE = 48  # frames kept: stepping back and forth redraws from the cache
LABEL_TRIES = 400  # candidates tried per frame, so that 10,000 places cost no more than 500
CHANGED_LABELS = 40  # a day that changes a whole district names its 40 most important places

REVERSE = Style(reverse=True)
BESIEGED = Style(underline=True, bold=True)
UNCERTAIN = Style(italic=True)
BOLD = Style(bold=True)
GROUND_STATUSES = (HELD_GROUND, CONTESTED_GROUND, BESIEGED_GROUND)
HATCHES = {CONTESTED_GROUND: CONTESTED_HATCH, BESIEGED_GROUND: BESIEGED_HATCH}
# The edges of a cell that a line between cells runs along.
RIGHT, LEFT, BELOW, ABOVE = 1, 2, 4, 8


def _edge_glyphs(bar: str, dash: str, corners: str, cross: str) -> tuple[str, ...]:
    """A line's glyph in a cell for each set of its edges the line runs along: a bar along the
    left or right edge, a dash along the top or bottom, a corner where one of each meet (corners
    in the order right-below, left-below, right-above, left-above), a cross otherwise."""
    glyphs = []
    for edges in range(16):
        across, along = edges & (RIGHT | LEFT), edges & (BELOW | ABOVE)
        if not along:
            glyphs.append(bar)
        elif not across:
            glyphs.append(dash)
        elif across != RIGHT | LEFT and along != BELOW | ABOVE:
            glyphs.append(corners[(across == LEFT) + 2 * (along == ABOVE)])
        else:
            glyphs.append(cross)
    return tuple(glyphs)


FRONT_GLYPHS = _edge_glyphs("┃", FRONT_MARK, "┛┗┓┏", "╋")
POCKET_GLYPHS = _edge_glyphs("║", POCKET_MARK, "╝╚╗╔", "╬")


def glyph(place: Place, side_letter: str | None, letters: bool) -> str:
    """The character a place is drawn with: by kind, or the letter of its side."""
    if place.kind == "village":
        return side_letter.lower() if side_letter else UNKNOWN_LETTER
    if letters:
        return side_letter.upper() if side_letter else "?"
    return KIND_GLYPHS.get(place.kind, OTHER_GLYPH)


def tail(side_letter: str | None) -> str:
    """What follows a kind's glyph so that its side is read, not only seen in colour."""
    return side_letter.upper() if side_letter else UNKNOWN_LETTER


@frozen
class _Layout:
    """Where everything falls for one view: computed on zoom, pan and resize, not per day."""

    view: Viewport
    cells: dict[tuple[int, int], int]  # cell -> the most important place in it
    where: dict[int, tuple[int, int]]  # place index -> its cell
    lines: dict[tuple[int, int], tuple[int, str]]  # cell -> (braille bits, layer)
    labelled: list[int]  # places that deserve a label, most important first


@frozen
class GroundKey:
    """How the map shows ground, for the legend to say the same."""

    shown: bool  # the partition is computed: ground is shaded
    tinted: bool  # by a faint tint of its side's colour (not under NO_COLOR or ANSI themes)
    patterned: bool  # by a pattern per side in empty cells (the `c` mode, or no tint)
    front: bool  # the front line and the pockets are drawn


@frozen
class _Frame:
    """One drawn frame, with what a click or a test needs to know of it."""

    strips: list[Strip]
    drawn: dict[tuple[int, int], int]  # cell -> the place whose glyph or side letter is there
    labels: dict[int, tuple[int, int, str]]  # place index -> (row, first column, name written)
    label_at: dict[tuple[int, int], int]  # cell -> the place whose name covers it


class MapView(Widget, can_focus=True):
    """Every place at its coordinates, coloured by its controller's side; zoom, pan, click."""

    COMPONENT_CLASSES = {  # noqa: RUF012 (Textual reads this class variable)
        "map--river",
        "map--water",
        "map--border",
        "map--district",
        "map--unknown",
        "map--outside",
        "map--label",
        "map--changed",
        "map--changed-label",
        "map--selected",
        "map--selected-label",
        "map--focus",
        "map--ground-unknown",
        "map--fill",
        "map--front",
        "map--pocket",
        *(f"side-{n}" for n in range(SIDE_SLOTS)),
        *(f"map--ground-{n}" for n in range(SIDE_SLOTS)),
    }

    letters: reactive[bool] = reactive(False)
    names: reactive[bool] = reactive(True)
    front: reactive[bool] = reactive(True)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.replay: ReplayCursor | None = None
        self.day_view: DayView | None = None
        self.selected: str | None = None
        self.focus_places: frozenset[str] = frozenset()
        self._places: list[Place] = []
        self._index: dict[str, int] = {}
        self._rank: list[tuple[int, bool, str, str]] = []  # kind, not in the log, name, id
        self._by_rank: NDArray[np.intp] = np.zeros(0, dtype=np.intp)  # place numbers by rank
        self._lats: NDArray[np.float64] = np.zeros(0)
        self._lons: NDArray[np.float64] = np.zeros(0)
        self._inside: set[int] = set()
        self._home: Bounds | None = None
        self._view: Viewport | None = None
        self._moved = False  # zoomed or panned by the user: keep the view on resize
        self._layout: _Layout | None = None
        # Frames by day and view; with each, where its places and names are (for clicks).
        self._frames: OrderedDict[tuple[object, ...], _Frame] = OrderedDict()
        self._label_at: dict[tuple[int, int], int] = {}
        self._outlines: list[tuple[tuple[tuple[float, float], ...], str]] = []
        self._lines: list[tuple[tuple[tuple[float, float], ...], str]] = []
        self._drawn: dict[tuple[int, int], int] = {}  # cell -> the place drawn there
        self._drag_from: Offset | None = None
        self._dragged = False
        self._ground: GroundCursor | None = None
        self._owners: tuple[Viewport, NDArray[np.intp]] | None = None

    # ------------------------------------------------------------------ data in

    def set_replay(self, replay: ReplayCursor) -> None:
        """Take the scenario's places, lines and borders (once, after loading)."""
        self.replay = replay
        world = replay.world
        self._places = list(replay.places)
        self._index = {p.id: n for n, p in enumerate(self._places)}
        named = replay.scenario.log.times_named.keys() & world.places.by_id.keys()
        self._rank = [
            (
                KIND_RANK.get(p.kind, 5 if p.kind != "village" else VILLAGE_RANK),
                p.id not in named,
                p.name.casefold(),
                p.id,
            )
            for p in self._places
        ]
        self._by_rank = np.array(
            sorted(range(len(self._places)), key=self._rank.__getitem__), dtype=np.intp
        )
        self._lats = np.array([p.lat for p in self._places], dtype=float)
        self._lons = np.array([p.lon for p in self._places], dtype=float)
        governorates = [r for r in world.places.regions.values() if r.kind == "governorate"]
        if governorates:
            inside = set().union(*(r.members for r in governorates))
            self._inside = {self._index[p] for p in inside if p in self._index}
        else:
            self._inside = set(range(len(self._places)))
        regions = world.places.regions
        self._outlines = [
            (
                ring,
                "map--border"
                if regions.get(unit) and regions[unit].kind == "governorate"
                else "map--district",
            )
            for unit, ring in replay.scenario.outlines.items()
        ]
        self._lines = [
            (points, "map--border" if layer == "border" else "map--river")
            for layer, points in replay.scenario.lines
        ]
        self._home = self._home_bounds(named)
        self._view = None
        self._moved = False
        self._invalidate(layout=True)

    def _home_bounds(self, named: AbstractSet[str]) -> Bounds | None:
        """The area shown at first: the borders (or the places inside them), and the places
        named by events near them; a far-off place named once (a city in another province) is
        left out."""
        assert self.replay is not None
        outline_points = [pt for ring in self.replay.scenario.outlines.values() for pt in ring]
        lats, lons = self._lats, self._lons
        inside = np.fromiter(self._inside, dtype=np.intp, count=len(self._inside))
        core = Bounds.of(outline_points) or Bounds.of_arrays(lats[inside], lons[inside])
        if core is None:
            return Bounds.of_arrays(lats, lons)
        reach = core.grown(0.25)
        near = np.zeros(len(self._places), dtype=bool)
        near[np.fromiter(map(self._index.__getitem__, named), dtype=np.intp, count=len(named))] = (
            True
        )
        near &= (lats >= reach.south) & (lats <= reach.north)
        near &= (lons >= reach.west) & (lons <= reach.east)
        return core.union(Bounds.of_arrays(lats[near], lons[near]))

    def set_ground(self, ground: GroundCursor) -> None:
        """Take each place's ground (computed in a worker once the scenario is loaded)."""
        self._ground = ground
        self._owners = None
        self._invalidate()

    def show(self, day_view: DayView, selected: str | None, focus: Iterable[str] = ()) -> None:
        """Draw a day, with the selected place and the places of the chosen event labelled."""
        self.day_view = day_view
        self.selected = selected
        self.focus_places = frozenset(focus)
        self.refresh()

    # ------------------------------------------------------------------ view

    @property
    def view(self) -> Viewport | None:
        """The current window onto the map (None before the first layout)."""
        if self._view is None and self._home is not None and self.size.width and self.size.height:
            self._view = Viewport.fit(self._home, self.size.width, self.size.height)
        return self._view

    def on_resize(self, event: events.Resize) -> None:
        """Refit the home view, or keep a view the user chose, on the new size."""
        if self._home is None:
            return
        width, height = max(self.size.width, 1), max(self.size.height, 1)
        if self._view is None or not self._moved:
            self._view = Viewport.fit(self._home, width, height)
        else:
            self._view = self._view.resized(width, height)
        self._invalidate()  # the layout is made again if the view is another

    def action_zoom(
        self, factor: float, column: float | None = None, row: float | None = None
    ) -> None:
        """Zoom in (factor > 1) or out, about a cell or the centre."""
        if self.view is None:
            return
        self._view = self.view.zoomed(factor, column, row)
        self._moved = True
        self._invalidate(layout=True)

    def action_pan(self, columns: float, rows: float) -> None:
        """Slide the view by a quarter of its size in a direction."""
        if self.view is None:
            return
        self._view = self.view.panned(
            columns * max(self.view.width // 4, 1), rows * max(self.view.height // 4, 1)
        )
        self._moved = True
        self._invalidate(layout=True)

    def action_fit(self) -> None:
        """Back to the view of the whole area."""
        if self._home is None:
            return
        self._view = Viewport.fit(self._home, max(self.size.width, 1), max(self.size.height, 1))
        self._moved = False
        self._invalidate(layout=True)

    def action_toggle_letters(self) -> None:
        """Draw every place with its side's letter, or with the glyph of its kind."""
        self.letters = not self.letters

    def action_toggle_names(self) -> None:
        """Show or hide the names of places."""
        self.names = not self.names

    def watch_letters(self) -> None:
        """Redraw with the other glyphs."""
        self._invalidate()

    def watch_names(self) -> None:
        """Redraw with or without names."""
        self._invalidate()

    def action_toggle_front(self) -> None:
        """Show or hide the front line and the pockets."""
        self.front = not self.front

    def watch_front(self) -> None:
        """Redraw with or without the front."""
        self._invalidate()

    @property
    def tinted(self) -> bool:
        """True when the theme can tint ground faintly (ANSI colours cannot be blended)."""
        return not (self.app.native_ansi_color or self.app.no_color)

    @property
    def ground_key(self) -> GroundKey:
        """How ground is drawn now."""
        tinted = self.tinted
        return GroundKey(
            shown=self._ground is not None,
            tinted=tinted,
            patterned=self.letters or not tinted,
            front=self.front,
        )

    def reveal(self, place_ids: Iterable[str]) -> None:
        """Bring places into view: centre on one, or fit several, keeping the zoom if they fit."""
        view = self.view
        points = [
            (self._places[self._index[p]].lat, self._places[self._index[p]].lon)
            for p in place_ids
            if p in self._index
        ]
        if view is None or not points:
            return
        bounds = Bounds.of(points)
        assert bounds is not None
        cells = [view.cell(lat, lon) for lat, lon in points]
        if all(2 <= c < view.width - 2 and 1 <= r < view.height - 1 for c, r in cells):
            return
        if len(points) == 1:
            lat, lon = points[0]
            column, row = view.cell(lat, lon)
            self._view = view.panned(column - view.width / 2, row - view.height / 2)
        else:
            fitted = Viewport.fit(bounds.grown(0.1), view.width, view.height)
            self._view = (
                fitted
                if fitted.scale < view.scale
                else view.panned(*_offset_to_centre(view, bounds))
            )
        self._moved = True
        self._invalidate(layout=True)

    def cell_of(self, place_id: str) -> tuple[int, int] | None:
        """The (x, y) cell where a place is drawn, if it is in view."""
        layout = self._get_layout()
        if layout is None or place_id not in self._index:
            return None
        found = layout.where.get(self._index[place_id])
        return None if found is None else (found[1], found[0])

    def labels(self) -> dict[str, tuple[int, int, str]]:
        """The names written on the map shown: place id -> (x, y, the name as written)."""
        frame = self._frame()
        if frame is None:
            return {}
        return {
            self._places[n].id: (column, row, text)
            for n, (row, column, text) in frame.labels.items()
        }

    def place_at(self, x: int, y: int) -> str | None:
        """The place drawn at or next to a cell (or whose name is written there)."""
        layout = self._get_layout()
        if layout is None:
            return None
        if (y, x) in self._label_at:
            return self._places[self._label_at[(y, x)]].id
        best: tuple[float, int] | None = None
        for dy in (-1, 0, 1):
            for dx in (-2, -1, 0, 1, 2):
                first = layout.cells.get((y + dy, x + dx))
                if first is not None:
                    distance = abs(dx) + 2 * abs(dy)
                    chosen = self._drawn.get((y + dy, x + dx), first)
                    if best is None or distance < best[0]:
                        best = (distance, chosen)
        return None if best is None else self._places[best[1]].id

    # ------------------------------------------------------------------ mouse

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Start a drag (pan) or a click (select)."""
        if event.button == 1:
            self._drag_from = event.offset
            self._dragged = False
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Pan while the button is held."""
        if self._drag_from is None or self.view is None or not event.button:
            return
        dx, dy = event.offset.x - self._drag_from.x, event.offset.y - self._drag_from.y
        if dx or dy:
            self._view = self.view.panned(-dx, -dy)
            self._drag_from = event.offset
            self._dragged = True
            self._moved = True
            self._invalidate(layout=True)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """End a drag; a click without a drag selects the place under the pointer."""
        was_drag = self._dragged
        self._drag_from = None
        self._dragged = False
        self.release_mouse()
        if not was_drag:
            offset = event.get_content_offset(self)
            if offset is not None:
                place = self.place_at(offset.x, offset.y)
                if place is not None:
                    self.post_message(PlaceSelected(place))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        """Zoom in about the pointer."""
        event.stop()
        self.action_zoom(1.25, event.x, event.y)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        """Zoom out about the pointer."""
        event.stop()
        self.action_zoom(0.8, event.x, event.y)

    # ------------------------------------------------------------------ drawing

    def notify_style_update(self) -> None:
        """The theme or the CSS changed: every cached frame has the old colours."""
        super().notify_style_update()
        self._frames.clear()

    def _invalidate(self, layout: bool = False) -> None:
        if layout:
            self._layout = None
        self._frames.clear()
        self.refresh()

    def _get_layout(self) -> _Layout | None:
        view = self.view
        if view is None:
            return None
        if self._layout is not None and self._layout.view == view:
            return self._layout
        columns, rows = view.cells(self._lats, self._lons)
        on_map = (columns >= 0) & (columns < view.width) & (rows >= 0) & (rows < view.height)
        shown = self._by_rank[on_map[self._by_rank]]  # in rank order: the first of a cell wins
        shown_rows, shown_columns = rows[shown].astype(int), columns[shown].astype(int)
        where = dict(zip(shown.tolist(), _pairs(shown_rows, shown_columns), strict=True))
        # Whole columns at once: a loop over 100,000 places took a fifth of a second a layout.
        codes = shown_rows * view.width + shown_columns
        firsts = np.sort(np.unique(codes, return_index=True)[1])  # each cell's first, by rank
        first_cells = _pairs(*np.divmod(codes[firsts], view.width))
        cells = dict(zip(first_cells, shown[firsts].tolist(), strict=True))
        lines: dict[tuple[int, int], tuple[int, str]] = {}
        layers = [
            *((ring, layer) for ring, layer in self._outlines if layer == "map--district"),
            *((ring, layer) for ring, layer in self._outlines if layer == "map--border"),
        ]
        for ring, layer in layers:
            for cell, bits in braille_lines(view, [ring], closed=True).items():
                lines[cell] = (lines.get(cell, (0, ""))[0] | bits, layer)
        for points, layer in self._lines:
            for cell, bits in braille_lines(view, [points]).items():
                lines[cell] = (lines.get(cell, (0, ""))[0] | bits, layer)
        labelled = [  # `where` is in rank order already
            n for n in where if self._rank[n][0] < VILLAGE_RANK or not self._rank[n][1]
        ]
        self._layout = _Layout(view, cells, where, lines, labelled)
        return self._layout

    def render_line(self, y: int) -> Strip:
        """One row of the map, from the frame of the current day (built once, then cached)."""
        frame = self._frame()
        if frame is None or y >= len(frame.strips):
            return Strip.blank(self.size.width, self.rich_style)
        return frame.strips[y]

    @property
    def frame_key(self) -> tuple[object, ...]:
        """What a frame depends on: the view, the day, the selection, and the drawing options."""
        day: dt.date | None = self.day_view.day if self.day_view else None
        return (
            self.view,
            day,
            self.selected,
            self.focus_places,
            self.letters,
            self.names,
            self.front,
            self._ground,
        )

    def _frame(self) -> _Frame | None:
        layout = self._get_layout()
        if layout is None or self.day_view is None or self.replay is None:
            return None
        day_view = self.day_view
        frame = remembered(
            self._frames, self.frame_key, lambda: self._draw(layout, day_view), FRAME_CACHE
        )
        # A click finds places and names where the frame on screen has them.
        self._drawn, self._label_at = frame.drawn, frame.label_at
        return frame

    def _rule(self, name: str) -> Style:
        """What a component class sets, and only that, with colours blended as the screen shows
        them (so that a selected place keeps its side's colour: only its background changes)."""
        partial = self.get_component_rich_style(name, partial=True)
        full = self.get_component_rich_style(name)
        return Style(
            color=full.color if partial.color else None,
            bgcolor=full.bgcolor if partial.bgcolor else None,
            bold=partial.bold,
            dim=partial.dim,
            italic=partial.italic,
            underline=partial.underline,
            reverse=partial.reverse,
        )

    def _draw(self, layout: _Layout, day_view: DayView) -> _Frame:
        assert self.replay is not None
        view = layout.view
        width, height = view.width, view.height
        base = self.rich_style
        rules = {name: self._rule(name) for name in self.COMPONENT_CLASSES}
        styles_of = {name: base + rule for name, rule in rules.items()}
        chars = [[" "] * width for _ in range(height)]
        styles = [[base] * width for _ in range(height)]
        grounds: list[list[Style | None]] = [[None] * width for _ in range(height)]
        owners = self._owner_raster(view)
        if owners is not None:
            self._fill_ground(owners, day_view, chars, styles, grounds, styles_of)
        for (row, column), (bits, layer) in layout.lines.items():
            chars[row][column] = braille(bits)
            styles[row][column] = styles_of[layer]

        # Which place each crowded cell shows: the most important, unless one of today's
        # changes, the chosen event's places or the selected place is there.
        shown = dict(layout.cells)
        special = [
            *sorted(day_view.changed),
            *sorted(self.focus_places),
        ]  # sorted: sets vary by run
        if self.selected:
            special.append(self.selected)
        for place_id in special:
            n = self._index.get(place_id)
            if n is not None and n in layout.where:
                shown[layout.where[n]] = n
        self._drawn = shown
        changed = {self._index[p] for p in day_view.changed if p in self._index}
        selected = self._index.get(self.selected) if self.selected else None
        focus = {self._index[p] for p in self.focus_places if p in self._index}
        sides = self.replay.sides
        cache: dict[tuple[object, ...], Style] = {}
        taken: set[tuple[int, int]] = set()
        tails: list[tuple[tuple[int, int], int, str, Style]] = []
        for cell, n in shown.items():
            place = self._places[n]
            control = day_view.state.of(place.id)
            coalition = day_view.side_of(control.controller)
            side = sides.by_id.get(coalition) if coalition else None
            letter = side.letter if side else None
            row, column = cell
            chars[row][column] = glyph(place, letter, self.letters)
            key = (
                side.slot if side else (-1 if n in self._inside else -2),
                control.status,
                control.uncertain,
                n in changed,
                n == selected,
            )
            style = cache.get(key)
            if style is None:
                style = cache[key] = _place_style(styles_of, rules, key)
            styles[row][column] = style
            taken.add(cell)
            if place.kind != "village" and not self.letters:
                tails.append((cell, n, tail(letter), style))
        keep = {self._index[p] for p in special if p in self._index}
        tail_at = self._draw_tails(tails, chars, styles, taken, keep)
        if owners is not None and self.front:
            self._draw_front(owners, day_view, chars, styles, taken, styles_of)

        labels: dict[int, tuple[int, int, str]] = {}
        if self.names:
            labels = self._place_labels(
                layout, chars, styles, styles_of, taken, tail_at, changed, selected, focus
            )
        # Villages line the river and hide its dots: where they do, the river shows as a tint.
        water = Style(bgcolor=styles_of["map--water"].bgcolor)
        tinted: dict[Style, Style] = {}
        for (row, column), (_bits, layer) in layout.lines.items():
            if layer == "map--river" and (row, column) in shown:
                style = styles[row][column]
                if style not in tinted:
                    tinted[style] = style + water
                styles[row][column] = tinted[style]
        merged: dict[tuple[Style, Style], Style] = {}
        return _Frame(
            strips=[
                _strip(chars[row], styles[row], grounds[row], width, base, merged)
                for row in range(height)
            ],
            drawn=self._drawn,
            labels=labels,
            label_at={
                (row, start + i): n
                for n, (row, start, text) in labels.items()
                for i in range(len(text))
            },
        )

    def _owner_raster(self, view: Viewport) -> NDArray[np.intp] | None:
        """The place whose ground holds each cell's centre (NO_PLACE where none does), as rows
        of columns: made once per view, as a new day changes only who holds each place."""
        if self._ground is None:
            return None
        if self._owners is None or self._owners[0] != view:
            lats, lons = view.cell_centres()
            owners = self._ground.partition.owners(lats, lons)
            self._owners = (view, owners.reshape(view.height, view.width))
        return self._owners[1]

    def _fill_ground(
        self,
        owners: NDArray[np.intp],
        day_view: DayView,
        chars: list[list[str]],
        styles: list[list[Style]],
        grounds: list[list[Style | None]],
        styles_of: dict[str, Style],
    ) -> None:
        """Shade each cell as the ground under its centre: a faint tint of its side's colour,
        or where colour cannot tell (or in the `c` mode) the side's pattern in every other cell;
        hatches in the other cells of contested and besieged ground."""
        assert self._ground is not None
        ground = self._ground.on(day_view)
        key = self.ground_key
        base = self.rich_style
        fill = styles_of["map--fill"]
        # One entry per (slot, status, even or odd cell): what an empty cell shows, its colour
        # and its ground. Even cells show the side's pattern, odd ones the hatch of its status.
        chars_of: list[str] = []
        styles_of_key: list[Style] = []
        grounds_of: list[Style | None] = []
        for slot in range(NO_GROUND, SIDE_SLOTS):
            colour = styles_of[f"side-{slot}"] if slot >= 0 else styles_of["map--unknown"]
            tint = styles_of[f"map--ground-{slot}" if slot >= 0 else "map--ground-unknown"]
            shade = Style(bgcolor=tint.bgcolor) if key.tinted and slot != NO_GROUND else None
            for status in GROUND_STATUSES:
                pattern = GROUND_PATTERNS[slot] if key.patterned and slot >= 0 else " "
                hatch = HATCHES.get(status, " ") if slot != NO_GROUND else " "
                for mark in (pattern, hatch):
                    chars_of.append(mark)
                    styles_of_key.append(base if mark == " " else colour + fill)
                    grounds_of.append(shade)
        height, width = owners.shape
        parity = np.add.outer(np.arange(height), np.arange(width)) % 2
        codes = (ground.slot[owners] - NO_GROUND) * len(GROUND_STATUSES) + ground.status[owners]
        for row, line in enumerate((codes * 2 + parity).tolist()):
            chars[row] = [chars_of[c] for c in line]
            styles[row] = [styles_of_key[c] for c in line]
            grounds[row] = [grounds_of[c] for c in line]

    def _draw_front(
        self,
        owners: NDArray[np.intp],
        day_view: DayView,
        chars: list[list[str]],
        styles: list[list[Style]],
        taken: set[tuple[int, int]],
        styles_of: dict[str, Style],
    ) -> None:
        """Draw the front between cells of hostile sides, and the outline of the pockets, in
        the free cell of each pair (the first, left or above, if free): never over a place."""
        assert self._ground is not None
        side = self._ground.on(day_view).side[owners]
        pocket = self._ground.pockets(day_view)[owners]
        known = side >= 0
        hostile_across = known[:, :-1] & known[:, 1:] & (side[:, :-1] != side[:, 1:])
        hostile_along = known[:-1] & known[1:] & (side[:-1] != side[1:])
        rim_across = pocket[:, :-1] != pocket[:, 1:]
        rim_along = pocket[:-1] != pocket[1:]
        blocked = np.zeros(side.shape, dtype=bool)
        if taken:
            rows, columns = zip(*taken, strict=True)
            blocked[list(rows), list(columns)] = True
        edges = _edges(hostile_across | rim_across, hostile_along | rim_along, blocked)
        rims = _edges(rim_across, rim_along, blocked)
        front_style, pocket_style = styles_of["map--front"], styles_of["map--pocket"]
        rows_at, columns_at = np.nonzero(edges)
        for row, column, mask, rim in zip(
            rows_at.tolist(),
            columns_at.tolist(),
            edges[rows_at, columns_at].tolist(),
            rims[rows_at, columns_at].tolist(),
            strict=True,
        ):
            chars[row][column] = (POCKET_GLYPHS if rim else FRONT_GLYPHS)[mask]
            styles[row][column] = pocket_style if rim else front_style

    def _draw_tails(
        self,
        tails: list[tuple[tuple[int, int], int, str, Style]],
        chars: list[list[str]],
        styles: list[list[Style]],
        taken: set[tuple[int, int]],
        keep: set[int],
    ) -> dict[int, tuple[int, int]]:
        """Write each side letter right of its glyph, over a blank, a line or a village that
        need not show; where that cell is not free, the letter replaces the glyph."""
        drawn: dict[int, tuple[int, int]] = {}
        width = len(chars[0]) if chars else 0
        for (row, column), n, letter, style in tails:
            right = (row, column + 1)
            neighbour = self._drawn.get(right)
            free = column + 1 < width and (
                neighbour is None
                or (self._places[neighbour].kind == "village" and neighbour not in keep)
            )
            if not free:
                chars[row][column] = letter
                continue
            chars[row][column + 1] = letter
            styles[row][column + 1] = style
            taken.add(right)
            self._drawn[right] = n
            drawn[n] = right
        return drawn

    def _place_labels(
        self,
        layout: _Layout,
        chars: list[list[str]],
        styles: list[list[Style]],
        styles_of: dict[str, Style],
        taken: set[tuple[int, int]],
        tail_at: dict[int, tuple[int, int]],
        changed: set[int],
        selected: int | None,
        focus: set[int],
    ) -> dict[int, tuple[int, int, str]]:
        """Name places, the most important first: the selected one, today's changes, the chosen
        event's places, then by kind and name. A name and a blank cell either side of it cover no
        glyph, side letter or other name; a name that fits at none of its spots is left out,
        never cut. Returns place index -> (row, first column, name)."""
        view = layout.view
        rank = self._rank.__getitem__
        # Today's changes are named first, the most important of them when there are many.
        shown_changes = sorted(changed & layout.where.keys(), key=rank)[:CHANGED_LABELS]
        first = [n for n in (selected, *shown_changes, *sorted(focus, key=rank)) if n is not None]
        must = set(first)  # tried whatever the budget of tries
        tried: set[int] = set()
        labels: dict[int, tuple[int, int, str]] = {}
        for n in [*first, *layout.labelled]:
            if n in tried or n not in layout.where or (len(tried) >= LABEL_TRIES and n not in must):
                continue
            tried.add(n)
            row, column = layout.where[n]
            if self._drawn.get((row, column)) != n:
                continue  # another place is drawn in this cell: its name would mislead
            text = cells(self._places[n].name)
            end = tail_at.get(n, (row, column))[1]
            # Right of the glyph and its letter, left of it, then above or below it (starting at
            # its column or ending there).
            spots = [
                (row, end + 2),
                (row, column - 1 - len(text)),
                *(
                    (line, start)
                    for line in (row - 1, row + 1)
                    for start in (column, column + 1 - len(text))
                ),
            ]
            spot = next((p for p in spots if _fits(p, len(text), view, taken)), None)
            if spot is None:
                continue
            line, start = spot
            style = (
                styles_of["map--selected-label"]
                if n == selected
                else styles_of["map--changed-label"]
                if n in changed
                else styles_of["map--focus"]
                if n in focus
                else styles_of["map--label"]
            )
            for c, ch in enumerate(text, start):
                chars[line][c] = ch
                styles[line][c] = style
            for gap in (start - 1, start + len(text)):  # a border's dots would run into the name
                if 0 <= gap < view.width:
                    chars[line][gap] = " "
                    styles[line][gap] = styles_of["map--label"]
            taken.update((line, c) for c in range(start - 1, start + len(text) + 1))
            labels[n] = (line, start, text)
        return labels


def _fits(spot: tuple[int, int], length: int, view: Viewport, taken: set[tuple[int, int]]) -> bool:
    """True when a name of `length` cells written from a spot stays in view, and neither it nor
    the blank cell either side of it covers anything taken (a glyph, a side letter, a name)."""
    line, start = spot
    if not (0 <= line < view.height and start >= 0 and start + length <= view.width):
        return False
    return all((line, c) not in taken for c in range(start - 1, start + length + 1))


def _place_style(
    styles_of: dict[str, Style], rules: dict[str, Style], key: tuple[object, ...]
) -> Style:
    slot, status, uncertain, changed, selected = key
    if isinstance(slot, int) and slot >= 0:
        style = styles_of[f"side-{slot}"]
    else:
        style = styles_of["map--unknown" if slot == -1 else "map--outside"]
    if status is Status.CONTESTED:
        style += REVERSE
    elif status is Status.BESIEGED:
        style += BESIEGED
    if uncertain:
        style += UNCERTAIN
    if changed:
        style += rules["map--changed"]
    if selected:
        style += rules["map--selected"]
    return style


def _edges(
    across: NDArray[np.bool_], along: NDArray[np.bool_], blocked: NDArray[np.bool_]
) -> NDArray[np.intp]:
    """For lines between cells (`across`: between a cell and the one right of it; `along`: and
    the one below it), the edges of each free cell they are drawn along, as RIGHT | LEFT | BELOW
    | ABOVE bits: in the pair's first cell, or its second where the first is blocked."""
    right = np.zeros(blocked.shape, dtype=bool)
    left = np.zeros(blocked.shape, dtype=bool)
    below = np.zeros(blocked.shape, dtype=bool)
    above = np.zeros(blocked.shape, dtype=bool)
    right[:, :-1] = across
    left[:, 1:] = across & blocked[:, :-1]
    below[:-1] = along
    above[1:] = along & blocked[:-1]
    free = ~blocked
    return np.asarray(
        (right & free) * RIGHT + (left & free) * LEFT + (below & free) * BELOW
        + (above & free) * ABOVE,
        dtype=np.intp,
    )


def _strip(
    chars: list[str],
    styles: list[Style],
    grounds: list[Style | None],
    width: int,
    base: Style,
    merged: dict[tuple[Style, Style], Style],
) -> Strip:
    """A row of cells as segments, each cell's ground behind it unless its style sets a
    background of its own (the selection, today's changes, the river)."""
    segments: list[Segment] = []
    run_start = 0
    for column in range(1, width + 1):
        if (
            column == width
            or styles[column] is not styles[run_start]
            or grounds[column] is not grounds[run_start]
        ):
            style, ground = styles[run_start], grounds[run_start]
            if ground is not None:
                found = merged.get((style, ground))
                if found is None:
                    found = merged[(style, ground)] = (
                        style + ground if style.bgcolor == base.bgcolor else style
                    )
                style = found
            segments.append(Segment("".join(chars[run_start:column]), style))
            run_start = column
    return Strip(segments, width)


def _offset_to_centre(view: Viewport, bounds: Bounds) -> tuple[float, float]:
    column, row = view.cell((bounds.south + bounds.north) / 2, (bounds.west + bounds.east) / 2)
    return column - view.width / 2, row - view.height / 2


def _pairs(rows: NDArray[np.intp], columns: NDArray[np.intp]) -> list[tuple[int, int]]:
    """The (row, column) cells of these rows and columns."""
    return list(zip(rows.tolist(), columns.tolist(), strict=True))
