"""Factions: the actors of the genre's wars found in a sentence through an alias table.

"ISIS", "ISIL", "IS", "Islamic State" and "Daesh" are one faction; "the army" and "government
forces" are the state of the article's country. A mention takes in the noun after it ("ISIS
fighters", "Al-Nusra forces"); "rebel-held" marks a holder rather than an actor; "Al-Nusra's" a
possessor. Names the table lacks become new factions (`new_faction`), with the coalition the
infobox gives them when it lists them under another combatant.

A name is read as a whole, not only where the table lists it word for word: a modifier between
an actor's word and its noun ("Ukrainian special forces"), a unit its possessor or nationality
names ("the Iraqi army's 16th Infantry Division", "Russia's 1st Guards Tank Army"), an acronym
restated in brackets ("the Counter-Terrorism Service (CTS) forces"), and "forces loyal to X" or
"the commandos of X" are one mention of one faction, so no part of the name is left to become a
faction of its own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from functools import cached_property

from attrs import evolve, field, frozen

from engine.extraction.layout import Article
from engine.extraction.lexicon import FactionEntry, faction_table
from engine.extraction.tokens import Token, tokenize
from engine.extraction.toponyms import slug
from engine.model.frozen import read_only
from engine.model.names import name_key

# Nouns a faction's name takes after it without becoming another actor.
_MEMBERS = frozenset(
    {"fighters", "forces", "troops", "militants", "members", "units", "gunmen", "jihadists",
     "soldiers", "loyalists", "brigades", "battalions", "groups", "militiamen", "elements",
     "garrison", "unit", "fighter", "militant", "soldier", "commanders", "insurgents"}
)  # fmt: skip
# Nouns of armed men that end an actor's name ("Ukrainian special forces", "the army's troops").
_HEADS = _MEMBERS | frozenset(
    {"army", "military", "police", "militia", "militias", "commandos", "paratroopers", "marines",
     "warplanes", "jets", "navy", "force", "guardsmen", "defenders", "servicemen"}
)  # fmt: skip
# The nouns after which the first word of a name of two words lends itself to longer names
# ("Ukrainian forces"); not the nouns of units' own names ("Peace Brigades", "Quds Force").
_STEM_HEADS = frozenset(
    {"forces", "troops", "soldiers", "fighters", "militants", "militia", "militias", "militiamen",
     "army", "military", "police", "loyalists", "warplanes", "jets", "gunmen", "commandos",
     "paratroopers", "marines", "units", "defenders"}
)  # fmt: skip
# Nouns of irregulars: "Lebanese militia" are not the Lebanese Army, nor "Syrian fighters" the
# Syrian Army, so a state's word does not lend itself to them.
_IRREGULARS = frozenset(
    {"fighters", "fighter", "militia", "militias", "militiamen", "gunmen", "militants",
     "militant", "insurgents", "jihadists", "loyalists"}
)  # fmt: skip
# Nouns after which "military", "army" or "police" is an adjective, not armed men ("ISIL's
# military official", "an army base", "the Iraqi police station").
_NOT_MEN = frozenset(
    {"official", "officials", "commander", "commanders", "chief", "chiefs", "leader", "leaders",
     "spokesman", "spokesperson", "spokeswoman", "source", "sources", "council", "councils",
     "base", "bases", "operation", "operations", "command", "headquarters", "academy", "college",
     "intelligence", "station", "stations", "post", "posts", "checkpoint", "checkpoints",
     "airport", "hospital", "vehicle", "vehicles", "convoy", "convoys", "position", "positions",
     "statement", "court", "prison", "barracks", "camp", "camps", "officer", "officers",
     "adviser", "advisers", "advisor", "advisors", "analyst", "analysts", "expert", "experts",
     "plane", "planes", "helicopter", "helicopters", "offensive", "campaign", "sweep"}
)  # fmt: skip
_SINGULAR_HEADS = frozenset({"army", "military", "police", "militia", "navy", "force"})
# Words that may stand between an actor's word and its noun ("Russian airborne troops").
_MODIFIERS = frozenset(
    {"special", "security", "government", "regular", "elite", "armed", "ground", "land",
     "airborne", "army", "military", "naval", "border", "state", "federal", "allied", "local",
     "paramilitary", "reserve", "volunteer", "regime", "air", "aerospace", "national", "police",
     "counter-terrorism", "counterterrorism", "commando", "mechanized", "mechanised", "armoured",
     "armored", "infantry", "tank", "artillery", "assault", "operations", "intervention",
     "defence", "defense", "internal", "interior", "militia", "proxy", "marine", "foreign",
     "frontline", "loyalist", "auxiliary", "pro-government", "rapid", "response"}
)  # fmt: skip
# Nouns of armed men that "of X" or "loyal to X" makes X's ("the commandos of the CTS"). Not
# "fighters", "units" or "members": "fighters of Al-Nusra defected" names a part of Al-Nusra.
_OF_HEADS = frozenset(
    {"forces", "troops", "soldiers", "militants", "militiamen", "commandos", "gunmen", "militias",
     "paratroopers", "marines", "army", "alliance"}
)  # fmt: skip
_LOYAL_HEADS = _OF_HEADS | frozenset({"fighters", "units", "militia", "brigades", "loyalists"})
# "forces loyal to ...", "troops aligned with ...": the words that tie armed men to a faction.
_TIES = frozenset({("loyal", "to"), ("aligned", "with"), ("allied", "with"), ("allied", "to")})
# Words between a tie and its faction ("loyal to former President Ali Abdullah Saleh").
_TITLES = frozenset(
    {"the", "president", "former", "ousted", "late", "general", "gen", "gen.", "field",
     "marshal", "commander", "strongman", "leader", "prime", "minister", "renegade", "military",
     "eastern", "libyan", "yemeni", "syrian", "iraqi", "self-styled", "exiled", "deposed"}
)  # fmt: skip
# Units: the noun that ends a formation's name ("the 16th Infantry Division").
_UNIT_NAMES = frozenset(
    {"division", "brigade", "brigades", "regiment", "battalion", "battalions", "corps", "army",
     "legion", "force", "forces", "group", "squadron", "unit", "units"}
)  # fmt: skip
# Kinds of a regular army's formations: a numbered formation of one of these kinds that no
# possessor names is the article's army ("the 9th Armoured Division").
_REGULAR_KINDS = frozenset(
    {"infantry", "armoured", "armored", "armour", "armor", "mechanized", "mechanised",
     "motorized", "motorised", "tank", "airborne", "artillery", "mountain", "marine", "guards",
     "rifle", "air", "assault", "commando", "paratroopers", "parachute", "naval", "border"}
)  # fmt: skip
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.IGNORECASE)
_ORDINAL_WORDS = frozenset(
    {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
     "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
     "seventeenth", "eighteenth", "nineteenth", "twentieth"}
)  # fmt: skip
_LED = re.compile(r"^(?P<name>.+?)-(?:led|dominated)$", re.IGNORECASE)
# Nouns of a side made of several ("the YPG-led coalition").
_GROUPINGS = frozenset({"coalition", "alliance", "operation", "offensive", "campaign"})
_HOLDING = re.compile(r"^(?P<name>.+?)-(?:held|controlled|occupied|besieged)$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^(?P<name>.+?)['’]s?$")
_MAX_WORDS = 8
# The name key of words as written, remembered: reading the names that start at each word asks
# for the same words again and again. Cached here, not in engine/model/names.py, whose source is
# part of the gazetteer index's code digest (editing it makes every built index stale).
_words_key = functools.lru_cache(maxsize=1 << 16)(name_key)
_MAX_MODIFIERS = 3
_MAX_UNIT_WORDS = 5


def _is_acronym(alias: str) -> bool:
    return len(alias) <= 5 and alias.isupper() and alias.isalpha()


@frozen
class FactionHit:
    """A faction named in a sentence."""

    first: int
    last: int  # exclusive
    text: str
    faction: str
    held: bool = False  # "rebel-held": who holds a place, not who acts
    possessive: bool = False  # "Al-Nusra's stronghold"




@frozen
class Actors:
    """The factions an article may name, keyed by every spelling of every alias."""

    entries: Mapping[str, FactionEntry] = field(converter=read_only)
    keys: Mapping[str, str] = field(converter=read_only)
    acronyms: Mapping[str, str] = field(converter=read_only)  # exact spelling -> id
    # The first word of a name of two words ("Ukrainian" of "Ukrainian forces") -> id; acronyms
    # ("GNA" of "GNA forces") by their exact spelling, other words by their name key.
    stems: Mapping[str, str] = field(converter=read_only, factory=dict)
    # A country's name (key) -> the faction of its state ("ukraine" -> "ukraine").
    countries: Mapping[str, str] = field(converter=read_only, factory=dict)

    @classmethod
    @functools.cache  # of the cached alias table alone, and frozen: built once per country
    def for_country(cls, country: str) -> Actors:
        """The alias table with generic names ("the army") given to the country's forces, and
        the alliances of a state with another country's state kept only in that country."""
        table = faction_table()
        entries = {f.id: f for f in table.factions}
        entries = {k: _allied_in(e, entries, country) for k, e in entries.items()}
        keys: dict[str, str] = {}
        acronyms: dict[str, str] = {}
        for entry in entries.values():
            for alias in (entry.name, *entry.aliases):
                if _is_acronym(alias):
                    acronyms[alias] = entry.id
                else:
                    keys.setdefault(name_key(alias), entry.id)
        for alias, countries in table.generic.items():
            target = countries.get(country)
            if target is not None:
                keys.setdefault(name_key(alias), target)
        probe = cls(entries, keys, acronyms)
        return cls(entries, keys, acronyms, _stems(entries, probe), _countries(entries, probe))

    @cached_property
    def beginnings(self) -> frozenset[str]:
        """Every beginning of the first word of every name the table lists, by name key ("al",
        "al q", ... of "al qaeda"): a word no name can begin with starts none (most words of a
        sentence), and reading the names that start there takes one look, not eight."""
        firsts = {key.split(" ", 1)[0] for key in (*self.keys, *map(name_key, self.acronyms))}
        return frozenset(word[:n] for word in firsts for n in range(1, len(word) + 1))

    def with_new(self, entry: FactionEntry) -> Actors:
        """The table with a faction it lacked (from the infobox or the text)."""
        entries = {**self.entries, entry.id: entry}
        keys = dict(self.keys)
        for alias in (entry.name, *entry.aliases):
            keys.setdefault(name_key(alias), entry.id)
        return Actors(entries, keys, self.acronyms, self.stems, self.countries)

    def lookup(self, words: str) -> str | None:
        """The faction id of a name as written, if the table knows it, or if the name is one
        mention of a faction as a whole ("Ukrainian special forces", "forces loyal to Haftar")."""
        found = self.exact(words)
        if found is not None or _is_acronym(words) or not words.strip():
            return found
        tokens = tokenize(words)
        hits = find_factions(tokens, words, 0, self)
        if len(hits) != 1:
            return None
        hit = hits[0]
        whole = hit.first == 0 and hit.last == len(tokens)
        return hit.faction if whole and not hit.held and not hit.possessive else None

    def exact(self, words: str) -> str | None:
        """The faction id of a name the table lists as written."""
        if words in self.acronyms:
            return self.acronyms[words]
        if _is_acronym(words):
            return None
        return self.keys.get(_words_key(words))

    def stem(self, token: Token) -> str | None:
        """The faction a word lends its longer names to ("Ukrainian", "GNA"), if any."""
        if _is_acronym(token.text):
            return self.stems.get(token.text)
        if token.text.islower():
            return None  # "pro-GNA" lends itself, "tribal" does not
        return self.stems.get(_words_key(token.text))

    def chain(self, faction_id: str) -> tuple[str, ...]:
        """The faction and its coalitions, innermost first."""
        chain = [faction_id]
        parent = self.entries[faction_id].coalition if faction_id in self.entries else None
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = self.entries[parent].coalition if parent in self.entries else None
        return tuple(chain)

    def compatible(self, a: str, b: str) -> bool:
        """True when one faction is the other or contains it."""
        return a in self.chain(b) or b in self.chain(a)

    def side(self, faction_id: str) -> str:
        """The top coalition of a faction."""
        return self.chain(faction_id)[-1]


