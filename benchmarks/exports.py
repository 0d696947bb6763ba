"""How long each export takes: on the bundled scenario's whole log, and on a big synthetic war.

Run from the repository root:

    python benchmarks/exports.py [--places 100000] [--events 300000] [--days 365]
                                 [--rounds 5] [--big-rounds 1] [--seed 7] [--json]

Each export is written to a sink that only counts what it is given (no disk, no memory held), so
the figures are the exporters' own; the medians are over `--rounds` runs on the bundled scenario
and `--big-rounds` on the synthetic one (generated once, in-process, by
`engine.testing.synth.synthesize`). For each format and scenario it prints:

- <format>_s: seconds to write the whole log's export (graphml and svg: one day, the middle of
  the period; geojson_day: the periods of that day and its ground as polygons and lines);
- <format>_mb: the size of what was written, in MB (of characters);
- and the goal of issue 14: the bundled scenario's whole GeoJSON export in at most 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from engine.exports.csv_tables import write_events_csv, write_periods_csv
from engine.exports.geojson import write_geojson
from engine.exports.graphml import write_graphml
from engine.exports.kml import write_kml
from engine.exports.periods import Span
from engine.exports.timelinejs import write_timelinejs
from engine.formats.scenario_files import load_scenario
from engine.model.scenario import Scenario
from engine.replay.replayer import Replayer
from engine.testing.synth import synthesize

GOALS = {"default_geojson_s": (1.0, "≤")}  # the goal: the whole default period


class Sink(io.TextIOBase):
    """A text stream that counts the characters written to it and keeps none."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


Export = Callable[[Any], None]  # given a Sink, which writes as a text stream does


def exports(scenario: Scenario, replayer: Replayer) -> dict[str, Export]:
    """Every format's export of a scenario, by name."""
    day = scenario.start + (scenario.end - scenario.start) / 2
    found: dict[str, Export] = {
        "geojson": lambda s: write_geojson(s, scenario, replayer),
        "geojson_day": lambda s: write_geojson(s, scenario, replayer, Span(day, day), day),
        "csv": lambda s: write_periods_csv(s, scenario, replayer),
        "events_csv": lambda s: write_events_csv(s, scenario),
        "kml": lambda s: write_kml(s, scenario, replayer),
        "graphml": lambda s: write_graphml(s, scenario, replayer, day),
        "timelinejs": lambda s: write_timelinejs(s, scenario),
    }
    try:
        from engine.exports.svg import svg_map
    except ImportError:  # the map is another module's, which may not be there yet
        return found

    def write_svg(sink: Sink) -> None:
        sink.write(svg_map(scenario, replayer, day))

    found["svg"] = write_svg
    return found


def measure(name: str, scenario: Scenario, rounds: int, only: list[str] | None) -> dict[str, float]:
    """Median seconds and MB of every export of one scenario."""
    replayer = Replayer(scenario.world, scenario.log)
    figures: dict[str, float] = {}
    for format_name, run in exports(scenario, replayer).items():
        if only and format_name not in only:
            continue
        times, size = [], 0
        for _ in range(rounds):
            gc.collect()
            sink = Sink()
            start = time.perf_counter()
            run(sink)
            times.append(time.perf_counter() - start)
            size = sink.chars
        figures[f"{name}_{format_name}_s"] = statistics.median(times)
        figures[f"{name}_{format_name}_mb"] = size / 1e6
        print(f"  {name} {format_name}: {statistics.median(times):.3f} s", file=sys.stderr)
    return figures


def report(figures: dict[str, float], header: str) -> str:
    """The figures as a table, the goal marked met or not."""
    lines = [header, f"{'measure':<32}{'median':>12}   goal"]
    for name, value in figures.items():
        mark = ""
        if name in GOALS:
            target, sense = GOALS[name]
            met = value <= target if sense == "≤" else value >= target
            mark = f"   {sense} {target:g}  {'met' if met else 'NOT MET'}"
        lines.append(f"{name:<32}{value:>12.3f}{mark}")
    return "\n".join(lines)


def main() -> int:
    """Measure and print (or write JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=300_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--big-rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", nargs="*", help="only these formats (geojson, csv, kml, ...)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures = measure("default", load_scenario(), args.rounds, args.only)
    start = time.perf_counter()
    big = synthesize(args.places, args.events, args.days, args.seed, dt.date(2020, 1, 1))
    figures["synth_s"] = time.perf_counter() - start
    figures.update(measure("big", big, args.big_rounds, args.only))
    header = (
        f"default scenario ({args.rounds} rounds); synthetic: {args.places:,} places, "
        f"{args.events:,} events, {args.days:,} days, seed {args.seed} ({args.big_rounds} "
        f"rounds); Python {platform.python_version()}, {os.cpu_count()} cores"
    )
    if args.json:
        print(json.dumps({"arguments": vars(args), "figures": figures}, indent=2))
    else:
        print(report(figures, header))
    return 0


if __name__ == "__main__":
    sys.exit(main())
