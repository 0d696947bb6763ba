"""Temporal expressions: found in a sentence, then read as date ranges against the narrative.

`find_times` only reads the words ("On 11 April", "two days later", "By late May"); `resolve`
turns one into an `engine.model.dates.When` given a `Context`: the narrative's reference date (the
date the text last moved to), the document's period (infobox Date) and publication date
(dateline), the year in force, and the next date the text names. `Narrative` keeps that context
as an article is read sentence by sentence.

The forms of the genre: days in either order, with or without commas, abbreviated or glued to
their month ("31 March 2015", "Mar. 31, 2015", "23 Aug, 2016", "15October"); numeric dates
("2018/12/12", "12.12.2018"); infobox ranges, including one whose dash was lost ("119 August
2014" for 1–19 August); months and years and spans of them ("November 2011 – 2013"); steps of
hours, days and years from the narrative ("within hours", "a year later", "the previous year");
and, in news, weekdays and "last year" counted back from the dateline.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re

from attrs import evolve, frozen

from engine.model.dates import MONTHS, Precision, When


class Rule(enum.StrEnum):
    """What kind of temporal expression, which decides how it is resolved."""

    DATE = "date"  # "On 10 April 2014", "By 17 June"
    RANGE = "range"  # "From 10 to 11 May", "30 April – 10 June"
    MONTH = "month"  # "in May", "late May", "April–July 2014"
    YEAR = "year"  # "mid-2013", "in 2012", "late 2014"
    SHIFT = "shift"  # "The next day", "two days later", "the previous day"
    SAME = "same"  # "That day", "the same day", "Meanwhile"
    FOLLOWING = "following"  # "Following this", "Afterwards"
    BY_NOW = "by_now"  # "By this point", "By then"
    SINCE_START = "since_start"  # "Since the start of the offensive"
    AFTER_SPAN = "after_span"  # "After more than three months of heavy fighting"
    NTH_DAY = "nth_day"  # "the second day of fighting"
    DAY_OF_MONTH = "day_of_month"  # "on the 19th": a day of the narrative's month
    WEEKDAY = "weekday"  # "on Tuesday"
    NEWS = "news"  # "yesterday", "last week", "last year": relative to the publication date
    WITHIN = "within"  # "within hours", "within days", "within two weeks"


@frozen
class PartialDate:
    """A date as written: the year may be missing, and the day for a month."""

    year: int | None
    month: int
    day: int | None = None


@frozen
class TimeExpr:
    """A temporal expression found in a text, before it is resolved."""

    start: int
    end: int
    phrase: str
    rule: Rule
    prefix: str = ""  # on, by, since, until, from, in, before, after, as of
    first: PartialDate | None = None
    last: PartialDate | None = None
    part: str = ""  # early, mid, late; a season
    amount: tuple[int, int] = (0, 0)  # the N of "N days later", as a range
    unit: str = "day"  # hour, day, week, month, year
    direction: int = 1  # +1 later, -1 earlier
    fuzzy: bool = False  # "a few days later", "months later"

    @property
    def backward(self) -> bool:
        """True when it points back from the narrative ("the previous day", "since 30 April")."""
        return (self.rule is Rule.SHIFT and self.direction < 0) or self.prefix in (
            "since",
            "before",
        )


@frozen
class Context:
    """What relative expressions are resolved against."""

    reference: When | None = None  # the date the narrative last moved to
    previous: When | None = None  # the reference before that
    period: When | None = None  # the document's period (infobox Date)
    published: dt.date | None = None  # the dateline
    year: int | None = None  # for dates written without one, when there is no reference
    episode_start: dt.date | None = None  # first date of the current section
    next_date: dt.date | None = None  # the next date the text names after this sentence


# --------------------------------------------------------------------------------- the words

_FULL_MONTHS = {name for name in MONTHS if len(name) > 4 or name in ("may", "june", "july")}
_MONTH_WORDS = sorted(
    {name.capitalize() for name in MONTHS}
    | {f"{n.capitalize()}." for n in MONTHS if n not in _FULL_MONTHS},
    key=len,
    reverse=True,
)
# Month names are matched capitalised only, so that "may" the verb is never a month.
_M = "(?-i:" + "|".join(re.escape(m) for m in _MONTH_WORDS) + r")(?![a-z])"
_D = r"\d{1,2}(?:st|nd|rd|th)?"
_Y = r"(?:19|20)\d\d"
_DASH = r"\s*(?:–|—|-|to|until|till|through|and)\s*"
_NUMBER_WORDS = {
    "a": (1, 1), "an": (1, 1), "one": (1, 1), "two": (2, 2), "three": (3, 3), "four": (4, 4),
    "five": (5, 5), "six": (6, 6), "seven": (7, 7), "eight": (8, 8), "nine": (9, 9),
    "ten": (10, 10), "eleven": (11, 11), "twelve": (12, 12), "a couple of": (2, 3),
    "a few": (2, 5), "few": (2, 5), "several": (3, 9), "some": (2, 9), "many": (3, 12),
}  # fmt: skip
_N = "(?:" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + r"|\d+)"
_UNIT = r"(?:days?|weeks?|months?|years?)"
_SHIFT_UNIT = r"(?:hours?|days?|weeks?|months?|years?)"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = "(?-i:" + "|".join(_WEEKDAYS) + ")"
# A weekday before a date is part of it ("Sunday, March 18, 2018").
_ON_WEEKDAY = rf"(?:{_WEEKDAY},?\s+)?"
# An ordinal day may be followed by "of" ("the 3rd of July").
_OF = r"(?:(?<=st|nd|rd|th)\s+of)?"
# A number standing alone: not the tail of a word, a longer number or a decimal.
_ALONE = r"(?<![\w.,/-])"
_ALONE_END = r"(?!\w|[./-]\d)"
# What "the 17th" may number besides a day.
_NOT_A_DAY = (
    r"(?:day|century|anniversary|time|round|phase|floor|division|brigade|battalion|regiment"
    r"|corps|army|infantry|armou?red|mechani[sz]ed|wave|year|month|week|consecutive|straight"
    r"|largest|biggest|most|place)"
)
# A preposition not followed by what it counts from ("two days after the attack" counts from the
# attack, not from the narrative's date).
_NO_EVENT = (
    r"(?!\s+(?:(?:the|a|an|its|their|this|that|it|they|he|she|we)\b"
    r"|(?-i:(?!Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[A-Z])))"
)
_PREFIX = (
    r"(?:(?P<prefix>on|by|since|until|till|before|after|as of|from|in|during|throughout|of|at)\s+)?"
)
_PART = (
    r"(?:(?P<part>early|mid|late|the end of|the beginning of|the start of|the middle of"
    r"|the\s+(?:first|second|third|fourth|last|final)\s+week\s+of)[-\s]+)"
)
_EPISODE = r"(?:fighting|offensive|battle|clashes|assault|siege|operation|campaign|attack|war)"
_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (1, 2),
}
# "In the following days", "within days": at most this many days after the narrative's date.
_FEW_DAYS = 7

_PATTERNS: tuple[tuple[Rule, str], ...] = (
    # Ranges of days: "From 10 to 11 May", "10–11 April", "30 April – 10 June 2014",
    # "April 10–11, 2014"; a day may be glued to its month ("15–20October").
    (
        Rule.RANGE,
        rf"(?:(?P<prefix>from|between)\s+)?(?P<d1>{_D})(?:\s*(?P<m1>{_M})(?:,?\s+(?P<y1>{_Y}))?)?"
        rf"{_DASH}(?P<d2>{_D})\s*(?P<m2>{_M})(?:,?\s+(?P<y2>{_Y}))?",
    ),
    (
        Rule.RANGE,
        rf"(?:(?P<prefix>from|between)\s+)?(?P<m1>{_M})\s*(?P<d1>{_D})(?:,?\s+(?P<y1>{_Y}))?"
        rf"{_DASH}(?:(?P<m2>{_M})\s*)?(?P<d2>{_D})(?!\d|:\d)(?:,\s+|\s+)?(?P<y2>{_Y})?",
    ),
    # An infobox range whose dash was lost: "119 August 2014" for 1–19 August 2014.
    (
        Rule.RANGE,
        rf"(?:(?P<prefix>from|between)\s+)?{_ALONE}(?P<glued>\d{{3,4}})\s*(?P<m2>{_M}),?\s+"
        rf"(?P<y2>{_Y})",
    ),
    # Ranges of months: "April–July 2014", "from May to July".
    (
        Rule.MONTH,
        rf"(?:(?P<prefix>from|between|in|during)\s+)?(?P<m1>{_M})(?:\s+(?P<y1>{_Y}))?"
        rf"\s*(?:–|—|-|to|until|and)\s*(?P<m2>{_M})(?:,?\s+(?P<y2>{_Y}))?",
    ),
    # Days: "On 10 April 2014", "by 17 June", "July 3, 2014", "Mar. 31, 2015", "23 Aug, 2016",
    # "15October 2017", "October15", "Sunday, March 18, 2018".
    (
        Rule.DATE,
        rf"{_PREFIX}{_ON_WEEKDAY}(?P<d1>{_D}){_OF}\s*(?P<m1>{_M})(?:,?\s+(?P<y1>{_Y}))?",
    ),
    (
        Rule.DATE,
        rf"{_PREFIX}{_ON_WEEKDAY}(?P<m1>{_M})\s*(?P<d1>{_D})(?!\d|:\d)(?:,?\s+(?P<y1>{_Y}))?",
    ),
    # Numeric days: year first ("2014-07-03", "2018/12/12"), else day first ("12.12.2018").
    (
        Rule.DATE,
        rf"{_PREFIX}{_ALONE}(?P<ymd>{_Y}(?P<sep>[-/.])\d{{1,2}}(?P=sep)\d{{1,2}}){_ALONE_END}",
    ),
    (
        Rule.DATE,
        rf"{_PREFIX}{_ALONE}(?P<dmy>\d{{1,2}}(?P<sep>[-/.])\d{{1,2}}(?P=sep){_Y}){_ALONE_END}",
    ),
    # Months and parts of months: "By late May", "in mid-June 2014", "since March 2011".
    (Rule.MONTH, rf"{_PREFIX}{_PART}(?:of\s+)?(?P<m1>{_M})(?:,?\s+(?P<y1>{_Y}))?"),
    (Rule.MONTH, rf"{_PREFIX}(?P<m1>{_M})(?:,?\s+(?P<y1>{_Y}))"),
    (
        Rule.MONTH,
        rf"(?P<prefix>in|since|by|until|during|throughout|from|early|late)\s+(?P<m1>{_M})",
    ),
    # Spans of years: "2011–2013", "November 2011 – 2013", "2013 – March 2014", "2016–17".
    (
        Rule.YEAR,
        rf"(?:(?P<prefix>from|between|in|during|throughout|since)\s+)?(?:(?P<m1>{_M})\s+)?"
        rf"{_ALONE}(?P<y1>{_Y})(?:\s*(?:–|—|-|to|until|and)\s*(?:(?P<m2>{_M})\s+)?(?P<y2>{_Y})"
        rf"|\s*[-–—]\s*(?P<yy>\d\d)(?!\s*{_M})){_ALONE_END}(?!-)",
    ),
    # Years and parts of years: "mid-2013", "in late 2014", "in 2012", "the summer of 2013".
    (Rule.YEAR, rf"{_PREFIX}{_PART}(?:of\s+)?(?P<y1>{_Y})"),
    (
        Rule.YEAR,
        rf"{_PREFIX}(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y1>{_Y})",
    ),
    (Rule.YEAR, rf"(?P<prefix>in|since|by|until|during|throughout|of)\s+(?P<y1>{_Y})(?![-\d])"),
    # Steps from the narrative's date.
    (
        Rule.SHIFT,
        r"(?:(?:on\s+)?the\s+(?P<next>next|following)\s+(?:day|morning|evening|night)"
        r"|the\s+day\s+after|(?P<a_day>a|one)\s+day\s+later|the\s+next\s+morning"
        r"|(?:just\s+|shortly\s+)?after\s+midnight)",  # "late Sunday ... after midnight": Monday
    ),
    (
        Rule.SHIFT,
        r"(?:(?:on\s+)?the\s+(?:previous|preceding)\s+(?:day|night|evening)"
        rf"|the\s+day\s+before{_NO_EVENT}|(?:a|one)\s+day\s+(?:earlier|before{_NO_EVENT}))(?P<back>)",
    ),
    # Whole years: "the previous year", "in the following year", "the year before".
    (
        Rule.SHIFT,
        r"(?:(?:in|during)\s+)?the\s+(?P<ydir>previous|preceding|prior|following|next|subsequent)"
        rf"\s+year|the\s+year\s+(?P<ydir2>earlier|later|before{_NO_EVENT}|after{_NO_EVENT})",
    ),
    # What a news report's event "came a day after" happened a day before it.
    (
        Rule.SHIFT,
        r"(?:(?<=\bcame\s)|(?<=\bcomes\s)|(?<=\bcoming\s)|(?<=\bfollowed\s)|(?<=\bfollows\s))"
        rf"(?:(?:just|only|barely)\s+)?(?P<n>{_N})\s+(?P<unit>{_SHIFT_UNIT})\s+(?P<dir>after)"
        r"(?P<came>)",
    ),
    (
        Rule.SHIFT,
        rf"(?P<n>{_N})?\s*(?P<unit>{_SHIFT_UNIT})\s+"
        rf"(?P<dir>later|earlier|afterwards?|after{_NO_EVENT}|before{_NO_EVENT})",
    ),
    (
        Rule.WITHIN,
        r"within\s+(?:the\s+(?:next|following)\s+)?"
        rf"(?:(?P<n>{_N})\s+)?(?P<unit>hours?|days?|weeks?|months?)",
    ),
    (
        Rule.SAME,
        r"(?:later|earlier)\s+(?:that|the\s+same)\s+(?:day|night|evening|morning)"
        r"|(?:on\s+)?(?:that|the)\s+(?:same\s+)?(?:day|night|evening)(?!\s+(?:of|before|after|later))"
        r"|at\s+the\s+same\s+time|meanwhile|simultaneously|on\s+the\s+same\s+date"
        r"|(?:by|at|before)\s+(?:nightfall|dusk|dawn|sunset|sunrise|midday|noon)"
        r"|by\s+the\s+(?:evening|afternoon|end\s+of\s+the\s+day)",
    ),
    (
        Rule.FOLLOWING,
        r"following\s+this|after\s+(?:this|that)(?!\s+\w+\s+(?:day|week|month))"
        r"|afterwards?|subsequently|(?:soon|shortly)\s+(?:after(?:wards)?|thereafter)"
        r"|thereafter|later\s+on",
    ),
    # The days after the narrative's date: "in the following days", "in subsequent days".
    (
        Rule.FOLLOWING,
        r"(?:(?:in|over|during)\s+the\s+(?:following|next|subsequent|ensuing)\s+(?:few\s+)?days"
        r"|in\s+the\s+days\s+that\s+followed|in\s+subsequent\s+days)(?P<days>)",
    ),
    (Rule.BY_NOW, r"by\s+(?:this|that|then)(?:\s+(?:point|stage|time|date))?(?=\W|$)"),
    (
        Rule.SINCE_START,
        r"since\s+the\s+(?:start|beginning|outbreak|launch|onset)\s+of\s+(?:the\s+)?"
        rf"(?:[\w-]+\s+){{0,2}}(?:{_EPISODE}|conflict|infighting|uprising|hostilities)",
    ),
    (
        Rule.AFTER_SPAN,
        rf"after\s+(?:more\s+than\s+|over\s+|nearly\s+|almost\s+|about\s+|some\s+)?(?P<n>{_N})"
        rf"\s+(?P<unit>{_UNIT})\s+of\s+(?:[\w-]+\s+){{0,2}}(?:{_EPISODE}|combat|infighting)",
    ),
    (
        Rule.NTH_DAY,
        rf"(?:in\s+|on\s+)?the\s+(?P<nth>{'|'.join(_ORDINALS)})\s+day\s+of\s+(?:the\s+)?"
        rf"(?:[\w-]+\s+)?{_EPISODE}",
    ),
    # A day of the month alone: "on the 19th", "by the 12th" (not "the 17th Division").
    (
        Rule.DAY_OF_MONTH,
        r"(?:(?P<prefix>on|by|until|till|since|from)\s+)?the\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)"
        rf"(?!\s+(?:of\s+)?{_M})(?!\s+(?-i:[A-Z])|\s+{_NOT_A_DAY}\b|[\w-])",
    ),
    # Weekdays, with or without "on": "on Monday", "Sunday", "late Sunday", "Tuesday night".
    (
        Rule.WEEKDAY,
        r"(?:(?P<prefix>on|last|this|early|late|overnight|since|by|until|till|before)\s+)?"
        rf"(?P<weekday>{_WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?",
    ),
    (
        Rule.NEWS,
        r"(?P<news>yesterday|today|tonight|now|currently|last\s+night|this\s+morning|earlier\s+this\s+week"
        r"|earlier\s+in\s+the\s+week|earlier\s+in\s+the\s+month|over\s+the\s+weekend"
        r"|at\s+the\s+weekend|last\s+weekend|since\s+the\s+weekend|overnight"
        r"|(?:in|over)\s+the\s+(?:past|last)\s+(?:day|24\s+hours|week)|in\s+recent\s+days"
        r"|this\s+week|last\s+week|earlier\s+this\s+month|last\s+month|last\s+year"
        r"|earlier\s+this\s+year|this\s+year)\b"
        rf"|(?P<n>{_N})\s+(?P<unit>{_UNIT})\s+ago",
    ),
)
_COMPILED = tuple((rule, re.compile(rf"\b(?:{p})", re.IGNORECASE)) for rule, p in _PATTERNS)


def _amount(text: str | None) -> tuple[tuple[int, int], bool]:
    if not text:
        return (1, 9), True  # "days later": some days
    key = " ".join(text.lower().split())
    if key.isdigit():
        return (int(key), int(key)), False
    low, high = _NUMBER_WORDS[key]
    return (low, high), low != high


def _month(name: str | None) -> int | None:
    return None if name is None else MONTHS[name.rstrip(".").lower()]


def _day(text: str | None) -> int | None:
    return None if text is None else int(re.sub(r"\D", "", text))


def _year(text: str | None) -> int | None:
    return None if text is None else int(text)


def _day_and_month(first: int, second: int) -> tuple[int, int] | None:
    """The day and month of a numeric date written with its year last ("12/12/2018").

    These wars are mostly reported in the day/month order (British, European and Middle
    Eastern usage), so that order is taken whenever it reads: "05/06/2016" is 5 June. The
    American month/day order is taken only when day/month cannot be ("06/13/2016", 13 June).
    """
    if 1 <= second <= 12 and 1 <= first <= 31:
        return first, second
    if 1 <= first <= 12 and 1 <= second <= 31:
        return second, first
    return None


def _numeric(text: str) -> PartialDate | None:
    """A date written in numbers: year first ("2018/12/12", "2018-12-12"), else year last."""
    parts = [int(p) for p in re.split(r"[-/.]", text)]
    if parts[0] > 31:  # the pattern's year first
        year, month, day = parts
    else:
        day_month = _day_and_month(parts[0], parts[1])
        if day_month is None:
            return None
        (day, month), year = day_month, parts[2]
    return PartialDate(year, month, day) if _valid(year, month, day) else None


def _lost_dash(digits: str) -> tuple[int, int] | None:
    """The two days of a range whose dash was lost ("119" for 1–19, "1019" for 10–19).

    The digits are cut where both halves are days (without a leading zero) and the first is
    before the second; at most one cut of three or four digits can be so.
    """
    for cut in range(1, len(digits)):
        left, right = digits[:cut], digits[cut:]
        if left.startswith("0") or right.startswith("0"):
            continue
        if 1 <= int(left) < int(right) <= 31:
            return int(left), int(right)
    return None


def _expr(rule: Rule, match: re.Match[str], offset: int) -> TimeExpr | None:
    """The expression a pattern's match stands for, or None if its words make no date."""
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    phrase = match.group(0).strip()
    start = offset + match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
    base = TimeExpr(
        start, start + len(phrase), phrase, rule, " ".join(groups.get("prefix", "").lower().split())
    )
    if "ymd" in groups or "dmy" in groups:
        numeric = _numeric(groups.get("ymd") or groups["dmy"])
        return None if numeric is None else evolve(base, first=numeric)
    match rule:
        case Rule.DATE | Rule.RANGE:
            month2 = _month(groups.get("m2"))
            month1 = _month(groups.get("m1")) or month2
            if month1 is None:
                return None
            if "glued" in groups:
                days = _lost_dash(groups["glued"])
                year = _year(groups["y2"])
                if days is None or year is None or _valid(year, month1, days[1]) is None:
                    return None  # then "August 2014" alone is read
                first = PartialDate(year, month1, days[0])
                return evolve(base, first=first, last=PartialDate(year, month1, days[1]))
            first = PartialDate(_year(groups.get("y1")), month1, _day(groups.get("d1")))
            last = None
            if rule is Rule.RANGE:
                last = PartialDate(_year(groups.get("y2")), month2 or month1, _day(groups["d2"]))
            return evolve(base, first=first, last=last)
        case Rule.MONTH:
            month1 = _month(groups.get("m1"))
            if month1 is None:
                return None
            part, prefix = groups.get("part", "").lower(), base.prefix
            if prefix in ("early", "late"):
                part, prefix = prefix, ""  # "late May" matched as a prefix
            first = PartialDate(_year(groups.get("y1")), month1)
            last = None
            if "m2" in groups:
                last = PartialDate(_year(groups.get("y2")), _month(groups["m2"]) or month1)
            return evolve(base, first=first, last=last, part=part, prefix=prefix)
        case Rule.YEAR:
            year = _year(groups.get("y1"))
            if year is None:
                return None
            if "y2" in groups or "yy" in groups:
                # "November 2011 – 2013": from the first month (January) to the last (December).
                until = _year(groups.get("y2")) or year // 100 * 100 + int(groups["yy"])
                first = PartialDate(year, _month(groups.get("m1")) or 1)
                last = PartialDate(until, _month(groups.get("m2")) or 12)
                far = "yy" in groups and until > year + 10  # "2014 – 31" is no span of years
                if far or (until, last.month) <= (year, first.month):
                    return None
                return evolve(base, first=first, last=last)
            part = groups.get("season", groups.get("part", "")).lower()
            return evolve(base, first=PartialDate(year, 1), part=part)
        case Rule.SHIFT:
            if "back" in groups:
                return evolve(base, amount=(1, 1), direction=-1)
            if "ydir" in groups or "ydir2" in groups:
                word = (groups.get("ydir") or groups["ydir2"]).lower()
                back = word in ("previous", "preceding", "prior", "before", "earlier")
                return evolve(base, amount=(1, 1), unit="year", direction=-1 if back else 1)
            if "dir" not in groups:
                return evolve(base, amount=(1, 1))
            if "n" not in groups and not groups["unit"].lower().endswith("s"):
                return None  # "year earlier" without "a" or "one" counts nothing
            amount, fuzzy = _amount(groups.get("n"))
            back = "came" in groups or groups["dir"].lower() in ("earlier", "before")
            unit = groups["unit"].lower().rstrip("s")
            return evolve(base, amount=amount, unit=unit, direction=-1 if back else 1, fuzzy=fuzzy)
        case Rule.WITHIN:
            # No number ("within days") leaves the amount at (0, 0): `_within` bounds it.
            amount, fuzzy = _amount(groups["n"]) if "n" in groups else ((0, 0), True)
            return evolve(base, amount=amount, unit=groups["unit"].lower().rstrip("s"), fuzzy=fuzzy)
        case Rule.FOLLOWING if "days" in groups:
            return evolve(base, unit="day", part="days")
        case Rule.AFTER_SPAN:
            amount, fuzzy = _amount(groups.get("n"))
            return evolve(base, amount=amount, unit=groups["unit"].lower().rstrip("s"), fuzzy=fuzzy)
        case Rule.NTH_DAY:
            nth = _ORDINALS[groups["nth"].lower()]
            return evolve(base, amount=(nth, nth))
        case Rule.DAY_OF_MONTH:
            day = int(groups["d1"])
            return evolve(base, amount=(day, day)) if 1 <= day <= 31 else None
        case Rule.WEEKDAY:
            weekday = _WEEKDAYS.index(groups["weekday"].capitalize())
            return evolve(base, amount=(weekday, weekday))
        case Rule.NEWS:
            if "news" in groups:
                return evolve(base, part=" ".join(groups["news"].lower().split()))
            amount, fuzzy = _amount(groups.get("n"))
            unit = groups["unit"].lower().rstrip("s")
            return evolve(base, amount=amount, unit=unit, direction=-1, fuzzy=fuzzy, part="ago")
    return base


