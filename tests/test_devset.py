"""`frontline extract` on the development set, scored by the set's own scorer: every article is
read without failing, and the micro F1 and precision stay above a floor. Then each article end to
end, as a user goes: `extract ARTICLE -o DIR` writes a draft, `check --scenario DIR` passes, `at`
on a day of the draft's period answers for a place the draft names, and that place's `timeline`
shows its events, none dated after the period (those before it are background).

The set lives outside the repository (../shared/devset from the project root, with its README,
its `evaluate` script and scripts/score.py); without it the tests skip. Nothing of its text is
kept here: each article is copied to a temporary file, as `evaluate` does.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.helpers import run, run_json

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"
# Measured on 2 December 2026: F1 0.887, precision 0.962, recall 0.823 (102 of 124 gold events
# after the scorer's dedupe, 4 false). The floors are the goal of the issue (F1 0.85) and a
# precision that leaves room for work trading a little of one for the other.
F1_FLOOR = 0.85
PRECISION_FLOOR = 0.9

pytestmark = pytest.mark.skipif(
    not (DEVSET / "scripts" / "score.py").is_file(), reason=f"no development set at {DEVSET}"
)

NOTE = "frontline: note: "  # what the CLI says of a name that other places bear too


def _scorer() -> ModuleType:
    """The development set's scripts/score.py, imported from where it lives."""
    spec = importlib.util.spec_from_file_location("devset_score", DEVSET / "scripts" / "score.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _articles() -> list[Path]:
    return sorted((DEVSET / "articles").glob("*.txt"))


def _text(article: Path) -> str:
    """The extractor's input: everything after the "# source:" line and the blank line."""
    return article.read_text(encoding="utf-8").split("\n", 2)[2]


def _command() -> list[str]:
    """The installed `frontline` command of this environment, as `evaluate` runs it."""
    found = shutil.which("frontline", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "engine"]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """Each article's name, exit status, stderr and (tp, fp, gold) by the set's scorer."""
    score = _scorer().score
    folder = tmp_path_factory.mktemp("devset")
    rows = []
    for article in _articles():
        name = article.stem
        path = folder / article.name
        path.write_text(_text(article), encoding="utf-8")
        run = subprocess.run(
            [*_command(), "extract", str(path), "--format", "jsonl"],
            capture_output=True, text=True, cwd=ROOT, check=False, timeout=120,
        )  # fmt: skip
        predicted = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
        gold = json.loads((DEVSET / "gold" / f"{name}.json").read_text(encoding="utf-8"))
        tp, fp, n = score(predicted, gold["events"], gold.get("optional_events", []))
        rows.append(
            {"article": name, "status": run.returncode, "stderr": run.stderr,
             "tp": tp, "fp": fp, "gold": n}
        )  # fmt: skip
    assert rows, f"no articles in {DEVSET / 'articles'}"
    return rows


def test_every_article_is_read(results: list[dict[str, Any]]) -> None:
    failed = [
        f"{r['article']}: exit {r['status']}: {r['stderr'].strip()[-300:]}"
        for r in results
        if r["status"] != 0 or "Traceback" in r["stderr"]
    ]
    assert failed == []


def test_score_stays_above_the_floor(results: list[dict[str, Any]]) -> None:
    tp = sum(r["tp"] for r in results)
    fp = sum(r["fp"] for r in results)
    gold = sum(r["gold"] for r in results)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    rows = [f"{r['article']}: tp={r['tp']} fp={r['fp']} gold={r['gold']}" for r in results]
    figures = "\n".join([f"F1 {f1:.3f}, precision {precision:.3f}, recall {recall:.3f}", *rows])
    assert f1 >= F1_FLOOR, figures
    assert precision >= PRECISION_FLOOR, figures


# ------------------------------------------------------------------------- end to end


def _end_to_end_cases() -> list[Any]:
    return [pytest.param(article, id=article.stem) for article in _articles()]


# Words that open a reference to a place rather than its name.
_REFERRING = {"the", "its", "their", "this", "that", "a", "an"}


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@pytest.mark.parametrize("article", _end_to_end_cases())
def test_the_draft_answers_end_to_end(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / article.name
    path.write_text(_text(article), encoding="utf-8")
    folder = tmp_path / "draft"
    scenario = ("--scenario", str(folder))
    status, out, err = run(capsys, "extract", str(path), "-o", str(folder))
    assert (status, err) == (0, ""), err
    status, out, err = run(capsys, "check", *scenario)
    assert (status, err) == (0, ""), out + err
    assert out.rstrip().endswith("\nok")

    config = tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))
    start, end = _day(config["start"]), _day(config["end"])
    assert start <= end
    events = {e["id"]: e for e in run_json(capsys, "events", *scenario)}
    located = {p["id"]: p for p in run_json(capsys, "places", *scenario)}
    # The places as the article writes them, from the same reading as JSON lines.
    status, out, err = run(capsys, "extract", str(path), "--format", "jsonl")
    assert (status, err) == (0, "")
    records = [json.loads(line) for line in out.splitlines()]
    assert records, "no control event in the draft"
    for record in records:
        assert record["place_id"] in events[record["id"]]["places"]

    asked = {(r["place"], r["place_id"]): r for r in records if r["place_id"] in located}
    for record in asked.values():
        written, place = record["place"], record["place_id"]
        if written.split()[0].lower() in _REFERRING:
            written = place  # "its power station" refers to the place: it is asked by its id
        day = _day(record.get("date") or record["latest"])
        # Before the period is background, the state the replay starts from; never after it.
        assert day <= end, f"{record['id']} on {day}, after the period ({start} to {end})"
        control = run_json(capsys, "at", day.isoformat(), "--place", written, *scenario)
        assert control["place"] == place, f"{written!r} is {control['place']}, not {place}"
        assert control["event"] in events, f"{written!r} on {day}: no event"
        if control["since"] is not None:
            assert _day(control["since"]) <= day
        # Every place on that day: the place is among those its events name, with that event.
        status, out, err = run(capsys, "at", day.isoformat(), *scenario)
        assert (status, err) == (0, "")
        name = located[place]["name"]
        assert any(name in line and control["event"] in line for line in out.splitlines()), out

        timeline = run_json(capsys, "timeline", written, *scenario)
        assert timeline["place"] == place
        cited = {p["event"] for p in timeline["periods"]} - {None}
        # The events that cover the place: those that name it or a region it lies in.
        covering = {e["id"] for e in run_json(capsys, "events", "--place", place, *scenario)}
        assert record["id"] in covering
        assert cited, timeline
        assert cited <= covering, timeline
        for event in cited:
            earliest, latest = _day(events[event]["earliest"]), _day(events[event]["latest"])
            assert earliest <= latest <= end, events[event]
        for period in timeline["periods"]:
            assert _day(period["from"]) <= end
        status, out, err = run(capsys, "timeline", written, *scenario)
        assert status == 0
        assert all(line.startswith(NOTE) for line in err.splitlines())  # namesakes said, no error
        assert out.startswith(f"{name} ({place})\n")
        assert all(f"[{event}" in out for event in cited), out

    if not asked:
        # The draft names only places the gazetteer lacks, regions without members: they answer
        # as regions, and their events are listed by place.
        record = records[0]
        day = _day(record.get("date") or record["latest"])
        assert start <= day <= end
        control = run_json(capsys, "at", day.isoformat(), "--place", record["place"], *scenario)
        assert control["place"] == record["place_id"]
        listed = run_json(capsys, "events", "--place", record["place"], *scenario)
        assert record["id"] in {e["id"] for e in listed}
        status, _out, err = run(capsys, "timeline", record["place"], *scenario)
        assert status == 0
        assert all(line.startswith(NOTE) for line in err.splitlines())
