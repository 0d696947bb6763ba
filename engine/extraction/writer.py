"""Writing a draft: a scenario folder that `frontline check` and `frontline at` accept, JSON
lines of its control events, and a table for people.

The folder holds scenario.toml, factions.toml, places.toml, events.toml and a copy of the article
(the source of every quote). From a gazetteer index it carries only what its map needs
(engine/gazetteer/subset.py) with the data's attribution; from a scenario folder, a copy of its
gazetteer files. Places the gazetteer lacks are written as regions without members: their
events keep their quotes and change nothing on the map until a reviewer gives them coordinates
(docs/scenario-format.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import tomli_w
from attrs import evolve

from engine.extraction.build import SOURCE_ID, Draft, Extracted, new_controller
from engine.extraction.sources import GazetteerSource
from engine.files import file_blocks_of, write_file
from engine.formats.scenario_files import dump_log
from engine.formats.scenario_writer import write_scenario_folder
from engine.gazetteer.files import admin_tsv, lines_geojson, outlines_geojson, places_tsv
from engine.gazetteer.index import ATTRIBUTION_FILE
from engine.gazetteer.store import Store
from engine.gazetteer.subset import subset
from engine.model.dates import Precision
from engine.model.events import AllegianceChanged, Contested, ControlChanged, Event, How
from engine.model.names import name_key
from engine.model.places import PLACE_KINDS, Place, Region
from engine.wording import counted, safe, table

T = TypeVar("T")
_OWN_FILES = ("scenario.toml", "factions.toml", "places.toml", "events.toml")
# The gazetteer files a draft made from a gazetteer index carries, by scenario.toml key.
_SUBSET_FILES = {
    "places": "places.tsv", "admin": "admin.tsv", "boundaries": "boundaries.geojson",
    "lines": "lines.geojson",
}  # fmt: skip
_REGION_KEYS = ("governorate", "district", "bank", "west_of", "east_of", "north_of", "south_of")


def _header(lines: list[str]) -> str:
    return "".join(f"# {line}\n" if line else "#\n" for line in lines)


def scenario_toml(draft: Draft, source: GazetteerSource, article_name: str) -> str:
    """The draft's scenario.toml: title, period, the article as its source, the gazetteer."""
    document: dict[str, Any] = {
        "title": draft.title,
        "start": draft.start.isoformat(),
        "end": draft.end.isoformat(),
        "source": [
            {
                "id": SOURCE_ID,
                "path": article_name,
                "title": draft.title,
                "licence": "see the article",
            }
        ],
        "gazetteer": (
            dict(source.config)
            if source.gazetteer is not None
            else {**_SUBSET_FILES, "places": [_SUBSET_FILES["places"]]}
        ),
    }
    origin = (
        f"Gazetteer files copied from {source.name}."
        if source.gazetteer is not None
        else f"Gazetteer files: the part of {source.name} its map needs ({ATTRIBUTION_FILE})."
    )
    return (
        _header(
            [
                f"A draft made by `frontline extract` from {article_name}: review it before use.",
                "Every event of events.toml has its quote, a confidence and the reading behind",
                "it in its note; `frontline check --scenario <this folder>` shows what the text",
                f"leaves open. {origin}",
            ]
        )
        + "\n"
        + tomli_w.dumps(document)
    )


def factions_toml(draft: Draft) -> str:
    """The factions the draft's events name, with the coalitions they belong to."""
    tables = []
    for faction in draft.factions:
        entry: dict[str, Any] = {"id": faction.id, "name": faction.name}
        entry["aliases"] = list(faction.aliases)
        if faction.coalition is not None:
            entry["coalition"] = faction.coalition
        tables.append(entry)
    return (
        _header(
            [
                "Factions of the draft, from Frontline's table of the actors of the Syrian and",
                "Iraqi wars (engine/extraction/data/factions.toml) and the article's own names.",
            ]
        )
        + "\n"
        + tomli_w.dumps({"faction": tables})
    )


def _table(header: str, table: Mapping[str, Any]) -> str:
    """One [[header]] table; written key by key, since tomli_w puts a lone small table of an
    array inline, and two such arrays of one name would not be valid TOML."""
    return f"[[{header}]]\n" + "".join(tomli_w.dumps({key: value}) for key, value in table.items())


