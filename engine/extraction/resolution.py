"""Which place each name of an article means.

A name such as "Zayzun" or "Hit" stands for several places of the gazetteer. The article tells
which, as it tells a reader:

1. where the article is: the countries and governorates of its infobox Place, its title and
   dateline, the country names and demonyms it uses, and the places it names that only one
   country has. A name is never put in a country the article is not about, unless the text
   puts it there ("the Iraqi town of X", "X, Iraq");
2. the other places of the same paragraph: of two bearers of a name, the nearer wins;
3. what the text calls it and how big it is: "the city" is the city, not a village of its name;
4. how closely the spelling matches: a place's own name or one reporting uses before another
   spelling, an exact key before a loose one.

Names that are no place are left out: a person after a title ("General X"), a news agency, a
name of the gazetteer that only a country the article is not about has. A name the gazetteer
lacks may be a near miss of one it has ("Yabarud" for Yabrud); that is accepted only inside the
article's area, when nothing spelt closer is there, and the reason says so.

Each choice keeps its reason, for the event's note.
"""

from __future__ import annotations

import bisect
import difflib
import math
import re
from collections.abc import Iterable, Mapping, Sequence

from attrs import evolve, field, frozen

from engine.extraction.layout import Article
from engine.extraction.lexicon import lexicon, place_words
from engine.extraction.patterns import Parsed
from engine.extraction.toponyms import Entry, Gazetteer, PlaceHit
from engine.gazetteer.countries import count_words, country_words
from engine.gazetteer.index import EXACT, LOOSE, SKELETON
from engine.gazetteer.store import Entry as StoreEntry
from engine.gazetteer.store import Store, distance_km
from engine.model.frozen import read_only
from engine.model.names import name_key
from engine.model.spelling import loose_key, place_key, skeleton

# What a kind of place weighs when nothing else tells two bearers of a name apart.
_KIND_WEIGHT = {"city": 1.5, "town": 1.0, "quarter": 0.2, "village": 0.0}
_FACILITY_WEIGHT = 0.5
# Kinds the words around a name may give it, and the gazetteer kinds that fit them.
_FITTING = {
    "city": ("city", "town"), "town": ("town", "city", "village"), "village": ("village", "town"),
    "quarter": ("quarter",),
}  # fmt: skip
# A country counts when it has at least this share of the best country's evidence.
_COUNTRY_SHARE = 0.34
AREA_KM = 50.0  # a place this near to the article's other places is of its area
SITE_KM = 25.0  # a town's airport, dam or prison may lie this far from its point
# The words of a hill's name: a hill the gazetteer lacks is often named for a village by it.
_HILL_WORDS = frozenset({"tal", "tall", "tell", "tel", "jabal", "jebel", "mount"})
NEAR_MISS_KM = 60.0  # how far from the article's places a near miss may lie
_MIN_NEAR_MISS = 0.6  # how alike a near miss must be spelt (difflib ratio of the keys)


# A degree of latitude is the least distance between two points that far apart in latitude (a
# hair less, so that rounding never rules out the nearest point).
_KM_PER_DEGREE = 6371.0 * math.pi / 180 * (1 - 1e-9)


class Points:
    """Points of the map, for how far the nearest of them lies from a place: sorted by latitude,
    so that only those of nearly its latitude are measured, and each answer kept (an article of
    megabytes anchors thousands of names, and asks of the same candidates again and again)."""

    def __init__(self, points: Iterable[tuple[float, float]] = ()) -> None:
        self._points = sorted(set(points))
        self._lats = [lat for lat, _lon in self._points]
        self._nearest: dict[tuple[float, float], float] = {}

    def __bool__(self) -> bool:
        return bool(self._points)

    def nearest_km(self, point: tuple[float, float]) -> float:
        """How far the nearest of the points lies from a point (infinity when there are none)."""
        known = self._nearest.get(point)
        if known is not None:
            return known
        best = math.inf
        start = bisect.bisect_left(self._lats, point[0])
        # Northwards, then southwards, until the difference of latitude alone is too far.
        for order in (range(start, len(self._lats)), range(start - 1, -1, -1)):
            for k in order:
                if abs(self._lats[k] - point[0]) * _KM_PER_DEGREE > best:
                    break
                best = min(best, distance_km(point, self._points[k]))
        self._nearest[point] = best
        return best


