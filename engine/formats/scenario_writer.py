"""Writing a scenario folder (as `synthesize` makes them), which load_scenario reads back."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import tomli_w

from engine.errors import FrontlineError, Problem
from engine.files import FolderLocked, write_file, write_folder_atomically
from engine.formats.scenario_files import dump_log
from engine.gazetteer.files import (
    ADMIN_SUFFIXES,
    admin_tsv,
    lines_geojson,
    outlines_geojson,
    places_tsv,
)
from engine.model.scenario import Scenario

EVENTS_FORMATS = ("jsonl", "toml", "columns")  # what write_scenario writes: events.<format>


def check_output_folder(folder: Path, force: bool = False) -> None:
    """Refuse to write a scenario over a file or a folder of other things, and over a scenario
    unless forced (which replaces it whole)."""
    if folder.exists() and not folder.is_dir():
        raise FrontlineError(f"{folder}: exists and is not a folder")
    if not folder.is_dir():
        return
    if Path.cwd().is_relative_to(folder.resolve()):
        # a folder put in place or replaced whole is a new one: the old would be deleted under
        # the shell that stands in it
        raise FrontlineError(f"{folder}: is the current folder, or holds it; write it from outside")
    if not any(folder.iterdir()):
        return
    if not (folder / "scenario.toml").is_file():
        # --force deletes what the folder held: never a home folder or a folder of documents
        raise FrontlineError(
            f"{folder}: the folder is not empty and holds no scenario (no scenario.toml), so it "
            "is not replaced, even with --force; write to a new or empty folder"
        )
    if not force:
        raise FrontlineError(f"{folder}: the folder holds a scenario; use --force to replace it")


def write_scenario_folder(folder: Path, write: Callable[[Path], None], force: bool = False) -> None:
    """Write a scenario folder whole or not at all (engine.files.write_folder_atomically): `write`
    fills a new folder, which replaces a scenario there only with `force`, and then whole."""
    try:
        write_folder_atomically(folder, write, lambda found: check_output_folder(found, force))
    except FolderLocked:
        raise FrontlineError(
            f"{folder}: another frontline is writing this folder now; try again once it is done"
        ) from None
    except OSError as error:
        raise FrontlineError(f"{folder}: cannot write: {error.strerror or error}") from None


def write_scenario(
    scenario: Scenario, folder: Path, events_format: str = "jsonl", force: bool = False
) -> None:
    """Write a scenario like those `synthesize` makes to a folder, whole or not at all, its events
    as events.<events_format> (one of EVENTS_FORMATS); load_scenario reads it back. Its
    scenario.toml records what the folder holds ([contents]: the number of events, and each
    file's size and SHA-256), which load_scenario checks."""
    config, files = _files(scenario, events_format)

    def write(temporary: Path) -> None:
        written = {name: write_file(temporary / name, chunks) for name, chunks in files.items()}
        config["contents"] = {
            "events": len(scenario.log),
            "file": [
                {"name": name, "bytes": file.size, "sha256": file.sha256}
                for name, file in written.items()
            ],
        }
        write_file(temporary / "scenario.toml", [_CONTENTS_NOTE, tomli_w.dumps(config).encode()])

    write_scenario_folder(folder, write, force)


_CONTENTS_NOTE = (
    b"# [contents] records this folder's files as they were written, and is checked when the\n"
    b"# scenario is loaded: after editing one of them by hand, delete it.\n\n"
)


def _files(
    scenario: Scenario, events_format: str = "jsonl"
) -> tuple[dict[str, Any], dict[str, Iterable[bytes]]]:
    """The scenario.toml of a scenario folder, as a table whose [contents] is to be filled in
    once the other files are written, and those files by name, each as its bytes in pieces (text
    files a line a piece); the events are made as they are written. Places go to places.tsv and
    regions to admin.tsv, so only a governorate and its districts, made of the places that name
    them, can be written (what `synthesize` makes)."""
    if events_format not in EVENTS_FORMATS:
        raise FrontlineError(
            f"unknown events format {events_format!r}: {', '.join(EVENTS_FORMATS)}"
        )
    problems = _unwritable(scenario, events_format)
    if problems:
        raise FrontlineError(problems)
    world = scenario.world
    events_name = f"events.{events_format}"
    sources = {f"{source.id}.txt": source for source in scenario.sources.values()}
    gazetteer: dict[str, Any] = {"places": ["places.tsv"]}
    if world.places.regions:
        gazetteer["admin"] = "admin.tsv"
    if scenario.outlines:
        gazetteer["boundaries"] = "boundaries.geojson"
    if scenario.lines:
        gazetteer["lines"] = "lines.geojson"
    config = {
        "title": scenario.title,
        "start": scenario.start.isoformat(),
        "end": scenario.end.isoformat(),
        "events": events_name,
        # Before the sources and the gazetteer: a scenario.toml cut short that has lost its
        # [contents] has lost those too, and is refused for them.
        "contents": {},
        "source": [
            {"id": s.id, "path": name, "title": s.title, "licence": s.licence}
            for name, s in sources.items()
        ],
        "gazetteer": gazetteer,
    }
    factions = [
        {"id": f.id, "name": f.name, "aliases": list(f.aliases)}
        | ({} if f.coalition is None else {"coalition": f.coalition})
        for f in world.factions
    ]
    files: dict[str, Iterable[str]] = {
        "factions.toml": [tomli_w.dumps({"faction": factions})],
        "places.tsv": places_tsv(world.places.places),
    }
    if world.places.regions:
        files["admin.tsv"] = admin_tsv(world.places.regions.values())
    if scenario.outlines:
        files["boundaries.geojson"] = [outlines_geojson(scenario.outlines, world.places.regions)]
    if scenario.lines:
        files["lines.geojson"] = [lines_geojson(scenario.lines)]
    for name, source in sources.items():
        files[name] = [source.text]
    written: dict[str, Iterable[bytes]] = {
        name: map(str.encode, lines) for name, lines in files.items()
    }
    if events_format == "columns":  # the writer of each format only when it is written
        from engine.formats.events_columns import dump_log_columns

        written[events_name] = dump_log_columns(scenario.log)
    elif events_format == "jsonl":
        from engine.formats.events_jsonl import dump_log_jsonl

        written[events_name] = map(str.encode, dump_log_jsonl(scenario.log))
    else:
        written[events_name] = map(str.encode, [dump_log(scenario.log, scenario.skipped)])
    return config, written


def _unwritable(scenario: Scenario, events_format: str) -> list[Problem]:
    """What the files could not hold as it is: a region that is not an admin unit of the places
    that name it, a value that breaks a TSV row, skipped sentences in JSON lines."""
    regions = scenario.world.places.regions
    problems = []
    if scenario.skipped and events_format != "toml":
        problems.append(Problem("", "skipped sentences can only be written to events.toml"))
    by_unit: dict[tuple[str, str], set[str]] = {}
    for place in scenario.world.places.places:
        by_unit.setdefault((place.governorate, ""), set()).add(place.id)
        by_unit.setdefault((place.governorate, place.district), set()).add(place.id)
        values = (place.id, place.name, place.kind, place.governorate, place.district, place.source)
        if not _tsv_safe(values, place.aliases):
            problems.append(Problem(f"place {place.id}", _TSV_UNSAFE))
        if place.bank not in ("", "north", "south"):
            problems.append(Problem(f"place {place.id}", f"bank {place.bank!r}: north or south"))
    for region in regions.values():
        suffix = ADMIN_SUFFIXES.get(region.kind, "")
        unit = region.name.removesuffix(suffix)
        parent = regions.get(region.parent) if region.parent else None
        expected: frozenset[str] | None = None
        if region.kind == "governorate" and region.parent is None:
            expected = frozenset(by_unit.get((unit, ""), ()))
        elif region.kind == "district" and parent is not None and parent.kind == "governorate":
            governorate = parent.name.removesuffix(ADMIN_SUFFIXES["governorate"])
            expected = frozenset(by_unit.get((governorate, unit), ()))
        if not _tsv_safe((region.id, region.name), region.aliases):
            problems.append(Problem(f"region {region.id}", _TSV_UNSAFE))
        if (
            not (suffix and region.name.endswith(suffix))
            or region.lat is None
            or region.lon is None
            or expected != region.members
        ):
            problems.append(
                Problem(
                    f"region {region.id}",
                    "only a governorate, or a district of one, with a point and made of the "
                    "places that name it can be written",
                )
            )
    return problems


_TSV_UNSAFE = "a tab, a line break or spaces at an end of a name, or a `;` in an alias"


def _tsv_safe(values: Iterable[str], aliases: Iterable[str]) -> bool:
    """True when the values survive a TSV row as the gazetteer reads it (aliases `;`-joined)."""
    return all(
        v == v.strip() and not any(c in v for c in "\t\n\r") for v in (*values, *aliases)
    ) and not any(";" in a for a in aliases)
