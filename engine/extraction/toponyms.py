"""Place names: the gazetteer's names found in a sentence, spellings normalised to one id.

A name is matched on a key that ignores case, accents, apostrophes, hyphens and the Arabic
article ("Ash-Shuhayl", "al-Shuhayl" and "Shuhayl" are one key); failing that, on a looser key
that also ignores doubled letters and vowel spellings ("Kabajeb" and "Kabajib", "Mayadeen" and
"Mayadin"). Names the gazetteer lacks are recognised from how the sentence names them (see
patterns.py); `new_place_id` gives each one id, whatever its spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from attrs import evolve, field, frozen

from engine.collector import collection_paused
from engine.extraction.tokens import Token, tokenize
from engine.gazetteer.index import EXACT, LOOSE
from engine.gazetteer.store import Entry as StoreEntry
from engine.gazetteer.store import Store
from engine.model.frozen import read_only
from engine.model.names import name_key
from engine.model.spelling import ARTICLES, loose_key, place_key
from engine.model.world import World

MAX_NAME_WORDS = 9
_APOSTROPHE_S = ("'s", "’s")  # a possessive's ending: "Mosul's"


def loose_enough(name: str) -> bool:
    """True when a name's loose key says enough to match on: "sad" of "Said" or "kan" of
    "Khan" fits hundreds of villages, "zad" of "Ziyadia" a few."""
    key = loose_key(name)
    return len(key) >= 4 or (len(key) == 3 and len(place_key(name).replace(" ", "")) >= 6)

# Capitalised words that open sentences and clauses but never a place name.
_NOT_NAMES = frozenset(
    {"the", "a", "an", "on", "in", "by", "from", "since", "after", "before", "during", "until",
     "following", "meanwhile", "however", "then", "later", "that", "this", "these", "those",
     "it", "its", "their", "his", "her", "he", "she", "they", "we", "most", "some", "several",
     "many", "more", "less", "all", "both", "each", "every", "other", "another", "one", "two",
     "three", "four", "five", "six", "seven", "eight", "nine", "ten", "heavy", "large", "also",
     "while", "when", "where", "which", "who", "according", "syrian", "iraqi", "kurdish",
     "islamic", "state", "army", "government", "rebels", "opposition", "forces", "fighters",
     # peoples, faiths and the countries' possessives: spelt like villages, never one alone
     "arab", "arabs", "kurd", "kurds", "turkish", "turkmen", "russian", "russians",
     "ukrainian", "ukrainians", "libyan", "yemeni", "iranian", "american", "lebanese",
     "jordanian", "shia", "shiite", "sunni", "alawite", "yazidi", "christian", "assyrian",
     "druze", "syria's", "iraq's", "libya's", "ukraine's", "russia's", "turkey's", "iran's"}
)  # fmt: skip


def slug(name: str) -> str:
    """An id made from a name: lower-case ASCII words joined by underscores."""
    decomposed = unicodedata.normalize("NFKD", name_key(name))
    ascii_text = decomposed.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_") or "place"


@frozen
class Entry:
    """A place or region of the gazetteer, as the recogniser needs it."""

    id: str
    name: str
    kind: str
    region: bool
    rank: int  # 0 for the first gazetteer file; regions after places
    size: int  # 1 for a place, the number of members for a region
    governorate: str = ""  # the id of its governorate region
    point: tuple[float, float] | None = None
    country: str = ""  # the id of its country ("" in a scenario's own gazetteer)
    district: str = ""
    population: int = 0
    curated: bool = False  # hand-checked, not only from the sources
    precision_km: float | None = None

    @classmethod
    def of_store(cls, entry: StoreEntry) -> Entry:
        """An entry of a gazetteer index."""
        return cls(
            entry.id, entry.name, entry.kind, entry.unit, 0, _UNIT_SIZES.get(entry.kind, 1),
            entry.governorate, entry.point, entry.country, entry.district,
            entry.population or 0, entry.curated, entry.precision_km,
        )  # fmt: skip


# Same-named admin units: the smallest is meant first, as with a scenario's regions.
_UNIT_SIZES = {"district": 10, "governorate": 100, "country": 1000}






@frozen
class Gazetteer:
    """The names of a scenario's places and regions, for finding them in text."""

    entries: Mapping[str, Entry] = field(converter=read_only)
    exact: Mapping[str, tuple[str, ...]] = field(converter=read_only)
    loose: Mapping[str, tuple[str, ...]] = field(converter=read_only)
    # governorate region id -> the id of its seat ("the provincial capital")
    seats: Mapping[str, str] = field(converter=read_only, factory=dict)
    # (key, id) -> how good that name of it is: 0 its own, 1 one reporting uses, 2 a variant
    quality: Mapping[tuple[str, str], int] = field(converter=read_only, factory=dict)

    @classmethod
    def for_text(cls, store: Store, text: str) -> Gazetteer:
        """The entries of a gazetteer index whose names occur in a text, by every name that
        `find_places` may try there (one batch of lookups, not one per word)."""
        # The whole text's tokens, none in a cycle: the collector need not walk them (see
        # extract).
        with collection_paused():
            tokens = tokenize(text)
            possessive = [_possessive(token.text) for token in tokens]
            exact_keys: set[str] = set()
            loose_keys: set[str] = set()
            for index, token in enumerate(tokens):
                if not token.is_word or token.lower in _NOT_NAMES:
                    continue
                # find_places tries a lower-case start only for names of several words.
                shortest = 1 if token.capitalised else 2
                for length in range(shortest, min(MAX_NAME_WORDS, len(tokens) - index) + 1):
                    last = tokens[index + length - 1]
                    if not (last.is_word or last.text in ("'", "’")):
                        break
                    if last.lower in ARTICLES:
                        continue
                    words = _without_possessive(text[token.start : last.end])
                    if length > 1 and possessive[index + length - 2]:
                        break  # a name does not go on after "Mosul's"
                    key = place_key(words)
                    exact_keys.add(key)
                    if is_name(tokens[index : index + length]) and loose_enough(words):
                        loose_keys.add(loose_key(words))
        exact = store.keyed(EXACT, exact_keys - _NOT_NAMES)
        loose = store.keyed(LOOSE, loose_keys)
        found = store.entries(n for hits in (*exact.values(), *loose.values()) for n, _q in hits)
        seats = {e.id: e.seat for e in found.values() if e.unit and e.seat}
        by_id = {e.id: e for e in found.values()}
        # The units the places lie in, and the seats of units: what the article's area is.
        more = {u for e in found.values() for u in (e.governorate, e.district) if u}
        more |= set(seats.values())
        by_id |= {e.id: e for e in store.by_ids(more - set(by_id))}
        quality: dict[tuple[str, str], int] = {}
        for table in (exact, loose):
            for key, hits in table.items():
                for number, how in hits:
                    quality[(key, found[number].id)] = how
        return cls(
            {i: Entry.of_store(e) for i, e in by_id.items()},
            {k: tuple(sorted(found[n].id for n, _q in v)) for k, v in exact.items()},
            {k: tuple(sorted(found[n].id for n, _q in v)) for k, v in loose.items()},
            seats,
            quality,
        )

    @classmethod
    def of(
        cls,
        world: World,
        ranks: Mapping[str, int] | None = None,
        seats: Mapping[str, str] | None = None,
    ) -> Gazetteer:
        """Index a world's places and regions; `ranks` orders places by gazetteer file, `seats`
        gives each governorate's capital."""
        ranks = ranks or {}
        seats = seats or {}
        graph = world.places
        governorates = {
            name_key(r.name.removesuffix(" Governorate")): r.id
            for r in graph.regions.values()
            if r.kind == "governorate"
        }
        entries: dict[str, Entry] = {}
        names: dict[str, Iterable[str]] = {}
        for place in graph.places:
            entries[place.id] = Entry(
                place.id, place.name, place.kind, False, ranks.get(place.id, 0), 1,
                governorates.get(name_key(place.governorate), ""), (place.lat, place.lon),
            )  # fmt: skip
            names[place.id] = place.names
        for region in graph.regions.values():
            if not region.members and region.lat is None:
                continue  # an area the scenario could not outline: its own, not geography
            point = None if region.lat is None or region.lon is None else (region.lat, region.lon)
            entries[region.id] = Entry(
                region.id, region.name, region.kind, True, 100, len(region.members), "", point
            )
            names[region.id] = region.names
        exact: dict[str, set[str]] = {}
        loose: dict[str, set[str]] = {}
        for item_id, item_names in names.items():
            for name in item_names:
                if name == item_id and "_" in name:
                    continue  # ids are not written in articles
                key = place_key(name)
                if not key or key in _NOT_NAMES:
                    continue
                exact.setdefault(key, set()).add(item_id)
                if len(key.split()) <= 4 and len(key) >= 4:
                    loose.setdefault(loose_key(name), set()).add(item_id)
        return cls(
            entries,
            {k: tuple(sorted(v)) for k, v in exact.items()},
            {k: tuple(sorted(v)) for k, v in loose.items()},
            {k: v for k, v in seats.items() if k in entries and v in entries},
        )

    def with_entries(self, store: Store, ids: Iterable[str]) -> Gazetteer:
        """The same index with more entries of a gazetteer index (a near miss's place)."""
        found = {i: e for i in ids if i not in self.entries and (e := store.get(i)) is not None}
        if not found:
            return self
        entries = {**self.entries, **{i: Entry.of_store(e) for i, e in found.items()}}
        return evolve(self, entries=entries)

    def lookup(self, name: str, loose: bool = True) -> tuple[str, ...]:
        """The ids a name may stand for: those of its exact key, then (when `loose`) those of
        its loose key (a town spelt otherwise beats a village that has the very spelling among
        its variants: the resolution weighs the two)."""
        exact = self.exact.get(place_key(name), ())
        if not loose or not loose_enough(name):
            return exact
        spelt = self.loose.get(loose_key(name), ())
        return exact + tuple(i for i in spelt if i not in exact)

    def governorate_named(self, name: str) -> str | None:
        """The governorate region a name ("Deir ez-Zor", "Raqqa Governorate") stands for."""
        for key in (name, f"{name} Governorate"):
            for item in self.lookup(key):
                entry = self.entries[item]
                if entry.kind == "governorate":
                    return item
        return None


