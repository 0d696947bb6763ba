"""What the terminal UI shows, computed from the engine alone: no Textual, no Rich.

`ReplayCursor` is the UI's cursor over an engine `Replayer`: it moves from day to day incrementally
(`Replayer.advance` touches only the places that changed) and says what each day shows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from functools import cached_property
from types import MappingProxyType
from typing import TypeVar

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from engine.errors import FrontlineError
from engine.model.control import State, Status
from engine.model.events import Event
from engine.model.frozen import read_only
from engine.model.names import name_key
from engine.model.places import PlaceGraph
from engine.model.scenario import Scenario
from engine.model.world import World
from engine.replay.replayer import Change, DayEvents, Replayer
from engine.territory.front import pockets
from engine.territory.ground import sides_of, statuses_of
from engine.territory.partition import Partition
from engine.wording import Sides

ONE_DAY = dt.timedelta(days=1)
# Beyond this many records a jump re-seeks from a checkpoint instead of advancing: both
# cost about the same there, and seeking stays bounded however far the jump goes.
SEEK_AFTER_RECORDS = 4096
GROUND_DAYS = 64  # days of ground kept: stepping back and forth reads them again
# The map's codes for a cell's ground: no place's cell holds it, or its control is unknown.
NO_GROUND, UNKNOWN_SIDE = -2, -1
HELD_GROUND, CONTESTED_GROUND, BESIEGED_GROUND = 0, 1, 2


UNKNOWN_LETTER = "·"
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@frozen
class DayView:
    """Everything the screen shows for one day."""

    day: dt.date
    state: State
    changes: tuple[Change, ...]  # places whose control differs from the day before
    events: DayEvents  # events taking effect this day, in log order
    sides: Mapping[str, str]  # faction id -> its side, with this day's allegiances

    @property
    def changed_hands(self) -> frozenset[str]:
        """Places whose controller (not only its status) differs from the day before."""
        return frozenset(c.place for c in self.changes if c.before.controller != c.after.controller)

    @property
    def changed(self) -> frozenset[str]:
        """Places whose control changed in any way since the day before."""
        return frozenset(c.place for c in self.changes)

    def side_of(self, controller: str | None) -> str | None:
        """The coalition a controller fights for on this day (None: unknown)."""
        return None if controller is None else self.sides.get(controller, controller)


class ReplayCursor:
    """The UI's cursor over a replay: the current day's state, moved incrementally."""

    def __init__(self, scenario: Scenario, replayer: Replayer | None = None) -> None:
        self.scenario = scenario
        self.world: World = scenario.world
        self.replayer = replayer or Replayer(scenario.world, scenario.log)
        self.start, self.end = scenario.start, scenario.end
        self.sides = Sides(scenario.world.factions)
        days = self.replayer.event_days
        self.event_days: list[dt.date] = [d for d in days if self.start <= d <= self.end]
        self.places = list(scenario.world.places.places)
        self.unlocated = unlocated(scenario)
        self._sides_by_allegiance: dict[tuple[tuple[str, str], ...], Mapping[str, str]] = {}
        self._day: dt.date | None = None
        self._state = State()

    @property
    def length(self) -> int:
        """Number of days in the scenario's period."""
        return (self.end - self.start).days + 1

    def number(self, day: dt.date) -> int:
        """Day N of the period, counting the first day as 1."""
        return (day - self.start).days + 1

    def clamp(self, day: dt.date) -> dt.date:
        """The day, kept within the scenario's period."""
        return min(max(day, self.start), self.end)

    def previous_event_day(self, day: dt.date) -> dt.date | None:
        """The last day before this one on which an event takes effect."""
        index = bisect.bisect_left(self.event_days, day)
        return self.event_days[index - 1] if index else None

    def next_event_day(self, day: dt.date) -> dt.date | None:
        """The first day after this one on which an event takes effect."""
        index = bisect.bisect_right(self.event_days, day)
        return self.event_days[index] if index < len(self.event_days) else None

    def faction_sides(self, allegiance: Mapping[str, str]) -> Mapping[str, str]:
        """Faction id -> top coalition under these allegiances (cached: sides change rarely)."""
        key = tuple(sorted(allegiance.items()))
        found = self._sides_by_allegiance.get(key)
        if found is None:
            found = MappingProxyType(
                {f.id: self.world.factions.side_of(f.id, allegiance) for f in self.world.factions}
            )
            self._sides_by_allegiance[key] = found
        return found

    def side_on(self, faction: str | None, day: dt.date | None) -> str | None:
        """The coalition a faction fought for at the end of a day (None: unknown)."""
        if faction is None:
            return None
        allegiance = self.replayer.allegiance_on(day) if day is not None else {}
        return self.faction_sides(allegiance).get(faction, faction)

    def state_on(self, day: dt.date) -> State:
        """The state at the end of a day, reached from the current one by the cheapest route."""
        if self._day is None:
            state = self.replayer.at(day)
        elif day == self._day:
            state = self._state
        else:
            through = self.replayer.records_through
            between = abs(through(day) - through(self._day))
            if between > SEEK_AFTER_RECORDS:
                state = self.replayer.at(day)
            else:
                state = self.replayer.advance(self._state, self._day, day)
        self._day, self._state = day, state
        return state

    def view(self, day: dt.date) -> DayView:
        """What the screen shows on a day (kept within the period), moving the cursor there."""
        day = self.clamp(day)
        state = self.state_on(day)
        return DayView(
            day=day,
            state=state,
            changes=tuple(self.replayer.changes_between(day - ONE_DAY, day)),
            events=self.replayer.events_on(day),
            sides=self.faction_sides(state.allegiance),
        )


