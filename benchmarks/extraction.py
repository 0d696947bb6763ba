"""Score `frontline extract` on the seed article against the curated default scenario.

    python benchmarks/extraction.py            # figures, then each miss and false positive
    python benchmarks/extraction.py --brief    # figures only

Two runs, because the curated scenario's places.toml holds regions whose aliases were written
from this very article ("western Reef Deir Iz Zor", "rebel-held areas of the provincial
capital"):

1. with the bundled scenario's gazetteer, as `frontline extract --gazetteer
   scenarios/deir_ez_zor_2014` uses it (its TSV files and the places and regions of its
   places.toml);
2. with the gazetteer TSV files only (places.tsv, localities.tsv, admin.tsv): the areas the
   article names become new, unlocated places whose ids cannot equal the curator's region ids,
   so this is a lower bound for an article whose scenario has no hand-made regions yet.

Matching rules: engine/extraction/evaluate.py (and README, "Loading another article").

Then, when the development set is there, its precision, recall and F1 by the set's own scorer
(scripts/score.py, imported, as `evaluate` runs it) and how often the day agrees where gold and
extraction both give one: events are paired by place, side, kind and quote, not by date.

Then the speed of extraction: for the seed article and, when the development set is there
(../shared/devset from the project root, or --devset), each of its articles, the median of
`--runs` in-process calls (after one to warm up) of the gazetteer lookup `for_text`, of
`extract` given that gazetteer, and of a cheap baseline measured in the same run, the article's
layout and tokens (`read_article` and `tokenize` of the whole text); then the medians over the
development set, and per 2,000 characters (the length the goal is stated for). Figures only:
nothing is asserted on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.extraction import evaluate, extract, load_gazetteer, read_article_file  # noqa: E402
from engine.extraction.evaluate import report_lines  # noqa: E402
from engine.extraction.layout import read_article  # noqa: E402
from engine.extraction.sources import GazetteerSource  # noqa: E402
from engine.extraction.tokens import tokenize  # noqa: E402
from engine.extraction.writer import control_records  # noqa: E402
from engine.formats.scenario_files import load_scenario  # noqa: E402
from engine.wording import table  # noqa: E402

SEED = ROOT / "seeds" / "deir_ez_zor_offensive_2014.txt"
SCENARIO = ROOT / "scenarios" / "deir_ez_zor_2014"
DEVSET = ROOT.parent / "shared" / "devset"
PER_CHARS = 2000  # the length the speed goal is stated for


def tsv_only(folder: Path) -> Path:
    """A scenario folder holding only the default scenario's gazetteer files."""
    config = tomllib.loads((SCENARIO / "scenario.toml").read_text(encoding="utf-8"))
    table = config["gazetteer"]
    files = [*table["places"], *(table[k] for k in ("admin", "boundaries", "river") if k in table)]
    for name in files:
        shutil.copyfile(SCENARIO / name, folder / name)
    (folder / "note.txt").write_text("gazetteer files only\n", encoding="utf-8")
    (folder / "events.toml").write_text("# no events: the gazetteer files only\n", encoding="utf-8")
    (folder / "factions.toml").write_text('[[faction]]\nid = "x"\nname = "x"\n', encoding="utf-8")
    lines = [
        'title = "gazetteer files only"',
        'start = "2014-01-01"',
        'end = "2014-12-31"',
        "[[source]]",
        'id = "note"',
        'path = "note.txt"',
        "[gazetteer]",
        "places = [" + ", ".join(f'"{p}"' for p in table["places"]) + "]",
        *(f'{k} = "{table[k]}"' for k in ("admin", "boundaries", "river") if k in table),
    ]
    (folder / "scenario.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """The median wall time of `runs` calls of `work`, after one call that is not counted: it
    fills the gazetteer's entry cache and SQLite's pages, so the figures are of a warm process
    (a command run once also pays Python's start-up and those first reads)."""
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def speed_articles(devset: Path) -> list[tuple[str, str]]:
    """(name, text) of the seed article, then of each development set article if it is there."""
    articles = [("seed: " + SEED.stem, read_article_file(SEED))]
    for path in sorted((devset / "articles").glob("*.txt")):
        # As devset/evaluate: the extractor's input is what follows the source line and a blank.
        articles.append((path.stem, path.read_text(encoding="utf-8").split("\n", 2)[2]))
    return articles


def _baseline(text: str) -> None:
    read_article(text)
    tokenize(text)


def _extract(text: str, source: GazetteerSource) -> None:
    extract(text, source.for_text(text), store=source.store)


def speed_lines(runs: int, devset: Path) -> list[str]:
    """The speed of extraction per article and over the development set, against its baseline."""
    source = load_gazetteer()  # the bundled gazetteer, as `frontline extract` uses by default
    rows: list[list[object]] = []
    figures: dict[str, tuple[float, float, float]] = {}
    per_chars: dict[str, float] = {}  # seconds of `both` per 2,000 characters
    for name, text in speed_articles(devset):
        lookup = median_seconds(partial(source.for_text, text), runs)
        gazetteer = source.for_text(text)
        took = median_seconds(partial(extract, text, gazetteer, store=source.store), runs)
        whole = median_seconds(partial(_extract, text, source), runs)
        base = median_seconds(partial(_baseline, text), runs)
        figures[name] = (took, whole, base)
        per = whole * PER_CHARS / len(text)
        per_chars[name] = per
        rows.append(
            [name, len(text), f"{lookup * 1e3:.1f}", f"{took * 1e3:.1f}", f"{whole * 1e3:.1f}",
             f"{per * 1e3:.1f}", f"{base * 1e3:.2f}", f"{took / base:.0f}"]
        )  # fmt: skip
    lines = [
        f"== speed: median of {runs} in-process runs per article, in ms, bundled gazetteer",
        "lookup = source.for_text(text); extract = extract(text, that gazetteer, store=...);",
        "both = the two, as `frontline extract` runs them once it has read the file;",
        f"per 2k = both per {PER_CHARS:,} characters of the article;",
        "baseline = read_article(text) + tokenize(text) (layout and tokens), in the same run",
        table(
            ["article", "chars", "lookup", "extract", "both", "per 2k", "baseline",
             "extract/baseline"],
            rows,
        ),
    ]
    dev = [v for k, v in figures.items() if not k.startswith("seed: ")]
    if dev:
        extract_ms = statistics.median(t for t, _, _ in dev) * 1e3
        both_ms = statistics.median(w for _, w, _ in dev) * 1e3
        base_ms = statistics.median(b for _, _, b in dev) * 1e3
        ratio = statistics.median(t / b for t, _, b in dev)
        per = sorted(v for k, v in per_chars.items() if not k.startswith("seed: "))
        lines.append(
            f"development set ({len(dev)} articles): median extract {extract_ms:.1f} ms, with "
            f"lookup {both_ms:.1f} ms; median baseline {base_ms:.2f} ms; median ratio "
            f"extract/baseline {ratio:.0f}; per {PER_CHARS:,} characters, with lookup: median "
            f"{statistics.median(per) * 1e3:.1f} ms, slowest article {per[-1] * 1e3:.1f} ms"
        )
    else:
        lines.append(f"development set: none at {devset}, the seed article only")
    return lines


def _scorer(devset: Path) -> ModuleType:
    """The development set's own scorer (scripts/score.py), imported as it is."""
    spec = importlib.util.spec_from_file_location("devset_score", devset / "scripts" / "score.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _same_event(scorer: ModuleType, p: dict[str, Any], g: dict[str, Any]) -> bool:
    """Whether a prediction and a gold event are of the same place, side and kind."""
    wanted = scorer.side(g.get("to"))
    return (
        any(scorer.same_place(f, g.get("place")) for f in scorer.place_forms(p))
        and (not wanted or wanted.startswith("other:") or scorer.side(p.get("to")) == wanted)
        and scorer.kclass(p.get("kind")) == scorer.kclass(g.get("kind"))
    )


def _quoted_in(p: dict[str, Any], g: dict[str, Any]) -> bool:
    """Whether a prediction's quote is words of the gold event's (or the other way round)."""
    a, b = (" ".join(str(e.get("quote") or "").split()) for e in (p, g))
    return bool(a and b) and (a in b or b in a)


def _day_pairs(scorer: ModuleType, predicted: list[dict[str, Any]], gold: list[dict[str, Any]]
               ) -> list[tuple[str, str]]:  # fmt: skip
    """(predicted day, gold day) of the events gold and extraction both give one day, paired
    without their dates (by the scorer's own match, which needs dates to overlap, two days would
    always agree): first a prediction of the same place, side and kind whose quote is the gold
    event's words, for every gold event, dated or not; then, for a dated gold event left, the
    nearest such prediction given one day."""
    gold = scorer.dedupe(gold)
    used: set[int] = set()
    paired: dict[int, int] = {}
    for n, g in enumerate(gold):
        for i, p in enumerate(predicted):
            if i not in used and _same_event(scorer, p, g) and _quoted_in(p, g):
                used.add(i)
                paired[n] = i
                break
    for n, g in enumerate(gold):
        if n in paired or not g.get("date"):
            continue
        day = dt.date.fromisoformat(g["date"])
        candidates = [
            (abs((dt.date.fromisoformat(p["date"]) - day).days), i)
            for i, p in enumerate(predicted)
            if i not in used and p.get("date") and _same_event(scorer, p, g)
        ]  # fmt: skip
        if candidates:
            _away, i = min(candidates)
            used.add(i)
            paired[n] = i
    return [
        (predicted[i]["date"], gold[n]["date"])
        for n, i in sorted(paired.items())
        if gold[n].get("date") and predicted[i].get("date")
    ]


def accuracy_lines(devset: Path) -> list[str]:
    """Precision, recall and F1 on the development set by its scorer, and how often the day of
    a matched event is the gold's, where both give one day."""
    if not (devset / "scripts" / "score.py").is_file():
        return [f"development set: none at {devset}"]
    scorer = _scorer(devset)
    source = load_gazetteer()
    tp = fp = total = both = agree = 0
    rows = []
    for name, text in speed_articles(devset)[1:]:
        draft = extract(text, source.for_text(text), store=source.store)
        predicted = list(control_records(draft))
        gold = json.loads((devset / "gold" / f"{name}.json").read_text(encoding="utf-8"))
        optional = gold.get("optional_events", [])
        hits, false, count = scorer.score(predicted, gold["events"], optional)
        days = _day_pairs(scorer, predicted, gold["events"])
        same = sum(1 for p, g in days if p == g)
        tp, fp, total = tp + hits, fp + false, total + count
        both, agree = both + len(days), agree + same
        rows.append([name, hits, false, count, f"{same}/{len(days)}"])
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / total if total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return [
        "== development set, by its scorer (tp: gold events found); day: of the events gold and",
        "extraction both give one day (paired by place, side, kind and quote), those that agree",
        table(["article", "tp", "fp", "gold", "day"], rows),
        f"development set: F1 {f1:.3f} (precision {precision:.3f}, recall {recall:.3f}; "
        f"{tp}/{total} gold events, {fp} false); the day agrees for {agree} of {both} events "
        f"that gold and extraction both date to the day ({agree / both if both else 0:.1%})",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brief", action="store_true", help="the figures only")
    parser.add_argument(
        "--runs", type=int, default=5, help="runs per article of the speed part (0: skip it)"
    )
    parser.add_argument(
        "--devset", type=Path, default=DEVSET, help="the development set folder (its articles/)"
    )
    args = parser.parse_args()
    text = read_article_file(SEED)
    gold = load_scenario(SCENARIO)
    with tempfile.TemporaryDirectory() as tmp:
        runs = [
            ("bundled scenario's gazetteer", SCENARIO),
            ("gazetteer TSV files only", tsv_only(Path(tmp))),
        ]
        for title, folder in runs:
            started = time.perf_counter()
            source = load_gazetteer(folder)
            draft = extract(text, source.for_text(text), store=source.store)
            seconds = time.perf_counter() - started
            lines = report_lines(evaluate(draft, gold), "scenarios/deir_ez_zor_2014")
            if args.brief:
                lines = lines[:3]  # the heading, the table, the days
            print(f"== {title}: {len(draft.events)} events, {len(draft.control)} of control, "
                  f"{seconds:.2f} s")  # fmt: skip
            print("\n".join(lines))
            print()
    accuracy = accuracy_lines(args.devset)
    print("\n".join(accuracy[-1:] if args.brief else accuracy))
    print()
    if args.runs > 0:
        print("\n".join(speed_lines(args.runs, args.devset)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