def _state_country(faction_id: str | None, entries: Mapping[str, FactionEntry]) -> str:
    """The country of the first state in a faction's chain ("" when none is a state)."""
    seen: set[str] = set()
    while faction_id is not None and faction_id in entries and faction_id not in seen:
        seen.add(faction_id)
        if entries[faction_id].country:
            return entries[faction_id].country
        faction_id = entries[faction_id].coalition
    return ""


def _allied_in(entry: FactionEntry, entries: Mapping[str, FactionEntry], country: str
               ) -> FactionEntry:  # fmt: skip
    """A state's alliance with another country's state holds in articles about that country
    only: Russia is with the Syrian government in Syria, on its own side in Ukraine."""
    if not entry.country or entry.coalition is None:
        return entry
    ally = _state_country(entry.coalition, entries)
    if ally and ally != entry.country and ally != country:
        return evolve(entry, coalition=None)
    return entry


def _common(ids: set[str], actors: Actors) -> str | None:
    """The one of several factions that contains all the others, if there is one."""
    for candidate in ids:
        if all(candidate in actors.chain(other) for other in ids):
            return candidate
    return None


def _stems(entries: Mapping[str, FactionEntry], actors: Actors) -> dict[str, str]:
    """The first words of the two-word names ("Ukrainian forces") and what they name."""
    found: dict[str, set[str]] = {}
    for entry in entries.values():
        for alias in (entry.name, *entry.aliases):
            words = alias.split()
            if len(words) != 2 or words[1].lower() not in _STEM_HEADS or words[0].islower():
                continue
            if words[0].lower() in _MODIFIERS:
                continue  # "Federal Police" does not make every "Federal ..." the police
            key = words[0] if _is_acronym(words[0]) else name_key(words[0])
            found.setdefault(key, set()).add(entry.id)
    stems = {key: _common(ids, actors) for key, ids in found.items()}
    return {key: faction for key, faction in stems.items() if faction is not None}