@frozen
class Territory:
    """Places and km² of ground held per faction and per coalition on every day of the period."""

    start: dt.date
    by_faction: tuple[Mapping[str, int], ...]
    by_side: tuple[Mapping[str, int], ...]
    km2_by_side: tuple[Mapping[str, float], ...]
    total: int

    def _index(self, day: dt.date) -> int:
        return min(max((day - self.start).days, 0), len(self.by_faction) - 1)

    def on(self, day: dt.date) -> tuple[Mapping[str, int], Mapping[str, int]]:
        """(per faction, per coalition) on a day of the period."""
        index = self._index(day)
        return self.by_faction[index], self.by_side[index]

    def km2_on(self, day: dt.date) -> Mapping[str, float]:
        """The km² of ground each coalition holds on a day of the period."""
        return self.km2_by_side[self._index(day)]


def territory_series(replay: ReplayCursor, areas: Sequence[float]) -> Territory:
    """Territory per faction and coalition for each day, folded forward one day's changes at a time;
    `areas` are the km² of each place's ground, in the order of the replay's places.

    Slow for big scenarios (it walks the whole period), so the UI runs it in a worker.
    """
    replayer = replay.replayer
    state = replayer.at(replay.start)
    counts = replayer.territory(state)
    area_of = dict(zip(replayer.place_ids, areas, strict=True))
    km2: defaultdict[str, float] = defaultdict(float)
    for place, controller in zip(replayer.place_ids, replayer.controllers(state), strict=True):
        if controller is not None:
            km2[controller] += area_of[place]
    by_faction: list[Mapping[str, int]] = []
    by_side: list[Mapping[str, int]] = []
    km2_by_side: list[Mapping[str, float]] = []
    day = replay.start
    while day <= replay.end:
        if day > replay.start:
            for change in replayer.changes_between(day - ONE_DAY, day):
                before, after = change.before.controller, change.after.controller
                if before is not None:
                    counts[before] -= 1
                    km2[before] -= area_of[change.place]
                if after is not None:
                    counts[after] += 1
                    km2[after] += area_of[change.place]
        held = {f: n for f, n in counts.items() if n > 0}
        allegiance = replayer.allegiance_on(day)
        sides = replay.faction_sides(allegiance)
        per_side: Counter[str] = Counter()
        side_km2: defaultdict[str, float] = defaultdict(float)
        for faction, n in held.items():
            per_side[sides.get(faction, faction)] += n
            # Sums of floats drift: a faction that lost all it gained may keep -1e-12 km².
            side_km2[sides.get(faction, faction)] += max(km2[faction], 0.0)
        by_faction.append(MappingProxyType(held))
        by_side.append(read_only(per_side))
        km2_by_side.append(read_only(side_km2))
        day += ONE_DAY
    return Territory(
        replay.start, tuple(by_faction), tuple(by_side), tuple(km2_by_side), len(replay.places)
    )


# ---------------------------------------------------------------------------- the day's ground


def remembered(cache: OrderedDict[K, V], key: K, make: Callable[[], V], most: int) -> V:
    """What a cache holds for a key, made and kept if it holds nothing; the `most` keys used
    last are kept, the others forgotten."""
    found = cache.get(key)
    if found is None:
        found = cache[key] = make()
        while len(cache) > most:
            cache.popitem(last=False)
    cache.move_to_end(key)
    return found


@frozen
class GroundDay:
    """Each place's ground on a day as numbers, in the order of the replay's places, one more
    entry at the end for "no place" (the partition's NO_PLACE, -1, indexes it)."""

    side: NDArray[np.intp]  # a number per side, to tell hostile ground; UNKNOWN_SIDE; NO_GROUND
    slot: NDArray[np.intp]  # the side's palette slot; UNKNOWN_SIDE; NO_GROUND
    status: NDArray[np.intp]  # HELD_GROUND (or unknown), CONTESTED_GROUND, BESIEGED_GROUND


