"""Statements of the genre, read from invented sentences: who acts in a participle clause, what
a pronoun's place is called, the present tense of infobox results."""

from __future__ import annotations

from typing import Any

import pytest

from engine.extraction import extract, load_gazetteer
from engine.extraction.sources import GazetteerSource
from engine.extraction.writer import control_records


@pytest.fixture(scope="module")
def world() -> GazetteerSource:
    return load_gazetteer()


def records(text: str, source: GazetteerSource) -> list[dict[str, Any]]:
    return list(control_records(extract(text, source.for_text(text), store=source.store)))


@pytest.mark.parametrize(
    "clause",
    [
        "with the Army recapturing it six days later",
        "with the Syrian Army retaking it six days later",
        "with government forces recapturing it six days later",
    ],
)
def test_a_participle_after_with_has_its_own_subject(clause: str, world: GazetteerSource) -> None:
    text = (
        "Qalamoun (2013)\n\nOn 1 December 2013, Syrian rebels captured most of Deir Attiyeh, "
        f"{clause}."
    )
    *_, back = records(text, world)
    assert back["to_id"] == "government"
    assert back["place_id"] == "dayr_atiyah"
    assert back["place"] == "Deir Attiyeh"  # "it", as the article names it
    assert back["date"] == "2013-12-07"


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Rebels withdraw from Rankus", "rankus"),
        ("Rebels flee Rankus", "rankus"),
        ("Rebels retreat from Maaloula", "maaloula"),
        ("Rebels abandon Maaloula", "maaloula"),
    ],
)
def test_withdrawals_in_the_present_tense(
    sentence: str, place: str, world: GazetteerSource
) -> None:
    text = f"Qalamoun (2014)\n\nOn 2 April 2014, the army attacked. {sentence} on 3 April 2014."
    (record,) = records(text, world)
    assert (record["kind"], record["place_id"], record["date"]) == (
        "withdrawal",
        place,
        "2014-04-03",
    )
