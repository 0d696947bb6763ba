"""How long the SVG map of one day takes to make, in-process.

Run from the repository root:

    python benchmarks/svg.py [--rounds 7] [--places 5000] [--events 20000] [--seed 7] [--json]

It prints medians over `--rounds` runs (a collection before each, so none pays for another):

- default_svg_s: `svg_map` of 3 July 2014 on the default scenario, at 1200×800 (the issue's
  goal: at most 0.5 s), and default_svg_kb, the size of that file;
- default_days_svg_s: the median over ten days spread over the default scenario's period;
- default_partition_s: `Partition.of` alone, the cells that every map of the scenario starts from;
- default_first_svg_s: the process's first map (imports done, caches cold), once;
- synthetic_svg_s: the map of the last day of a synthetic war of `--places` places and
  `--events` events (`engine.testing.synth.synthesize`, seeded), and synthetic_svg_kb.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable

from engine.exports.svg import svg_map
from engine.formats.scenario_files import load_scenario
from engine.replay.replayer import Replayer
from engine.territory.cache import partition_of
from engine.testing.synth import synthesize

GOALS = {"default_svg_s": 0.5}  # the goal, at most this
JULY_3 = dt.date(2014, 7, 3)


def median_time(run: Callable[[], object], rounds: int) -> float:
    """Median seconds of `rounds` calls, with a collection before each so none pays for another."""
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(rounds: int, places: int, events: int, seed: int) -> dict[str, float]:
    """The figures, on the default scenario and on a synthetic one."""
    scenario = load_scenario()
    replayer = Replayer(scenario.world, scenario.log)
    start = time.perf_counter()
    first = svg_map(scenario, replayer, JULY_3)
    figures = {"default_first_svg_s": time.perf_counter() - start}
    figures["default_svg_s"] = median_time(lambda: svg_map(scenario, replayer, JULY_3), rounds)
    figures["default_svg_kb"] = len(first.encode()) / 1024
    span = (scenario.end - scenario.start).days
    days = [scenario.start + dt.timedelta(days=span * n // 9) for n in range(10)]
    figures["default_days_svg_s"] = statistics.median(
        median_time(lambda day=day: svg_map(scenario, replayer, day), rounds) for day in days
    )
    figures["default_partition_s"] = median_time(lambda: partition_of(scenario), rounds)
    synthetic = synthesize(places, events, 365, seed)
    synthetic_replayer = Replayer(synthetic.world, synthetic.log)
    last = synthetic.end
    figures["synthetic_svg_s"] = median_time(
        lambda: svg_map(synthetic, synthetic_replayer, last), rounds
    )
    figures["synthetic_svg_kb"] = len(svg_map(synthetic, synthetic_replayer, last).encode()) / 1024
    return figures


def report(figures: dict[str, float], args: argparse.Namespace) -> str:
    """The figures as a table, each goal marked met or not."""
    lines = [
        f"default scenario, 3 July 2014; synthetic: {args.places:,} places, {args.events:,} events,"
        f" seed {args.seed}; {args.rounds} rounds; Python {platform.python_version()},"
        f" {os.cpu_count()} cores",
        f"{'measure':<24}{'median':>12}   goal",
    ]
    for name, value in figures.items():
        goal = GOALS.get(name)
        mark = f"   ≤ {goal:g}  {'met' if value <= goal else 'NOT MET'}" if goal else ""
        lines.append(f"{name:<24}{value:>12.3f}{mark}")
    return "\n".join(lines)


def main() -> int:
    """Measure and print (or write JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--places", type=int, default=5000)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures = measure(args.rounds, args.places, args.events, args.seed)
    if args.json:
        print(json.dumps({"arguments": vars(args), "figures": figures}, indent=2))
    else:
        print(report(figures, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
