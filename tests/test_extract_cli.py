"""`frontline extract` as a user drives it: a draft folder that `check` and `at` accept, JSON
lines for scripts, one clear line for bad input, and the score on the seed article."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from engine.extraction import Draft, evaluate, extract, load_gazetteer, read_article_file
from engine.extraction.evaluate import Evaluation, dates_agree
from engine.extraction.writer import write_draft
from engine.formats.scenario_files import load_scenario
from engine.model.dates import Precision, When
from tests.helpers import run, run_json

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "extract"
ARTICLE = FIXTURES / "offensive.txt"
GAZETTEER = ("--gazetteer", str(FIXTURES / "gazetteer"))
SEED = ROOT / "seeds" / "deir_ez_zor_offensive_2014.txt"
DEFAULT = ROOT / "scenarios" / "deir_ez_zor_2014"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The invented article extracted to a draft folder, once for the module."""
    target = tmp_path_factory.mktemp("draft") / "wadi"
    from engine.cli.main import main

    assert main(["extract", str(ARTICLE), "-o", str(target), *GAZETTEER]) == 0
    return target


def test_the_draft_folder_holds_a_scenario(folder: Path) -> None:
    names = {p.name for p in folder.iterdir()}
    assert {
        "scenario.toml",
        "factions.toml",
        "places.toml",
        "events.toml",
        "offensive.txt",
    } <= names
    assert {"towns.tsv", "villages.tsv", "admin.tsv"} <= names  # the gazetteer it used
    assert (folder / "offensive.txt").read_text(encoding="utf-8") == ARTICLE.read_text(
        encoding="utf-8"
    )
    config = tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))
    assert (config["start"], config["end"]) == ("2016-03-03", "2016-04-20")
    places = tomllib.loads((folder / "places.toml").read_text(encoding="utf-8"))
    # Umm Tiba is in no gazetteer: a region without members, with no invented coordinates.
    (umm_tiba,) = [r for r in places["region"] if r["id"] == "umm_tiba"]
    assert "lat" not in umm_tiba
    assert "places" not in umm_tiba
    factions = tomllib.loads((folder / "factions.toml").read_text(encoding="utf-8"))
    by_id = {f["id"]: f for f in factions["faction"]}
    assert by_id["wadi_military_council"]["coalition"] == "sdf"
    assert by_id["sdf"]["coalition"] == "kurdish_forces"


def test_check_accepts_the_draft(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "check", "--scenario", str(folder))
    assert status == 0, out + err
    assert out.rstrip().endswith("ok")
    report = run_json(capsys, "check", "--scenario", str(folder))
    assert report["problems"] == []
    assert report["covered_sentences"] == report["dated_sentences"]


def test_at_replays_the_draft(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def holder(day: str, place: str) -> str | None:
        data = run_json(capsys, "at", day, "--place", place, "--scenario", str(folder))
        return data["controller"]  # type: ignore[no-any-return]

    assert holder("2016-03-05", "Kafr Zayt") == "sdf"  # "The next day, SDF fighters captured"
    assert holder("2016-03-06", "Kfar Zeit") == "isis"  # "Two days later, ISIL recaptured"
    assert holder("2016-04-05", "al_hamra") == "sdf"  # "Al-Hamra fell to the SDF"
    base = run_json(
        capsys, "at", "2016-04-20", "--place", "qasra_airbase", "--scenario", str(folder)
    )
    assert base["controller"] == "isis"
    assert "remained under the control of ISIL" in base["quote"]
    status, out, _ = run(capsys, "at", "2016-04-20", "--scenario", str(folder))
    assert status == 0
    assert "sdf" in out


def test_an_existing_folder_is_kept_without_force(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    status, out, err = run(capsys, "extract", str(ARTICLE), "-o", str(folder), *GAZETTEER)
    assert status == 2
    assert out == ""
    assert (
        err.strip()
        == f"frontline: error: {folder}: the folder holds a scenario; use --force to replace it"
    )
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    status, out, _ = run(capsys, "extract", str(ARTICLE), "-o", str(folder), "--force", *GAZETTEER)
    assert status == 0
    assert "events" in out


def test_jsonl_shape(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "extract", str(ARTICLE), "--format", "jsonl", *GAZETTEER)
    assert status == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) >= 15
    text = ARTICLE.read_text(encoding="utf-8")
    for record in records:
        assert record["kind"] in {"capture", "withdrawal", "contested", "siege", "defection"}
        assert ("date" in record) != ("earliest" in record and "latest" in record)
        for key in ("place", "place_id", "to", "quote", "start", "end", "hedged", "confidence"):
            assert key in record, key
        assert "from" in record
        assert isinstance(record["place"], str)
        assert isinstance(record["place_id"], str)
        assert record["from"] is None or isinstance(record["from"], str)
        assert isinstance(record["hedged"], bool)
        assert 0 < record["confidence"] < 1
        assert text[record["start"] : record["end"]] == record["quote"]
    kinds = {r["kind"] for r in records}
    assert kinds == {"capture", "withdrawal", "contested", "siege", "defection"}
    recaptured = next(r for r in records if r["quote"].startswith("Two days later"))
    assert (recaptured["date"], recaptured["place"], recaptured["place_id"]) == (
        "2016-03-06", "Kafr Zayt", "kafr_zayt",
    )  # fmt: skip
    assert (recaptured["to"], recaptured["from"]) == ("ISIL", None)
    hedged = next(r for r in records if r["place_id"] == "jisr_al_wadi")
    assert hedged["hedged"] is True
    assert hedged["from"] == "ISIL"


def test_table_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "extract", str(ARTICLE), *GAZETTEER)
    assert status == 0
    assert out.startswith("Wadi offensive (2016):")
    assert "Kafr Zayt, Jisr al-Wadi" in out


