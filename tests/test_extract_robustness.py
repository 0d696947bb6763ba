"""Garbled and arbitrary text through `extract`: it fails only with a `FrontlineError`, and what
it does draft quotes the text verbatim at its spans and dates it near the years the text gives.
Then `frontline extract` on garbled files: one line naming the file, never a traceback.

The word lists are invented for these tests, in the manner of war reporting; the place names are
real ones of the bundled gazetteer (and a few it lacks).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engine.errors import FrontlineError
from engine.extraction import Draft, extract, load_gazetteer, read_article_file
from engine.extraction.sources import GazetteerSource
from engine.extraction.writer import control_records, jsonl_lines, preview
from tests.helpers import run
from tests.test_extract_cli import _fails

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = (
    ROOT / "tests" / "fixtures" / "articles" / "salahuddin_2015.txt",
    ROOT / "tests" / "fixtures" / "extract" / "news.txt",
    ROOT / "tests" / "fixtures" / "extract" / "offensive.txt",
)
SEED = ROOT / "seeds" / "deir_ez_zor_offensive_2014.txt"

# Modest by default (the file runs in seconds); the thorough profile asks for more.
EXAMPLES = max(80, settings().max_examples)
ROBUST = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

YEARS = st.integers(2011, 2023)  # the years the generated pieces write
# A text that writes no year of four digits may still be dated ("15/3/15"), but not beyond these.
WIDE = (dt.date(1900, 1, 1), dt.date(2100, 12, 31))
# A relative date ("the next day", "one year earlier") may step a little past the years written.
SLACK_YEARS = 2

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Sept", "Oct", "Dec", "may", "MARCH",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FACTIONS = (
    "ISIS", "ISIL", "IS", "the Islamic State", "Daesh", "the Syrian Army", "government forces",
    "the SDF", "the YPG", "Kurdish fighters", "the Peshmerga", "rebels", "Al-Nusra", "the FSA",
    "Iraqi forces", "the Iraqi Army", "the PMU", "Hezbollah", "Turkish-backed forces", "it",
    "they", "the militants", "pro-government militias", "the Russian army", "Ukrainian forces",
)  # fmt: skip
VERBS = (
    "captured", "recaptured", "took control of", "seized", "retook", "took over", "liberated",
    "withdrew from", "retreated from", "fled", "besieged", "encircled", "surrounded", "entered",
    "took parts of", "advanced on", "attacked", "was taken by", "fell to", "were driven out of",
    "reportedly captured", "claimed to have captured", "lost", "regained control of",
    "launched an offensive to capture", "began to besiege", "drove ISIS out of",
)  # fmt: skip
PLACES = (
    "Raqqa", "Tikrit", "Mosul", "Aleppo", "Kobanî", "Kobane", "Deir ez-Zor", "Palmyra",
    "Sirte", "Lyman", "Tal Afar", "Sinjar", "Abu Kamal", "Manbij", "al-Bab", "Homs", "Idlib",
    "Kirkuk", "Baiji", "Mosul Dam", "Jisr al-Shughur", "Tell Abyad", "Samarra", "Amirli",
    "Atlantis", "Qaryat Nowhere", "the town", "the city", "the village of Raqqa",
    "the airbase", "the Raqqa Governorate", "eastern Aleppo", "the oil field", "it",
)  # fmt: skip
CONNECTIVES = (
    "and", ",", ", and", ";", "from", "after", "before", "near", "north of", "south of",
    "two days later", "the next day", "a day after", "according to SOHR", "officials said",
    "reportedly", "a monitor said", "km west of", "including", "as well as", "but", "while",
    "which", "who", "as", "in", "the", "of", "since", "until",
)  # fmt: skip
JUNK = (
    "[1]", "[23]", "[citation needed]", "[a]", "[", "]", "(", ")", "((", "))", "—", "–", "-",
    "--", "|", "||", "*", "**", "==", "== History ==", "[bold]x[/]", "[/", "[sic]",
    "a [b [c] d]", "<script>alert(1)</script>", "<b>", "</b>", "&amp;", "&#160;", "{{cite}}",
    "\x00", "\x07", "\x1b[31m", "\x1b]0;title\x07", "\u202e", "\u200b", "\ufeff", "\ufffd",
    "\t", "\r", "\r\n", "\x0b", "\x0c", "\u2028", "\u2029", "\x85", "\"", "'", "“", "”", "…",
    ".", "..", "...", "?", "!", ":", "%", "100%", "95–98%", "N/A", "Date:", "Result:",
    "Location:", "Combatants", "Belligerents", "Commanders", "Casualties", "Territorial changes",
    "Part of the Syrian civil war", "# source: https://example.org/wiki/X", "Main article: X",
    "See also", "References", "Edit", "ISTANBUL (AP) —", "BEIRUT (Reuters) -", "KYIV —",
)  # fmt: skip
SEPARATORS = (" ", " ", " ", "", "\n", "\n\n", "\n\n\n", ". ", ", ", "  ", "\n \n")


def _day(day: int, month: str, year: int) -> str:
    return f"{day} {month} {year}"


# Days run to 40 and 0 on purpose: "31 February", "0 May", "40 June" must be read or refused.
DAYS = st.integers(0, 40)
DATES = st.one_of(
    st.builds(lambda d, m, y: f"On {_day(d, m, y)},", DAYS, st.sampled_from(MONTHS), YEARS),
    st.builds(lambda d, m, y: f"{m} {d}, {y}", DAYS, st.sampled_from(MONTHS), YEARS),
    st.builds(lambda m, y: f"in {m} {y}", st.sampled_from(MONTHS), YEARS),
    st.builds(
        lambda p, m, y: f"{p} {m} {y}",
        st.sampled_from(("early", "mid", "late", "mid-", "the end of", "By")),
        st.sampled_from(MONTHS),
        YEARS,
    ),
    st.builds(lambda d, m: f"On {d} {m}", DAYS, st.sampled_from(MONTHS)),
    st.builds(lambda d, m: f"By {d} {m}", DAYS, st.sampled_from(MONTHS)),
    st.builds(lambda d, m: f"{d}{m}", DAYS, st.sampled_from(MONTHS)),  # a lost space
    st.builds(lambda w: f"On {w}", st.sampled_from(WEEKDAYS)),
    st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", YEARS, st.integers(0, 13), DAYS),
    st.builds(lambda d, m, y: f"{d}/{m}/{y}", DAYS, st.integers(0, 13), YEARS),
    st.builds(lambda a, b, m: f"from {a} to {b} {m}", DAYS, DAYS, st.sampled_from(MONTHS)),
    st.builds(
        lambda a, b, m, y: f"between {a} and {b} {m} {y}", DAYS, DAYS, st.sampled_from(MONTHS),
        YEARS,
    ),
    st.builds(lambda y: f"in {y}", YEARS),
    st.builds(lambda y: f"({y})", YEARS),
    st.builds(lambda a, b: f"({a}–{b})", YEARS, YEARS),
    st.builds(
        lambda d1, m1, d2, m2, y: f"Date: {d1} {m1} – {d2} {m2} {y}",
        DAYS, st.sampled_from(MONTHS), DAYS, st.sampled_from(MONTHS), YEARS,
    ),
    st.sampled_from(
        ("the next day", "two days later", "a day after", "within hours", "within days",
         "one year earlier", "last week", "on Friday", "that night", "the same day")
    ),
)  # fmt: skip
STATEMENTS = st.builds(
    lambda date, who, verb, where, tail: f"{date} {who} {verb} {where}{tail}",
    DATES,
    st.sampled_from(FACTIONS),
    st.sampled_from(VERBS),
    st.sampled_from(PLACES),
    st.sampled_from((".", "", " [1].", ", officials said.", " from ISIS.", " (", "—", "...")),
)
PIECES = st.one_of(
    STATEMENTS,
    DATES,
    st.sampled_from(FACTIONS),
    st.sampled_from(VERBS),
    st.sampled_from(PLACES),
    st.sampled_from(CONNECTIVES),
    st.sampled_from(JUNK),
    st.builds(lambda n: f"[{n}]", st.integers(0, 3000)),  # a footnote, now and then a year
    st.text(max_size=12),
)


@st.composite
def articles(draw: st.DrawFn) -> str:
    """Pieces of war reporting and junk, joined any way, with now and then a title line, a very
    long line or a long list of places."""
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(("Battle of Raqqa (2017)", "Siege of Kobanî", ""))))
        parts.append("\n\n")
    for piece in draw(st.lists(PIECES, min_size=1, max_size=40)):
        parts += [piece, draw(st.sampled_from(SEPARATORS))]
    extra = draw(st.integers(0, 9))
    if extra == 0:  # one very long line without a space
        word = draw(st.sampled_from(("x", "Raqqa", "—", "[1]")))
        parts.append(word * draw(st.integers(500, 5000)))
    elif extra == 1:  # one long statement naming many places
        names = draw(st.lists(st.sampled_from(PLACES), min_size=20, max_size=150))
        parts.append(f" On 3 May 2015, ISIS captured {', '.join(names)}. ")
    elif extra == 2:  # the same statement over and over, often as one long sentence
        # Bounded: statements within one sentence cost time quadratic in their number.
        parts.append(draw(STATEMENTS) * draw(st.integers(20, 80)))
    return "".join(parts)


@functools.cache
def _article(path: Path) -> str:
    return read_article_file(path)


@st.composite
def garbled_articles(draw: st.DrawFn) -> str:
    """A real-looking article (a fixture, or a stretch of the seed) cut, doubled and salted
    with junk at random places."""
    if draw(st.booleans()):
        text = _article(draw(st.sampled_from(ARTICLES)))
    else:  # a stretch of the seed: the whole of it is too slow to read 80 times
        seed = _article(SEED)
        start = draw(st.integers(0, len(seed) - 1))
        text = seed[start : start + draw(st.integers(1, 2500))]
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        match draw(st.sampled_from(("insert", "delete", "double", "upper", "strip"))):
            case "insert":
                text = text[:at] + draw(PIECES) + text[at:]
            case "delete":
                text = text[:at] + text[at + draw(st.integers(1, 300)) :]
            case "double":
                text = text[:at] + text[at : at + draw(st.integers(1, 300))] + text[at:]
            case "upper":
                text = text[:at] + text[at : at + 200].upper() + text[at + 200 :]
            case _:  # the spaces and punctuation of a stretch gone
                end = at + draw(st.integers(1, 400))
                text = text[:at] + "".join(ch for ch in text[at:end] if ch.isalnum()) + text[end:]
    return text


# ------------------------------------------------------------ real-looking sentences, mutated

# Stray punctuation, set apart or glued to a word.
STRAY_MARKS = (
    "(", ")", "[", "]", "[1]", "[12]", "[citation needed]", "—", "–", "-", "--", "\"", "'", "“",
    "”", "‘", "’", "«", "»", ";", ";;", ":", ",", ",,", ".", "...", "…", "?", "!", "/", "|", "*",
    "()", "( ", " )", "[]", "{", "}",
)  # fmt: skip
# Text in other scripts, and the invisible marks that come with it.
NON_LATIN = (
    "الرقة", "دير الزور", "داعش", "سيطرت", "في ٣ أيار ٢٠١٥", "٢٠١٥",  # Arabic, its digits
    "Лиман", "Украина", "захватили", "3 мая 2015 года", "ЗСУ",  # Cyrillic
    # Kurdish and Turkish letters
    "Kobanê", "Şengal", "Rojava'da", "Tel Abyad'ı", "İdlib", "ığüşöç", "Qamişlo",
    "拉卡", "伊斯兰国", "２０１５年５月３日", "摩苏尔",  # CJK, full-width digits
    # emoji, a flag, a sequence joined by zero-width joiners, a variation selector
    "🔥", "🇸🇾", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "💥💥", "\u270c\ufe0f",
    "\u200f", "\u200e", "\u202b", "\u202c", "\u2067", "\u2069", "\u061c",  # right-to-left marks
    "\u0301", "e\u0301", "a\u0330\u0301\u0308", "\u0651",  # combining marks
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00a0", "\u202f",  # zero-width, spaces
)  # fmt: skip
STRAY = st.sampled_from(STRAY_MARKS)
NON_LATIN_TEXT = st.one_of(
    st.sampled_from(NON_LATIN),
    st.text(st.characters(codec="utf-8", categories=("Lo", "Mn", "Cf", "So")), max_size=6),
)


def _recase(word: str, how: str, flips: list[bool]) -> str:
    match how:
        case "upper":
            return word.upper()
        case "lower":
            return word.lower()
        case "title":
            return word.title()
        case _:  # each letter up or down at random
            cased = [
                ch.upper() if flip else ch.lower() for ch, flip in zip(word, flips, strict=False)
            ]
            return "".join(cased) + word[len(flips) :]


@st.composite
def mutated(draw: st.DrawFn, sentence: str) -> str:
    """One sentence with words dropped, doubled, re-cased, salted with stray punctuation or text
    of another script, or cut off in the middle of a word."""
    words = sentence.split(" ")
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, max(len(words) - 1, 0)))
        match draw(st.sampled_from(("drop", "double", "recase", "punctuate", "script", "cut"))):
            case "drop":
                del words[at : at + draw(st.integers(1, 3))]
            case "double":
                words[at:at] = words[at : at + draw(st.integers(1, 3))]
            case "recase":
                how = draw(st.sampled_from(("upper", "lower", "title", "random")))
                for i in range(at, min(at + draw(st.integers(1, 4)), len(words))):
                    flips = draw(st.lists(st.booleans(), max_size=len(words[i])))
                    words[i] = _recase(words[i], how, flips)
            case "punctuate" | "script" as kind:
                junk = draw(STRAY if kind == "punctuate" else NON_LATIN_TEXT)
                if not words:
                    words = [junk]
                    continue
                match draw(st.sampled_from(("apart", "before", "after", "inside"))):
                    case "apart":
                        words.insert(at, junk)
                    case "before":
                        words[at] = junk + words[at]
                    case "after":
                        words[at] += junk
                    case _:
                        cut = draw(st.integers(0, len(words[at])))
                        words[at] = words[at][:cut] + junk + words[at][cut:]
            case _:  # the sentence stops in the middle of a word
                if words and len(words[at]) > 1:
                    words[at] = words[at][: draw(st.integers(1, len(words[at]) - 1))]
                del words[at + 1 :]
    return " ".join(words)


@functools.cache
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(_article(path).split("\n"))


@functools.cache
def _head(path: Path) -> tuple[str, ...]:
    """The title of an article and its infobox: the lines before the first blank line after
    the "Infobox" line (or after the title, when there is none)."""
    lines = _lines(path)
    after = lines.index("Infobox") if "Infobox" in lines else 1
    end = lines.index("", after) if "" in lines[after:] else len(lines)
    return lines[:end]


def _sentences(line: str) -> list[str]:
    """A line cut after each full stop, question or exclamation mark that ends a word."""
    return [s for s in re.split(r"(?<=[.!?])\s+", line) if s] or [line]


@st.composite
def mutated_articles(draw: st.DrawFn) -> str:
    """Real-looking sentences, invented or taken from the fixture articles and the seed (with
    its title and infobox, now and then), each sentence mutated or left alone."""
    if draw(st.booleans()):
        lines = [" ".join(draw(st.lists(STATEMENTS, min_size=1, max_size=6)))]
        if draw(st.booleans()):
            lines.insert(0, draw(st.sampled_from(("Battle of Raqqa (2017)", "Siege of Kobanî"))))
    else:
        path = draw(st.sampled_from((*ARTICLES, SEED)))
        source = _lines(path)
        start = draw(st.integers(0, len(source) - 1))
        lines = list(source[start : start + draw(st.integers(1, 12))])
        if start and draw(st.booleans()):  # the title and infobox above the stretch
            lines[:0] = _head(path)
    out = []
    for line in lines:
        sentences = [draw(mutated(s)) if draw(st.booleans()) else s for s in _sentences(line)]
        out.append(draw(st.sampled_from((" ", "  ", "\n", ""))).join(sentences))
    return "\n".join(out)


@pytest.fixture(scope="module")
def world() -> GazetteerSource:
    """The bundled gazetteer, loaded once."""
    return load_gazetteer()


def _extract(text: str, world: GazetteerSource) -> Draft | None:
    """The draft of a text, or None when the extractor says why it cannot make one."""
    try:
        return extract(text, world.for_text(text), store=world.store)
    except FrontlineError as error:
        reason = str(error)
    assert reason.strip()  # a reason a person can read
    return None


def _window(text: str) -> tuple[dt.date, dt.date]:
    """The days a text can be about: from the first year it writes to the last, with some
    slack. A year may be glued to other digits ("March 4, 20202014": the extractor reads the
    first four), and written in any script's digits (as `\\d` and `int` read them)."""
    runs = re.findall(r"\d{4,}", text)
    years = [int(y) for run in runs for y in (run[:4], run[-4:])]
    years = [y for y in years if WIDE[0].year <= y <= WIDE[1].year]
    if not years:
        return WIDE
    return dt.date(min(years) - SLACK_YEARS, 1, 1), dt.date(max(years) + SLACK_YEARS, 12, 31)


