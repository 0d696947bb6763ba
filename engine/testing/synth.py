"""Synthetic wars: big, plausible scenarios made from a seed, to test and measure at scale.

`synthesize` is pure: it builds a Scenario in memory and reads or writes nothing. The same
arguments give the same scenario in any process: it draws from one seeded `random.Random` and
iterates lists only, never sets of strings (whose order changes with the hash seed).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
from collections.abc import Callable
from typing import Any

from engine.errors import FrontlineError, Problem
from engine.model.dates import LAST_DAY, Precision, When
from engine.model.events import (
    CIVILIANS,
    AllegianceChanged,
    CasualtyReport,
    Contested,
    ControlChanged,
    Count,
    Event,
    Hedging,
    How,
    Incident,
    IncidentType,
    Provenance,
    SiegeBegan,
    SiegeLifted,
)
from engine.model.factions import Faction, Factions
from engine.model.geometry import Point, Ring
from engine.model.log import Log
from engine.model.places import Place, Region, build_place_graph
from engine.model.scenario import Scenario, Source
from engine.model.world import World
from engine.wording import counted

DEFAULT_START = dt.date(2020, 1, 1)
SOURCE_ID = "synthetic"
CENTRE = (35.0, 40.0)  # (lat, lon) of the middle of the map

_ONSETS = ("b", "d", "f", "h", "j", "k", "kh", "l", "m", "n", "q", "r", "s", "sh", "t", "z")
_VOWELS = ("a", "a", "i", "u")
_CODAS = ("", "", "", "n", "r", "l", "m", "b", "d", "s", "t", "k")
# Words that open village names, and the way other texts spell them (for aliases).
_PREFIXES = {
    "Tal": "Tell", "Kafr": "Kfar", "Ain": "Ayn", "Bir": "Beer", "Deir": "Dayr",
    "Khirbet": "Khirbat", "Umm": "Um", "Jisr": "Jisir", "Qasr": "Kasr", "Abu": "Abou",
}  # fmt: skip
_COALITION_FORMS = ("{} Alliance", "{} Front", "Army of {}", "{} Union", "{} Coalition")
_UNIT_FORMS = (
    "{} Brigade", "{} Battalion", "Sons of {}", "{} Regiment", "Lions of {}", "{} Legion",
    "{} Guard", "Falcons of {}",
)  # fmt: skip
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_ATTRIBUTIONS = ("local activists", "a monitoring group", "state media", "opposition sources")
# An incident's type, its sentence, and whether it names a perpetrator and a target.
_INCIDENTS = (
    (IncidentType.AIRSTRIKE, "an airstrike by the {by} hit {place}", True, False),
    (IncidentType.CLASHES, "the {by} clashed with the {against} near {place}", True, True),
    (IncidentType.EXECUTION, "the {by} executed prisoners of the {against} in {place}", True, True),
    (IncidentType.DISPLACEMENT, "hundreds of families fled {place}", False, False),
    (IncidentType.AID_CONVOY, "an aid convoy reached {place}", False, False),
    (IncidentType.ARREST, "the {by} arrested dozens of men in {place}", True, False),
    (IncidentType.OFFENSIVE, "the {by} launched an offensive towards {place}", True, False),
    (IncidentType.REINFORCEMENT, "the {by} sent reinforcements to {place}", True, False),
)
# Shares of the event kinds (allegiance changes are a few, placed apart: see `_defections`).
_KIND_SHARES = (
    ("control", 0.70), ("contested", 0.08), ("siege", 0.05), ("siege_lifted", 0.03),
    ("casualties", 0.07), ("incident", 0.07),
)  # fmt: skip
_RANGED = 0.10  # share of events dated by a range of days ("Between 3 and 5 May 2020")
_HEDGED = 0.10  # share of events that the source only reports, naming who says so
_NEAR_FRONT = 0.90  # share of attacks aimed next to what the attacker's side holds

_Body = tuple[str, type[Event], dict[str, Any]]  # the words, the kind, its fields


def synthesize(
    places: int,
    events: int,
    days: int,
    seed: int,
    start: dt.date = DEFAULT_START,
    progress: Callable[[float], None] | None = None,
) -> Scenario:
    """An invented war of `places` places and `events` events over `days` days from `start`;
    `progress` is told now and then what share of the work is done."""
    problems = []
    if places < 1:
        problems.append(Problem("", f"places must be at least 1 (got {places})"))
    if events < 0:
        problems.append(Problem("", f"events must be 0 or more (got {events})"))
    if days < 1:
        problems.append(Problem("", f"days must be at least 1 (got {days})"))
    elif days > (LAST_DAY - start).days + 1:
        problems.append(Problem("", f"{days} days from {start} would end after {LAST_DAY}"))
    if problems:
        raise FrontlineError(problems)
    rng = random.Random(seed)
    names = _Names()
    place_list, regions, outlines, river = _map(rng, names, places)
    coalitions, units = _factions(rng)
    graph = build_place_graph(place_list, regions)
    world = World(graph, Factions.of([*coalitions, *units]))
    war = _War(rng, world, place_list, coalitions, units)
    event_list, text = war.chronicle(events, days, start, progress)
    size = f"{counted(places, 'place')}, {counted(events, 'event')}"
    return Scenario(
        title=f"Synthetic war ({size}, seed {seed})",
        start=start,
        end=start + dt.timedelta(days=days - 1),
        world=world,
        log=_log(event_list, progress),
        sources={
            SOURCE_ID: Source(SOURCE_ID, f"Invented reports (seed {seed})", "CC0", text),
        },
        lines=(("river", river),),
        outlines=outlines,
    )


# ------------------------------------------------------------------------------- names


# What share of making a war its chronicle is (the rest: its log made of the events), and how
# many events are made between two reports of how far it has got.
CHRONICLE_SHARE = 0.8
_TOLD_EVERY = 1 << 14


def _log(events: list[Event], progress: Callable[[float], None] | None) -> Log:
    """The log of the events made, the end of the work told."""
    log = Log(events)
    if progress is not None:
        progress(1.0)
    return log


def _slug(name: str) -> str:
    return name.lower().replace(" ", "_").replace("-", "_")


def _word(rng: random.Random, syllables: int) -> str:
    parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)]
    return ("".join(parts) + rng.choice(_CODAS)).capitalize()


class _Names:
    """Generated names, none given twice: names of letters and spaces only, so that
    two names differ in their ids exactly when they differ in every spelling the engine matches."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, name: str) -> bool:
        """Reserve a name; False when it (or a spelling of it) is already taken."""
        key = _slug(name)
        if key in self.used:
            return False
        self.used.add(key)
        return True

    def new(self, rng: random.Random, make: Callable[[str], str]) -> tuple[str, str]:
        """A fresh word and the name `make` builds from it; longer words as short ones run out."""
        attempt = 0
        while True:
            word = _word(rng, 2 + (rng.random() < 0.4) + attempt // 16)
            name = make(word)
            if self.take(name):
                return word, name
            attempt += 1


# --------------------------------------------------------------------------------- map


def _map(
    rng: random.Random, names: _Names, count: int
) -> tuple[list[Place], list[Region], dict[str, Ring], tuple[Point, ...]]:
    """Places scattered in a box a few degrees wide, a governorate over it all, districts on a
    grid, their outlines, and a river across the box that splits the places into two banks."""
    width = min(4.0, max(0.5, math.sqrt(count) / 50))
    height = width * 0.75
    south, west = CENTRE[0] - height / 2, CENTRE[1] - width / 2
    grid = min(8, 1 + math.isqrt(count // 100))
    phase = rng.uniform(0, 2 * math.pi)

    def river_lat(lon: float) -> float:
        return CENTRE[0] + height * 0.15 * math.sin(phase + 3 * math.pi * (lon - west) / width)

    gov_word, gov_name = names.new(rng, "{} Governorate".format)
    gov_id = f"gov_{_slug(gov_word)}"
    cells = [names.new(rng, "{} District".format) for _ in range(grid * grid)]
    members: list[list[str]] = [[] for _ in cells]
    place_list = []
    for _ in range(count):
        lat = round(rng.uniform(south, south + height), 5)
        lon = round(rng.uniform(west, west + width), 5)
        roll = rng.random()
        kind = "city" if roll < 0.005 else "town" if roll < 0.06 else "village"
        prefixed = kind == "village" and rng.random() < 0.5
        prefix = rng.choice(list(_PREFIXES)) if prefixed else ""
        word, name = names.new(rng, f"{prefix} {{}}".format if prefix else str)
        aliases: tuple[str, ...] = ()
        if rng.random() < 0.2:
            alias = f"{_PREFIXES[prefix]} {word}" if prefix else word.replace("u", "ou", 1)
            if alias != name and names.take(alias):
                aliases = (alias,)
        row = min(grid - 1, int((lat - south) / height * grid))
        col = min(grid - 1, int((lon - west) / width * grid))
        place = Place(
            id=_slug(name),
            name=name,
            kind=kind,
            lat=lat,
            lon=lon,
            aliases=aliases,
            governorate=gov_word,
            district=cells[row * grid + col][0],
            bank="north" if lat > river_lat(lon) else "south",
            source=SOURCE_ID,
        )
        place_list.append(place)
        members[row * grid + col].append(place.id)

    def box(s: float, w: float, n: float, e: float) -> Ring:
        corners = ((s, w), (n, w), (n, e), (s, e), (s, w))
        return tuple((round(lat, 5), round(lon, 5)) for lat, lon in corners)

    regions = [
        Region(
            gov_id,
            gov_name,
            "governorate",
            frozenset(p.id for p in place_list),
            aliases=(f"{gov_word} Province",),
            lat=CENTRE[0],
            lon=CENTRE[1],
        )
    ]
    outlines = {gov_id: box(south, west, south + height, west + width)}
    step_lat, step_lon = height / grid, width / grid
    for index, (word, name) in enumerate(cells):
        s, w = south + (index // grid) * step_lat, west + (index % grid) * step_lon
        region_id = f"district_{_slug(word)}"
        regions.append(
            Region(
                region_id,
                name,
                "district",
                frozenset(members[index]),
                parent=gov_id,
                lat=round(s + step_lat / 2, 5),
                lon=round(w + step_lon / 2, 5),
            )
        )
        outlines[region_id] = box(s, w, s + step_lat, w + step_lon)
    river = tuple(
        (round(river_lat(lon), 5), round(lon, 5))
        for lon in (west + width * k / 60 for k in range(61))
    )
    return place_list, regions, outlines, river


# ----------------------------------------------------------------------------- factions


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word != "of")


def _factions(rng: random.Random) -> tuple[list[Faction], list[Faction]]:
    """Three coalitions, and five to eight units in them, each with an acronym and a nickname."""
    names = _Names()

    def faction(form: str, coalition: str | None) -> Faction:
        word, name = names.new(rng, form.format)
        nickname = f"{word} {'forces' if coalition is None else 'fighters'}"
        aliases = tuple(a for a in (_initials(name), nickname) if names.take(a))
        return Faction(_slug(name), name, aliases, coalition)

    coalitions = [faction(form, None) for form in rng.sample(_COALITION_FORMS, 3)]
    units = [
        faction(rng.choice(_UNIT_FORMS), coalitions[n % 3].id) for n in range(rng.randint(5, 8))
    ]
    return coalitions, units


# ------------------------------------------------------------------------------- events


def _day(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _phrase(earliest: dt.date, latest: dt.date) -> str:
    if earliest == latest:
        return f"On {_day(latest)}"
    if (earliest.year, earliest.month) == (latest.year, latest.month):
        return f"Between {earliest.day} and {_day(latest)}"
    if earliest.year == latest.year:
        return f"Between {earliest.day} {_MONTHS[earliest.month - 1]} and {_day(latest)}"
    return f"Between {_day(earliest)} and {_day(latest)}"


class _War:
    """Who holds what as the events are made, so that each attack starts from its side's front.

    Places and factions are list indices here. Each side keeps a bag of the places on its border
    (held by it, next to one it does not hold): a capture adds the place to the taker's bag and
    the loser's neighbouring places to the loser's; a place found no longer on the border when
    drawn leaves the bag. So an attack costs the same however big the war.
    """

    def __init__(
        self,
        rng: random.Random,
        world: World,
        places: list[Place],
        coalitions: list[Faction],
        units: list[Faction],
    ) -> None:
        self.rng = rng
        self.random = rng.random  # int(random() * n): a uniform index, much faster than randrange
        self.places = places
        index = {p.id: n for n, p in enumerate(places)}
        graph = world.places.graph
        self.near = [[index[q] for q in graph.adj[p.id]] for p in places]
        self.coalitions, self.units = coalitions, units
        self.side = [n % 3 for n in range(len(units))]  # a unit's side, after any defection
        self.holder = [-1] * len(places)  # the unit holding each place, -1 for nobody known
        self.border: list[list[int]] = [[], [], []]
        self.in_border = [bytearray(len(places)) for _ in range(3)]
        # Each side's home: a third of the map from west to east, where its war begins.
        by_lon = sorted(range(len(places)), key=lambda n: (places[n].lon, n))
        thirds = [by_lon[k * len(places) // 3 : (k + 1) * len(places) // 3] for k in range(3)]
        self.home = [third or by_lon for third in thirds]
        self.besieged: list[tuple[int, int]] = []  # (place, its holder when the siege began)

    def side_of(self, place: int) -> int:
        """The side holding a place, -1 for nobody known."""
        holder = self.holder[place]
        return -1 if holder < 0 else self.side[holder]

    def give(self, place: int, unit: int) -> None:
        """Record that a unit took a place."""
        old, new = self.side_of(place), self.side[unit]
        self.holder[place] = unit
        if old != new:
            self._on_border(new, place)
            if old >= 0:
                self._exposed(place, old)

    def _on_border(self, side: int, place: int) -> None:
        if not self.in_border[side][place]:
            self.in_border[side][place] = 1
            self.border[side].append(place)

    def _exposed(self, place: int, side: int) -> None:
        """The side's places next to one it no longer holds are on its border now."""
        for other in self.near[place]:
            if self.side_of(other) == side:
                self._on_border(side, other)

    def front(self, side: int) -> int | None:
        """A place next to one the side holds and held by someone else, or None if none found."""
        bag, flags, random = self.border[side], self.in_border[side], self.random
        holder, sides = self.holder, self.side
        while bag:
            drawn = int(random() * len(bag))
            base = bag[drawn]
            if holder[base] >= 0 and sides[holder[base]] == side:
                options = [q for q in self.near[base] if holder[q] < 0 or sides[holder[q]] != side]
                if options:
                    return options[int(random() * len(options))]
            bag[drawn] = bag[-1]
            bag.pop()
            flags[base] = 0
        return None

    def target(self, side: int) -> int:
        """Where a side attacks: mostly its front, sometimes anywhere in its home third."""
        found = self.front(side) if self.random() < _NEAR_FRONT else None
        if found is None:
            home = self.home[side]
            found = home[int(self.random() * len(home))]
        return found

    def enemy_front(self, side: int) -> int | None:
        """A place on the side's front that an enemy holds."""
        place = self.front(side)
        return place if place is not None and self.holder[place] >= 0 else None

    def chronicle(
        self,
        count: int,
        days: int,
        start: dt.date,
        progress: Callable[[float], None] | None = None,
    ) -> tuple[list[Event], str]:
        """`count` events in date order over `days` days, and the text that reports them;
        `progress` is told the share of CHRONICLE_SHARE done, every few thousand events."""
        rng, random = self.rng, self.random
        offsets = sorted(int(random() * days) for _ in range(count))
        defections = self._defections(count)
        bounds = list(itertools.accumulate(share for _kind, share in _KIND_SHARES))
        makers: dict[str, Callable[[int], _Body | None]] = {
            "control": self.control, "contested": self.contested, "siege": self.siege,
            "siege_lifted": self.siege_lifted, "casualties": self.casualties,
            "incident": self.incident,
        }  # fmt: skip
        whens: dict[tuple[int, int], When] = {}
        width = len(str(count))
        parts: list[str] = []
        offset, in_paragraph = 0, 1
        previous_day = -1
        events: list[Event] = []
        for n, day in enumerate(offsets):
            if progress is not None and not n % _TOLD_EVERY:
                progress(CHRONICLE_SHARE * n / count)
            unit = int(random() * len(self.units))
            if n in defections:
                body: _Body | None = self.allegiance(defections[n])
            else:
                kind = _KIND_SHARES[min(bisect.bisect(bounds, random()), len(bounds) - 1)][0]
                body = makers[kind](unit)
            if body is None:  # nothing for that kind to act on yet: a capture instead
                body = self.control(unit)
            words, cls, fields = body
            back = 1 + int(random() * 5) if random() < _RANGED else 0
            back = min(back, day)
            when = whens.get((day, back))
            if when is None:
                latest = start + dt.timedelta(days=day)
                earliest = latest - dt.timedelta(days=back)
                precision = Precision.RANGE if back else Precision.DAY
                when = When(earliest, latest, precision, _phrase(earliest, latest))
                whens[(day, back)] = when
            attribution = rng.choice(_ATTRIBUTIONS) if random() < _HEDGED else None
            according = f", according to {attribution}" if attribution else ""
            quote = f"{when.phrase}, {words}{according}."
            if n:
                new_paragraph = day != previous_day or in_paragraph == 5
                in_paragraph = 1 if new_paragraph else in_paragraph + 1
                parts.append("\n\n" if new_paragraph else " ")
                offset += len(parts[-1])
            previous_day = day
            provenance = Provenance(
                SOURCE_ID,
                offset,
                offset + len(quote),
                quote,
                Hedging.REPORTEDLY if attribution else Hedging.STATED,
                attribution,
            )
            parts.append(quote)
            offset += len(quote)
            event_id = f"e{n + 1:0{width}d}"
            events.append(cls(id=event_id, when=when, provenance=provenance, position=n, **fields))
        return events, "".join(parts) + ("\n" if parts else "")

    def _defections(self, count: int) -> dict[int, int]:
        """A few units that change sides, each once, at event numbers far apart."""
        how_many = min(3, len(self.units), count // 100)
        moving = self.rng.sample(range(len(self.units)), how_many)
        return {count * (k + 1) // (how_many + 1): unit for k, unit in enumerate(moving)}

    def control(self, unit: int) -> _Body:
        """A unit takes a place, from an enemy unit the text may name."""
        rng, side = self.rng, self.side[unit]
        place = self.target(side)
        before = self.holder[place]
        name, taker = self.places[place].name, self.units[unit].name
        fields: dict[str, Any] = {
            "places": (self.places[place].id,),
            "controller": self.units[unit].id,
        }
        self.give(place, unit)
        if before < 0 or self.side[before] == side or rng.random() < 0.3:
            return f"the {taker} took control of {name}", ControlChanged, fields
        loser = self.units[before].name
        fields["previous"] = self.units[before].id
        roll = rng.random()
        if roll < 0.1:
            fields["how"] = How.WITHDREW
            words = f"the {loser} withdrew from {name}, and the {taker} entered it"
        elif roll < 0.2:
            fields["how"] = How.EXPELLED
            words = f"the {taker} expelled the {loser} from {name}"
        else:
            words = f"the {taker} took {name} from the {loser}"
        return words, ControlChanged, fields

    def contested(self, unit: int) -> _Body | None:
        """A unit fights its way into a place an enemy holds."""
        place = self.enemy_front(self.side[unit])
        if place is None:
            return None
        holder = self.units[self.holder[place]]
        words = (
            f"fighting broke out in {self.places[place].name} between the {holder.name} "
            f"and the {self.units[unit].name}"
        )
        fields = {"places": (self.places[place].id,), "parties": (holder.id, self.units[unit].id)}
        return words, Contested, fields

    def siege(self, unit: int) -> _Body | None:
        """A unit lays siege to a place an enemy holds."""
        place = self.enemy_front(self.side[unit])
        if place is None:
            return None
        self.besieged.append((place, self.holder[place]))
        words = f"the {self.units[unit].name} laid siege to {self.places[place].name}"
        return words, SiegeBegan, {"places": (self.places[place].id,), "by": self.units[unit].id}

    def siege_lifted(self, _unit: int) -> _Body | None:
        """A siege ends, its place still held by whoever held it when it began."""
        besieged = self.besieged
        while besieged:
            drawn = int(self.random() * len(besieged))
            place, holder = besieged[drawn]
            besieged[drawn] = besieged[-1]
            besieged.pop()
            if self.holder[place] == holder:
                words = f"the siege of {self.places[place].name} was lifted"
                return words, SiegeLifted, {"places": (self.places[place].id,)}
        return None

    def casualties(self, unit: int) -> _Body:
        """Fighters of a unit, or civilians, killed (and some wounded) where the unit attacks."""
        rng = self.rng
        place = self.target(self.side[unit])
        low = rng.randint(2, 40)  # plural nouns below
        high = low + rng.randint(1, 10) if rng.random() < 0.25 else low
        civilian = rng.random() < 0.2
        who = "civilians" if civilian else f"fighters of the {self.units[unit].name}"
        number = str(low) if low == high else f"{low} to {high}"
        fields: dict[str, Any] = {
            "places": (self.places[place].id,),
            "party": CIVILIANS if civilian else self.units[unit].id,
            "killed": Count(low, high),
        }
        words = f"{number} {who} were killed"
        if rng.random() < 0.3:
            wounded = rng.randint(1, 60)
            fields["wounded"] = Count(wounded, wounded)
            words += f" and {wounded} wounded"
        return f"{words} in {self.places[place].name}", CasualtyReport, fields

    def incident(self, unit: int) -> _Body:
        """Something that changes no control: an airstrike, clashes, a convoy, an arrest."""
        rng = self.rng
        kind, form, has_by, has_against = _INCIDENTS[rng.randrange(len(_INCIDENTS))]
        place = self.target(self.side[unit])
        enemies = [u for u in range(len(self.units)) if self.side[u] != self.side[unit]]
        holder = self.holder[place]
        against = holder if holder >= 0 and holder in enemies else rng.choice(enemies or [unit])
        fields: dict[str, Any] = {"places": (self.places[place].id,), "type": kind}
        if has_by:
            fields["by"] = self.units[unit].id
        if has_against:
            fields["against"] = self.units[against].id
        words = form.format(
            by=self.units[unit].name,
            against=self.units[against].name,
            place=self.places[place].name,
        )
        return words, Incident, fields

    def allegiance(self, unit: int) -> _Body:
        """A unit leaves its coalition for another; what it holds now counts for its new side."""
        old = self.side[unit]
        new = (old + 1 + self.rng.randrange(2)) % 3
        self.side[unit] = new
        for place in [p for p, holder in enumerate(self.holder) if holder == unit]:
            self._on_border(new, place)
            self._exposed(place, old)
        words = (
            f"the {self.units[unit].name} left the {self.coalitions[old].name} "
            f"and joined the {self.coalitions[new].name}"
        )
        fields = {
            "faction": self.units[unit].id,
            "previous": self.coalitions[old].id,
            "joins": self.coalitions[new].id,
        }
        return words, AllegianceChanged, fields