class GroundCursor:
    """Each place's side on a day as the map needs it: computed once a day, read for every cell."""

    def __init__(self, replay: ReplayCursor, partition: Partition) -> None:
        if list(partition.place_ids) != [p.id for p in replay.places]:
            raise ValueError("the partition is not of the replay's places")
        self.replay = replay
        self.partition = partition
        self._days: OrderedDict[dt.date, tuple[list[str | None], GroundDay]] = OrderedDict()
        self._pockets: OrderedDict[dt.date, NDArray[np.bool_]] = OrderedDict()

    def _sides(self, view: DayView) -> tuple[list[str | None], GroundDay]:
        return remembered(self._days, view.day, lambda: self._make_sides(view), GROUND_DAYS)

    def _make_sides(self, view: DayView) -> tuple[list[str | None], GroundDay]:
        replayer = self.replay.replayer
        sides = sides_of(self.partition, replayer, view.state)
        numbers = {s.id: n for n, s in enumerate(self.replay.sides)}
        by_id = self.replay.sides.by_id
        # A controller that is no coalition of the scenario still has ground of its own.
        side = [UNKNOWN_SIDE if s is None else numbers.setdefault(s, len(numbers)) for s in sides]
        slot = [UNKNOWN_SIDE if s not in by_id else by_id[s].slot for s in sides]
        codes = {Status.CONTESTED: CONTESTED_GROUND, Status.BESIEGED: BESIEGED_GROUND}
        held_as = statuses_of(self.partition, replayer, view.state)
        status = [codes.get(s, HELD_GROUND) for s in held_as]
        return sides, GroundDay(
            side=np.array([*side, NO_GROUND], dtype=np.intp),
            slot=np.array([*slot, NO_GROUND], dtype=np.intp),
            status=np.array([*status, HELD_GROUND], dtype=np.intp),
        )

    def on(self, view: DayView) -> GroundDay:
        """The ground of a day."""
        return self._sides(view)[1]

    def pockets(self, view: DayView) -> NDArray[np.bool_]:
        """Whether each place (and, last, "no place") lies in a pocket on the day."""
        return remembered(self._pockets, view.day, lambda: self._make_pockets(view), GROUND_DAYS)

    def _make_pockets(self, view: DayView) -> NDArray[np.bool_]:
        sides, _ground = self._sides(view)
        found = np.zeros(len(sides) + 1, dtype=bool)
        index = self.partition.index
        for pocket in pockets(self.partition, sides):
            found[[index[p] for p in pocket.places]] = True
        return found


# ---------------------------------------------------------------------------- an event's sentence


@frozen
class Excerpt:
    """A stretch of a source around an event's quote, with the spans to highlight in it."""

    text: str
    quote: tuple[int, int]
    date: tuple[int, int] | None
    names: tuple[tuple[int, int], ...]
    cut_before: bool
    cut_after: bool