def _check(draft: Draft, text: str, window: tuple[dt.date, dt.date] | None = None) -> None:
    """Every quote is the text at its span; every date lies in the window (by default, the
    years the text writes)."""
    low, high = window or _window(text)
    assert low <= draft.start <= draft.end <= high, (draft.start, draft.end)
    for item in draft.events:
        event = item.event
        prov = event.provenance
        assert 0 <= prov.start <= prov.end <= len(text), (event.id, prov.start, prov.end)
        assert prov.quote.strip(), event.id
        assert text[prov.start : prov.end] == prov.quote, event.id
        assert low <= event.when.earliest <= event.when.latest <= high, (event.id, event.when)
    for record in control_records(draft):
        assert text[record["start"] : record["end"]] == record["quote"], record["id"]
        days = [record[k] for k in ("date", "earliest", "latest") if k in record]
        assert days, record["id"]
        for day in days:
            assert low <= dt.date.fromisoformat(day) <= high, (record["id"], day)
    # What `frontline extract` prints of a draft must not fail either.
    list(jsonl_lines(draft))
    preview(draft)


@ROBUST
@given(text=st.text(max_size=3000))
@example(text="")
@example(text="\x00" * 50)
@example(text="On 3 May 2015")
@example(text="\ufeffOn 3 May 2015, ISIS captured Raqqa.\r\nOn 4 May, the SDF retook it.")
def test_arbitrary_text(text: str, world: GazetteerSource) -> None:
    draft = _extract(text, world)
    if draft is not None:
        _check(draft, text)