def find_times(text: str, offset: int = 0) -> tuple[TimeExpr, ...]:
    """Every temporal expression of a text, longest first where they overlap, in text order."""
    found: list[TimeExpr] = []
    for rule, pattern in _COMPILED:
        for match in pattern.finditer(text):
            if not match.group(0).strip():
                continue
            expr = _expr(rule, match, offset)
            if expr is not None:
                found.append(expr)
    found.sort(key=lambda e: (e.start, -(e.end - e.start)))
    chosen: list[TimeExpr] = []
    for expr in sorted(found, key=lambda e: -(e.end - e.start)):
        if all(expr.end <= c.start or expr.start >= c.end for c in chosen):
            chosen.append(expr)
    return tuple(sorted(chosen, key=lambda e: e.start))


# ------------------------------------------------------------------------------ resolution


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _anchor_day(context: Context) -> dt.date | None:
    if context.reference is not None:
        return context.reference.latest
    if context.period is not None:
        return context.period.earliest
    return context.published


def _year_for(month: int, day: int, context: Context, back: bool = False) -> int | None:
    """The year of a date written without one: the one nearest the narrative's date, the
    dateline's past, the battle's period after a flash-back."""
    anchor = _anchor_day(context)
    if anchor is None:
        return context.year
    days = [
        d for year in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (d := _valid(year, month, day)) is not None
    ]  # fmt: skip
    if back and any(d <= anchor for d in days):
        days = [d for d in days if d <= anchor]  # "since February": a February gone by
    published = context.published
    if published is not None and any(d <= published for d in days):
        days = [d for d in days if d <= published]  # a report tells what has happened
    period = context.period
    if (
        period is not None
        and context.episode_start is None
        and not period.earliest <= anchor <= period.latest
        and any(period.earliest <= d <= period.latest for d in days)
    ):
        # A section's first date after a flash-back before the battle ("Background ... In
        # November 2016"; "Timeline: August 20 -") is in the battle's period.
        days = [d for d in days if period.earliest <= d <= period.latest]
    # "in August" after January 2017 is the August to come.
    since = context.reference.earliest if context.reference is not None else anchor
    return min(days, key=lambda d: (_away(d, since, anchor), -d.year)).year if days else None


