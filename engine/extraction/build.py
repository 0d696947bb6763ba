"""Building events: each statement dated, placed, attributed and scored, in the article's order.

The article is read once, sentence by sentence, keeping what a reader keeps: the narrative's
date (for "the next day"), the places named so far (for "the town", "it"), the last source
named (for "the same source"). A statement becomes an event of the engine with its sentence as
provenance and a confidence, 0 to 1, that says how much of it was read rather than inferred.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import overload

from attrs import evolve, field, frozen

from engine.collector import collection_paused
from engine.errors import FrontlineError
from engine.extraction.actors import Actors, article_country, combatants, new_faction
from engine.extraction.hedging import attribution, stance
from engine.extraction.layout import Article, Paragraph, read_article
from engine.extraction.lexicon import FactionEntry, Frame, lexicon
from engine.extraction.patterns import (
    GENERIC_SIDES,
    POSSESSIVE_PRONOUNS,
    SITE_KINDS,
    ActorRef,
    Form,
    Kind,
    Parsed,
    PlaceRef,
    Statement,
    analyse,
    find_statements,
    landmark,
    place_at,
    subject_at,
)
from engine.extraction.reports import casualties, incident, shares
from engine.extraction.resolution import Resolution, modifiers_of, resolve_places
from engine.extraction.temporal import (
    Context,
    Narrative,
    Rule,
    TimeExpr,
    find_times,
    moves_narrative,
    reads_next_date,
    resolve,
)
from engine.extraction.toponyms import Gazetteer, PlaceHit, display_name, slug
from engine.gazetteer.store import KM_PER_DEGREE, Store
from engine.model.dates import Precision, When
from engine.model.events import (
    AllegianceChanged,
    Assertion,
    CasualtyReport,
    Contested,
    ControlChanged,
    Count,
    Event,
    How,
    Incident,
    IncidentType,
    Provenance,
    SiegeBegan,
    SiegeLifted,
    Truce,
)
from engine.model.log import Log
from engine.model.names import name_key
from engine.model.scenario import Skipped
from engine.model.sentences import Sentence, date_phrase, sentences
from engine.model.spelling import ARTICLES, loose_key, place_key

SOURCE_ID = "article"
CONTROL_KINDS = ("capture", "withdrawal", "contested", "siege", "defection")
# The gazetteer's kinds of facilities ("the dam" is a facility of kind dam).
_FACILITY_KINDS = (
    "dam", "airport", "base", "citadel", "crossing", "prison", "stadium", "university", "other",
)  # fmt: skip
# Nouns of any site, which name no kind of their own ("the facility").
_ANY_SITE = frozenset({"facility", "facilities", "site", "sites"})
# The nouns of an anaphor, and the gazetteer kinds it may point back to ("the town").
_ANAPHOR_KINDS = {
    "town": ("town", "city"), "city": ("city", "town"), "village": ("village", "town"),
    "facility": ("facility", "oilfield", "airbase", *_FACILITY_KINDS),
    "oilfield": ("oilfield", "facility"),
    "airbase": ("airbase", "airport"), "mound": ("mound",), "quarter": ("quarter",),
}  # fmt: skip
_UNDER = re.compile(  # what opens a clause under the one before it, up to its subject
    r"[\s,]*(?:(?:a|one|two|three|a few|several|some)\s+(?:hours?|days?|weeks?)\s+)?"
    r"(?:after|before|as|while)\s+(?:\S+\s+){0,4}?$",
    re.IGNORECASE,
)
# Where a place lies or what it is, between it and "which".
_LOCATIVE_TAIL = re.compile(
    r"\s*,?\s*(?:(?:to|in|on)\s+the\s+(?:far\s+)?(?:north|south|east|west)\w*"
    r"|,\s*(?:a|an|the)\s+[^,;.()]{1,60})\s*,?\s*$",
    re.IGNORECASE,
)  # "Shirqat to the south, which", "al-Amiriyah, a village on the edge of the city, which"
# A clause set off inside a statement, up to a date in it: "Government forces, who launched
# the offensive on June 19, have retaken X" (the date is the offensive's, not the capture's).
_ASIDE = re.compile(r",\s+(?:who|which)\b[^,;]*$", re.IGNORECASE)
_WHEN = re.compile(r"[\s,]*when\s+(?:\S+\s+){0,4}?$", re.IGNORECASE)  # a date, then "when"
_KIND_SAID = re.compile(r"\b(\w+) of $")  # "the town of " before a name
# How much a date that is not the statement's own costs in confidence.
_DATE_COST = {"own": 0.0, "sentence": 0.03, "narrative": 0.1, "period": 0.2}
_GENERIC_VERBS = frozenset({"took", "taking", "takes", "secured", "entered"})
HILL_KM = 3.0  # how far a hill named for a village may lie from its point
# How far on a report's lead may name the place it describes ("a vital border crossing").
_NAMED_WITHIN = 1500


@frozen
class NewPlace:
    """A place the gazetteer lacks. Where the text puts it by a place the gazetteer has (a site
    of a town, "40 km south of X") it has a point and an honest precision; else it is written
    as a region without members (no coordinates are invented), which a reviewer can turn into
    a located [[place]] with the same id."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    note: str = ""
    point: tuple[float, float] | None = None
    precision_km: float | None = None
    country: str = ""


@frozen
class Extracted:
    """An event of the draft, with what a reviewer needs to judge it."""

    event: Event
    kind: str  # capture, withdrawal, contested, siege, defection, siege_lifted, assertion, ...
    confidence: float
    places_written: tuple[str, ...] = ()  # as the article writes each of event.places
    to_written: str | None = None  # the new controller (or besieger, or the side joined)
    from_written: str | None = None  # the earlier holder, as written
    located: tuple[bool, ...] = ()  # per place: in the gazetteer (True) or new (False)
    place_names: tuple[str, ...] = ()  # per place: its name in the gazetteer or the new place's
    points: tuple[tuple[float, float] | None, ...] = ()  # per place: where it is, if known


@frozen
class Draft:
    """An article turned into a draft scenario."""

    title: str
    start: dt.date
    end: dt.date
    text: str = field(repr=False)
    country: str
    events: tuple[Extracted, ...]
    skipped: tuple[Skipped, ...]
    factions: tuple[FactionEntry, ...]
    new_places: tuple[NewPlace, ...]

    @property
    def log(self) -> Log:
        """The events as an engine log."""
        return Log(e.event for e in self.events)

    @property
    def control(self) -> tuple[Extracted, ...]:
        """The control-type events (capture, withdrawal, contested, siege, defection)."""
        return tuple(e for e in self.events if e.kind in CONTROL_KINDS)


# ------------------------------------------------------------------ what a reading holds


@frozen
class _Mention:
    at: int
    place: str
    kind: str
    landmark: bool = False  # named to locate another ("Tal Afar, west of Mosul")


def _at(mention: _Mention) -> int:
    return mention.at


class _Mentions:
    """The places the reader has seen named, in the text's order (the order named, at a tie),
    and by kind: "the dam" looks back for a dam, past the many towns named since."""

    def __init__(self) -> None:
        self.ordered: list[_Mention] = []
        self.by_kind: dict[str, list[tuple[int, int, _Mention]]] = {}  # (offset, number, it)
        self._count = 0

    def add(self, mention: _Mention) -> None:
        """Note a mention, in its place in the text's order."""
        bisect.insort(self.ordered, mention, key=_at)
        bisect.insort(self.by_kind.setdefault(mention.kind, []), (mention.at, self._count, mention))
        self._count += 1

    def before(self, offset: int, here: list[_Mention]) -> _Before:
        """Those before a sentence that starts at an offset, then the rest merged with the
        sentence's own (`here`), in the text's order."""
        split = bisect.bisect_left(self.ordered, offset, key=_at)
        return _Before(self, offset, split, sorted([*self.ordered[split:], *here], key=_at))


class _Before(Sequence[_Mention]):
    """The places named before a point of a sentence, in the text's order: the reader's
    mentions before the sentence (its list, not copied: an article of megabytes names places
    by the thousand), then the rest merged with the sentence's own."""

    def __init__(self, mentions: _Mentions, offset: int, split: int, recent: list[_Mention]
                 ) -> None:  # fmt: skip
        self._mentions = mentions
        self._kept = mentions.ordered  # the first `split`, before `offset`, are this one's
        self._offset = offset
        self._split = split
        self._recent = recent

    def __len__(self) -> int:
        return self._split + len(self._recent)

    @overload
    def __getitem__(self, index: int) -> _Mention: ...

    @overload
    def __getitem__(self, index: slice) -> list[_Mention]: ...

    def __getitem__(self, index: int | slice) -> _Mention | list[_Mention]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._kept[index] if index < self._split else self._recent[index - self._split]

    def from_offset(self, at: int) -> list[_Mention]:
        """Those named at or after an offset."""
        k = bisect.bisect_left(self._kept, at, hi=self._split, key=_at)
        return [*self._kept[k : self._split], *(m for m in self._recent if m.at >= at)]

    def first_from(self, at: int) -> _Mention | None:
        """The first named at or after an offset."""
        k = bisect.bisect_left(self._kept, at, hi=self._split, key=_at)
        if k < self._split:
            return self._kept[k]
        return next((m for m in self._recent if m.at >= at), None)

    def first_index(self, mention: _Mention) -> int:
        """Where the first mention equal to one stands (one of its offset)."""
        k = bisect.bisect_left(self._kept, mention.at, hi=self._split, key=_at)
        while k < self._split and self._kept[k].at == mention.at:
            if self._kept[k] == mention:
                return k
            k += 1
        return self._split + self._recent.index(mention)

    def latest_of(self, kinds: Iterable[str]) -> Iterator[_Mention]:
        """Those of some kinds, the last first (as `reversed` would give them, without
        stepping through the others)."""
        wanted = set(kinds)
        yield from (m for m in reversed(self._recent) if m.kind in wanted)
        earlier = []
        for kind in wanted:
            named = self._mentions.by_kind.get(kind, [])
            cut = bisect.bisect_left(named, (self._offset,))  # those before the sentence
            earlier.append(map(named.__getitem__, range(cut - 1, -1, -1)))
        for _at, _number, mention in heapq.merge(*earlier, reverse=True):
            yield mention


