"""Key-press-to-screen-updated time of the terminal UI: a day step, and a jump to a random date.

Run from the repository root (a few minutes; the synthetic scenario takes ~2 s to build):

    python benchmarks/tui_latency.py [--rounds 40] [--size 160x48] [--only default|synthetic]
                                     [--places 10000] [--events 100000] [--fold-rounds 3]

For each scenario (the default one, and a synthetic one, by default of 10,000 places and 100,000
events, made by `engine.testing.synth.synthesize` from a seed) it runs the real app headless and
measures, per key press, the time from sending the key to the last screen render that it caused
(Textual composes every changed line of the screen; headless, the bytes are not written to a
terminal). It prints medians and ratios against two baselines measured in the same run:

- repaint: a key that redraws the map with no replay work (names off/on): the floor of a key
  press that changes the map in this app on this machine;
- fold: replaying the log from the start to a random day (what a jump would cost without the
  replayer's checkpoints and incremental moves), engine only, in the first `--fold-rounds`
  rounds (0 skips it: it grows with places times events, and took 19 s a round at 10,000 places
  and 100,000 events, so a bigger scenario is best measured without it).

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

from engine.formats.scenario_files import load_scenario
from engine.model.scenario import Scenario
from engine.replay.replayer import fold
from engine.testing.synth import synthesize
from tui.app import FrontlineApp, build_app
from tui.screen import ReplayScreen

SEED = 20140710
FOLD_ROUNDS = 3  # the reference fold from the start: slow, so a few rounds only
PLACES, EVENTS = 10_000, 100_000
START, END = dt.date(2020, 1, 1), dt.date(2021, 12, 31)


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


async def measure(
    scenario: Scenario, rounds: int, size: tuple[int, int], fold_rounds: int = FOLD_ROUNDS
) -> dict[str, list[float]]:
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
            if n < fold_rounds:  # 100,000 events take tens of seconds: a few suffice
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
    if measured["fold"]:
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
    parser.add_argument("--places", type=int, default=PLACES, help="of the synthetic scenario")
    parser.add_argument("--events", type=int, default=EVENTS, help="of the synthetic scenario")
    parser.add_argument(
        "--fold-rounds",
        type=int,
        default=FOLD_ROUNDS,
        help="rounds of the fold-from-the-start baseline on the synthetic scenario (0: none; it"
        " grows with places times events)",
    )
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    assert len(size) == 2
    print(f"terminal {size[0]}x{size[1]}, {args.rounds} rounds, Python {sys.version.split()[0]}")
    if args.only in (None, "default"):
        print("default scenario (524 places, 100 events)", flush=True)
        default = asyncio.run(measure(load_scenario(), args.rounds, size))  # type: ignore[arg-type]
        report("default scenario", default, 30)
    if args.only in (None, "synthetic"):
        print(
            f"\nsynthetic scenario ({args.places} places, {args.events} events, seed {SEED})",
            flush=True,
        )
        started = time.perf_counter()
        scenario = synthesize(args.places, args.events, (END - START).days + 1, SEED, START)
        print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
        synthetic = asyncio.run(
            measure(scenario, args.rounds, size, args.fold_rounds)  # type: ignore[arg-type]
        )
        report("synthetic scenario", synthetic, 100)


if __name__ == "__main__":
    main()
