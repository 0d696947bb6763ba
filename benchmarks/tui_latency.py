"""Key-press-to-screen-updated time of the terminal UI: a day step, and a jump to a random date.

Run from the repository root (a few minutes; the synthetic scenario takes ~30 s to build):

    python benchmarks/tui_latency.py [--rounds 40] [--size 160x48] [--only default|synthetic]

For each scenario (the default one, and a synthetic one of 10,000 places and 100,000 events made
here with a seeded random generator) it runs the real app headless and measures, per key press,
the time from sending the key to the last screen render that it caused (Textual composes every
changed line of the screen; headless, the bytes are not written to a terminal). It prints medians
and ratios against two baselines measured in the same run:

- repaint: a key that redraws the map with no replay work (names off/on): the floor of a key
  press that changes the map in this app on this machine;
- fold: replaying the log from the start to a random day (what a jump would cost without the
  replayer's checkpoints and incremental moves), engine only, in the first 3 rounds.

Goals (the issue): median under 30 ms for a step or a jump on the default scenario, under 100 ms
on the synthetic one.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import math
import random
import statistics
import sys
import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.scrollbar import ScrollBar
from textual.widgets import Input

from engine.dates import Precision, When
from engine.events import (
    CasualtyReport,
    Contested,
    ControlChanged,
    Count,
    Event,
    Hedging,
    Incident,
    IncidentType,
    Provenance,
    SiegeBegan,
    SiegeLifted,
)
from engine.factions import Faction, Factions
from engine.log import Log
from engine.places import Place, Region, build_place_graph
from engine.replay import fold
from engine.scenario import Scenario, Source
from engine.scenario_files import load_scenario
from engine.world import World
from tui.app import FrontlineApp, build_app
from tui.screen import ReplayScreen

SEED = 20140710
FOLD_ROUNDS = 3
PLACES, EVENTS = 10_000, 100_000
START, END = dt.date(2020, 1, 1), dt.date(2021, 12, 31)


# ---------------------------------------------------------------------------- synthetic scenario


def synthetic_scenario(places: int = PLACES, events: int = EVENTS, seed: int = SEED) -> Scenario:
    """A big invented war, built from engine objects directly (no files)."""
    rng = random.Random(seed)
    kinds = ["village"] * 85 + ["town"] * 8 + ["city"] * 2 + ["quarter", "facility", "oilfield"]
    kinds += ["airbase", "mound"]
    place_list = []
    for n in range(places):
        lat, lon = rng.uniform(33.0, 37.0), rng.uniform(38.0, 42.5)
        district = f"D{int((lon - 38.0) / 0.5)}"
        inside = 33.5 < lat < 36.5 and 38.5 < lon < 42.0
        place_list.append(
            Place(
                id=f"p{n:05d}",
                name=f"Place {n}",
                kind=rng.choice(kinds),
                lat=lat,
                lon=lon,
                aliases=(f"Alias {n}",),
                governorate="Gov" if inside else "Other",
                district=district if inside else "",
            )
        )
    districts: dict[str, set[str]] = {}
    for place in place_list:
        if place.district:
            districts.setdefault(place.district, set()).add(place.id)
    inside = frozenset(p.id for p in place_list if p.governorate == "Gov")
    regions = [Region("gov", "Gov Governorate", "governorate", inside)]
    regions += [
        Region(f"dist_{d}", f"{d} District", "district", frozenset(m), parent="gov")
        for d, m in districts.items()
    ]
    started = time.perf_counter()
    graph = build_place_graph(place_list, regions)
    print(f"  place graph of {places} places: {time.perf_counter() - started:.1f} s", flush=True)
    sides = ("red", "blue", "green")
    factions = [Faction(side, f"{side.title()} Coalition") for side in sides]
    factions += [
        Faction(f"{side}_{n}", f"{side.title()} unit {n}", coalition=side)
        for side in sides
        for n in range(3)
    ]
    names = [f.id for f in factions]
    days = (END - START).days + 1
    sentences: list[str] = []
    offset = 0
    event_list: list[Event] = []
    region_ids = [r.id for r in regions if r.kind == "district"]
    for n in range(events):
        latest = START + dt.timedelta(days=rng.randrange(days))
        ranged = rng.random() < 0.1
        earliest = latest - dt.timedelta(days=rng.randint(1, 10)) if ranged else latest
        phrase = f"On {latest:%d %B %Y}"
        when = When(earliest, latest, Precision.RANGE if ranged else Precision.DAY, phrase)
        target = rng.choice(region_ids) if rng.random() < 0.01 else f"p{rng.randrange(places):05d}"
        who, other = rng.sample(names, 2)
        sentence = f"{phrase}, {who} acted at {graph.label(target)} against {other}."
        quote = sentence
        provenance = Provenance(
            "synthetic",
            offset,
            offset + len(quote),
            quote,
            Hedging.REPORTEDLY if rng.random() < 0.2 else Hedging.STATED,
        )
        sentences.append(sentence + ("\n" if n % 6 == 5 else " "))
        offset += len(sentences[-1])
        common = {"id": f"s{n:06d}", "when": when, "provenance": provenance, "position": n}
        roll = rng.random()
        event: Event
        if roll < 0.70:
            event = ControlChanged(**common, places=(target,), controller=who)
        elif roll < 0.80:
            event = Contested(**common, places=(target,), parties=(who, other))
        elif roll < 0.85:
            event = SiegeBegan(**common, places=(target,), by=who)
        elif roll < 0.88:
            event = SiegeLifted(**common, places=(target,))
        elif roll < 0.95:
            event = Incident(
                **common, places=(target,), type=IncidentType.CLASHES, by=who, against=other
            )
        else:
            event = CasualtyReport(**common, places=(target,), party=who, killed=Count(1, 9))
        event_list.append(event)
    text = "".join(sentences)
    outline = ((33.5, 38.5), (36.5, 38.5), (36.5, 42.0), (33.5, 42.0))
    strips = {
        f"dist_D{k}": tuple(
            (lat, 38.5 + (k + dx) * 0.5) for lat, dx in ((33.5, 0), (36.5, 0), (36.5, 1), (33.5, 1))
        )
        for k in range(7)
    }
    river = tuple((35.0 + 0.8 * math.sin(k / 5), 38.0 + k * 0.05) for k in range(91))
    return Scenario(
        title="Synthetic war (10,000 places, 100,000 events)",
        start=START,
        end=END,
        world=World(graph, Factions.of(factions)),
        log=Log(event_list),
        sources={"synthetic": Source("synthetic", "Invented for the benchmark", "CC0", text)},
        river=river,
        outlines={"gov": outline, **strips},
    )


# ---------------------------------------------------------------------------- measuring


class Renders:
    """Times of the screen renders: wraps the app's display hook (headless, nothing is written).

    A key's first render draws every widget that changed; Textual may then lay the screen out
    again (a list got longer) and redraw the scrollbars a tick later. Each render's screen is
    kept, so that "updated" is the first render that already shows the final screen. Keeping it
    costs a few ms that delay the later renders: the figures err on the slow side.
    """

    def __init__(self, app: FrontlineApp) -> None:
        self.app = app
        self.stamps: list[float] = []
        self.screens: list[list[str]] = []
        original = app._display

        def display(screen: object, renderable: object) -> None:
            original(screen, renderable)  # type: ignore[arg-type]
            if renderable is None:
                return
            self.stamps.append(time.perf_counter())
            self.screens.append(screen_text(app))

        app._display = display  # type: ignore[method-assign]


def screen_text(app: FrontlineApp) -> list[str]:
    """Every line of the screen as drawn, scrollbar cells blanked (their thumbs come later)."""
    screen = app.screen
    compositor = screen._compositor
    lines = [list(strip.text) for strip in compositor.render_strips()]
    for widget, geometry in compositor.full_map.items():
        if isinstance(widget, ScrollBar):
            region = geometry.region
            for y in range(region.y, min(region.bottom, len(lines))):
                for x in range(region.x, min(region.right, len(lines[y]))):
                    lines[y][x] = " "
    return ["".join(line) for line in lines]


class Timing:
    """One input: when the screen first showed its final content, and when the last render was
    (scrollbars included); and whether that was the input's first render."""

    def __init__(self, updated: float, last: float, first: bool) -> None:
        self.updated, self.last, self.first = updated, last, first