def places_toml(draft: Draft, source: GazetteerSource) -> str:
    """A scenario gazetteer's own places and regions, then the places the article adds."""
    extra = source.places_toml
    regions = [
        dict(r) for r in extra.get("region", [])
        if r.get("place") or r.get("places") or any(k in r for k in _REGION_KEYS)
    ]  # fmt: skip
    own = source.gazetteer.entries.values() if source.gazetteer is not None else ()
    known = {r["id"] for r in regions} | {entry.id for entry in own if entry.region}
    for region in regions:
        if region.get("parent") not in known:
            region.pop("parent", None)  # a region of the gazetteer's article, not carried over
    parts = [
        _header(
            [
                "Places and regions of the draft. First those of the gazetteer's scenario",
                f"({source.name}), then the places the article names that it lacks.",
            ]
        ),
        *(_table("place", place) for place in extra.get("place", [])),
        *(_table("region", region) for region in regions),
    ]
    for place in draft.new_places:
        entry: dict[str, Any] = {"id": place.id, "name": place.name}
        if place.point is not None:
            entry |= {
                "kind": place.kind if place.kind in PLACE_KINDS else "village",
                "lat": place.point[0],
                "lon": place.point[1],
                "precision_km": place.precision_km,
                "source": "the article",
            }
            if place.country:
                entry["country"] = place.country
            if place.aliases:
                entry["aliases"] = list(place.aliases)
            comment = [f"{place.note}: a point from the text, not from a gazetteer."]
            parts.append(_header(comment) + _table("place", entry))
            continue
        entry["kind"] = place.kind
        if place.aliases:
            entry["aliases"] = list(place.aliases)
        if place.parent is not None:
            entry["parent"] = place.parent
        comment = [
            f"{place.note}. Not located: a region without members keeps",
            "its events' quotes; to map it, make it a [[place]] with this id, lat and lon.",
        ]
        parts.append(_header(comment) + _table("region", entry))
    return "\n".join(parts)


def events_toml(draft: Draft) -> str:
    """The draft's event log, and the dated sentences it left out with the reason."""
    counts = {
        kind: sum(1 for e in draft.events if e.kind == kind)
        for kind in dict.fromkeys(e.kind for e in draft.events)
    }
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    return (
        _header(
            [
                f"Events extracted by `frontline extract` ({summary}).",
                "Each note gives the extractor's confidence (0-1) and what it inferred rather than",
                "read: review those below 0.7 first. File order is the article's order.",
            ]
        )
        + "\n"
        + dump_log(draft.log, draft.skipped)
    )


def gazetteer_files(draft: Draft, store: Store) -> dict[str, str]:
    """The part of a gazetteer index the draft's map needs, as files, with its attribution."""
    named = {p for e in draft.events for p in (*e.event.places, *_excluded(e.event))}
    named |= {p.parent for p in draft.new_places if p.parent is not None}
    part = subset(store, sorted(named))
    written = _spellings(draft)
    places = [_with_spellings(p, written.get(p.id, ())) for p in part.places]
    regions = {r.id: _with_spellings(r, written.get(r.id, ())) for r in part.regions}
    attribution = store.meta.get("attribution", "").strip() or "(the gazetteer gives none)"
    return {
        _SUBSET_FILES["places"]: "".join(places_tsv(places)),
        _SUBSET_FILES["admin"]: "".join(admin_tsv(regions.values())),
        _SUBSET_FILES["boundaries"]: outlines_geojson(part.outlines, regions),
        _SUBSET_FILES["lines"]: lines_geojson(part.lines),
        ATTRIBUTION_FILE: (
            f"The gazetteer files of this folder ({', '.join(_SUBSET_FILES.values())}) are\n"
            f"the part of {store.label} that its map needs. Their sources and licences:\n\n"
            f"{attribution}\n"
        ),
    }


# "its power station", "the town": words that refer to a place rather than name it.
_REFERRING = re.compile(r"(?i)(?:the|its|their|his|her|this|that|these|those|a|an)\s")


def _spellings(draft: Draft) -> dict[str, tuple[str, ...]]:
    """The names the article writes for each place it resolved ("Hasakeh" for Al-Hasakah)."""
    found: dict[str, dict[str, None]] = {}
    for item in draft.events:
        for place, written in zip(item.event.places, item.places_written, strict=False):
            if written and not _REFERRING.match(written):
                found.setdefault(place, {})[written] = None
    return {place: tuple(names) for place, names in found.items()}


_Named = TypeVar("_Named", Place, Region)


def _with_spellings(entry: _Named, written: tuple[str, ...]) -> _Named:
    """A place or region that also answers to the article's spellings of it, so that a reader
    asks `frontline at` for a place by the name the article gives it."""
    known = {name_key(n) for n in (entry.name, *entry.aliases)}
    added: tuple[str, ...] = tuple(dict.fromkeys(w for w in written if name_key(w) not in known))
    return evolve(entry, aliases=(*entry.aliases, *added)) if added else entry


def _excluded(event: Event) -> tuple[str, ...]:
    return event.excluded if isinstance(event, ControlChanged) else ()


def draft_files(draft: Draft, source: GazetteerSource, article_name: str) -> dict[str, str]:
    """The text of every file the draft writes itself (not the copies)."""
    files = {
        "scenario.toml": scenario_toml(draft, source, article_name),
        "factions.toml": factions_toml(draft),
        "places.toml": places_toml(draft, source),
        "events.toml": events_toml(draft),
    }
    if source.store is not None:
        files |= gazetteer_files(draft, source.store)
    return files


def article_name(path: Path, source: GazetteerSource) -> str:
    """The name under which the article is copied into the draft."""
    reserved = {*_OWN_FILES, *source.files, *_SUBSET_FILES.values(), ATTRIBUTION_FILE}
    return path.name if path.name not in reserved and path.suffix else "article.txt"


