"""Event fields are defined once, on the event classes: the file formats, the CLI's JSON and the
docs follow them, and a field renamed keeps loading under its old name."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from engine.cli.output import event_json
from engine.formats.event_tables import FIELD_SPECS, EventReader, event_table
from engine.model.events import EVENT_KINDS, kind_fields
from engine.model.log import LogBuilder

ROOT = Path(__file__).resolve().parent.parent


def control_table(**keys: Any) -> dict[str, Any]:
    return {
        "id": "e1",
        "kind": "control",
        "date": "2015-03-02",
        "quote": "rebels took the valley but for its fort",
        "span": [0, 39],
        "places": ["valley"],
        "controller": "rebels",
        **keys,
    }


def read(table: dict[str, Any]) -> Any:
    builder = LogBuilder()
    builder.add(EventReader(None, "article").values(table, 0))
    (event,) = builder.build()
    return event


def test_the_old_name_of_excluded_still_loads() -> None:
    old = read(control_table(**{"except": ["fort"]}))
    new = read(control_table(excluded=["fort"]))
    assert old == new
    assert new.excluded == ("fort",)


def test_giving_a_field_under_both_its_names_is_refused() -> None:
    with pytest.raises(ValueError, match="`excluded` or its old name `except`"):
        read(control_table(excluded=["fort"], **{"except": ["fort"]}))


def test_files_and_the_cli_spell_a_field_as_its_class_does() -> None:
    event = read(control_table(excluded=["fort"], previous="army"))
    assert event_table(event)["excluded"] == ["fort"]
    assert "except" not in event_table(event)
    data = event_json(event)
    for field in kind_fields(type(event)):
        assert field.name in data


@pytest.mark.parametrize("kind", list(EVENT_KINDS.values()), ids=lambda k: k.kind)
def test_the_scenario_format_documents_every_field_of_every_kind(kind: type) -> None:
    doc = (ROOT / "docs" / "scenario-format.md").read_text()
    row = re.search(rf"^\| `{kind.kind}` \|(.*)\|$", doc, re.MULTILINE)
    assert row is not None, f"no row for {kind.kind}"
    assert [spec.name for spec in FIELD_SPECS[kind.kind]] == [f.name for f in kind_fields(kind)]
    for spec in FIELD_SPECS[kind.kind]:
        # a date range is documented by its first and last day, any other field by its key
        for key in spec.keys[:2] if spec.shape is None else spec.keys[:1]:
            assert f"`{key}`" in row.group(1), f"{kind.kind}: {key}"


def casualty_table(**keys: Any) -> dict[str, Any]:
    return {
        "id": "e2",
        "kind": "casualties",
        "date": "2015-03-02",
        "quote": "twelve fighters were killed in all",
        "span": [0, 34],
        "places": ["valley"],
        "party": "rebels",
        **keys,
    }


@pytest.mark.parametrize("written", ["no", "false", 0, 1])
def test_a_flag_is_true_or_false_and_nothing_else(written: object) -> None:
    # "no" read as true would count a report's own figure as the war's running total
    with pytest.raises(ValueError, match="`cumulative` must be true or false"):
        read(casualty_table(killed=12, cumulative=written))
    assert read(casualty_table(killed=12, cumulative=True)).cumulative is True


@pytest.mark.parametrize("killed", [10**30, [1, 10**30], -1])
def test_a_count_beyond_any_report_is_refused(killed: object) -> None:
    with pytest.raises(ValueError, match="`killed` must be a number or"):
        read(casualty_table(killed=killed))


def test_a_quote_is_found_once_or_refused() -> None:
    text = "the fort fell; the fort fell again"
    reader = EventReader({"article": text}, "article")
    table = control_table(quote="the fort fell")
    del table["span"]
    with pytest.raises(ValueError, match="occurs 2 times"):
        reader.values(table, 0)
    builder = LogBuilder()
    builder.add(reader.values({**table, "quote": "fell again"}, 0))
    (event,) = builder.build()
    assert (event.provenance.start, event.provenance.end) == (text.index("fell again"), len(text))
