"""An unknown command, option or faction is answered with what was probably meant."""

from __future__ import annotations

import pytest

from engine.cli.main import main
from engine.errors import FrontlineError
from engine.model.factions import Faction, Factions
from tests.helpers import run

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
