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
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.extraction import evaluate, extract, load_gazetteer, read_article_file  # noqa: E402
from engine.extraction.evaluate import report_lines  # noqa: E402
from engine.scenario_files import load_scenario  # noqa: E402

SEED = ROOT / "seeds" / "deir_ez_zor_offensive_2014.txt"
SCENARIO = ROOT / "scenarios" / "deir_ez_zor_2014"


def tsv_only(folder: Path) -> Path:
    """A scenario folder holding only the default scenario's gazetteer files."""
    config = tomllib.loads((SCENARIO / "scenario.toml").read_text(encoding="utf-8"))
    table = config["gazetteer"]
    files = [*table["places"], *(table[k] for k in ("admin", "boundaries", "river") if k in table)]
    for name in files:
        shutil.copyfile(SCENARIO / name, folder / name)
    (folder / "note.txt").write_text("gazetteer files only\n", encoding="utf-8")
    (folder / "events.toml").write_text("", encoding="utf-8")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brief", action="store_true", help="the figures only")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
