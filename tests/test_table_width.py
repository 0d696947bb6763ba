"""Tables fit the terminal: COLUMNS or its width wraps their columns of words; pipes and --json
get every row whole."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.formats.scenario_files import load_scenario
from engine.wording import GAP, NARROWEST, table
from tests.helpers import run, run_json

SCENARIO = load_scenario()
WORDS = st.text(alphabet="abcdefghij", min_size=1, max_size=15)
CELLS = st.lists(WORDS, min_size=0, max_size=30).map(" ".join)


@given(
    st.integers(1, 5).flatmap(
        lambda n: st.tuples(
            st.lists(WORDS, min_size=n, max_size=n),
            st.lists(st.lists(CELLS, min_size=n, max_size=n), max_size=6),
        )
    ),
    st.integers(20, 200),
)
def test_a_table_fits_its_width_and_keeps_every_word(
    shape: tuple[list[str], list[list[str]]], width: int
) -> None:
    headers, rows = shape
    fitted = table(headers, rows, width).split("\n")
    whole = table(headers, rows).split("\n")
    assert len(whole) == len(rows) + 2  # no width: one line a row
    # Each column can narrow to its longest word (or NARROWEST, or its heading), no further.
    floors = [
        max([len(h), NARROWEST, *(len(w) for row in rows for w in row[n].split())])
        for n, h in enumerate(headers)
    ]
    natural = [max([len(h), *(len(row[n]) for row in rows)]) for n, h in enumerate(headers)]
    narrowest = sum(map(min, floors, natural)) + len(GAP) * (len(headers) - 1)
    if narrowest <= width:
        assert max(map(len, fitted)) <= width
    # Read back column by column, the words of each cell are all there, in order, none cut.
    words = " ".join(" ".join(row) for row in rows).split()
    assert sorted(" ".join(fitted[2:]).split()) == sorted(words)


@pytest.mark.parametrize(
    "command",
    [["events"], ["factions"], ["check"], ["events", "--place", "Mayadin"], ["at", "2014-05-01"]],
    ids=" ".join,
)
def test_the_tables_fit_a_100_column_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    _, out, _ = run(capsys, *command)
    lines = out.splitlines()
    assert max(map(len, lines)) <= 100
    if command[0] == "events":  # every word of every quote shown whole
        tokens = set(out.split())
        shown = [e for e in SCENARIO.log if e.id in tokens]
        assert shown
        for event in shown:
            assert set(event.provenance.quote.split()) <= tokens


def test_a_narrow_terminal_wraps_the_quotes_and_json_keeps_them_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    longest = max(SCENARIO.log, key=lambda e: len(e.provenance.quote))
    _, wide, _ = run(capsys, "events")  # to a pipe: each row one line, its quote whole
    assert any(longest.provenance.quote in line for line in wide.splitlines())
    monkeypatch.setenv("COLUMNS", "80")
    _, narrow, _ = run(capsys, "events")
    assert not any(longest.provenance.quote in line for line in narrow.splitlines())
    data = run_json(capsys, "events")
    assert {e["id"]: e["quote"] for e in data}[longest.id] == longest.provenance.quote