def _away(day: dt.date, since: dt.date, until: dt.date) -> int:
    """How far a day is from the narrative's days [since, until], a step back counting twice a
    step forward: a narrative moves forward more often than back."""
    return (day - until).days if day >= until else max(0, (since - day).days * 2)


def _day_of(partial: PartialDate, context: Context, year: int | None = None, back: bool = False
            ) -> dt.date | None:  # fmt: skip
    if partial.day is None:
        return None
    chosen = partial.year or year or _year_for(partial.month, partial.day, context, back)
    return None if chosen is None else _valid(chosen, partial.month, partial.day)


def _month_span(partial: PartialDate, part: str, context: Context, back: bool = False
                ) -> tuple[dt.date, dt.date]:  # fmt: skip
    year = partial.year or _year_for(partial.month, 15, context, back) or context.year
    if year is None:
        raise _Unresolved
    end = _month_end(year, partial.month)
    first = dt.date(year, partial.month, 1)
    match part:
        case "early" | "the beginning of" | "the start of":
            return first, first.replace(day=10)
        case "mid" | "the middle of":
            return first.replace(day=11), first.replace(day=20)
        case "late" | "the end of":
            return first.replace(day=21), end
    week = _WEEKS.get(" ".join(part.split()).removeprefix("the ").removesuffix(" week of"))
    if week is not None:  # "the second week of April": days 8 to 14; the last, its last seven
        day = week * 7 + 1 if week >= 0 else end.day - 6
        return first.replace(day=day), first.replace(day=day + 6)
    return first, end


