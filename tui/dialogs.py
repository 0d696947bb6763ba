"""Modal screens: go to a date, find a place, and the help listing every key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message_pump import MessagePump
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from engine.errors import FrontlineError
from engine.model.dates import parse_date
from tui.messages import DaySelected, PlaceFound
from tui.model import Found, PlaceIndex
from tui.text import (
    BESIEGED_HATCH,
    CONTESTED_HATCH,
    FRONT_MARK,
    GROUND_PATTERNS,
    POCKET_MARK,
    UNKNOWN_STYLE,
    plain,
)


class GoToDate(ModalScreen[dt.date | None]):
    """Ask for a date, ISO or as written ("3 July"), in the scenario's year unless given."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]  # noqa: RUF012

    def __init__(self, year: int, start: dt.date, end: dt.date, target: MessagePump) -> None:
        super().__init__()
        self.year, self.start, self.end = year, start, end
        self.target = target  # the screen that owns the day

    def compose(self) -> ComposeResult:
        """A prompt, the input, and a line for problems."""
        with Vertical(classes="dialog"):
            yield Static(
                Content(f"Go to a date between {self.start} and {self.end}: 2014-07-03, 3 July"),
                classes="dialog-title",
            )
            yield Input(placeholder="date", id="date-input")
            yield Static(id="date-problem", markup=False)

    def on_input_submitted(self, message: Input.Submitted) -> None:
        """Read the date; stay open and say what is wrong if it cannot be read."""
        message.stop()
        try:
            day = parse_date(message.value, year=self.year)
        except FrontlineError as error:
            self.query_one("#date-problem", Static).update(Content(plain(str(error))))
            self.add_class("-problem")
            return
        # Told before the dialog closes, so the screen it uncovers is drawn once, at the new day.
        self.target.post_message(DaySelected(day))
        self.dismiss(day)

    def action_cancel(self) -> None:
        """Close without moving."""
        self.dismiss(None)


NO_MATCH = "No place or region has that name, in any spelling"


class FindPlace(ModalScreen[Found | None]):
    """Find a place by any of its names: exact (any spelling) first, then prefixes and fuzzy."""

    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "to_results", "Results", show=False),
    ]

    def __init__(self, index: PlaceIndex, target: MessagePump) -> None:
        super().__init__()
        self.index = index
        self.target = target  # the screen that owns the selection
        self.found: list[Found] = []

    def compose(self) -> ComposeResult:
        """A prompt, the input, and the matching places."""
        with Vertical(classes="dialog"):
            yield Static(Content("Find a place by any of its names"), classes="dialog-title")
            yield Input(placeholder="name", id="place-input")
            yield OptionList(id="place-results", markup=False)

    def on_input_changed(self, message: Input.Changed) -> None:
        """List the places matching what is typed so far."""
        message.stop()
        self.found = self.index.search(message.value)
        results = self.query_one("#place-results", OptionList)
        results.clear_options()
        results.add_options(self._option(n, f) for n, f in enumerate(self.found))
        if self.found:
            results.highlighted = 0
        elif message.value.strip():
            results.add_option(Option(Content(NO_MATCH), disabled=True))

    def _option(self, number: int, found: Found) -> Option:
        what = "region" if found.is_region else "place"
        also = "" if found.matched == found.label else f"  ({plain(found.matched)})"
        prompt = Content.assemble(
            plain(found.label), (also, UNKNOWN_STYLE), (f"  {what} {found.id}", UNKNOWN_STYLE)
        )
        return Option(prompt, id=str(number))

    def on_input_submitted(self, message: Input.Submitted) -> None:
        """Enter picks the highlighted match."""
        message.stop()
        results = self.query_one("#place-results", OptionList)
        if self.found:
            index = results.highlighted if results.highlighted is not None else 0
            self._pick(self.found[index])
        elif message.value.strip():
            self.notify(NO_MATCH, severity="warning")

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        """A click or Enter on a match picks it."""
        message.stop()
        if message.option.id is not None:
            self._pick(self.found[int(message.option.id)])

    def _pick(self, found: Found) -> None:
        self.target.post_message(PlaceFound(found))  # before closing: one redraw, not two
        self.dismiss(found)

    def action_to_results(self) -> None:
        """Down from the input moves into the list."""
        self.query_one("#place-results", OptionList).focus()

    def action_cancel(self) -> None:
        """Close without selecting."""
        self.dismiss(None)


