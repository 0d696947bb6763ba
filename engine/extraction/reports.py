"""The other dated statements: casualty figures, incidents, and shares of territory claimed.

They change no control, so they are read more simply than control statements: a number and who
was killed, an incident's keyword and the factions around it, "controlled between 95% and 98%
of X".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from attrs import frozen

from engine.extraction.actors import Actors
from engine.extraction.lexicon import lexicon
from engine.extraction.patterns import Parsed, irrealis_before
from engine.model.events import Count

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
_NUMBER = (
    r"(?:(?P<bound>at least|more than|over|nearly|almost|about|around|some|up to)\s+)?"
    r"(?P<low>\d[\d,]*|" + "|".join(_WORD_NUMBERS) + r"|several|dozens(?: of)?|hundreds(?: of)?"
    r"|scores(?: of)?|a dozen|a few|many|multiple)(?:\s*[–-]\s*(?P<high>\d[\d,]*))?"
)
# Words of the people a figure counts; a word of a number never belongs to them ("230 fighters
# and several civilians" is two figures).
_WHO = r"(?P<who>(?:(?!several\b|and\s+\d|dozens\b|hundreds\b)[\w'’-]+\s+){0,4}?)"


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    nouns = "|".join(sorted(map(re.escape, lexicon().people), key=len, reverse=True))
    killed = re.compile(
        rf"\b{_NUMBER}\s+{_WHO}(?P<noun>{nouns})(?:,[^,;]{{0,60}},)?\s+"
        r"(?:(?:were|was|have been|had been|are|being)\s+)?(?:\w+ly\s+)?"
        r"(?:(?:reported|said|confirmed|believed)\s+(?:to have been\s+)?)?"
        r"(?P<verb>killed|dead|wounded|injured|executed)\b",
        re.IGNORECASE,
    )
    toll = re.compile(
        rf"\b(?:the\s+)?(?P<who>(?:[\w'’-]+\s+){{0,3}}?)death\s+toll\s+"
        rf"(?:rising|rose|risen|climbing|climbed)\s+to\s+{_NUMBER}",
        re.IGNORECASE,
    )
    death_of = re.compile(
        rf"\bdeaths?\s+of\s+{_NUMBER}\s+{_WHO}(?P<noun>{nouns})"
        rf"(?:\s+and\s+(?P<low2>\d[\d,]*)\s+(?P<who2>(?:[\w'’-]+\s+){{0,3}}?)(?P<noun2>{nouns}))?",
        re.IGNORECASE,
    )
    return killed, toll, death_of


_SHARE = re.compile(
    r"\b(?:between\s+)?(?P<low>\d{1,3}(?:\.\d+)?)\s*(?:%|per\s?cent\b)\s*(?:(?:and|to|–|-)\s*"
    r"(?P<high>\d{1,3}(?:\.\d+)?)\s*(?:%|per\s?cent\b)\s*)?of\s+",
    re.IGNORECASE,
)


@frozen
class Casualties:
    """A casualty figure in a sentence: who, how many killed or wounded, and its words."""

    start: int
    end: int
    party: str  # a faction id or "civilians"
    killed: Count | None
    wounded: Count | None


def _count(bound: str | None, low: str, high: str | None) -> Count | None:
    words = low.lower()
    vague = lexicon().vague_numbers
    if words in vague:
        return Count(*vague[words])
    value = _WORD_NUMBERS.get(words)
    number = value if value is not None else int(words.replace(",", ""))
    if high:
        top = int(high.replace(",", ""))
        return Count(number, top) if top >= number else None
    if bound and bound.lower() in ("more than", "over"):
        number += 1
    return Count(number, number)


def _party(view: Parsed, first: int, last: int, noun: str, actors: Actors) -> str | None:
    """Who a casualty figure counts: the faction its words name (their common coalition when
    they name several: "Al-Nusra and rebel fighters"), else what its noun says."""
    named = [hit.faction for hit in view.factions if first <= view.tokens[hit.first].start < last]
    if named:
        tops = {actors.side(f) for f in named}
        if len(set(named)) == 1:
            return named[0]
        return tops.pop() if len(tops) == 1 else None
    people = lexicon().people.get(noun.lower().rstrip(",")) or ""
    return people or None


def casualties(view: Parsed, actors: Actors) -> tuple[Casualties, ...]:
    """The casualty figures of a sentence."""
    found: list[Casualties] = []
    text, offset = view.text, view.offset
    killed, toll, death_of = _patterns()
    for match in killed.finditer(text):
        party = _party(
            view, match.start() + offset, match.end("noun") + offset, match.group("noun"), actors
        )
        count = _count(match.group("bound"), match.group("low"), match.group("high"))
        if party is None or count is None:
            continue
        wounded = match.group("verb").lower() in ("wounded", "injured")
        found.append(
            Casualties(
                match.start() + offset,
                match.end() + offset,
                party,
                None if wounded else count,
                count if wounded else None,
            )
        )
    for match in toll.finditer(text):
        party = _party(view, match.start() + offset, match.end() + offset, "", actors)
        count = _count(match.group("bound"), match.group("low"), match.group("high"))
        if party is not None and count is not None:
            found.append(
                Casualties(match.start() + offset, match.end() + offset, party, count, None)
            )
    for match in death_of.finditer(text):
        for low, who, noun in (("low", "who", "noun"), ("low2", "who2", "noun2")):
            if match.group(low) is None:
                continue
            party = _party(
                view, match.start(who) + offset, match.end(noun) + offset, match.group(noun), actors
            )
            count = _count(None, match.group(low), None)
            if party is not None and count is not None:
                found.append(
                    Casualties(match.start() + offset, match.end() + offset, party, count, None)
                )
    unique: dict[tuple[int, str], Casualties] = {}
    for item in found:
        unique.setdefault((item.start, item.party), item)
    return tuple(unique.values())


@frozen
class IncidentMention:
    """An incident keyword in a sentence and the factions on either side of it."""

    type: str
    by: str | None
    against: str | None


def incident(view: Parsed) -> IncidentMention | None:
    """The incident a sentence reports, by the first type of the lexicon whose phrase occurs."""
    for name, pattern in lexicon().incidents:
        match = pattern.search(view.text)
        if match is None:
            continue
        at = match.start() + view.offset
        if irrealis_before(view, view.index_at(at), window=12):
            continue  # "said his forces would push towards X": not an event yet
        before = [h for h in view.factions if view.tokens[h.last - 1].end <= at and not h.held]
        after = [h for h in view.factions if view.tokens[h.first].start >= at and not h.held]
        by = before[0].faction if before else None
        against = next((h.faction for h in after if h.faction != by), None)
        if by is None and name in ("airstrike",) and after:
            by, against = after[0].faction, None
        return IncidentMention(name, by, against)
    return None


@frozen
class Share:
    """A claimed share of a region ("between 95% and 98% of the governorate")."""

    start: int
    end: int
    low: float
    high: float
    region_at: int  # the token where the region's name begins


def shares(view: Parsed) -> Sequence[Share]:
    """The percentages of territory a sentence claims."""
    found = []
    for match in _SHARE.finditer(view.text):
        low = float(match.group("low")) / 100
        high = float(match.group("high") or match.group("low")) / 100
        if not 0 <= low <= high <= 1:
            continue
        at = view.index_at(match.end() + view.offset)
        found.append(Share(match.start() + view.offset, match.end() + view.offset, low, high, at))
    return found