@frozen
class _Dated:
    """A statement's date, and where it came from: its own words, its sentence, the
    narrative so far, or the article's period."""

    when: When
    source: str


@frozen
class _Placed:
    id: str
    written: str
    located: bool  # in the gazetteer


@frozen
class _Where:
    """Where the text puts a place the gazetteer lacks, and how sure that is."""

    point: tuple[float, float]
    precision_km: float
    how: str
    country: str = ""  # of the place it is placed by

    @classmethod
    def of(cls, at: tuple[float, float], name: str, precision: float, ref: PlaceRef,
           country: str = "") -> _Where:  # fmt: skip
        """The point a reference gives: at a place, about it, or some way from it."""
        if ref.km is not None and ref.bearing is not None:
            point = _offset(at, ref.km, ref.bearing)
            precision = max(precision, 0.25 * ref.km)
            how = f"placed {ref.km:g} km {_compass(ref.bearing)} of {name}"
        elif ref.km is not None:
            point, precision = at, precision + ref.km
            how = f"placed at {name}, {ref.km:g} km away in no stated direction"
        elif ref.bearing is not None:
            point, precision = _offset(at, 5.0, ref.bearing), max(precision, 10.0)
            how = f"placed {_compass(ref.bearing)} of {name}"
        elif ref.near:
            point, precision = at, max(precision, 10.0)
            how = f"placed near {name}"
        else:
            point = at
            how = f"placed at {name}"
        return cls(point, round(precision, 1), f"{how} (±{precision:.0f} km)", country)


