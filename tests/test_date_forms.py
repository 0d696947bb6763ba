"""The date forms of war reporting, each read with several phrasings: the expression found (its
phrase as written and its span in the document) and the days it resolves to."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.extraction.temporal import Context, find_times, moves_narrative, resolve
from engine.model.dates import Precision, When

D = dt.date
DAY, RANGE, VAGUE, BY = Precision.DAY, Precision.RANGE, Precision.VAGUE, Precision.BY

# Where the sentence stands in its document: every span must count from here.
OFFSET = 500
# The narrative stands on Monday 2 May 2016.
MAY_2 = Context(reference=When.day(D(2016, 5, 2)), year=2016)
# A report dated Tuesday 23 August 2016.
DATELINE = Context(published=D(2016, 8, 23), year=2016)
NOTHING = Context()

Expected = tuple[str, dt.date, dt.date, Precision]


def read(text: str, phrase: str, context: Context) -> When:
    """The expression of a sentence written `phrase`, checked for its span, then resolved."""
    found = {e.phrase: e for e in find_times(text, OFFSET)}
    assert phrase in found, f"{phrase!r} not read in {text!r}: {sorted(found)}"
    expr = found[phrase]
    assert expr.start == OFFSET + text.index(phrase)
    assert expr.end == expr.start + len(phrase)
    assert text[expr.start - OFFSET : expr.end - OFFSET] == phrase
    when = resolve(expr, context)
    assert when is not None, f"{phrase!r} did not resolve"
    assert when.phrase == phrase
    return when


def check(text: str, expected: Expected, context: Context) -> None:
    phrase, earliest, latest, precision = expected
    when = read(text, phrase, context)
    assert (when.earliest, when.latest, when.precision) == (earliest, latest, precision)


# ------------------------------------------------------------- 1. days in words, either order

DAY_MONTH_ORDERS: list[tuple[str, Expected, Context]] = [
    ("On 31 March 2015, Iraqi troops entered the city.",
     ("On 31 March 2015", D(2015, 3, 31), D(2015, 3, 31), DAY), NOTHING),
    ("The citadel fell on March 31, 2015, officials said.",
     ("on March 31, 2015", D(2015, 3, 31), D(2015, 3, 31), DAY), NOTHING),
    ("The ministry announced on Mar. 31, 2015 that the palace was taken.",
     ("on Mar. 31, 2015", D(2015, 3, 31), D(2015, 3, 31), DAY), NOTHING),
    ("QAMISHLI, 23 Aug, 2016 - Militiamen advanced.",
     ("23 Aug, 2016", D(2016, 8, 23), D(2016, 8, 23), DAY), NOTHING),
    ("A convoy arrived on 23 Aug 2016 from the north.",
     ("on 23 Aug 2016", D(2016, 8, 23), D(2016, 8, 23), DAY), NOTHING),
    ("Gunmen shelled the airport on Aug 23.",
     ("on Aug 23", D(2016, 8, 23), D(2016, 8, 23), DAY), MAY_2),
    ("On Sept. 5 the garrison surrendered.",
     ("On Sept. 5", D(2016, 9, 5), D(2016, 9, 5), DAY), MAY_2),
    ("The dam was taken on the 3rd of July 2014.",
     ("3rd of July 2014", D(2014, 7, 3), D(2014, 7, 3), DAY), NOTHING),
    ("On Sunday, March 18, 2018, the militia left the square.",
     ("On Sunday, March 18, 2018", D(2018, 3, 18), D(2018, 3, 18), DAY), NOTHING),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected", "context"), DAY_MONTH_ORDERS)
def test_day_month_and_month_day_orders(text: str, expected: Expected, context: Context) -> None:
    check(text, expected, context)


# ------------------------------------------------------------------------- 2. numeric dates

NUMERIC: list[tuple[str, Expected]] = [
    ("Troops entered the village on 2018/12/12.",
     ("on 2018/12/12", D(2018, 12, 12), D(2018, 12, 12), DAY)),
    ("Troops entered the village on 2018-12-12.",
     ("on 2018-12-12", D(2018, 12, 12), D(2018, 12, 12), DAY)),
    ("The depot was seized 2018/7/6 at dawn.", ("2018/7/6", D(2018, 7, 6), D(2018, 7, 6), DAY)),
    ("The statement of 12.12.2018 confirmed it.",
     ("of 12.12.2018", D(2018, 12, 12), D(2018, 12, 12), DAY)),
    # Day first with dots: 5 June, not May 6.
    ("Fighters left on 05.06.2016.", ("on 05.06.2016", D(2016, 6, 5), D(2016, 6, 5), DAY)),
    ("On 12/12/2018 the bridge was blown.",
     ("On 12/12/2018", D(2018, 12, 12), D(2018, 12, 12), DAY)),
    # Both parts could be a month: the day/month order of the region's reporting.
    ("On 04/07/2017 the hill fell.", ("On 04/07/2017", D(2017, 7, 4), D(2017, 7, 4), DAY)),
    ("Rebels took it on 25/03/2015.", ("on 25/03/2015", D(2015, 3, 25), D(2015, 3, 25), DAY)),
    # Only month/day reads.
    ("Rebels took it on 07/13/2017.", ("on 07/13/2017", D(2017, 7, 13), D(2017, 7, 13), DAY)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), NUMERIC)
def test_numeric_dates(text: str, expected: Expected) -> None:
    check(text, expected, NOTHING)


@pytest.mark.parametrize(
    "text",
    ["On 13/13/2018 nothing.", "On 31/02/2016 nothing.", "Turnout rose 1.5 points.",
     "The code 2014-13-45 is no day.", "Up 12.5.2016x in the table."],
)  # fmt: skip
def test_numbers_that_are_no_date(text: str) -> None:
    assert find_times(text) == ()


# ------------------------------------------------------------ 3. a day glued to its month

BEFORE_MID_OCTOBER = Context(reference=When.day(D(2017, 10, 10)), year=2017)
GLUED: list[tuple[str, Expected, Context]] = [
    ("The push began on 15October 2017, before dawn.",
     ("on 15October 2017", D(2017, 10, 15), D(2017, 10, 15), DAY), NOTHING),
    ("The governor fled on 15October.",
     ("on 15October", D(2017, 10, 15), D(2017, 10, 15), DAY), BEFORE_MID_OCTOBER),
    ("On October15, the airport was handed over.",
     ("On October15", D(2017, 10, 15), D(2017, 10, 15), DAY), BEFORE_MID_OCTOBER),
    ("Peshmerga units withdrew 1June 2014 from the crossing.",
     ("1June 2014", D(2014, 6, 1), D(2014, 6, 1), DAY), NOTHING),
    ("Clashes lasted 15–20October 2017.",
     ("15–20October 2017", D(2017, 10, 15), D(2017, 10, 20), RANGE), NOTHING),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected", "context"), GLUED)
def test_day_glued_to_its_month(text: str, expected: Expected, context: Context) -> None:
    check(text, expected, context)


# --------------------------------------------------------------------- 4. relative years

WINTER = Context(reference=When(D(2015, 11, 1), D(2016, 2, 29), RANGE))
NEW_YEAR_REPORT = Context(reference=When.day(D(2016, 12, 30)), published=D(2017, 1, 10))
RELATIVE_YEARS: list[tuple[str, Expected, Context]] = [
    ("The militants had seized the port one year earlier.",
     ("one year earlier", D(2015, 1, 1), D(2015, 12, 31), RANGE), MAY_2),
    ("A year later, the army returned to the valley.",
     ("A year later", D(2017, 1, 1), D(2017, 12, 31), RANGE), MAY_2),
    ("The tribe had switched sides two years before.",
     ("two years before", D(2014, 1, 1), D(2014, 12, 31), RANGE), MAY_2),
    ("The bridge had been destroyed the previous year.",
     ("the previous year", D(2015, 1, 1), D(2015, 12, 31), RANGE), MAY_2),
    ("The rebels lost it again the following year.",
     ("the following year", D(2017, 1, 1), D(2017, 12, 31), RANGE), MAY_2),
    ("It was retaken in the following year.",
     ("in the following year", D(2017, 1, 1), D(2017, 12, 31), RANGE), MAY_2),
    ("The garrison had mutinied the year before.",
     ("the year before", D(2015, 1, 1), D(2015, 12, 31), RANGE), MAY_2),
    ("A few years later, the town was rebuilt.",
     ("A few years later", D(2018, 1, 1), D(2021, 12, 31), VAGUE), MAY_2),
    # "last year" counts from the dateline when there is one, else from the narrative.
    ("The group captured the town last year.",
     ("last year", D(2015, 1, 1), D(2015, 12, 31), RANGE), MAY_2),
    ("The group captured the town last year.",
     ("last year", D(2016, 1, 1), D(2016, 12, 31), RANGE), NEW_YEAR_REPORT),
    ("The militia has lost three towns earlier this year.",
     ("earlier this year", D(2016, 1, 1), D(2016, 8, 23), VAGUE), DATELINE),
    # Back from the first day of a reference that spans two years, on from its last.
    ("The airfield had changed hands a year earlier.",
     ("a year earlier", D(2014, 1, 1), D(2014, 12, 31), RANGE), WINTER),
    ("The airfield changed hands again a year later.",
     ("a year later", D(2017, 1, 1), D(2017, 12, 31), RANGE), WINTER),
    # With no narrative date yet, the year in force.
    ("The militants had seized the port one year earlier.",
     ("one year earlier", D(2015, 1, 1), D(2015, 12, 31), RANGE), Context(year=2016)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected", "context"), RELATIVE_YEARS)
def test_relative_years_are_whole_years(text: str, expected: Expected, context: Context) -> None:
    check(text, expected, context)


def test_relative_years_need_a_year() -> None:
    (expr,) = find_times("The port had fallen the previous year.")
    assert resolve(expr, NOTHING) is None


def test_a_single_unit_needs_its_number() -> None:
    # "a year earlier" is a year; "year earlier" in garbled words counts nothing.
    assert [e.phrase for e in find_times("Jone year earlierune 5 went by.")] == []
    assert [e.phrase for e in find_times("It fell a year earlier.")] == ["a year earlier"]


# ---------------------------------------------------------------------------- 5. weekdays

WEEKDAYS: list[tuple[str, Expected, Context]] = [
    ("Kurdish fighters on Monday seized the prison.",
     ("on Monday", D(2016, 8, 22), D(2016, 8, 22), DAY), DATELINE),
    ("Sunday, the army shelled the district.",
     ("Sunday", D(2016, 8, 21), D(2016, 8, 21), DAY), DATELINE),
    ("Clashes resumed late Sunday near the hospital.",
     ("late Sunday", D(2016, 8, 21), D(2016, 8, 21), DAY), DATELINE),
    # The dateline's own weekday is the dateline.
    ("The militia withdrew on Tuesday night.",
     ("on Tuesday night", D(2016, 8, 23), D(2016, 8, 23), DAY), DATELINE),
    ("The ministry said Saturday that its troops had left the town.",
     ("Saturday", D(2016, 8, 20), D(2016, 8, 20), DAY), DATELINE),
    ("The checkpoint was abandoned last Tuesday.",
     ("last Tuesday", D(2016, 8, 16), D(2016, 8, 16), DAY), DATELINE),
    # What holds "since Friday" began on Friday.
    ("The quarter has been encircled since Friday.",
     ("since Friday", D(2016, 8, 19), D(2016, 8, 19), DAY), DATELINE),
    # Without a dateline, the narrative's date (Monday 2 May 2016).
    ("Troops regrouped on Saturday morning.",
     ("on Saturday morning", D(2016, 4, 30), D(2016, 4, 30), DAY), MAY_2),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected", "context"), WEEKDAYS)
def test_weekdays_count_back_from_the_dateline(
    text: str, expected: Expected, context: Context
) -> None:
    check(text, expected, context)


# ------------------------------------------------------------ 6. days and hours around it

NEXT_NAMED = Context(reference=When.day(D(2016, 5, 2)), next_date=D(2016, 5, 6))
NEAR_DAYS: list[tuple[str, Expected, Context]] = [
    ("A day after, the rebels came back.",
     ("A day after", D(2016, 5, 3), D(2016, 5, 3), DAY), MAY_2),
    ("The outpost had fallen a day earlier.",
     ("a day earlier", D(2016, 5, 1), D(2016, 5, 1), DAY), MAY_2),
    ("They had mined the road the day before.",
     ("the day before", D(2016, 5, 1), D(2016, 5, 1), DAY), MAY_2),
    # What the event "came a day after" happened the day before it.
    ("The assault came a day after the army took the bridge.",
     ("a day after", D(2016, 5, 1), D(2016, 5, 1), DAY), MAY_2),
    # Hours from an event of unknown hour: that day or the next.
    ("Hours later, the militants withdrew.",
     ("Hours later", D(2016, 5, 2), D(2016, 5, 3), RANGE), MAY_2),
    ("Three hours later the hill was theirs.",
     ("Three hours later", D(2016, 5, 2), D(2016, 5, 3), RANGE), MAY_2),
    # "later" followed by the sentence's subject is still the narrative's step.
    ("Two days later the militia shelled the mill.",
     ("Two days later", D(2016, 5, 4), D(2016, 5, 4), DAY), MAY_2),
    ("The town was lost again 24 hours later.",
     ("24 hours later", D(2016, 5, 3), D(2016, 5, 3), DAY), MAY_2),
    ("Within hours, the army retook the hill.",
     ("Within hours", D(2016, 5, 2), D(2016, 5, 3), RANGE), MAY_2),
    ("The base was overrun within 48 hours.",
     ("within 48 hours", D(2016, 5, 2), D(2016, 5, 4), RANGE), MAY_2),
    # "Within days": one to seven days after.
    ("Within days, the rebels held the town.",
     ("Within days", D(2016, 5, 3), D(2016, 5, 9), VAGUE), MAY_2),
    ("The villages fell within two days.",
     ("within two days", D(2016, 5, 2), D(2016, 5, 4), RANGE), MAY_2),
    # The days after: until the next date named, at most seven days.
    ("In the following days, the army cleared the farms.",
     ("In the following days", D(2016, 5, 3), D(2016, 5, 9), VAGUE), MAY_2),
    ("In the following days, the army cleared the farms.",
     ("In the following days", D(2016, 5, 3), D(2016, 5, 5), VAGUE), NEXT_NAMED),
    ("More hamlets changed hands in subsequent days.",
     ("in subsequent days", D(2016, 5, 3), D(2016, 5, 9), VAGUE), MAY_2),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected", "context"), NEAR_DAYS)
def test_days_and_hours_from_the_narrative(text: str, expected: Expected, context: Context) -> None:
    check(text, expected, context)


def test_hours_leave_the_narrative_on_its_day() -> None:
    for text in ("Hours later, the militants withdrew.", "Within hours, the army retook it."):
        (expr,) = find_times(text)
        when = resolve(expr, MAY_2)
        assert when is not None
        assert not moves_narrative(expr, when, sentence_initial=True)


# ------------------------------------------------------------------ 7. infobox date ranges

INFOBOX: list[tuple[str, Expected]] = [
    ("Date: 10 February – 16 March 2014",
     ("10 February – 16 March 2014", D(2014, 2, 10), D(2014, 3, 16), RANGE)),
    ("Date: February 10 – March 16, 2014",
     ("February 10 – March 16, 2014", D(2014, 2, 10), D(2014, 3, 16), RANGE)),
    ("Date: 1–19 August 2014", ("1–19 August 2014", D(2014, 8, 1), D(2014, 8, 19), RANGE)),
    # The dash between two days was lost.
    ("Date: 119 August 2014, ()", ("119 August 2014", D(2014, 8, 1), D(2014, 8, 19), RANGE)),
    ("Date: 1221 March 2015", ("1221 March 2015", D(2015, 3, 12), D(2015, 3, 21), RANGE)),
    # No two days of February: the month alone.
    ("Date: 130 February 2016", ("February 2016", D(2016, 2, 1), D(2016, 2, 29), RANGE)),
    ("Date: June 2014 – August 2014",
     ("June 2014 – August 2014", D(2014, 6, 1), D(2014, 8, 31), RANGE)),
    ("Date: November 2011 – 2013",
     ("November 2011 – 2013", D(2011, 11, 1), D(2013, 12, 31), RANGE)),
    ("Date: 2011–2013", ("2011–2013", D(2011, 1, 1), D(2013, 12, 31), RANGE)),
    ("Siege of the town (2016–17)", ("2016–17", D(2016, 1, 1), D(2017, 12, 31), RANGE)),
    ("Date: 2013 – March 2014", ("2013 – March 2014", D(2013, 1, 1), D(2014, 3, 31), RANGE)),
    ("Date: December 2014 – January 2015",
     ("December 2014 – January 2015", D(2014, 12, 1), D(2015, 1, 31), RANGE)),
    ("Date: December – February 2015",
     ("December – February 2015", D(2014, 12, 1), D(2015, 2, 28), RANGE)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), INFOBOX)
def test_infobox_date_ranges(text: str, expected: Expected) -> None:
    check(text, expected, NOTHING)


def test_numbers_near_years_are_no_span() -> None:
    assert [e.phrase for e in find_times("It happened between 2014 and 15 villages.")] == []
    assert [e.phrase for e in find_times("He died 1,119 August 2014.")] == ["August 2014"]
    # "2014 – 31" is no span of years: the month, then the day.
    found = find_times("From June 2014 – 31 August 2014 they held it.")
    assert [e.phrase for e in found] == ["From June 2014", "31 August 2014"]


# ---------------------------------------------------------------- 8. bare years and months

YEARS_AND_MONTHS: list[tuple[str, Expected]] = [
    ("The group took the town in 2015.", ("in 2015", D(2015, 1, 1), D(2015, 12, 31), RANGE)),
    ("The siege began in June 2014.", ("in June 2014", D(2014, 6, 1), D(2014, 6, 30), RANGE)),
    ("The road has been cut since 2013.", ("since 2013", D(2013, 1, 1), D(2013, 12, 31), RANGE)),
    ("Beginning in November 2011, the town was besieged.",
     ("in November 2011", D(2011, 11, 1), D(2011, 11, 30), RANGE)),
    ("November 2011: the first checkpoints go up.",
     ("November 2011", D(2011, 11, 1), D(2011, 11, 30), RANGE)),
    ("The valley was held from June 2014 onwards.",
     ("from June 2014", D(2014, 6, 1), D(2014, 6, 30), RANGE)),
    ("Raids went on throughout 2015.", ("throughout 2015", D(2015, 1, 1), D(2015, 12, 31), RANGE)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), YEARS_AND_MONTHS)
def test_bare_years_and_months(text: str, expected: Expected) -> None:
    check(text, expected, MAY_2)


def test_a_span_of_months_sets_the_scene() -> None:
    # Mid-sentence, a span of months with its year moves the narrative; a single month does not.
    (span,) = find_times("This is a chronology of the siege between March and June 2015.")
    assert span.phrase == "between March and June 2015"
    when = resolve(span, NOTHING)
    assert when is not None
    assert (when.earliest, when.latest, when.precision) == (D(2015, 3, 1), D(2015, 6, 30), RANGE)
    assert moves_narrative(span, when, sentence_initial=False)
    (month,) = find_times("The town had been shelled in March 2015.")
    month_when = resolve(month, NOTHING)
    assert month_when is not None
    assert not moves_narrative(month, month_when, sentence_initial=False)


PART = Precision.PART_OF_MONTH
WEEKS_OF_A_MONTH: list[tuple[str, Expected]] = [
    ("In the second week of April 2014, rebels took the hill.",
     ("In the second week of April 2014", D(2014, 4, 8), D(2014, 4, 14), PART)),
    ("During the first week of June, the road was cut.",
     ("During the first week of June", D(2016, 6, 1), D(2016, 6, 7), PART)),
    ("in the  Last Week of February 2016 the town fell",
     ("in the  Last Week of February 2016", D(2016, 2, 23), D(2016, 2, 29), PART)),
    ("In the final week of March 2015, the army withdrew.",
     ("In the final week of March 2015", D(2015, 3, 25), D(2015, 3, 31), PART)),
    ("in the fourth week of May 2016", ("in the fourth week of May 2016", D(2016, 5, 22),
                                         D(2016, 5, 28), PART)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), WEEKS_OF_A_MONTH)
def test_a_week_of_a_month_is_its_seven_days(text: str, expected: Expected) -> None:
    check(text, expected, MAY_2)


@pytest.mark.parametrize(
    "text",
    [
        "The group took the city a few days after it seized the dam.",
        "Rebels entered the town two days after they lost the hill.",
        "The army came back a week after the assault.",
        "It fell a day before we arrived.",
        "Less than 24 hours after President Putin spoke, his troops pulled back.",
        "Two days after Kurdish fighters entered, the town fell.",
    ],
)
def test_a_span_after_an_event_is_no_date_of_the_narrative(text: str) -> None:
    # "N days after <something happened>" counts from that event, not from the last date.
    assert [e.phrase for e in find_times(text)] == []


TIMELINE_ENTRIES: list[tuple[str, Expected]] = [
    ("February 15: SDF fighters take the town.",
     ("February 15", D(2016, 2, 15), D(2016, 2, 15), DAY)),
    ("March 4: rebels recapture the village.", ("March 4", D(2016, 3, 4), D(2016, 3, 4), DAY)),
    ("April 10–11: fighting in the hills.",
     ("April 10–11", D(2016, 4, 10), D(2016, 4, 11), RANGE)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), TIMELINE_ENTRIES)
def test_a_timeline_entry_opens_with_its_day_and_a_colon(text: str, expected: Expected) -> None:
    check(text, expected, MAY_2)


def test_a_clock_time_is_no_day() -> None:
    assert [e.phrase for e in find_times("The blast came at May 5:30 local time.")] == []


@pytest.mark.parametrize(
    ("text", "phrase", "context", "year"),
    [
        # A report tells what has happened: "in June" in December is the June before it.
        ("which drove IS out of Tal Abyad in June.", "in June",
         Context(published=D(2015, 12, 27), reference=When.day(D(2015, 12, 26))), 2015),
        ("Russian forces seized Kherson in early March.", "in early March",
         Context(published=D(2022, 11, 12), reference=When.day(D(2022, 11, 11))), 2022),
        # A narrative moves forward more often than back: August after January is to come...
        ("The campaign advanced east in August.", "in August",
         Context(reference=When.day(D(2017, 1, 16))), 2017),
        # ...but a few weeks back is nearer than a year ahead.
        ("ISIS had taken the town on 28 June.", "on 28 June",
         Context(reference=When.day(D(2014, 7, 3))), 2014),
        # Within the span the narrative stands on is no step at all.
        ("On 18 February, leaflets were dropped.", "On 18 February",
         Context(reference=When(D(2017, 2, 1), D(2017, 7, 31), RANGE)), 2017),
        # A section's first date after a flash-back before the battle is in the battle.
        ("August 20 - the operation began.", "August 20",
         Context(reference=When.day(D(2016, 11, 30)), period=When(D(2017, 1, 1), D(2017, 12, 31),
                                                                  VAGUE)), 2017),
    ],
)  # fmt: skip
def test_the_year_of_a_date_written_without_one(
    text: str, phrase: str, context: Context, year: int
) -> None:
    assert read(text, phrase, context).earliest.year == year


@pytest.mark.parametrize(
    ("text", "phrase", "day"),
    [
        ("The hill had been retaken on the 19th after a week of fighting.", "on the 19th",
         D(2016, 5, 19)),
        ("On the 5th, the militants abandoned the village.", "On the 5th", D(2016, 5, 5)),
        # Past the month's end of the narrative is the month before, a few days back.
        ("On the 30th, the army took the hill.", "On the 30th", D(2016, 4, 30)),
    ],
)  # fmt: skip
def test_a_day_of_the_month_alone_is_of_the_narrative_s_month(
    text: str, phrase: str, day: dt.date
) -> None:
    assert read(text, phrase, MAY_2).earliest == day


@pytest.mark.parametrize(
    "text", ["The 17th Division took the town.", "For the 3rd time, they attacked.",
             "It was the 21st century.", "The 4th Armoured Brigade advanced."],
)  # fmt: skip
def test_an_ordinal_that_numbers_something_else_is_no_day(text: str) -> None:
    assert find_times(text) == ()
