"""What the CLI prints: stable JSON shapes for scripts and plain tables for people."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from engine.formats.event_tables import fields_json, when_json
from engine.model.control import Control
from engine.model.events import Event
from engine.model.factions import Faction
from engine.model.log import Log
from engine.model.places import Place, Region
from engine.model.world import World
from engine.replay.replayer import Change, Period
from engine.wording import control_words, hedge_words, implied_words, safe, uncertain_words

if TYPE_CHECKING:  # engine.cli.check is loaded by `frontline check` only
    from engine.cli.check import AssertionResult, Report

JSON = dict[str, Any]


def terminal_width() -> int | None:
    """The width that tables are fitted to: COLUMNS when set, else the terminal's when printing
    to one; None when printing to a pipe or a file, where each row stays one whole line."""
    given = os.environ.get("COLUMNS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def event_json(event: Event) -> JSON:
    """An event as JSON: id, kind, dates, quote, provenance and its kind's fields."""
    prov = event.provenance
    data: JSON = {
        "id": event.id,
        "kind": event.kind,
        "date": event.when.latest.isoformat() if event.when.exact else None,
        **when_json(event.when),
        "quote": prov.quote,
        "source": prov.source,
        "span": [prov.start, prov.end],
        "hedging": prov.hedging.value,
        "attribution": prov.attribution,
        "places": list(event.places),
        "disputes": list(event.disputes),
        "note": event.note,
        "position": event.position,
    }
    data.update(fields_json(event))
    return data


def control_json(place: Place, control: Control, log: Log) -> JSON:
    """One place's control as JSON, with where it is (the shape of `at --place --json`)."""
    event = log.by_id.get(control.event) if control.event else None
    return {
        "place": place.id,
        "name": place.name,
        "kind": place.kind,
        "lat": place.lat,
        "lon": place.lon,
        "controller": control.controller,
        "status": control.status.value,
        "uncertain": control.uncertain,
        "since": control.since.isoformat() if control.since else None,
        "event": control.event,
        "quote": event.provenance.quote if event else None,
        "hedging": event.provenance.hedging.value if event else None,
        "parties": list(control.parties),
        "pending": sorted(control.pending),
        "implied": control.implied,
    }


def region_json(region: Region, members: list[JSON]) -> JSON:
    """A region's control as JSON: one controller if its places agree, else split."""
    controllers = {m["controller"] for m in members}
    single = controllers.pop() if len(controllers) == 1 else None
    statuses = {m["status"] for m in members}
    return {
        "place": region.id,
        "name": region.name,
        "kind": region.kind,
        "controller": single,
        "status": statuses.pop() if single is not None and len(statuses) == 1 else "split",
        "uncertain": any(m["uncertain"] for m in members),
        "since": max((m["since"] for m in members if m["since"]), default=None) if single else None,
        "event": None,
        "members": members,
    }


def describe(control: Control) -> str:
    """A control in words with faction ids, for scripts and people: "isis (contested by fsa)"."""
    return control_words(control, _faction_id)


def fitted(text: str, width: int | None, indent: str = "") -> str:
    """A line of text made safe and indented; given a width, wrapped to it, its later lines
    indented two more."""
    line = indent + safe(text)
    if width is None or len(line) <= width:
        return line
    return textwrap.fill(
        safe(text),
        width=width,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_on_hyphens=False,
    )


def iso(day: dt.date | None) -> str:
    """A date in ISO form, or a dash."""
    return day.isoformat() if day else "-"


def quoted(text: str, indent: str = "    ") -> str:
    """A quote on its own indented lines, wrapped, made safe."""
    return textwrap.fill(
        f"“{safe(text)}”",
        width=100,
        initial_indent=indent,
        subsequent_indent=indent + " ",
        break_on_hyphens=False,
    )


def period_lines(periods: Sequence[Period], log: Log) -> list[str]:
    """A place's timeline for people: each period, then the sentence behind it, and why it is
    uncertain when it is."""
    lines: list[str] = []
    for period in periods:
        event = log.by_id.get(period.control.event) if period.control.event else None
        span = f"{iso(period.start)} – {iso(period.end) if period.end else 'now'}"
        head = f"{span:<25} {describe(period.control)}"
        if event is not None:
            head += f"   [{event.id}{', ' + hedge(event) if hedge(event) else ''}]"
        lines.append(head)
        if event is not None:
            lines.append(quoted(event.provenance.quote))
        lines += implied_lines(period.control, log)
        lines += uncertain_lines(period.control, log)
    return lines


