"""Extraction: an article turned into a draft scenario, every event with its sentence.

The stages, one module each: `layout` (title, infobox, sections, sentences), `temporal` (dates
and their resolution), `toponyms` (place names), `actors` (factions), `hedging` (how firmly and
by whom), `patterns` (statements of control), `reports` (casualties, incidents, claims),
`build` (events with dates, places, actors and a confidence), `writer` (the scenario folder,
JSON lines), `evaluate` (scores against a curated scenario). `sources` reads the inputs.
"""

from engine.extraction.build import Draft, Extracted, NewPlace, extract
from engine.extraction.evaluate import Evaluation, Score, evaluate
from engine.extraction.sources import GazetteerSource, load_gazetteer, read_article_file

__all__ = [
    "Draft",
    "Evaluation",
    "Extracted",
    "GazetteerSource",
    "NewPlace",
    "Score",
    "evaluate",
    "extract",
    "load_gazetteer",
    "read_article_file",
]
