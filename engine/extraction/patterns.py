"""Control statements: who took, lost, contested, besieged or went over to whom, and where.

A statement is anchored on a phrase of the lexicon (engine/extraction/data/lexicon.toml), whose
frame says what it means and, by its `reading`, which of the READERS below reads the words
around it: "ISIS captured X and Y from the rebels", "X fell to ISIS", "ISIS routed rebels from
X", "the rebels withdrew from X", "the local unit pledged loyalty to ISIS". Around it a small
parser reads

- the places: gazetteer names, names it has never seen ("the town of X", "X village"), unnamed
  places ("several villages", "a city in the south"), and words that point back ("the town",
  "it", "which"); lists ("the towns of X and Y", "X, Y and Z", "X as well as Y"); how much of
  them ("parts of" makes it contested, "most of" an aggregate claim); what is left out ("with
  the exception of X"); and landmarks that only locate them ("east of X", "near X");
- the actor: the faction that is the subject of the phrase (not one after a preposition, nor
  the object of another verb, nor one in a subordinate clause before it);
- the earlier holder: "from F", "previously held by F", "F-held".

Nothing here resolves what a word points back to, nor dates a statement: build.py does, with
the article read so far.
"""

from __future__ import annotations

import bisect
import enum
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from attrs import Factory, evolve, field, frozen

from engine.extraction.actors import Actors, FactionHit, find_factions
from engine.extraction.lexicon import Frame, Lexicon, lexicon, place_words
from engine.extraction.temporal import TimeExpr, find_times
from engine.extraction.tokens import Token, tokenize
from engine.extraction.toponyms import Gazetteer, PlaceHit, find_places, name_end
from engine.model.events import How
from engine.model.spelling import ARTICLES


class Form(enum.StrEnum):
    """How a place is named."""

    NAME = "name"  # a proper name, known to the gazetteer or not
    AREA = "area"  # "northern Deir ez-Zor": a part of a named place
    UNNAMED = "unnamed"  # "several villages", "a city in the south"
    ANAPHOR = "anaphor"  # "the town", "the province", "its airport"
    PRONOUN = "pronoun"  # "it", "them"
    RELATIVE = "relative"  # "which" (was captured by ...)


class Kind(enum.StrEnum):
    """What a statement says happened."""

    CAPTURE = "capture"
    WITHDRAWAL = "withdrawal"
    CONTESTED = "contested"
    SIEGE = "siege"
    SIEGE_LIFTED = "siege_lifted"
    TRUCE = "truce"
    DEFECTION = "defection"
    ASSERTION = "assertion"  # "captures most of the province": a share, not a change


@frozen
class PlaceRef:
    """A place as a statement names it, before it is resolved to an id."""

    start: int
    end: int
    text: str
    form: Form
    ids: tuple[str, ...] = ()  # gazetteer candidates, for a known name
    kind: str = ""  # what the words say it is: town, village, governorate, ...
    noun: str = ""  # the noun of an anaphor or an area ("town", "countryside")
    extent: str = ""  # "part" for "parts of X", "most", "nearly", "all", or ""
    # Where the text puts a place it names by another: the document offset of that place's
    # name ("Zezoun power station", "a village 40 km south of Hasakah"), or -1.
    parent: int = -1
    km: float | None = None  # how far from it, when the text says
    bearing: float | None = None  # in which direction (degrees from north), when it says
    near: bool = False  # about it ("near X", "outside X"), not in it


@frozen
class ActorRef:
    """A faction as a statement names it; `faction` is None for a name the table lacks, and
    for a pronoun ("It also captured X"), which stands for the side that acted last."""

    start: int
    end: int
    text: str
    faction: str | None
    pronoun: bool = False


@frozen
class Statement:
    """One statement of control found in a sentence."""

    kind: Kind
    frame: str
    places: tuple[PlaceRef, ...]
    start: int  # the words that state it, as offsets in the document
    end: int
    trigger: str
    trigger_start: int
    actor: ActorRef | None = None  # who takes, holds, besieges, or is joined
    loser: ActorRef | None = None  # from whom; for a defection, the side left
    unit: ActorRef | None = None  # for a defection: who changes sides
    excluded: tuple[PlaceRef, ...] = ()
    how: How | None = None
    extent: str = ""  # "", "part", "most", "nearly", "all"


_DETERMINERS = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "our"}
)  # fmt: skip
_PREPOSITIONS = frozenset(
    {"with", "against", "from", "by", "of", "to", "on", "for", "among", "between", "towards",
     "toward", "near", "at", "in", "into", "than", "like", "including", "over", "under", "after",
     "before", "following", "alongside", "versus", "about", "around", "across", "through",
     "within", "without", "upon", "via", "behind", "beyond", "despite", "during"}
)  # fmt: skip
# Words that open a clause of their own: a list of places stops there.
_CLAUSE_WORDS = frozenset(
    {"while", "whereas", "although", "though", "when", "where", "which", "who", "whom", "whose",
     "after", "before", "as", "because", "since", "until", "unless", "but", "following", "once"}
)  # fmt: skip
# Words that open a subordinate clause: its subject is not the subject of a phrase after it.
_SUBORDINATORS = frozenset(
    {"after", "while", "as", "when", "because", "since", "although", "though", "before", "once"}
)  # fmt: skip
# Words that are never the adjectives of a place noun.
_STOPS = _PREPOSITIONS | _CLAUSE_WORDS | frozenset(
    {"and", "or", "nor", "not", "no", "is", "was", "were", "are", "be", "been", "being", "has",
     "have", "had", "do", "did", "does", "will", "would", "could", "should", "may", "might",
     "must", "can", "also", "then", "later", "that"}
)  # fmt: skip
_DIRECTIONS = re.compile(
    r"^(?:northern|southern|eastern|western|central|north-?eastern|north-?western|"
    r"south-?eastern|south-?western|north|south|east|west|upper|lower|greater|rural|outer)$",
    re.IGNORECASE,
)
# "..., after Al-Nusra fighters withdrew", "... upon entry of the army as the Kurds fled": a
# few words of the same clause may come between the places and the clause of those who left.
_WITHDREW_AFTER = re.compile(
    r"^\s*,?\s*(?:[^,;.()]{1,50}?\s)?(?:after|as|when)\s+(?P<who>[^,;.()]{1,60}?)\s+"
    r"(?:had\s+)?(?:withdrew|withdrawn|fled|retreated|pulled\s+out|pulled\s+back|abandoned)",
    re.IGNORECASE,
)
_UNIT_NOUNS = frozenset(
    {"unit", "units", "branch", "branches", "brigade", "brigades", "battalion", "battalions",
     "garrison", "faction", "wing", "group", "groups", "members", "commander", "commanders",
     "fighters", "cell", "cells"}
)  # fmt: skip
# Participles that describe an actor rather than act on it ("allied rebels", "backed forces").
_ADJECTIVAL = frozenset(
    {"backed", "armed", "allied", "aligned", "led", "supported", "affiliated", "linked"}
)  # fmt: skip
# Verbs whose object a faction may be ("ISIS defeated the rebels and captured ...").
_GOVERNING = frozenset(
    {"defeated", "defeat", "defeats", "defeating", "expels", "expel", "fought", "fight", "fights",
     "fighting", "battling", "battle", "battles", "attacked", "attack", "attacks", "attacking",
     "rout", "routs", "outflank", "outflanks", "repel", "repels", "repelled", "repelling",
     "overwhelm", "overwhelms", "overwhelmed", "ambush", "ambushed", "ambushes", "engage",
     "engaged", "engages", "confront", "confronted", "confronts", "push", "pushes", "pushing",
     "besieging"}
)  # fmt: skip
# Words that join a statement to what comes before it, left out of its quote.
_CONNECTIVES = frozenset({"and", "but", "while", "then", ",", "after", "as", "whereas"})
# Words between a subject and its verb: auxiliaries, hedges, members ("ISIS fighters were said
# to have reportedly taken").
_BETWEEN_MEMBERS = frozenset({"fighters", "forces", "troops", "units", "militants", "members"})
_BETWEEN = _BETWEEN_MEMBERS | frozenset(
    {"was", "were", "had", "has", "have", "been", "to", "said", "reported", "believed", "claimed",
     "also", "then", "later", "finally", "eventually"}
)  # fmt: skip
POSSESSIVE_PRONOUNS = frozenset({"its", "his", "their", "her"})
_AREA_NOUNS = frozenset(
    {"countryside", "part", "parts", "areas", "suburbs", "outskirts", "districts",
     "neighborhoods", "neighbourhoods"}
)  # fmt: skip
# The parts of a town ("the eastern neighbourhoods of X"): taking them contests the town.
_INNER_NOUNS = frozenset(
    {"part", "parts", "districts", "neighborhoods", "neighbourhoods", "quarters", "half"}
)  # fmt: skip
_NUMBER_WORDS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
     "dozen"}
)  # fmt: skip
_HELD_BY = (
    "previously held by", "previously controlled by", "formerly held by", "then held by",
    "still held by", "held by", "controlled by",
)  # fmt: skip
_APPOSITIVE = ("located", "situated", "close to", "near", "just", "about", "some")
# Words that end a landmark's noun phrase: the verb of the clause begins ("X, west of Y, was").
_VERB_WORDS = frozenset(
    {"is", "was", "were", "are", "be", "been", "being", "has", "have", "had", "will", "would",
     "fell", "remained", "remains"}
)  # fmt: skip
_COORDINATORS = (
    ", as well as", "as well as", ", along with", "along with", "; along with", "; as well as",
    ", in addition to", "in addition to", ", including", ", and", "and", ",", "&", "or",
)  # fmt: skip
# The endings of the words for peoples and faiths ("Alawite", "Kurdish", "Turkmen", "Yazidi").
_DEMONYM = re.compile(r"(?:ite|ish|ian|an|i|men)$")
_RESTRICTING = re.compile(
    r"^(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)$"
)


