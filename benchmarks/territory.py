"""How fast the territory of a day and its front are worked out, at 10,000 and 100,000 places.

Run from the repository root:

    python benchmarks/territory.py [--sizes 10000 100000] [--rounds 5] [--seed 3] [--json]

For each size it generates a synthetic war in-process (`engine.testing.synth.synthesize`, ten
events a place over a year) and prints medians over `--rounds` random days:

- partition_s: the cells of every place (Voronoi, each cut to 12 km and to its outline) and the
  pairs of neighbouring cells: made once per scenario, not per day (the length of a shared
  border is worked out when a day's front first needs it);
- territory_day_ms: the territory of one day given the partition: the replayed state, each
  place's side and each side's ground in places and km² (what the map and `front` read);
- front_day_ms: the front of one day given the partition: territory_day plus the segments with
  their km, the pockets and the encircled places;
- front_command_s: all of `frontline front DATE` in-process after the scenario is loaded
  (partition and front) the first time: the cells are made (and kept in the cache);
- front_command_cached_s: the same on a later run, the cells read back from the cache (a
  temporary cache folder of this run; `engine.territory.cache`);
- baseline_state_ms: the replayed state of a day alone (`Replayer.at`), the replay's own cost that
  every figure above includes, measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

from engine.cache import CACHE_VARIABLE
from engine.replay.replayer import Replayer
from engine.territory.cache import partition_of
from engine.territory.front import front
from engine.territory.ground import ground, sides_of
from engine.testing.synth import synthesize


def _median_ms(run: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(places: int, rounds: int, seed: int) -> dict[str, Any]:
    """The figures at one size."""
    scenario = synthesize(places, places * 10, 365, seed)
    replayer = Replayer(scenario.world, scenario.log)
    rng = random.Random(seed)
    days = [scenario.start + dt.timedelta(days=rng.randrange(365)) for _ in range(rounds)]
    figures: dict[str, Any] = {"places": places}

    os.environ[CACHE_VARIABLE] = "off"  # made here, not read back
    start = time.perf_counter()
    partition = partition_of(scenario)
    _ = partition.neighbours
    figures["partition_s"] = round(time.perf_counter() - start, 3)
    figures["neighbour_pairs"] = len(partition.neighbours[0])

    pending = iter(days * 8)

    def state() -> object:
        return replayer.at(next(pending))

    def territory() -> object:
        return ground(partition, sides_of(partition, replayer, replayer.at(next(pending))))

    def front_day() -> object:
        return front(partition, sides_of(partition, replayer, replayer.at(next(pending))))

    def command() -> object:
        with tempfile.TemporaryDirectory() as empty:  # nothing kept yet: the cells are made
            os.environ[CACHE_VARIABLE] = empty
            fresh = partition_of(scenario)
            return front(fresh, sides_of(fresh, replayer, replayer.at(next(pending))))

    kept = tempfile.mkdtemp()

    def cached_command() -> object:
        os.environ[CACHE_VARIABLE] = kept
        fresh = partition_of(scenario)
        return front(fresh, sides_of(fresh, replayer, replayer.at(next(pending))))

    figures["baseline_state_ms"] = round(_median_ms(state, rounds), 2)
    figures["territory_day_ms"] = round(_median_ms(territory, rounds), 1)
    figures["front_day_ms"] = round(_median_ms(front_day, rounds), 1)
    figures["front_command_s"] = round(_median_ms(command, max(1, rounds // 2)) / 1000, 3)
    cached_command()  # fills the cache
    figures["front_command_cached_s"] = round(_median_ms(cached_command, rounds) / 1000, 3)
    shutil.rmtree(kept)
    return figures


def main() -> None:
    """Print the figures at each size asked for."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    results = [measure(size, args.rounds, args.seed) for size in args.sizes]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for figures in results:
        print(f"{figures['places']:,} places ({figures['neighbour_pairs']:,} neighbouring pairs)")
        for key, value in figures.items():
            if key not in ("places", "neighbour_pairs"):
                print(f"  {key:<20} {value}")


if __name__ == "__main__":
    main()
