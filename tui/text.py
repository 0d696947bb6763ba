"""Text built for the screen from scenario data, which is untrusted: never markup, always Content.

Names and quotes come from files and articles. A name such as `[bold]x[/bold]` must appear as
written, so every string from a scenario goes into `Content(...)` (or a Strip segment), never into
markup; Textual's `escape()` is not enough. Control characters are made visible first.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content

from engine.model.events import Event
from engine.model.world import World
from engine.wording import Side, hedge_words, safe, summary
from tui.model import Excerpt

# The theme variable of each palette slot. The map and the chart colour sides through the
# `.side-N` rules of frontline.tcss, which use these same variables (a test checks they agree).
PALETTE = (
    "$text-error",
    "$text-primary",
    "$text-success",
    "$text-warning",
    "$text-secondary",
    "$text-accent",
)
UNKNOWN_STYLE = "$text-muted"
# A side's ground is its colour at this strength behind the map's glyphs (the `.map--ground-N`
# rules of frontline.tcss, and the legend's swatches): faint, so that what is on it stays legible.
GROUND_TINT = "20%"
UNKNOWN_GROUND = "$foreground 7%"  # ground of places whose control is unknown
# Where colour cannot tell ground apart (the `c` mode, NO_COLOR, the ANSI themes), each palette
# slot's ground has its own pattern in every other empty cell.
GROUND_PATTERNS = (".", ":", "~", "=", "░", "%")
CONTESTED_HATCH, BESIEGED_HATCH = "╱", "╳"  # the SVG map's hatches: / and X
FRONT_MARK, POCKET_MARK = "━", "═"


def plain(text: str) -> str:
    """Untrusted text with control characters shown (a name cannot drive the terminal)."""
    return safe(text)


def cells(text: str) -> str:
    """Untrusted text as one character per terminal cell, for widgets drawn cell by cell."""
    return "".join(ch if cell_len(ch) == 1 else "?" for ch in safe(text) if cell_len(ch) != 0)


def side_style(side: Side | None) -> str:
    """The style of a side's colour (unknown: muted)."""
    return UNKNOWN_STYLE if side is None else PALETTE[side.slot % len(PALETTE)]


def ground_style(side: Side | None) -> str:
    """The background of a side's ground, as the map tints it (unknown control: a neutral one)."""
    return f"on {UNKNOWN_GROUND if side is None else f'{side_style(side)} {GROUND_TINT}'}"


def event_option(event: Event, world: World) -> Content:
    """One line (or two) of the day's events: kind, what it says, and how firmly."""
    parts: list[str | tuple[str, str] | Content] = [
        (f"{event.kind:<9}", "bold"),
        " ",
        plain(summary(event, world)),
    ]
    hedge = hedge_words(event)
    if hedge:
        parts += ["  ", (f"~ {plain(hedge)}", "italic $text-warning")]
    if event.disputes:
        parts += ["  ", (f"! disputed by {', '.join(event.disputes)}", "bold $text-error")]
    return Content.assemble(*parts)


def excerpt_content(excerpt: Excerpt) -> Content:
    """A paragraph with the quote in bold, the date phrase reversed and place names underlined."""
    text = plain(excerpt.text.replace("\n", " "))
    if len(text) != len(excerpt.text):  # control characters were spelled out: no offsets left
        return Content.styled(text, "bold")
    content = Content.styled(text, UNKNOWN_STYLE)
    start, end = excerpt.quote
    content = content.stylize("bold $text", start, end)
    for first, last in excerpt.names:
        content = content.stylize("underline $text-primary", first, last)
    if excerpt.date is not None:
        content = content.stylize("reverse", *excerpt.date)
    if excerpt.cut_before:
        content = Content("…") + content
    if excerpt.cut_after:
        content = content + Content("…")
    return content