NOWHERE = Points()


@frozen
class Choice:
    """A name of the article resolved: the entry it means (None: no place) and why; `unlisted`
    when it names a place all the same, one the gazetteer lacks (its namesakes are elsewhere)."""

    id: str | None
    reason: str
    unlisted: bool = False



@frozen
class Area:
    """Where an article is: its countries and governorates, each with the weight of what
    says so (an empty map says nothing)."""

    countries: Mapping[str, float] = field(converter=read_only, factory=dict)
    governorates: Mapping[str, float] = field(converter=read_only, factory=dict)

    def allows(self, country: str) -> bool:
        """True when a place of this country may be meant (every country when none is known)."""
        return not self.countries or not country or country in self.countries

    def governorate_share(self, governorate: str) -> float:
        """How much of the article's evidence points to a governorate, 0 to 1."""
        if not governorate or not self.governorates:
            return 0.0
        return self.governorates.get(governorate, 0.0) / max(self.governorates.values())

    def describe(self, gazetteer: Gazetteer) -> str:
        """The area in words ("Kirkuk Governorate, Iraq")."""
        names = [
            gazetteer.entries[g].name if g in gazetteer.entries else g
            for g, _w in sorted(self.governorates.items(), key=lambda kv: -kv[1])[:2]
        ]
        names += [c.title() for c in self.countries]
        return ", ".join(names) or "anywhere"


@frozen
class _Mention:
    start: int
    text: str
    paragraph: int
    sentence: int
    exact: tuple[str, ...]  # the candidates of its exact key; the others are of its loose key
    ids: tuple[str, ...]
    hint: str  # what the words around it say it is: city, village, governorate, ...
    countries: tuple[str, ...]  # the countries the text puts it in, if it does
    person: bool  # a title before it: a person, not a place
    within: str  # the longer name it is part of ("Iraqi Kurdistan", "Human Rights Watch")
    dateline: bool = False  # the city a news report was filed from


def _hint(view: Parsed, hit: PlaceHit) -> str:
    """The kind the words around a name give it: "X province", "the town of X"."""
    nouns = lexicon().place_nouns
    after = " ".join(view.lower(hit.last + k) for k in range(2))
    for words in (after, after.split(" ")[0]):
        if words in nouns:
            return nouns[words]
    if hit.first >= 2 and view.lower(hit.first - 1) == "of":
        before = view.lower(hit.first - 2)
        if before in nouns:
            return nouns[before]
    return ""


# Words before a site's noun that do not tell one site of a town from another.
_NO_MODIFIERS = frozenset({"the", "its", "their", "a", "an", "main", "central", "local", "city",
                           "town", "iconic", "old", "new", "strategic", "nearby", "key"})


def modifiers_of(written: str, noun: str) -> set[str]:
    """The words before a site's noun that tell it from the town's other sites of that noun
    ("security" of "the security headquarters"), as place keys."""
    words = place_key(written).split()
    last = (noun.split() or [""])[-1]
    return set(words[: words.index(last)] if last in words else ()) - _NO_MODIFIERS


