"""TimelineJS 3 JSON: every event on a timeline, with its sentence. TimelineJS renders headlines
and text as HTML, so every piece of text from files and articles is escaped for HTML."""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from typing import Any, TextIO

from engine.exports.periods import EVERY_DAY, Span, attribution, events_in
from engine.model.events import Event
from engine.model.scenario import Scenario
from engine.wording import hedge_words, summary


def _date(day: dt.date) -> dict[str, int]:
    return {"year": day.year, "month": day.month, "day": day.day}


def _body(scenario: Scenario, event: Event) -> str:
    """The slide's text: the quote, then how firmly it is said and where it comes from."""
    about = [hedge_words(event), "disputed" if event.disputes else "", attribution(scenario, event)]
    credit = ", ".join(escape(part) for part in about if part)
    return f"<blockquote>{escape(event.provenance.quote)}</blockquote><p>{credit}</p>"


def event_slide(scenario: Scenario, event: Event) -> dict[str, Any]:
    """One event as a TimelineJS slide: its date range, its summary and its sentence."""
    slide: dict[str, Any] = {"start_date": _date(event.when.earliest)}
    if not event.when.exact:
        slide["end_date"] = _date(event.when.latest)
    if event.when.phrase:
        slide["display_date"] = escape(event.when.phrase)
    slide["text"] = {
        "headline": escape(summary(event, scenario.world)),
        "text": _body(scenario, event),
    }
    slide["group"] = escape(event.kind)
    slide["unique_id"] = event.id
    return slide


def timeline(scenario: Scenario, span: Span = EVERY_DAY) -> dict[str, Any]:
    """The TimelineJS document of the events whose dates meet the span, in log order."""
    slides = [event_slide(scenario, event) for event in events_in(scenario, span)]
    first, last = span.first or scenario.start, span.last or scenario.end
    return {
        "title": {
            "text": {
                "headline": escape(scenario.title),
                "text": escape(f"{first.isoformat()} to {last.isoformat()}: {len(slides)} events"),
            }
        },
        "events": slides,
    }


def write_timelinejs(stream: TextIO, scenario: Scenario, span: Span = EVERY_DAY) -> None:
    """The TimelineJS JSON of `timeline`."""
    json.dump(timeline(scenario, span), stream, ensure_ascii=False, indent=1)
    stream.write("\n")