HELP_SCROLLS = "more below: ↓ PgDn or the wheel scroll"


class Help(ModalScreen[None]):
    """Every key, what the map's glyphs and styles mean, and what the mouse does."""

    BINDINGS = [  # noqa: RUF012
        Binding("escape,question_mark,q", "close", "Close help"),
    ]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        """The keys, then the map's key, then the mouse."""
        width = max((len(k) for k, _ in self.keys), default=8) + 2
        lines: list[Content] = [Content.styled("Keys", "bold")]
        lines += [
            Content.assemble((key.ljust(width), "bold $text-accent"), description)
            for key, description in self.keys
        ]
        lines += [
            Content(""),
            Content.styled("Mouse", "bold"),
            Content("click a place on the map to select it; drag to pan; wheel to zoom"),
            Content("click an event to read its sentence; click the chart to go to that day"),
            Content(
                "click a period of a place's timeline (or press Enter on it) to go to its start"
            ),
            Content(""),
            Content.styled("The map", "bold"),
            Content(
                "◉ city  ● town  ◆ quarter  ▲ oil field  ✚ airbase  ■ facility  ∩ mound  ○ other"
            ),
            Content(
                "     each followed by the letter of its side: ●I is a town held by side I"
            ),
            Content(
                "a–z  a village, by the letter of its side (· when nobody is known to hold it)"
            ),
            Content("c    draws every place by the letter of its side (as under NO_COLOR)"),
            Content(
                "ground: each cell tinted as the side holding the place nearest it (within 12 km"
                " and its governorate)"
            ),
            Content(
                f"     grey: its holder unknown; blank: no place near; {CONTESTED_HATCH} contested,"
                f" {BESIEGED_HATCH} besieged; in c, or without colour, a pattern per side:"
                f" {' '.join(GROUND_PATTERNS)}"
            ),
            Content(
                f"{FRONT_MARK}    the front, where hostile sides' ground meets;"
                f" {POCKET_MARK} the edge of a pocket (f: on or off)"
            ),
            Content.assemble(
                ("contested", "reverse"),
                " (reverse)   ",
                ("besieged", "underline bold"),
                " (underlined)   ",
                ("uncertain", "italic"),
                " (italic: an event dated by a range may already have changed it)",
            ),
            Content.assemble(
                ("changed today", "bold $text-accent"),
                " (bold, and named first)   dim: outside the region and unknown",
            ),
            Content(
                "rivers and coast in blue dots; national, governorate and district borders in"
                " grey dots"
            ),
            Content(""),
            Content.styled("Press Escape, ? or q to close.", UNKNOWN_STYLE),
        ]
        with VerticalScroll(classes="dialog help"):
            yield Static(Content("\n").join(lines), id="help-text")

    def on_mount(self) -> None:
        """Say whether there is more below, once laid out."""
        self.call_after_refresh(self._say_if_it_scrolls)

    def on_resize(self) -> None:
        """A new size may show it all, or no longer."""
        self.call_after_refresh(self._say_if_it_scrolls)

    def _say_if_it_scrolls(self) -> None:
        scroll = self.query_one(VerticalScroll)
        scroll.border_subtitle = HELP_SCROLLS if scroll.max_scroll_y > 0 else ""

    def action_close(self) -> None:
        """Back to the replay."""
        self.dismiss(None)


def bindings_of(*sources: Iterable[BindingType]) -> list[Binding]:
    """The bindings of several classes, one per key."""
    return [b for source in sources for b in Binding.make_bindings(source)]