def _countries(entries: Mapping[str, FactionEntry], actors: Actors) -> dict[str, str]:
    """The names of the countries whose states the table has, and their states."""
    found: dict[str, set[str]] = {}
    for entry in entries.values():
        if entry.country:
            found.setdefault(name_key(entry.country.replace("_", " ")), set()).add(entry.id)
    countries = {key: _common(ids, actors) for key, ids in found.items()}
    return {key: faction for key, faction in countries.items() if faction is not None}


# ------------------------------------------------------------------------------ finding names


class _Reading:
    """One sentence's tokens, read for the names of factions."""

    def __init__(self, tokens: Sequence[Token], text: str, offset: int, actors: Actors) -> None:
        self.tokens = tokens
        self.text = text
        self.offset = offset
        self.actors = actors
        # What each token's form says as the last word of a name ("Kurdish-held", "Haftar's"),
        # read once: `exact_at` asks it of a token for every name that may end there.
        self.held = [_HOLDING.match(t.text) for t in tokens]
        self.possessive = [
            _POSSESSIVE.match(t.text) if "'" in t.text or "’" in t.text else None for t in tokens
        ]

    def words(self, first: int, last: int) -> str:
        """The text of tokens [first, last)."""
        start = self.tokens[first].start - self.offset
        return self.text[start : self.tokens[last - 1].end - self.offset]

    def lower(self, index: int) -> str:
        """A token in lower case, "" past the end."""
        return self.tokens[index].lower if index < len(self.tokens) else ""

    def hit(self, first: int, last: int, faction: str, held: bool = False,
            possessive: bool = False) -> FactionHit:  # fmt: skip
        """A hit over tokens [first, last)."""
        return FactionHit(first, last, self.words(first, last), faction, held, possessive)

    # -------------------------------------------------------------- names the table lists

    def exact_at(self, index: int) -> FactionHit | None:
        """The longest name the table lists that starts at a token (possibly "-held" or
        possessive); a name may start with an ordinal ("4th Armoured Division")."""
        tokens = self.tokens
        token = tokens[index]
        if not (token.is_word or _ORDINAL.match(token.text)):
            return None
        longest = min(_MAX_WORDS, len(tokens) - index)
        first = _words_key(token.text).split(" ", 1)[0]
        # A key drops a leading "the" and joins words an apostrophe parts ("al'Qaeda"): a word
        # that begins no name's first word begins none of them, though its "-held" or
        # possessive form may be one ("Kurdish-held").
        if token.lower != "the" and first not in self.actors.beginnings:
            if not (self.held[index] or self.possessive[index]):
                return None
            longest = 1
        for length in range(longest, 0, -1):
            last = tokens[index + length - 1]
            if not last.is_word:
                continue
            words = self.words(index, index + length)
            held = self.held[index + length - 1]
            possessive = self.possessive[index + length - 1]
            stem = words[: len(words) - len(last.text)]
            for candidate, is_held, is_possessive in (
                (words, False, False),
                (stem + held.group("name"), True, False) if held else (None, False, False),
                (stem + possessive.group("name"), False, True)
                if possessive
                else (None, False, False),
            ):
                if candidate is None:
                    continue
                faction = self.actors.exact(candidate)
                if faction is None and is_held and " " not in candidate.strip():
                    # "Russian-occupied", "Kurdish-held": a word that lends itself to names.
                    faction = self.actors.stem(Token(0, len(candidate), candidate.strip()))
                if faction is not None:
                    return FactionHit(index, index + length, words, faction, is_held, is_possessive)
        return None

    # ---------------------------------------------------------- names read by their form

    def head_end(self, index: int) -> int | None:
        """Where a run of modifiers and a noun of armed men that starts at a token ends
        ("special forces", "army troops"), or None."""
        k, modifiers = index, 0
        while self.lower(k) in _MODIFIERS and modifiers < _MAX_MODIFIERS:
            if self.lower(k) in _HEADS and self.lower(k + 1) not in _HEADS | _MODIFIERS:
                break  # "army" ends "the Iraqi army", it does not qualify a noun after it
            k, modifiers = k + 1, modifiers + 1
        if self.lower(k) not in _HEADS:
            return None
        while self.lower(k) in _HEADS:
            k += 1
        if self.lower(k - 1) in _SINGULAR_HEADS and self.lower(k) in _NOT_MEN:
            return None  # "military official": an adjective of another noun
        return k

    def unit_end(self, index: int, numbered: bool) -> tuple[int, bool] | None:
        """Where a unit's name that starts at a token ends, and whether it is of a regular
        army's kind: an ordinal and capitalised words up to a unit noun ("16th Infantry
        Division", "Fifth Corps"), or, after a possessor, a name with a unit noun ("Radwan
        Force")."""
        tokens = self.tokens
        if index >= len(tokens):
            return None
        first = tokens[index]
        ordinal = _ORDINAL.match(first.text) is not None or (
            first.capitalised and first.lower in _ORDINAL_WORDS
        )
        if numbered and not ordinal:
            return None
        start = index + 1 if ordinal else index
        end, regular = None, False
        for k in range(start, min(start + _MAX_UNIT_WORDS, len(tokens))):
            word = tokens[k]
            known = word.lower in _UNIT_NAMES or word.lower in _REGULAR_KINDS
            if not word.is_word or not (word.capitalised or known):
                break
            if word.lower in _REGULAR_KINDS:
                regular = True
            if word.lower in _UNIT_NAMES:
                end = k + 1
        return (end, regular) if end is not None else None

    def unit_faction(self, first: int, last: int, owner: str | None, regular: bool
                     ) -> str | None:  # fmt: skip
        """The faction of a unit's name: its own when the table lists it, else its owner's,
        else (for a regular army's kind) the article's army."""
        own = self.actors.exact(self.words(first, last))
        if own is not None:
            return own
        if owner is not None:
            return owner
        return self.actors.exact("army") if regular else None

    def owned_at(self, index: int, after: int, owner: str) -> FactionHit | None:
        """A name an owner's word starts: "Ukrainian special forces", "Iraqi 9th Division"."""
        end = self.head_end(after)
        state = owner in self.actors.entries and bool(self.actors.entries[owner].country)
        if end is not None and not (
            state and any(self.lower(k) in _IRREGULARS for k in range(after, end))
        ):
            return self.hit(index, end, owner)
        unit = self.unit_end(after, numbered=True)
        if unit is not None:
            faction = self.unit_faction(after, unit[0], owner, unit[1])
            if faction is not None:
                return self.hit(index, unit[0], faction)
        return None

    def formed_at(self, index: int) -> FactionHit | None:
        """A faction's name the table does not list but whose form says whose it is."""
        tokens = self.tokens
        token = tokens[index]
        led = _LED.match(token.text) if "-" in token.text else None
        if led is not None:
            # "YPG-led forces", "the Kurdish-led alliance": the side of the one that leads them.
            leader = self.actors.exact(led.group("name")) or self.actors.stem(
                Token(token.start, token.start + len(led.group("name")), led.group("name"))
            )
            end = self.head_end(index + 1) or (
                index + 2 if self.lower(index + 1) in _GROUPINGS else None
            )
            if leader is not None and end is not None:
                return self.hit(index, end, leader)
        owner = self.actors.stem(token) if token.is_word else None
        if owner is not None:
            found = self.owned_at(index, index + 1, owner)
            # "Kurdish and Arab fighters": the first people's side, for their men together
            joined = index + 2 < len(self.tokens) and self.lower(index + 1) == "and" and (
                self.tokens[index + 2].capitalised
            )
            if found is None and joined:
                found = self.owned_at(index, index + 3, owner)
            if found is not None:
                return found
        # "Russia's troops", "Ukraine's armed forces", "Turkey forces", "Saudi Arabia's jets".
        for last in range(index, min(index + 2, len(tokens)) if token.capitalised else index):
            word = tokens[last].text
            possessive = _POSSESSIVE.match(word) if "'" in word or "’" in word else None
            name = self.words(index, last + 1)
            if possessive is not None:
                name = name[: len(name) - len(word)] + possessive.group("name")
            state = self.actors.countries.get(_words_key(name))
            if state is not None:
                found = self.owned_at(index, last + 1, state)
                if found is not None:
                    return found
        # "the 16th Infantry Division": a numbered formation of a regular army.
        unit = self.unit_end(index, numbered=True)
        if unit is not None:
            faction = self.unit_faction(index, unit[0], None, unit[1])
            if faction is not None:
                return self.hit(index, unit[0], faction)
        return None

    def at(self, index: int) -> FactionHit | None:
        """The faction named from a token, if one is."""
        return self.exact_at(index) or self.formed_at(index)

    # ----------------------------------------------------------- what a name takes after it

    def whole(self, hit: FactionHit) -> FactionHit:
        """A hit with the words after it that belong to the same mention: its noun ("ISIS
        fighters", "the SDF security forces"), and a possessor's troops or unit ("Haftar's
        forces", "the Iraqi army's 16th Infantry Division"), which are its actor, no longer a
        possessor."""
        if hit.held:
            return hit
        end = self.head_end(hit.last)
        if end is not None:
            return self.hit(hit.first, end, hit.faction)
        if hit.possessive:
            unit = self.unit_end(hit.last, numbered=False)
            if unit is not None:
                faction = self.unit_faction(hit.last, unit[0], hit.faction, unit[1])
                if faction is not None:
                    return self.hit(hit.first, unit[0], faction)
        return hit

    def restated(self, previous: FactionHit, hit: FactionHit) -> FactionHit | None:
        """One mention of a name and its restatement ("the Petroleum Facilities Guard (PFG)",
        "Hayat Tahrir al-Sham [HTS]", "the People's Defense Units, or YPG"), with the noun after
        it ("(CTS) forces")."""
        if previous.faction != hit.faction or previous.held or hit.held:
            return None
        between = [self.lower(k) for k in range(previous.last, hit.first)]
        if (between, self.lower(hit.last)) in ((["("], ")"), (["["], "]")):
            end = hit.last + 1
            merged = self.hit(previous.first, end, hit.faction)
            return self.whole(merged)
        if between == [",", "or"]:
            return self.hit(previous.first, hit.last, hit.faction, possessive=hit.possessive)
        return None

    # -------------------------------------------------------------- "forces loyal to X"

    def target(self, index: int, hits: Sequence[FactionHit], titles: bool) -> int | None:
        """The hit that a tie ("of", "loyal to") at a token points to, past "the" (and titles
        for a person: "loyal to former President ...")."""
        k = index
        skipped = 0
        while (
            k < len(self.tokens)
            and skipped < 4
            and (self.lower(k) == "the" or (titles and self.lower(k) in _TITLES))
        ):
            if any(h.first == k for h in hits):
                break
            k, skipped = k + 1, skipped + 1
        for position, hit in enumerate(hits):
            if hit.first == k and not hit.held and not hit.possessive:
                return position
        return None

    def tie_after(self, end: int) -> tuple[int, bool] | None:
        """Where a tie after a token leads ("of" -> the next token, "loyal to" -> after "to"),
        and whether titles may come between."""
        if self.lower(end) == "of":
            return end + 1, False
        if (self.lower(end), self.lower(end + 1)) in _TIES:
            return end + 2, True
        return None

    def tied(self, hits: list[FactionHit]) -> list[FactionHit]:
        """Armed men tied to a faction are that faction's: "forces loyal to Khalifa Haftar",
        "the commandos of the Counter-Terrorism Service", "the loyalist forces of the GNA"."""
        covered = {k for h in hits for k in range(h.first, h.last)}
        starts: list[tuple[int, int, FactionHit | None]] = []  # (first, end of men, own hit)
        for hit in hits:
            starts.append((hit.first, hit.last, hit))
        for k, token in enumerate(self.tokens):
            if k not in covered and token.lower in _LOYAL_HEADS:
                first = k
                while (
                    first - 1 >= 0
                    and first - 1 not in covered
                    and (self.lower(first - 1) in _MODIFIERS)
                ):
                    first -= 1
                starts.append((first, k + 1, None))
        starts.sort(key=lambda s: s[0])
        out = list(hits)
        for first, end, own in starts:
            if own is not None and (own.held or own.possessive or own not in out):
                continue  # a holder, a possessor, or a name already tied to the one before
            if own is None and any(h.first <= first < h.last for h in out):
                continue
            noun = self.lower(end - 1)
            tie = self.tie_after(end)
            if tie is None:
                continue
            after, titles = tie
            if noun not in (_LOYAL_HEADS if titles else _OF_HEADS):
                continue
            position = self.target(after, out, titles)
            if position is None:
                continue
            target = out[position]
            combined = self.hit(first, target.last, target.faction)
            out = [h for i, h in enumerate(out) if i != position and h is not own]
            out.append(combined)
            out.sort(key=lambda h: h.first)
        return out