@ROBUST
@given(text=articles())
@example(text="On 3 May 2015, ISIS captured Tikrit [1]. The next day, Iraqi forces retook it.")
@example(text="On 31 February 2015, ISIS captured Raqqa.")
@example(text="[bold]On 3 May 2015[/], <script>ISIS</script> captured [/ Mosul — [sic]")
@example(text="On 3 May 2015, ISIS captured " + ", ".join(["Raqqa", "Tikrit", "Mosul"] * 60) + ".")
def test_pieces_of_war_reporting(text: str, world: GazetteerSource) -> None:
    draft = _extract(text, world)
    if draft is not None:
        _check(draft, text)


@ROBUST
@given(text=garbled_articles())
def test_garbled_articles(text: str, world: GazetteerSource) -> None:
    draft = _extract(text, world)
    if draft is not None:
        _check(draft, text)


@ROBUST
@given(text=mutated_articles())
@example(text="On 3 May 2015, ISIS ISIS captured Tik")  # a word doubled, the last one cut
@example(text='ON 3 MAY 2015, isis CaPtUrEd Raqqa [1] ( ; — "Tikrit')
@example(text="On 3 May 2015, داعش captured الرقة\u200f. Two days later, the YPG retook Kobanê.")
@example(text="В 3 мая 2015 года ISIS captured Лиман 🔥 and Mosul\u200b.")
@example(text="On 3 May 2015 e\u0301, ISIS\u0301 captured 拉卡 and Raqqa\u200d\u2067.")
@example(text="On ٣ May ٢٠١٥, ISIS captured Raqqa. On ２０１５年５月３日 ISIS captured Mosul.")
def test_mutated_sentences(text: str, world: GazetteerSource) -> None:
    draft = _extract(text, world)
    if draft is not None:
        _check(draft, text)