class Resolution:
    """The place each name of an article means, decided once the whole article is read."""

    def __init__(self, gazetteer: Gazetteer, area: Area, store: Store | None = None) -> None:
        self.gazetteer = gazetteer
        self.area = area
        self.store = store
        self.choices: dict[int, Choice] = {}  # by the document offset of the name
        self.written: dict[int, str] = {}  # each name as the article writes it
        self.anchors: list[tuple[int, tuple[float, float]]] = []  # (paragraph, point)
        self.anchored = NOWHERE  # the points of all the anchors, once they are all known
        self._starts: dict[str, list[int]] | None = None  # each place's names, by offset

    def at(self, start: int) -> str | None:
        """The id of the place meant by the name that starts at a document offset."""
        choice = self.choices.get(start)
        return choice.id if choice is not None else None

    def written_before(self, place: str, before: int) -> str | None:
        """How the article last wrote a place before an offset, if it did, once every name of
        it is decided."""
        if self._starts is None:  # the names of every place, indexed once
            self._starts = {}
            for start, choice in sorted(self.choices.items()):
                if choice.id is not None:
                    self._starts.setdefault(choice.id, []).append(start)
        starts = self._starts.get(place, [])
        k = bisect.bisect_left(starts, before)
        return self.written[starts[k - 1]] if k else None

    def reason(self, start: int) -> str:
        """Why the name at an offset was read as it was ("" when it had one bearer)."""
        choice = self.choices.get(start)
        return choice.reason if choice is not None else ""

    def best(self, ids: Sequence[str], kind: str = "") -> str | None:
        """The likeliest of some candidates without a position in the text (a region an area
        is part of, the region a share is of)."""
        known = [self.gazetteer.entries[i] for i in ids if i in self.gazetteer.entries]
        candidates = self._fitting(known, kind)
        if not candidates:
            return None
        points = self.anchored
        return max(candidates, key=lambda e: (self._score(e, kind, e.name, points)[0], e.id)).id

    # ---------------------------------------------------------------- choosing

    def _fitting(self, candidates: list[Entry], kind: str) -> list[Entry]:
        """The candidates a kind of the text allows: places before regions unless the text
        says province, the first gazetteer file first, the smallest region first."""
        if kind:
            fitting = [c for c in candidates if c.kind == kind]
            if kind == "governorate" and not fitting:
                fitting = [c for c in candidates if c.region and c.size > 1]
            candidates = fitting or candidates
        places = [c for c in candidates if not c.region]
        if places and kind != "governorate":
            candidates = places
        if not candidates:
            return []
        best = min((c.rank, c.size) for c in candidates)
        return [c for c in candidates if (c.rank, c.size) == best]

    def _score(self, entry: Entry, hint: str, written: str, points: Points
               ) -> tuple[float, dict[str, float]]:  # fmt: skip
        """How likely a candidate is meant, and the parts of that score."""
        parts: dict[str, float] = {}
        parts["area"] = 3.0 * self.area.governorate_share(entry.governorate)
        if self.area.countries and entry.country:
            parts["country"] = self.area.countries.get(entry.country, 0.0) / max(
                self.area.countries.values()
            )
        if points and entry.point is not None:
            nearest = points.nearest_km(entry.point)
            parts["near"] = -1.2 * math.log1p(nearest / 15.0)
        weight = _KIND_WEIGHT.get(entry.kind, _FACILITY_WEIGHT)
        parts["kind"] = weight + 0.15 * math.log10(1 + entry.population)
        if hint in _FITTING:
            parts["kind"] += 1.0 if entry.kind in _FITTING[hint] else -0.5
        fit = self.spelling(written, entry.id)
        parts["name"] = {0: 0.4, 1: 0.6, 2: 0.1, 3: -0.6}[fit] + (0.5 if entry.curated else 0.0)
        return sum(parts.values()), parts

    def spelling(self, written: str, place: str) -> int:
        """How well a name as written bears a place: 0 its own name, 1 a name reporting uses,
        2 another spelling of it, 3 a loose match."""
        if place in self.gazetteer.exact.get(place_key(written), ()):
            return self.gazetteer.quality.get((place_key(written), place), 0)
        return 3

    def choose(self, mention: _Mention, points: Points, local: bool = False,
               taken: frozenset[str] = frozenset()) -> tuple[Choice, float]:  # fmt: skip
        """A mention's place and the margin by which it beat the next candidate; `points` are
        the places named around it (of its own paragraph when `local`), `taken` the places
        other names of its sentence mean."""
        if mention.person:
            return Choice(None, f"'{mention.text}' follows a title: a person"), 0.0
        if mention.within:
            return Choice(None, f"'{mention.text}' is part of the name '{mention.within}'"), 0.0
        if mention.dateline:
            return Choice(None, f"'{mention.text}' is the dateline's city"), 0.0
        if name_key(mention.text) in place_words().not_places:
            return Choice(None, f"'{mention.text}' is a news source"), 0.0
        entries = [
            self.gazetteer.entries[i] for i in mention.ids
            if i in self.gazetteer.entries and i not in taken
        ]  # fmt: skip
        allowed = [
            e for e in entries
            if (e.country in mention.countries if mention.countries
                else self.area.allows(e.country))
        ]  # fmt: skip
        if not allowed:
            where = ", ".join(sorted({e.country for e in entries})) or "elsewhere"
            reason = f"'{mention.text}' is only a place in {where}"
            return Choice(None, reason, unlisted=True), 0.0
        near = [e for e in allowed if self._admissible(e, mention, points if local else NOWHERE)]
        if not near:
            reason = f"'{mention.text}' names no place near the article's"
            return Choice(None, reason, unlisted=True), 0.0
        spelt = self._spelt(mention, near, points)
        if not spelt:
            reason = f"'{mention.text}' is spelt like no place near the article's"
            return Choice(None, reason, unlisted=True), 0.0
        candidates = self._fitting(spelt, "governorate" if mention.hint == "governorate" else "")
        if len(candidates) == 1:
            return Choice(candidates[0].id, ""), math.inf
        scored = sorted(
            (
                (self._score(e, mention.hint, mention.text, points), e)
                for e in candidates
            ),
            key=lambda pair: (-pair[0][0], pair[1].id),
        )
        (best, parts), winner = scored[0]
        (second, other_parts), runner_up = scored[1]
        telling = max(parts, key=lambda k: parts[k] - other_parts.get(k, 0.0))
        return Choice(winner.id, self._why(mention, winner, runner_up, telling, len(scored))), (
            best - second
        )

    def _in_area(self, entry: Entry, points: Points) -> bool:
        """True for a place in the article's governorates or near its places (any place when
        neither is known)."""
        if not self.area.governorates and not points:
            return True
        if self.area.governorate_share(entry.governorate) > 0 or entry.id in self.area.governorates:
            return True
        if entry.point is None or not points:
            return False
        return points.nearest_km(entry.point) <= AREA_KM

    def _admissible(self, entry: Entry, mention: _Mention, points: Points) -> bool:
        """True unless a place lies in a country the article only touches on, and neither its
        name and size nor its nearness to the places of its paragraph (`points`) make it
        likely."""
        if not self.area.countries or not entry.country or mention.countries:
            return True
        if self.area.countries.get(entry.country, 0.0) >= max(self.area.countries.values()):
            return True
        if entry.id in mention.exact and (entry.kind in ("city", "town") or entry.region):
            return True
        return entry.point is not None and points.nearest_km(entry.point) <= AREA_KM

    def _spelt(self, mention: _Mention, entries: list[Entry], points: Points) -> list[Entry]:
        """The candidates of the closest spelling inside the article's area: a name spelt as a
        place there is spelt rules out those it only loosely matches; one spelt so only far
        away leaves the loose matches of the area in the running, and one that matches only
        loosely must be of the area. A scenario's own gazetteer (no countries) is all area."""
        if not any(e.country for e in entries):
            exact = [e for e in entries if e.id in mention.exact]
            return exact or entries
        # A town or a city is notable enough to be named from afar; a village is not.
        here = [
            e for e in entries if self._in_area(e, points) or e.kind in ("city", "town")
        ]  # fmt: skip
        exact_places = [e for e in here if e.id in mention.exact and not e.region]
        if exact_places:
            return exact_places
        exact = [e for e in entries if e.id in mention.exact]
        return exact + [e for e in here if e.id not in mention.exact and not e.region] or [
            e for e in here if e.region
        ]

    def _why(self, mention: _Mention, winner: Entry, other: Entry, telling: str,
             count: int) -> str:  # fmt: skip
        """The reason for a pick among several bearers of a name, in words."""
        where = self._where(winner)
        because = {
            "area": f"in {self.area.describe(self.gazetteer)}, where the article is",
            "country": "in the article's country",
            "near": "nearest to the other places of its paragraph",
            "kind": f"a {winner.kind} rather than a {other.kind}",
            "name": (
                "its own name", "the name reporting uses", "one of its spellings",
                "the closest spelling",
            )[self.spelling(mention.text, winner.id)],
        }[telling]  # fmt: skip
        return f"'{mention.text}' has {count} bearers: {winner.name}{where}, {because}"

    def _where(self, entry: Entry) -> str:
        unit = self.gazetteer.entries.get(entry.governorate)
        return f" ({unit.name})" if unit is not None else ""

    # ---------------------------------------------------------------- near misses

    def near_miss(self, name: str) -> Choice | None:
        """A place of the article's area spelt nearly like a name the gazetteer lacks."""
        key = skeleton(name)
        if self.store is None or not key or not self.anchors:
            return None
        found = self.store.keyed(SKELETON, [key]).get(key, [])
        entries = self.store.entries(n for n, _q in found).values()
        written = place_key(name)
        best: tuple[float, str, str] | None = None
        for entry in entries:
            if entry.unit or entry.point is None or not self.area.allows(entry.country):
                continue
            if self.anchored.nearest_km(entry.point) > NEAR_MISS_KM:
                continue
            likeness = max(
                difflib.SequenceMatcher(None, written, place_key(n)).ratio()
                for n in (entry.name, *entry.aliases)
            )
            if likeness >= _MIN_NEAR_MISS and (best is None or likeness > best[0]):
                best = (likeness, entry.id, entry.name)
        if best is None:
            return None
        self.gazetteer = self.gazetteer.with_entries(self.store, [best[1]])
        return Choice(
            best[1],
            f"'{name}' is not in the gazetteer; read as {best[2]}, the closest spelling within "
            f"{NEAR_MISS_KM:.0f} km of the article's places",
        )


    def site_of(self, town: str, noun: str, written: str = "") -> Entry | None:
        """The gazetteer's site of a town that the text names by its noun ("Mosul's airport" is
        Mosul International Airport): a hand-checked facility near the town, of that noun, whose
        name has the town's, and one of the words before the noun if the text writes any ("the
        security headquarters" is not the provincial council's)."""
        entry = self.gazetteer.entries.get(town)
        noun = (noun.split() or [""])[-1]  # "power station" is a station
        if self.store is None or entry is None or entry.point is None or not noun:
            return None
        town_key = place_key(entry.name)
        modifiers = modifiers_of(written, noun)
        for _km, site in self.store.around(entry.point, SITE_KM, curated=True):
            name = place_key(site.name)
            if modifiers and not modifiers & set(name.split()):
                continue
            if town_key in name and (noun in name or site.kind == noun):
                self.gazetteer = self.gazetteer.with_entries(self.store, [site.id])
                return self.gazetteer.entries[site.id]
        return None

    def named_for(self, name: str) -> Entry | None:
        """The place of the article's area a hill is named for ("Tal Khattab" by the village of
        Khattab), for a hill the gazetteer lacks."""
        words = name.split()
        if self.store is None or not self.anchors or len(words) < 2:
            return None
        if words[0].lower() not in _HILL_WORDS:
            return None
        rest = " ".join(words[1:])
        found: list[tuple[float, StoreEntry]] = []
        for tier, key in ((EXACT, place_key(rest)), (LOOSE, loose_key(rest))):
            hits = self.store.keyed(tier, [key]).get(key, []) if key else []
            for entry in self.store.entries(n for n, _q in hits).values():
                if entry.unit or entry.point is None or not self.area.allows(entry.country):
                    continue
                away = self.anchored.nearest_km(entry.point)
                if away <= NEAR_MISS_KM:
                    found.append((away, entry))
            if found:
                break
        if not found:
            return None
        village = min(found, key=lambda pair: (pair[0], pair[1].id))[1]
        self.gazetteer = self.gazetteer.with_entries(self.store, [village.id])
        return self.gazetteer.entries[village.id]


