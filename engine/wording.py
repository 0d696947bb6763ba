"""Events and control put into words for people: the one wording the CLI and the TUI share."""

from __future__ import annotations

import datetime as dt
import textwrap
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from attrs import frozen

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
    Truce,
)
from engine.model.factions import Faction, Factions
from engine.model.places import PlaceGraph
from engine.model.world import World

# What a faction (or a party that is none, such as civilians) is called in the words made here.
Namer = Callable[[str | None], str]


def safe(text: str) -> str:
    """Text from files with control characters made visible, so it cannot drive the terminal."""
    return "".join(
        ch if unicodedata.category(ch) not in ("Cc", "Cf") or ch == "\t" else f"\\x{ord(ch):02x}"
        for ch in text
    ).replace("\t", " ")


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count and its noun, in the plural unless one: "1 place", "12,000 places"."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def period_note(day: dt.date, start: dt.date, end: dt.date) -> str:
    """What an answer for a day outside a scenario's period means ("" for a day within it)."""
    if day > end:
        return f"The narrative ends on {end.isoformat()}: this is how it stood then."
    if day < start:
        return f"The narrative begins on {start.isoformat()}: nothing it tells has happened yet."
    return ""


GAP = "  "  # between two columns of a table
NARROWEST = 12  # a column of a table is not wrapped narrower than this, nor than its heading