_WEEKS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1, "final": -1}


class _Unresolved(Exception):
    """An expression that the context cannot date (a relative one with no reference)."""


def reads_next_date(expr: TimeExpr) -> bool:
    """Whether resolving an expression reads the context's next date ("Following this", "after
    5 May" last until it), which a caller may then work out for it alone."""
    return expr.rule is Rule.FOLLOWING or expr.prefix == "after"


def resolve(expr: TimeExpr, context: Context) -> When | None:
    """The date range an expression stands for in this context, or None if it cannot tell."""
    try:
        return _resolve(expr, context)
    except _Unresolved:
        return None


def _apply_prefix(expr: TimeExpr, earliest: dt.date, latest: dt.date, precision: Precision,
                  context: Context) -> When:  # fmt: skip
    phrase = expr.phrase
    reference = context.reference
    match expr.prefix:
        case "by":
            before = [d for d in (reference.latest if reference else None,) if d and d < latest]
            start = before[0] if before else _by_start(latest, context)
            return When(min(start, latest), latest, Precision.BY, phrase)
        case "since":
            # "Besieged since Friday": the state began then, and the event is its beginning;
            # that it still holds is what the replay says of every later day.
            if precision is Precision.DAY and earliest != latest:
                precision = Precision.RANGE
            return When(earliest, latest, precision, phrase)
        case "until" | "till":
            start = reference.latest if reference and reference.latest < latest else earliest
            return When(start, latest, Precision.RANGE, phrase)
        case "before":
            end = earliest - dt.timedelta(days=1)
            return When(min(_by_start(end, context), end), end, Precision.BY, phrase)
        case "after":
            start = latest + dt.timedelta(days=1)
            nxt = context.next_date
            end = nxt - dt.timedelta(days=1) if nxt and nxt > start else start + dt.timedelta(30)
            return When(start, end, Precision.VAGUE, phrase)
    if precision is Precision.DAY and earliest != latest:
        precision = Precision.RANGE
    return When(earliest, latest, precision, phrase)