@frozen
class PlaceHit:
    """A gazetteer name found in a sentence: token range, words as written, candidate ids."""

    first: int
    last: int  # exclusive
    text: str
    ids: tuple[str, ...]


def find_places(tokens: Sequence[Token], text: str, offset: int, gazetteer: Gazetteer
                ) -> tuple[PlaceHit, ...]:  # fmt: skip
    """Gazetteer names in a sentence's tokens, longest first; `text` starts at `offset`."""
    hits: list[PlaceHit] = []
    reach = _reach(tokens)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        hit = None
        if token.is_word and token.lower not in _NOT_NAMES:
            for length in range(min(MAX_NAME_WORDS, len(tokens) - index, reach[index]), 0, -1):
                last = tokens[index + length - 1]
                if last.lower in ARTICLES:
                    continue  # "Al-Busayrah as well": the article belongs to the next words
                words = _without_possessive(text[token.start - offset : last.end - offset])
                if not token.capitalised:
                    # Lower-case starts only for many-word aliases ("provincial capital").
                    ids = gazetteer.exact.get(place_key(words), ()) if length > 1 else ()
                else:
                    ids = gazetteer.lookup(words, loose=is_name(tokens[index : index + length]))
                if _possessive(last.text) and all(
                    gazetteer.entries[i].region for i in ids if i in gazetteer.entries
                ):
                    ids = ()  # "Syria's largest oil field": the country is not the place
                if ids and not (length == 1 and _opens_a_name(tokens, index)):
                    hit = PlaceHit(index, index + length, words, ids)
                    break
        if hit is not None:
            hits.append(hit)
            index = hit.last
        else:
            index += 1
    return tuple(hits)