# ---------------------------------------------------------------------- the article's area


def _country_names(gazetteer: Gazetteer) -> dict[str, tuple[str, ...]]:
    """Each country's names and demonyms, as written."""
    names: dict[str, list[str]] = {c: list(w) for c, w in country_words().words.items()}
    for entry in gazetteer.entries.values():
        if entry.kind == "country":
            names.setdefault(entry.id, []).append(entry.name)
    return {c: tuple(n) for c, n in names.items()}


# "BEIRUT (Reuters) -", "KYIV —", "Mosul, Iraq (AP) —" at the start of a line.
_DATELINE = re.compile(
    r"(?m)^\s*([A-Z][A-Za-z' -]{2,30}?)\s*(?:,[^\n(—–-]{0,40})?\s*(?:\([^\n)]{0,30}\))?"
    r"\s*[—–-]{1,2}\s"
)


def _dateline(article: Article) -> re.Match[str] | None:
    """A news report's dateline ("BEIRUT (Reuters) -") in its first lines."""
    return _DATELINE.search(article.text[:300])


def _dateline_countries(article: Article, gazetteer: Gazetteer) -> tuple[str, ...]:
    """The countries a news report's dateline city stands for ("BEIRUT (Reuters) -")."""
    found = _dateline(article)
    if found is None:
        return ()
    city = name_key(found.group(1))
    known = country_words().datelines.get(city)
    if known is not None:
        return known
    ids = gazetteer.exact.get(place_key(found.group(1)), ())
    return tuple(
        sorted({gazetteer.entries[i].country for i in ids
                if gazetteer.entries[i].kind in ("city", "town") and gazetteer.entries[i].country})
    )  # fmt: skip


