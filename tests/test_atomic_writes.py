"""Scenario folders written whole or not at all (issue 15, "Writes are not atomic"): through a
temporary folder beside the target, put in place in one rename; --force replaces a scenario
whole and nothing else; one writer at a time."""

from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from engine import files
from engine.errors import FrontlineError
from engine.files import lock_path
from engine.formats.scenario_files import load_scenario
from engine.formats.scenario_writer import write_scenario
from engine.testing.synth import synthesize
from tests.helpers import run
from tests.test_synth import same

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "extract"
SYNTH = ("synth", "--places", "12", "--events", "30", "--days", "20")


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _beside(folder: Path) -> list[str]:
    """What lies beside a folder in its parent, but the folder."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name != folder.name)


def test_force_in_another_format_leaves_no_stale_events_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Measured on main: events.toml stayed beside the new events.jsonl, and the folder, with
    # two events files and no `events` key to choose, was refused.
    folder = tmp_path / "war"
    assert run(capsys, *SYNTH, "--format", "toml", "-o", str(folder))[0] == 0
    assert (
        run(capsys, *SYNTH, "--format", "jsonl", "--seed", "2", "--force", "-o", str(folder))[0]
        == 0
    )
    assert "events.toml" not in _names(folder)
    assert same(load_scenario(folder), synthesize(12, 30, 20, 2))
    assert _beside(folder) == []  # no temporary folder, no lock file left


def test_extract_force_over_a_synth_folder_replaces_it_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Measured on main: the draft was written over the synth files, then failed to load.
    folder = tmp_path / "draft"
    assert run(capsys, *SYNTH, "-o", str(folder))[0] == 0
    argv = ("extract", str(FIXTURES / "offensive.txt"), "-o", str(folder), "--force")
    status, _out, err = run(capsys, *argv, "--gazetteer", str(FIXTURES / "gazetteer"))
    assert (status, err) == (0, "")
    assert "events.jsonl" not in _names(folder)
    assert "synthetic.txt" not in _names(folder)
    assert len(load_scenario(folder).log) > 0
    assert _beside(folder) == []


def test_force_never_replaces_a_folder_that_holds_no_scenario(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "documents").mkdir(parents=True)
    (home / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FrontlineError) as refused:
        write_scenario(synthesize(5, 5, 5, 1), home, force=True)
    assert str(refused.value) == (
        f"{home}: the folder is not empty and holds no scenario (no scenario.toml), so it is not "
        "replaced, even with --force; write to a new or empty folder"
    )
    assert _names(home) == ["documents", "notes.txt"]
    assert _beside(home) == []


def test_an_empty_folder_is_written_with_the_permissions_of_a_new_one(tmp_path: Path) -> None:
    folder = tmp_path / "war"
    folder.mkdir()
    os.chmod(folder, 0o750)
    write_scenario(synthesize(5, 5, 5, 1), folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750  # kept, where mkdtemp makes 0o700
    other = tmp_path / "new" / "war"
    write_scenario(synthesize(5, 5, 5, 1), other)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(other.stat().st_mode) == 0o777 & ~umask
    assert stat.S_IMODE((other / "events.jsonl").stat().st_mode) == 0o666 & ~umask


def test_a_folder_behind_a_link_is_replaced_and_the_link_kept(tmp_path: Path) -> None:
    real = tmp_path / "real"
    write_scenario(synthesize(5, 5, 5, 1), real)
    link = tmp_path / "link"
    link.symlink_to(real)
    write_scenario(synthesize(5, 7, 5, 1), link, force=True)
    assert link.is_symlink()
    assert len(load_scenario(real).log) == 7


def test_the_current_folder_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "war"
    write_scenario(synthesize(5, 5, 5, 1), folder)
    monkeypatch.chdir(folder)
    with pytest.raises(FrontlineError) as refused:
        write_scenario(synthesize(5, 7, 5, 1), Path("."), force=True)
    assert "is the current folder, or holds it; write it from outside" in str(refused.value)
    assert len(load_scenario(folder).log) == 5


def test_what_a_killed_writer_left_is_removed_by_the_next(tmp_path: Path) -> None:
    folder = tmp_path / "war"
    left = [tmp_path / ".war.a1b2c3d4.part", tmp_path / ".war.zz_9zz_9.part"]
    others = [tmp_path / ".war.x.a1b2c3d4.part", tmp_path / ".warx.a1b2c3d4.part"]
    for path in (*left, *others):
        (path / "sub").mkdir(parents=True)
        (path / "sub" / "events.jsonl").write_text("half", encoding="utf-8")
    lock_path(folder).write_text("", encoding="utf-8")  # a lock file whose holder died
    write_scenario(synthesize(5, 5, 5, 1), folder)
    assert _beside(folder) == sorted(p.name for p in others)  # other folders' are theirs


def test_a_failed_write_leaves_the_old_folder_and_nothing_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "war"
    write_scenario(synthesize(5, 5, 5, 1), folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real = files.write_file
    calls = []

    def failing(path: Path, chunks: object) -> files.Written:
        calls.append(path.name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(path, chunks)  # type: ignore[arg-type]

    monkeypatch.setattr("engine.formats.scenario_writer.write_file", failing)
    with pytest.raises(FrontlineError) as failed:
        write_scenario(synthesize(5, 9, 5, 2), folder, force=True)
    assert str(failed.value) == f"{folder}: cannot write: No space left on device"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert _beside(folder) == []


def test_where_folders_cannot_be_swapped_the_old_is_moved_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class NoRenameat2:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

    monkeypatch.setattr("engine.files.ctypes.CDLL", NoRenameat2)  # as on a system without it
    folder = tmp_path / "war"
    write_scenario(synthesize(5, 5, 5, 1), folder, "toml")
    write_scenario(synthesize(5, 7, 5, 2), folder, force=True)
    assert "events.toml" not in _names(folder)
    assert same(load_scenario(folder), synthesize(5, 7, 5, 2))
    assert _beside(folder) == []


# ------------------------------------------------------------------------- one writer at a time


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "war"
    assert run(capsys, *SYNTH, "-o", str(folder))[0] == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with lock_path(folder).open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a writer at work holds it
        status, out, err = run(capsys, *SYNTH, "--seed", "3", "--force", "-o", str(folder))
    assert (status, out) == (2, "")
    assert err == (
        f"frontline: error: {folder}: another frontline is writing this folder now; try again "
        "once it is done\n"
    )
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_the_lock_dies_with_its_process(tmp_path: Path) -> None:
    folder = tmp_path / "war"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'w'); "
         "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)",
         str(lock_path(folder))],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    with pytest.raises(FrontlineError, match="another frontline is writing this folder"):
        write_scenario(synthesize(5, 5, 5, 1), folder)
    holder.kill()  # SIGKILL: no chance to unlock
    holder.wait()
    write_scenario(synthesize(5, 5, 5, 1), folder)
    assert len(load_scenario(folder).log) == 5
    assert _beside(folder) == []


def test_two_writers_at_once_one_wins_whole(tmp_path: Path) -> None:
    # Measured on main: two writers to one folder interleaved their files in 3 of 5 runs.
    folder = tmp_path / "war"
    wars = {seed: synthesize(150, 3000, 30, seed) for seed in (1, 2)}
    frontline = [sys.executable, "-m", "engine", "synth", "--places", "150", "--events", "3000"]
    for _round in range(3):
        argv = [*frontline, "--days", "30", "--force", "-o", str(folder), "--seed"]
        writers = {
            seed: subprocess.Popen(
                [*argv, str(seed)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            for seed in wars
        }
        results = {seed: writer.communicate() for seed, writer in writers.items()}
        statuses = {seed: writers[seed].returncode for seed in wars}
        assert 0 in statuses.values()
        for seed, (_out, err) in results.items():
            if statuses[seed] != 0:
                assert statuses[seed] == 2
                assert err == (
                    f"frontline: error: {folder}: another frontline is writing this folder now; "
                    "try again once it is done\n"
                )
        loaded = load_scenario(folder)
        assert any(same(loaded, war) for war in wars.values())
        assert _beside(folder) == []
