"""`extract` on long articles: what replaced a scan of the whole article for each word, name or
sentence gives what the scan gave, and the work of choosing places grows as the article does.
Timing is measured by benchmarks/extraction_speed.py, not here."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.extraction import extract, load_gazetteer, resolution
from engine.extraction.build import _at, _Mention, _Mentions, _overlapping, _paragraph_starts
from engine.extraction.layout import read_article
from engine.extraction.resolution import Points
from engine.extraction.sources import GazetteerSource
from engine.extraction.tokens import _TOKEN, CITATION, Token, tokenize
from engine.gazetteer.store import distance_km

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "deir_ez_zor_offensive_2014.txt"
ARTICLES = [*sorted((ROOT / "tests" / "fixtures").glob("**/*.txt")), SEED]
WORDS = (
    "Raqqa", "al-Bab", "'Umar", "2,000", "the", ",", ".", "[6]", "[a]", "[citation needed]",
    "[note 3]", "[", "]", "Syria's", "ISIS", "\n",
)  # fmt: skip


@given(st.lists(st.sampled_from(WORDS), max_size=60))
def test_tokens_leave_out_citation_marks(words: list[str]) -> None:
    text = " ".join(words)
    marks = [m.span() for m in CITATION.finditer(text)]
    tokens = tokenize(text, 7)
    # As trying every mark for every token did; each read as a token made on its own is.
    assert [(t.start - 7, t.end - 7, t.text) for t in tokens] == [
        (*m.span(), m.group(0))
        for m in _TOKEN.finditer(text)
        if not any(s <= m.start() < e for s, e in marks)
    ]
    for token in tokens:
        alone = Token(token.start, token.end, token.text)
        assert (token.lower, token.is_word, token.capitalised) == (
            alone.lower, alone.is_word, alone.capitalised
        )  # fmt: skip
        assert text[token.start - 7 : token.end - 7] == token.text


_POINTS = st.lists(st.tuples(st.floats(-90, 90), st.floats(-180, 180)), max_size=30)


@given(points=_POINTS, queries=_POINTS)
def test_the_nearest_point_is_the_nearest_measured(
    points: list[tuple[float, float]], queries: list[tuple[float, float]]
) -> None:
    near = Points(points)
    assert bool(near) == bool(points)
    for query in queries + points:
        measured = min((distance_km(query, p) for p in points), default=math.inf)
        assert near.nearest_km(query) == measured
        assert near.nearest_km(query) == measured  # and again, as it was kept


# Mentions as the reader notes them: mostly in the text's order, a place the text adds now and
# then at a point of the sentence being read, so not always after the last one noted.
_KINDS = st.sampled_from(["town", "city", "village", "facility", "dam"])
_MENTIONS = st.lists(
    st.builds(_Mention, st.integers(0, 60), st.sampled_from(["a", "b", "c"]), _KINDS,
              st.booleans()),
    max_size=40,
)  # fmt: skip


@given(
    noted=_MENTIONS,
    here=_MENTIONS,
    offset=st.integers(0, 60),
    at=st.integers(0, 70),
    kinds=st.sets(_KINDS),
)
def test_places_named_before_a_point_are_those_a_sort_gives(
    noted: list[_Mention], here: list[_Mention], offset: int, at: int, kinds: set[str]
) -> None:
    mentions = _Mentions()
    for mention in noted:
        mentions.add(mention)
    here = [m for m in here if m.at >= offset]  # the sentence's own start at its offset
    before = mentions.before(offset, here)
    expected = sorted([*noted, *here], key=_at)  # what the reader sorted every time
    assert list(before) == expected
    assert len(before) == len(expected)
    assert before[-6:] == expected[-6:]
    assert before.from_offset(at) == [m for m in expected if m.at >= at]
    assert before.first_from(at) == next((m for m in expected if m.at >= at), None)
    assert [before.first_index(m) for m in expected] == [expected.index(m) for m in expected]
    assert list(before.latest_of(kinds)) == [m for m in reversed(expected) if m.kind in kinds]


_SPANS = st.lists(st.tuples(st.integers(0, 100), st.integers(0, 30)), max_size=30)


@given(spans=_SPANS, queries=_SPANS)
def test_a_span_overlaps_those_a_scan_finds(
    spans: list[tuple[int, int]], queries: list[tuple[int, int]]
) -> None:
    given_spans = [(start, start + length) for start, length in spans]
    overlaps = _overlapping(given_spans)
    for start, length in queries:
        end = start + length
        assert overlaps(start, end) == any(s < end and start < e for s, e in given_spans)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_each_offset_is_of_the_paragraph_a_scan_finds(path: Path) -> None:
    article = read_article(path.read_text(encoding="utf-8"))
    start_of = _paragraph_starts(article)
    for offset in range(len(article.text) + 1):
        holding = (p.start for p in article.paragraphs if p.start <= offset <= p.end)
        expected = next(holding, None)
        assert start_of(offset) == expected, offset


@pytest.fixture(scope="module")
def world() -> GazetteerSource:
    """The bundled gazetteer, loaded once."""
    return load_gazetteer()


def test_choosing_places_grows_as_the_article_does(
    world: GazetteerSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = SEED.read_text(encoding="utf-8")
    prose = seed.split("==Background==", 1)[1]
    measured = 0

    def counted(a: tuple[float, float], b: tuple[float, float]) -> float:
        nonlocal measured
        measured += 1
        return distance_km(a, b)

    monkeypatch.setattr(resolution, "distance_km", counted)
    work, lengths = [], []
    for copies in (2, 8):
        text = seed + f"\n\n==More==\n{prose}" * copies
        measured = 0
        extract(text, world.for_text(text), store=world.store)
        work.append(measured)
        lengths.append(len(text))
    # Each name was measured to every place named with confidence: 8 copies took 6.7 times
    # the distances of 2, in a text 2.9 times as long.
    assert work[1] / work[0] < 1.25 * lengths[1] / lengths[0]
