"""The frames of control statements are one table (engine/extraction/data/lexicon.toml): each
says what its phrases mean and which reader of patterns.py reads the words around them, so a
new kind of statement is a row of data."""

from __future__ import annotations

from attrs import evolve

from engine.extraction import load_gazetteer
from engine.extraction.actors import Actors
from engine.extraction.lexicon import Frame, lexicon, phrase_pattern
from engine.extraction.patterns import READERS, Kind, analyse, find_statements
from engine.model.events import How


def test_every_frame_has_a_reader_a_kind_and_a_way_control_passes() -> None:
    for frame in lexicon().frames.values():
        assert frame.reading in READERS, frame.name
        assert Kind(frame.kind) is not Kind.ASSERTION, frame.name
        assert frame.how == "" or How(frame.how), frame.name
    for word, how in lexicon().how_words.items():
        assert How(how), word


def test_a_new_frame_is_a_row_of_data() -> None:
    text = "On 5 May 2016 the garrison of Tell Abyad surrendered the town to the SDF."
    source = load_gazetteer()
    view = analyse(text, 0, source.for_text(text), Actors.for_country("syria"))
    assert not [s for s in find_statements(view) if s.trigger.startswith("surrendered")]
    surrender = Frame(
        "surrender", phrase_pattern(["surrendered the town to"]), reading="passive",
        kind="capture", how="surrendered",
    )  # fmt: skip
    lex = evolve(lexicon(), frames={**lexicon().frames, "surrender": surrender})
    (found,) = [s for s in find_statements(view, lex) if s.frame == "surrender"]
    assert found.kind is Kind.CAPTURE
    assert found.how is How.SURRENDERED
    assert found.actor is not None
    assert found.actor.faction == "sdf"
    assert [p.text for p in found.places] == ["Tell Abyad"]


def test_the_words_of_a_phrase_may_say_how_control_passed() -> None:
    frames = lexicon().frames
    how_words = lexicon().how_words
    assert frames["passive"].how_of("was retaken by", how_words) == "recaptured"
    assert frames["passive"].how_of("was taken by", how_words) == "captured"
    assert frames["withdraw_from"].how_of("lost control of", how_words) == "captured"
    assert frames["held"].how_of("remained under the control of", how_words) == ""
