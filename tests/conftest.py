"""Hypothesis profiles ("dev" by default, "ci" when CI=true, "thorough" on request), and the
fixtures of the terminal UI tests.

FRONTLINE_HYPOTHESIS_PROFILE=thorough pytest tests   # or HYPOTHESIS_PROFILE=thorough
python benchmarks/thorough.py                         # the Hypothesis tests alone, timed
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

from engine.formats.scenario_files import load_scenario
from engine.model.scenario import Scenario

# Cells of big scenarios are kept in a cache folder (engine.territory.cache): the tests keep theirs
# in a folder of their own, never in the user's, and the commands they run start it afresh.
os.environ["FRONTLINE_CACHE"] = tempfile.mkdtemp(prefix="frontline-test-cache-")

# Deterministic and quick: the same examples on every run, nothing read from or written to the
# example database, and no deadline (CI machines are slow and noisy). A failure is shrunk (one
# bug per test), but not explained: the explain phase traces every line and takes minutes here.
settings.register_profile(
    "ci",
    settings.get_profile("ci"),
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=25,
    stateful_step_count=20,
    print_blob=True,
    report_multiple_bugs=False,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow],
)
# Local runs: random examples, failures remembered in .hypothesis/ and replayed first.
settings.register_profile(
    "dev",
    max_examples=50,
    stateful_step_count=30,
    deadline=None,
)
# Before a release, or after touching the replay: many more and longer examples, 1,000 a test
# (the stateful machine 250 runs, see test_stateful.py), some 14 minutes on 2 cores with
# benchmarks/thorough.py. A failure prints its blob, to replay it; it is not explained (as in ci:
# the explain phase traces every line and would take minutes of the run's budget).
settings.register_profile(
    "thorough",
    max_examples=1000,
    stateful_step_count=80,
    deadline=None,
    print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow],
)


def _profile() -> str:
    chosen = os.environ.get("FRONTLINE_HYPOTHESIS_PROFILE") or os.environ.get("HYPOTHESIS_PROFILE")
    if chosen:
        return chosen
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        return "ci"
    return "dev"


settings.load_profile(_profile())


@pytest.fixture(autouse=True)
def _whole_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables printed as to a pipe (each row one whole line), whatever COLUMNS the shell sets."""
    monkeypatch.delenv("COLUMNS", raising=False)


# ---------------------------------------------------------------------------- terminal UI tests


@pytest.fixture
def tui_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Nothing random on screen: UTC, no animations, no NO_COLOR from the caller's shell."""
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.delenv("NO_COLOR", raising=False)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="session")
def default_scenario() -> Scenario:
    """The bundled scenario, loaded once for the UI tests that do not test loading itself."""
    return load_scenario()


@pytest.fixture(scope="session")
def iraqi_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An invented report on Salah ad Din (2015) extracted against the bundled gazetteer, as a
    user does it: `frontline extract ARTICLE -o DIR`."""
    from engine.cli.main import main

    folder = tmp_path_factory.mktemp("extracted") / "salahuddin"
    article = Path(__file__).parent / "fixtures" / "articles" / "salahuddin_2015.txt"
    assert main(["extract", str(article), "-o", str(folder)]) == 0
    return folder


@pytest.fixture(scope="session")
def iraqi_scenario(iraqi_folder: Path) -> Scenario:
    """The extracted Iraqi scenario, loaded once."""
    return load_scenario(iraqi_folder)