def _area(article: Article, mentions: Sequence[_Mention], gazetteer: Gazetteer) -> Area:
    """Where the article is, from what it says of itself and the places only one country has."""
    countries: dict[str, float] = {}
    governorates: dict[str, float] = {}
    names = _country_names(gazetteer)
    place = article.item("Place", "Location")
    body = article.text
    for country, words in names.items():
        weight = float(min(count_words(words, body), 6))
        if place is not None:
            weight += 3.0 * count_words(words, place.value)
        weight += 2.0 * count_words(words, article.title)
        if weight:
            countries[country] = weight
    for country in _dateline_countries(article, gazetteer):
        countries[country] = countries.get(country, 0.0) + 2.0
    in_place = (place.start, place.end) if place is not None else (-1, -1)
    for mention in mentions:
        if mention.person or mention.dateline:
            continue
        big = [
            gazetteer.entries[i] for i in mention.exact
            if i in gazetteer.entries
            and (gazetteer.entries[i].kind in ("city", "town") or gazetteer.entries[i].region)
        ]  # fmt: skip
        weight = 3.0 if in_place[0] <= mention.start < in_place[1] else 1.0
        if len({e.country for e in big}) == 1 and big[0].country:
            countries[big[0].country] = countries.get(big[0].country, 0.0) + weight
        units = {e.id if e.kind == "governorate" else e.governorate for e in big}
        units.discard("")
        if len(units) == 1:
            unit = units.pop()
            governorates[unit] = governorates.get(unit, 0.0) + weight
    if countries:
        top = max(countries.values())
        countries = {c: w for c, w in countries.items() if w >= _COUNTRY_SHARE * top}
    governorates = {
        g: w for g, w in governorates.items()
        if g in gazetteer.entries and (not countries or gazetteer.entries[g].country in countries)
    }  # fmt: skip
    return Area(countries, governorates)