INFOBOX_CASUALTIES = (
    "= Battle of Raqqa (2014) =\n\nInfobox\n- Conflict: Battle of Raqqa (2014)\n"
    "- Date: 1 May 2014 – 20 May 2014\n- Place: Raqqa, Syria\n"
    "- Result: ISIS captures Raqqa\n{items}\n\nOn 3 May 2014, ISIS captured Raqqa.\n"
)


@pytest.mark.parametrize(
    "items",
    [
        "- Casualties1: (2–9 May), 40 killed",
        "- Casualties1: (2–9 May) 40 killed",
        "- Casualties1: (2-9 May), 40 killed, 3 captured",
        "- Casualties1: (2 May – 9 May 2014), 40 killed\n- Casualties2: (10–20 May), 12 killed",
        "- Casualties1: 40 killed (2–9 May; 10 – 20 May)",
        "- Casualties1: (2–9 May",
        "- Casualties1: (2–9 May), 40 killed (",
        "- Casualties1: ((2–9 May)), 40 killed",
        "- Casualties1: (9–2 May), 40 killed",
        "- Casualties1: (2–40 May), 40 killed",
        "- Casualties1: (), 40 killed",
    ],
)
def test_casualties_after_a_date_range_in_the_infobox(items: str, world: GazetteerSource) -> None:
    text = INFOBOX_CASUALTIES.format(items=items)
    draft = _extract(text, world)  # a casualty figure is not a statement of control
    if draft is not None:
        _check(draft, text)
    # The same items, with no prose below and no title above.
    bare = f"Infobox\n- Date: 1 May 2014 – 20 May 2014\n{items}\n"
    draft = _extract(bare, world)
    if draft is not None:
        _check(draft, bare)


