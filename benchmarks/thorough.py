"""The thorough Hypothesis profile, run and timed: each property test at 1,000 examples or more, the
stateful machine at 250 runs of up to 80 steps, and a table of what each test ran and took.

Run from the repository root (about a quarter of an hour on a 2-core machine):

    python benchmarks/thorough.py [--jobs 2] [--profile thorough] [--json PATH] [PATHS] [OPTIONS]

It collects the tests that use Hypothesis (`pytest -m hypothesis`, which Hypothesis marks), shares
them out round-robin between `--jobs` pytest processes (by default one per CPU), runs them with
FRONTLINE_HYPOTHESIS_PROFILE set to the profile, and prints per test the examples that passed,
those Hypothesis gave up (invalid), its time and its time per example; then how many tests ran,
the fewest examples of any, and the wall time. Paths narrow the tests (by default, tests/);
other options go to pytest (`-x`, `--hypothesis-seed=N`). The exit status is pytest's: not 0
when a test failed (its report is printed).

The same tests in one process, beside the rest of the suite:

    FRONTLINE_HYPOTHESIS_PROFILE=thorough python -m pytest -p no:cacheprovider tests

Goal (issue 15): the profile done in at most 30 minutes on a 2-core machine, with every test at
1,000 examples or more and the stateful machine at 200 runs or more.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
# The block of `--hypothesis-show-statistics` for a test, and the counts of each of its phases.
STATISTICS_OF = re.compile(r"^(tests/\S+):\n(.*?)(?=^tests/\S+:\n|\Z)", re.M | re.S)
COUNTS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid test cases")


@attrs.frozen
class Figures:
    """What one test ran and took."""

    test: str
    outcome: str  # passed, failed, skipped
    seconds: float
    passing: int
    invalid: int

    @property
    def per_example_ms(self) -> float:
        """Its time divided among the examples that passed."""
        return 1000 * self.seconds / self.passing if self.passing else 0.0


def collect(paths: list[str], pytest_args: list[str], env: dict[str, str]) -> list[str]:
    """The node ids of the tests that use Hypothesis, in pytest's order."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "hypothesis",
         "-p", "no:cacheprovider", *pytest_args, *paths],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    tests = [line for line in done.stdout.splitlines() if "::" in line]
    if not tests:
        sys.exit(f"no Hypothesis test collected:\n{done.stdout}{done.stderr}")
    return tests


def statistics(output: str) -> dict[str, tuple[int, int]]:
    """Per test, the examples that passed and those given up, over all Hypothesis's phases."""
    found = {}
    for match in STATISTICS_OF.finditer(output):
        counts = [tuple(map(int, c)) for c in COUNTS.findall(match.group(2))]
        found[match.group(1)] = (sum(c[0] for c in counts), sum(c[2] for c in counts))
    return found


def outcomes(report: Path) -> dict[str, tuple[str, float]]:
    """Per test, its outcome and time (setup, call and teardown) from pytest's JUnit XML."""
    found = {}
    for case in ET.parse(report).iter("testcase"):
        module = case.get("classname", "").split(".")
        # tests.test_x.Class -> tests/test_x.py::Class; tests.test_x -> tests/test_x.py
        path = "/".join(m for m in module if not m[:1].isupper()) + ".py"
        classes = [m for m in module if m[:1].isupper()]
        test = "::".join([path, *classes, case.get("name", "")])
        failed = case.find("failure") is not None or case.find("error") is not None
        skipped = case.find("skipped") is not None
        outcome = "failed" if failed else "skipped" if skipped else "passed"
        found[test] = (outcome, float(case.get("time", 0)))
    return found


def run(
    shards: list[list[str]], pytest_args: list[str], env: dict[str, str], folder: Path
) -> tuple[list[Figures], int, list[str]]:
    """Run each shard in a pytest process of its own, at once: the figures, the worst exit
    status, and the output of the processes whose tests failed."""
    started = []
    for n, shard in enumerate(shards):
        log = (folder / f"shard{n}.txt").open("w")
        command = [
            sys.executable, "-m", "pytest", "-q", "-m", "hypothesis", "-p", "no:cacheprovider",
            "--hypothesis-show-statistics", f"--junitxml={folder / f'shard{n}.xml'}",
            *pytest_args, *shard,
        ]  # fmt: skip
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        started.append((process, log))
    status, failed_output, figures = 0, [], []
    for n, (process, log) in enumerate(started):
        code = process.wait()
        log.close()
        status = max(status, code)
        output = (folder / f"shard{n}.txt").read_text(encoding="utf-8", errors="replace")
        counts = statistics(output)
        report = folder / f"shard{n}.xml"
        for test, (outcome, seconds) in (outcomes(report) if report.exists() else {}).items():
            passing, invalid = counts.get(test, (0, 0))
            figures.append(Figures(test, outcome, seconds, passing, invalid))
        if code != 0:
            failed_output.append(output)
    return figures, status, failed_output


def table(figures: list[Figures], wall: float, jobs: int, profile: str) -> str:
    """The figures as a Markdown table, slowest first, and a summary line."""
    lines = [
        "| test | examples | invalid | s | ms/example |",
        "|---|---:|---:|---:|---:|",
    ]
    for f in sorted(figures, key=lambda f: -f.seconds):
        mark = "" if f.outcome == "passed" else f" ({f.outcome.upper()})"
        lines.append(
            f"| {f.test.removeprefix('tests/')}{mark} | {f.passing:,} | {f.invalid:,} "
            f"| {f.seconds:.1f} | {f.per_example_ms:.1f} |"
        )
    ran = [f for f in figures if f.outcome != "skipped"]
    # The stateful machine's examples are runs of many steps: the fewest is told apart from it.
    machines = [f for f in ran if f.test.endswith("::runTest")]
    others = [f for f in ran if f not in machines]
    fewest = min((f.passing for f in others), default=0)
    runs = ", ".join(f"{f.passing:,} runs of {f.test.split('::')[-2]}" for f in machines)
    summed = sum(f.seconds for f in figures)
    lines.append("")
    lines.append(
        f"profile {profile}: {len(ran)} tests, {sum(f.passing for f in ran):,} examples, "
        f"fewest of a test {fewest:,}{'; ' + runs if runs else ''}; "
        f"{sum(f.outcome == 'failed' for f in ran)} failed; "
        f"wall time {wall / 60:.1f} min with {jobs} job(s) (tests' own times add up to "
        f"{summed / 60:.1f} min)"
    )
    return "\n".join(lines)


def main() -> int:
    """Run the profile, print the table, and return pytest's exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--profile", default="thorough")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("paths", nargs="*", default=["tests"], help="tests to run (tests/)")
    options, pytest_args = parser.parse_known_args()
    env = {**os.environ, "FRONTLINE_HYPOTHESIS_PROFILE": options.profile}
    tests = collect(options.paths, pytest_args, env)
    jobs = max(1, min(options.jobs, len(tests)))
    # Round-robin, so that the tests of one file (alike in cost) are shared out between jobs.
    shards = [tests[n::jobs] for n in range(jobs)]
    print(f"{len(tests)} Hypothesis tests, profile {options.profile}, {jobs} job(s)", flush=True)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="frontline-thorough-") as folder:
        figures, status, failed_output = run(shards, pytest_args, env, Path(folder))
    wall = time.perf_counter() - start
    for output in failed_output:
        print(output)
    print(table(figures, wall, jobs, options.profile))
    if options.json:
        options.json.write_text(
            json.dumps(
                {
                    "profile": options.profile,
                    "jobs": jobs,
                    "wall_seconds": round(wall, 1),
                    "tests": [attrs.asdict(f) for f in figures],
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
