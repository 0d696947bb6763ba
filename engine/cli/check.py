"""Checking a scenario: quotes, coverage of dated sentences, implied holders, aggregate claims."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from attrs import frozen

from engine.errors import Problem
from engine.gazetteer.countries import count_words, country_words
from engine.model.events import AllegianceChanged, Assertion, ControlChanged
from engine.model.places import Place, distance_km
from engine.model.scenario import Scenario, Skipped
from engine.model.sentences import Sentence, date_phrase, sentences
from engine.model.spelling import loose_key
from engine.replay.apply import held_by
from engine.replay.implied import implying_places
from engine.replay.replayer import Replayer
from engine.territory.cache import partition_of
from engine.territory.partition import Partition


@frozen
class AssertionResult:
    """An aggregate claim of the source next to the replay's own figure."""

    event: str
    quote: str
    faction: str
    region: str
    claimed: tuple[float, float]
    held: int
    total: int
    held_km2: float  # the ground of the places held, of...
    total_km2: float  # ...the ground of all the region's places

    @property
    def share(self) -> float:
        """The replay's share of the region's places held by the faction."""
        return self.held / self.total if self.total else 0.0

    @property
    def area_share(self) -> float:
        """The replay's share of the region's ground (km²) held by the faction."""
        return self.held_km2 / self.total_km2 if self.total_km2 else 0.0

    @property
    def agrees_by(self) -> tuple[str, ...]:
        """The measures by which the replay's share lies within the claimed range: "places",
        "area", both or neither (an article's "98% of the province" may mean either)."""
        low, high = self.claimed
        return tuple(
            measure
            for measure, share, total in (
                ("places", self.share, self.total),
                ("area", self.area_share, self.total_km2),
            )
            if total > 0 and low <= share <= high
        )

    @property
    def agrees(self) -> bool:
        """True when the replay's share lies within the claimed range by places or by area."""
        return bool(self.agrees_by)


@frozen
class Report:
    """What `frontline check` found: defects of the scenario, where source and replay differ,
    and the places it doubts."""

    problems: tuple[Problem, ...]
    disagreements: tuple[Problem, ...]
    skipped: tuple[Skipped, ...]
    assertions: tuple[AssertionResult, ...]
    dated_sentences: int
    covered: int
    doubts: tuple[Problem, ...] = ()
    implied: tuple[Problem, ...] = ()  # holders the replay carries because later events imply them

    @property
    def ok(self) -> bool:
        """True when the scenario is sound: quotes verbatim, every dated sentence accounted for."""
        return not self.problems


def check(scenario: Scenario, replayer: Replayer) -> Report:
    """What loading cannot see: coverage, quotes at their spans, the source against the replay."""
    problems = _quotes(scenario)
    implied, disagreements = _implied_holders(scenario, replayer)
    dated, covered, coverage_problems = _coverage(scenario)
    claims = [event for event in scenario.log if isinstance(event, Assertion)]
    assertions: tuple[AssertionResult, ...] = ()
    if claims:  # the share of ground needs the cells of the places
        partition = partition_of(scenario)
        assertions = tuple(_assertion(event, scenario, replayer, partition) for event in claims)
    disagreements += [
        Problem(
            f"event {a.event}",
            f"claims {a.claimed[0]:.0%}–{a.claimed[1]:.0%} of {a.region} for {a.faction}; "
            f"the replay gives {a.share:.1%} of its places ({a.held} of {a.total}) and "
            f"{a.area_share:.1%} of its ground ({a.held_km2:,.0f} of {a.total_km2:,.0f} km²)",
        )
        for a in assertions
        if not a.agrees
    ]
    return Report(
        tuple(problems + coverage_problems),
        tuple(disagreements),
        scenario.skipped,
        assertions,
        dated,
        covered,
        tuple(place_doubts(scenario)),
        tuple(implied),
    )


FAR_KM = 150.0  # a place named this far from every other the events name is doubted
ON_TOWN_KM = 0.5  # a site this close to a town's point was put there, not found there
SAME_KM = 5.0  # two places of names spelt alike this close may be one
EARTH_KM = 6371.0  # the Earth's radius, as distance_km takes it


