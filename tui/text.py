"""Text built for the screen from scenario data, which is untrusted: never markup, always Content.

Names and quotes come from files and articles. A name such as `[bold]x[/bold]` must appear as
written, so every string from a scenario goes into `Content(...)` (or a Strip segment), never into
markup; Textual's `escape()` is not enough. Control characters are made visible first.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from textual.content import Content

from engine.model.control import Control, Status
from engine.model.events import (
    AllegianceChanged,
    Assertion,
    CasualtyReport,
    Contested,
    ControlChanged,
    Event,
    Hedging,
    How,
    Incident,
    SiegeBegan,
    SiegeLifted,
)
from engine.model.places import PlaceGraph
from engine.model.world import World
from engine.wording import safe
from tui.model import Excerpt, Side, short_name

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


def plain(text: str) -> str:
    """Untrusted text with control characters shown (a name cannot drive the terminal)."""
    return safe(text)


def cells(text: str) -> str:
    """Untrusted text as one character per terminal cell, for widgets drawn cell by cell."""
    return "".join(ch if cell_len(ch) == 1 else "?" for ch in safe(text) if cell_len(ch) != 0)


def side_style(side: Side | None) -> str:
    """The style of a side's colour (unknown: muted)."""
    return UNKNOWN_STYLE if side is None else PALETTE[side.slot % len(PALETTE)]


def faction_label(world: World, faction: str | None) -> str:
    """A faction's short display name (or the id of a party that is no faction, e.g. civilians)."""
    if faction is None:
        return "unknown"
    if faction in world.factions:
        return short_name(world.factions[faction])
    return faction


def place_labels(places: PlaceGraph, targets: tuple[str, ...], most: int = 4) -> str:
    """The names of an event's places and regions, a long list cut short."""
    names = [places.label(t) if t in places else t for t in targets]
    if len(names) > most:
        names = [*names[:most], f"+{len(names) - most} more"]
    return ", ".join(names)


def control_text(world: World, control: Control) -> str:
    """A control in words: "ISIS (contested by rebels) (uncertain)"."""
    text = faction_label(world, control.controller)
    others = [faction_label(world, p) for p in control.parties if p != control.controller]
    if control.status is Status.CONTESTED:
        text += f" (contested by {', '.join(others)})" if others else " (contested)"
    elif control.status is Status.BESIEGED:
        text += f" (besieged by {', '.join(others)})" if others else " (besieged)"
    if control.uncertain:
        text += " (uncertain)"
    return text


def hedge_text(event: Event) -> str:
    """How firmly and by whom: "reportedly, says SOHR"; empty when stated plainly."""
    prov = event.provenance
    parts = []
    if prov.hedging is not Hedging.STATED:
        parts.append(prov.hedging.value)
    if prov.attribution:
        parts.append(f"says {prov.attribution}")
    return ", ".join(parts)


def _change(event: ControlChanged, name: Callable[[str | None], str]) -> str:
    """Who did what in a change of control: the side that left, withdrew or surrendered is
    the subject of its own verb ("HTS withdrew", not "withdrew by the army")."""
    taker, held = name(event.controller), event.previous
    match event.how:
        case How.WITHDREW:
            return f"{name(held) if held else 'its holder'} withdrew; now {taker}'s"
        case How.SURRENDERED:
            return f"{name(held) if held else 'its holder'} surrendered to {taker}"
        case How.DEFECTED:
            return f"went over to {taker}" + (f" from {name(held)}" if held else "")
        case How.EXPELLED:
            return f"{taker} expelled {name(held)}" if held else f"taken by {taker}"
    return f"{event.how.value} by {taker}" + (f" from {name(held)}" if held else "")


def summary(event: Event, world: World) -> str:
    """What an event says, in a few words."""
    places = place_labels(world.places, event.places)

    def name(faction: str | None) -> str:
        return faction_label(world, faction)

    at = f" at {places}" if places else ""
    match event:
        case ControlChanged():
            return f"{places}: {_change(event, name)}"
        case Contested():
            return f"{places}: contested by {', '.join(name(p) for p in event.parties)}"
        case SiegeBegan():
            return f"{places}: besieged by {name(event.by)}"
        case SiegeLifted():
            return f"{places}: siege lifted"
        case AllegianceChanged():
            previous = f" leaves {name(event.previous)} and" if event.previous else ""
            return f"{name(event.faction)}{previous} joins {name(event.joins)}{at}"
        case CasualtyReport():
            counts = [
                f"{count} {what}"
                for count, what in ((event.killed, "killed"), (event.wounded, "wounded"))
                if count is not None
            ]
            return f"{name(event.party)}: {', '.join(counts) or 'casualties'}{at}"
        case Incident():
            by = f" by {name(event.by)}" if event.by else ""
            against = f" against {name(event.against)}" if event.against else ""
            return f"{event.type.value.replace('_', ' ')}{by}{against}{at}"
        case Assertion():
            low, high = event.share
            share = f"{low:.0%}" if low == high else f"{low:.0%}–{high:.0%}"
            region = (
                world.places.label(event.region) if event.region in world.places else event.region
            )
            return f"{name(event.faction)} holds {share} of {region}"
    return places


def event_option(event: Event, world: World) -> Content:
    """One line (or two) of the day's events: kind, what it says, and how firmly."""
    parts: list[str | tuple[str, str] | Content] = [
        (f"{event.kind:<9}", "bold"),
        " ",
        plain(summary(event, world)),
    ]
    hedge = hedge_text(event)
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
