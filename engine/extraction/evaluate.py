"""Scoring a draft's control events against a curated scenario of the same article.

An extracted event (capture, withdrawal, contested, siege, defection) matches a gold event of
kind control, contested, siege or allegiance when all three agree:

- place: the two share a place or region id (a gold event on a region counts for the region's
  own id, not for each of its members); or the gold event names an area without members (a
  place the curator could not locate), the extracted one a place the gazetteer lacks, and
  their quotes overlap (the ids of unlocated places are arbitrary on both sides);
- new controller: the same faction or compatible ones (Factions.compatible: "rebels" and
  "Al-Nusra"); the gold side's controller, contesting parties (any), besieger, or the side a
  unit joins; the extracted faction is mapped to the gold's factions by id, name or alias;
- date: the same day when both give a day, else the two date ranges overlap.

Precision is the share of extracted events that match some gold event, recall the share of gold
events matched by some extracted one (several extracted events may match one gold event, as
when a list is split). The same is reported without the date, and for the dates alone: an
extracted event and a gold one that quote overlapping words, whose dates agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from attrs import frozen

from engine.errors import FrontlineError
from engine.extraction.build import Draft, Extracted, new_controller
from engine.model.dates import Precision, When
from engine.model.events import AllegianceChanged, Contested, ControlChanged, Event, SiegeBegan
from engine.model.scenario import Scenario

GOLD_KINDS = (ControlChanged, Contested, SiegeBegan, AllegianceChanged)


@frozen
class Score:
    """Precision, recall and F1 from counts of matched events on each side."""

    matched_extracted: int
    extracted: int
    matched_gold: int
    gold: int

    @property
    def precision(self) -> float:
        """Matched extracted events over all extracted events."""
        return self.matched_extracted / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        """Matched gold events over all gold events."""
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@frozen
class Finding:
    """An event without a match, and the nearest reason why."""

    event: str
    date: str
    places: str
    controller: str
    quote: str
    reason: str


@frozen
class Evaluation:
    """A draft scored against a curated scenario."""

    full: Score  # (date, place, new controller)
    without_dates: Score  # (place, new controller)
    dates: Score  # dates alone, of statements quoting the same words
    exact_days: int  # pairs of statements that agree on the day itself
    day_pairs: int  # pairs of statements where both sides give a day
    misses: tuple[Finding, ...]
    false_positives: tuple[Finding, ...]


def _gold_controllers(event: Event) -> tuple[str, ...]:
    match event:
        case ControlChanged():
            return (event.controller,)
        case Contested():
            return event.parties
        case SiegeBegan():
            return (event.by,)
        case AllegianceChanged():
            return (event.joins,)
    return ()


def dates_agree(a: When, b: When) -> bool:
    """The same day when both give a day; else overlapping ranges."""
    if a.precision is Precision.DAY and b.precision is Precision.DAY:
        return a.earliest == b.earliest
    return a.earliest <= b.latest and b.earliest <= a.latest


def _overlap(a: Event, b: Event) -> bool:
    pa, pb = a.provenance, b.provenance
    return pa.start < pb.end and pb.start < pa.end


def evaluate(draft: Draft, gold: Scenario) -> Evaluation:
    """Score a draft's control events against a curated scenario (see the module's rules)."""
    source = next(iter(gold.sources.values()), None)
    if source is None or source.text.strip() != draft.text.strip():
        raise FrontlineError(
            "the scenario to evaluate against is not a reading of this article (its source text "
            "differs)"
        )
    shift = source.text.find(draft.text.strip()) - draft.text.find(draft.text.strip())
    factions = gold.world.factions
    places = gold.world.places
    golds = [e for e in gold.log if isinstance(e, GOLD_KINDS)]
    extracted = list(draft.control)
    names = {f.id: (f.id, f.name, *f.aliases) for f in draft.factions}

    def gold_faction(faction: str | None) -> str | None:
        if faction is None:
            return None
        if faction in factions:
            return faction
        for name in names.get(faction, (faction,)):
            try:
                return factions.resolve(name)
            except FrontlineError:
                continue
        return None

    def unlocated(target: str) -> bool:
        return target in places.regions and not places.regions[target].members

    def same_place(item: Extracted, event: Event) -> bool:
        ours = set(item.event.places)
        if ours & set(event.places):
            return True
        new = any(not located for located in item.located)
        start, end = item.event.provenance.start + shift, item.event.provenance.end + shift
        prov = event.provenance
        quotes_overlap = start < prov.end and prov.start < end
        return new and quotes_overlap and any(unlocated(t) for t in event.places)

    def same_controller(item: Extracted, event: Event) -> bool:
        ours = gold_faction(new_controller(item.event))
        return ours is not None and any(
            g in factions and factions.compatible(ours, g) for g in _gold_controllers(event)
        )

    def score(test: Callable[[Extracted, Event], bool]) -> tuple[Score, list[bool], list[bool]]:
        hits_extracted = [any(test(item, event) for event in golds) for item in extracted]
        hits_gold = [any(test(item, event) for item in extracted) for event in golds]
        return (
            Score(sum(hits_extracted), len(extracted), sum(hits_gold), len(golds)),
            hits_extracted,
            hits_gold,
        )

    def full(item: Extracted, event: Event) -> bool:
        return (
            same_place(item, event)
            and same_controller(item, event)
            and dates_agree(item.event.when, event.when)
        )

    def shifted_overlap(item: Extracted, event: Event) -> bool:
        prov = event.provenance
        return (
            item.event.provenance.start + shift < prov.end
            and prov.start < item.event.provenance.end + shift
        )

    full_score, ok_extracted, ok_gold = score(full)
    without_dates, _, _ = score(lambda i, e: same_place(i, e) and same_controller(i, e))
    dates, _, _ = score(lambda i, e: shifted_overlap(i, e) and dates_agree(i.event.when, e.when))
    pairs = [
        (i, e)
        for i in extracted
        for e in golds
        if shifted_overlap(i, e) and i.event.when.exact and e.when.exact
    ]
    exact = sum(1 for i, e in pairs if i.event.when.earliest == e.when.earliest)

    def why_missed(event: Event) -> str:
        near = [i for i in extracted if same_place(i, event)]
        if any(same_controller(i, event) for i in near):
            found = next(i for i in near if same_controller(i, event))
            return f"dates disagree: extracted {found.event.when} ({found.event.id})"
        if near:
            other = near[0]
            controller = new_controller(other.event)
            return f"new controller differs: extracted {controller} ({other.event.id})"
        quoted = [i for i in extracted if shifted_overlap(i, event)]
        if quoted:
            other = quoted[0]
            return f"places differ: extracted {', '.join(other.event.places)} ({other.event.id})"
        return "not extracted"

    def why_wrong(item: Extracted) -> str:
        near = [e for e in golds if same_place(item, e)]
        if any(same_controller(item, e) for e in near):
            found = next(e for e in near if same_controller(item, e))
            return f"dates disagree: gold {found.when} ({found.id})"
        if near:
            controllers = ", ".join(_gold_controllers(near[0]))
            return f"new controller differs: gold {controllers} ({near[0].id})"
        quoted = [e for e in golds if shifted_overlap(item, e)]
        if quoted:
            return f"places differ: gold {', '.join(quoted[0].places)} ({quoted[0].id})"
        other = [e for e in gold.log if shifted_overlap(item, e)]
        if other:
            return f"the curator read it as {other[0].kind} ({other[0].id})"
        return "no gold event states it"

    def finding(event: Event, controllers: Sequence[str], reason: str) -> Finding:
        return Finding(
            event.id, str(event.when), ", ".join(event.places), ", ".join(controllers),
            event.provenance.quote, reason,
        )  # fmt: skip

    misses = tuple(
        finding(event, _gold_controllers(event), why_missed(event))
        for event, ok in zip(golds, ok_gold, strict=True)
        if not ok
    )
    false_positives = tuple(
        finding(item.event, [new_controller(item.event) or ""], why_wrong(item))
        for item, ok in zip(extracted, ok_extracted, strict=True)
        if not ok
    )
    return Evaluation(full_score, without_dates, dates, exact, len(pairs), misses, false_positives)


def report_lines(evaluation: Evaluation, gold_name: str) -> list[str]:
    """The evaluation for people: the figures, then each miss and false positive with why."""
    from engine.wording import safe, table

    def row(name: str, score: Score) -> list[str]:
        return [
            name,
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            f"{score.matched_extracted}/{score.extracted}",
            f"{score.matched_gold}/{score.gold}",
        ]

    lines = [
        f"Control events against {safe(gold_name)}:",
        table(
            ["match on", "precision", "recall", "F1", "extracted ok", "gold found"],
            [
                row("date, place, controller", evaluation.full),
                row("place, controller", evaluation.without_dates),
                row("dates alone", evaluation.dates),
            ],
        ),
        f"same day in {evaluation.exact_days} of {evaluation.day_pairs} statements that both date "
        "to a day",
    ]
    for title, findings in (
        ("Gold events missed", evaluation.misses),
        ("Extracted events without a match", evaluation.false_positives),
    ):
        lines += ["", f"{title} ({len(findings)}):"]
        lines += [
            f"  {f.event}  {f.date}  {safe(f.places)}  {safe(f.controller)}: {safe(f.reason)}"
            for f in findings
        ]
    return lines
