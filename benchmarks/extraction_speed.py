"""How fast `frontline extract` reads a long article, per MB, and how much memory it takes.

    python benchmarks/extraction_speed.py [--sizes 1 5] [--runs 3] [--devset DIR] [--json]

Each article is generated for the run: the seed article's title and infobox, then paragraphs
drawn (seeded) from the seed's prose and, when the development set is there (../shared/devset
from the project root, or --devset), from its articles, read where they are and never copied
into the repository, until the text reaches each size in MB (10**6 characters). A paragraph
comes back many times: the article reads as one long war told over and over.

For each article, the median of `--runs` runs in fresh processes:

- extract_s: `frontline extract ARTICLE --format jsonl`, from the command's start to its last
  line (the interpreter's start-up, a few hundred ms, is not counted); s_per_mb is that per MB;
- baseline_s: in a fresh process too, reading the same file's layout and tokens
  (`read_article` and `tokenize` of the whole text), a linear floor measured in the same run;
  ratio is extract_s / baseline_s, which stays flat from one size to the next when extraction
  grows as the text does, whatever the machine's speed;
- peak_rss_mb: the extracting process's peak resident memory (ru_maxrss), and
  rss_per_input: what it takes beyond the extraction of the seed article (10 kB: the
  interpreter, the code, the gazetteer's pages), per MB of input, in MB.

The issue's goal: at most 10 s per MB, and memory linear in the input with a small constant
(before issue 15 a 5 MB article took 173 s, and the time grew with the square of the length).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "deir_ez_zor_offensive_2014.txt"
DEVSET = ROOT.parent / "shared" / "devset"
MB = 10**6

# Run in a fresh process: the time from the command's start to its end, and the peak memory.
_EXTRACT = """
import contextlib, json, os, resource, sys, time
started = time.perf_counter()
from engine.cli.main import main
with open(os.devnull, "w") as out, contextlib.redirect_stdout(out):
    status = main(["extract", sys.argv[1], "--format", "jsonl"])
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"status": status, "seconds": seconds, "peak": peak}), file=sys.stderr)
"""
_BASELINE = """
import json, sys, time
from pathlib import Path
from engine.extraction.layout import read_article
from engine.extraction.tokens import tokenize
text = Path(sys.argv[1]).read_text(encoding="utf-8")
started = time.perf_counter()
read_article(text)
tokenize(text)
print(json.dumps({"seconds": time.perf_counter() - started}), file=sys.stderr)
"""


def paragraphs(devset: Path) -> tuple[str, list[str]]:
    """The seed's title and infobox, and the paragraphs of prose to draw from: the seed's,
    then the development set's if it is there."""
    seed = SEED.read_text(encoding="utf-8")
    blocks = seed.split("\n\n")
    head = "\n\n".join(blocks[:2])  # the title, then the infobox
    drawn = [b for b in blocks[2:] if b.strip()]
    for path in sorted((devset / "articles").glob("*.txt")):
        # As devset/evaluate: the article is what follows the source line and a blank line.
        body = path.read_text(encoding="utf-8").split("\n", 2)[2]
        drawn += [line for line in body.split("\n")[1:] if line.strip()]  # not its title
    return head, drawn


def article(size_mb: float, devset: Path, seed: int = 15) -> str:
    """An article of about `size_mb` MB, drawn from real paragraphs."""
    head, drawn = paragraphs(devset)
    rng = random.Random(seed)
    parts, length = [head], len(head)
    while length < size_mb * MB:
        parts.append(rng.choice(drawn))
        length += len(parts[-1]) + 2
    return "\n\n".join(parts) + "\n"


def _child(code: str, *args: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=True
    )
    figures: dict[str, Any] = json.loads(result.stderr.strip().splitlines()[-1])
    return figures


def measure(size_mb: float, runs: int, devset: Path, start_rss: float) -> dict[str, Any]:
    """The figures for one generated article."""
    text = article(size_mb, devset)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article_{size_mb:g}mb.txt"
        path.write_text(text, encoding="utf-8")
        extracts, baselines = [], []
        for _ in range(runs):  # interleaved, so that both see the machine as it is
            extracts.append(_child(_EXTRACT, str(path)))
            baselines.append(_child(_BASELINE, str(path)))
    if any(e["status"] != 0 for e in extracts):
        raise SystemExit(f"frontline extract failed on the {size_mb:g} MB article")
    mb = len(text) / MB
    seconds = statistics.median(e["seconds"] for e in extracts)
    baseline = statistics.median(b["seconds"] for b in baselines)
    peak = max(e["peak"] for e in extracts)
    return {
        "mb": round(mb, 3),
        "extract_s": round(seconds, 2),
        "s_per_mb": round(seconds / mb, 2),
        "baseline_s": round(baseline, 3),
        "ratio": round(seconds / baseline, 1),
        "peak_rss_mb": round(peak / MB, 1),
        "rss_per_input": round((peak - start_rss) / MB / mb, 1),
    }


def main() -> int:
    """Print the figures at each size asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1.0, 5.0], help="in MB")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (fresh processes)")
    parser.add_argument("--devset", type=Path, default=DEVSET, help="the development set folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    start_rss = float(_child(_EXTRACT, str(SEED))["peak"])
    results = [measure(size, args.runs, args.devset, start_rss) for size in args.sizes]
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    where = "seed and development set" if (args.devset / "articles").is_dir() else "seed only"
    print(f"generated articles ({where} paragraphs); median of {args.runs} fresh processes each; "
          f"extracting the seed article peaks at {start_rss / MB:.0f} MB")  # fmt: skip
    for figures in results:
        print(
            f"{figures['mb']:.2f} MB: extract {figures['extract_s']:.1f} s = "
            f"{figures['s_per_mb']:.1f} s/MB (goal 10); baseline {figures['baseline_s']:.2f} s, "
            f"ratio {figures['ratio']:.0f}; peak RSS {figures['peak_rss_mb']:.0f} MB, "
            f"{figures['rss_per_input']:.0f} MB per MB of input"
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(
            f"from {first['mb']:.2f} to {last['mb']:.2f} MB: s/MB × "
            f"{last['s_per_mb'] / first['s_per_mb']:.2f}, ratio to baseline × "
            f"{last['ratio'] / first['ratio']:.2f} (1.00: linear)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