def _mentions(views: Sequence[tuple[int, Parsed]], gazetteer: Gazetteer,
              names: Mapping[str, tuple[str, ...]]) -> list[_Mention]:  # fmt: skip
    """Every gazetteer name of the article, with what the words around it say."""
    titles = place_words().person_titles
    demonyms = {name_key(w): c for c, words in names.items() for w in words}
    # Longer names the words of a place name may stand in: "Iraqi Kurdistan", "Human Rights
    # Watch".
    longer = {w for words in names.values() for w in words if " " in w}
    longer |= {w for w in place_words().organisations if " " in w}
    phrases = re.compile(
        "|".join(re.escape(w) for w in sorted(longer, key=len, reverse=True)) or "(?!)"
    )
    found = []
    for sentence, (paragraph, view) in enumerate(views):
        regions = [(m.start() + view.offset, m.end() + view.offset, m.group(0))
                   for m in phrases.finditer(view.text)]  # fmt: skip
        for hit in view.places:
            first, last = view.tokens[hit.first].start, view.tokens[hit.last - 1].end
            within = next(
                (w for s, e, w in regions if s <= first and last <= e and e - s > last - first), ""
            )
            exact = gazetteer.exact.get(place_key(hit.text), ())
            before = view.lower(hit.first - 1) if hit.first else ""
            person = before in titles or (
                hit.first >= 2 and f"{view.lower(hit.first - 2)} {before}" in titles
            )
            countries: tuple[str, ...] = ()
            for k in range(max(0, hit.first - 4), hit.first):
                if name_key(view.tokens[k].text) in demonyms:
                    countries = (demonyms[name_key(view.tokens[k].text)],)
            if view.lower(hit.last) == "," and name_key(
                view.tokens[hit.last + 1].text if hit.last + 1 < len(view.tokens) else ""
            ) in demonyms:
                countries = (demonyms[name_key(view.tokens[hit.last + 1].text)],)
            found.append(
                _Mention(
                    first, hit.text, paragraph, sentence, exact, hit.ids, _hint(view, hit),
                    countries, person, within,
                )
            )
    return found


