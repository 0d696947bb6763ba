"""A draft folder made from the bundled gazetteer, as a user drives it: the days it replays, the
names it answers to, and reports that it carries without breaking `check`. The articles are
invented for these tests."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.helpers import run, run_json


def _draft(text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    folder = tmp_path / "draft"
    status, _out, err = run(capsys, "extract", str(article), "-o", str(folder))
    assert (status, err) == (0, ""), err
    status, out, err = run(capsys, "check", "--scenario", str(folder))
    assert (status, err) == (0, ""), out + err
    return folder


def _period(folder: Path) -> tuple[str, str]:
    config = tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))
    return str(config["start"]), str(config["end"])


INFOBOX = (
    "= Battle of Yabroud (2014) =\n\nInfobox\n- Conflict: Battle of Yabroud\n"
    "- Date: 1 – 20 March 2014\n- Place: Yabroud, Syria\n\n"
)


@pytest.mark.parametrize(
    "aftermath",
    [
        "Aftermath\nOn 9 April 2014, rebels recaptured Rankus.\n",
        "== Aftermath ==\nIn the second week of April 2014, rebels recaptured Rankus.\n",
        "On 9 April 2014, a month after the battle, rebels recaptured Rankus.\n",
    ],
)
def test_an_aftermath_after_the_infobox_dates_is_replayed(
    aftermath: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = INFOBOX + "On 16 March 2014, the Syrian Army captured Yabroud.\n\n" + aftermath
    folder = _draft(text, tmp_path, capsys)
    start, end = _period(folder)
    assert start == "2014-03-01"
    assert "2014-04-09" <= end <= "2014-04-14"
    control = run_json(capsys, "at", end, "--place", "Rankus", "--scenario", str(folder))
    assert control["controller"] == "opposition"


@pytest.mark.parametrize(
    "background",
    [
        "Background\nThe Syrian Army had captured Rankus on 3 June 2012.\n",
        "== Background ==\nIn June 2012, the Syrian Army captured Rankus.\n",
        "Prelude\nRebels took Rankus on 3 June 2012.\n",
    ],
)
def test_a_background_section_is_the_state_the_replay_starts_from(
    background: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No infobox: the period is the span of the statements of control, less the background.
    text = (
        "Battle of Yabroud\n"
        "The Battle of Yabroud was fought in the Qalamoun mountains in March 2014.\n"
        f"{background}"
        "The battle\n"
        "On 4 March 2014, the Syrian Army captured Sahel. On 16 March 2014, it captured Yabroud.\n"
    )
    folder = _draft(text, tmp_path, capsys)
    assert _period(folder) == ("2014-03-04", "2014-03-16")
    control = run_json(capsys, "at", "2014-03-04", "--place", "Rankus", "--scenario", str(folder))
    assert control["event"] is not None  # the background event still holds at the start


@pytest.mark.parametrize(
    "heading", ["== Background ==", "Background", "Prelude[edit]", "== Historical context =="]
)
def test_an_undated_background_statement_is_dated_before_the_battle(
    heading: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        INFOBOX + "The Battle of Yabroud was fought in the Qalamoun mountains.\n\n"
        f"{heading}\nRebels had captured Rankus early in the war.\n\n== The battle ==\n"
        "On 16 March 2014, the Syrian Army captured Yabroud.\n"
    )
    folder = _draft(text, tmp_path, capsys)
    (rankus,) = [
        e for e in run_json(capsys, "events", "--scenario", str(folder))
        if e["quote"].startswith("Rebels had captured Rankus")
    ]  # fmt: skip
    # Not the battle's days (1 to 20 March): some time before them.
    assert rankus["latest"] < "2014-03-01"
    assert rankus["earliest"] >= "2013-01-01"
    assert _period(folder) == ("2014-03-01", "2014-03-20")


def test_statements_years_before_the_titles_year_are_background(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "Battle of Yabroud (2014)\n\n"
        "Rebels had captured Yabroud on 3 June 2012. On 4 March 2014, the Syrian Army captured "
        "Sahel. On 16 March 2014, the army captured Yabroud.\n"
    )
    assert _period(_draft(text, tmp_path, capsys)) == ("2014-03-04", "2014-03-16")


@pytest.mark.parametrize(
    "sentence",
    [
        "On 5 March 2014, clashes broke out across Syria and near Yabroud.",
        "On 5 March 2014, the rebels held 40 percent of Syria.",
        "On 5 March 2014, 12 soldiers were killed in Syria.",
    ],
)
def test_a_country_is_the_setting_not_a_place_of_the_draft(
    sentence: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = INFOBOX + "On 16 March 2014, the Syrian Army captured Yabroud. " + sentence + "\n"
    folder = _draft(text, tmp_path, capsys)
    events = run_json(capsys, "events", "--scenario", str(folder))
    assert all("syria" not in e["places"] for e in events), events


def test_infobox_casualties_over_several_lines_are_quoted_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A rendered box: the value of "Casualties and losses" runs over lines and a blank line.
    text = (
        "Battle of Yabroud (2014)\n\n"
        "The Battle of Yabroud was fought in the Qalamoun mountains.\n\n"
        "Battle of Yabroud\nPart of the Syrian civil war\nDate1 – 20 March 2014\n"
        "Location\nYabroud, Syria\nResult\nSyrian Army victory\n"
        "Casualties and losses\n120 killed\n40 captured\n\nAround 3,000 civilians displaced\n\n"
        "On 16 March 2014, the Syrian Army captured Yabroud.\n"
    )
    folder = _draft(text, tmp_path, capsys)
    events = run_json(capsys, "events", "--scenario", str(folder))
    (casualties,) = [e for e in events if e["kind"] == "casualties"]
    assert casualties["quote"] == "120 killed\n40 captured\n\nAround 3,000 civilians displaced"


@pytest.mark.parametrize(
    ("written", "place"),
    [("Yabroud", "yabrud"), ("An-Nabek", "an_nabk"), ("Deir Attiyeh", "dayr_atiyah")],
)
def test_a_place_answers_to_the_name_the_article_gives_it(
    written: str, place: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = INFOBOX + f"On 16 March 2014, the Syrian Army captured {written}.\n"
    folder = _draft(text, tmp_path, capsys)
    scenario = ("--scenario", str(folder))
    control = run_json(capsys, "at", "2014-03-20", "--place", written, *scenario)
    assert (control["place"], control["controller"]) == (place, "government")
    timeline = run_json(capsys, "timeline", written, *scenario)
    assert timeline["place"] == place


def test_a_side_read_from_a_pronoun_is_among_the_drafts_factions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The side that left is only "they" after who said so: the draft must list that side too.
    text = INFOBOX + (
        "On 16 March 2014, the army attacked Rankus. The rebels said they had withdrawn "
        "from Rankus.\n"
    )
    folder = _draft(text, tmp_path, capsys)
    events = run_json(capsys, "events", "--scenario", str(folder))
    assert any(e.get("previous") == "opposition" for e in events), events


@pytest.mark.parametrize("people", ["its civilians", "the remaining residents", "all families"])
def test_a_town_emptied_of_its_people_is_no_withdrawal(
    people: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = INFOBOX + f"On 16 March 2014, the rebels evacuated Rankus of {people}.\n"
    folder = _draft(text, tmp_path, capsys)
    assert "withdrew" not in (folder / "events.toml").read_text(encoding="utf-8")
