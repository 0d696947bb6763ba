"""Dates as people write them, and place names in any spelling."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.errors import FrontlineError
from engine.model.dates import Precision, When, parse_date
from engine.model.names import name_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014-07-03", dt.date(2014, 7, 3)),
        ("3 July 2014", dt.date(2014, 7, 3)),
        ("3 july", dt.date(2014, 7, 3)),
        ("July 3, 2014", dt.date(2014, 7, 3)),
        ("3rd Jul 2014", dt.date(2014, 7, 3)),
        ("  14 July  ", dt.date(2014, 7, 14)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text, year=2014) == expected


@pytest.mark.parametrize("text", ["", "31 June 2014", "2014-13-01", "3 Julember", "yesterday"])
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(FrontlineError):
        parse_date(text, year=2014)


def test_date_without_year_needs_one() -> None:
    with pytest.raises(FrontlineError, match="no year"):
        parse_date("3 July")


def test_when_validates_its_range() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        When(dt.date(2014, 5, 2), dt.date(2014, 5, 1), Precision.RANGE)
    with pytest.raises(ValueError, match="precision 'day'"):
        When(dt.date(2014, 5, 1), dt.date(2014, 5, 2), Precision.DAY)
    assert (
        str(When(dt.date(2014, 5, 1), dt.date(2014, 5, 10), Precision.BY))
        == "2014-05-01..2014-05-10"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Al-Busayrah", "al busayrah"),
        ("Ma'dan", "Madan"),
        ("Ma`dan", "Ma’dan"),
        ("Abīḩah", "Abihah"),
        ("The Al-Shulah", "al-shulah"),
        ("Deir ez-Zor", "DEIR EZ ZOR"),
    ],
)
def test_name_key_ignores_spelling(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_name_key_keeps_different_names_apart() -> None:
    assert name_key("Hajin") != name_key("Haseen")