@pytest.mark.parametrize(
    "text",
    [
        "On 31 December 9999, ISIS captured Raqqa. The next day, the SDF retook it.",
        "On 1 January 1, ISIS captured Raqqa. The day before, the SDF had held it.",
        "On 1 January 0000, ISIS captured Raqqa.",
        "In 9999, ISIS captured Raqqa. One year later, the SDF retook it.",
        "On 29 February 2015, ISIS captured Raqqa.",
        "On 3 May 99999999999999999999, ISIS captured Raqqa.",
        "Battle of Raqqa (9998–9999)\n\nOn 31 December, ISIS captured Raqqa. Two days later the "
        "SDF retook it.",
    ],
)
def test_years_at_the_ends_of_the_calendar(text: str, world: GazetteerSource) -> None:
    draft = _extract(text, world)  # a date past the calendar is refused, not a crash
    if draft is not None:
        _check(draft, text, (dt.date.min, dt.date.max))


NEW_TOWN = (
    "Battle of Qaryat Zubnah (2015)\n\nOn 5 June 2015, rebels captured the town of Qaryat "
    "Zubnah in Idlib Governorate, Syria. On 7 June 2015, the army {then}.\n"
)  # the bundled gazetteer lacks Qaryat Zubnah: "the town" and "its" point back to a new place