def _offset(point: tuple[float, float], km: float, bearing: float) -> tuple[float, float]:
    """A point some km from another in a direction (degrees from north)."""
    lat, lon = point
    angle = math.radians(bearing)
    north, east = km * math.cos(angle), km * math.sin(angle)
    lat2 = lat + north / KM_PER_DEGREE
    lon2 = lon + east / (KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return round(lat2, 5), round(lon2, 5)


def _compass(bearing: float) -> str:
    names = ("north", "north-east", "east", "south-east", "south", "south-west", "west",
             "north-west")  # fmt: skip
    return names[round(bearing / 45.0) % 8]


@frozen
class _Who:
    """The factions of a statement, resolved to ids."""

    actor: str
    written: str | None
    loser: str | None = None
    loser_written: str | None = None
    unit: str | None = None  # for a defection
    cost: float = 0.0  # what inferring them costs in confidence


# A statement of the sentence already built, with the ids of its places.
_Done = tuple[Statement, tuple[str, ...]]


class _Undated(Exception):
    """A statement in a text that gives no date at all."""


# ------------------------------------------------------------------------ the article


def _period(article: Article) -> When | None:
    """The infobox Date as a range (the scenario's period), else the dates of the title
    ("Northwestern Syria offensive (April–June 2015)", "Battle of Sirte (2016)")."""
    item = article.item("Date", "Dates")
    if item is not None:
        return _span(item.value)
    titled = _span(article.title) if re.search(r"\b(?:19|20)\d\d\b", article.title) else None
    alone = _TITLE_YEAR.search(article.title)
    if titled is None and alone is not None:  # "Battle of Tal Afar (2017)": a year alone
        year = int(alone.group(1))
        titled = When(dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.VAGUE, alone.group(0))
    return None if titled is None or titled.exact else titled


_TITLE_YEAR = re.compile(r"\(((?:19|20)\d\d)\)")


def _span(text: str) -> When | None:
    """The dates a text gives, from the first day of the earliest to the last of the latest
    ("10 February – 16 March 2014 (Second phase) 17 March – 26 April 2014" is one span)."""
    found = [(e, w) for e in find_times(text) if (w := resolve(e, Context())) is not None]
    if not found:
        return None
    if len(found) == 1:
        expr, when = found[0]
        precision = Precision.DAY if when.exact else Precision.RANGE
        return When(when.earliest, when.latest, precision, expr.phrase)
    earliest = min(w.earliest for _e, w in found)
    latest = max(w.latest for _e, w in found)
    return When(earliest, latest, Precision.RANGE, text[found[0][0].start : found[-1][0].end])


def _dateline(article: Article, period: When | None) -> tuple[dt.date, int] | None:
    """A news report's publication date, and where its dateline's date stands in the text: the
    date line above the prose, else the first full date at the very start of the text
    ("BEIRUT, June 5, 2016 (Reuters) -"), else the title's."""
    if period is not None:
        return None
    if article.dated is not None:
        start, end = article.dated
        for expr in find_times(article.text[start:end], start):
            when = resolve(expr, Context())
            if expr.rule is Rule.DATE and when is not None:
                return when.latest, expr.start
    if not article.paragraphs:
        return None
    first = article.paragraphs[0]
    head = article.text[first.start : min(first.end, first.start + 120)]
    for expr in find_times(head, first.start):
        after = article.text[expr.end : expr.end + 40]
        if (
            expr.rule is Rule.DATE
            and expr.prefix == ""
            and expr.first is not None
            and expr.first.year
            and expr.start - first.start < 60
            and _DATELINE_END.match(after)
        ):
            when = resolve(expr, Context())
            if when is not None:
                return when.latest, expr.start
    for expr in find_times(article.title):
        if expr.rule is Rule.DATE and expr.first is not None and expr.first.year:
            when = resolve(expr, Context())
            if when is not None:
                return when.latest, -1
    return None


# What follows a dateline's date: the agency, then a dash or a colon ("(Reuters) -").
_DATELINE_END = re.compile(r"^\s*(?:\([^)]{1,40}\))?\s*[-–—:]")


def _first_year(article: Article) -> int | None:
    found = re.search(r"\b(?:19|20)\d\d\b", article.text)
    return int(found.group(0)) if found else None


def _parenthetical(view: Parsed, expr: TimeExpr) -> bool:
    """True when an expression stands inside brackets ("(which was captured on 5 July 2013)")."""
    before = view.text[: expr.start - view.offset]
    return before.count("(") > before.count(")")


def _controller(event: Event) -> str | None:
    """Who an event gives its places to: the controller, the besieger, the contesting party."""
    match event:
        case ControlChanged():
            return event.controller
        case SiegeBegan():
            return event.by
        case Contested():
            return event.parties[0]
    return None


def new_controller(event: Event) -> str | None:
    """Who a control-type event gives its places to; for a defection, the side the unit joins."""
    if isinstance(event, AllegianceChanged):
        return event.joins
    return _controller(event)


_LEADING_EXTENT = re.compile(
    r"^(?:(?:nearly|almost|virtually)\s+all\s+of|most\s+of|parts?\s+of|the\s+entirety\s+of|"
    r"all\s+of)\s+",
    re.IGNORECASE,
)


class _Reader:
    """What a reader keeps while reading an article (internal to `extract`)."""

    def __init__(self, article: Article, gazetteer: Gazetteer, actors: Actors,
                 store: Store | None = None) -> None:  # fmt: skip
        self.article = article
        self.text = article.text
        self.actors = actors
        self.sentences = [
            (number, paragraph, sentence)
            for number, paragraph in enumerate(article.paragraphs)
            for sentence in paragraph.sentences
        ]
        # Which place each name means is decided on the whole article before it is read; its
        # views serve the reading too, but for a sentence that may name a faction learned since
        # (whose name may hide a place's).
        self.views = [analyse(s.text, s.start, gazetteer, actors) for _n, _p, s in self.sentences]
        self.views_actors = actors
        self.learned: tuple[Actors, tuple[str, ...]] = (actors, ())  # the keys of those factions
        self.resolution = resolve_places(
            article, [(n, v) for (n, _p, _s), v in zip(self.sentences, self.views, strict=True)],
            gazetteer, store,
        )  # fmt: skip
        self.period = _period(article)
        dateline = _dateline(article, self.period)
        self.published = dateline[0] if dateline else None
        # The dateline's date is when the report was written, not when what it reports happened.
        self.dateline_at = dateline[1] if dateline else -1
        year = self.period.earliest.year if self.period else None
        year = year or (self.published.year if self.published else None) or _first_year(article)
        self.narrative = Narrative(Context(period=self.period, published=self.published, year=year))
        # The sentence being read, and the narrative's context before it: what the next day
        # the text names after it is worked out from, when an expression needs that day.
        self.looking_from = (-1, self.narrative.context)
        self.next_date: tuple[int, dt.date | None] = (-1, None)  # (sentence, its next day)
        self.governorate = self._governorate()
        self.mentions = _Mentions()
        self.named_factions: list[tuple[str, str]] = []  # (id, as written), in reading order
        self.called: dict[str, str] = {}  # each faction as last written, if not a common noun
        # Read once, for what the reader asks again and again of the whole article: where its
        # lines end, and where the sentences start: the furthest of each one and those before
        # it, and the nearest of each one and those after it (the infobox's are read first).
        self.newlines = [m.start() for m in re.finditer("\n", self.text)]
        offsets = [view.offset for view in self.views]
        self.reach = list(itertools.accumulate(offsets, max))
        self.floor = list(itertools.accumulate(reversed(offsets), min))[::-1]
        self.alone: dict[str, tuple[Gazetteer, str | None]] = {}  # by kind: see _anaphor
        # The side a sentence names first (its subject, most often), of the last that names one,
        # and where the sentence before the one being read starts.
        self.lead_faction: tuple[str, str] | None = None
        self.previous_start = 0
        self.source: str | None = None
        self.events: list[Extracted] = []
        self.taken_by: dict[str, int] = {}  # how many events gave places to each side
        self.last_held: dict[str, int] = {}  # each place's last event that gave it to a side
        self.new_places: dict[str, NewPlace] = {}
        self.new_keys: dict[str, str] = {}
        self.used_factions: set[str] = set()
        self.recent: list[_Done] = []
        self.built: list[Extracted] = []

    def _governorate(self) -> str | None:
        """The governorate the article is about: its infobox Place, else the one it names most."""
        place = self.article.item("Place", "Location")
        if place is not None:
            for part in re.split(r"[,;]\s*", place.value):
                found = self.gazetteer.governorate_named(part)
                if found:
                    return found
        counts: dict[str, int] = {}
        for match in re.finditer(r"([A-Z][\w' -]{2,30}?)\s+(?:[Pp]rovince|Governorate)", self.text):
            found = self.gazetteer.governorate_named(match.group(1).strip())
            if found:
                counts[found] = counts.get(found, 0) + 1
        if counts:
            return max(counts, key=lambda k: counts[k])
        area = self.resolution.area.governorates
        return max(sorted(area), key=lambda k: area[k]) if area else None

    @property
    def gazetteer(self) -> Gazetteer:
        """The places the article may name (a near miss adds one)."""
        return self.resolution.gazetteer

    def run(self) -> None:
        """Read every paragraph, sentence by sentence."""
        section = None
        for index, (_number, paragraph, sentence) in enumerate(self.sentences):
            if paragraph.section != section and not paragraph.in_infobox:
                section = paragraph.section
                self.narrative = self.narrative.in_section()
                in_narrative = partial(self._resolve, context=self.narrative.context)
                when = _heading_date(section, in_narrative)
                if when is not None:  # "Tuesday 6 September", "=== February ===": its days
                    self.narrative = self.narrative.moved(when)
            self.looking_from = (index, self.narrative.context)
            self._sentence(paragraph, sentence, index)

    def _resolve(self, expr: TimeExpr, context: Context) -> When | None:
        """An expression resolved in a context, given the next day the text names after the
        sentence being read if it needs that day ("Following this", "after 5 May"): few do,
        and finding it may read far ahead."""
        if reads_next_date(expr):
            index, looking = self.looking_from
            if self.next_date[0] != index:
                self.next_date = (index, self._next_date(index, looking))
            context = evolve(context, next_date=self.next_date[1])
        return resolve(expr, context)

    def _next_date(self, index: int, context: Context) -> dt.date | None:
        """The next day the text names after a sentence, in the context the sentence is read
        in (where "Following this" ends)."""
        for k in range(index + 1, len(self.views)):
            for expr in self.views[k].times:
                if expr.rule in (Rule.DATE, Rule.RANGE) and expr.prefix in ("", "on", "from"):
                    when = resolve(expr, context)
                    reference = context.reference
                    if when is not None and (
                        reference is None or when.earliest >= reference.latest
                    ):
                        return when.earliest
        return None

    # -------------------------------------------------------------------- a sentence

    def _view(self, sentence: Sentence, index: int) -> Parsed:
        """A sentence's view, read again with the factions learned since the views were made
        if it may name one: a name's key is words of the sentence's key, and the factions the
        table gains change nothing else (reading every sentence again doubled the time)."""
        if self.actors is not self.views_actors:
            if self.learned[0] is not self.actors:
                known = self.views_actors.keys
                self.learned = (self.actors, tuple(k for k in self.actors.keys if k not in known))
            key = name_key(sentence.text)
            if any(k in key for k in self.learned[1]):
                return analyse(sentence.text, sentence.start, self.gazetteer, self.actors)
        return self.views[index]

    def _sentence(self, paragraph: Paragraph, sentence: Sentence, index: int) -> None:
        view = self._view(sentence, index)
        if any(expr.start == self.dateline_at for expr in view.times):
            view = evolve(view, times=tuple(e for e in view.times if e.start != self.dateline_at))
        initial = view.times[0] if view.times and view.times[0].start - view.offset <= 2 else None
        # Each expression counts from the one before it in the sentence ("The next day, ISIS
        # took X, but the rebels recaptured it two days later").
        resolved: dict[int, When | None] = {}
        narrative = self.narrative
        last: When | None = None
        for expr in view.times:
            context = narrative.context
            if expr.rule is Rule.SHIFT and last is not None:
                # "late Sunday ... after midnight", "took it on 5 July 2013 and lost it two days
                # later": a step from the date just before it, even one the narrative left.
                context = evolve(context, reference=last)
            when = self._resolve(expr, context)
            resolved[id(expr)] = when
            last = when or last
            if when is not None and not paragraph.in_infobox:
                narrative = _moved(narrative, view, expr, when, expr is initial)
        statements = find_statements(view)
        source_before = self.source
        built: list[Extracted] = []
        self.built = built  # this sentence's events so far, for who acts next in it
        done: list[_Done] = []
        for statement in statements:
            dated = self._date(view, statement, statements, paragraph, resolved, initial)
            event = self._event(view, statement, done, dated, sentence, source_before)
            if event is not None:
                built.append(event)
        named_source, _hedging = attribution(sentence.text, source_before)
        self.source = named_source or self.source
        self._remember(view)
        built = _merge(built, self.actors)
        covered = [(e.event.provenance.start, e.event.provenance.end) for e in built]
        sentence_date = self._date(view, None, statements, paragraph, resolved, initial)
        built += self._reports(
            view, sentence, sentence_date, covered, bool(statements), source_before
        )
        for extracted in built:
            self._add(extracted)
        self.narrative = narrative
        self.previous_start = sentence.start

    def _add(self, extracted: Extracted) -> None:
        """Keep an event, with who it gives its places to."""
        self.events.append(extracted)
        to = _controller(extracted.event)
        if to is not None:
            self.taken_by[to] = self.taken_by.get(to, 0) + 1
            for place in extracted.event.places:
                self.last_held[place] = len(self.events) - 1

    def _date(self, view: Parsed, statement: Statement | None, statements: Sequence[Statement],
              paragraph: Paragraph, resolved: dict[int, When | None], initial: TimeExpr | None
              ) -> _Dated | None:  # fmt: skip
        """When a statement (or, with None, its sentence) happened: its own date, its
        sentence's, the narrative's, or the article's period."""
        if paragraph.in_infobox and (phase := _span(paragraph.phase) if paragraph.phase else None):
            return _Dated(phase, "period")  # a result of one phase of the offensive
        if paragraph.in_infobox and self.period is not None:
            return _Dated(self.period, "period")
        usable = [e for e in view.times if resolved[id(e)] is not None]
        if any(e.rule is not Rule.AFTER_SPAN for e in usable):
            # "captured it on Friday after a week of fighting": the week is how long it took.
            usable = [e for e in usable if e.rule is not Rule.AFTER_SPAN]
        if statement is not None:
            own = [
                e for e in usable
                if statement.start <= e.start and e.end <= statement.end
                and not _aside(self.text, statement, e)
            ]  # fmt: skip
            if own:
                best = min(own, key=lambda e: abs(e.start - statement.trigger_start))
                return _Dated(resolved[id(best)], "own")  # type: ignore[arg-type]
            # "On 14 July they entered A, and the next day they took B": a date after the
            # statement before this one, and before this one's words, opens this one's clause.
            before = max(
                (s.end for s in statements if s is not statement and s.end <= statement.start),
                default=None,
            )
            if before is not None:
                opening = [e for e in usable if before <= e.start and e.end <= statement.start]
                if opening:
                    return _Dated(resolved[id(opening[-1])], "own")  # type: ignore[arg-type]
            # "The group took the city in June 2014, a few days after it seized Mosul": a
            # clause under the statement before it happened about when that one did.
            if before is not None and _UNDER.match(self.text, before, statement.start):
                previous = next(s for s in reversed(statements) if s.end == before)
                return self._date(view, previous, statements, paragraph, resolved, initial)
            # "held it until 28 January, when DPR fighters entered it": the day "when" names.
            for e in usable:
                if _WHEN.match(self.text, e.end, statement.start):
                    when: When = resolved[id(e)]  # type: ignore[assignment]
                    if e.prefix == "until" and e.first is not None and e.first.day is not None:
                        when = When.day(when.latest, e.phrase)  # the day the hold ended
                    return _Dated(when, "own")
        if initial is not None and resolved[id(initial)] is not None:
            return _Dated(resolved[id(initial)], "sentence")  # type: ignore[arg-type]
        # Another date of the sentence, unless it is in brackets or dates another statement.
        others = [
            e for e in usable
            if not _parenthetical(view, e)
            and not any(s is not statement and s.start <= e.start < s.end for s in statements)
            and not (statement is not None and _aside(self.text, statement, e))
        ]  # fmt: skip
        if others:
            at = statement.trigger_start if statement is not None else view.offset
            best = min(others, key=lambda e: abs(e.start - at))
            return _Dated(resolved[id(best)], "sentence")  # type: ignore[arg-type]
        return self._fallback(required=statement is not None, paragraph=paragraph)

    def _fallback(self, required: bool, paragraph: Paragraph | None = None) -> _Dated | None:
        """The date of a statement without one: the narrative's, else the article's period (the
        year before it, in its Background section), else the week before a news report's
        dateline, else the year the article first names."""
        reference = self.narrative.context.reference
        if reference is not None:
            phrase = f"({reference.phrase})" if reference.phrase else ""
            return _Dated(evolve(reference, phrase=phrase), "narrative")
        if self.period is not None and paragraph is not None and _background(paragraph):
            eve = self.period.earliest - dt.timedelta(days=1)
            before = When(eve - dt.timedelta(days=365), eve, Precision.BY, "(before the battle)")
            return _Dated(before, "period")
        if self.period is not None:
            return _Dated(self.period, "period")
        if self.published is not None:
            day = self.published
            when = When(day - dt.timedelta(days=7), day, Precision.BY, "(before the dateline)")
            return _Dated(when, "period")
        year = self.narrative.context.year
        if year is not None:
            when = When(dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.VAGUE, f"(in {year})")
            return _Dated(when, "period")
        if required:
            raise _Undated
        return None

    # ------------------------------------------------------------------------ places

    def _remember(self, view: Parsed) -> None:
        """Note the places and factions a sentence names, for the words that point back to
        them later."""
        named = [(h.faction, h.text) for h in view.factions if not h.held and not h.possessive]
        self.named_factions += named
        self.called |= {faction: written for faction, written in named if not _common_noun(written)}
        self.lead_faction = named[0] if named else self.lead_faction
        for hit in view.places:
            if mention := self._mention(view, hit):
                self.mentions.add(mention)

    def _mention(self, view: Parsed, hit: PlaceHit) -> _Mention | None:
        """A name as a mention "the town" may point back to: its place (in the gazetteer, or
        new to it), and its kind as the article calls it ("the town of X"), else the
        gazetteer's."""
        at = view.tokens[hit.first].start
        new = self.new_keys.get(f"{Form.NAME.value}:{loose_key(hit.text)}")
        chosen = self.resolution.at(at) or new
        if chosen is None:
            return None
        entry = self.gazetteer.entries.get(chosen)
        kind = _kind_said(self.text, at) or (entry.kind if entry else self.new_places[chosen].kind)
        return _Mention(at, chosen, kind, landmark(self.text, at))

    def _before(self, view: Parsed, at: int) -> _Before:
        """The places named before a point: earlier sentences, then this one up to the point."""
        here = [
            m for h in view.places
            if view.tokens[h.first].start < at and (m := self._mention(view, h))
        ]  # fmt: skip
        return self.mentions.before(view.offset, here)

    def _anaphor(self, view: Parsed, ref: PlaceRef) -> str | None:
        """What "the town", "the province", "its airport" point back to."""
        if ref.kind == "governorate":
            return self.governorate
        if "capital" in ref.noun or "capital" in ref.text.lower():
            return self.gazetteer.seats.get(self.governorate or "")
        kinds = _ANAPHOR_KINDS.get(ref.kind)
        if kinds is None:
            return None
        # "the citadel" is a citadel named before, not the airport named before it ("the
        # facility" is any site).
        specific = ref.kind == "facility" and ref.noun not in _ANY_SITE
        noun = ref.noun if ref.noun in lexicon().buildings or specific else ""
        modifiers = modifiers_of(ref.text, noun) if noun else set()
        before = self._before(view, ref.start)
        # "the town of Sluk, north of Raqqa ... the town": in this sentence and the one before,
        # a place of the very kind comes before one of a kind the noun also allows.
        near = [m for m in before.from_offset(self.previous_start) if m.kind == kinds[0]]
        # A site the gazetteer lacks is a facility: "the air base" is one whose name says so.
        sites = kinds if ref.kind not in ("airbase", "oilfield") else (*kinds, "facility")
        for mention in itertools.chain(reversed(near), before.latest_of(sites)):
            if mention.kind not in sites or self._locates(before, mention, kinds):
                continue
            name = place_key(self._name(mention.place))
            head = noun.split()[-1].rstrip("s") if noun else ""  # "the oil station": a station
            if head and head not in name and mention.kind != noun:
                continue
            if mention.kind not in kinds and ref.noun.split()[-1] not in name:
                continue
            if modifiers and not modifiers & set(name.split()):
                continue  # "the security headquarters" is not the council's, named before
            return mention.place
        # Nothing named before: the one place of that kind the article names in its governorate
        # (found once for each kind, and again when the gazetteer gains a place).
        if self.governorate is None:
            return None
        known = self.alone.get(kinds[0])
        if known is None or known[0] is not self.gazetteer:
            named = {c.id for c in self.resolution.choices.values() if c.id is not None}
            candidates = [
                e.id for e in self.gazetteer.entries.values()
                if not e.region and e.kind == kinds[0] and e.governorate == self.governorate
                and e.id in named
            ]  # fmt: skip
            known = (self.gazetteer, candidates[0] if len(candidates) == 1 else None)
            self.alone[kinds[0]] = known
        return known[1]

    def _locates(self, before: _Before, mention: _Mention, kinds: Sequence[str]) -> bool:
        """Whether a mention only locates the place named right before it in its sentence, of
        a kind the anaphor also takes ("Tal Afar, west of Mosul": "the city" is Tal Afar)."""
        if not mention.landmark:
            return False
        index = before.first_index(mention)
        located = before[index - 1] if index else None
        return located is not None and located.kind in kinds and mention.at - located.at < 200

    def _new_place(self, ref: PlaceRef, name: str, parent: str | None, sentence: Sentence,
                   where: _Where | None = None) -> str:  # fmt: skip
        """The id of a place the gazetteer lacks; one id per place, whatever its spelling.
        `where` is where the text puts it, if it does."""
        if ref.form is Form.UNNAMED:
            key = f"unnamed:{ref.start}"  # "several villages" twice are not the same villages
        else:
            key = f"{ref.form.value}:{loose_key(name)}"
        if where is not None and ref.noun in lexicon().buildings:
            key += f"@{where.point}"  # the central prisons of two towns are two places
        if key in self.new_keys:
            known = self.new_places[self.new_keys[key]]
            if name not in (known.name, *known.aliases):
                self.new_places[known.id] = evolve(known, aliases=(*known.aliases, name))
            return known.id
        words = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
        base = slug(" ".join(words.split()[:6]))
        new_id, number = base, 2
        while new_id in self.gazetteer.entries or new_id in self.new_places:
            new_id, number = f"{base}_{number}", number + 1
        tail = name.lower().split()[-2:]
        nouns = lexicon().place_nouns
        kind = (
            ref.kind
            or _kind_said(self.text, ref.start)
            or nouns.get(" ".join(tail))  # "Ghardabiya Air Base": an air base
            or nouns.get(tail[-1] if tail else "")
            or ("place" if ref.form is Form.NAME else "area")
        )  # "Wadi Governorate" is a governorate, "Umm Tiba" just a place
        line = bisect.bisect_left(self.newlines, sentence.start) + 1
        how = "unnamed in the article" if ref.form is Form.UNNAMED else "not in the gazetteer"
        parent = parent if parent in self.gazetteer.entries else None
        note = f"{how}; first named at line {line}"
        if where is not None:
            note += f"; {where.how}"
        self.new_places[new_id] = NewPlace(
            new_id, name, kind, (), parent, note,
            where.point if where else None, where.precision_km if where else None,
            where.country if where else "",
        )  # fmt: skip
        self.new_keys[key] = new_id
        if kind in _ANAPHOR_KINDS:  # "the town" may point back to it
            self.mentions.add(_Mention(ref.start, new_id, kind))
        return new_id

    def _where(self, ref: PlaceRef, view: Parsed, parent: str | None = None) -> _Where | None:
        """Where the text puts a place by another (`parent`, when the caller knows it): a site
        of a town ("Zezoun power station", "the central prison in Hasakeh", "its airport"), a
        place some distance from one."""
        if parent is None and ref.parent >= 0:
            parent = self.resolution.at(ref.parent)
        if parent is None and ref.noun in lexicon().buildings and ref.form is not Form.UNNAMED:
            parent = self._settlement(view, ref.start)  # "the al-Nuri mosque" of the city
        entry = self.gazetteer.entries.get(parent or "")
        if entry is None or entry.point is None or entry.region:
            return None
        return _Where.of(entry.point, entry.name, entry.precision_km or 1.0, ref, entry.country)

    def _placed_by(self, ref: PlaceRef, name: str, sentence: Sentence,
                   where: _Where | None) -> _Placed:  # fmt: skip
        """A place the gazetteer lacks, named `name`, that the text places by another."""
        new = self._new_place(evolve(ref, form=Form.NAME), name, None, sentence, where)
        return _Placed(new, ref.text, False)

    def _named_later(self, ref: PlaceRef, sentence: Sentence) -> tuple[str, str] | None:
        """The place a lone "a X" with nothing to locate it stands for when the text names
        an X soon after ("the Naseeb border crossing", "the town of Lyman"), and that name."""
        words = ref.text.lower().split()
        if (
            len(words) < 2 or words[0] not in ("a", "an") or ref.parent >= 0
            or ref.noun.endswith("s") or words[-1] != ref.noun.split()[-1]  # "a city in the south"
        ):  # fmt: skip
            return None
        kinds = _ANAPHOR_KINDS.get(ref.kind, (ref.kind,))
        nouns = lexicon().place_nouns
        # The sentences from the first to start after this one to the first beyond reach.
        first = bisect.bisect_right(self.reach, sentence.end)
        beyond = bisect.bisect_right(self.reach, sentence.end + _NAMED_WITHIN)
        for view in self.views[first:beyond]:
            if view.offset <= sentence.end:
                continue
            for hit in view.places:
                if hit.first > 0 and _name_word(view.tokens[hit.first - 1].text):
                    continue  # "al-Thaniyah" of "al-Farouq al-Thaniyah": part of a longer name
                noun = next((k for k in (hit.last, hit.last + 1) if nouns.get(view.lower(k))
                             in kinds), None)  # fmt: skip
                of = view.lower(hit.first - 1) == "of" and nouns.get(view.lower(hit.first - 2))
                if (noun is None and of not in kinds) or not (
                    chosen := self.resolution.at(view.tokens[hit.first].start)
                ):
                    continue
                return chosen, hit.text
        return None

    def _settlement(self, view: Parsed, at: int,
                    kinds: tuple[str, ...] = ("city", "town")) -> str | None:  # fmt: skip
        """The town or city (or place of other kinds) named last before a point, in this
        sentence or the one before."""
        for mention in reversed(self._before(view, at)[-6:]):
            if mention.kind in kinds:
                return mention.place
        return None

    def _places(self, view: Parsed, refs: Sequence[PlaceRef],
                done: Sequence[_Done], sentence: Sentence,
                reasons: list[str]) -> list[_Placed]:  # fmt: skip
        """Each place of a statement, resolved: a gazetteer id, or a new place's."""
        out: list[_Placed] = []
        for ref in refs:
            written = ref.text
            match ref.form:
                case Form.NAME if ref.ids and ref.start in self.resolution.choices:
                    chosen = self.resolution.at(ref.start)
                    reason = self.resolution.reason(ref.start)
                    if chosen is not None:
                        out.append(_Placed(chosen, written, True))
                        if reason:  # why one bearer of the name was picked over others
                            reasons.append(reason)
                    elif self.resolution.choices[ref.start].unlisted:  # its namesakes are elsewhere
                        reasons.append(reason)
                        name = display_name(_LEADING_EXTENT.sub("", written))
                        new = self._new_place(ref, name, self.governorate, sentence)
                        out.append(_Placed(new, written, False))
                case Form.NAME if not ref.ids and ref.parent >= 0 and (
                    site := self.resolution.site_of(self.resolution.at(ref.parent) or "", ref.noun)
                ):
                    out.append(_Placed(site.id, written, True))
                    reasons.append(f"'{written}' read as {site.name}, the gazetteer's")
                case Form.NAME if not ref.ids and ref.parent < 0 and (
                    near := self.resolution.near_miss(display_name(written))
                ):
                    assert near.id is not None  # near_miss gives a place or None
                    out.append(_Placed(near.id, written, True))
                    reasons.append(near.reason)
                case Form.NAME if not ref.ids and ref.parent < 0 and (
                    village := self.resolution.named_for(display_name(written))
                ) and village.point is not None:
                    # "Tal Khattab": a hill named for a village, at the village, not the village.
                    how = f"placed at {village.name}, which the hill is named for"
                    by_village = _Where(
                        village.point, HILL_KM, f"{how} (±{HILL_KM:.0f} km)", village.country
                    )
                    reasons.append(by_village.how)
                    out.append(self._placed_by(evolve(ref, kind="mound"), display_name(written),
                                               sentence, by_village))  # fmt: skip
                case Form.UNNAMED if (later := self._named_later(ref, sentence)) is not None:
                    # "a vital border crossing", then "the Naseeb border crossing": a report's
                    # lead describes a place that the next paragraphs name.
                    place, named = later
                    out.append(_Placed(place, named, place in self.gazetteer.entries))
                    reasons.append(f"'{written}' read as {named}, which the text names after")
                case Form.NAME | Form.AREA | Form.UNNAMED:
                    name = display_name(_LEADING_EXTENT.sub("", written))
                    if ref.form is Form.NAME:
                        reasons.append(f"'{name}' is not in the gazetteer")
                    elif ref.form is Form.AREA:
                        reasons.append(f"'{name}' is an area the gazetteer cannot outline")
                    else:
                        reasons.append(f"'{name}' is not named")
                    parent = self.governorate
                    if ref.form is Form.AREA and ref.ids:
                        inner = self.resolution.best(ref.ids)
                        if inner is not None and self.gazetteer.entries[inner].region:
                            parent = inner
                    where = self._where(ref, view) if ref.form is not Form.AREA else None
                    if where is not None:
                        reasons.append(where.how)
                    new = self._new_place(ref, name, parent, sentence, where)
                    out.append(_Placed(new, written, False))
                case Form.ANAPHOR if ref.kind in SITE_KINDS and written.lower().startswith(
                    "its "
                ):
                    # "its power station": a site of the place named before, not the place.
                    town = self._settlement(view, ref.start, ("city", "town", "village"))
                    if town is not None:
                        name = f"{self._name(town)} {ref.noun}"  # a new town's too
                        reasons.append(f"'{written}' read as {name}")
                        out.append(
                            self._placed_by(ref, name, sentence, self._where(ref, view, town))
                        )
                case Form.ANAPHOR:
                    # "the central prison in X" is X's, whatever building was named before.
                    placed_in = self.resolution.at(ref.parent) if ref.parent >= 0 else None
                    found = self._anaphor(view, ref) if placed_in is None else None
                    if found is not None:
                        out.append(_Placed(found, self._written_as(found, ref.start), True))
                        reasons.append(f"'{written}' read as {found}")
                    elif (town := placed_in or self._settlement(view, ref.start)) and (
                        site := self.resolution.site_of(town, ref.noun, written)
                    ):
                        out.append(_Placed(site.id, written, True))  # "the citadel" of Kirkuk
                        reasons.append(f"'{written}' read as {site.name}, the gazetteer's")
                    elif ref.noun in lexicon().buildings and (where := self._where(ref, view)):
                        # "the provincial council headquarters": a building of the town named
                        # before, a place of its own.
                        name = display_name(written)
                        reasons.append(f"'{name}' is not in the gazetteer; {where.how}")
                        out.append(self._placed_by(ref, name, sentence, where))
                case Form.PRONOUN | Form.RELATIVE:
                    antecedents = self._antecedent(view, ref, done)
                    out += [
                        _Placed(p, self._written_as(p, ref.start), p in self.gazetteer.entries)
                        for p in antecedents
                    ]
                    if antecedents:
                        reasons.append(f"'{written}' read as {', '.join(antecedents)}")
        unique: dict[str, _Placed] = {}
        for placed in out:
            unique.setdefault(placed.id, placed)
        return list(unique.values())

    def _antecedent(self, view: Parsed, ref: PlaceRef, done: Sequence[_Done]) -> tuple[str, ...]:
        """What "it" or "which" points back to: the places of the statement just before."""
        if ref.form is Form.RELATIVE:
            # "X, which was ...", "X (which was ...)": the list that ends right before it, else
            # the name right before it.
            def gap(start: int) -> str:  # the words between a name and "which"
                return _LOCATIVE_TAIL.sub("", self.text[start : ref.start]).strip(" ,(")

            if not done or gap(done[-1][0].end) != "":
                named = [
                    h for h in view.places
                    if view.tokens[h.last - 1].end <= ref.start
                    and gap(view.tokens[h.last - 1].end) == ""
                ]  # fmt: skip
                if not named:
                    return ()
                hit = named[-1]
                located = [h for h in view.places if h.last <= hit.first]
                if landmark(self.text, view.tokens[hit.first].start) and located:
                    hit = located[-1]  # "Khan Tuman south of Aleppo, which ...": Khan Tuman
                chosen = self.resolution.at(view.tokens[hit.first].start)
                return (chosen,) if chosen else ()
            statement, places = done[-1]
            if statement.excluded and statement.excluded[-1].end > statement.places[-1].end:
                # "except a part of X, Y and Z, which remained ...": a part of X is no place.
                resolved = [
                    self._exclusion(view, r) for r in statement.excluded if r.extent != "part"
                ]
                return tuple(r for r in resolved if r is not None)
            return places[:1]
        if not done and ref.text.lower() == "it":
            # "Rebels attack Ratyan; the village is contested before the army takes it": the
            # place this sentence named last, when no statement of it has named one.
            here = self._before(view, ref.start).from_offset(view.offset)
            if here:
                return (here[-1].place,)
        candidates = done or self.recent
        if candidates:
            return candidates[-1][1][:1] if ref.text.lower() == "it" else candidates[-1][1]
        before = self._before(view, ref.start)
        return (self._topic(before),) if before else ()

    def _topic(self, before: _Before) -> str:
        """The place the sentence of the last mention is about: the name it opens with ("X
        lies between Y and Z"), else the one it named last."""
        last = before[-1]
        # The start of the last sentence read that starts at or before it.
        k = bisect.bisect_right(self.floor, last.at) - 1
        opening = self.views[k].offset if k >= 0 else last.at
        first = before.first_from(opening)
        assert first is not None  # the last one is
        return first.place if first.at - opening <= len("The ") else last.place

    def _exclusion(self, view: Parsed, ref: PlaceRef) -> str | None:
        """A place left out of a statement, if the gazetteer knows it."""
        if ref.form is Form.NAME and ref.ids:
            return self.resolution.at(ref.start) or self.resolution.best(ref.ids)
        if ref.form is Form.ANAPHOR:
            return self._anaphor(view, ref)
        return None

    # ---------------------------------------------------------------------- factions

    def _faction(self, written: str | None, faction: str | None) -> str | None:
        """The faction id of an actor; a name the table lacks becomes a faction of its own."""
        if written is None:
            return None
        if faction is None:
            name = re.sub(r"^(?:the|The)\s+", "", written).strip()
            faction = self.actors.lookup(name)
            if faction is None:
                entry = new_faction(name, self.actors)
                self.actors = self.actors.with_new(entry)
                faction = entry.id
        self._use(faction)
        return faction

    def _use(self, faction: str) -> None:
        """Note a faction (and its coalitions) for the draft's factions.toml."""
        self.used_factions.update(self.actors.chain(faction))

    def _named(self, ref: ActorRef, reasons: list[str]) -> tuple[str | None, str | None]:
        """The faction a statement's words name, and as written; a pronoun's is the side that
        acted last."""
        if not ref.pronoun:
            return self._faction(ref.text, ref.faction), ref.text
        noun = ref.text.split()[-1].lower()
        faction, written = (
            self._last_side(noun, GENERIC_SIDES[noun]) if noun in GENERIC_SIDES
            else self._antecedent_actor()
        )  # fmt: skip
        if faction is not None:
            reasons.append(f"'{ref.text}' read as {faction}, the side that acted last")
        return faction, written

    def _owned_or_reported(self, ref: ActorRef) -> bool:
        """Whether a pronoun is whose men they are ("its fighters") or follows who reports
        ("the rebels said they had withdrawn"): either way, of the side named before it."""
        if not ref.pronoun:
            return False
        before = self.text[max(0, ref.start - 40) : ref.start].lower().split()
        if before and before[-1] == "that":
            before.pop()
        reported = bool(before) and before[-1] in lexicon().reporting
        return ref.text.split()[0].lower() in POSSESSIVE_PRONOUNS or reported

    def _possessor(self, view: Parsed, ref: ActorRef) -> tuple[str | None, str | None]:
        """The side whose men "its fighters" or "his troops" are: the faction named last
        before them in the sentence, else the state of a country named there ("Russia's
        Defense Ministry said its troops"), else the side that acted last."""
        words = ref.text.split()
        noun = f" {words[-1]}" if len(words) > 1 else ""  # "its fighters", not "they"
        named = [
            h for h in view.factions if view.tokens[h.last - 1].end <= ref.start and not h.held
        ]  # fmt: skip
        if named:
            return named[-1].faction, f"{named[-1].text}{noun}"
        for token in reversed(view.tokens):
            if token.end <= ref.start and token.capitalised:
                state = self.actors.countries.get(name_key(re.sub(r"['’]s?$", "", token.text)))
                if state is not None:
                    return state, f"{token.text}{noun}"
        return self._antecedent_actor()

    def _antecedent_actor(self) -> tuple[str | None, str | None]:
        """The side a subject pronoun or an agentless passive stands for: the taker of the
        last event, if this sentence or the one before made it, else the side the last
        sentence to name one named first."""
        last = self.built[-1] if self.built else self.events[-1] if self.events else None
        if last is not None and last.event.provenance.start >= self.previous_start:
            to = _controller(last.event)
            if to is not None:
                return to, self._called(to, last.to_written)
        return self.lead_faction or (None, None)

    def _last_side(self, noun: str, state: bool | None) -> tuple[str | None, str | None]:
        """The side "the militants" or "the troops" stand for: of the sides the last events
        name, the latest that answers to the word ("IS militants", "government troops"); else
        for "the troops" the latest state's forces or the country's army, for "the fighters"
        the side that acted last, and for "the militants" nobody."""
        recent: list[str] = []
        for extracted in reversed(self.events[-12:]):
            event = extracted.event
            loser = event.previous if isinstance(event, ControlChanged) else None
            recent += [f for f in (_controller(event), loser) if f and f not in recent]
        entries = self.actors.entries
        called = [
            f for f in recent
            if any(noun in a.lower().split() for g in self.actors.chain(f) if g in entries
                   for a in entries[g].aliases)
        ]  # fmt: skip
        if called:
            return called[0], f"the {noun}"
        if state is None:
            return self._antecedent_actor()
        if state:  # "the troops": the state's forces the text named last, else its army
            states = [f for f in recent if self._is_state(f)]
            army = states[0] if states else self.actors.lookup("the army")
            return (army, f"the {noun}") if army else (None, None)
        return None, None  # "the militants" with no side called so: not guessed

    def _is_state(self, faction: str) -> bool:
        """Whether a faction is, or belongs to, a state's forces."""
        entries = self.actors.entries
        return any(entries[f].country for f in self.actors.chain(faction) if f in entries)

    def _opponent(self, view: Parsed, loser: str | None) -> tuple[str | None, str]:
        """Who took over where the text names only who left: the faction of another side named
        first in the sentence, else in the events just before, else the loser's main enemy."""
        if loser is None:
            return None, ""
        side = self.actors.side(loser)
        for hit in view.factions:
            if self.actors.side(hit.faction) != side and not hit.held:
                return hit.faction, hit.text
        for extracted in reversed(self.events[-12:]):
            to = _controller(extracted.event)
            if to is not None and self.actors.side(to) != side:
                return to, self._called(to, extracted.to_written)
        counts = {f: n for f, n in self.taken_by.items() if self.actors.side(f) != side}
        if counts:
            best = max(counts, key=lambda k: counts[k])
            return best, self._called(best)
        # No event yet: the faction of another side the article named last ("the army
        # attacked. The rebels withdrew from X").
        for faction, written in reversed(self.named_factions):
            if self.actors.side(faction) != side:
                return faction, written
        return None, ""

    def _called(self, faction: str, written: str | None = None) -> str:
        """A faction's name as written (`written` if given, else as the article last wrote it;
        not a common noun alone, such as "government"), else the faction table's name."""
        if written and not _common_noun(written):
            return written
        written = self.called.get(faction)
        entry = self.actors.entries.get(faction)
        return written or (entry.name if entry is not None else faction)

    def _holder(self, places: Sequence[str]) -> str | None:
        """The faction the events so far last gave one of these places to."""
        last = max((self.last_held[p] for p in places if p in self.last_held), default=None)
        return None if last is None else _controller(self.events[last].event)

    def _unit(self, statement: Statement, places: Sequence[str]) -> str | None:
        """The faction that changes sides; a unit of a faction becomes a faction of its own."""
        unit = statement.unit
        if unit is None:
            return None
        if unit.faction is not None:
            self._use(unit.faction)
            return unit.faction
        loser = statement.loser
        parent = self._faction(loser.text, loser.faction) if loser else None
        if parent is None:
            return None
        where = places[0] if places else None
        where_name = self._name(where) if where else ""
        parent_name = self.actors.entries[parent].name
        name = f"{parent_name} unit in {where_name}" if where_name else f"{parent_name} unit"
        faction = new_faction(
            f"{parent}_{where}" if where else f"{parent}_unit", self.actors, parent
        )
        faction = evolve(faction, name=name, aliases=(unit.text,))
        self.actors = self.actors.with_new(faction)
        self._use(faction.id)
        return faction.id

    def _who(self, view: Parsed, statement: Statement, places: Sequence[str],
             reasons: list[str]) -> _Who | None:  # fmt: skip
        """The factions of a statement; an actor the text does not name is inferred."""
        actor_ref, loser_ref = statement.actor, statement.loser
        actor, written = (None, None)
        if actor_ref is not None and self._owned_or_reported(actor_ref):
            actor, written = self._possessor(view, actor_ref)
            if actor is not None:
                reasons.append(f"'{actor_ref.text}' read as {actor}, the side named before it")
        elif actor_ref is not None:
            actor, written = self._named(actor_ref, reasons)
        loser, loser_named = (None, None) if loser_ref is None else self._named(loser_ref, reasons)
        unit = None
        cost = 0.0
        if statement.kind is Kind.DEFECTION:
            unit = self._unit(statement, places)
            if unit is None:
                return None
        elif statement.kind is Kind.TRUCE:
            return _Who(actor or "", written)  # a truce takes nothing: no taker to infer
        elif actor is None and _frame(statement).reading == "nominal":
            # "during the seizure of the oil station": by whoever the text gave it to.
            actor = self._holder(places)
            written = self._called(actor) if actor is not None else None
            cost += 0.25
            reasons.append(f"the taker is not named: {actor}, who the text gave it to")
        elif actor is None and loser is None and (
            _agentless(statement) or _shares_subject(view, statement)
        ):
            # "The city was fully recaptured on 27 January", "They routed X from A and overran
            # B": by the side that acted last.
            actor, written = self._antecedent_actor()
            cost += 0.25
            reasons.append(f"the taker is not named: {actor}, the side that acted last")
        elif actor is None:
            actor, written = self._opponent(view, loser)
            cost += 0.25
            reasons.append(f"the new holder is not named: {actor}, read from the context")
        if actor is None:
            return None
        self._use(actor)
        if loser is not None:
            self._use(loser)  # a pronoun's side, read from the text before
        if actor_ref is not None and actor_ref.faction is None and not actor_ref.pronoun and (
            unit is None
        ):
            cost += 0.1
            reasons.append(f"'{actor_ref.text}' is not in the faction table")
        if loser is not None and self.actors.compatible(loser, actor):
            loser = None  # "Al-Nusra took X from the rebels" says nothing of a change of side
        loser_written = loser_named if loser is not None else None
        return _Who(actor, written, loser, loser_written, unit, cost)

    # ------------------------------------------------------------------------ events

    def _event(self, view: Parsed, statement: Statement,
               done: list[_Done], dated: _Dated | None,
               sentence: Sentence, source_before: str | None) -> Extracted | None:  # fmt: skip
        """A statement as an event of the engine, or None when it has no place or no actor."""
        reasons: list[str] = []
        placed = self._places(view, statement.places, done, sentence, reasons)
        ids = tuple(p.id for p in placed)
        done.append((statement, ids))
        if dated is None or not (placed or statement.kind is Kind.DEFECTION):
            return None  # a change of sides needs no place; a change of control does
        who = self._who(view, statement, ids, reasons)
        if who is None:
            return None
        excluded = tuple(
            found for ref in statement.excluded if (found := self._exclusion(view, ref)) is not None
        )
        words = self.text[statement.start : statement.end]
        said = stance(words, sentence.text, source_before)
        provenance = Provenance(
            SOURCE_ID, statement.start, statement.end, words, said.hedging, said.attribution
        )
        event = self._engine_event(statement, ids, excluded, who, dated.when, provenance)
        if event is None:
            return None
        if dated.source == "narrative":
            reasons.append("dated by the narrative")
        confidence = _confidence(statement, placed, dated, who, reasons)
        reason = "; ".join(dict.fromkeys(reasons))
        note = f"extracted, confidence {confidence:.2f}" + (f": {reason}" if reason else "")
        self.recent = [*self.recent[-3:], (statement, ids)]
        kind = "defection" if statement.how is How.DEFECTED else statement.kind.value
        if statement.kind is Kind.WITHDRAWAL and _frame(statement).state:
            kind = Kind.CAPTURE.value  # "fell back to Tarhuna": they hold where they withdrew to
        if isinstance(event, Contested):
            kind = Kind.CONTESTED.value  # "most of the town" is fought over, not claimed
        return Extracted(
            evolve(event, note=note),
            kind,
            confidence,
            tuple(p.written for p in placed),
            who.written,
            who.loser_written,
            tuple(p.located for p in placed),
            tuple(self._name(p.id) for p in placed),
            tuple(self._point(p.id) for p in placed),
        )

    def _written_as(self, place: str, before: int) -> str:
        """How the article last wrote a place before a point ("it" is "Deir Attiyeh")."""
        written = self.resolution.written_before(place, before)
        return written if written is not None else self._name(place)

    def _point(self, place: str) -> tuple[float, float] | None:
        """Where a place of the gazetteer, or one the article adds, is (None if unknown)."""
        entry = self.gazetteer.entries.get(place)
        if entry is not None:
            return entry.point
        return self.new_places[place].point if place in self.new_places else None

    def _name(self, place: str) -> str:
        """The name of a place of the gazetteer or of one the article adds."""
        entry = self.gazetteer.entries.get(place)
        if entry is not None:
            return entry.name
        return self.new_places[place].name if place in self.new_places else place

    def _engine_event(self, statement: Statement, ids: tuple[str, ...],
                      excluded: tuple[str, ...], who: _Who, when: When,
                      provenance: Provenance) -> Event | None:  # fmt: skip
        """The engine's event for a statement of a kind."""
        match statement.kind:
            case Kind.CAPTURE | Kind.WITHDRAWAL:
                return ControlChanged(
                    id="", when=when, provenance=provenance, places=ids, controller=who.actor,
                    previous=who.loser, how=statement.how or How.CAPTURED, excluded=excluded,
                )  # fmt: skip
            case Kind.CONTESTED:
                return _contested(when, provenance, ids, who)
            case Kind.SIEGE:
                return SiegeBegan(id="", when=when, provenance=provenance, places=ids, by=who.actor)
            case Kind.SIEGE_LIFTED:
                return SiegeLifted(id="", when=when, provenance=provenance, places=ids)
            case Kind.TRUCE:
                parties = (who.actor,) if who.actor else ()
                return Truce(id="", when=when, provenance=provenance, places=ids, parties=parties)
            case Kind.DEFECTION:
                assert who.unit is not None  # _who gives a defection its unit
                chain = self.actors.chain(who.unit)
                previous = who.loser or (chain[1] if len(chain) > 1 else None)
                return AllegianceChanged(
                    id="", when=when, provenance=provenance, places=ids, faction=who.unit,
                    previous=previous, joins=who.actor,
                )  # fmt: skip
            case Kind.ASSERTION:
                regions = [
                    p
                    for p in ids
                    if p in self.gazetteer.entries and self.gazetteer.entries[p].region
                ]
                if not regions:
                    # "captured most of the town": part of a town is taken, the rest fought for.
                    return _contested(when, provenance, ids, who)
                share = (0.9, 1.0) if statement.extent == "nearly" else (0.5, 1.0)
                return Assertion(
                    id="", when=when, provenance=provenance, faction=who.actor,
                    region=regions[0], share=share, excluded=excluded,
                )  # fmt: skip
        return None

    def _reports(self, view: Parsed, sentence: Sentence, dated: _Dated | None,
                 covered: list[tuple[int, int]], has_statements: bool,
                 source_before: str | None) -> list[Extracted]:  # fmt: skip
        """Casualties, incidents and claimed shares of territory in a sentence."""
        if dated is None:
            return []
        found: list[Extracted] = []
        confidence = 0.7 - _DATE_COST[dated.source]
        places: list[str] = []
        for hit in view.places:
            chosen = self.resolution.at(view.tokens[hit.first].start)
            if chosen is not None and chosen not in places and not self._country(chosen):
                places.append(chosen)
        for item in casualties(view, self.actors):
            if any(start <= item.start < end for start, end in covered):
                continue
            if item.party != "civilians":
                self._use(item.party)
            words = self.text[item.start : item.end]
            provenance = self._provenance(item.start, item.end, words, sentence, source_before)
            report = CasualtyReport(
                id="", when=dated.when, provenance=provenance, places=tuple(places[:1]),
                party=item.party, killed=item.killed, wounded=item.wounded,
            )  # fmt: skip
            found.append(_report(report, "casualties", confidence))
        for share in shares(view):
            holder = subject_at(view, view.index_at(share.start))
            of = self._share_place(view, share.region_at) if holder else None
            if holder is None or of is None or self._country(of[0]):
                continue
            chosen, written, end = of
            self._use(holder.faction)
            start = view.tokens[holder.first].start
            provenance = self._provenance(start, end, self.text[start:end], sentence, source_before)
            # "the town" may point back to a place the gazetteer lacks, which is no region.
            entry = self.gazetteer.entries.get(chosen)
            if entry is not None and entry.region:
                assertion: Event = Assertion(
                    id="", when=dated.when, provenance=provenance, faction=holder.faction,
                    region=chosen, share=(share.low, share.high),
                )  # fmt: skip
                found.append(_report(assertion, "assertion", confidence))
            elif share.high < 1.0:
                # "IS holds 40 percent of Mosul": a town held in part is fought over.
                fought = Contested(
                    id="", when=dated.when, provenance=provenance, places=(chosen,),
                    parties=(holder.faction,),
                )  # fmt: skip
                found.append(evolve(
                    _report(fought, "contested", confidence), places_written=(written,),
                    to_written=holder.text, located=(entry is not None,),
                    place_names=(self._name(chosen),), points=(self._point(chosen),),
                ))  # fmt: skip
        mention = incident(view) if not has_statements and not found else None
        if mention is not None:
            for faction in (mention.by, mention.against):
                if faction is not None:
                    self._use(faction)
            provenance = self._provenance(
                sentence.start, sentence.end, sentence.text, sentence, source_before
            )
            event = Incident(
                id="", when=dated.when, provenance=provenance, places=tuple(places[:3]),
                type=IncidentType(mention.type), by=mention.by, against=mention.against,
            )  # fmt: skip
            found.append(_report(event, "incident", confidence - 0.1))
        return found

    def _share_place(self, view: Parsed, at: int) -> tuple[str, str, int] | None:
        """The place a share of territory is of, as written and where its words end: the name
        after "of" (the place the article means by it, else its namesake that is a region), or
        what "the city" there points back to."""
        ref = place_at(view, at)
        if ref is not None and ref.form is Form.ANAPHOR:
            found = self._anaphor(view, ref)
            return None if found is None else (found, self._written_as(found, ref.start), ref.end)
        region = next((h for h in view.places if h.first >= at), None)
        if region is None:
            return None
        chosen = self.resolution.at(view.tokens[region.first].start) or self.resolution.best(
            region.ids, kind="governorate"
        )
        return None if chosen is None else (chosen, region.text, view.tokens[region.last - 1].end)

    def _country(self, place: str) -> bool:
        """Whether a place is a whole country: the setting of a report, which a draft's map
        does not carry as a region."""
        entry = self.gazetteer.entries.get(place)
        return entry is not None and entry.kind == "country"

    def _provenance(self, start: int, end: int, words: str, sentence: Sentence,
                    source_before: str | None) -> Provenance:  # fmt: skip
        said = stance(words, sentence.text, source_before)
        return Provenance(SOURCE_ID, start, end, words, said.hedging, said.attribution)


def _moved(narrative: Narrative, view: Parsed, expr: TimeExpr, when: When, initial: bool
           ) -> Narrative:  # fmt: skip
    """The narrative after an expression that may set the date for what follows."""
    if _parenthetical(view, expr):
        return narrative
    reference = narrative.context.reference
    if not initial and reference is not None and when.latest < reference.earliest:
        return narrative  # a flash-back in mid-sentence ("captured by the army on 5 July 2013")
    if not moves_narrative(expr, when, initial):
        return narrative
    narrative = narrative.moved(when)
    if when.precision is Precision.DAY:
        narrative = narrative.with_episode(when.earliest)
    return narrative


def _frame(statement: Statement) -> Frame:
    """What the phrase of a statement means."""
    return lexicon().frames[statement.frame]


def _agentless(statement: Statement) -> bool:
    """A passive change without its agent ("The city was fully recaptured on 27 January")."""
    frame = _frame(statement)
    return frame.reading == "passive" and not frame.state


_ADVERBS = frozenset({"also", "then", "later", "soon"})


def _contested(when: When, provenance: Provenance, places: tuple[str, ...], who: _Who
               ) -> Contested:  # fmt: skip
    """Places fought over by the side that acted and, if the text names one, the side it
    fought."""
    parties = (who.actor, who.loser) if who.loser else (who.actor,)
    return Contested(id="", when=when, provenance=provenance, places=places, parties=parties)


def _heading_date(heading: str, resolved: Callable[[TimeExpr], When | None]) -> When | None:
    """The days a section heading that is a date names ("Friday 9 September", "January",
    "March–April"), or None for a heading that is more than a date; `resolved` resolves an
    expression in the narrative's context."""
    text = heading.strip(" =:–—-")
    for candidate, lead in ((text, 0), (f"in {text}", 3)):
        found = find_times(candidate)
        if found and found[0].start <= lead and found[0].end - lead >= 0.7 * len(text):
            return resolved(found[0])
    return None


def _aside(text: str, statement: Statement, expr: TimeExpr) -> bool:
    """Whether a date in a statement's words is in a clause set off from its verb ("Forces,
    who launched the offensive on June 19, have retaken X")."""
    found = _ASIDE.search(text, statement.start, expr.start)
    return found is not None and not found.start() <= statement.trigger_start < expr.start


def _common_noun(written: str) -> bool:
    """Whether a side's name as written is one common noun ("government"), no name."""
    return written.islower() and " " not in written.strip()


def _kind_said(text: str, at: int) -> str:
    """The kind of place the words before a name say it is ("the town of X"), or ""."""
    said = _KIND_SAID.search(text, max(0, at - 40), at)
    return lexicon().place_nouns.get(said.group(1).lower(), "") if said else ""


def _name_word(word: str) -> bool:
    """Whether a word may be part of a name ("Farouq", "al-Farouq")."""
    return word[:1].isupper() or ("-" in word and word.split("-", 1)[0].lower() in ARTICLES)


def _shares_subject(view: Parsed, statement: Statement) -> bool:
    """A verb joined to the one before it without a subject of its own ("..., and overran
    Y", "and then seized Z")."""
    k = view.index_at(statement.trigger_start) - 1
    while k >= 0 and (view.lower(k) in _ADVERBS or view.lower(k).endswith("ly")):
        k -= 1
    return view.lower(k) == "and"


def _confidence(statement: Statement, placed: Sequence[_Placed], dated: _Dated, who: _Who,
                reasons: Sequence[str]) -> float:  # fmt: skip
    """How much of a statement was read rather than inferred, from 0.9 for a statement whose
    words name the actor, the places and the day, down to 0.05."""
    value = 0.9 - who.cost - _DATE_COST[dated.source]
    if dated.when.precision is Precision.VAGUE:
        value -= 0.05
    if _frame(statement).state:
        value -= 0.1  # holding a place is read from a movement or a state, not a capture
    if statement.trigger.lower() in _GENERIC_VERBS or statement.extent == "nearly":
        value -= 0.05
    value -= 0.08 * sum(1 for p in placed if not p.located)
    value -= 0.05 * sum(1 for r in reasons if " read as " in r or " bearers" in r)
    return round(max(0.05, min(0.99, value)), 2)


def _report(event: Event, kind: str, confidence: float) -> Extracted:
    confidence = round(max(0.05, min(0.99, confidence)), 2)
    return Extracted(
        evolve(event, note=f"extracted, confidence {confidence:.2f}"), kind, confidence
    )


def _merge(built: list[Extracted], actors: Actors) -> list[Extracted]:
    """A withdrawal that only restates a capture of the same sentence ("ISIS took X after
    Al-Nusra fled the facility") is folded into it, as its earlier holder."""
    kept: list[Extracted] = []
    for item in built:
        event = item.event
        twin = next(
            (
                k for k in kept
                if isinstance(k.event, ControlChanged) and isinstance(event, ControlChanged)
                and item.kind == "withdrawal" and event.how is How.WITHDREW
                and set(event.places) <= set(k.event.places)
                and actors.compatible(k.event.controller, event.controller)
            ),
            None,
        )  # fmt: skip
        if twin is None:
            kept.append(item)
            continue
        twin_event = twin.event
        if (
            isinstance(twin_event, ControlChanged)
            and isinstance(event, ControlChanged)
            and twin_event.previous is None
        ):
            merged = evolve(twin_event, previous=event.previous, how=How.WITHDREW)
            kept[kept.index(twin)] = evolve(twin, event=merged, from_written=item.from_written)
    return kept


# ------------------------------------------------------------------------------ the draft


def _skipped(article: Article, events: Iterable[Extracted]) -> tuple[Skipped, ...]:
    """The lines set aside as no part of the article's prose (its title, its date line, a
    page's links), and dated sentences no event covers, listed with the reason, so that `check`
    passes and a reviewer sees what was left out."""
    text, cut_at = article.text, article.cut_at
    spans = [(e.event.provenance.start, e.event.provenance.end) for e in events]
    skipped = [
        Skipped(text[start:end], f"{why} (extractor)", SOURCE_ID, start, end)
        for start, end, why in article.set_aside
    ]
    aside = [(start, end) for start, end, _why in article.set_aside]
    overlapped = _overlapping([*spans, *aside])
    for sentence in sentences(text):
        phrase = date_phrase(sentence.text)
        if phrase is None or overlapped(sentence.start, sentence.end):
            continue
        if cut_at is not None and sentence.end > cut_at:
            reason = "the text is cut off here: an incomplete sentence is not read"
        elif sentence.text.startswith("- "):
            reason = "an infobox line that is not a statement of the war (extractor)"
        else:
            reason = "no statement of control, casualties or incident recognised (extractor)"
        skipped.append(Skipped(sentence.text, reason, SOURCE_ID, sentence.start, sentence.end))
    return tuple(skipped)


def _overlapping(spans: Sequence[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether a span overlaps any of some spans, in log time (tried for each
    sentence of an article of megabytes, against each of its events)."""
    ordered = sorted(spans)
    starts = [start for start, _end in ordered]
    reach = list(itertools.accumulate((end for _start, end in ordered), max))

    def overlaps(start: int, end: int) -> bool:
        before = bisect.bisect_left(starts, end)  # the spans that start before its end
        return before > 0 and reach[before - 1] > start

    return overlaps


def _numbered(events: list[Extracted]) -> tuple[Extracted, ...]:
    """Events numbered e001, e002, ... in the article's order."""
    ordered = sorted(enumerate(events), key=lambda pair: (pair[1].event.provenance.start, pair[0]))
    width = max(3, len(str(len(ordered))))
    return tuple(
        evolve(item, event=evolve(item.event, id=f"e{number:0{width}d}", position=number - 1))
        for number, (_index, item) in enumerate(ordered, start=1)
    )


def _casualty_lines(reader: _Reader, sides: dict[int, str]) -> list[Extracted]:
    """Infobox "CasualtiesN: 267 killed (...)" lines, counted for the N-th combatant."""
    found = []
    period = reader.period
    for item in reader.article.items("Casualties"):
        number = int(re.sub(r"\D", "", item.key) or 0)
        party = "civilians" if "civilian" in item.value.lower() else sides.get(number)
        killed = re.search(r"([\d,]+)\s+(?:\w+\s+)?(?:killed|dead)", item.value)
        if party is None or killed is None or period is None:
            continue
        count = int(killed.group(1).replace(",", ""))
        exprs = find_times(item.value)
        dates = [w for e in exprs if (w := resolve(e, Context(period=period))) is not None]
        span = (
            When(min(d.earliest for d in dates), max(d.latest for d in dates), Precision.RANGE)
            if dates
            else period
        )
        if party != "civilians":
            reader._use(party)
        quote = reader.text[item.start : item.end]
        event = CasualtyReport(
            id="", when=evolve(span, phrase="; ".join(e.phrase for e in exprs)),
            # The quote is the source's own text: a value of several lines is joined in `value`.
            provenance=Provenance(SOURCE_ID, item.start, item.end, quote),
            party=party, killed=Count(count, count), period=span, cumulative=True,
        )  # fmt: skip
        found.append(_report(event, "casualties", 0.6))
    return found


# Sections that tell what came before the battle: their events are the state it starts from.
_BACKGROUND = re.compile(r"(?i)\b(?:background|prelude|history|historical|context|origins?)\b")


def _background(paragraph: Paragraph) -> bool:
    """Whether a paragraph tells what came before the battle."""
    return _BACKGROUND.search(paragraph.section) is not None


def _scenario_period(reader: _Reader, events: Sequence[Extracted]) -> tuple[dt.date, dt.date]:
    """The days the draft replays: the infobox's period, else the span of its statements of
    control; either way through an aftermath told after it. Background (a "Background"
    section, years before the title's) is the state the replay starts from, not its span."""
    article = reader.article
    told = [e for e in events if e.kind in CONTROL_KINDS] or list(events)
    background = {p.start for p in article.paragraphs if _background(p)}
    if background:
        paragraph_start = _paragraph_starts(article)
        told = [
            e for e in told if paragraph_start(e.event.provenance.start) not in background
        ] or told  # fmt: skip
    # A year alone in the title dates statements, but the battle is the span of its own.
    period = reader.period if reader.period and reader.period.precision is not Precision.VAGUE \
        else None
    year = re.search(r"\b((?:19|20)\d\d)\b", article.title)
    if year is not None and period is None:
        named = int(year.group(1))
        told = [e for e in told if e.event.when.latest.year >= named] or told
    days = [e.event.when for e in told]
    if period is not None:
        start, end = period.earliest, period.latest
        return start, max([end, *(w.latest for w in days if w.earliest > end)])
    if days:
        start, end = min(w.earliest for w in days), max(w.latest for w in days)
        if reader.published is not None and start <= reader.published:
            end = max(end, reader.published)  # a report tells how things stand on its date
        return start, end
    if reader.published is not None:
        return reader.published, reader.published
    raise FrontlineError("found no dated statement in the article")


def _paragraph_starts(article: Article) -> Callable[[int], int | None]:
    """A function giving where the paragraph that holds a character of the text begins (the
    article's first, if two hold it), in log time."""
    paragraphs = article.paragraphs
    # By where they begin: the paragraphs do not overlap, so those that hold a character are
    # the last to begin at or before it, and any before that end right there.
    order = sorted(range(len(paragraphs)), key=lambda i: (paragraphs[i].start, i))
    starts = [paragraphs[i].start for i in order]

    def start_of(offset: int) -> int | None:
        k = bisect.bisect_right(starts, offset)
        holding = []
        while k > 0 and paragraphs[order[k - 1]].end >= offset:
            holding.append(order[k - 1])
            k -= 1
        return paragraphs[min(holding)].start if holding else None

    return start_of


def _read(text: str) -> tuple[Article, str, Actors, tuple[str, ...]]:
    """An article's layout, its country, and the factions of its infobox."""
    if not text.strip():
        raise FrontlineError("the article is empty")
    lexicon()  # the tables are read once, before the article is
    article = read_article(text)
    country = article_country(article)
    actors, named = combatants(article, Actors.for_country(country))
    return article, country, actors, named


def place_resolution(text: str, gazetteer: Gazetteer, store: Store | None = None) -> Resolution:
    """Which place each name of an article means, as `extract` decides it."""
    article, _country, actors, _named = _read(text)
    return _Reader(article, gazetteer, actors, store).resolution


def extract(text: str, gazetteer: Gazetteer, title: str = "", store: Store | None = None
            ) -> Draft:  # fmt: skip
    """Turn an article into a draft scenario: events with provenance and confidence; `store`,
    the gazetteer index the article's names were looked up in, offers near misses."""
    # An article of megabytes is read into millions of tokens, none in a cycle, that stay to
    # the end: the collector would walk them all again and again (a sixth of the time at 1 MB).
    with collection_paused():
        return _extract(text, gazetteer, title, store)


def _extract(text: str, gazetteer: Gazetteer, title: str, store: Store | None) -> Draft:
    article, country, actors, named = _read(text)
    reader = _Reader(article, gazetteer, actors, store)
    try:
        reader.run()
    except _Undated:
        raise FrontlineError(
            "the article gives no date to anchor its statements (no infobox Date, dateline or year)"
        ) from None
    sides = {
        int(re.sub(r"\D", "", i.key) or 0): faction
        for i in article.items("Combatant")
        if (faction := reader.actors.lookup(re.split(r",\s*", i.value)[0].lstrip("* "))) is not None
    }
    events = _numbered([*_casualty_lines(reader, sides), *reader.events])
    for faction in named:
        reader._use(faction)
    start, end = _scenario_period(reader, events)
    factions = tuple(e for e in reader.actors.entries.values() if e.id in reader.used_factions)
    return Draft(
        title=title or article.title or "Extracted scenario",
        start=start,
        end=end,
        text=text,
        country=country,
        events=events,
        skipped=_skipped(article, events),
        factions=factions,
        new_places=tuple(reader.new_places.values()),
    )
