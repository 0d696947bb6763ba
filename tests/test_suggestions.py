"""An unknown command, option or faction is answered with what was probably meant."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.main import main
from engine.errors import FrontlineError
from engine.formats.scenario_files import load_scenario
from engine.model.factions import Faction, Factions
from tests.helpers import copy_tiny, run

INVENTED = Factions.of(
    [
        Faction("north", "Northern Brigade", ("NB",)),
        Faction("north_unit", "Northern Brigade unit in Upper Well", (), "north"),
        Faction("east", "Eastern Front"),
    ]
)


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """What the command line says when it refuses its arguments (exit status 2)."""
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("argv", "meant"),
    [
        (["tiemline", "x"], "timeline"),
        (["expotr", "geojson"], "export or extract"),
        (["gazetteer", "fnd", "x"], "find"),
        (["timeline", "x", "--jsn"], "--json"),
        (["events", "--facton", "isis"], "--faction"),
    ],
)
def test_a_misspelt_command_or_option_is_answered_with_the_one_meant(
    capsys: pytest.CaptureFixture[str], argv: list[str], meant: str
) -> None:
    assert refused(capsys, *argv).endswith(f"did you mean {meant}?")


def test_a_command_like_none_gets_no_guess(capsys: pytest.CaptureFixture[str]) -> None:
    assert "did you mean" not in refused(capsys, "zzzzzz")


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("Nothern Brigade", "Northern Brigade?"),
        ("Estern", "Eastern Front?"),
        # A word of a name is weighed alone; of those alike, a faction before its units.
        ("brigade", "Northern Brigade or Northern Brigade unit in Upper Well?"),
    ],
)
def test_an_unknown_faction_is_answered_with_the_likest(name: str, meant: str) -> None:
    with pytest.raises(FrontlineError) as refusal:
        INVENTED.resolve(name)
    assert f"did you mean {meant}" in str(refusal.value)


def test_a_name_like_no_faction_gets_no_guess() -> None:
    assert INVENTED.suggest("Zzyzx") == []


def test_the_cli_suggests_a_faction(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "events", "--faction", "Nusrah")
    assert status == 2
    assert "did you mean Al-Nusra Front" in err


def test_namesakes_the_events_name_are_told_apart(capsys: pytest.CaptureFixture[str]) -> None:
    # Two places of the default scenario share a name, spelt apart by a hyphen, and the events
    # name both: the one written as the name is written is meant, and the others are said.
    places = load_scenario().world.places
    name = "at-Tabiyah"
    bearers = [places.resolve(name), *places.namesakes(places.resolve(name))]
    assert len(bearers) >= 2
    meant = next(b for b in bearers if places.label(b).casefold() == name.casefold())
    status, out, err = run(capsys, "at", "2014-05-08", "--place", name)
    assert status == 0
    assert out.splitlines()[0].startswith(places.label(meant))
    assert f"is taken as {meant}" in err
    for other in bearers:
        if other != meant:
            assert other in err
    # In the table of every place, rows of one name carry their ids.
    _, table_text, _ = run(capsys, "at", "2014-05-08")
    rows = [line for line in table_text.splitlines() if "tabiyah" in line.casefold()]
    assert len(rows) >= 2
    ids = [row.split("(")[1].split(")")[0] for row in rows]
    assert set(ids) <= set(bearers)
    assert len(set(ids)) == len(rows)


def test_an_id_needs_no_note(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "at", "2014-05-08", "--place", "at_tabiyah")
    assert err == ""


def test_a_name_no_rule_decides_lists_each_bearer_with_its_kind_and_district(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = copy_tiny(tmp_path)
    places = folder / "places.tsv"
    # Two places of one name, neither named by an event nor written as the other is.
    places.write_text(
        places.read_text(encoding="utf-8")
        + "old_mill_south\tOld Mill\t\tvillage\t35.02\t40.02\tValley\tSouth\tsouth\n"
        + "old_mill_north\tOld Mill\t\tfacility\t35.12\t40.12\tValley\tNorth\tnorth\n",
        encoding="utf-8",
    )
    status, out, err = run(
        capsys, "at", "2020-03-05", "--place", "old mill", "--scenario", str(folder)
    )
    assert (status, out) == (2, "")
    assert err.count("\n") == 1  # one message
    assert "ambiguous" in err
    assert "use an id" in err
    assert "old_mill_north (Old Mill, facility, North district" in err
    assert "old_mill_south (Old Mill, village, South district" in err