async def timed(pilot: Pilot[None], renders: Renders, act: Callable[[], object]) -> Timing:
    """Milliseconds from an input to the screen showing its result, and to its last render."""
    renders.stamps.clear()
    renders.screens.clear()
    started = time.perf_counter()
    result = act()
    if asyncio.iscoroutine(result):
        await result
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    if not renders.stamps:
        return Timing(float("nan"), float("nan"), True)
    final = screen_text(renders.app)
    index = next((n for n, shown in enumerate(renders.screens) if shown == final), -1)
    stamp = renders.stamps[index]
    return Timing((stamp - started) * 1000, (renders.stamps[-1] - started) * 1000, index == 0)


async def settle(pilot: Pilot[None]) -> ReplayScreen:
    """Wait for the scenario and the territory series (workers)."""
    app = pilot.app
    assert isinstance(app, FrontlineApp)
    screen = app.replay_screen
    while screen.replay is None or screen.territory is None:
        await app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause()
    return screen


async def measure(scenario: Scenario, rounds: int, size: tuple[int, int]) -> dict[str, list[float]]:
    """Run the app on a scenario and time steps, jumps and the baselines."""
    rng = random.Random(SEED)
    results: dict[str, list[float]] = {
        "step": [], "step, settled": [], "jump": [], "jump, settled": [], "repaint": [],
        "engine step": [], "engine jump": [], "fold": [],
    }  # fmt: skip
    complete = {"step": 0, "jump": 0}
    app = build_app(scenario, freeze_loaded=True)  # as `frontline` runs it
    app.animation_level = "none"
    async with app.run_test(size=size) as pilot:
        started = time.perf_counter()
        screen = await settle(pilot)
        took = time.perf_counter() - started
        print(f"  loaded in the app (replay, territory series): {took:.1f} s", flush=True)
        replay = screen.replay
        assert replay is not None
        renders = Renders(app)
        period = (replay.end - replay.start).days
        middle = replay.start + dt.timedelta(days=period // 2)
        await timed(pilot, renders, lambda: setattr(screen, "day", middle))
        for n in range(rounds):
            key = "right" if n % 2 == 0 else "left"
            step = await timed(pilot, renders, lambda k=key: pilot.press(k))  # type: ignore[misc]
            results["step"].append(step.updated)
            results["step, settled"].append(step.last)
            complete["step"] += step.first
            repaint = await timed(pilot, renders, lambda: pilot.press("n"))
            results["repaint"].append(repaint.updated)
            target = replay.start + dt.timedelta(days=rng.randrange(period + 1))
            await pilot.press("g")
            field = app.focused
            assert isinstance(field, Input)
            field.value = target.isoformat()
            await pilot.pause()
            jump = await timed(pilot, renders, lambda: pilot.press("enter"))
            results["jump"].append(jump.updated)
            results["jump, settled"].append(jump.last)
            complete["jump"] += jump.first
            assert screen.day == target
            # The engine alone: the incremental move the app makes, and a replay from the start.
            day = screen.day
            started = time.perf_counter()
            replay.view(day + dt.timedelta(days=1))
            results["engine step"].append((time.perf_counter() - started) * 1000)
            far = replay.start + dt.timedelta(days=rng.randrange(period + 1))
            started = time.perf_counter()
            replay.view(far)
            results["engine jump"].append((time.perf_counter() - started) * 1000)
            if n < FOLD_ROUNDS:  # 100,000 events take tens of seconds: a few suffice
                started = time.perf_counter()
                fold(scenario.world, scenario.log, until=far)
                results["fold"].append((time.perf_counter() - started) * 1000)
            replay.view(day)  # back where the screen is
    for key, count in complete.items():
        print(
            f"  {key}: its first render already showed the final screen {count} times of {rounds}"
        )
    return results


def report(name: str, results: dict[str, list[float]], goal: float) -> None:
    """Print the medians and the ratios."""
    measured = {k: [v for v in values if not math.isnan(v)] for k, values in results.items()}
    med = {k: statistics.median(v) if v else math.nan for k, v in measured.items()}
    print(f"\n{name}")
    print(f"  {'measure':<34} {'median ms':>10} {'p90 ms':>8} {'n':>4}")
    for key, values in measured.items():
        p90 = sorted(values)[max(math.ceil(len(values) * 0.9) - 1, 0)] if values else math.nan
        print(f"  {key:<34} {med[key]:>10.2f} {p90:>8.2f} {len(values):>4}")
    print(f"  step / repaint                     {med['step'] / med['repaint']:>10.2f}x")
    print(f"  jump / repaint                     {med['jump'] / med['repaint']:>10.2f}x")
    print(f"  fold from the start / engine jump  {med['fold'] / med['engine jump']:>10.1f}x")
    for key in ("step", "jump"):
        verdict = "meets" if med[key] < goal else "MISSES"
        print(f"  {key}: {med[key]:.1f} ms median {verdict} the goal of {goal:.0f} ms")


def main() -> None:
    """Measure both scenarios and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--size", default="160x48", help="terminal size, WIDTHxHEIGHT")
    parser.add_argument("--only", choices=["default", "synthetic"])
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    assert len(size) == 2
    print(f"terminal {size[0]}x{size[1]}, {args.rounds} rounds, Python {sys.version.split()[0]}")
    if args.only in (None, "default"):
        print("default scenario (524 places, 100 events)", flush=True)
        default = asyncio.run(measure(load_scenario(), args.rounds, size))  # type: ignore[arg-type]
        report("default scenario", default, 30)
    if args.only in (None, "synthetic"):
        print(f"\nsynthetic scenario ({PLACES} places, {EVENTS} events, seed {SEED})", flush=True)
        started = time.perf_counter()
        scenario = synthetic_scenario()
        print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
        synthetic = asyncio.run(measure(scenario, args.rounds, size))  # type: ignore[arg-type]
        report("synthetic scenario", synthetic, 100)


if __name__ == "__main__":
    main()