def _by_start(latest: dt.date, context: Context) -> dt.date:
    if context.period is not None and context.period.earliest <= latest:
        return context.period.earliest
    return latest - dt.timedelta(days=30)


def _resolve(expr: TimeExpr, context: Context) -> When | None:
    phrase = expr.phrase
    match expr.rule:
        case Rule.DATE:
            assert expr.first is not None
            day = _day_of(expr.first, context, back=expr.backward)
            if day is None:
                return None
            return _apply_prefix(expr, day, day, Precision.DAY, context)
        case Rule.RANGE:
            assert expr.first is not None  # a range has both ends
            assert expr.last is not None
            last = _day_of(expr.last, context)
            if last is None:
                return None
            first = _day_of(expr.first, context, year=expr.first.year or last.year)
            if first is None:
                return None
            if first > last:
                first = _valid(first.year - 1, first.month, first.day) or first
            if first > last:
                return None
            return When(first, last, Precision.RANGE, phrase)
        case Rule.MONTH:
            assert expr.first is not None
            since = expr.first
            if since.year is None and expr.last is not None and expr.last.year is not None:
                since = evolve(since, year=expr.last.year)  # "April–July 2014"
            earliest, latest = _month_span(since, expr.part, context, expr.backward)
            if expr.last is not None:
                until = expr.last if expr.last.year else evolve(expr.last, year=earliest.year)
                latest = _month_span(until, "", context)[1]
                if latest < earliest and expr.first.year is None:
                    earliest = earliest.replace(year=earliest.year - 1)  # "December – January"
                if latest < earliest:
                    return None
            precision = Precision.PART_OF_MONTH if expr.part else Precision.RANGE
            return _apply_prefix(expr, earliest, latest, precision, context)
        case Rule.YEAR if expr.last is not None:
            assert expr.first is not None  # "November 2011 – 2013"
            earliest = dt.date(expr.first.year or 0, expr.first.month, 1)
            latest = _month_end(expr.last.year or 0, expr.last.month)
            return _apply_prefix(expr, earliest, latest, Precision.RANGE, context)
        case Rule.YEAR:
            assert expr.first is not None
            year = expr.first.year or 0
            months = {
                "early": (1, 4), "the beginning of": (1, 4), "the start of": (1, 4),
                "mid": (5, 8), "the middle of": (5, 8), "late": (9, 12), "the end of": (10, 12),
                **_SEASONS,
            }.get(expr.part, (1, 12))  # fmt: skip
            earliest = dt.date(year, months[0], 1)
            latest = _month_end(year, months[1])
            precision = Precision.VAGUE if expr.part else Precision.RANGE
            return _apply_prefix(expr, earliest, latest, precision, context)
        case Rule.NEWS | Rule.WEEKDAY:
            return _news(expr, context)
        case Rule.AFTER_SPAN if context.period is not None:
            # "After more than three months of fighting": counted from the start of the period.
            earliest = _shift(context.period.earliest, expr.unit, expr.amount[0], 0)
            latest = max(earliest, context.period.latest)
            return When(earliest, latest, Precision.VAGUE, phrase)
        case Rule.SINCE_START if context.period is not None and context.reference is None:
            return When(context.period.earliest, context.period.latest, Precision.RANGE, phrase)
        case Rule.SHIFT if expr.unit == "year":
            return _years_away(expr, context)
    reference = context.reference
    if reference is None:
        return None
    base = reference.latest
    match expr.rule:
        case Rule.SHIFT if expr.unit == "hour":
            return _hours_away(expr, base)
        case Rule.WITHIN:
            return _within(expr, base)
        case Rule.SHIFT:
            low, high = expr.amount
            earliest = _shift(base, expr.unit, low * expr.direction, -1 if expr.fuzzy else 0)
            latest = _shift(base, expr.unit, high * expr.direction, 1 if expr.fuzzy else 0)
            earliest, latest = min(earliest, latest), max(earliest, latest)
            if expr.unit == "day" and not expr.fuzzy:
                return When(earliest, latest, Precision.DAY, phrase)
            return When(earliest, latest, Precision.VAGUE, phrase)
        case Rule.SAME:
            return When(reference.earliest, reference.latest, reference.precision, phrase)
        case Rule.FOLLOWING:
            # "Following this" may be the same day; "in the following days" are the days after,
            # a few of them: until the next date the text names, at most `_FEW_DAYS`.
            start = base + dt.timedelta(days=1) if expr.part == "days" else base
            nxt = context.next_date
            if nxt is not None and nxt > start:
                end = nxt - dt.timedelta(days=1)
            elif context.period is not None and context.period.latest > start:
                end = context.period.latest
            else:
                end = base + dt.timedelta(days=30)
            if expr.part == "days":
                end = min(end, base + dt.timedelta(days=_FEW_DAYS))
            return When(start, max(start, end), Precision.VAGUE, phrase)
        case Rule.BY_NOW:
            start = context.previous.latest if context.previous else _by_start(base, context)
            return When(min(start, base), base, Precision.BY, phrase)
        case Rule.SINCE_START:
            start = context.period.earliest if context.period else reference.earliest
            return When(min(start, base), base, Precision.RANGE, phrase)
        case Rule.AFTER_SPAN:
            earliest = _shift(reference.earliest, expr.unit, expr.amount[0], 0)
            return When(earliest, max(earliest, base), Precision.VAGUE, phrase)
        case Rule.NTH_DAY:
            start = context.episode_start or reference.earliest
            return When.day(start + dt.timedelta(days=expr.amount[0] - 1), phrase)
        case Rule.DAY_OF_MONTH:
            day = _day_of_month(expr.amount[0], reference)
            return None if day is None else _apply_prefix(expr, day, day, Precision.DAY, context)
    return None


