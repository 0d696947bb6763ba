"""The panels around the map: the top bar, the legend, the day's events, the sentence, the place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from engine.model.control import Control
from engine.model.events import Event, factions_named
from engine.model.world import World
from engine.replay.replayer import Period
from engine.wording import (
    Side,
    control_words,
    display_names,
    faction_label,
    hedge_words,
    implied_words,
    uncertain_words,
)
from tui.mapview import GroundKey
from tui.messages import DaySelected, EventSelected
from tui.model import DayView, ReplayCursor, events_naming, excerpt
from tui.text import (
    BESIEGED_HATCH,
    CONTESTED_HATCH,
    FRONT_MARK,
    GROUND_PATTERNS,
    POCKET_MARK,
    UNKNOWN_STYLE,
    event_option,
    excerpt_content,
    ground_style,
    plain,
    side_style,
)

TRANSPORT = (
    # (id, label, action, tooltip)
    ("first", "⇤", "screen.first_day", "First day (Home)"),
    ("previous-event", "«", "screen.previous_event_day", "Previous day with events ([)"),
    ("previous", "‹", "screen.previous_day", "Previous day (←)"),
    ("play", "▶", "screen.play", "Play / pause (space)"),
    ("next", "›", "screen.next_day", "Next day (→)"),
    ("next-event", "»", "screen.next_event_day", "Next day with events (])"),
    ("last", "⇥", "screen.last_day", "Last day (End)"),
)


def _update(widget: Static | TextView, content: Content) -> None:
    """Replace a widget's content only when it differs: an unchanged panel costs nothing."""
    if _same(widget.content, content):
        return
    if isinstance(widget, TextView):
        widget.update(content)
        return
    # A fixed height redraws in place; an automatic one may grow or shrink: that needs a layout.
    height = widget.styles.height
    widget.update(content, layout=height is None or not height.is_cells)


def _uncertain(replay: ReplayCursor, control: Control) -> list[str | tuple[str, str]]:
    """The line of the place panel that says why its control is uncertain (none when it is
    certain): the first event that may already have changed it, and how many more."""
    pending = [e for i in sorted(control.pending) if (e := replay.scenario.log.by_id.get(i))]
    if not pending:
        return []
    more = f" (+{len(pending) - 1} more)" if len(pending) > 1 else ""
    return ["\n", (uncertain_words(pending[0], brief=True) + more, "$text-warning")]


def _implied(replay: ReplayCursor, control: Control) -> list[str | tuple[str, str]]:
    """The line of the place panel that says how an implied holder is known (none when the
    control is stated): the event that takes the place from it."""
    event = (
        replay.scenario.log.by_id.get(control.event) if control.implied and control.event else None
    )
    if event is None:
        return []
    return ["\n", (implied_words(event, display_names(replay.world), brief=True), "$text-warning")]


def _same(old: object, new: Content) -> bool:
    # Content's == compares the text only; a change of colour must redraw too.
    return isinstance(old, Content) and old.plain == new.plain and old.spans == new.spans


class TopBar(Horizontal):
    """The scenario's title, the day with its weekday and number, and the replay buttons."""

    def compose(self) -> ComposeResult:
        """The title, the date, and one compact button per replay action."""
        yield Static(id="title", markup=False)
        yield Static(id="date", markup=False)
        yield Static(id="playing", markup=False)
        for name, label, action, tooltip in TRANSPORT:
            button = Button(Content(label), id=name, action=action, compact=True, tooltip=tooltip)
            button.can_focus = False  # Tab moves between panels; the keys do the same
            yield button

    def show_title(self, title: str) -> None:
        """Set the title (from the scenario: never markup)."""
        self.query_one("#title", Static).update(Content(plain(title)))

    def show_day(self, replay: ReplayCursor, day: dt.date, playing: str = "") -> None:
        """Show the day as ISO with its weekday, and day N of M."""
        text = Content.assemble(
            (day.isoformat(), "bold"),
            f" {day.strftime('%a')}",
            f" · day {replay.number(day)} of {replay.length}",
        )
        _update(self.query_one("#playing", Static), Content.styled(playing, "bold $text-accent"))
        date = self.query_one("#date", Static)
        # As wide as the widest day: then a new day redraws one line, without a new layout.
        widest = len(f"2000-01-01 Wed · day {replay.length} of {replay.length}") + 2
        if date.styles.width is None or date.styles.width.value != widest:
            date.styles.width = widest
        date.update(text, layout=False)
        ends = {
            "first": day <= replay.start,
            "previous": day <= replay.start,
            "previous-event": replay.previous_event_day(day) is None,
            "next": day >= replay.end,
            "last": day >= replay.end,
            "next-event": replay.next_event_day(day) is None,
        }
        for name, disabled in ends.items():
            button = self.query_one(f"#{name}", Button)
            if button.disabled != disabled:
                button.disabled = disabled
        play = self.query_one("#play", Button)
        label = "‖" if playing else "▶"
        if str(play.label) != label:
            play.label = Content(label)