def find_factions(tokens: Sequence[Token], text: str, offset: int, actors: Actors
                  ) -> tuple[FactionHit, ...]:  # fmt: skip
    """The factions named in a sentence's tokens, each name read whole, longest name first."""
    reading = _Reading(tokens, text, offset, actors)
    hits: list[FactionHit] = []
    index = 0
    while index < len(tokens):
        hit = reading.at(index)
        if hit is None:
            index += 1
            continue
        hit = reading.whole(hit)
        hits.append(hit)
        index = hit.last
    return tuple(reading.tied(_merged(hits, reading)))


def _merged(hits: list[FactionHit], reading: _Reading) -> list[FactionHit]:
    """Adjacent mentions of one faction are one ("Syrian Arab Republic government troops"), and
    so is a name restated in brackets or after ", or"."""
    merged: list[FactionHit] = []
    for hit in hits:
        if merged and merged[-1].last == hit.first and merged[-1].faction == hit.faction:
            previous = merged.pop()
            hit = FactionHit(
                previous.first, hit.last, f"{previous.text} {hit.text}", hit.faction,
                hit.held, hit.possessive,
            )  # fmt: skip
        elif merged and (restated := reading.restated(merged[-1], hit)) is not None:
            merged.pop()
            hit = restated
        merged.append(hit)
    return merged


