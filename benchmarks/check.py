"""How fast `frontline check` reads a big synthetic war, against the plain reading of its text.

Run from the repository root:

    python benchmarks/check.py [--sizes 20000 200000] [--runs 5] [--seed 1] [--json]

For each size it generates a synthetic war in-process (`engine.testing.synth.synthesize`, ten
events a place over a year, one sentence of the source per event) and prints medians over
`--runs` runs:

- coverage_s: the coverage of the dated sentences (`engine.cli.check._coverage`) when only one
  event in a hundred is kept in the log, so that 99% of the sentences are reported uncovered,
  each with its line;
- baseline_s: the source's sentences and their date phrases read once
  (`sentences` and `date_phrase`), what coverage cannot do without, measured in the same run;
  coverage_vs_baseline is the ratio of the two;
- doubts_s: the doubts about the places of the whole log (`place_doubts`: far from the others,
  on a town's point, two spellings), every place named by some event;
- doubts_baseline_s: the log read once for the places its events name, in the same run;
  doubts_vs_baseline is the ratio;
- check_s: the whole check of the thinned log (`check`, its replayer made beforehand).

Both ratios stay flat from one size to the next when the work grows as the input does: before
issue 15 the line of each uncovered sentence was counted from the start of the text, and each
place was measured to every other, and 200,000 events took minutes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import attrs

from engine.cli.check import _coverage, check, place_doubts
from engine.model.log import Log
from engine.model.sentences import date_phrase, sentences
from engine.replay.replayer import Replayer
from engine.testing.synth import synthesize


def _median_s(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(events: int, runs: int, seed: int) -> dict[str, Any]:
    """The figures at one size."""
    scenario = synthesize(max(1, events // 10), events, 365, seed)
    thinned = attrs.evolve(scenario, log=Log(list(scenario.log)[::100]))
    replayer = Replayer(thinned.world, thinned.log)
    (source,) = scenario.sources.values()

    def baseline() -> None:
        for sentence in sentences(source.text):
            date_phrase(sentence.text)

    def targets() -> set[str]:
        return {t for e in scenario.log for t in e.places}

    dated, covered, problems = _coverage(thinned)
    figures: dict[str, Any] = {
        "events": events,
        "places": scenario.world.places.place_count,
        "dated_sentences": dated,
        "uncovered": len(problems),
        "covered": covered,
    }
    figures["coverage_s"] = _median_s(lambda: _coverage(thinned), runs)
    figures["baseline_s"] = _median_s(baseline, runs)
    figures["coverage_vs_baseline"] = figures["coverage_s"] / figures["baseline_s"]
    figures["doubts_s"] = _median_s(lambda: place_doubts(scenario), runs)
    figures["doubts_baseline_s"] = _median_s(targets, runs)
    figures["doubts_vs_baseline"] = figures["doubts_s"] / figures["doubts_baseline_s"]
    figures["check_s"] = _median_s(lambda: check(thinned, replayer), runs)
    return figures


def main() -> None:
    """Print the figures at each size asked for."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000], help="events")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    results = [measure(size, args.runs, args.seed) for size in args.sizes]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for figures in results:
        print(
            f"{figures['events']:,} events, {figures['places']:,} places: "
            f"{figures['uncovered']:,} of {figures['dated_sentences']:,} dated sentences "
            f"uncovered (median of {args.runs} runs)"
        )
        for key, value in figures.items():
            if key.endswith("_s"):
                print(f"  {key:<22} {value:.3f}")
            elif key.endswith("_vs_baseline"):
                print(f"  {key:<22} {value:.1f}")
    if len(results) > 1:
        first, last = results[0], results[-1]
        grown = {k: last[k] / first[k] for k in ("events", "coverage_s", "doubts_s", "check_s")}
        print(
            f"from {first['events']:,} to {last['events']:,} events ({grown['events']:.0f}×): "
            f"coverage took {grown['coverage_s']:.1f}× as long, doubts {grown['doubts_s']:.1f}×, "
            f"check {grown['check_s']:.1f}×"
        )


if __name__ == "__main__":
    main()