def _day_of_month(day: int, reference: When) -> dt.date | None:
    """The day of that number nearest the narrative's days, in its month or the ones beside it."""
    anchor = reference.latest
    days = [
        d for months in (-1, 0, 1)
        if (first := _add_months(anchor.replace(day=1), months))
        and (d := _valid(first.year, first.month, day)) is not None
    ]  # fmt: skip
    return min(days, key=lambda d: _away(d, reference.earliest, anchor)) if days else None


def _years_away(expr: TimeExpr, context: Context) -> When | None:
    """Whole calendar years before or after the narrative's year ("one year earlier" in 2016 is
    all of 2015). Back from the reference's first day, on from its last; with no reference,
    from the period's year, else the dateline's, else the year in force."""
    reference = context.reference
    if reference is not None:
        year: int | None = (reference.earliest if expr.direction < 0 else reference.latest).year
    else:
        anchor = _anchor_day(context)
        year = anchor.year if anchor is not None else context.year
    if year is None:
        return None
    low, high = expr.amount
    first, last = sorted((year + low * expr.direction, year + high * expr.direction))
    precision = Precision.VAGUE if expr.fuzzy else Precision.RANGE
    return When(dt.date(first, 1, 1), dt.date(last, 12, 31), precision, expr.phrase)


def _hours_away(expr: TimeExpr, base: dt.date) -> When:
    """The days that hours later (or earlier) can fall on: the hour of the narrative's event is
    unknown, so "two hours later" is that day or the next, "24 hours later" the next day."""
    low, high = expr.amount
    near, far = low // 24, (high + 23) // 24
    if expr.direction < 0:
        near, far = -far, -near
    earliest, latest = base + dt.timedelta(days=near), base + dt.timedelta(days=far)
    precision = Precision.DAY if earliest == latest else Precision.RANGE
    return When(earliest, latest, precision, expr.phrase)