def _reach(tokens: Sequence[Token]) -> list[int]:
    """How many tokens a name starting at each token may cover: words and apostrophes only, and
    none after a possessive ("Mosul's"); counted once from the end, not for every length tried."""
    reach = [0] * (len(tokens) + 1)
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if not (token.is_word or token.text in ("'", "’")):
            continue
        reach[index] = 1 if _possessive(token.text) else reach[index + 1] + 1
    return reach


def _possessive(word: str) -> bool:
    """True for a word that ends in a possessive's "'s"."""
    return word.endswith(_APOSTROPHE_S)


def _without_possessive(words: str) -> str:
    """Words without the "'s" of a possessive at their end ("Mosul's" is read "Mosul")."""
    return words[:-2] if words.endswith(_APOSTROPHE_S) else words


# Lower-case words inside a name ("Ras al Ayn", "Abu Kamal", "Umm al-Qura").
PARTICLES = ARTICLES | {"bin", "ibn", "abu", "umm", "bani", "de"}


def is_name(tokens: Sequence[Token]) -> bool:
    """True when words read as one proper name: capitalised, with particles between."""
    return (
        bool(tokens)
        and tokens[-1].capitalised
        and all(t.capitalised or t.lower in PARTICLES or t.text in ("'", "’") for t in tokens)
    )


# Words that begin names of places ("Umm X", "Tall X", "Ras X"): alone before a capitalised
# word, they are the start of a name the gazetteer lacks, not a place of their own.
_NAME_OPENERS = PARTICLES | {
    "bir", "ras", "tal", "tall", "tell", "jabal", "jebel", "wadi", "ayn", "ain", "khirbat",
    "khirbet", "kafr", "deir", "dayr", "beit", "bayt", "qaryat", "hay", "mazraat",
}  # fmt: skip


def _opens_a_name(tokens: Sequence[Token], index: int) -> bool:
    """True for a word such as "Umm" that begins a longer name here ("Umm Qwertyah")."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return (
        tokens[index].lower in _NAME_OPENERS
        and following is not None
        and following.is_word
        and following.capitalised
    )


def name_end(tokens: Sequence[Token], index: int) -> int:
    """Where a capitalised name that starts at `index` ends (== index when none starts there).

    Names are capitalised words, joined by lower-case particles ("Deir ez-Zor", "Ras al Ayn").
    """
    if index >= len(tokens) or not tokens[index].is_word or not tokens[index].capitalised:
        return index
    if tokens[index].lower in _NOT_NAMES:
        return index
    end = index + 1
    while end < len(tokens):
        token = tokens[end]
        if token.is_word and token.capitalised and token.lower not in _NOT_NAMES:
            end += 1
        elif (
            token.lower in PARTICLES
            and end + 1 < len(tokens)
            and tokens[end + 1].is_word
            and tokens[end + 1].capitalised
        ):
            end += 2
        else:
            break
    return end


def display_name(words: str) -> str:
    """A name as a reviewer would write it: possessive and surrounding punctuation removed."""
    name = re.sub(r"['’]s$", "", words.strip(" ,.;:"))
    return name
