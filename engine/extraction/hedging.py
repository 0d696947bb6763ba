"""Hedging and attribution: how firmly a statement is made, and who says so.

Hedges ("reportedly", "allegedly", "was said to", "claimed") count in the words of the statement
itself; a reporting frame ("according to SOHR", "an opposition source stated that", ", opposition
sources reported") covers every statement of its sentence. "The same source" is the source the
text named last.
"""

from __future__ import annotations

import functools
import re

from attrs import frozen

from engine.extraction.lexicon import lexicon
from engine.model.events import Hedging

_HEDGES = (
    (
        Hedging.ALLEGEDLY,
        re.compile(r"\b(?:allegedly|alleged|accused\s+\w+\s+of|accused\s+of)\b", re.I),
    ),
    (Hedging.CLAIMED, re.compile(r"\b(?:claimed|claims|claiming|claim)\b", re.I)),
    (
        Hedging.REPORTEDLY,
        re.compile(
            r"\b(?:reportedly|reported|reports|(?:is|was|were|are)\s+said\s+to|(?:is|was|were|are)"
            r"\s+believed\s+to|reputedly|purportedly|apparently|unconfirmed)\b",
            re.I,
        ),
    ),
)
_REPORT_VERBS = "|".join(lexicon().reporting)
_VERB_HEDGE = {
    "claimed": Hedging.CLAIMED, "claims": Hedging.CLAIMED, "alleged": Hedging.ALLEGEDLY,
    "alleges": Hedging.ALLEGEDLY, "accused": Hedging.ALLEGEDLY, "reported": Hedging.REPORTEDLY,
    "reports": Hedging.REPORTEDLY,
}  # fmt: skip
_ACCORDING = re.compile(
    r"\baccording\s+to\s+(?P<who>[^,.;]+?)(?=\s*(?:[,.;]|$)|\s+(?:on|in)\s)", re.I
)
_FRAME = re.compile(
    rf"(?P<who>(?:(?:the|an?|some|several|local|other)\s+)?(?:[\w'’-]+\s+){{0,5}}?[\w'’-]+)\s+"
    rf"(?P<verb>{_REPORT_VERBS})\b(?:\s+that\b)?",
    re.I,
)
# The verb of a frame, after its space: a sentence without one has no frame, and is spared
# `_FRAME`, which tries its words before a verb at every word of the sentence.
_HAS_REPORT_VERB = re.compile(rf"\s(?:{_REPORT_VERBS})\b", re.I)


@frozen
class Stance:
    """How a statement is made and by whom."""

    hedging: Hedging = Hedging.STATED
    attribution: str | None = None


def hedge_words(text: str) -> Hedging:
    """The strongest hedge in some words: allegedly, claimed, reportedly, or stated."""
    for hedging, pattern in _HEDGES:
        if pattern.search(text):
            return hedging
    return Hedging.STATED


def _source_name(words: str) -> str | None:
    """The reporter named by some words, if they name one ("SOHR", "an opposition source")."""
    words = words.strip()
    for name, short in lexicon().reporters.items():
        if re.search(rf"\b{re.escape(name)}\b", words, re.I):
            return short
    tokens = words.lower().split()
    if tokens and (tokens[-1] in lexicon().sources or " ".join(tokens[-2:]) in lexicon().sources):
        return words
    return None


@functools.lru_cache(maxsize=1024)  # asked once for a sentence and again for each statement
def attribution(sentence: str, previous: str | None = None) -> tuple[str | None, Hedging]:
    """Who a sentence says reports it, and the hedge its reporting verb adds."""
    found = _ACCORDING.search(sentence)
    if found:
        name = _source_name(found.group("who"))
        if name is not None:
            return _same(name, previous), Hedging.STATED
    if _HAS_REPORT_VERB.search(sentence) is None:
        return None, Hedging.STATED
    for frame in _FRAME.finditer(sentence):
        who = frame.group("who")
        # The reporter is the end of the words before the verb: "On 11 May, an opposition
        # source" -> "an opposition source".
        who = re.split(r"[,;:(]\s*", who)[-1]
        who = re.sub(r"^(?:and|but|while|as|that|however)\s+", "", who, flags=re.I)
        name = _source_name(who)
        if name is not None:
            return _same(name, previous), _VERB_HEDGE.get(
                frame.group("verb").lower(), Hedging.STATED
            )
    return None, Hedging.STATED


def _same(name: str, previous: str | None) -> str:
    if re.match(r"^the\s+same\s+source", name, re.I) and previous:
        return previous
    return name


def stance(statement_words: str, sentence: str, previous_source: str | None = None) -> Stance:
    """The hedging and attribution of a statement, from its own words and its sentence's frame."""
    source, frame_hedge = attribution(sentence, previous_source)
    hedging = hedge_words(statement_words)
    if hedging is Hedging.STATED:
        hedging = frame_hedge
    return Stance(hedging, source)