# --------------------------------------------------------------------------- bad input


def _fails(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert line.startswith("frontline: error: ")
    return line


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b"   \n\n  ", "the file is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00binary", "not a text file"),
        (b"Caf\xe9 au lait, the town fell.", "not UTF-8 text"),
        (b"%$#@ 1234 5678 !!?? ##$$ 9876 %%^^ " * 4, "does not look like article text"),
    ],
)
def test_bad_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, expected: str
) -> None:
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    line = _fails(capsys, "extract", str(path), "-o", str(tmp_path / "out"))
    assert expected in line
    assert str(path) in line
    assert not (tmp_path / "out").exists()


def test_unknown_gazetteer_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _fails(capsys, "extract", str(ARTICLE), "--gazetteer", str(tmp_path / "nowhere"))
    assert "no such gazetteer folder" in line
    line = _fails(capsys, "extract", str(ARTICLE), "--gazetteer", str(tmp_path))
    assert "not a gazetteer folder" in line


def test_output_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "taken"
    target.write_text("mine", encoding="utf-8")
    line = _fails(capsys, "extract", str(ARTICLE), "-o", str(target), *GAZETTEER)
    assert "not a folder" in line
    assert target.read_text(encoding="utf-8") == "mine"


def test_a_text_without_any_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("The rebels took the town of Tell Qasra from the army.\n", encoding="utf-8")
    line = _fails(capsys, "extract", str(path), *GAZETTEER)
    assert "no date" in line


def test_the_installed_command_reports_bad_input_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "engine", "extract", str(tmp_path / "missing.txt")],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == f"frontline: error: {tmp_path / 'missing.txt'}: no such file"


# --------------------------------------------------------------------------- evaluation


@pytest.fixture(scope="module")
def seed_draft() -> Draft:
    return extract(read_article_file(SEED), load_gazetteer(DEFAULT).for_text(""))


@pytest.fixture(scope="module")
def seed_score(seed_draft: Draft) -> Evaluation:
    return evaluate(seed_draft, load_scenario(DEFAULT))


def test_score_on_the_seed_against_the_curated_scenario(seed_score: Evaluation) -> None:
    # Measured: P 36/38 = 0.947, R 37/41 = 0.902, F1 0.924 (benchmarks/extraction.py).
    full = seed_score.full
    assert full.f1 >= 0.90
    assert full.precision >= 0.92
    assert full.recall >= 0.87
    assert seed_score.dates.f1 >= 0.95
    assert seed_score.exact_days == seed_score.day_pairs


def test_the_seed_misses_are_the_unnamed_places(seed_score: Evaluation) -> None:
    # The villages that the curator picked by coordinates for "12 villages directly
    # northwest", "three directly east" and "three towns near the military airport", and the
    # lead's "remained under control of ... government troops", read as of mid-2013.
    assert {m.event for m in seed_score.misses} <= {"e003", "e077", "e078", "e087"}


def test_a_draft_scores_perfectly_against_itself(folder: Path) -> None:
    source = load_gazetteer(FIXTURES / "gazetteer")
    draft = extract(read_article_file(ARTICLE), source.gazetteer)
    score = evaluate(draft, load_scenario(folder))
    assert (score.full.precision, score.full.recall) == (1.0, 1.0)
    assert score.misses == ()
    assert score.false_positives == ()


def test_dates_agree_on_the_day_or_by_overlap() -> None:
    d = When.day
    import datetime as dt

    day = dt.date(2016, 5, 2)
    assert dates_agree(d(day), d(day))
    assert not dates_agree(d(day), d(day.replace(day=3)))
    around = When(day.replace(day=1), day.replace(day=5), Precision.BY)
    assert dates_agree(d(day), around)
    assert not dates_agree(d(day.replace(day=9)), around)


def test_evaluation_refuses_another_article(
    seed_draft: Draft, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _fails(capsys, "extract", str(ARTICLE), *GAZETTEER, "--evaluate", str(DEFAULT))
    assert "not a reading of this article" in line


def test_new_places_survive_a_gazetteer_with_its_own_regions(tmp_path: Path) -> None:
    # The bundled gazetteer's places.toml has [[region]] tables of its own: the draft's new
    # places must come out as regions of their own, not as keys of the last one.
    source = load_gazetteer(DEFAULT)
    draft = extract(read_article_file(ARTICLE), source.for_text(""))
    assert len(draft.new_places) >= 5
    write_draft(draft, source, tmp_path / "draft", "offensive.txt")
    world = load_scenario(tmp_path / "draft").world
    for place in draft.new_places:
        assert place.id in world.places.regions
        assert world.places.regions[place.id].members == frozenset()
    assert "western_countryside" in world.places.regions  # carried over from the gazetteer