def place_doubts(scenario: Scenario) -> list[Problem]:
    """What may be wrong with the places the events name: one far from all the others, one in
    a country the sources do not mention, a site put on its town's point, one place written as
    two by two spellings."""
    places = scenario.world.places
    targets = {t for e in scenario.log for t in e.places}  # the log read once
    named = sorted(t for t in targets if places.is_place(t))
    located = [places.place(p) for p in named]
    doubts = []
    near = _Near(located, FAR_KM)
    for place in located:
        if len(located) > 1 and all(located[i].id == place.id for i in near.within(place)):
            # Measured to every other place only for the few that are doubted.
            nearest = min(distance_km(place, o) for o in located if o.id != place.id)
            doubts.append(
                Problem(
                    f"place {place.id}",
                    f"{nearest:.0f} km from every other place the events name: is it the "
                    f"{place.name} the source means?",
                )
            )
    text = " ".join(s.text for s in scenario.sources.values())
    for country in sorted({p.country for p in located if p.country}):
        if not count_words(country_words().of(country), text):
            which = ", ".join(p.name for p in located if p.country == country)
            doubts.append(
                Problem(
                    f"country {country}",
                    f"the sources never name {country.title()}, yet events name its {which}",
                )
            )
    towns = [p for p in places.places if p.kind in ("city", "town", "village")]
    near_towns = _Near(towns, ON_TOWN_KM)
    for place in located:
        if place.kind in ("city", "town", "village", "quarter"):
            continue
        first = min(near_towns.within(place), default=None)  # the first town of the world's
        if first is not None:
            town = towns[first]
            doubts.append(
                Problem(
                    f"place {place.id}",
                    f"a {place.kind} at the very point of the {town.kind} {town.name}: its own "
                    "point is not known",
                )
            )
    doubts += _two_spellings(scenario, located, targets)
    return doubts


class _Near:
    """Places in cubes of space, so that those within `km` of a point are found among the
    places of 27 cubes rather than by measuring to every place (a war of 100,000 places)."""

    def __init__(self, places: Sequence[Place], km: float) -> None:
        self.places = places
        self.km = km
        # Two points `km` apart on the sphere are this far apart in space (a hair more, for
        # rounding): with cubes of that side, they lie in the same cube or neighbouring ones.
        self._side = 2 * math.sin(min(km / EARTH_KM, math.pi) / 2) * (1 + 1e-6)
        self._cubes: dict[tuple[int, int, int], list[int]] = {}
        for index, place in enumerate(places):
            self._cubes.setdefault(self._cube(place), []).append(index)

    def _cube(self, place: Place) -> tuple[int, int, int]:
        lat, lon = math.radians(place.lat), math.radians(place.lon)
        x, y, z = math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)
        return math.floor(x / self._side), math.floor(y / self._side), math.floor(z / self._side)

    def within(self, place: Place) -> Iterator[int]:
        """The positions of the places within `km` of a place (itself too, if given), those of
        its own cube first, where the nearest most often are."""
        x, y, z = self._cube(place)
        for dx, dy, dz in _NEIGHBOURS:
            for index in self._cubes.get((x + dx, y + dy, z + dz), ()):
                if distance_km(place, self.places[index]) <= self.km:
                    yield index


_NEIGHBOURS = sorted(itertools.product((-1, 0, 1), repeat=3), key=lambda d: d != (0, 0, 0))


def _two_spellings(scenario: Scenario, located: list[Place], targets: set[str]) -> list[Problem]:
    """Places the events name (`targets`) whose names are one name spelt two ways, close
    together or neither with a point."""
    places = scenario.world.places
    unlocated = sorted(t for t in targets if t in places.regions and not places.regions[t].members)
    named = [(p.id, p.name, p) for p in located] + [
        (r, places.regions[r].name, None) for r in unlocated
    ]
    # Only names of one key can be one name: pairs within each key, in the order of `named`.
    by_key: dict[str, list[int]] = {}
    for index, (_id, name, _place) in enumerate(named):
        if key := loose_key(name):
            by_key.setdefault(key, []).append(index)
    pairs = sorted(pair for group in by_key.values() for pair in itertools.combinations(group, 2))
    doubts = []
    for (a, name_a, place_a), (b, name_b, place_b) in ((named[i], named[j]) for i, j in pairs):
        if place_a is not None and place_b is not None and distance_km(place_a, place_b) > SAME_KM:
            continue
        message = f"'{name_a}' and '{name_b}' may be one place spelt two ways"
        doubts.append(Problem(f"places {a}, {b}", message))
    return doubts


def _quotes(scenario: Scenario) -> list[Problem]:
    problems = []
    for event in scenario.log:
        prov = event.provenance
        source = scenario.sources.get(prov.source)
        if source is None:
            problems.append(Problem(f"event {event.id}", f"unknown source {prov.source!r}"))
        elif source.text[prov.start : prov.end] != prov.quote:
            problems.append(
                Problem(f"event {event.id}", f"quote is not verbatim at its span in {source.id}")
            )
    return problems


