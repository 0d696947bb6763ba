"""How fast the engine replays a big log, against the plain Python loop over the same events.

Run from the repository root:

    python benchmarks/replay.py [--events 1000000] [--places 100000] [--days 1000]
                                [--rounds 3] [--queries 200] [--seed 7] [--json]

It generates a synthetic scenario in-process (`engine.testing.synth.synthesize`, seeded) and prints
medians over repeated runs:

- bare_fold_events_per_s: `for e in events: state[e.places] = e.when`, over the same event
  objects in replay order: touching every event once, the floor we compare the engine against;
- replay_events_per_s: the engine's full fold: every step of the replay, in order, written as
  the records a Replayer answers from (`engine.replay.records.fold_records`); replay_vs_bare is its
  ratio to the bare loop's rate;
- simplest_log_vs_bare: the same ratio on the simplest log the fold can be given: only the
  synthetic log's exact changes of hands of one named place (no ranges, regions, fights, sieges
  or changes of side), against the bare loop over those same events: the common step's own cost;
- index_build_s: building a whole Replayer (that fold, then per-place histories and
  checkpoints), and build_vs_bare, its rate per event against the bare loop's;
- state_at_full_ms: the whole state at a random date (a record per place; Control objects are
  made when read), and state_at_full_read_ms: the same, then every place's controller counted;
- state_at_place_us: one place's control at a random date, over three sets of ten times
  `--queries` random (place, day) pairs asked at three moments of the run, each pair asked
  straight in a loop (as a script would); state_at_place_first_us: the same over only the
  process's first `--queries` of them (the first answers of a process are slower: caches warm);
- step_day_ms: one day forward or back from a random date;
- timeline_place_us: one place's whole timeline of control;
- memory_bytes_per_event: memory the log and its Replayer hold, per event (in a child process:
  what building them allocated and still holds after a collection, by tracemalloc);
- load_events_per_s_jsonl, load_events_per_s_columns: reading the synthetic scenario's events
  from disk, per event, from each format write_scenario writes for big logs (events.jsonl,
  events.columns); load_events_per_s, the issue's goal, is the columns figure: events.columns is
  the format for big logs (the cache off: the files read, never a snapshot of them as loaded);
- first_open_at_s, second_open_at_s: fresh processes of `frontline at DATE --place P` on the
  synthetic scenario written as events.columns, with an empty cache (the replay is folded and
  its index saved, the scenario as loaded kept) and with both saved; tui_first_frame_s, a fresh
  process opening the TUI headless until the first day's map is drawn, both saved (a scenario is
  kept once its files are two seconds old: the first round's first open comes too soon after
  they were written); cli_start_s, `frontline --help`, the
  baseline of the same run (Python and the CLI's imports), and second_open_vs_start the ratio;
- and, on the default scenario: cold `frontline at 2014-07-03` wall time against `python -c pass`
  (each the median of several fresh processes, interleaved), and its in-process load time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from engine.cache import CACHE_VARIABLE
from engine.formats.scenario_files import load_scenario
from engine.formats.scenario_writer import write_scenario
from engine.model.events import ControlChanged, Event
from engine.model.log import Log
from engine.model.scenario import Scenario
from engine.replay.records import fold_records
from engine.replay.replayer import Replayer, schedule
from engine.testing.synth import synthesize

GOALS = {  # the goals at 1,000,000 events and 100,000 places
    "replay_vs_bare": (0.5, "≥"),
    "state_at_full_ms": (5.0, "≤"),
    "state_at_place_us": (3.0, "≤"),
    "step_day_ms": (1.0, "≤"),
    "timeline_place_us": (50.0, "≤"),
    "memory_bytes_per_event": (250.0, "≤"),
    "load_events_per_s": (500_000.0, "≥"),
    "cold_at_above_python_s": (0.3, "≤"),
    # Issue 15: a big scenario opened again by a fresh process, and the first open.
    "second_open_at_s": (0.5, "≤"),
    "tui_first_frame_s": (3.0, "≤"),
    "first_open_at_s": (10.0, "≤"),
}


def median_time(run: Callable[[], object], rounds: int) -> float:
    """Median seconds of `rounds` calls, with a collection before each so none pays for another."""
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed_batches(items: list[Any], run: Callable[[list[Any]], object], batch: int) -> list[float]:
    """Seconds per item in each batch of items that `run` handles at once, in order (a batch
    hides the timer's own cost)."""
    means = []
    for first in range(0, len(items), batch):
        chunk = items[first : first + batch]
        start = time.perf_counter()
        run(chunk)
        means.append((time.perf_counter() - start) / len(chunk))
    return means


def batch_times(calls: list[Callable[[], object]], batch: int = 20) -> list[float]:
    """Seconds per call in each batch of calls, in order."""

    def run(chunk: list[Callable[[], object]]) -> None:
        for call in chunk:
            call()

    return timed_batches(calls, run, batch)


def batch_times_of(ask: Callable[[Any, Any], object], pairs: list[tuple[Any, Any]]) -> list[float]:
    """Seconds per call of `ask` in each batch of 20 argument pairs, in order: called straight,
    as a user's loop would, not through a lambda that would add a call of its own."""

    def run(chunk: list[tuple[Any, Any]]) -> None:
        for one, other in chunk:
            ask(one, other)

    return timed_batches(pairs, run, 20)


def median_per_call(calls: list[Callable[[], object]], batch: int = 20) -> float:
    """Median seconds per call over batches of calls."""
    return statistics.median(batch_times(calls, batch))


def bare_fold(events: list[Any]) -> dict[object, object]:
    """The plain loop: every event touched once, one attribute stored under another."""
    state: dict[object, object] = {}
    for e in events:
        state[e.places] = e.when
    return state


def is_simple(event: Event, place_index: Mapping[str, int]) -> bool:
    """True for an exact change of hands of one named place, with no `from` or exclusions."""
    return (
        isinstance(event, ControlChanged)
        and event.when.exact
        and len(event.places) == 1
        and event.places[0] in place_index
        and event.previous is None
        and not event.excluded
    )


def measure_replay(scenario: Scenario, rounds: int, queries: int, seed: int) -> dict[str, float]:
    """The in-process figures: folds, queries and steps on one scenario."""
    world, log = scenario.world, scenario.log
    events = [step.event for step in schedule(log) if step.takes_effect]
    bare = median_time(lambda: bare_fold(events), rounds)
    place_ids = [p.id for p in world.places.places]
    place_index = {place: number for number, place in enumerate(place_ids)}
    folded = median_time(lambda: fold_records(world, log, place_index), rounds)
    build = median_time(lambda: Replayer(world, log), rounds)
    # The same fold on the simplest log: only the exact, one-place changes of hands. No ranges,
    # regions, sieges or changes of side: what is left is the common step's own cost.
    simple = [e for e in events if is_simple(e, place_index)]
    simple_log = Log(simple)
    simple_bare = median_time(lambda: bare_fold(simple), rounds)
    simple_fold = median_time(lambda: fold_records(world, simple_log, place_index), rounds)
    replayer = Replayer(world, log)
    rng = random.Random(seed)
    first, last = scenario.start, scenario.end
    span = (last - first).days
    days = [first + dt.timedelta(days=rng.randint(0, span)) for _ in range(queries)]
    places = [rng.choice(place_ids) for _ in range(queries)]
    some = days[: max(queries // 10, 5)]
    full = median_per_call([lambda d=d: replayer.at(d) for d in some], 1)
    # The state holds a record per place and makes Control objects when read: reading every
    # place's controller too (what a map or a summary does) is the other honest figure.
    counted = median_per_call([lambda d=d: replayer.territory(replayer.at(d)) for d in some], 1)
    # One place on one day is quick enough that a few hundred questions are a small sample, and
    # asked in a few milliseconds, which one busy moment of the machine can spoil: three sets of
    # ten times as many, all different, are asked at three moments of the run, and the median is
    # taken over all their batches. The process's first questions are also reported on their own.
    pairs = [[(rng.choice(place_ids), first + dt.timedelta(days=rng.randint(0, span)))
              for _ in range(10 * queries)] for _moment in range(3)]  # fmt: skip
    per_batch = batch_times_of(replayer.control_at, pairs[0])
    one_first = statistics.median(per_batch[: max(1, queries // 20)])
    states = {d: replayer.at(d) for d in days[:20]}
    steps = []
    for n, (d, state) in enumerate(states.items()):
        to = d + dt.timedelta(days=1 if n % 2 else -1)
        steps.append(lambda s=state, d=d, to=to: replayer.advance(s, d, to))
    step = median_per_call(steps, 1)
    per_batch += batch_times_of(replayer.control_at, pairs[1])
    timeline = median_per_call([lambda p=p: replayer.timeline(p) for p in places])
    per_batch += batch_times_of(replayer.control_at, pairs[2])
    one = statistics.median(per_batch)
    return {
        "events": float(len(log)),
        "places": float(len(place_ids)),
        "bare_fold_events_per_s": len(events) / bare,
        "replay_events_per_s": len(log) / folded,
        "replay_vs_bare": (len(log) / folded) / (len(events) / bare),
        "simplest_log_vs_bare": (len(simple) / simple_fold) / (len(simple) / simple_bare),
        "index_build_s": build,
        "build_vs_bare": (len(log) / build) / (len(events) / bare),
        "state_at_full_ms": full * 1e3,
        "state_at_full_read_ms": counted * 1e3,
        "state_at_place_us": one * 1e6,
        "state_at_place_first_us": one_first * 1e6,
        "step_day_ms": step * 1e3,
        "timeline_place_us": timeline * 1e6,
    }


def child_memory(places: int, events: int, days: int, seed: int) -> float:
    """Bytes per event that a log and its replayer hold, measured in a fresh child process.

    The child makes the scenario first, untraced; then it traces the allocations of building a
    log from its events and a replayer on it, and reports what is still alive after a collection
    (the columns and indexes; the names they share with the world are not counted twice).
    """
    code = (
        "import gc, tracemalloc;"
        "from engine.testing.synth import synthesize; from engine.replay.replayer import Replayer;"
        "from engine.model.log import Log;"
        f"s = synthesize({places}, {events}, {days}, {seed}); events = list(s.log); gc.collect();"
        "tracemalloc.start(); log = Log(events); replayer = Replayer(s.world, log);"
        "gc.collect(); print(tracemalloc.get_traced_memory()[0])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1]) / max(events, 1)


def measure_load(scenario: Scenario, rounds: int) -> dict[str, float]:
    """Events read from disk per second in each format for big logs: a folder with the log,
    minus the same without it; load_events_per_s is that of events.columns. The cache is off:
    what is timed is reading the files, never a snapshot of the scenario as loaded before."""
    kept = os.environ.get(CACHE_VARIABLE)
    os.environ[CACHE_VARIABLE] = "off"
    try:
        return _load_rates(scenario, rounds)
    finally:
        if kept is None:
            del os.environ[CACHE_VARIABLE]
        else:
            os.environ[CACHE_VARIABLE] = kept


def _load_rates(scenario: Scenario, rounds: int) -> dict[str, float]:
    figures = {}
    for events_format in ("jsonl", "columns"):
        with tempfile.TemporaryDirectory() as folder:
            full, empty = Path(folder, "full"), Path(folder, "empty")
            write_scenario(scenario, full, events_format)
            write_scenario(attrs.evolve(scenario, log=Log(())), empty, events_format)
            with_log = median_time(lambda full=full: load_scenario(full), rounds)
            without = median_time(lambda empty=empty: load_scenario(empty), rounds)
        rate = len(scenario.log) / max(with_log - without, 1e-9)
        figures[f"load_events_per_s_{events_format}"] = rate
    figures["load_events_per_s"] = figures["load_events_per_s_columns"]
    return figures


def measure_cold_start(rounds: int) -> dict[str, float]:
    """Cold `frontline at` on the default scenario against bare Python, in fresh processes."""
    at = [sys.executable, "-m", "engine", "at", "2014-07-03"]
    bare = [sys.executable, "-c", "pass"]
    times: dict[str, list[float]] = {"at": [], "python": []}
    for _ in range(rounds):
        for name, command in (("at", at), ("python", bare)):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            times[name].append(time.perf_counter() - start)
    at_s, python_s = statistics.median(times["at"]), statistics.median(times["python"])
    load = median_time(load_scenario, rounds)
    return {
        "cold_at_s": at_s,
        "python_start_s": python_s,
        "cold_at_above_python_s": at_s - python_s,
        "default_load_s": load,
    }


# A child process that opens the TUI headless on a scenario and says, the moment the first day's
# map is drawn, how long after the parent started it that was.
_FIRST_FRAME = """
import asyncio, sys, time
from pathlib import Path
from tui.app import build_app

async def first_frame():
    app = build_app(Path(sys.argv[1]), freeze_loaded=True)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.replay_screen
        while screen.replay is None:
            await pilot.pause(0.01)
        await pilot.pause()
        print(time.time() - float(sys.argv[2]))
        app.exit()

asyncio.run(first_frame())
"""


def measure_cold_open(scenario: Scenario, rounds: int) -> dict[str, float]:
    """Fresh processes on the synthetic scenario written as events.columns: `frontline at DATE
    --place P` with an empty cache (the first open, which folds and saves the replay's index)
    and with the index saved (every later open), the TUI's first frame with it saved, and, as
    the baseline of the same run, `frontline --help` (Python and the CLI's imports)."""
    place = next(scenario.world.places.places).id
    day = (scenario.start + (scenario.end - scenario.start) / 2).isoformat()
    times: dict[str, list[float]] = {"first": [], "second": [], "help": [], "tui": []}
    with tempfile.TemporaryDirectory() as folder:
        written, cache = Path(folder, "scenario"), Path(folder, "cache")
        write_scenario(scenario, written, "columns")
        at = [sys.executable, "-m", "engine", "--scenario", str(written), "at", day]
        at += ["--place", place]
        helped = [sys.executable, "-m", "engine", "--help"]

        def run(command: list[str], cache_folder: Path) -> float:
            environment = os.environ | {"FRONTLINE_CACHE": str(cache_folder)}
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True, env=environment)
            return time.perf_counter() - start

        for round_ in range(rounds):
            times["first"].append(run(at, Path(folder, f"empty-{round_}")))
            times["second"].append(run(at, cache))
            times["help"].append(run(helped, cache))
            environment = os.environ | {"FRONTLINE_CACHE": str(cache)}
            shown = subprocess.run(
                [sys.executable, "-c", _FIRST_FRAME, str(written), repr(time.time())],
                capture_output=True, text=True, check=True, env=environment,
            )  # fmt: skip
            times["tui"].append(float(shown.stdout.split()[-1]))
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {
        "first_open_at_s": medians["first"],
        "second_open_at_s": medians["second"],
        "tui_first_frame_s": medians["tui"],
        "cli_start_s": medians["help"],
        "second_open_vs_start": medians["second"] / medians["help"],
    }


def report(figures: dict[str, float], args: argparse.Namespace) -> str:
    """The figures as a table, each goal marked met or not."""
    lines = [
        f"{args.events:,} events, {args.places:,} places, {args.days:,} days, seed {args.seed};"
        f" {args.rounds} rounds, {args.queries} queries; Python {platform.python_version()},"
        f" {os.cpu_count()} cores",
        f"{'measure':<28}{'median':>16}   goal",
    ]
    for name, value in figures.items():
        goal = GOALS.get(name)
        mark = ""
        if goal is not None:
            target, sense = goal
            met = value >= target if sense == "≥" else value <= target
            mark = f"   {sense} {target:g}  {'met' if met else 'NOT MET'}"
        shown = f"{value:,.0f}" if value >= 1000 else f"{value:.3f}"
        lines.append(f"{name:<28}{shown:>16}{mark}")
    return "\n".join(lines)


def main() -> int:
    """Measure and print (or write JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--places", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    scenario = synthesize(args.places, args.events, args.days, args.seed)
    figures = measure_replay(scenario, args.rounds, args.queries, args.seed)
    figures.update(measure_load(scenario, args.rounds))
    figures.update(measure_cold_open(scenario, args.rounds))
    del scenario
    gc.collect()
    figures["memory_bytes_per_event"] = child_memory(
        args.places, args.events, args.days, args.seed
    )
    figures.update(measure_cold_start(max(args.rounds, 5)))
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.json:
        print(json.dumps({"arguments": vars(args), "figures": figures}, indent=2))
    else:
        print(report(figures, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