def swatch(side: Side | None, key: GroundKey) -> tuple[str, str]:
    """A side's ground as the map draws it: its tint, or its pattern, or both (two cells)."""
    pattern = GROUND_PATTERNS[side.slot] if side is not None and key.patterned else " "
    colour = side_style(side)
    return (f"{pattern} ", f"{colour} {ground_style(side)}" if key.tinted else colour)


class Legend(Static):
    """Each side's colour, ground, letter and number of places on the day; the unknown ones."""

    def show(
        self,
        replay: ReplayCursor,
        view: DayView,
        by_faction: Mapping[str, int],
        by_side: Mapping[str, int],
        key: GroundKey,
        full: bool,
    ) -> None:
        """Write the counts of a day as the map draws its ground; `full` adds the key of glyphs
        and styles."""
        world = replay.world
        parts: list[str | tuple[str, str] | Content] = []
        order = sorted(replay.sides, key=lambda s: (-by_side.get(s.id, 0), s.slot))
        for side in order:
            held = by_side.get(side.id, 0)
            if not held:
                continue
            members = [
                f"{faction_label(world, f)} {n}"
                for f, n in sorted(by_faction.items(), key=lambda kv: -kv[1])
                if f != side.id and view.side_of(f) == side.id
            ]
            detail = (
                f" ({', '.join(members[:3])}{', …' if len(members) > 3 else ''})" if members else ""
            )
            parts.append((f"■ {side.letter} ", f"bold {side_style(side)}"))
            if key.shown:
                parts.append(swatch(side, key))
            parts += [(plain(side.name), side_style(side)), f" {held}{plain(detail)}   "]
        unknown = len(replay.places) - sum(by_side.values())
        parts.append(("· ", f"bold {UNKNOWN_STYLE}"))
        if key.shown and key.tinted:  # patterns leave unknown ground blank
            parts.append(swatch(None, key))
        parts += [("unknown", UNKNOWN_STYLE), f" {unknown}"]
        if replay.unlocated:
            names = [_cut(plain(world.places.label(r)), 24) for r in replay.unlocated[:3]]
            more = ", …" if len(replay.unlocated) > 3 else ""
            parts += [
                ("   not on the map", UNKNOWN_STYLE),
                f" {len(replay.unlocated)} ({', '.join(names)}{more}; / finds them)",
            ]
        if full:
            parts += [
                "\n",
                ("◉ city ● town ◆ quarter ▲ oil field ✚ airbase ■ facility ∩ mound", UNKNOWN_STYLE),
                (", then the side's letter (●X); a–z village, by its side's letter", UNKNOWN_STYLE),
                "\n",
            ]
            # Contested and besieged ground is hatched; the places on it are styled.
            hatched = key.shown
            parts += [
                ("contested", "reverse"),
                f" {CONTESTED_HATCH}  " if hatched else "  ",
                ("besieged", "underline bold"),
                f" {BESIEGED_HATCH}  " if hatched else "  ",
                ("uncertain", "italic"),
                "  ",
                ("changed today", "bold $text-accent"),
            ]
            if key.shown and key.front:
                parts += [
                    "  ",
                    (f"{FRONT_MARK} front", "bold $text"),
                    "  ",
                    (f"{POCKET_MARK} pocket", "bold $text-warning"),
                ]
            parts.append(("   ? lists every key", UNKNOWN_STYLE))
        content = Content.assemble(*parts)
        if _same(self.content, content):  # most days change no count: nothing to redraw
            return
        old = self.content
        width = self.content_region.width
        # New counts of the same length redraw in place; only a new number of lines lays out.
        same_height = (
            isinstance(old, Content)
            and width > 0
            and len(old.wrap(width)) == len(content.wrap(width))
        )
        self.update(content, layout=not same_height)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class CountedList(OptionList):
    """A list whose panel's title says how many of its items are in sight when not all fit.

    Its items are the options with an id; hints and the line that lists more are not counted.
    """

    title = ""
    noun = "items"

    def panel(self) -> Widget:
        """The widget whose border carries the title."""
        return self

    def total(self) -> int:
        """How many items there are, listed or not."""
        return sum(1 for option in self.options if option.id is not None)

    def title_when_cut(self, shown: int, total: int) -> str:
        """The title when only `shown` of the `total` items are in sight."""
        return f"{self.title} · {shown:,} of {total:,} {self.noun}"

    def on_mount(self) -> None:
        """Title the panel."""
        super().on_mount()
        self.panel().border_title = self.title

    def on_resize(self, event: events.Resize) -> None:
        """Count again once the options are wrapped to the new size."""
        self.call_after_refresh(self.recount)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scrolled: other items are in sight."""
        super().watch_scroll_y(old_value, new_value)
        self.recount()

    def recount(self) -> None:
        """Say in the title how many items are in sight, when some are not: those whose first
        line is (a period's dates show even when its quote runs on below)."""
        height = self.scrollable_content_region.height
        if not self.is_mounted or height <= 0:
            return
        # The option list's own map of option -> first line (Textual is pinned).
        first_line = self._index_to_line
        top = round(self.scroll_y)
        shown = sum(
            1
            for index, option in enumerate(self.options)
            if option.id is not None and top <= first_line[index] < top + height
        )
        total = self.total()
        title = self.title if shown >= total else self.title_when_cut(shown, total)
        panel = self.panel()
        if panel.border_title != title:
            panel.border_title = title


class MoreEvents(Option):
    """The last line of a long day's list: choosing it lists the next of the day's events."""


class EventList(CountedList):
    """The events taking effect on the day; highlighting one shows its sentence."""

    # Listed at a time: a day of a big log can hold thousands, and wrapping every one of them
    # would hold up each step onto that day.
    PAGE = 200
    title = "Events of the day"
    _events: Sequence[Event] = ()
    _world: World

    def total(self) -> int:
        """Every event of the day, the ones not listed yet too."""
        return len(self._events)

    def title_when_cut(self, shown: int, total: int) -> str:
        """Say it as "1 of 4 events of the day"."""
        return f"{shown:,} of {total:,} events of the day"

    def show(self, replay: ReplayCursor, view: DayView) -> None:
        """List a day's events (or say when the next ones are)."""
        following = replay.next_event_day(view.day)
        key = (view.events.ids, None if view.events else following)
        if key == getattr(self, "_shown", None):
            return  # another quiet day with the same hint: nothing to redraw
        self._shown = key
        self._events, self._world = view.events, replay.world
        self.clear_options()
        if view.events:
            self._list_more(0)
            self.highlighted = 0
        else:
            hint = f"; ] goes to the next ({following.isoformat()})" if following else ""
            self.add_option(
                Option(
                    Content.styled(f"No events on this day{hint}.", UNKNOWN_STYLE), disabled=True
                )
            )
        self.recount()

    def _list_more(self, first: int) -> None:
        """List the day's events from the `first`, a page of them, and say how many are left."""
        page = self._events[first : first + self.PAGE]
        self.add_options(Option(event_option(e, self._world), id=e.id) for e in page)
        left = len(self._events) - first - len(page)
        if left:
            shown = min(left, self.PAGE)
            more = f"… {left:,} more events on this day: Enter lists the next {shown}"
            self.add_option(MoreEvents(Content.styled(more, UNKNOWN_STYLE)))

    def on_option_list_option_highlighted(self, message: OptionList.OptionHighlighted) -> None:
        """Tell the screen which event to show."""
        message.stop()
        if not isinstance(message.option, MoreEvents):
            self.post_message(EventSelected(message.option.id))

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        """A click or Enter on an event: show it and move to its sentence; on the last line,
        list more."""
        message.stop()
        if isinstance(message.option, MoreEvents):
            index = message.option_index
            self.remove_option_at_index(index)
            self._list_more(index)
            self.highlighted = index
            self.recount()
        else:
            self.post_message(EventSelected(message.option.id, read=True))


class TextView(ScrollView, can_focus=True):
    """Read-only text that scrolls itself: new text redraws it without a new layout of the screen
    (a Static in a scrolling container costs two more layout passes on every day)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("")
        self._strips: list[Strip] = []
        self._width = -1

    @property
    def content(self) -> Content:
        """The text shown."""
        return self._content

    def update(self, content: Content) -> None:
        """Show new text, from its first line."""
        self._content = content
        self._width = -1
        self._wrap()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Wrap again at the new width."""
        self._wrap()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width == self._width or width <= 0:
            return
        self._width = width
        style = self.get_visual_style()
        self._strips = [
            strip.extend_cell_length(width, style.rich_style)
            for strip in Visual.to_strips(self, self._content, width, None, style)
        ]
        self.virtual_size = Size(width, len(self._strips))

    def render_line(self, y: int) -> Strip:
        """One line of the wrapped text, scrolled."""
        self._wrap()
        index = y + self.scroll_offset.y
        if 0 <= index < len(self._strips):
            return self._strips[index]
        return Strip.blank(self.scrollable_content_region.width, self.rich_style)


class EventDetail(TextView):
    """One event's sentence in its paragraph, with who says so and how firmly."""

    def show(self, replay: ReplayCursor, event: Event | None, room: int = 700) -> None:
        """Show an event (or a hint when there is none); `room` caps the paragraph's length."""
        if event is None:
            _update(self, Content.styled("Pick an event to read its sentence.", UNKNOWN_STYLE))
            return
        world = replay.world
        source = replay.scenario.sources.get(event.provenance.source)
        hedge = hedge_words(event)
        header = Content.assemble(
            (event.id, "bold"),
            f" {event.kind} · {event.when}",
            (
                "  ~ " + plain(hedge) if hedge else "  stated",
                "italic $text-warning" if hedge else UNKNOWN_STYLE,
            ),
            *(
                [("  ! disputes " + ", ".join(event.disputes), "bold $text-error")]
                if event.disputes
                else []
            ),
        )
        phrase = event.when.phrase
        details = [
            Content.assemble(
                ("date as written: ", UNKNOWN_STYLE),
                (plain(phrase), "reverse") if phrase else ("none in the sentence", UNKNOWN_STYLE),
            )
        ]
        factions = [faction_label(world, f) for f in factions_named(event)]
        if factions:
            details.append(
                Content.assemble(("factions: ", UNKNOWN_STYLE), plain(", ".join(factions)))
            )
        if source is not None:
            details.append(Content.assemble(("source: ", UNKNOWN_STYLE), plain(source.title)))
        if event.note:
            details.append(
                Content.assemble(("note: ", UNKNOWN_STYLE), (plain(event.note), UNKNOWN_STYLE))
            )
        body = excerpt_content(excerpt(event, replay.scenario, room))
        _update(self, Content("\n").join([header, body, *details]))


class PeriodList(CountedList):
    """The periods of the selected place's control (or the events naming a place off the map)."""

    title = "Place"
    noun = "periods"

    def panel(self) -> Widget:
        """The place panel, around the summary and this list."""
        parent = self.parent
        return parent if isinstance(parent, Widget) else self


class PlacePanel(Vertical):
    """The selected place: who holds it and since when, and every period of its control."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.periods: list[Period] = []
        self._current: int | None = None

    def compose(self) -> ComposeResult:
        """A summary line and the list of periods."""
        yield Static(id="place-summary", markup=False)
        yield PeriodList(id="periods", markup=False)

    def on_mount(self) -> None:
        """Before anything is selected, say how to select."""
        self.query_one("#place-summary", Static).update(
            Content.styled(
                "No place selected: click one on the map, or press / to find one.", UNKNOWN_STYLE
            )
        )

    def show(
        self, replay: ReplayCursor, place_id: str | None, view: DayView, periods: list[Period]
    ) -> None:
        """Show a place on a day: its control, and its timeline with the current period marked.

        Only what differs from the day shown before is redrawn: stepping through the days of one
        period changes nothing here.
        """
        summary = self.query_one("#place-summary", Static)
        listing = self.query_one("#periods", PeriodList)
        listing.noun = "periods"
        if place_id is None:
            self.periods = []
            self._current = None
            _update(
                summary,
                Content.styled(
                    "No place selected: click one on the map, or press / to find one.",
                    UNKNOWN_STYLE,
                ),
            )
            listing.clear_options()
            listing.recount()
            return
        world = replay.world
        place = world.places.place(place_id)
        control = view.state.of(place_id)
        side = replay.sides.by_id.get(view.side_of(control.controller) or "")
        since = f" since {control.since.isoformat()}" if control.since else ""
        where = f", {place.district} district" if place.district else ""
        _update(
            summary,
            Content.assemble(
                (plain(place.name), "bold"),
                (f" ({plain(place.kind)}{plain(where)})", UNKNOWN_STYLE),
                "\n",
                (f"■ {side.letter if side else '·'} ", f"bold {side_style(side)}"),
                (plain(control_words(control, display_names(world))), side_style(side)),
                since,
                (f"  [{control.event}]" if control.event else "", UNKNOWN_STYLE),
                *_implied(replay, control),
                *_uncertain(replay, control),
            ),
        )
        current = next(
            (
                index
                for index, period in enumerate(periods)
                if (period.start is None or period.start <= view.day)
                and (period.end is None or view.day <= period.end)
            ),
            None,
        )
        if periods is not self.periods:
            self.periods = periods
            listing.clear_options()
            listing.add_options(
                Option(self._period(replay, p, n == current), id=str(n))
                for n, p in enumerate(periods)
            )
        elif current != self._current:
            for index in (self._current, current):
                if index is not None:
                    prompt = self._period(replay, periods[index], index == current)
                    listing.replace_option_prompt_at_index(index, prompt)
        else:
            return
        self._current = current
        if current is not None:
            listing.highlighted = current
        listing.recount()

    def show_unlocated(self, replay: ReplayCursor, region_id: str) -> None:
        """A place the text names but gives no point for: what each event says of it."""
        self.periods, self._current = [], None
        region = replay.world.places.regions[region_id]
        _update(
            self.query_one("#place-summary", Static),
            Content.assemble(
                (plain(region.name), "bold"),
                (f" ({plain(region.kind)}): not on the map, no coordinates", UNKNOWN_STYLE),
            ),
        )
        listing = self.query_one("#periods", PeriodList)
        listing.noun = "events"
        listing.clear_options()
        for event in events_naming(replay.scenario, region_id):
            day = event.when.earliest
            quote = event.provenance.quote
            quote = quote if len(quote) <= 140 else quote[:139] + "…"
            prompt = Content.assemble(
                (f"  {event.when}  ", "bold"), (event.id, UNKNOWN_STYLE),
                "\n    ", (f"“{plain(quote)}”", UNKNOWN_STYLE),
            )  # fmt: skip
            listing.add_option(Option(prompt, id=f"day:{day.isoformat()}"))
        listing.recount()

    def _period(self, replay: ReplayCursor, period: Period, now: bool) -> Content:
        world = replay.world
        control = period.control
        event = replay.scenario.log.by_id.get(control.event) if control.event else None
        side = replay.sides.by_id.get(replay.side_on(control.controller, period.start) or "")
        start = period.start.isoformat() if period.start else "…"
        end = period.end.isoformat() if period.end else "now"
        parts: list[str | tuple[str, str] | Content] = [
            ("▶ " if now else "  ", "bold"),
            (f"{start} – {end:<10} ", "bold" if now else ""),
            (plain(control_words(control, display_names(world))), side_style(side)),
        ]
        if event is not None:
            hedge = hedge_words(event)
            parts += [(f"  {event.id}", UNKNOWN_STYLE)]
            if hedge:
                parts += [(f" ~ {plain(hedge)}", "italic $text-warning")]
            quote = event.provenance.quote
            quote = quote if len(quote) <= 140 else quote[:139] + "…"
            parts += ["\n    ", (f"“{plain(quote)}”", UNKNOWN_STYLE)]
        return Content.assemble(*parts)

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        """Enter or a click on a period goes to its first day."""
        message.stop()
        if message.option.id is None:
            return
        if message.option.id.startswith("day:"):  # an event of a place without coordinates
            self.post_message(DaySelected(dt.date.fromisoformat(message.option.id[4:])))
            return
        period = self.periods[int(message.option.id)]
        if period.start is not None:
            self.post_message(DaySelected(period.start))