@frozen
class Parsed:
    """A sentence as the parser sees it: tokens, and the names and dates found in them."""

    text: str
    offset: int
    tokens: tuple[Token, ...]
    places: tuple[PlaceHit, ...]
    factions: tuple[FactionHit, ...]
    times: tuple[TimeExpr, ...]
    # Where each token starts, for `index_at`, which runs for every statement of a sentence.
    starts: tuple[int, ...] = field(
        init=False, repr=False, default=Factory(lambda v: tuple(t.start for t in v.tokens),
                                                takes_self=True),
    )  # fmt: skip

    def place_at(self, index: int) -> PlaceHit | None:
        """The place name that starts at a token."""
        return next((p for p in self.places if p.first == index), None)

    def faction_at(self, index: int) -> FactionHit | None:
        """The faction name that starts at a token."""
        return next((f for f in self.factions if f.first == index), None)

    def in_time(self, index: int) -> bool:
        """True when a token is part of a temporal expression."""
        token = self.tokens[index]
        return any(t.start <= token.start < t.end for t in self.times)

    def time_at(self, index: int) -> TimeExpr | None:
        """The temporal expression that starts at a token."""
        token = self.tokens[index]
        return next((t for t in self.times if t.start == token.start), None)

    def lower(self, index: int) -> str:
        """The word at a token in lower case ("" past the end)."""
        return self.tokens[index].lower if 0 <= index < len(self.tokens) else ""

    def index_at(self, char: int) -> int:
        """The first token that starts at or after a document offset."""
        return bisect.bisect_left(self.starts, char)

    def words(self, first: int, last: int) -> str:
        """The text of tokens first..last-1, as written."""
        if last <= first:
            return ""
        return self.text[
            self.tokens[first].start - self.offset : self.tokens[last - 1].end - self.offset
        ]

    def phrase_at(self, index: int, phrases: tuple[str, ...]) -> int:
        """How many tokens a phrase of the list (longest first) covers from a token; 0 if none."""
        for words in _phrases_by_first_word(phrases).get(self.lower(index), ()):
            if all(self.lower(index + k) == w for k, w in enumerate(words[1:], 1)):
                return len(words)
        return 0


