"""When things happened: date ranges with their precision, and dates as people write them."""

from __future__ import annotations

import datetime as dt
import enum
import re

from attrs import field, frozen

from engine.errors import FrontlineError

# The last day a scenario may name: the map, the chart and the exports each need the day after.
LAST_DAY = dt.date.max - dt.timedelta(days=1)


class Precision(enum.StrEnum):
    """How exactly a statement dates what it reports."""

    DAY = "day"  # "On 1 May"
    BY = "by"  # "By 17 June": on or before the latest day
    RANGE = "range"  # "From 30 April until 10 May"
    PART_OF_MONTH = "part_of_month"  # "late May"
    VAGUE = "vague"  # "A few months later"


def check_range(earliest: dt.date, latest: dt.date, precision: Precision) -> None:
    """Raise ValueError unless the days can be those of a date of this precision."""
    if latest < earliest:
        raise ValueError(f"date range ends ({latest}) before it starts ({earliest})")
    if precision is Precision.DAY and latest != earliest:
        raise ValueError("a date of precision 'day' must have earliest == latest")


def _check_order(instance: When, _attribute: object, latest: dt.date) -> None:
    check_range(instance.earliest, latest, instance.precision)


@frozen
class When:
    """The days within which something happened, as precisely as the text says."""

    earliest: dt.date
    latest: dt.date = field(validator=_check_order)
    precision: Precision = Precision.DAY
    phrase: str = ""

    @classmethod
    def day(cls, day: dt.date, phrase: str = "") -> When:
        """A single known day."""
        return cls(day, day, Precision.DAY, phrase)

    @property
    def exact(self) -> bool:
        """True when the text gives the day itself."""
        return self.earliest == self.latest

    def __str__(self) -> str:
        if self.exact:
            return self.earliest.isoformat()
        return f"{self.earliest.isoformat()}..{self.latest.isoformat()}"


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?(?:\s+(\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?$")


def parse_date(text: str, year: int | None = None) -> dt.date:
    """Read a date written as ISO ("2014-07-03") or in words ("3 July 2014", "July 3", "3 July")."""
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    if not cleaned:
        raise FrontlineError("empty date")
    if _ISO.match(cleaned):
        try:
            return dt.date.fromisoformat(cleaned)
        except ValueError as error:
            raise FrontlineError(f"impossible date {text!r}: {error}") from None
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        match = pattern.match(cleaned)
        if match is None:
            continue
        month = MONTHS.get(match.group(month_group))
        if month is None:
            raise FrontlineError(f"unknown month in date {text!r}")
        when_year = int(match.group(3)) if match.group(3) else year
        if when_year is None:
            raise FrontlineError(f"date {text!r} has no year, and none is implied")
        try:
            return dt.date(when_year, month, int(match.group(day_group)))
        except ValueError as error:
            raise FrontlineError(f"impossible date {text!r}: {error}") from None
    raise FrontlineError(f"cannot read date {text!r}: write it as 2014-07-03 or as '3 July 2014'")
