"""A writer killed at any moment (SIGKILL: no cleanup of its own) never leaves a folder that
loads as if whole: the folder holds the previous scenario, intact, or the new one, whole (issue
15: kill -9 during synth's events.jsonl left partial logs that `frontline at` loaded)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.formats.scenario_files import load_scenario
from engine.formats.scenario_writer import write_scenario
from engine.model.scenario import Scenario
from engine.testing.synth import synthesize
from tests.test_synth import same

ROOT = Path(__file__).resolve().parent.parent
KILLS = 48  # writers killed in this process's children, at timings spread over a write


def _killed_writer(scenario: Scenario, folder: Path, events_format: str, delay: float) -> None:
    """Fork a child that writes the scenario over the folder, and SIGKILL it after `delay`."""
    child = os.fork()
    if child == 0:  # the writer: never returns into pytest
        try:
            write_scenario(scenario, folder, events_format, force=True)
        finally:
            os._exit(0)
    time.sleep(delay)
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)


def _holds(folder: Path, wars: dict[int, Scenario]) -> int | None:
    """The seed of the war the folder loads as, None when there is no folder."""
    if not folder.exists():
        return None
    loaded = load_scenario(folder)  # raises if it does not load
    (seed,) = [seed for seed, war in wars.items() if same(loaded, war)]
    return seed


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills forked writers")
def test_a_writer_killed_at_any_moment_leaves_the_old_scenario_or_the_new(
    tmp_path: Path,
) -> None:
    wars = {seed: synthesize(80, 800, 30, seed) for seed in (1, 2)}
    started = time.perf_counter()
    write_scenario(wars[1], tmp_path / "timed", "jsonl")
    took = time.perf_counter() - started  # about how long a write lasts
    folder = tmp_path / "war"
    write_scenario(wars[1], folder, "jsonl")
    chance = random.Random(15)
    outcomes: dict[str, int] = {"old kept": 0, "new whole": 0}
    for kill in range(KILLS):
        held = _holds(folder, wars)
        assert held is not None
        other = 3 - held
        # From at once to past the end of the write: spread over all of it, and beyond.
        _killed_writer(wars[other], folder, ("jsonl", "toml", "columns")[kill % 3],
                       chance.uniform(0, 1.3 * took))  # fmt: skip
        now = _holds(folder, wars)
        assert now in (held, other)
        outcomes["new whole" if now == other else "old kept"] += 1
    assert outcomes["old kept"], outcomes  # both timings were met
    assert outcomes["new whole"], outcomes
    write_scenario(wars[1], folder, force=True)  # the next writer clears what the killed left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timed", "war"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills forked writers")
def test_a_first_writer_killed_leaves_no_folder_or_a_whole_one(tmp_path: Path) -> None:
    war = synthesize(80, 800, 30, 1)
    started = time.perf_counter()
    write_scenario(war, tmp_path / "timed", "jsonl")
    took = time.perf_counter() - started
    chance = random.Random(16)
    for kill in range(12):
        folder = tmp_path / f"war{kill}"
        _killed_writer(war, folder, "jsonl", chance.uniform(0, 1.3 * took))
        assert _holds(folder, {1: war}) in (None, 1)


def test_frontline_synth_killed_at_any_moment(tmp_path: Path) -> None:
    folder = tmp_path / "war"
    wars = {seed: synthesize(150, 3000, 30, seed) for seed in (1, 2)}
    write_scenario(wars[1], folder)
    command = [sys.executable, "-m", "engine", "synth", "--places", "150", "--events", "3000",
               "--days", "30", "--seed", "2", "--force", "-o", str(folder)]  # fmt: skip
    started = time.perf_counter()
    subprocess.run([*command[:-1], str(tmp_path / "timed")], check=True, cwd=ROOT,
                   capture_output=True)  # fmt: skip
    took = time.perf_counter() - started  # start-up, synthesis, then the write
    write_scenario(wars[1], folder, force=True)
    for kill in range(6):
        writer = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
        time.sleep(took * (0.5 + 0.1 * kill))  # the later part: synthesis done, writing
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert _holds(folder, wars) in (1, 2)
        write_scenario(wars[1], folder, force=True)
