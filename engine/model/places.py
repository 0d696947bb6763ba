"""The place graph: places with coordinates, the regions that contain them, and their neighbours."""

from __future__ import annotations

import difflib
import math
from collections import defaultdict
from collections.abc import (
    Callable,
    Collection,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    Sequence,
    ValuesView,
)
from functools import cached_property
from typing import TYPE_CHECKING, Any

import attrs
from attrs import field, frozen

from engine.errors import FrontlineError, Problem
from engine.model.frozen import FrozenMapping, read_only
from engine.model.names import name_key
from engine.model.spelling import loose_key, place_key

if TYPE_CHECKING:
    import networkx as nx

PLACE_KINDS = frozenset(
    {"city", "town", "village", "quarter", "oilfield", "facility", "airbase", "mound"}
)


@frozen
class Place:
    """A point that one faction controls at a time: a town, a village, an oil field, a quarter."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    aliases: tuple[str, ...] = ()
    governorate: str = ""
    district: str = ""
    bank: str = ""
    source: str = ""
    precision_km: float | None = None  # how far off its point may be, where known
    country: str = ""  # the id of its country, where the gazetteer gives it

    @property
    def names(self) -> tuple[str, ...]:
        """Its id, name and aliases."""
        return (self.id, self.name, *self.aliases)


# A place's fields as the columns of a PlaceColumns: its texts, and its numbers (a precision not
# known is NaN). Aliases are joined by a control character, which no name may hold.
PLACE_TEXTS = ("id", "name", "kind", "aliases", "governorate", "district", "bank", "source",
               "country")  # fmt: skip
PLACE_NUMBERS = ("lat", "lon", "precision_km")
ALIAS_SEPARATOR = "\x1f"


class PlaceColumns(FrozenMapping[str, Place]):
    """Places by id, kept as columns, each made a Place when asked for: a hundred thousand Place
    objects take most of a second to make, and most commands ask for a handful."""

    def __init__(
        self, texts: Mapping[str, Sequence[str]], numbers: Mapping[str, Sequence[float]]
    ) -> None:
        """Places from their columns (those of PLACE_TEXTS and PLACE_NUMBERS), in the order
        given, with distinct ids."""
        self.texts, self.numbers = texts, numbers

    @classmethod
    def of(cls, places: Iterable[Place]) -> PlaceColumns:
        """The columns of some places, in their order; ValueError for an alias that is empty or
        holds the separator (which no place read from a file has)."""
        rows = list(places)
        if any(not a or ALIAS_SEPARATOR in a for p in rows for a in p.aliases):
            raise ValueError("an alias empty or with a control character")
        texts = {name: [getattr(p, name) for p in rows] for name in PLACE_TEXTS}
        texts["aliases"] = [ALIAS_SEPARATOR.join(p.aliases) for p in rows]
        numbers = {name: [getattr(p, name) for p in rows] for name in PLACE_NUMBERS}
        numbers["precision_km"] = [math.nan if p.precision_km is None else p.precision_km
                                   for p in rows]  # fmt: skip
        return cls(texts, numbers)

    @cached_property
    def _row(self) -> Mapping[str, int]:
        return {place_id: n for n, place_id in enumerate(self.texts["id"])}

    @cached_property
    def _all(self) -> Mapping[str, Place]:
        """Every place made at once, column by column: for whoever reads them all."""
        columns = {**self.texts, **self.numbers}
        places = map(_place, *(columns[name] for name in _PLACE_FIELDS))
        return {place.id: place for place in places}

    def __getitem__(self, place_id: str) -> Place:
        made: Mapping[str, Place] | None = self.__dict__.get("_all")
        if made is not None:
            return made[place_id]
        n, columns = self._row[place_id], {**self.texts, **self.numbers}
        return _place(*(columns[name][n] for name in _PLACE_FIELDS))

    def values(self) -> ValuesView[Place]:
        """Every place, in the order given (all made at once)."""
        return self._all.values()

    def keys(self) -> KeysView[str]:
        """Every place's id, in the order given."""
        return self._row.keys()

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._row

    def __iter__(self) -> Iterator[str]:
        return iter(self.texts["id"])

    def __len__(self) -> int:
        return len(self.texts["id"])


_PLACE_FIELDS = tuple(field.name for field in attrs.fields(Place))


def _place(*values: Any) -> Place:
    """A place from its fields' values as PlaceColumns keeps them, in Place's order."""
    (place_id, name, kind, lat, lon, aliases, governorate, district, bank, source, precision,
     country) = values  # fmt: skip
    return Place(
        place_id, name, kind, lat, lon, tuple(aliases.split(ALIAS_SEPARATOR)) if aliases else (),
        governorate, district, bank, source, None if math.isnan(precision) else precision, country,
    )  # fmt: skip


