"""`frontline front`: the front on a day (segments, pockets, encircled places, ground per side),
or the ground each side gained and lost between two days."""

from __future__ import annotations

import datetime as dt

from engine.cli.output import JSON
from engine.model.places import PlaceGraph
from engine.model.scenario import Scenario
from engine.replay.replayer import Replayer
from engine.territory.cache import partition_of
from engine.territory.front import Front, Shift, front, shifts
from engine.territory.ground import Ground, sides_of
from engine.wording import safe, table

UNKNOWN_SIDE = "unknown"


def ground_rows(rows: tuple[Ground, ...]) -> list[list[object]]:
    """Each side's places and km², with its share of the mapped ground."""
    total = sum(g.km2 for g in rows) or 1.0
    places = sum(g.places for g in rows) or 1
    return [
        [
            g.side or UNKNOWN_SIDE,
            g.places,
            f"{g.places / places:.0%}",
            f"{g.km2:,.0f}",
            f"{g.km2 / total:.0%}",
        ]
        for g in rows
    ]


GROUND_HEADINGS = ["side", "places", "share", "km²", "share of ground"]


def ground_json(rows: tuple[Ground, ...]) -> list[JSON]:
    """Each side's ground as JSON (side null: unknown control)."""
    return [{"side": g.side, "places": g.places, "km2": round(g.km2, 1)} for g in rows]


def _names(places: PlaceGraph, ids: tuple[str, ...], most: int = 6) -> str:
    shown = ", ".join(safe(places.place(p).name) for p in ids[:most])
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")


def front_text(day: Front, places: PlaceGraph) -> list[str]:
    """The front of a day for people."""
    lines = [table(GROUND_HEADINGS, ground_rows(day.ground)), ""]
    count = len(day.segments)
    lines.append(f"Front: {day.km:,.0f} km in {count} segment{'s' if count != 1 else ''}")
    for segment in day.segments:
        lines.append(
            f"  {segment.km:6.1f} km  {' / '.join(segment.sides)}: "
            f"{_names(places, segment.places)}"
        )
    lines += ["", f"Pockets: {len(day.pockets) or 'none'}"]
    for pocket in day.pockets:
        lines.append(
            f"  {pocket.side}: {_names(places, pocket.places)} ({pocket.km2:,.0f} km², "
            f"surrounded by {', '.join(pocket.surrounded_by)})"
        )
    lines += ["", f"Encircled places: {_names(places, day.encircled) if day.encircled else 'none'}"]
    return lines


def front_json(day: Front, date: dt.date) -> JSON:
    """The front of a day as JSON."""
    return {
        "date": date.isoformat(),
        "ground": ground_json(day.ground),
        "front": {
            "km": round(day.km, 2),
            "segments": [
                {"sides": list(s.sides), "places": list(s.places), "km": round(s.km, 2)}
                for s in day.segments
            ],
        },
        "pockets": [
            {
                "side": p.side,
                "places": list(p.places),
                "km2": round(p.km2, 1),
                "surrounded_by": list(p.surrounded_by),
            }
            for p in day.pockets
        ],
        "encircled": list(day.encircled),
    }


def shifts_text(moved: tuple[Shift, ...], places: PlaceGraph) -> list[str]:
    """Each side's gains and losses for people."""
    lines = [
        table(
            ["side", "gained", "lost", "km² gained", "km² lost", "net km²"],
            [
                [
                    s.side,
                    len(s.gained),
                    len(s.lost),
                    f"{s.gained_km2:,.0f}",
                    f"{s.lost_km2:,.0f}",
                    f"{s.net_km2:+,.0f}",
                ]
                for s in moved
            ],
        )
    ]
    for s in moved:
        if s.gained:
            lines.append(f"  {s.side} gained {_names(places, s.gained)}")
        if s.lost:
            lines.append(f"  {s.side} lost {_names(places, s.lost)}")
    return lines


def shifts_json(moved: tuple[Shift, ...], before: dt.date, after: dt.date) -> JSON:
    """Each side's gains and losses as JSON."""
    return {
        "from": before.isoformat(),
        "to": after.isoformat(),
        "sides": [
            {
                "side": s.side,
                "gained": list(s.gained),
                "lost": list(s.lost),
                "gained_km2": round(s.gained_km2, 1),
                "lost_km2": round(s.lost_km2, 1),
                "net_km2": round(s.net_km2, 1),
            }
            for s in moved
        ],
    }


def front_report(
    scenario: Scenario, replayer: Replayer, day: dt.date, later: dt.date | None
) -> tuple[JSON, list[str]]:
    """The front of a day, or the shifts of ground from it to a later one: JSON and text."""
    partition = partition_of(scenario)
    places = scenario.world.places
    sides = sides_of(partition, replayer, replayer.at(day))
    if later is None:
        today = front(partition, sides)
        return front_json(today, day), front_text(today, places)
    moved = shifts(partition, sides, sides_of(partition, replayer, replayer.at(later)))
    heading = f"Ground that changed hands from {day.isoformat()} to {later.isoformat()}"
    return shifts_json(moved, day, later), [heading, "", *shifts_text(moved, places)]
