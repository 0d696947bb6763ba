"""The bundled gazetteer: how well names resolve, and how fast and small it is.

    python benchmarks/gazetteer.py                # every figure, then each miss
    python benchmarks/gazetteer.py --only places  # one part: places, speed, memory or tui
    python benchmarks/gazetteer.py --json         # the figures as JSON

- places: on the development set (../shared/devset/places.tsv gives, for each gold place of
  each article, the gazetteer entry the article means), the share of those the gazetteer holds
  that resolve to an entry within 5 km of it (goal >= 95%), every miss, and every name put in a
  country the article does not mention (goal: none). An article mentions a country when it
  names it or its people, when one of its gold places is there, or when it names a city that
  only that country has (a report on Raqqa that names Mosul mentions Iraq);
- speed: cold `frontline extract ARTICLE -o DIR` on a 2,000-character article above a bare
  `python -c pass` (goal <= 1.0 s), and resolving every place of an article in-process (goal
  <= 20 ms); medians of several rounds, both sides measured in the same run;
- memory: peak resident memory with the four countries' index open and an article of each
  country resolved, and a bare interpreter's beside it (goal <= 150 MB);
- tui: launch to first frame of `frontline tui` on an Iraqi scenario extracted in the run (from
  tests/fixtures/articles/salahuddin_2015.txt), against the default scenario (goal <= 2 s).
  The app runs headless, as in the tests; the time includes Python's start-up.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEVSET = ROOT.parent / "shared" / "devset"
IRAQI_ARTICLE = ROOT / "tests" / "fixtures" / "articles" / "salahuddin_2015.txt"
MEMORY_ARTICLES = (  # one article of each country
    "09_northern_iraq_aug2014", "03_nw_syria_offensive_2015", "11_sirte_2016",
    "20_news_wapo_lyman_2022",
)  # fmt: skip

from engine.extraction.build import place_resolution  # noqa: E402
from engine.extraction.toponyms import Gazetteer  # noqa: E402
from engine.gazetteer.countries import count_words, country_words  # noqa: E402
from engine.gazetteer.store import Store, distance_km  # noqa: E402
from engine.model.spelling import loose_key, place_key  # noqa: E402

RIGHT_KM = 5.0


def article_text(path: Path) -> str:
    """An article of the development set, without its two header lines."""
    return path.read_text(encoding="utf-8").split("\n", 2)[2]


def gold_places() -> dict[str, list[dict[str, str]]]:
    """The development set's gold places by article."""
    rows: dict[str, list[dict[str, str]]] = {}
    with (DEVSET / "places.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            rows.setdefault(row["article"], []).append(row)
    return rows


def mentioned(text: str, gazetteer: Gazetteer, rows: list[dict[str, str]]) -> set[str]:
    """The countries an article mentions (see the module's docstring)."""
    countries = {place_key(r["country"]) for r in rows}
    for country in country_words().words:
        if count_words(country_words().of(country), text):
            countries.add(country)
    for key, ids in gazetteer.exact.items():
        cities = {gazetteer.entries[i].country for i in ids if gazetteer.entries[i].kind == "city"}
        if len(cities) == 1 and re.search(rf"(?i)\b{re.escape(key)}\b", text):
            countries |= cities
    return countries


def places(store: Store) -> dict[str, Any]:
    """Resolution on the development set's gold places."""
    right = wrong = 0
    misses: list[str] = []
    foreign: list[str] = []
    for article, rows in sorted(gold_places().items()):
        text = article_text(DEVSET / "articles" / f"{article}.txt")
        gazetteer = Gazetteer.for_text(store, text)
        resolution = place_resolution(text, gazetteer, store)
        countries = mentioned(text, gazetteer, rows)
        for start, chosen in resolution.choices.items():
            entry = resolution.gazetteer.entries.get(chosen.id or "")
            if entry is not None and entry.country and entry.country not in countries:
                written = resolution.written[start]
                foreign.append(f"{article}: '{written}' -> {entry.id} ({entry.country})")
        for row in rows:
            if not row["gazetteer_file"]:
                continue
            gold = (float(row["lat"]), float(row["lon"]))
            keys = (place_key(row["place"]), loose_key(row["place"]))
            written = [
                s for s, w in resolution.written.items() if (place_key(w), loose_key(w)) == keys
                or place_key(w) == keys[0]
            ]  # fmt: skip
            picked = [resolution.choices[s].id for s in written]
            how = "named"
            if not written:
                near = resolution.near_miss(row["place"])
                picked, how = ([near.id] if near and near.id else []), "near miss"
                village = None if near else resolution.named_for(row["place"])
                if village is not None:  # a hill placed at the village it is named for
                    picked, how = [village.id], "named for"
            points = [
                p for i in picked
                if i and (p := resolution.gazetteer.entries[i].point) is not None
            ]  # fmt: skip
            if points and all(distance_km(p, gold) <= RIGHT_KM for p in points):
                right += 1
                continue
            wrong += 1
            got = ", ".join(sorted({i or "(not a place)" for i in picked})) or "(not found)"
            misses.append(f"{article}: '{row['place']}' -> {got} [{how}]")
            misses[-1] += f"; gold {row['gazetteer_id']}"
    total = right + wrong
    return {
        "resolved": right,
        "held": total,
        "share": round(right / total, 3) if total else 0.0,
        "misses": misses,
        "foreign": foreign,
    }


def _median_seconds(command: list[str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _frontline() -> str:
    return str(Path(sys.executable).parent / "frontline")


def speed(store: Store, rounds: int) -> dict[str, Any]:
    """Cold extraction above bare start-up, and in-process resolution of every devset article."""
    article = DEVSET / "articles" / "14_news_dw_tikrit_2015.txt"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "article.txt"
        source.write_text(article_text(article)[:2000], encoding="utf-8")
        bare = _median_seconds([sys.executable, "-c", "pass"], rounds)
        out = Path(tmp) / "draft"
        extract = [_frontline(), "extract", str(source), "-o", str(out), "--force"]
        cold = _median_seconds(extract, rounds)
    per_article = []
    for path in sorted((DEVSET / "articles").glob("*.txt")):
        text = article_text(path)
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            place_resolution(text, Gazetteer.for_text(store, text), store)
            times.append(time.perf_counter() - started)
        per_article.append(statistics.median(times))
    return {
        "bare_python_s": round(bare, 3),
        "cold_extract_s": round(cold, 3),
        "cold_extract_above_bare_s": round(cold - bare, 3),
        "resolve_article_median_ms": round(1000 * statistics.median(per_article), 1),
        "resolve_article_max_ms": round(1000 * max(per_article), 1),
    }


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: ru_maxrss would count the parent's pages
    that a forked child starts with)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_child() -> None:
    """In a fresh process: open the index, resolve an article of each country, print the peak."""
    store = Store.bundled()
    for name in MEMORY_ARTICLES:
        text = article_text(DEVSET / "articles" / f"{name}.txt")
        place_resolution(text, Gazetteer.for_text(store, text), store)
    print(_peak_rss_mb())


def memory() -> dict[str, Any]:
    """Peak resident memory with the index in use, and a bare interpreter's."""
    child = [sys.executable, __file__, "--child", "memory"]
    used = float(subprocess.run(child, check=True, capture_output=True, text=True).stdout)
    bare_code = (
        "print(next(int(line.split()[1]) for line in open('/proc/self/status') "
        "if line.startswith('VmHWM:')) / 1024)"
    )
    bare = subprocess.run([sys.executable, "-c", bare_code], check=True, capture_output=True)
    bare_mb = float(bare.stdout)
    return {
        "peak_rss_mb": round(used, 1),
        "bare_python_rss_mb": round(bare_mb, 1),
        "above_bare_mb": round(used - bare_mb, 1),
    }


def tui_child(folder: str) -> None:
    """In a fresh process: run the app headless on a scenario and say when it has drawn."""
    from engine.formats.scenario_files import load_scenario
    from tests.tui_support import settle
    from tui.app import build_app

    async def run() -> None:
        app = build_app(load_scenario(Path(folder)), None)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            print("frame", flush=True)

    asyncio.run(run())


def _first_frame(folder: str) -> float:
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", "tui", folder], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    seconds = time.perf_counter() - started
    child.wait()
    if line.strip() != "frame":
        raise SystemExit(f"the app did not draw {folder}")
    return seconds


def tui(rounds: int) -> dict[str, Any]:
    """Launch to first frame: an extracted Iraqi scenario, and the default one."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "iraq"
        command = [_frontline(), "extract", str(IRAQI_ARTICLE), "-o", str(folder)]
        subprocess.run(command, check=True, capture_output=True)
        iraqi = statistics.median(_first_frame(str(folder)) for _ in range(rounds))
    default = statistics.median(
        _first_frame(str(ROOT / "scenarios" / "deir_ez_zor_2014")) for _ in range(rounds)
    )
    return {"iraqi_first_frame_s": round(iraqi, 3), "default_first_frame_s": round(default, 3)}


def report(figures: dict[str, Any]) -> None:
    """The figures for people, each against its goal."""
    if "places" in figures:
        p = figures["places"]
        met = "met" if p["share"] >= 0.95 else "NOT MET"
        print(
            f"places: {p['resolved']}/{p['held']} gold places the gazetteer holds resolve "
            f"within {RIGHT_KM:.0f} km: {100 * p['share']:.1f}% (goal >= 95%: {met})"
        )
        print(f"names put in a country the article does not mention: {len(p['foreign'])}")
        for line in p["misses"]:
            print(f"  miss    {line}")
        for line in p["foreign"]:
            print(f"  abroad  {line}")
    if "speed" in figures:
        s = figures["speed"]
        print(
            f"cold extract of 2,000 characters: {s['cold_extract_s']:.3f} s, "
            f"{s['cold_extract_above_bare_s']:.3f} s above bare python "
            f"({s['bare_python_s']:.3f} s) (goal <= 1.0 s)"
        )
        print(
            f"resolving an article's places in-process: median "
            f"{s['resolve_article_median_ms']} ms, slowest {s['resolve_article_max_ms']} ms "
            f"(goal <= 20 ms)"
        )
    if "memory" in figures:
        m = figures["memory"]
        print(
            f"peak resident memory, index open and four articles resolved: "
            f"{m['peak_rss_mb']} MB; bare python {m['bare_python_rss_mb']} MB (goal <= 150 MB)"
        )
    if "tui" in figures:
        t = figures["tui"]
        print(
            f"terminal UI, launch to first frame: Iraqi scenario {t['iraqi_first_frame_s']} s, "
            f"default scenario {t['default_first_frame_s']} s (goal <= 2 s)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("places", "speed", "memory", "tui"), action="append")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        memory_child() if args.child[0] == "memory" else tui_child(args.child[1])
        return 0
    parts = args.only or ["places", "speed", "memory", "tui"]
    if not DEVSET.is_dir() and set(parts) - {"tui"}:
        print(f"the development set is not at {DEVSET}: measuring the terminal UI only")
        parts = ["tui"]
    store = Store.bundled()
    figures: dict[str, Any] = {}
    if "places" in parts:
        figures["places"] = places(store)
    if "speed" in parts:
        figures["speed"] = speed(store, args.rounds)
    if "memory" in parts:
        figures["memory"] = memory()
    if "tui" in parts:
        figures["tui"] = tui(args.rounds)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        report(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