def resolve_places(article: Article, views: Sequence[tuple[int, Parsed]], gazetteer: Gazetteer,
            store: Store | None = None) -> Resolution:  # fmt: skip
    """Decide every place name of an article (`views`: each sentence with its paragraph)."""
    mentions = _mentions(views, gazetteer, _country_names(gazetteer))
    dateline = _dateline(article)
    if dateline is not None:  # where the report was filed, not a place of the story
        mentions = [evolve(m, dateline=dateline.start() <= m.start < dateline.end(1))
                    for m in mentions]  # fmt: skip
    resolution = Resolution(gazetteer, _area(article, mentions, gazetteer), store)
    # First the names that need no neighbours, then the rest beside those.
    margins: dict[int, float] = {}
    for mention in mentions:
        choice, margin = resolution.choose(mention, NOWHERE)
        resolution.choices[mention.start] = choice
        resolution.written[mention.start] = mention.text
        margins[mention.start] = margin
    for mention in mentions:
        chosen = resolution.at(mention.start)
        entry = gazetteer.entries.get(chosen) if chosen else None
        if entry is not None and entry.point is not None and not entry.region and (
            margins[mention.start] >= 1.5 and entry.id in mention.exact
        ):
            resolution.anchors.append((mention.paragraph, entry.point))
    resolution.anchored = Points(p for _para, p in resolution.anchors)
    by_paragraph: dict[int, list[tuple[float, float]]] = {}
    for paragraph, point in resolution.anchors:
        by_paragraph.setdefault(paragraph, []).append(point)
    local_points = {paragraph: Points(points) for paragraph, points in by_paragraph.items()}
    for mention in mentions:
        if margins[mention.start] >= 1.5:
            continue
        local = local_points.get(mention.paragraph, NOWHERE)
        points = local or resolution.anchored
        choice, _margin = resolution.choose(mention, points, local=bool(local))
        resolution.choices[mention.start] = choice
    _one_place_per_name(resolution, mentions)
    return resolution


def _one_place_per_name(resolution: Resolution, mentions: Sequence[_Mention]) -> None:
    """Two names of one sentence ("Ras al-Ain, Flita, ... Al-Maamoura") are two places: where
    both were read as one, the name that bears it less well (a variant of it, not its name)
    takes its next candidate, if it has one."""
    by_sentence: dict[int, list[_Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    for group in by_sentence.values():
        readers: dict[str, list[_Mention]] = {}
        for mention in group:
            chosen = resolution.at(mention.start)
            if chosen is not None:
                readers.setdefault(chosen, []).append(mention)
        for place, named in readers.items():
            if len({place_key(m.text) for m in named}) < 2:
                continue
            keeper = min(named, key=lambda m: (resolution.spelling(m.text, place), m.start))
            for mention in named:
                if place_key(mention.text) == place_key(keeper.text):
                    continue
                choice, _margin = resolution.choose(
                    mention, resolution.anchored, taken=frozenset({place})
                )
                if choice.id is not None:  # else the two names are of one place after all
                    resolution.choices[mention.start] = choice