def write_draft(draft: Draft, source: GazetteerSource, folder: Path, name: str,
                force: bool = False) -> None:  # fmt: skip
    """Write the draft scenario folder, whole or not at all; a scenario there only with `force`,
    which replaces it whole."""
    files = {**draft_files(draft, source, name), name: draft.text}

    # Unlike synth's folders, a draft records no [contents]: it is there to be edited, and a
    # recorded size and hash would make each edit an error until the table was deleted.
    def write(temporary: Path) -> None:
        for file_name, text in files.items():
            write_file(temporary / file_name, [text.encode()])
        for file_name in source.files:
            assert source.folder is not None  # only a scenario folder has files to copy
            target = temporary / file_name
            target.parent.mkdir(parents=True, exist_ok=True)
            write_file(target, file_blocks_of(source.folder / file_name))

    write_scenario_folder(folder, write, force)


# ------------------------------------------------------------------------- for scripts


def _previous(item: Extracted) -> str | None:
    event = item.event
    match event:
        case ControlChanged() | AllegianceChanged():
            return event.previous
        case Contested():
            return event.parties[1] if len(event.parties) > 1 else None
    return None


def _nth(values: tuple[T, ...], index: int, default: T) -> T:
    return values[index] if index < len(values) else default


def control_records(draft: Draft) -> Iterator[dict[str, Any]]:
    """One record per place of each control-type event (capture, withdrawal, contested, siege,
    defection), the shape of `--format jsonl`; a capture from a side that withdrew as it
    happened gives a withdrawal record too."""
    for item in draft.control:
        event = item.event
        when = event.when
        dates: dict[str, Any] = (
            {"date": when.earliest.isoformat()}
            if when.precision is Precision.DAY
            else {"earliest": when.earliest.isoformat(), "latest": when.latest.isoformat()}
        )
        for index, place in enumerate(event.places):
            prov = event.provenance
            record = {
                "id": event.id,
                "kind": item.kind,
                **dates,
                "precision": when.precision.value,
                "date_phrase": when.phrase,
                "place": item.places_written[index] if index < len(item.places_written) else place,
                "place_id": place,
                "place_name": _nth(item.place_names, index, place),
                "located": item.located[index] if index < len(item.located) else True,
                "lat": point[0] if (point := _nth(item.points, index, None)) else None,
                "lon": point[1] if point else None,
                "to": item.to_written,
                "to_id": new_controller(item.event),
                "from": item.from_written,
                "from_id": _previous(item),
                "quote": prov.quote,
                "start": prov.start,
                "end": prov.end,
                "hedged": prov.hedging.value != "stated",
                "hedging": prov.hedging.value,
                "attribution": prov.attribution,
                "confidence": item.confidence,
            }
            yield record
            if _taken_as_they_left(item):
                # "ISIS took X after Al-Nusra withdrew" states the withdrawal too.
                yield record | {"kind": "withdrawal", "to": None, "to_id": None}


def _taken_as_they_left(item: Extracted) -> bool:
    """A capture from a side the text says withdrew or fled as it happened."""
    event = item.event
    return (
        item.kind == "capture"
        and isinstance(event, ControlChanged)
        and event.how is How.WITHDREW
        and event.previous is not None
    )


def jsonl_lines(draft: Draft) -> Iterator[str]:
    """The control records as JSON lines."""
    for record in control_records(draft):
        yield json.dumps(record, ensure_ascii=False)


def preview(draft: Draft, width: int | None = None) -> str:
    """The draft's control events as a table for people, fitted to a width (None: rows whole)."""
    rows = [
        [
            item.event.id,
            str(item.event.when),
            item.kind,
            ", ".join(item.place_names or item.places_written),
            new_controller(item.event) or "",
            f"{item.confidence:.2f}",
            item.event.provenance.quote,
        ]
        for item in draft.control
    ]
    counts: Mapping[str, int] = {
        "events": len(draft.events),
        "control": len(draft.control),
        "new places": len(draft.new_places),
        "skipped": len(draft.skipped),
    }
    head = (
        f"{safe(draft.title)}: {counted(counts['events'], 'event')}, {counts['control']:,} of "
        f"control; {counted(counts['new places'], 'place')} not in the gazetteer; "
        f"{counted(counts['skipped'], 'sentence or line', 'sentences or lines')} left out"
    )
    return "\n".join(
        [head, "", table(["id", "date", "kind", "places", "to", "conf", "quote"], rows, width)]
    )


def summary(draft: Draft, folder: Path) -> str:
    """One paragraph on what was written, and what to do next."""
    return (
        f"{folder}: {counted(len(draft.events), 'event')} ({len(draft.control):,} of control), "
        f"{counted(len(draft.new_places), 'place')} not in the gazetteer, "
        f"{counted(len(draft.skipped), 'sentence or line', 'sentences or lines')} left out.\n"
        "Review events.toml (confidence in each note), then: "
        f"frontline check --scenario {folder}"
    )