@pytest.mark.parametrize(
    ("then", "kind", "name"),
    [
        ("said it held 60 percent of the town", "contested", "Qaryat Zubnah"),
        ("seized its power station", "capture", "Qaryat Zubnah power station"),
    ],
)
def test_words_that_point_back_to_a_place_the_gazetteer_lacks(
    then: str, kind: str, name: str, world: GazetteerSource
) -> None:
    text = NEW_TOWN.format(then=then)
    draft = _extract(text, world)  # both were a KeyError: the new place is not an entry
    assert draft is not None
    _check(draft, text)
    last = draft.control[-1]
    assert (last.kind, last.place_names, last.located) == (kind, (name,), (False,))


# --------------------------------------------------------------------------- the command


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b"\n\n\n", "the file is empty"),
        (bytes(range(256)) * 8, "not a text file"),
        (bytes(range(128, 256)) * 8, "not UTF-8 text"),
        ("".join(chr(c) for c in range(1, 32)).encode() * 8, "does not look like article text"),
        (b"3 May 2015\n4 June 2016\n2017-01-02\n12/03/2018\n" * 5, "does not look like"),
        (
            b"On 3 May 2015.\nOn 4 June 2016.\nIn early September 2017.\nBy 10 December 2018.\n",
            "no dated statement",
        ),
    ],
    ids=[
        "missing",
        "empty",
        "blank",
        "binary",
        "latin-1",
        "control",
        "numeric-dates",
        "prose-dates",
    ],
)
def test_garbled_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, expected: str
) -> None:
    path = tmp_path / "garbled.txt"
    if content is not None:
        path.write_bytes(content)
    line = _fails(capsys, "extract", str(path), "--format", "jsonl")
    assert expected in line
    assert str(path) in line


@settings(
    max_examples=max(40, settings().max_examples),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.one_of(st.binary(max_size=3000), articles().map(lambda t: t.encode("utf-8"))))
def test_any_file_gives_a_draft_or_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    # The same file is rewritten for every example; capsys is read (and emptied) by `run`.
    path = tmp_path / "any.txt"
    path.write_bytes(data)
    status, out, err = run(capsys, "extract", str(path), "--format", "jsonl")
    assert "Traceback" not in err
    if status != 0:
        assert status == 2
        assert out == ""
        (line,) = err.strip().splitlines()
        assert line.startswith("frontline: error: ")


def test_the_installed_command_on_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "garbled.bin"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = subprocess.run(
        [sys.executable, "-m", "engine", "extract", str(path)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"frontline: error: {path}: not a text file (it holds binary data)"
    )