def _coverage(scenario: Scenario) -> tuple[int, int, list[Problem]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for event in scenario.log:
        spans.setdefault(event.provenance.source, []).append(
            (event.provenance.start, event.provenance.end)
        )
    for skipped in scenario.skipped:
        spans.setdefault(skipped.source, []).append((skipped.start, skipped.end))
    dated = covered = 0
    problems = []
    for source in scenario.sources.values():
        covered_by_span = _overlapping(spans.get(source.id, []))
        # Where each line ends, found once: counting them up to each sentence was quadratic.
        newlines = [m.start() for m in re.finditer("\n", source.text)]
        for sentence in sentences(source.text):
            phrase = date_phrase(sentence.text)
            if phrase is None:
                continue
            dated += 1
            if covered_by_span(sentence):
                covered += 1
            else:
                line = bisect.bisect_left(newlines, sentence.start) + 1
                problems.append(
                    Problem(
                        f"source {source.id}, line {line}",
                        f"dated sentence ({phrase!r}) has no event and is not listed as skipped: "
                        f"{sentence.text[:80]!r}",
                    )
                )
    return dated, covered, problems


def _overlapping(spans: list[tuple[int, int]]) -> Callable[[Sentence], bool]:
    """A test of whether a sentence overlaps any of the spans, in log time (a source of a million
    quotes has a million sentences)."""
    ordered = sorted(spans)
    starts = [start for start, _end in ordered]
    reach = list(itertools.accumulate((end for _start, end in ordered), max))

    def overlaps(sentence: Sentence) -> bool:
        before = bisect.bisect_left(starts, sentence.end)  # the spans that start before its end
        return before > 0 and reach[before - 1] > sentence.start

    return overlaps


def _implied_holders(scenario: Scenario, replayer: Replayer) -> tuple[list[Problem], list[Problem]]:
    """(the holdings the replay carries because a later event implies them, the places where
    the source and the replay differ): each control change "from" a faction, checked against the
    replay just before it."""
    world, log = scenario.world, scenario.log
    implied, problems = [], []
    one_day = dt.timedelta(days=1)
    for event in log:
        if isinstance(event, ControlChanged) and event.previous is not None:
            allegiance = replayer.allegiance_before(event.id)
            for target in event.places:
                if target not in world.places.regions:
                    continue
                members = world.expand((target,), event.excluded)
                if members and not any(
                    held_by(world, replayer.control_before(p, event.id), event.previous, allegiance)
                    for p in members
                ):
                    problems.append(
                        Problem(
                            f"event {event.id}",
                            f"says {target} was taken from {event.previous}, "
                            f"but the replay has none of its places held by {event.previous}",
                        )
                    )
            for place in implying_places(event, world):
                before = replayer.control_before(place, event.id)
                if before.implied and before.event == event.id and before.since is not None:
                    # The stated control the holding follows: did an event say it of this place?
                    earlier = replayer.control_at(place, before.since - one_day)
                    stated = log.by_id.get(earlier.event) if earlier.event else None
                    after = f" (the day after {stated.id})" if stated is not None else ""
                    disputed = ""
                    if stated is not None and place in stated.places:
                        disputed = (
                            f"; disputed by {stated.id}, which gave it to "
                            f"{earlier.controller or 'nobody known'} on {stated.when.latest}"
                        )
                    implied.append(
                        Problem(
                            f"event {event.id}",
                            f"implies {event.previous} held {place} from {before.since}{after} "
                            f"to {event.when.latest - one_day}{disputed}",
                        )
                    )
                elif not held_by(world, before, event.previous, allegiance):
                    holder = before.controller or "nobody known"
                    stated = log.by_id.get(before.event) if before.event else None
                    why = ""
                    if stated is not None:
                        no_room = stated.when.latest >= event.when.latest - 2 * one_day
                        why = f" from {stated.id} of {stated.when.latest}" + (
                            ": no day lies between for it to have held it" if no_room else ""
                        )
                        why += f"; disputed by {stated.id}"
                    problems.append(
                        Problem(
                            f"event {event.id}",
                            f"implies {event.previous} held {place} before {event.when}, "
                            f"but the replay has {holder} ({before.status}){why}",
                        )
                    )
        if (
            isinstance(event, AllegianceChanged)
            and event.previous is not None
            and not world.factions.compatible(event.faction, event.previous)
        ):
            problems.append(
                Problem(
                    f"event {event.id}",
                    f"says {event.faction} left {event.previous}, "
                    "but the scenario does not place it there",
                )
            )
    return implied, problems


def _assertion(
    event: Assertion, scenario: Scenario, replayer: Replayer, partition: Partition
) -> AssertionResult:
    world = scenario.world
    state = replayer.at(event.when.latest)
    members = world.expand((event.region,), event.excluded)
    top_level = world.factions[event.faction].coalition is None
    held = []
    for place in members:
        controller = state.of(place).controller
        if controller is None:
            continue
        if world.factions.compatible(controller, event.faction) or (
            top_level and world.factions.side_of(controller, state.allegiance) == event.faction
        ):
            held.append(place)

    def km2(places: Iterable[str]) -> float:
        return float(sum(partition.areas[partition.index[p]] for p in places))

    return AssertionResult(
        event.id,
        event.provenance.quote,
        event.faction,
        event.region,
        event.share,
        len(held),
        len(members),
        km2(held),
        km2(members),
    )