@frozen
class Region:
    """A named set of places: a governorate, a district, a countryside, a city made of quarters."""

    id: str
    name: str
    kind: str
    members: frozenset[str]
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Its id, name and aliases."""
        return (self.id, self.name, *self.aliases)


@frozen
class PlaceGraph:
    """Places joined to their neighbours (a networkx graph), and the regions over them."""

    # In the order given, which breaks ties between equally near neighbours.
    _places: Mapping[str, Place] = field(converter=read_only, repr=False)
    regions: Mapping[str, Region] = field(converter=read_only)

    @cached_property
    def _names(self) -> Mapping[str, tuple[str, ...]]:
        """The ids of the places and regions that bear each name, by its key; made when a name
        is first looked up (most of a second at 100,000 places, and an id needs none)."""
        names: dict[str, set[str]] = defaultdict(set)
        for item_id, item_names in [
            *((p.id, p.names) for p in self._places.values()),
            *((r.id, r.names) for r in self.regions.values()),
        ]:
            for name in item_names:
                names[name_key(name)].add(item_id)
        return {k: tuple(sorted(v)) for k, v in names.items()}

    @cached_property
    def graph(self) -> nx.Graph:
        """Each place joined to its nearest neighbours, frozen; built on first use."""
        # Only adjacency needs it: loading networkx and searching for neighbours would
        # otherwise be most of the start-up time of a command.
        import networkx as nx

        graph = nx.Graph()
        for place in self._places.values():
            graph.add_node(place.id, place=place)
        for a, b, km in nearest_neighbours(self._places.values()):
            graph.add_edge(a, b, km=round(km, 2))
        return nx.freeze(graph)

    @property
    def by_id(self) -> Mapping[str, Place]:
        """The places by id, in the order given."""
        return self._places

    @cached_property
    def place_ids(self) -> tuple[str, ...]:
        """The id of every place, in order."""
        return tuple(sorted(self._places))

    @cached_property
    def _in_order(self) -> tuple[Place, ...]:
        made = {place.id: place for place in self._places.values()}
        return tuple(map(made.__getitem__, self.place_ids))

    @property
    def places(self) -> Iterator[Place]:
        """Every place, in id order."""
        return iter(self._in_order)

    @property
    def place_count(self) -> int:
        """How many places there are (regions are not counted)."""
        return len(self._places)

    def place(self, place_id: str) -> Place:
        """The place with this id."""
        return self._places[place_id]

    def is_place(self, target: str) -> bool:
        """True for the id of a place, False for a region's or an unknown one."""
        return target in self._places

    def __contains__(self, place_or_region: object) -> bool:
        return place_or_region in self._places or place_or_region in self.regions

    def members(self, target: str) -> frozenset[str]:
        """The places an id stands for: a place itself, or every place of a region."""
        if target in self._places:
            return frozenset((target,))
        return self.regions[target].members

    def label(self, target: str) -> str:
        """The display name of a place or region."""
        if target in self._places:
            return self.place(target).name
        return self.regions[target].name

    def resolve(self, name: str, named: Callable[[], Collection[str]] | None = None) -> str:
        """The id of the place or region known by this name (id, name or alias, any spelling).

        Of several bearers of the name, the one whose own name it is, else the one the events
        name (`named`, asked only then), is meant; otherwise the name is ambiguous."""
        if name in self:
            return name
        found = self._names.get(name_key(name), ())
        if not found:  # "al-Dour" for "Dour": the spelling rules of place names
            spellings = self._spellings
            found = spellings.get(place_key(name), ()) or spellings.get("~" + loose_key(name), ())
        if not found:
            suggested = self.suggest(name)
            hint = f"did you mean {' or '.join(suggested)}? " if suggested else ""
            raise FrontlineError(f"unknown place {name!r}; {hint}`frontline places` lists them")
        # A bare name means its most specific bearer: a place, else the smallest region
        # ("Deir ez-Zor" is the city before the district and the governorate).
        candidates = [i for i in found if i in self._places]
        if not candidates:
            smallest = min(len(self.regions[i].members) for i in found)
            candidates = [i for i in found if len(self.regions[i].members) == smallest]
        if len(candidates) > 1:
            candidates = self._likeliest(name, candidates, named)
        if len(candidates) > 1:
            which = "; ".join(f"{c} ({self.describe(c)})" for c in sorted(candidates))
            raise FrontlineError(f"place name {name!r} is ambiguous: {which}; use an id")
        return candidates[0]

    def _likeliest(self, name: str, candidates: list[str],
                   named: Callable[[], Collection[str]] | None) -> list[str]:  # fmt: skip
        """The bearers of a name narrowed: those whose own name it is, then those the events
        name."""
        key = name_key(name)
        own = [c for c in candidates if name_key(self.label(c)) == key] or candidates
        if len(own) > 1 and named is not None:
            chosen = set(named())
            own = [c for c in own if c in chosen] or own
        if len(own) > 1:  # of those the events name, the one written as the name is written
            written = name.casefold()
            own = [c for c in own if self.label(c).casefold() == written] or own
        return own

    def namesakes(self, target: str) -> list[str]:
        """The other places that bear the name of one ("At Tabiyah" of "At-Tabiyah"), by id; a
        region named after its seat ("Mayadin" of Al-Mayadin District) is none."""
        bearers = self._names.get(name_key(self.label(target)), ())
        return [i for i in bearers if i != target and i in self._places]

    @cached_property
    def _spellings(self) -> Mapping[str, tuple[str, ...]]:
        """Every name by its key without the Arabic article, and ("~"-marked) its loose key."""
        found: dict[str, set[str]] = defaultdict(set)
        for key, ids in self._names.items():
            for spelling in (place_key(key), "~" + loose_key(key) if loose_key(key) else ""):
                if spelling:
                    found[spelling].update(ids)
        return {k: tuple(sorted(v)) for k, v in found.items()}

    def describe(self, target: str) -> str:
        """A place or region in words that tell it from its namesakes: name, kind, district,
        governorate."""
        if target not in self._places:
            region = self.regions[target]
            return f"{region.name}, {region.kind} of {len(region.members)} places"
        place = self._places[target]
        parts = [place.name, place.kind]
        if place.district:
            parts.append(f"{place.district} district")
        if place.governorate:
            parts.append(f"{place.governorate} governorate")
        if place.bank:
            parts.append(f"{place.bank} bank")
        parts.append(f"{place.lat:.3f}, {place.lon:.3f}")
        return ", ".join(parts)

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """The names of places spelt most like a name no place has ("Mayadn": "Mayadin")."""
        key, loose = name_key(name), loose_key(name)
        found = set(self._spellings.get("~" + loose, ())) if loose else set()
        if not found:
            close = difflib.get_close_matches(key, list(self._names), n=limit, cutoff=0.75)
            found = {i for k in close for i in self._names[k]}
        # Places before regions, the closest spelling first.
        ranked = sorted(
            found,
            key=lambda i: (
                i not in self._places,
                -difflib.SequenceMatcher(None, key, name_key(self.label(i))).ratio(),
                i,
            ),
        )
        return list(dict.fromkeys(self.label(i) for i in ranked))[:limit]


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def nearest_neighbours(
    places: Iterable[Place], k: int = 4, max_km: float = 30.0
) -> Iterator[tuple[str, str, float]]:
    """Pairs of places among each other's k nearest within max_km, found through a grid."""
    items = list(places)
    if len(items) < 2:
        return
    lats, lons = [p.lat for p in items], [p.lon for p in items]
    area = (max(lats) - min(lats) + 1e-3) * (max(lons) - min(lons) + 1e-3)
    # Cells that hold a few places each on average, and never wider than max_km.
    cell = min(max_km / 111.0, max(math.sqrt(area * 4 / len(items)), 1e-4))
    grid: dict[tuple[int, int], list[Place]] = defaultdict(list)
    for place in items:
        grid[(int(place.lat // cell), int(place.lon // cell))].append(place)
    for place in items:
        row, col = int(place.lat // cell), int(place.lon // cell)
        scale = max(math.cos(math.radians(place.lat)), 0.01)
        near: list[tuple[float, Place]] = []
        ring = 0
        while True:
            for cell_key in _ring(row, col, ring):
                for other in grid.get(cell_key, ()):
                    if other.id != place.id:
                        km = math.hypot(
                            (other.lat - place.lat) * 111.0,
                            (other.lon - place.lon) * 111.0 * scale,
                        )
                        near.append((km, other))
            # Everything outside the searched square is at least this far away.
            reach = ring * cell * 111.0 * scale
            near.sort(key=lambda pair: pair[0])
            if (
                reach > max_km
                or len(near) == len(items) - 1
                or (len(near) >= k and near[k - 1][0] <= reach)
            ):
                break
            ring += 1
        for _approx, other in near[:k]:
            km = distance_km(place, other)
            if km <= max_km:
                yield place.id, other.id, km


def _ring(row: int, col: int, ring: int) -> Iterator[tuple[int, int]]:
    """The grid cells at exactly `ring` steps from a cell (the cell itself for ring 0)."""
    if ring == 0:
        yield row, col
        return
    for dc in range(-ring, ring + 1):
        yield row - ring, col + dc
        yield row + ring, col + dc
    for dr in range(-ring + 1, ring):
        yield row + dr, col - ring
        yield row + dr, col + ring


def build_place_graph(places: Iterable[Place], regions: Iterable[Region]) -> PlaceGraph:
    """Index places and regions, checking ids and region members; the names are indexed when
    first looked up, the neighbours found when the graph is first used."""
    problems = []
    place_map: dict[str, Place] = {}
    for place in places:
        if place.id in place_map:
            problems.append(Problem(f"place {place.id}", "id used twice"))
        place_map[place.id] = place
    region_map: dict[str, Region] = {}
    for region in regions:
        if region.id in place_map or region.id in region_map:
            problems.append(Problem(f"region {region.id}", "id already used by a place or region"))
        unknown = sorted(m for m in region.members if m not in place_map)
        if unknown:
            problems.append(Problem(f"region {region.id}", f"unknown places {unknown}"))
        region_map[region.id] = region
    for region in region_map.values():
        if region.parent is not None and region.parent not in region_map:
            problems.append(Problem(f"region {region.id}", f"unknown parent {region.parent!r}"))
    if problems:
        raise FrontlineError(problems)
    return PlaceGraph(place_map, region_map)