# ---------------------------------------------------------------------------- the country

# The countries whose wars the table knows, and the stem of their names and demonyms ("syria"
# also finds "Syrian"); the first two are read exactly as before the others were added.
_COUNTRY_STEMS = {
    "syria": "syria", "iraq": "iraq", "libya": "libya", "yemen": "yemen", "ukraine": "ukrain",
}  # fmt: skip
_LATER_COUNTRIES = ("libya", "yemen", "ukraine")


def article_country(article: Article) -> str:
    """The country an article is about ("syria", "iraq", "libya", "yemen" or "ukraine"), for
    generic names of state forces: the one its infobox Place or its title names alone, else the
    one whose name and demonym the text uses most (the first named, on a tie; Syria when the
    text names none)."""
    place = article.item("Place", "Location")
    for text in (place.value if place else "", article.title):
        lowered = text.lower()
        named = [country for country, stem in _COUNTRY_STEMS.items() if stem in lowered]
        if len(named) == 1:
            return named[0]
    body = article.text.lower()
    counts = {c: len(re.findall(rf"\b{stem}", body)) for c, stem in _COUNTRY_STEMS.items()}
    best = "iraq" if counts["iraq"] > counts["syria"] else "syria"
    for country in _LATER_COUNTRIES:
        if counts[country] > counts[best] or (
            counts[country] == counts[best] > 0
            and _first_mention(body, country) < _first_mention(body, best)
        ):
            best = country
    return best