def table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], width: int | None = None
) -> str:
    """A plain left-aligned table, its cells made safe; given a width (a terminal's), its columns
    of words wrap at spaces to fit it, the last keeping the most room (it is most often the
    quote); else each row is one whole line."""
    cells = [[safe("" if c is None else str(c)) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    if width is not None:
        # A column of words narrows, but never below its longest word: no word is cut.
        longest = [max((len(w) for row in cells for w in row[n].split()), default=0)
                   for n in range(len(headers))]  # fmt: skip
        floors = [
            min(w, max(NARROWEST, len(h), most) if any(" " in row[n] for row in cells) else w)
            for n, (w, h, most) in enumerate(zip(widths, headers, longest, strict=True))
        ]
        widths = _fitted(widths, floors, width)
    lines = [
        GAP.join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
        GAP.join("-" * w for w in widths),
    ]
    for row in cells:
        parts = [
            [c] if len(c) <= w else textwrap.wrap(c, w, break_on_hyphens=False) or [""]
            for c, w in zip(row, widths, strict=True)
        ]
        for n in range(max(map(len, parts))):
            pieces = (p[n] if n < len(p) else "" for p in parts)
            lines.append(GAP.join(c.ljust(w) for c, w in zip(pieces, widths, strict=True)).rstrip())
    return "\n".join(lines)


def _fitted(widths: list[int], floors: list[int], width: int) -> list[int]:
    """Column widths that fit a width, narrowing only the columns that can (a floor below the
    width): the last of them keeps at least half of their room, the others share the rest, the
    widest cut to one cap. A table whose columns cannot narrow enough is left wider."""
    room = width - len(GAP) * (len(widths) - 1)
    wrapping = [n for n, (w, f) in enumerate(zip(widths, floors, strict=True)) if f < w]
    if sum(widths) <= room or not wrapping:
        return widths
    last, others = wrapping[-1], wrapping[:-1]
    left = room - sum(w for n, w in enumerate(widths) if n not in wrapping)
    kept = min(widths[last], max(floors[last], left // 2))
    shared = _capped([widths[n] for n in others], [floors[n] for n in others], left - kept)
    fitted = list(widths)
    for n, w in zip(others, shared, strict=True):
        fitted[n] = w
    fitted[last] = min(widths[last], max(floors[last], left - sum(shared)))
    return fitted


def _capped(widths: list[int], floors: list[int], room: int) -> list[int]:
    """Widths within a room: the widest cut down to one cap, as high as fits, none below its
    floor."""
    for cap in range(max(widths, default=0), 0, -1):
        fitted = [max(min(w, cap), f) for w, f in zip(widths, floors, strict=True)]
        if sum(fitted) <= room:
            return fitted
    return floors


def short_name(faction: Faction, longest: int = 14) -> str:
    """A faction's name short enough for a legend: its name, or its shortest alias if too long."""
    if len(faction.name) <= longest:
        return faction.name
    aliases = [a for a in faction.aliases if len(a) >= 3]
    best = min(aliases, key=len, default=faction.name)
    if len(best) >= len(faction.name):
        best = faction.name
    return best if len(best) <= longest else best[: longest - 1] + "…"


@frozen
class Side:
    """A top-level coalition as a map draws it: a palette slot and a letter."""

    id: str
    name: str
    letter: str
    slot: int


class Sides:
    """The coalitions of a scenario, each with a palette slot and a letter of its own."""

    def __init__(self, factions: Factions, slots: int = 6) -> None:
        top = [f for f in factions if f.coalition is None]
        used: set[str] = set()
        self.by_id: dict[str, Side] = {}
        for index, faction in enumerate(top):
            letter = _free_letter(faction, used)
            used.add(letter)
            self.by_id[faction.id] = Side(faction.id, short_name(faction), letter, index % slots)
        self.order: tuple[Side, ...] = tuple(self.by_id.values())

    def __getitem__(self, coalition: str) -> Side:
        return self.by_id[coalition]

    def __iter__(self) -> Iterator[Side]:
        return iter(self.order)

    def __len__(self) -> int:
        return len(self.order)


def _free_letter(faction: Faction, used: set[str]) -> str:
    for text in (faction.id, faction.name, *faction.aliases):
        for ch in text.upper():
            if ch.isalpha() and ch.isascii() and ch not in used:
                return ch
    return next(d for d in "123456789#@%&*" if d not in used)


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


def display_names(world: World) -> Namer:
    """The namer of a world's factions by their short display names."""
    return lambda faction: faction_label(world, faction)


def control_words(control: Control, name: Namer) -> str:
    """A control in words: "ISIS (contested by rebels) (uncertain)"."""
    text = name(control.controller)
    others = [name(p) for p in control.parties if p != control.controller]
    if control.status is Status.CONTESTED:
        text += f" (contested by {', '.join(others)})" if others else " (contested)"
    elif control.status is Status.BESIEGED:
        text += f" (besieged by {', '.join(others)})" if others else " (besieged)"
    if control.implied:
        text += " (implied)"
    if control.uncertain:
        text += " (uncertain)"
    return text


def implied_words(event: Event, name: Namer, brief: bool = False) -> str:
    """How an implied holder is known, from the event that implies it: "implied: no event says
    so, but [e040] takes it from isis on 2014-05-01"; `brief`, in a line of a narrow panel:
    "implied by e040, which takes it from isis on 2014-05-01"."""
    loser = name(getattr(event, "previous", None))
    day = event.when.latest.isoformat()
    if brief:
        return f"implied by {event.id}, which takes it from {loser} on {day}"
    return f"implied: no event says so, but [{event.id}] takes it from {loser} on {day}"


def uncertain_words(event: Event, brief: bool = False) -> str:
    """Why a control is uncertain, of one event dated by a range that may already have changed
    it: "uncertain: [e088, control], dated 2014-04-10 to 2014-06-20, may already have changed
    it"; `brief`, in a line of a narrow panel: "uncertain: e088 of 2014-04-10 – 2014-06-20 may
    have changed it"."""
    earliest, latest = event.when.earliest.isoformat(), event.when.latest.isoformat()
    if brief:
        return f"uncertain: {event.id} of {earliest} – {latest} may have changed it"
    return (
        f"uncertain: [{event.id}, {event.kind}], dated {earliest} to {latest}, may already have "
        "changed it"
    )


def hedge_words(event: Event) -> str:
    """How firmly and by whom: "reportedly, says SOHR"; empty when stated plainly."""
    prov = event.provenance
    parts = []
    if prov.hedging is not Hedging.STATED:
        parts.append(prov.hedging.value)
    if prov.attribution:
        parts.append(f"says {prov.attribution}")
    return ", ".join(parts)


def _change(event: ControlChanged, name: Namer, place: Callable[[str], str]) -> str:
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


def _casualties(event: CasualtyReport, name: Namer, place: Callable[[str], str]) -> str:
    counts = [
        f"{count} {what}"
        for count, what in ((event.killed, "killed"), (event.wounded, "wounded"))
        if count is not None
    ]
    return f"{name(event.party)}: {', '.join(counts) or 'casualties'}"


def _incident(event: Incident, name: Namer, place: Callable[[str], str]) -> str:
    by = f" by {name(event.by)}" if event.by else ""
    against = f" against {name(event.against)}" if event.against else ""
    return f"{event.type.value.replace('_', ' ')}{by}{against}"


def _share(event: Assertion, name: Namer, place: Callable[[str], str]) -> str:
    low, high = event.share
    share = f"{low:.0%}" if low == high else f"{low:.0%}–{high:.0%}"
    return f"{name(event.faction)} holds {share} of {place(event.region)}"


def _truce(event: Truce, name: Namer, place: Callable[[str], str]) -> str:
    between = " and ".join(name(p) for p in event.parties)
    return f"truce between {between}" if between else "truce"


def _allegiance(event: AllegianceChanged, name: Namer, place: Callable[[str], str]) -> str:
    previous = f" leaves {name(event.previous)} and" if event.previous else ""
    return f"{name(event.faction)}{previous} joins {name(event.joins)}"


# What each kind of event says, in a few words, from the event and the namers of its factions and
# places; and whether its places come first ("Mayadin: captured by ISIS") or after ("... at X").
Words = Callable[[Any, Namer, Callable[[str], str]], str]
WORDING: Mapping[type[Event], tuple[Words, bool]] = {
    ControlChanged: (_change, True),
    Contested: (lambda e, name, _: f"contested by {', '.join(name(p) for p in e.parties)}", True),
    SiegeBegan: (lambda e, name, _: f"besieged by {name(e.by)}", True),
    SiegeLifted: (lambda e, name, _: "siege lifted", True),
    Truce: (_truce, True),
    AllegianceChanged: (_allegiance, False),
    CasualtyReport: (_casualties, False),
    Incident: (_incident, False),
    Assertion: (_share, False),
}


def summary(event: Event, world: World) -> str:
    """What an event says, in a few words, with the names the scenario gives."""
    places = place_labels(world.places, event.places)
    words, places_first = WORDING[type(event)]
    text = words(event, display_names(world), lambda target: place_labels(world.places, (target,)))
    if places_first:
        return f"{places}: {text}"
    return f"{text} at {places}" if places else text