def _within(expr: TimeExpr, base: dt.date) -> When:
    """ "Within hours": the narrative's day or the next; "within two days": up to two days on.

    Without a number, days are one to `_FEW_DAYS` days after the narrative's date (the same day
    would be "within hours"), weeks one to six weeks, months one to six months.
    """
    high = expr.amount[1]
    if expr.unit == "hour":
        days = (high + 23) // 24 if high else 1
        return When(base, base + dt.timedelta(days=days), Precision.RANGE, expr.phrase)
    if high == 0:
        low, high = {"day": (1, _FEW_DAYS), "week": (1, 6), "month": (1, 6)}[expr.unit]
    else:
        low = 0
    earliest, latest = _shift(base, expr.unit, low, 0), _shift(base, expr.unit, high, 0)
    precision = Precision.VAGUE if expr.fuzzy else Precision.RANGE
    return When(earliest, latest, precision, expr.phrase)


def _shift(day: dt.date, unit: str, amount: int, slack: int) -> dt.date:
    """A day moved by an amount of units; `slack` widens approximate weeks and months."""
    match unit:
        case "week":
            return day + dt.timedelta(days=7 * amount + 3 * slack)
        case "month":
            return _add_months(day, amount) + dt.timedelta(days=10 * slack)
        case "year":
            return _add_months(day, 12 * amount) + dt.timedelta(days=30 * slack)
    return day + dt.timedelta(days=amount + slack)