def _first_mention(body: str, country: str) -> int:
    found = re.search(rf"\b{_COUNTRY_STEMS[country]}", body)
    return found.start() if found else len(body)


def new_faction(name: str, actors: Actors, coalition: str | None = None) -> FactionEntry:
    """A faction for a name the table lacks, with an id no other faction has."""
    base = slug(name)
    faction_id, number = base, 2
    while faction_id in actors.entries:
        faction_id, number = f"{base}_{number}", number + 1
    return FactionEntry(faction_id, name, (), coalition)


def combatants(article: Article, actors: Actors) -> tuple[Actors, tuple[str, ...]]:
    """Learn the factions of the infobox Combatant lists, and their coalitions.

    A list such as "Syrian Opposition, * Al-Nusra Front, ** Liwa X" nests by its stars: each
    name belongs to the nearest name before it with one star fewer. Names the table lacks become
    new factions. Returns the table and every faction the lists name.
    """
    named: list[str] = []
    for item in article.items("Combatant"):
        stack: list[tuple[int, str]] = []
        for raw in re.split(r",\s*(?=\*|[A-Z])", item.value):
            depth = len(raw) - len(raw.lstrip("*"))
            name = re.sub(r"\(.*?\)|\[.*?\]", "", raw.lstrip("* ")).strip(" ,;")
            if not name or len(name) > 60:
                continue
            while stack and stack[-1][0] >= depth:
                stack.pop()
            parent = stack[-1][1] if stack else None
            faction = actors.lookup(name)
            if faction is None:
                entry = new_faction(name, actors, parent)
                actors = actors.with_new(entry)
                faction = entry.id
            named.append(faction)
            stack.append((depth, faction))
    return actors, tuple(named)