def implied_lines(control: Control, log: Log, indent: str = "    ") -> list[str]:
    """How an implied holder is known, for people (none when the control is stated)."""
    event = log.by_id.get(control.event) if control.implied and control.event else None
    return [] if event is None else [f"{indent}{implied_words(event, _faction_id)}"]


def _faction_id(faction: str | None) -> str:
    return faction or "unknown"


def uncertain_lines(control: Control, log: Log, indent: str = "    ") -> list[str]:
    """Why a control is uncertain, for people: each event dated by a range that may already
    have changed it, with its range and its sentence (none when it is certain)."""
    lines = []
    for event_id in sorted(control.pending):
        event = log.by_id.get(event_id)
        if event is None:
            continue
        lines.append(f"{indent}{uncertain_words(event)}:")
        lines.append(quoted(event.provenance.quote, indent=indent + "  "))
    return lines


def period_json(period: Period, log: Log) -> JSON:
    """One period of a timeline as JSON."""
    event = log.by_id.get(period.control.event) if period.control.event else None
    return {
        "from": period.start.isoformat() if period.start else None,
        "to": period.end.isoformat() if period.end else None,
        "controller": period.control.controller,
        "status": period.control.status.value,
        "uncertain": period.control.uncertain,
        "implied": period.control.implied,
        "parties": list(period.control.parties),
        "event": period.control.event,
        "quote": event.provenance.quote if event else None,
        "hedging": event.provenance.hedging.value if event else None,
    }


def change_json(change: Change, world: World) -> JSON:
    """One place's change between two dates as JSON."""
    return {
        "place": change.place,
        "name": world.places.place(change.place).name,
        "before": {
            "controller": change.before.controller,
            "status": change.before.status.value,
            "uncertain": change.before.uncertain,
        },
        "after": {
            "controller": change.after.controller,
            "status": change.after.status.value,
            "uncertain": change.after.uncertain,
            "event": change.after.event,
        },
    }


def faction_json(faction: Faction, world: World) -> JSON:
    """A faction as JSON (the shape of `factions --json`)."""
    return {
        "id": faction.id,
        "name": faction.name,
        "aliases": list(faction.aliases),
        "coalition": faction.coalition,
        "side": world.factions.side_of(faction.id),
    }


def place_json(place: Place, regions: list[str]) -> JSON:
    """A place as JSON (the shape of `places --json`)."""
    return {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "aliases": list(place.aliases),
        "lat": place.lat,
        "lon": place.lon,
        "governorate": place.governorate,
        "district": place.district,
        "bank": place.bank,
        "regions": regions,
    }


def assertion_json(result: AssertionResult) -> JSON:
    """An aggregate claim and the replay's figure as JSON."""
    return {
        "event": result.event,
        "quote": result.quote,
        "faction": result.faction,
        "region": result.region,
        "claimed": list(result.claimed),
        "replay": round(result.share, 4),
        "held": result.held,
        "total": result.total,
        "replay_area": round(result.area_share, 4),
        "held_km2": round(result.held_km2, 1),
        "total_km2": round(result.total_km2, 1),
        "agrees": result.agrees,
        "agrees_by": list(result.agrees_by),
    }


def report_json(report: Report) -> JSON:
    """The result of `check` as JSON."""
    return {
        "ok": report.ok,
        "problems": [{"where": p.where, "message": p.message} for p in report.problems],
        "disagreements": [{"where": p.where, "message": p.message} for p in report.disagreements],
        "implied": [{"where": p.where, "message": p.message} for p in report.implied],
        "skipped": [
            {"quote": s.quote, "reason": s.reason, "source": s.source, "span": [s.start, s.end]}
            for s in report.skipped
        ],
        "assertions": [assertion_json(a) for a in report.assertions],
        "dated_sentences": report.dated_sentences,
        "covered_sentences": report.covered,
        "doubts": [{"where": p.where, "message": p.message} for p in report.doubts],
    }


def hedge(event: Event | None) -> str:
    """How firmly and by whom an event is stated: "reportedly, says SOHR, disputed"."""
    if event is None:
        return ""
    return ", ".join(filter(None, (hedge_words(event), "disputed" if event.disputes else "")))