def _news(expr: TimeExpr, context: Context) -> When | None:
    now = context.published or (context.reference.latest if context.reference else None)
    if now is None:
        return None
    phrase = expr.phrase
    if expr.rule is Rule.WEEKDAY:
        # The latest such weekday on or before the dateline ("last Tuesday": before it).
        back = (now.weekday() - expr.amount[0]) % 7
        if expr.prefix == "last" and back == 0:
            back = 7
        weekday = now - dt.timedelta(days=back)
        if expr.prefix in ("by", "until", "till", "before"):
            return _apply_prefix(expr, weekday, weekday, Precision.DAY, context)
        return When.day(weekday, phrase)
    day = dt.timedelta(days=1)
    match expr.part:
        case "yesterday" | "last night":
            return When.day(now - day, phrase)
        case "today" | "tonight" | "this morning" | "now" | "currently":
            return When.day(now, phrase)
        case "this week" | "earlier this week" | "earlier in the week":
            return When(now - 6 * day, now, Precision.VAGUE, phrase)
        case "overnight" | "in the past day" | "over the past day" | "in the last day" | (
            "in the past 24 hours"
        ) | "over the past 24 hours" | "in the last 24 hours":
            return When(now - day, now, Precision.VAGUE, phrase)
        case "in the past week" | "over the past week" | "in the last week" | (
            "over the last week"
        ) | "in recent days":
            return When(now - 7 * day, now, Precision.VAGUE, phrase)
        case "since the weekend":
            saturday = now - dt.timedelta(days=(now.weekday() + 2) % 7)
            return When(min(saturday, now), now, Precision.VAGUE, phrase)
        case "over the weekend" | "at the weekend" | "last weekend":
            sunday = now - dt.timedelta(days=(now.weekday() + 1) % 7)  # the last, or today
            return When(sunday - day, sunday, Precision.VAGUE, phrase)
        case "last week":
            return When(now - 13 * day, now - day, Precision.VAGUE, phrase)
        case "earlier this month" | "earlier in the month":
            return When(now.replace(day=1), now, Precision.VAGUE, phrase)
        case "last month":
            first = _add_months(now.replace(day=1), -1)
            return When(first, _month_end(first.year, first.month), Precision.RANGE, phrase)
        case "last year":
            # Counted from the dateline, like "yesterday"; without one, from the narrative.
            year = now.year - 1
            return When(dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.RANGE, phrase)
        case "this year" | "earlier this year":
            return When(now.replace(month=1, day=1), now, Precision.VAGUE, phrase)
        case "ago":
            low, high = expr.amount
            earliest = _shift(now, expr.unit, -high, -1 if expr.fuzzy else 0)
            latest = _shift(now, expr.unit, -low, 1 if expr.fuzzy else 0)
            if expr.unit == "day" and not expr.fuzzy:
                return When.day(latest, phrase)
            return When(min(earliest, latest), max(earliest, latest), Precision.VAGUE, phrase)
    return None


# ------------------------------------------------------------------------- the narrative


@frozen
class Narrative:
    """The narrative's time as an article is read: where relative expressions count from."""

    context: Context = Context()

    def moved(self, when: When) -> Narrative:
        """The narrative after a sentence moved it to a new date."""
        current = self.context.reference
        previous = current if current is not None and current != when else self.context.previous
        return Narrative(
            evolve(self.context, reference=when, previous=previous, year=when.latest.year)
        )

    def in_section(self) -> Narrative:
        """A new section starts a new episode ("the second day of fighting" counts from it)."""
        return Narrative(evolve(self.context, episode_start=None))

    def with_episode(self, day: dt.date) -> Narrative:
        """The narrative with the current episode's first date set, if it was not yet."""
        if self.context.episode_start is not None:
            return self
        return Narrative(evolve(self.context, episode_start=day))



def moves_narrative(expr: TimeExpr, when: When, sentence_initial: bool) -> bool:
    """True when a sentence's expression sets the narrative's date for what follows.

    A sentence that opens on a date moves the narrative there; a date later in a sentence does
    only if it points forward and is not a digression (a flash-back such as "the previous day" or
    "since 30 April", or a vague "a few months later").
    """
    if expr.unit == "hour":
        return False  # "hours later" may be the next day; what follows counts from the day
    if sentence_initial:
        return when.precision is not Precision.VAGUE or expr.rule is Rule.FOLLOWING
    if expr.backward or when.precision is Precision.VAGUE:
        return False
    if expr.rule is Rule.MONTH and expr.last is not None:
        return True  # "a timeline of the battle between February and July 2017"
    return expr.rule in (
        Rule.DATE, Rule.RANGE, Rule.SHIFT, Rule.WEEKDAY, Rule.NEWS, Rule.DAY_OF_MONTH
    )  # fmt: skip