@functools.cache  # the lists are the lexicon's and this module's: a few dozen, asked all the time
def _phrases_by_first_word(phrases: tuple[str, ...]) -> Mapping[str, tuple[tuple[str, ...], ...]]:
    """The words of each phrase of a list, by its first word, in the list's order: a token is
    compared with the phrases that start with it, not with all of them."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(phrase.split())
        if not words:
            break  # a phrase of no words covers nothing anywhere: the phrases after it never match
        found.setdefault(words[0], []).append(words)
    return MappingProxyType({first: tuple(listed) for first, listed in found.items()})


@frozen
class _Item:
    ref: PlaceRef
    extent: str
    holder: FactionHit | None


@frozen
class _List:
    items: tuple[_Item, ...]
    excluded: tuple[PlaceRef, ...]
    end: int  # token index after the list


def _noun_at(view: Parsed, index: int, lex: Lexicon) -> tuple[str, str, int]:
    """A place noun at a token ("oil field", "villages"): (noun, kind, tokens covered)."""
    for length in (3, 2, 1):
        words = " ".join(view.lower(index + k) for k in range(length))
        if words in lex.place_nouns:
            settlement = view.lower(index + length)
            if lex.place_nouns.get(settlement) in _SETTLEMENT_KINDS:
                # "the hilltop village of X", "the mountain town of Y": a town, on a hill
                return settlement, lex.place_nouns[settlement], length + 1
            return words, lex.place_nouns[words], length
    return "", "", 0


_SETTLEMENT_KINDS = frozenset({"town", "city", "village"})


def _quantifier_at(view: Parsed, index: int, lex: Lexicon) -> int:
    """How many tokens a quantifier covers ("at least five", "several", "12", "dozens of")."""
    covered = view.phrase_at(index, lex.quantifiers)
    following = view.lower(index + covered)
    if covered and following and (following[0].isdigit() or following in _NUMBER_WORDS):
        covered += 1  # "at least five", "more than 20"
    elif (
        not covered
        and index < len(view.tokens)
        and re.match(r"^\d[\d,]*$", view.tokens[index].text)
    ):
        covered = 1
    return covered


def _extent_at(view: Parsed, index: int, lex: Lexicon) -> tuple[str, int]:
    for extent in ("part", "most", "nearly", "all"):
        covered = view.phrase_at(index, lex.extents[extent])
        if covered:
            return extent, covered
    return "", 0


def _stronger(current: str, new: str) -> str:
    # "all rebel-held neighbourhoods in X": "all" wins over the "part" that follows it.
    if current in ("all", "nearly") and new == "part":
        return current
    return new or current


@frozen
class _Locator:
    """Where the words after a place put it: by which place, how far, in which direction."""

    parent: int = -1  # document offset of the place's name
    km: float | None = None
    bearing: float | None = None
    near: bool = False  # "near X", "outside X": about X, not in it


_BEARINGS = {
    "north": 0.0, "northeast": 45.0, "north-east": 45.0, "east": 90.0, "southeast": 135.0,
    "south-east": 135.0, "south": 180.0, "southwest": 225.0, "south-west": 225.0,
    "west": 270.0, "northwest": 315.0, "north-west": 315.0,
}  # fmt: skip
_DISTANCE = re.compile(r"^(\d+(?:[.,]\d+)?)(?:-| )?(km|kilometres|kilometers|kms|miles|mi)?$")
_UNITS = {"km": 1.0, "kms": 1.0, "kilometres": 1.0, "kilometers": 1.0, "miles": 1.609, "mi": 1.609}
_NEAR = ("near", "close to", "next to", "outside", "outside of", "on the outskirts of", "around")


def _distance_at(view: Parsed, index: int) -> tuple[float, float | None, int] | None:
    """ "40 kilometres south of", "25 km from": (km, bearing, tokens covered)."""
    found = _DISTANCE.match(view.lower(index))
    if found is None:
        return None
    covered = 1
    unit = found.group(2)
    if unit is None:
        unit = view.lower(index + 1)
        if unit not in _UNITS:
            return None
        covered = 2
    km = float(found.group(1).replace(",", "")) * _UNITS[unit]
    bearing = _BEARINGS.get(view.lower(index + covered))
    if bearing is not None:
        covered += 1
    if view.lower(index + covered) not in ("of", "from", "away from"):
        return None
    return km, bearing, covered + 1


def locate(view: Parsed, index: int, lex: Lexicon) -> _Locator:
    """Where the words from a token put the place before them ("40 km south of X", "near X",
    ", 25 km from X"); an empty locator when they name no place."""
    if view.lower(index) == ",":
        index += 1
    distance = _distance_at(view, index)
    km = bearing = None
    if distance is not None:
        km, bearing, covered = distance
    else:
        covered = view.phrase_at(index, lex.landmarks)
        if not covered:
            return _Locator()
        words = " ".join(view.lower(index + k) for k in range(covered))
        bearing = _BEARINGS.get(words.removesuffix(" of"))
    end = min(index + covered + 4, len(view.tokens))
    parent = _hit_within(view, index + covered, end)
    if parent is None:
        return _Locator()
    near = view.phrase_at(index, _NEAR) > 0
    return _Locator(view.tokens[parent].start, km, bearing, near)


def _skip_modifiers(view: Parsed, index: int, lex: Lexicon) -> tuple[int, FactionHit | None]:
    """Skip the words after a place that locate or describe it ("east of X", "in the north",
    ", located ...", "previously held by F", "40 km south of X"); return the next token and the
    holder they name."""
    holder = None
    n = len(view.tokens)
    while index < n:
        at = (
            index + 1
            if view.lower(index) == ","
            and (view.phrase_at(index + 1, _APPOSITIVE) or _distance_at(view, index + 1))
            else index
        )
        covered = view.phrase_at(at, _HELD_BY)
        if covered:
            hit = _faction_after(view, at + covered, skip=2)
            if hit is None:
                return index, holder
            holder, index = hit, hit.last
            continue
        distance = _distance_at(view, at)
        covered = distance[2] if distance else view.phrase_at(at, lex.landmarks)
        if not covered or view.in_time(at):
            return index, holder
        phrase = end = at + covered
        # The landmark's own noun phrase, up to a clause word, punctuation or a date.
        while end < n:
            token = view.tokens[end]
            faction = view.faction_at(end)
            if (
                view.in_time(end)
                or token.lower in _CLAUSE_WORDS
                or token.lower in _VERB_WORDS
                or token.lower in ("and", "or", "from", "by", "with")
                or not (token.is_word or token.text[0].isdigit())
                or (faction is not None and not faction.held)
            ):
                break
            end += 1
        if not distance and end > phrase and not any(
            view.place_at(k) is not None or _noun_at(view, k, lex)[2]
            or _DIRECTIONS.match(view.tokens[k].text) or _RESTRICTING.match(view.lower(k))
            or view.tokens[k].capitalised
            or view.lower(k) in ("it", "them", "there")  # "the villages around it"
            for k in range(at, end)
        ):
            return index, holder  # "the city in a surprise attack": how, not where
        index = end
    return index, holder


# Kinds of the places that are sites of a town rather than towns ("Zezoun power station").
SITE_KINDS = frozenset({"facility", "airbase", "oilfield", "mound"})


def _site_after(view: Parsed, index: int, lex: Lexicon) -> tuple[str, str, int]:
    """A site named after the place before it: up to two words and a noun of a site ("power
    station", "International Airport"); (noun, kind, tokens covered), or ("", "", 0)."""
    for skip in range(3):
        noun, kind, covered = _noun_at(view, index + skip, lex)
        if covered:
            return (noun, kind, skip + covered) if kind in SITE_KINDS else ("", "", 0)
        at = index + skip
        if (
            at >= len(view.tokens)
            or not view.tokens[at].is_word
            or view.lower(at) in _STOPS
            or view.faction_at(at) is not None
            or view.place_at(at) is not None
            or view.in_time(at)
        ):
            break
    return "", "", 0


def _hit_within(view: Parsed, first: int, last: int) -> int | None:
    """The first token in first..last-1 where a place name starts, if any."""
    return next((k for k in range(first, last) if view.place_at(k) is not None), None)


def _area(view: Parsed, index: int, lex: Lexicon) -> tuple[PlaceRef, int, bool] | None:
    """A part of a named place: "northern Deir ez-Zor", "the western countryside of X"; and
    whether it lies inside a town ("central Tikrit", "the western and southern neighbourhoods
    of X"), where a part is no place of its own but the town, fought over."""
    token = view.tokens[index]
    if not _DIRECTIONS.match(token.text):
        return None
    inner_at = index + 1
    while view.lower(inner_at) in ("and", ",") and _DIRECTIONS.match(view.lower(inner_at + 1)):
        inner_at += 2  # "western and southern neighbourhoods"
    noun = ""
    if view.lower(inner_at) in _AREA_NOUNS:
        noun, inner_at = view.lower(inner_at), inner_at + 1
        if view.lower(inner_at) in ("of", "in"):
            inner_at += 1
        while view.lower(inner_at) in _DETERMINERS:
            inner_at += 1
    inner = _name_at(view, inner_at)
    if inner is None:
        return None
    trailing, _kind_of, covered = _noun_at(view, inner.end, lex)
    end = inner.end + covered
    inside = noun in _INNER_NOUNS or (not noun and token.lower == "central")
    if inside and not covered:
        return inner.ref, end, True
    ref = PlaceRef(
        token.start, view.tokens[end - 1].end, view.words(index, end), Form.AREA,
        inner.ref.ids, "area", noun or trailing or token.lower,
    )  # fmt: skip
    return ref, end, False


@frozen
class _Name:
    ref: PlaceRef
    end: int  # token index after the name


def _name_at(view: Parsed, index: int) -> _Name | None:
    """The name of a place that starts at a token, known to the gazetteer or not, as one."""
    inner = view.place_at(index)
    end = inner.last if inner is not None else name_end(view.tokens, index)
    if end <= index or view.faction_at(index) is not None:
        return None
    first = view.tokens[index]
    ref = PlaceRef(first.start, view.tokens[end - 1].end, view.words(index, end), Form.NAME,
                   inner.ids if inner else ())  # fmt: skip
    return _Name(ref, end)


def _centre(view: Parsed, index: int) -> tuple[PlaceRef, int, bool] | None:
    """The centre of a town ("the town center of Afrin", "the city centre of Mosul"): the
    town, held in part, as "central X" is."""
    k = index + (1 if view.lower(index) in ("town", "city") else 0)
    if view.lower(k) not in ("center", "centre") or view.lower(k + 1) != "of":
        return None
    k += 2
    while view.lower(k) in _DETERMINERS:
        k += 1
    inner = _name_at(view, k)
    return None if inner is None else (inner.ref, inner.end, True)


def _parse_item(view: Parsed, index: int, lex: Lexicon, last_noun: str, in_list: bool
                ) -> tuple[list[_Item], int] | None:  # fmt: skip
    """One element of a list of places; a noun with "of" may bring several ("the towns of X
    and Y"). Returns the items and the next token, or None when no place starts here."""
    n = len(view.tokens)
    extent = ""
    holder: FactionHit | None = None
    determiner = ""
    start = index
    # Extents, determiners and possessors: "all of the", "parts of", "rebel-held", "Syria's".
    while index < n and view.place_at(index) is None:
        found, covered = _extent_at(view, index, lex)
        if covered and _hit_within(view, index + 1, index + covered) is None:
            if "the" in (view.lower(k) for k in range(index, index + covered)):
                determiner = "the"  # "almost the whole province": a definite place
            extent, index = _stronger(extent, found), index + covered
            start = index  # the place's words begin after how much of it is meant
            continue
        lowered = view.lower(index)
        if lowered in _DETERMINERS:
            determiner, index = lowered, index + 1
            continue
        hit = view.faction_at(index)
        if hit is not None and (hit.held or hit.possessive):
            holder, index = hit, hit.last
            continue
        token = view.tokens[index]
        if token.capitalised and re.search(r"['’]s$", token.text) and hit is None:
            index += 1  # "Syria's largest oil field"
            continue
        named_at = _name_after_adjectives(view, index, lex) if determiner else None
        if named_at is not None:
            index = start = named_at  # "the nearby Al-Sakhra hill", "the strategic Tal Hamka"
            continue
        break
    if index >= n:
        return None
    place = view.place_at(index)
    if (
        place is not None
        and place.last == place.first + 1
        and _DEMONYM.search(view.tokens[place.first].text)
        and _noun_of_ahead(view, place.last, lex, 2)
    ):
        place = None  # "the Alawite village of X": a people's word spelt like a place
    if place is not None:
        after = place.last
        site, site_kind, site_covered = _site_after(view, after, lex)
        possessive = bool(re.search(r"['’]s$", view.tokens[place.last - 1].text))
        part = name_end(view.tokens, after) if possessive else after
        if part > after:  # "Mosul's Old City": a part of the place with a name of its own
            noun, kind, covered = _noun_at(view, part, lex)
            end = part + covered
            ref = PlaceRef(
                view.tokens[place.first].start, view.tokens[end - 1].end,
                view.words(place.first, end), Form.NAME, (), kind or "quarter", noun,
                parent=view.tokens[place.first].start,
            )  # fmt: skip
            return [_Item(ref, extent, holder)], end
        if possessive and not site_covered:
            # "Tikrit's southern neighbourhoods": part of the place, which is contested.
            cursor = after
            while cursor < n and _DIRECTIONS.match(view.tokens[cursor].text):
                cursor += 1
            if view.lower(cursor) in _AREA_NOUNS:
                extent = _stronger(extent, "part")
                ref = PlaceRef(
                    view.tokens[place.first].start, view.tokens[cursor].end,
                    view.words(place.first, cursor + 1), Form.NAME, place.ids,
                )  # fmt: skip
                return [_Item(ref, extent, holder)], cursor + 1
        if site_covered:
            end = after + site_covered
            ref = PlaceRef(
                view.tokens[place.first].start, view.tokens[end - 1].end,
                view.words(place.first, end), Form.NAME, (), site_kind, site,
                parent=view.tokens[place.first].start,
            )  # fmt: skip
            return [_Item(ref, extent, holder)], end
        glued = view.place_at(after)
        if glued is not None and view.lower(glued.last) in (",", "and", ".", ";", ""):
            # "Salat Al-Zuhour": two names the gazetteer knows apart, one name it lacks.
            ref = PlaceRef(
                view.tokens[place.first].start, view.tokens[glued.last - 1].end,
                view.words(place.first, glued.last), Form.NAME,
            )  # fmt: skip
            return [_Item(ref, extent, holder)], glued.last
        noun, kind, covered = _noun_at(view, after, lex)
        after += covered
        ref = PlaceRef(
            view.tokens[place.first].start, view.tokens[after - 1].end, place.text, Form.NAME,
            place.ids, kind, noun,
        )  # fmt: skip
        return [_Item(ref, extent, holder)], after
    token = view.tokens[index]
    if token.lower in ("it", "them"):
        ref = PlaceRef(token.start, token.end, token.text, Form.PRONOUN)
        return [_Item(ref, extent, holder)], index + 1
    if token.lower in ("which", "that") and not in_list:
        ref = PlaceRef(token.start, token.end, token.text, Form.RELATIVE)
        return [_Item(ref, extent, holder)], index + 1
    area = _area(view, index, lex) or _centre(view, index)
    if area is not None:
        ref, end, inside = area
        return [_Item(ref, _stronger(extent, "part") if inside else extent, holder)], end
    # A quantifier, adjectives and a place noun: "three towns", "the town of X", "several
    # villages in the north", "Syria's largest oil field, al-Omar".
    quantified = _quantifier_at(view, index, lex)
    cursor = index + quantified
    if quantified and view.lower(cursor) == "of":  # "a few of the surrounding towns"
        cursor += 1
        while view.lower(cursor) in _DETERMINERS:
            cursor += 1
    for step in range(4):
        word = view.tokens[cursor] if cursor < n else None
        if (
            word is None
            or _noun_at(view, cursor, lex)[2]
            or not word.is_word
            or (word.capitalised and not _noun_of_ahead(view, cursor + 1, lex, max(0, 2 - step)))
            or word.lower in _STOPS
            or word.lower in lex.frame_words
            or view.lower(cursor + 1) in _DETERMINERS  # "and reach the towns": a verb's object
            or (word.lower.endswith("ly") and not _noun_ahead(view, cursor + 1, lex))
            or (_DIRECTIONS.match(word.text) and not _noun_at(view, cursor + 1, lex)[2])
            or view.in_time(cursor)
        ):
            break
        faction = view.faction_at(cursor)
        if faction is not None:
            if not _noun_ahead(view, faction.last, lex):
                break
            # "the provincial government headquarters", "the main government building
            # complex": whose, not who
            cursor = faction.last
            continue
        cursor += 1
    noun, kind, covered = _noun_at(view, cursor, lex)
    if covered:
        cursor += covered
    elif quantified and last_noun and in_list:
        noun, kind = last_noun, lex.place_nouns.get(last_noun, "")  # "and three [villages]"
    else:
        return _unknown_name(view, index, lex, extent, holder)
    after_of = cursor + 2 if view.lower(cursor + 1) == "the" else cursor + 1
    if (
        covered
        and view.lower(cursor) == "of"
        and (
            view.place_at(after_of) is not None or name_end(view.tokens, after_of) > after_of
        )
    ):
        # "the town of X", "the towns of X and Y"
        listed = _parse_list(view, cursor + 1, lex, in_list=True, last_noun=noun)
        if listed is not None:
            return [
                _Item(
                    evolve(i.ref, kind=i.ref.kind or kind, noun=i.ref.noun or noun),
                    _stronger(extent, i.extent),
                    i.holder or holder,
                )
                for i in listed.items
            ], listed.end
    # "Syria's largest oil field, al-Omar"; "the village Al-Shulah"
    following = cursor + 1 if view.lower(cursor) == "," else cursor
    if covered and (
        view.place_at(following) is not None
        or (following == cursor and name_end(view.tokens, following) > following)
    ):
        named = _parse_item(view, following, lex, noun, in_list=True)
        if named is not None and named[0][0].ref.form is Form.NAME:
            items, after = named
            return [
                _Item(
                    evolve(i.ref, kind=i.ref.kind or kind, noun=i.ref.noun or noun),
                    extent or i.extent,
                    holder,
                )
                for i in items
            ], after
    if not kind:
        return None
    described_end, described_holder = _skip_modifiers(view, cursor, lex)
    holder = holder or described_holder
    first_token = view.tokens[start]
    if (
        quantified
        or determiner in ("a", "an")
        or (in_list and noun.endswith("s") and not determiner)
    ):
        end = described_end
        form = Form.UNNAMED
    elif determiner == "the" and noun in lex.buildings:
        end, form = cursor, Form.ANAPHOR  # "the central prison (in X)": one building, named
    elif determiner and determiner != "its" and described_end > cursor and kind != "governorate":
        end, form = described_end, Form.UNNAMED  # "the silos near the town"
    elif determiner:
        end, form = cursor, Form.ANAPHOR  # "the town", "the province", "its airport"
    else:
        return None
    ref = PlaceRef(
        first_token.start, view.tokens[end - 1].end, view.words(start, end), form, (), kind, noun
    )
    singular = (not quantified or view.lower(index) in ("a", "an", "one")) and (
        not noun.endswith("s") or noun in ("headquarters", "barracks")
    )
    if form is Form.UNNAMED and singular:
        ref = _located(ref, locate(view, cursor, lex))  # "a village 40 km south of X"
    elif form is Form.ANAPHOR and noun in lex.buildings:
        ref = _located(ref, locate(view, cursor, lex))  # "the central prison in X"
        end = max(end, described_end)
    return [_Item(ref, extent, holder)], end


def _name_after_adjectives(view: Parsed, index: int, lex: Lexicon) -> int | None:
    """Where a name begins after one or two lowercase adjectives ("nearby", "strategic",
    "strategically important"), if one does."""
    for skip in (1, 2):
        words = [view.tokens[k] for k in range(index, index + skip) if k < len(view.tokens)]
        if len(words) < skip or any(
            not w.is_word or w.capitalised or w.lower in _STOPS or w.lower in lex.frame_words
            or _noun_at(view, index + k, lex)[2] or view.faction_at(index + k) is not None
            or view.in_time(index + k)
            for k, w in enumerate(words)
        ):  # fmt: skip
            return None
        at = index + skip
        if view.place_at(at) is not None or (
            at < len(view.tokens) and name_end(view.tokens, at) > at and not view.faction_at(at)
        ):
            return at
    return None


def _noun_of_ahead(view: Parsed, index: int, lex: Lexicon, within: int) -> bool:
    """Whether "NOUN of" follows within some words: a capitalised adjective then describes the
    noun ("the predominantly Shi'ite Turkmen town of X"), even one spelt like a place."""
    for k in range(within + 1):
        covered = _noun_at(view, index + k, lex)[2]
        if covered:
            return view.lower(index + k + covered) == "of"
        if index + k >= len(view.tokens) or not view.tokens[index + k].is_word:
            return False
    return False


def _noun_ahead(view: Parsed, index: int, lex: Lexicon) -> bool:
    """Whether a place noun follows within three words: an adverb then qualifies an adjective
    ("the strategically significant town of X"), and does not end the noun phrase."""
    return any(_noun_at(view, index + k, lex)[2] for k in range(3))


def _located(ref: PlaceRef, locator: _Locator) -> PlaceRef:
    """A place with where the words after it put it."""
    if locator.parent < 0 or ref.parent >= 0:
        return ref
    return evolve(
        ref, parent=locator.parent, km=locator.km, bearing=locator.bearing, near=locator.near
    )


def _unknown_name(view: Parsed, index: int, lex: Lexicon, extent: str, holder: FactionHit | None
                  ) -> tuple[list[_Item], int] | None:  # fmt: skip
    """A capitalised name the gazetteer lacks, with the noun that may follow ("X village");
    none for a person ("General X")."""
    end = name_end(view.tokens, index)
    if end == index or any(view.faction_at(k) is not None for k in range(index, end)):
        return None
    if view.lower(index) in place_words().person_titles:
        return None
    if any(view.in_time(k) for k in range(index, end)):
        return None
    noun, kind, covered = _noun_at(view, end, lex)
    last = end + covered
    # A site's noun is part of its name ("the al-Nuri mosque"), a town's is not ("X village").
    named = view.words(index, last if kind in SITE_KINDS else end)
    ref = PlaceRef(
        view.tokens[index].start, view.tokens[last - 1].end, named, Form.NAME, (), kind, noun
    )
    return [_Item(ref, extent, holder)], last


def _restricted(view: Parsed, item: _Item, index: int) -> tuple[_Item, int]:
    """ "the province north of the Euphrates": a region cut by a landmark is an area of its
    own (a town "east of X" is only located by it, and stays the town)."""
    ref = item.ref
    if ref.form is not Form.ANAPHOR or ref.kind != "governorate":
        return item, index
    if not (_RESTRICTING.match(view.lower(index)) and view.lower(index + 1) == "of"):
        return item, index
    end = index + 2
    while view.lower(end) in _DETERMINERS:
        end += 1
    hit = view.place_at(end)
    end = hit.last if hit is not None else name_end(view.tokens, end)
    if end <= index + 2:
        return item, index
    area = PlaceRef(
        ref.start, view.tokens[end - 1].end, view.words(view.index_at(ref.start), end), Form.AREA,
        (), "area", view.lower(index),
    )  # fmt: skip
    return evolve(item, ref=area), end


def _coordinator_at(view: Parsed, index: int) -> int:
    for phrase in _COORDINATORS:
        words = phrase.replace(",", " , ").split()
        if all(view.lower(index + k) == w for k, w in enumerate(words)):
            return len(words)
    return 0


def _parse_list(view: Parsed, index: int, lex: Lexicon, in_list: bool = False, last_noun: str = "",
                object_of: bool = True) -> _List | None:  # fmt: skip
    """A list of places from a token: items joined by commas and "and", then exceptions. In a
    verb's object (`object_of`), an item with a verb after it starts a clause of its own."""
    first = _parse_item(view, index, lex, last_noun, in_list)
    if first is None:
        return None
    items, index = first
    while True:
        items[-1], index = _restricted(view, items[-1], index)
        last = items[-1].ref
        if last.form is Form.NAME and not last.ids:  # "Umm Tiba, 25 km from X"
            items[-1] = evolve(items[-1], ref=_located(last, locate(view, index, lex)))
        index, described_holder = _skip_modifiers(view, index, lex)
        if described_holder is not None and items[-1].holder is None:
            items[-1] = evolve(items[-1], holder=described_holder)
        covered = _coordinator_at(view, index)
        if not covered:
            break
        noun = items[-1].ref.noun if items[-1].ref.form is Form.UNNAMED else ""
        following = _parse_item(view, index + covered, lex, noun, in_list=True)
        if following is None or following[0][0].ref.form in (Form.RELATIVE, Form.PRONOUN):
            break
        if object_of and view.lower(following[1]) in _CLAUSE_VERBS:
            break  # "took X, and the checkpoint was regained": a clause of its own
        if (
            view.lower(index) == ","
            and view.lower(index + 1) in ("the", "a", "an")
            and last.form is Form.NAME
            and all(i.ref.form in (Form.UNNAMED, Form.ANAPHOR) for i in following[0])
        ):
            # "Tal Saman, the largest village north of Raqqa", "X, a town near Y, and Z": the
            # name described; the list may go on after the description.
            index = following[1]
            if not _coordinator_at(view, index) or _parse_item(
                view, index + _coordinator_at(view, index), lex, "", in_list=True
            ) is None:
                break
            continue
        items += following[0]
        index = following[1]
    excluded: list[PlaceRef] = []
    comma = 1 if view.lower(index) == "," else 0
    covered = view.phrase_at(index + comma, lex.exceptions)
    if covered:
        # "all of X except its capital and a few villages had fallen": the subject's verb
        listed = _parse_list(view, index + comma + covered, lex, in_list=True, object_of=False)
        if listed is not None:
            excluded = [evolve(i.ref, extent=i.extent) for i in listed.items]
            index = listed.end
    return _List(tuple(items), tuple(excluded), index)


# The verbs after a list's next item that make it the subject of a clause of its own.
_CLAUSE_VERBS = frozenset({"was", "were", "is", "are", "had", "has", "have", "fell", "remained"})


# ------------------------------------------------------------------------------ the actor


def _segment_start(view: Parsed, index: int, statements: Sequence[Statement]) -> int:
    """Where the clause of a token begins: the sentence, a semicolon, or the last statement."""
    start = 0
    for k in range(index - 1, -1, -1):
        if view.tokens[k].text == ";":
            start = k + 1
            break
    for statement in statements:
        end = view.index_at(statement.end)
        if start < end <= index:
            start = end
    return start


def _is_object(view: Parsed, hit: FactionHit, lex: Lexicon) -> bool:
    """True when a faction is governed by a preposition or a verb, so it is not a subject."""
    k = hit.first - 1
    while k >= 0 and view.lower(k) in ("the", "a", "an", "its", "their", "rival", "other", "all"):
        k -= 1
    if k < 0:
        return False
    before = view.lower(k)
    if before in _SUBORDINATORS:
        return False  # "after Al-Nusra forces fled": the subject of a clause
    if before in _ADJECTIVAL or (k > 0 and view.tokens[k].text.startswith("-")) or "-" in before:
        return False  # "U.S.-backed Syrian Democratic Forces", "Kurdish-led forces"
    return (
        before in _PREPOSITIONS
        or before in lex.frame_words
        or (before.endswith("ed") and before != "reported")
        or before in _GOVERNING
    )


def _subject(view: Parsed, trigger: int, lex: Lexicon, statements: Sequence[Statement]
             ) -> FactionHit | None:  # fmt: skip
    """The faction that is the subject of a phrase at a token, if the clause names one."""
    start = _segment_start(view, trigger, statements)
    relative = _relative_subject(view, trigger)
    if relative is not None:
        return relative
    # "as ISIS made gains, capturing ...": a participle shares its clause's subject.
    participle = view.lower(trigger).endswith("ing")
    if participle:
        # "..., with the Army recapturing it": the participle's own subject, after "with".
        for hit in reversed(view.factions):
            if (
                start <= hit.first
                and hit.last <= trigger
                and "with" in (view.lower(hit.first - 1), view.lower(hit.first - 2))
                and all(view.lower(k) in _BETWEEN for k in range(hit.last, trigger))
            ):
                return hit
    candidates = [
        hit for hit in view.factions
        if start <= hit.first and hit.last <= trigger and not hit.held and not hit.possessive
        and not _is_object(view, hit, lex)
    ]  # fmt: skip
    while candidates:
        hit = candidates[-1]
        # A faction in a subordinate clause before the phrase ("after Al-Nusra fighters
        # withdrew, and gained control of ...") is that clause's subject, not this one's.
        between = [view.lower(k) for k in range(hit.last, trigger)]
        before = [view.lower(k) for k in range(start, hit.first)]
        opener = max((k for k, w in enumerate(before) if w in _SUBORDINATORS), default=None)
        if not participle and opener is not None and "," in between and "," not in before[opener:]:
            candidates.pop()
            continue
        # "A and B captured": the first of the subjects acts for them.
        earlier = [c for c in candidates[:-1] if c.last < hit.first]
        if earlier:
            gap = {view.lower(k) for k in range(earlier[-1].last, hit.first)}
            if gap and gap <= {"and", ",", "the", "its", "allied", "allies"}:
                return earlier[-1]
        return hit
    # A name the table lacks, right before the phrase: "the Blue Army captured ...".
    last = trigger
    while last > start and (
        view.lower(last - 1) in _BETWEEN or view.lower(last - 1).endswith("ly")
    ):
        last -= 1
    men = last - 1 if last - 1 >= start and view.lower(last - 1) in _MEN else last
    first = men
    while (
        first > start
        and view.tokens[first - 1].is_word
        and (view.tokens[first - 1].capitalised or view.lower(first - 1) in ARTICLES)
    ):
        first -= 1
    while first < men and view.lower(first) in _DETERMINERS:
        first += 1
    if men < last and first < men and not any(
        view.place_at(k) or view.faction_at(k) or view.in_time(k) for k in range(first, men)
    ):
        # "Assyrian militiamen pulled out": a people's or a group's word, and its armed men
        return FactionHit(first, last, view.words(first, last), "")
    unknown = _unknown_actor(view, first, last)
    return unknown if unknown is not None and unknown.last == last else None


# Nouns of armed men after a name the faction table lacks ("Assyrian militiamen").
_MEN = _BETWEEN_MEMBERS | frozenset(
    {"militiamen", "gunmen", "soldiers", "guards", "volunteers", "tribesmen", "militias"}
)  # fmt: skip


def _relative_subject(view: Parsed, trigger: int) -> FactionHit | None:
    """The faction "which" or "who" stands for right before a verb ("from ISIL, which had
    captured it in 2014")."""
    k = _before_verb(view, trigger)
    if view.lower(k) not in ("which", "who"):
        return None
    ends = {k}
    while k > 0 and view.lower(k - 1) in (",", ")"):
        k -= 1
        ends.add(k)  # "the Islamic State (ISIL), which": the name may take its bracket in
    return next((f for f in view.factions if f.last in ends and not f.held), None)


def _unknown_actor(view: Parsed, first: int, last: int) -> FactionHit | None:
    """A name the faction table lacks, standing where an actor stands ("the Blue Army"): a
    capitalised name that is no place, no date and no sentence-opening word; faction ""."""
    while first < last and view.lower(first) in _DETERMINERS:
        first += 1
    if first >= last or view.place_at(first) is not None or view.in_time(first):
        return None
    end = name_end(view.tokens, first)
    if end <= first or end > last or end - first > 6:
        return None
    word = view.tokens[first]
    common = word.lower in lexicon().people or (first == 0 and not word.text.isupper())
    if end - first == 1 and common:
        return None  # "Civilians fled ...": a capitalised common noun, not a faction's name
    if any(
        view.place_at(k) is not None or view.faction_at(k) is not None for k in range(first, end)
    ):
        return None
    return FactionHit(first, end, view.words(first, end), "")


def _faction_after(view: Parsed, index: int, skip: int = 3) -> FactionHit | None:
    """A faction within a few words after a token ("from the ISIS", "by rival rebel forces"),
    or a name the table lacks right there ("from the Red Brigade")."""
    for k in range(index, min(index + skip + 1, len(view.tokens))):
        hit = view.faction_at(k)
        if hit is not None:
            return hit
        if view.tokens[k].capitalised and view.lower(k) not in ("the",):
            return _unknown_actor(view, k, len(view.tokens))
        if not view.tokens[k].is_word or view.lower(k) in _CLAUSE_WORDS:
            return None
    return None


def _actor(hit: FactionHit | None, view: Parsed) -> ActorRef | None:
    if hit is None:
        return None
    start, end = view.tokens[hit.first].start, view.tokens[hit.last - 1].end
    return ActorRef(start, end, hit.text, hit.faction or None)


# -------------------------------------------------------------------------- the statements


@frozen
class _Trigger:
    frame: Frame
    first: int  # token index
    last: int  # exclusive
    text: str


def _triggers(view: Parsed, lex: Lexicon) -> list[_Trigger]:
    found: list[_Trigger] = []
    for frame in lex.frames.values():
        for match in frame.pattern.finditer(view.text):
            first = view.index_at(match.start() + view.offset)
            last = view.index_at(match.end() + view.offset)
            if first >= len(view.tokens) or any(view.in_time(k) for k in range(first, last)):
                continue
            if any(p.first < last and first < p.last for p in view.places) or any(
                f.first < last and first < f.last for f in view.factions
            ):
                continue  # a verb inside a name ("Liwa al-Tawhid") is no verb
            found.append(_Trigger(frame, first, last, match.group(0)))
    chosen: list[_Trigger] = []
    for trigger in sorted(found, key=lambda t: (-(t.last - t.first), t.first)):
        if all(trigger.last <= c.first or trigger.first >= c.last for c in chosen):
            chosen.append(trigger)
    return sorted(chosen, key=lambda t: t.first)


def irrealis_before(view: Parsed, index: int, window: int = 6) -> bool:
    """True when the words before a token make it an aim, an attempt or a denial ("tried to",
    "in an attempt to", "would"), not an event."""
    words = [
        view.tokens[k].text
        for k in range(max(0, index - window), index)
        if not view.in_time(k)  # "On 10 May" is no modal "may"
    ]
    return bool(lexicon().irrealis.search(" ".join(words)))


def _aimed(view: Parsed, index: int, frame: Frame) -> bool:
    """True for a verb in the infinitive of an aim ("attacked to retake X", "an offensive to
    capture X"), but not of an achievement ("managed to capture X", "went on to take X") nor of
    the start of a siege ("began to besiege X")."""
    if view.lower(index - 1) != "to" or view.lower(index - 2) in _ACHIEVED_TO:
        return False
    return not (frame.begins and view.lower(index - 2) in _BEGUN)


def _until_after(view: Parsed, index: int, window: int = 10) -> bool:
    """True when "until" follows a token within its clause."""
    for k in range(index, min(index + window, len(view.tokens))):
        word = view.lower(k)
        if word == "until":
            return True
        if word in (",", ";", ".") or (word in _CLAUSE_WORDS and not view.in_time(k)):
            return False
    return False


_ACHIEVED_TO = frozenset({"managed", "able", "on", "succeeded"})
# A siege or a fight that "began to" happen is happening: it needs no end to be an event.
_BEGUN = frozenset({"began", "begun", "begin", "begins", "started", "start"})


def find_statements(view: Parsed, lex: Lexicon | None = None) -> tuple[Statement, ...]:
    """Every statement of control in a sentence, in text order (by the frames of `lex`, the
    lexicon's by default)."""
    lex = lex or lexicon()
    statements: list[Statement] = []
    for trigger in _triggers(view, lex):
        if irrealis_before(view, trigger.first) or _aimed(view, trigger.first, trigger.frame):
            continue
        if trigger.frame.state and _until_after(view, trigger.last):
            continue  # "which the army held until 28 January, when ...": a hold that ended
        found = READERS[trigger.frame.reading](view, trigger, lex, statements)
        if found is not None:
            statements.extend(found)
    return tuple(sorted(statements, key=lambda s: s.trigger_start))


def _how(trigger: _Trigger, lex: Lexicon) -> How | None:
    """How control passes by a phrase, as its frame and its own words say."""
    how = trigger.frame.how_of(trigger.text, lex.how_words)
    return How(how) if how else None


def _quote_start(view: Parsed, first: int, statements: Sequence[Statement]) -> int:
    """A statement's first token: its own first word, or the date that opens its clause."""
    start = _segment_start(view, first, statements)
    while start < first and not view.in_time(start) and view.lower(start) in _CONNECTIVES:
        start += 1
    lead = start
    while lead < first and (view.in_time(lead) or view.lower(lead) in (",", "the")):
        lead += 1
    return start if lead == first else first


def _quote_end(view: Parsed, last: int) -> int:
    """A statement's end token, taking in a date right after it ("recaptured it two days later")."""
    index = last
    if index < len(view.tokens) and view.time_at(index) is not None:
        while index < len(view.tokens) and view.in_time(index):
            index += 1
    return index


@frozen
class _Said:
    """What a phrase says besides its places: who, from whom, how, and what is left out."""

    actor: ActorRef | None = None
    loser: ActorRef | None = None
    excluded: tuple[PlaceRef, ...] = ()
    how: How | None = None


def _statements_of(view: Parsed, trigger: _Trigger, listed: _List, first: int,
                   last: int, statements: Sequence[Statement], said: _Said
                   ) -> list[Statement]:  # fmt: skip
    """The statements of one phrase, one per extent: "took parts of the town, the silos and
    Kabajeb" contests the town and captures the rest; "captures most of X" is a claim."""
    kind = Kind(trigger.frame.kind)
    groups: dict[tuple[Kind, str], list[PlaceRef]] = {}
    for item in listed.items:
        item_kind = kind
        if item.extent == "part" and kind is Kind.CAPTURE:
            item_kind = Kind.CONTESTED
        elif kind is Kind.CAPTURE and (
            item.extent == "most" or (item.extent == "nearly" and said.loser is None)
        ):
            # "most of X", or "almost all of X" without whose places changed hands: which
            # places are meant is unknown, so it is a claim of a share, not a change of control.
            item_kind = Kind.ASSERTION
        groups.setdefault((item_kind, item.extent), []).append(evolve(item.ref, extent=item.extent))
    end = _quote_end(view, last)
    # The words begin at the subject, but not before the previous statement of the sentence
    # ("ISIS imposed a siege on X and three days later captured Y").
    if first < _segment_start(view, trigger.first, statements):
        first = trigger.first
    start = view.tokens[_quote_start(view, first, statements)].start
    return [
        Statement(
            kind=item_kind,
            frame=trigger.frame.name,
            places=tuple(refs),
            start=start,
            end=view.tokens[end - 1].end,
            trigger=trigger.text,
            trigger_start=view.tokens[trigger.first].start,
            actor=said.actor,
            loser=said.loser,
            excluded=listed.excluded,
            how=said.how,
            extent=extent,
        )
        for (item_kind, extent), refs in groups.items()
    ]


def subject_at(view: Parsed, index: int) -> FactionHit | None:
    """The faction that is the subject of the words at a token, if the sentence names one."""
    return _subject(view, index, lexicon(), ())


def place_at(view: Parsed, index: int) -> PlaceRef | None:
    """The first place named from a token, if one is ("Raqqa", "the northern city")."""
    parsed = _parse_item(view, index, lexicon(), "", False)
    return parsed[0][0].ref if parsed and parsed[0] else None


# Where a place is said to be, opening a clause whose verb is left out.
_GAP_PREPOSITIONS = frozenset({"in", "to", "near", "around", "along", "on"})


def _gapped(view: Parsed, listed: _List, lex: Lexicon) -> _List:
    """A list that goes on after a clause that leaves its verb out ("ISIS conquered A and B,
    and in the region south of Mosul the towns C and D"): a place and a plural noun of places
    start the rest, after "and" and a phrase of where, with no faction in it."""
    k = listed.end + (1 if view.lower(listed.end) == "," else 0)
    if view.lower(k) != "and" or view.lower(k + 1) not in _GAP_PREPOSITIONS:
        return listed
    for head in range(k + 2, min(k + 14, len(view.tokens) - 1)):
        word = view.lower(head)
        if word in (",", ";", ".") or view.faction_at(head) is not None:
            return listed
        plural = lex.place_nouns.get(view.lower(head + 1)) and view.lower(head + 1).endswith("s")
        if word == "the" and plural and any(p.last == head for p in view.places):
            rest = _parse_list(view, head, lex)
            if rest is None:
                return listed
            return _List((*listed.items, *rest.items), (*listed.excluded, *rest.excluded),
                         rest.end)  # fmt: skip
    return listed


_LANDMARK = re.compile(
    r"(?:(?:\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?|\bkm|kilomet(?:re|er)s|miles"
    r"|\))\s+of|\btowards?)\s+(?:the\s+)?$",
    re.IGNORECASE,
)  # "west of Mosul", "60 km south of the city", "retreated towards Homs"


def landmark(text: str, at: int) -> bool:
    """Whether the name at a point of a text locates another ("west of Mosul", "60 km south
    of the city") or is where a side went ("retreated towards Homs")."""
    return _LANDMARK.search(text, max(0, at - 40), at) is not None


def _relative_object(view: Parsed, trigger: _Trigger, lex: Lexicon) -> _List | None:
    """The place a relative clause is about when it is the verb's object ("Al-Masaken,
    which the Kurds later captured"): the name right before "which", if a faction and only
    adverbs or auxiliaries stand between "which" and the verb, and no object follows it."""
    if trigger.frame.kind not in (Kind.CAPTURE, Kind.CONTESTED, Kind.SIEGE):
        return None
    verb = trigger.first
    actor = next((
        f.first for f in reversed(view.factions)
        if f.last <= verb and all(_auxiliary(view, k) for k in range(f.last, verb))
    ), None)  # fmt: skip
    if actor is None:  # "which they captured later in the day", "which troops besieged"
        k = _before_verb(view, verb)
        actor = k if view.lower(k) in _SUBJECT_PRONOUNS or view.lower(k) in GENERIC_SIDES else None
    if actor is None:
        return None
    relative = actor - (2 if view.lower(actor - 1) == "the" else 1)
    if view.lower(relative) not in ("which", "that"):
        return None
    before = relative - 1 if view.lower(relative - 1) == "," else relative
    if view.in_time(before - 1) or view.lower(before - 1) in lexicon().reporting:
        return None  # "said Wednesday that Iraqi forces controlled": what was said, no place
    place = next((p for p in view.places if p.last == before), None)
    located = [p for p in view.places if place is not None and p.last < place.first]
    at = view.tokens[place.first].start - view.offset if place is not None else 0
    if place is not None and located and landmark(view.text, at):
        place = located[-1]  # "Khan Tuman south of Aleppo, which rebels had seized"
    name = _name_at(view, place.first) if place is not None else None
    if name is not None:
        return _List((_Item(name.ref, "", None),), (), trigger.last)
    # A name the gazetteer lacks ("Observatory 45, which they captured").
    k = before - 1
    while k > 0 and (view.tokens[k].text[:1].isupper() or view.tokens[k].text.isdigit()):
        k -= 1
    if k + 1 >= before or not view.tokens[k + 1].text[:1].isupper():
        return None
    if any(f.first <= k + 1 < f.last for f in view.factions):
        return None
    first, last = view.tokens[k + 1], view.tokens[before - 1]
    ref = PlaceRef(first.start, last.end, view.words(k + 1, before), Form.NAME)
    return _List((_Item(ref, "", None),), (), trigger.last)


def _active(view: Parsed, trigger: _Trigger, lex: Lexicon, statements: Sequence[Statement]
            ) -> list[Statement] | None:  # fmt: skip
    """ACTOR phrase PLACES [from ENEMY]: "ISIS captured X and Y from the rebels", "the rebels
    withdrew from X" (a frame whose subject leaves)."""
    frame = trigger.frame
    if view.lower(trigger.first - 1) == "the":
        return None  # "the capture": a noun without its object
    listed = _parse_list(view, trigger.last, lex) or _relative_object(view, trigger, lex)
    if listed is None:
        return None
    listed = _gapped(view, listed, lex)
    if frame.subject_leaves and _of_people(view, listed.end):
        return None  # "evacuated the town of its civilians": the people left, not the side
    subject = _subject(view, trigger.first, lex, statements)
    if subject is None and statements and statements[-1].actor is not None:
        # "ISIS took X, after ..., and gained control of Y": the verbs share their subject.
        shared = statements[-1].actor
        subject = next(
            (f for f in view.factions if view.tokens[f.first].start == shared.start), None
        )
    end = listed.end
    loser: FactionHit | None = None
    how = _how(trigger, lex)
    if frame.loser_after and view.lower(end) == frame.loser_after:
        loser = _faction_after(view, end + 1)
        end = loser.last if loser is not None else end
    # "seized many locations from ISIL, including the power station", "liberated 12
    # settlements since Wednesday, among them X": the list goes on.
    after = end
    while after < len(view.tokens) and view.in_time(after):
        after += 1
    covered = view.phrase_at(after, _GOING_ON)
    named = _parse_list(view, after + covered, lex, in_list=True) if covered else None
    if named is not None:
        listed = _List((*listed.items, *named.items), listed.excluded, named.end)
        end = named.end
    holders = [i.holder for i in listed.items if i.holder is not None]
    if loser is None and holders and frame.kind != Kind.WITHDRAWAL:
        loser = holders[0]
    left = _left_as(view, end) if frame.after_leaving else None
    if left is not None and (loser is None or loser.faction == left.faction):
        loser, how = left, How.WITHDREW  # "ISIS took X, after Al-Nusra fighters withdrew"
    first = subject.first if subject is not None else trigger.first
    if listed.items[0].ref.end <= view.tokens[first].start:  # the object before its clause
        first = view.index_at(listed.items[0].ref.start)
    pronoun = _pronoun_subject(view, trigger.first, _segment_start(view, trigger.first, statements))
    if subject is None and pronoun is None:
        pronoun = _participle_subject(view, trigger.first, statements)
    if frame.subject_leaves:
        if subject is None and pronoun is None:
            return None  # civilians fleeing a town do not change who holds it
        winner = _faction_after(view, end + 1) if view.lower(end) == "to" else None
        if winner is not None and winner.faction:  # not "withdrew from X to Y", a place
            # "lost it to an ISIL counter-attack", "handed over the town to government forces"
            said = _Said(_actor(winner, view), _actor(subject, view) or pronoun, how=How.CAPTURED)
            taken = _statements_of(view, trigger, listed, first, winner.last, statements, said)
            return [evolve(s, kind=Kind.CAPTURE) for s in taken]
        said = _Said(None, _actor(subject, view) or pronoun, how=how)
    else:
        said = _Said(_actor(subject, view) or pronoun, _actor(loser, view), how=how)
    return _statements_of(view, trigger, listed, first, end, statements, said)


def _of_people(view: Parsed, index: int) -> bool:
    """True when "of" and the people of a place follow a token ("of the civilians")."""
    k = index + 1
    while view.lower(k) in _DETERMINERS or view.lower(k) in ("remaining", "last", "all"):
        k += 1
    return view.lower(index) == "of" and view.lower(k) in _PEOPLE


_PEOPLE = frozenset(
    {"civilians", "residents", "people", "inhabitants", "population", "families", "wounded"}
)  # fmt: skip
def _participle_subject(view: Parsed, trigger: int, statements: Sequence[Statement]
                        ) -> ActorRef | None:  # fmt: skip
    """The side that acts in a participle after a subordinator ("troops linked up with the
    garrison after seizing the hills"): the common noun that opens the sentence's clause."""
    if not view.lower(trigger).endswith("ing") or view.lower(trigger - 1) not in _SUBORDINATORS:
        return None
    start = _segment_start(view, trigger, statements)
    k = start
    while k < trigger and (view.in_time(k) or view.lower(k) in _OPENERS or view.lower(k) == ","):
        k += 1
    if view.lower(k) not in GENERIC_SIDES:
        return None
    return _common_side(view, k, k + 1)


# Words after which a list of places goes on, past its side or its date.
_GOING_ON = (", including", ", among them", ", among which")
_SUBJECT_PRONOUNS = frozenset({"it", "they", "he", "she"})
# Words after which a pronoun begins a clause of its own ("in Mosul, where they captured X").
_OPENS_CLAUSE = _SUBORDINATORS | {"where", "until"}
# Words for a side that do not name it, and whether it is a state's forces (None: either).
GENERIC_SIDES: Mapping[str, bool | None] = MappingProxyType({
    "militants": False, "jihadists": False, "insurgents": False, "extremists": False,
    "gunmen": False, "terrorists": False, "fighters": None, "troops": True, "soldiers": True,
    "alliance": None, "group": None,
})
# What may open a clause before its pronoun subject, besides a date ("On the morning of").
_OPENERS = _CONNECTIVES | {
    "in", "addition", "meanwhile", "later", "then", "also", "on", "the", "of", "morning",
    "afternoon", "evening", "night",
}  # fmt: skip


def _pronoun_subject(view: Parsed, trigger: int, start: int) -> ActorRef | None:
    """A pronoun that is the subject of a phrase ("It also captured X", "In addition, they
    took Y"): the first word of its clause but for connectives, before the verb and its
    auxiliaries and adverbs."""
    def generic(k: int) -> bool:  # "the militants", where "militants" may also be a member
        if view.lower(k) not in GENERIC_SIDES:
            return False
        before = view.lower(k - 1) if k > 0 else ""
        # "Troops also retook X", "On 15 November, troops had taken X": a side the text names
        # by a common noun at the start of its clause.
        bare = k <= start or not view.tokens[k - 1].is_word or view.in_time(k - 1)
        return bare or before in ("the", "which", "that")

    k = trigger - 1
    while k >= start and (_auxiliary(view, k) or view.lower(k) == "managed") and not generic(k):
        k -= 1
    owned = k + 1 < trigger and view.lower(k) in POSSESSIVE_PRONOUNS and view.lower(k + 1) in (
        _BETWEEN_MEMBERS
    )  # "its fighters captured X": the side that owns them
    if k < start or not (view.lower(k) in _SUBJECT_PRONOUNS or generic(k) or owned):
        return None
    token = view.tokens[k]
    if owned:
        token = Token(token.start, view.tokens[k + 1].end, view.words(k, k + 2))
    if generic(k) and view.lower(k - 1) == "the":  # "the militants recaptured the city"
        k -= 1
        token = Token(view.tokens[k].start, token.end, view.words(k, k + 2))
    if view.lower(k - 1) in ("which", "that"):  # "X, which they captured": its own clause
        return ActorRef(token.start, token.end, token.text, None, pronoun=True)
    # "On 16 March, it took Y": a date may open the clause too; so may what reports it ("the
    # ministry said its troops had taken Y") or a subordinator.
    opened = view.lower(k - 1) in lexicon().reporting or view.lower(k - 1) in _OPENS_CLAUSE or (
        view.lower(k - 1) == "that" and view.lower(k - 2) in lexicon().reporting
    )  # "... a day after the alliance encircled the dam": the subject of its own clause
    opening = {view.lower(j) for j in range(start, k) if not view.in_time(j)}
    # "According to SOHR, they were in control of ...": who says it opens the clause.
    attributed = view.lower(start) == "according" and view.lower(k - 1) == ","
    if not (opened or attributed or opening <= _OPENERS):
        return None
    return ActorRef(token.start, token.end, token.text, None, pronoun=True)


def _auxiliary(view: Parsed, k: int) -> bool:
    """Whether a word between a subject and its verb is an auxiliary, a hedge, a member noun
    or an adverb ("had reportedly", "fighters later")."""
    return view.lower(k) in _BETWEEN or view.lower(k).endswith("ly")


def _before_verb(view: Parsed, verb: int) -> int:
    """The word before a verb and its auxiliaries ("which troops have besieged": "troops", a
    side's common noun, not an auxiliary's member noun)."""
    k = verb - 1
    while k >= 0 and _auxiliary(view, k) and view.lower(k) not in GENERIC_SIDES:
        k -= 1
    return k


def _left_as(view: Parsed, end: int) -> FactionHit | None:
    """Those who left the places of a capture as it happened ("after Al-Nusra fighters
    withdrew", "as the Kurds fled"), if the words right after it say so."""
    withdrew = _WITHDREW_AFTER.match(view.text[view.tokens[end - 1].end - view.offset :])
    if withdrew is None:
        return None
    who = view.index_at(view.tokens[end - 1].end + withdrew.start("who"))
    return _faction_after(view, who, skip=2)


def _expulsion(view: Parsed, trigger: _Trigger, lex: Lexicon, statements: Sequence[Statement]
               ) -> list[Statement] | None:  # fmt: skip
    """ "ISIS routed rebels from X", "drove F out of X"; "F was pushed out of X [by G]"."""
    if trigger.frame.reading == "expelled":
        loser = next(
            (f for f in view.factions if trigger.first - 4 < f.last <= trigger.first), None
        )
        # "the next day the group was driven out of X": the side named so before.
        generic = _generic_before(view, trigger.first) if loser is None else None
        named = loser is not None or generic is not None
        listed = _parse_list(view, trigger.last, lex) if named else None
        if listed is None and view.lower(trigger.last - 1) == "out" and statements:
            return _driven_back(view, trigger, loser, statements)
        if listed is None:
            return None
        if loser is not None:
            first = loser.first
        elif generic is not None:
            first = view.index_at(generic.start)
        else:
            return None
        end = listed.end
        by = _faction_after(view, end + 1, skip=2) if view.lower(end) == "by" else None
        end = by.last if by is not None else end
        how = _how(trigger, lex)
        said = _Said(_actor(by, view), _actor(loser, view) or generic, how=how)
        return _statements_of(view, trigger, listed, first, end, statements, said)
    enemy = _faction_after(view, trigger.last)
    if enemy is None:
        return None
    index = enemy.last
    # "Al-Nusra and aligned militants from ...": the words up to "from" go with the enemy.
    while index < len(view.tokens) and view.lower(index) not in ("from", "out", "to"):
        word = view.tokens[index]
        if not word.is_word or word.lower in _CLAUSE_WORDS or index > enemy.last + 8:
            return None
        index += 1
    covered = view.phrase_at(
        index, ("out of", "out from", "from", "to withdraw from", "to retreat from", "to leave")
    )
    listed = _parse_list(view, index + covered, lex) if covered else None
    if listed is None:
        return None
    subject = _subject(view, trigger.first, lex, statements)
    first = subject.first if subject is not None else trigger.first
    how = _how(trigger, lex)
    said = _Said(_actor(subject, view), _actor(enemy, view), how=how)
    return _statements_of(view, trigger, listed, first, listed.end, statements, said)


_SAME_SUBJECT = re.compile(r"(?:^|[\s,])(?:and|but)(?:\s+then)?[\s,]*$|^[\s,]*$", re.IGNORECASE)


def _driven_back(view: Parsed, trigger: _Trigger, loser: FactionHit | None,
                 statements: Sequence[Statement]) -> list[Statement] | None:  # fmt: skip
    """ "ISIL recaptured part of X, but was driven out two days later": out of the places the
    statement before took, by whoever the text names after "by", else the other side."""
    previous = statements[-1]
    between = view.text[previous.end - view.offset : view.tokens[trigger.first].start
                        - view.offset]  # fmt: skip
    # "seized X in May 2015 and was driven out": nobody else named before the verb.
    shared = _SAME_SUBJECT.search(between) is not None and not any(
        previous.end <= view.tokens[f.first].start < view.tokens[trigger.first].start
        for f in view.factions
    )
    if loser is None and not (shared and previous.actor is not None):
        return None
    by = None
    if view.lower(trigger.last) == "by":
        by = _faction_after(view, trigger.last + 1, skip=2)
    end = _quote_end(view, by.last if by is not None else trigger.last)
    return [
        Statement(
            kind=Kind.CAPTURE,
            frame=trigger.frame.name,
            places=tuple(evolve(p, extent="") for p in previous.places),
            start=view.tokens[trigger.first].start,
            end=view.tokens[end - 1].end,
            trigger=trigger.text,
            trigger_start=view.tokens[trigger.first].start,
            actor=_actor(by, view),
            loser=_actor(loser, view) or previous.actor,
            how=How.EXPELLED,
        )
    ]


def _nominal(view: Parsed, trigger: _Trigger, lex: Lexicon, statements: Sequence[Statement]
             ) -> list[Statement] | None:  # fmt: skip
    """ "the seizure of the oil station [by ISIS]", "the fall of X to ISIS": a capture named
    by a noun; without an actor, build.py gives it the place's holder so far. "A siege of X by
    ISIL": a siege, which names its besieger (a siege without one is only the operation's name,
    "The siege of X was launched")."""
    if view.lower(trigger.first - 1) not in ("the", "its", "their", "after", "during", "a"):
        return None
    listed = _parse_list(view, trigger.last, lex)
    if listed is None:
        return None
    end = listed.end
    by = _faction_after(view, end + 1, skip=2) if view.lower(end) in ("by", "to") else None
    completing = view.lower(trigger.first - 2) in _COMPLETING and statements
    if trigger.frame.needs_by and by is None and not completing:
        return None
    end = by.last if by is not None else end
    if by is None and completing:
        # "took X east of the town, completing the encirclement of Y": by who took X.
        said = _Said(statements[-1].actor, None, how=_how(trigger, lex))
        return _statements_of(view, trigger, listed, trigger.first - 2, end, statements, said)
    if view.lower(end) in _MODALS:
        return None  # "the capture of X would open the road": what it would do, not that it was
    said = _Said(_actor(by, view), None, how=_how(trigger, lex))
    return _statements_of(view, trigger, listed, trigger.first, end, statements, said)


_MODALS = frozenset({"would", "could", "might", "may", "will", "should", "can"})
# A participle by which the subject before completes what a noun names ("completing the
# encirclement of X").
_COMPLETING = frozenset({"completing", "completed", "tightening", "tightened"})


def _passive(view: Parsed, trigger: _Trigger, lex: Lexicon, statements: Sequence[Statement]
             ) -> list[Statement] | None:  # fmt: skip
    """ "X fell to ISIS", "The village was taken by the rebels", "which remained under the
    control of government troops"."""
    found = _passive_subject(view, trigger, lex, statements)
    if found is None:
        return None
    first, listed = found
    by = _faction_after(view, trigger.last, skip=3)
    generic = _generic_after(view, trigger.last) if by is None else None
    if generic is not None:  # "which fell to the group the next day"
        said = _Said(generic, None, how=_how(trigger, lex))
        end = view.index_at(generic.end)  # the token after the side
        return _statements_of(view, trigger, listed, first, end, statements, said)
    if by is None and re.search(r"\b(?:by|to|of)$", trigger.text, re.IGNORECASE):
        return None
    # "Joint Operations Command announced that Qayyarah had been liberated": by the reporter.
    by = by or _reporter(view, first)
    end = by.last if by is not None else trigger.last
    also = view.phrase_at(end, (", as were", ", as was", "as were", "as was"))
    more = _parse_list(view, end + also, lex, in_list=True) if also and by is not None else None
    if more is not None:  # "X was taken by the Sanadid Forces, as were A, B and C"
        listed = _List((*listed.items, *more.items), listed.excluded, more.end)
        end = more.end
    left = _left_as(view, end) if trigger.frame.after_leaving else None
    how = How.WITHDREW if left is not None else _how(trigger, lex)
    said = _Said(_actor(by, view), _actor(left, view), how=how)
    return _statements_of(view, trigger, listed, first, end, statements, said)


# What a side declares a place ("declared the city fully liberated").
_DECLARED_DONE = frozenset(
    {"liberated", "free", "freed", "captured", "recaptured", "retaken", "secured", "cleared",
     "taken"}
)  # fmt: skip


def _declared(view: Parsed, trigger: _Trigger, lex: Lexicon, statements: Sequence[Statement]
              ) -> list[Statement] | None:  # fmt: skip
    """ACTOR phrase PLACES [fully] DONE: "government troops declared Ramadi fully liberated"."""
    listed = _parse_list(view, trigger.last, lex)
    if listed is None:
        return None
    end = listed.end
    while view.lower(end) in (",", '"', "“", "”") or view.lower(end).endswith("ly"):
        end += 1  # "the provincial capital, Ramadi, fully liberated", 'the city "liberated"'
    # What it is declared: "liberated", or "under its full control".
    done = view.phrase_at(end, _UNDER_CONTROL) or (1 if view.lower(end) in _DECLARED_DONE else 0)
    if not done:
        return None
    subject = _subject(view, trigger.first, lex, statements)
    pronoun = _pronoun_subject(view, trigger.first, _segment_start(view, trigger.first, statements))
    first = subject.first if subject is not None else trigger.first
    said = _Said(_actor(subject, view) or pronoun, how=_how(trigger, lex))
    return _statements_of(view, trigger, listed, first, end + done, statements, said)


_UNDER_CONTROL = tuple(
    f"under {whose} {how}control"
    for whose in ("its", "their", "the")
    for how in ("", "full ", "complete ", "total ")
)


def _common_side(view: Parsed, first: int, last: int) -> ActorRef:
    """Tokens [first, last) that name a side by a common noun ("the group", "its fighters"),
    standing for the side named so before."""
    return ActorRef(view.tokens[first].start, view.tokens[last - 1].end, view.words(first, last),
                    None, pronoun=True)  # fmt: skip


def _generic_before(view: Parsed, index: int) -> ActorRef | None:
    """A side named by a common noun right before a token ("the group was driven out")."""
    k = index - 1
    if view.lower(k) not in GENERIC_SIDES:
        return None
    return _common_side(view, k - 1 if view.lower(k - 1) == "the" else k, k + 1)


def _generic_after(view: Parsed, index: int) -> ActorRef | None:
    """A side named by a common noun right after a token ("fell to the group", "had fallen to
    its fighters")."""
    k = index + 1 if view.lower(index) in ("the", *POSSESSIVE_PRONOUNS) else index
    if view.lower(k) not in GENERIC_SIDES:
        return None
    return _common_side(view, index, k + 1)


def _reporter(view: Parsed, first: int) -> FactionHit | None:
    """The side that reports a clause starting at a token ("the command announced that ...")."""
    k = first - 1
    if view.lower(k) != "that":
        return None
    k -= 1
    if view.lower(k) not in lexicon().reporting:
        return None
    return next((f for f in view.factions if f.last == k and not f.held), None)


def _defection(view: Parsed, trigger: _Trigger, _lex: Lexicon, statements: Sequence[Statement]
               ) -> list[Statement] | None:  # fmt: skip
    """ "the local unit of Al-Nusra in X pledged loyalty to ISIS", "F defected to G"."""
    joins = _faction_after(view, trigger.last, skip=1)
    if joins is None:
        return None
    unit, parent, first, places = _unit(view, trigger.first, statements)
    if unit is None:
        return None
    end = _quote_end(view, joins.last)
    return [
        Statement(
            kind=Kind(trigger.frame.kind),
            frame=trigger.frame.name,
            places=places,
            start=view.tokens[_quote_start(view, first, statements)].start,
            end=view.tokens[end - 1].end,
            trigger=trigger.text,
            trigger_start=view.tokens[trigger.first].start,
            actor=_actor(joins, view),
            loser=_actor(parent, view),
            unit=unit,
            how=How.DEFECTED,
        )
    ]


def _passive_subject(view: Parsed, trigger: _Trigger, lex: Lexicon, statements: Sequence[Statement]
                     ) -> tuple[int, _List] | None:  # fmt: skip
    """The places before a passive phrase ("The As-Sabkhah village was taken by ..."): the
    first list in the clause that runs right up to the phrase."""
    start = _segment_start(view, trigger.first, statements)
    # A statement in a relative clause between the place and its verb does not end the
    # clause: "Bashiqa, which the Peshmerga had surrounded, was taken".
    relative = next((
        s for s in reversed(statements)
        if view.index_at(s.end) <= start
        and _OPENS_RELATIVE.match(view.text, s.start - view.offset, s.end - view.offset)
    ), None)  # fmt: skip
    if relative is not None:  # its words start at the place "which" is about
        start = view.index_at(relative.start)
    for first in range(start, trigger.first):
        if view.in_time(first) or not (
            view.tokens[first].is_word or view.tokens[first].text.isdigit()
        ):
            continue
        listed = _parse_list(view, first, lex)
        if listed is None:
            continue
        gap = range(listed.end, trigger.first)
        if all(view.lower(k) in (",",) or view.tokens[k].lower.endswith("ly") for k in gap) or (
            _appositive(view, listed.end, trigger.first)
            or _LOCATED_GAP.match(view.words(listed.end, trigger.first)) is not None
        ):
            return first, listed
    return None


_OPENS_RELATIVE = re.compile(r"[^,;]{1,60},\s*which\b")  # "Bashiqa, which ..."
# Where a place lies, or who had done what to it, between it and its passive verb ("Toshkivka,
# to the south, fell to ..."; "Bashiqa, which Peshmerga forces had surrounded in late October,
# was taken").
_LOCATED_GAP = re.compile(
    r"^\s*,\s*(?:to|in|on)\s+the\s+(?:north|south|east|west)\w*\s*,\s*$"
    r"|^\s*,\s*which\s+[^,;]{3,80},\s*$",
    re.IGNORECASE,
)


def _appositive(view: Parsed, first: int, last: int) -> bool:
    """Whether the tokens between a place and its verb describe it between commas ("Mishtenur
    hill, the high ground south-east of the city, had been retaken")."""
    words = [view.lower(k) for k in range(first, last)]
    while words and words[-1].endswith("ly"):
        words.pop()
    return (
        len(words) >= 3 and words[0] == "," and words[-1] == ","
        and words[1] in ("the", "a", "an") and words.count(",") == 2 and len(words) <= 14
        and not any(
            (hit := view.faction_at(k)) is not None and not hit.held for k in range(first, last)
        )  # "the last ISIL-held area" describes; "the army" would be a subject
        and all(w not in _CLAUSE_WORDS for w in words)
    )  # fmt: skip


def _unit(view: Parsed, trigger: int, statements: Sequence[Statement]
          ) -> tuple[ActorRef | None, FactionHit | None, int, tuple[PlaceRef, ...]]:  # fmt: skip
    """Who changes sides, the faction it is a unit of, the token its words start at, and where
    it is: a faction ("Liwa X defected to ..."), or a unit ("the local unit of Al-Nusra in X")."""
    first = _segment_start(view, trigger, statements)
    while first < trigger and (view.in_time(first) or view.lower(first) == ","):
        first += 1
    # Up to the faction or the unit's noun, only lower-case words ("the local unit of ...").
    k = first
    while k < trigger and view.faction_at(k) is None and view.lower(k) not in _UNIT_NOUNS:
        word = view.tokens[k]
        if not word.is_word or (word.capitalised and word.lower not in _DETERMINERS):
            return None, None, first, ()
        k += 1
    hit = view.faction_at(k)
    if hit is not None:
        return _actor(hit, view), None, first, _places_between(view, hit.last, trigger)
    parent = view.faction_at(k + 2) if view.lower(k + 1) == "of" else None
    if parent is None:
        return None, None, first, ()
    words = view.words(first, trigger).strip(" ,")
    start = view.tokens[first].start
    unit = ActorRef(start, start + len(words), words, None)
    return unit, parent, first, _places_between(view, parent.last, trigger)


def _places_between(view: Parsed, first: int, last: int) -> tuple[PlaceRef, ...]:
    """The place named after "in" or "at" between two tokens, if any (known or not)."""
    for k in range(first, last):
        if view.lower(k) not in ("in", "at"):
            continue
        hit = view.place_at(k + 1)
        end = hit.last if hit is not None else name_end(view.tokens, k + 1)
        if end > k + 1 and end <= last and view.faction_at(k + 1) is None:
            start, stop = view.tokens[k + 1].start, view.tokens[end - 1].end
            ids = hit.ids if hit is not None else ()
            return (PlaceRef(start, stop, view.words(k + 1, end), Form.NAME, ids),)
    return ()


def _defection_noun(view: Parsed, trigger: _Trigger, lex: Lexicon,
                    statements: Sequence[Statement]) -> list[Statement] | None:  # fmt: skip
    """ "defections from the opposition to ISIS ... in the town of X": X goes over to ISIS."""
    side_left = _faction_after(view, trigger.last, skip=1)
    if side_left is None or view.lower(side_left.last) != "to":
        return None
    joins = _faction_after(view, side_left.last + 1, skip=1)
    if joins is None:
        return None
    where = next((k for k in range(joins.last, len(view.tokens)) if view.lower(k) == "in"), None)
    listed = _parse_list(view, where + 1, lex) if where is not None else None
    if listed is None:
        return None
    how = _how(trigger, lex)
    said = _Said(_actor(joins, view), _actor(side_left, view), how=how)
    return _statements_of(view, trigger, listed, trigger.first, listed.end, statements, said)


_Reader = Callable[[Parsed, _Trigger, Lexicon, Sequence[Statement]], list[Statement] | None]
# How the words of each `reading` of the frames of lexicon.toml stand around the phrase.
READERS: Mapping[str, _Reader] = MappingProxyType({
    "active": _active,
    "expel": _expulsion,
    "expelled": _expulsion,
    "passive": _passive,
    "declared": _declared,
    "nominal": _nominal,
    "defection": _defection,
    "defection_noun": _defection_noun,
})  # fmt: skip


def analyse(text: str, offset: int, gazetteer: Gazetteer, actors: Actors) -> Parsed:
    """A sentence read into tokens, dates, factions and place names (where a faction's name
    and a place's overlap, the longer wins; dates win over both)."""
    tokens = tokenize(text, offset)
    times = find_times(text, offset)
    factions = find_factions(tokens, text, offset, actors)
    places = find_places(tokens, text, offset, gazetteer)

    def dated(first: int, last: int) -> bool:
        return any(t.start < tokens[last - 1].end and tokens[first].start < t.end for t in times)

    def overlapping(a: PlaceHit | FactionHit, b: PlaceHit | FactionHit) -> bool:
        return a.first < b.last and b.first < a.last

    kept_places = tuple(
        p for p in places
        if not dated(p.first, p.last)
        and all(p.last - p.first > f.last - f.first for f in factions if overlapping(p, f))
    )  # fmt: skip
    kept_factions = tuple(
        f for f in factions
        if not dated(f.first, f.last) and not any(overlapping(p, f) for p in kept_places)
    )  # fmt: skip
    return Parsed(text, offset, tokens, kept_places, kept_factions, times)
