"""The events file round-trips: whatever log is written out is read back equal."""

from __future__ import annotations

import tomllib

from hypothesis import given
from hypothesis import strategies as st

from engine.formats.scenario_files import dump_log, parse_log
from engine.model.log import Log
from engine.model.world import World
from engine.testing import strategies as fst

# Source documents: any text with something to quote in it.
SOURCES = st.dictionaries(fst.slugs(), fst.quotes(max_size=300), min_size=1, max_size=3)


@given(fst.scenarios())
def test_a_dumped_log_loads_back_equal(scenario: tuple[World, Log]) -> None:
    _world, log = scenario
    text = dump_log(log)
    assert parse_log(text) == log
    assert len(tomllib.loads(text).get("event", [])) == len(log)


@given(fst.scenarios())
def test_dumping_a_loaded_log_gives_the_same_text(scenario: tuple[World, Log]) -> None:
    _world, log = scenario
    text = dump_log(log)
    assert dump_log(parse_log(text)) == text


@given(fst.worlds(), SOURCES, st.data())
def test_quotes_taken_from_the_sources_load_back_at_their_spans(
    world: World, sources: dict[str, str], data: st.DataObject
) -> None:
    log = data.draw(fst.logs(world, sources=sources))
    for event in log:
        provenance = event.provenance
        assert sources[provenance.source][provenance.start : provenance.end] == provenance.quote
    assert parse_log(dump_log(log), sources=sources) == log
