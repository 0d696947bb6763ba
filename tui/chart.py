"""The whole period at a glance: places (or km² of ground) held per side over time, with the
current day marked."""

from __future__ import annotations

import datetime as dt

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from engine.wording import Side
from tui.mapview import SIDE_SLOTS
from tui.messages import DaySelected
from tui.model import ONE_DAY, ReplayCursor, Territory
from tui.text import cells

LEVELS = " ▁▂▃▄▅▆▇█"
LABEL_WIDTH = 12
MIN_COUNT_WIDTH = 6
MAX_SIDES = 6
MONTHS = "JFMAMJJASOND"


def compact(value: float) -> str:
    """A count or an area in at most five characters: 812, 9481, 12k, 1.2M."""
    if value < 10_000:
        return f"{value:.0f}"
    if value < 999_500:
        return f"{value / 1000:.0f}k"
    return f"{value / 1_000_000:.1f}M"


class TerritoryChart(Widget, can_focus=True):
    """A sparkline of places (or km²) held per side, a tick on each day with events, the day as a
    cursor."""

    COMPONENT_CLASSES = {  # noqa: RUF012 (Textual reads this class variable)
        "chart--axis",
        "chart--tick",
        "chart--cursor",
        "chart--label",
        *(f"side-{n}" for n in range(SIDE_SLOTS)),
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.replay: ReplayCursor | None = None
        self.territory: Territory | None = None
        self.day: dt.date | None = None
        self._rows: list[Side] = []
        self.area = False  # count km² of ground, not places
        # Drawn once per size and series; a new day only moves the cursor.
        self._marks: dict[tuple[int, int], list[str]] = {}
        self._styles: dict[str, Style] | None = None

    def set_replay(self, replay: ReplayCursor) -> None:
        """Take the scenario (its period, sides and event days)."""
        self.replay = replay
        self._rows = list(replay.sides)[:MAX_SIDES]
        self.refresh(layout=True)

    def set_territory(self, territory: Territory) -> None:
        """Take the computed series; sides that never hold a place are left out."""
        self.territory = territory
        if self.replay is not None:
            peak = {
                s.id: max((day.get(s.id, 0) for day in territory.by_side), default=0)
                for s in self.replay.sides
            }
            rows = [s for s in self.replay.sides if peak[s.id] > 0]
            rows.sort(key=lambda s: -peak[s.id])
            self._rows = rows[:MAX_SIDES]
        self._marks.clear()
        self.refresh(layout=True)

    def action_toggle_area(self) -> None:
        """Count places, or km² of ground."""
        self.area = not self.area
        self._marks.clear()
        self.refresh()

    @property
    def unit(self) -> str:
        """What the chart counts, as its axis says."""
        return "km²" if self.area else "places"

    def _held(self, day: dt.date) -> dict[str, float]:
        """Each side's places or km² on a day."""
        assert self.territory is not None
        if self.area:
            return dict(self.territory.km2_on(day))
        return {side: float(n) for side, n in self.territory.on(day)[1].items()}

    def set_day(self, day: dt.date) -> None:
        """Move the cursor."""
        self.day = day
        self.refresh()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One row per side, one for the ticks, one for the months."""
        return max(len(self._rows), 1) + 2

    # ------------------------------------------------------------------ geometry

    @property
    def _count_width(self) -> int:
        """Room on the right for "367/731" and for the counts."""
        if self.replay is None:
            return MIN_COUNT_WIDTH
        return max(MIN_COUNT_WIDTH, 2 * len(str(self.replay.length)) + 2)

    def _columns(self) -> int:
        return max(self.size.width - LABEL_WIDTH - self._count_width, 1)

    def column_of(self, day: dt.date) -> int:
        """The chart column of a day (0 = the first column after the labels)."""
        assert self.replay is not None
        index = (day - self.replay.start).days
        return min(index * self._columns() // self.replay.length, self._columns() - 1)

    def day_at(self, column: int) -> dt.date:
        """The day drawn in a chart column."""
        assert self.replay is not None
        column = min(max(column, 0), self._columns() - 1)
        index = column * self.replay.length // self._columns()
        return self.replay.start + dt.timedelta(days=index)

    def on_click(self, event: events.Click) -> None:
        """Go to the day under the pointer."""
        offset = event.get_content_offset(self)
        if offset is None or self.replay is None:
            return
        if LABEL_WIDTH <= offset.x < LABEL_WIDTH + self._columns():
            self.post_message(DaySelected(self.day_at(offset.x - LABEL_WIDTH)))

    # ------------------------------------------------------------------ drawing

    def notify_style_update(self) -> None:
        """The theme changed: forget the resolved colours."""
        super().notify_style_update()
        self._styles = None

    def render_line(self, y: int) -> Strip:
        """A side's sparkline, the tick row, or the month row."""
        width = self.size.width
        base = self.rich_style
        if self.replay is None or self.day is None:
            return Strip.blank(width, base)
        if self._styles is None:
            self._styles = {
                n: base + self.get_component_rich_style(n) for n in self.COMPONENT_CLASSES
            }
        styles = self._styles
        columns = self._columns()
        cursor = self.column_of(self.day)
        rows = max(len(self._rows), 1)
        if y < rows:
            return self._side_row(y, styles, base, columns, cursor, width)
        if y == rows:
            return self._tick_row(styles, base, columns, cursor, width)
        if y == rows + 1:
            return self._month_row(styles, base, columns, width)
        return Strip.blank(width, base)

    def _side_row(
        self, y: int, styles: dict[str, Style], base: Style, columns: int, cursor: int, width: int
    ) -> Strip:
        assert self.replay is not None
        assert self.day is not None
        if self.territory is None:
            text = "territory: computing…" if y == 0 else ""
            return Strip([Segment(text.ljust(width)[:width], styles["chart--label"])], width)
        if not self._rows:
            return Strip([Segment("no side holds any place".ljust(width)[:width], base)], width)
        side = self._rows[y]
        style = styles[f"side-{side.slot}"]
        marks = self._marks.get((y, columns))
        if marks is None:
            marks = self._marks[(y, columns)] = self._sparkline(side, columns)
        label = f"{side.letter} {cells(side.name)}"[: LABEL_WIDTH - 1].ljust(LABEL_WIDTH)
        now = self._held(self.day).get(side.id, 0.0)
        width_of_count = self._count_width
        count = f"{compact(now):>{width_of_count - 1}} "[:width_of_count]
        segments = [Segment(label, style)]
        if cursor > 0:
            segments.append(Segment("".join(marks[:cursor]), style))
        segments.append(Segment(marks[cursor], style + styles["chart--cursor"]))
        if cursor + 1 < columns:
            segments.append(Segment("".join(marks[cursor + 1 :]), style))
        segments.append(Segment(count, style))
        return Strip(segments, width).adjust_cell_length(width, base)

    def _sparkline(self, side: Side, columns: int) -> list[str]:
        """One side's places or km² over the period, one block per column, on a scale shared by
        all."""
        assert self.territory is not None
        series = self.territory.km2_by_side if self.area else self.territory.by_side
        peak = max((n for day in series for n in day.values()), default=1.0)
        marks = []
        for column in range(columns):
            held = self._held(self.day_at(column)).get(side.id, 0.0)
            level = 0 if held <= 0 else max(1, round(held * (len(LEVELS) - 1) / max(peak, 1e-9)))
            marks.append(LEVELS[level])
        return marks

    def _tick_row(
        self, styles: dict[str, Style], base: Style, columns: int, cursor: int, width: int
    ) -> Strip:
        assert self.replay is not None
        assert self.day is not None
        cells = ["─"] * columns
        for day in self.replay.event_days:
            cells[self.column_of(day)] = "┴"
        cells[cursor] = "▲"
        label = self.day.isoformat().ljust(LABEL_WIDTH)[:LABEL_WIDTH]
        day_number = f"{self.replay.number(self.day)}/{self.replay.length}"
        segments = [Segment(label, styles["chart--label"])]
        for column, ch in enumerate(cells):
            style = (
                styles["chart--cursor"]
                if column == cursor
                else styles["chart--tick"]
                if ch == "┴"
                else styles["chart--axis"]
            )
            segments.append(Segment(ch, style))
        segments.append(Segment(f" {day_number}".ljust(self._count_width), styles["chart--label"]))
        return Strip(segments, width).adjust_cell_length(width, base).simplify()

    def _month_row(self, styles: dict[str, Style], base: Style, columns: int, width: int) -> Strip:
        assert self.replay is not None
        cells = [" "] * columns
        day = self.replay.start
        last = -10
        while day <= self.replay.end:
            if day.day == 1 or day == self.replay.start:
                column = self.column_of(day)
                name = (
                    day.strftime("%b %Y")
                    if day == self.replay.start or day.month == 1
                    else day.strftime("%b")
                )
                if column - last > 1 and column + len(name) <= columns:
                    cells[column : column + len(name)] = list(name)
                    last = column + len(name)
            day += ONE_DAY
        label = f"in {self.unit}".ljust(LABEL_WIDTH)  # the axis: what the rows above count
        return Strip(
            [
                Segment(label, styles["chart--label"]),
                Segment("".join(cells), styles["chart--label"]),
            ],
            width,
        ).adjust_cell_length(width, base)