def excerpt(event: Event, scenario: Scenario, room: int = 700) -> Excerpt:
    """The paragraph of an event's quote (cut to `room` characters around it), with highlights."""
    prov = event.provenance
    source = scenario.sources.get(prov.source)
    if source is None or source.text[prov.start : prov.end] != prov.quote:
        text = prov.quote  # no source text at hand: the quote alone
        start, end = 0, len(text)
        first, last = 0, len(text)
    else:
        text = source.text
        start, end = prov.start, prov.end
        first = text.rfind("\n", 0, start) + 1
        found = text.find("\n", end)
        last = len(text) if found < 0 else found
    if last - first > room:
        spare = max(room - (end - start), 0)
        first = max(first, start - spare // 2)
        last = min(last, max(end + spare // 2, first + room))
        first = _word_start(text, first, start)
        last = _word_end(text, last, end)
    cut_before = first > 0 and text[first - 1] != "\n"
    cut_after = last < len(text) and text[last] != "\n"
    body = text[first:last]
    quote = (start - first, end - first)
    return Excerpt(
        text=body,
        quote=quote,
        date=_find_phrase(body, event.when.phrase, quote),
        names=_name_spans(body, _place_names(event, scenario.world.places)),
        cut_before=cut_before,
        cut_after=cut_after,
    )


def _word_start(text: str, position: int, limit: int) -> int:
    while 0 < position < limit and not text[position - 1].isspace():
        position += 1
    return position


def _word_end(text: str, position: int, limit: int) -> int:
    while limit < position < len(text) and not text[position].isspace():
        position -= 1
    return position


def _find_phrase(text: str, phrase: str, quote: tuple[int, int]) -> tuple[int, int] | None:
    """The date phrase as written: inside the quote if there, else the nearest before it."""
    if not phrase.strip():
        return None
    found = [m.start() for m in re.finditer(re.escape(phrase), text, flags=re.IGNORECASE)]
    if not found:
        return None
    inside = [f for f in found if quote[0] <= f < quote[1]]
    before = [f for f in found if f < quote[0]]
    at = inside[0] if inside else before[-1] if before else found[0]
    return (at, at + len(phrase))


def _place_names(event: Event, places: PlaceGraph) -> list[str]:
    names: set[str] = set()
    for target in event.places:
        if target not in places:
            continue
        item = places.place(target) if places.is_place(target) else places.regions[target]
        names.update(n for n in item.names if len(n) >= 3 and n != target)
    return sorted(names, key=len, reverse=True)  # longest first: "Deir ez-Zor city" before "Deir"


def _name_spans(text: str, names: Sequence[str]) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for name in names:
        pattern = r"(?<!\w)" + re.escape(name) + r"(?!\w)"
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            span = (match.start(), match.end())
            if not any(s < span[1] and span[0] < e for s, e in spans):
                spans.append(span)
    return tuple(sorted(spans))


# ---------------------------------------------------------------------------- finding a place


@frozen
class Found:
    """A place or region matching a search, and the name it matched by."""

    id: str
    label: str
    matched: str
    is_region: bool


class PlaceIndex:
    """Every name of every place and region, for find-as-you-type."""

    def __init__(self, places: PlaceGraph, unlocated: Iterable[str] = ()) -> None:
        self.places = places
        self.unlocated = frozenset(unlocated)

    @cached_property
    def entries(self) -> list[tuple[str, str, str, bool]]:
        """Each name's key, the name, its place or region, and whether it is a region; made on
        the first search, not while the scenario loads (a second at 100,000 places)."""
        places = self.places
        entries: list[tuple[str, str, str, bool]] = []
        for place in places.places:
            entries += [(name_key(n), n, place.id, False) for n in place.names]
        # A region without places is not on the map; the events' places without coordinates
        # are still found, to read what the text says of them.
        shown = {r for r in places.regions if places.regions[r].members} | self.unlocated
        for region in places.regions.values():
            if region.id in shown:
                entries += [(name_key(n), n, region.id, True) for n in region.names]
        return entries

    def search(self, query: str, limit: int = 40) -> list[Found]:
        """Places by exact name (any spelling), then by prefix, substring and initials in order."""
        key = name_key(query)
        if not key:
            return []
        ranked: list[tuple[int, int, str, Found]] = []
        try:
            exact = self.places.resolve(query)
        except FrontlineError:
            exact = None
        seen: set[str] = set()
        if exact is not None:
            seen.add(exact)
            ranked.append((0, 0, "", self._found(exact, query)))
        for entry_key, name, target, _is_region in self.entries:
            if target in seen:
                continue
            rank = _match_rank(key, entry_key)
            if rank is not None:
                seen.add(target)
                ranked.append((rank, len(entry_key), entry_key, self._found(target, name)))
        ranked.sort(key=lambda r: r[:3])
        return [r[3] for r in ranked[:limit]]

    def _found(self, target: str, matched: str) -> Found:
        is_region = not self.places.is_place(target)
        return Found(target, self.places.label(target), matched, is_region)


def unlocated(scenario: Scenario) -> tuple[str, ...]:
    """The places events name that are not on the map: regions without members (a place the
    gazetteer lacks and the text gives no point for, not a vague "area"), the most named
    first."""
    places, named = scenario.world.places, scenario.log.times_named
    counts = {
        target: times
        for target, times in named.items()
        if (region := places.regions.get(target)) is not None
        and not region.members
        and region.kind != "area"
    }
    return tuple(sorted(counts, key=lambda t: (-counts[t], places.label(t))))


def events_naming(scenario: Scenario, target: str) -> list[Event]:
    """The events that name a place or region, in log order."""
    log = scenario.log
    return [log.event(n) for n in range(len(log)) if target in log.place_names(n)]


def _match_rank(key: str, candidate: str) -> int | None:
    if candidate.startswith(key):
        return 1
    if f" {key}" in f" {candidate}":
        return 2  # a later word starts with it: "kamal" finds "abu kamal"
    if key in candidate:
        return 3
    position = 0
    for ch in key:  # the letters in order, as fuzzy finders do: "dzr" finds "deir ez-zor"
        position = candidate.find(ch, position) + 1
        if position == 0:
            return None
    return 4
