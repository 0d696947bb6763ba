"""GraphML, for Gephi, Cytoscape and networkx: the places as nodes, joined where their ground
meets (with the length of the shared border), each with its control on one day."""

from __future__ import annotations

import datetime as dt
import io
from typing import TextIO

import networkx as nx
import numpy as np

from engine.exports.periods import xml_text
from engine.model.scenario import Scenario
from engine.replay.replayer import Replayer
from engine.territory.cache import partition_of
from engine.territory.front import hostile_pairs
from engine.territory.ground import sides_of


def control_graph(scenario: Scenario, replayer: Replayer, day: dt.date) -> nx.Graph:
    """The places joined where their cells share a border (`km`, and `hostile` where the sides
    differ), with their control at the end of a day. GraphML has no null: unknown is ""."""
    partition = partition_of(scenario)
    state = replayer.at(day)
    sides = sides_of(partition, replayer, state)
    places = scenario.world.places
    graph = nx.Graph(title=xml_text(scenario.title), date=day.isoformat())
    for place_id, side in zip(partition.place_ids, sides, strict=True):
        place, control = places.place(place_id), state.of(place_id)
        graph.add_node(
            xml_text(place_id),
            name=xml_text(place.name),
            kind=xml_text(place.kind),
            lat=place.lat,
            lon=place.lon,
            governorate=xml_text(place.governorate),
            district=xml_text(place.district),
            controller=xml_text(control.controller or ""),
            side=xml_text(side or ""),
            status=control.status.value,
            uncertain=control.uncertain,
            implied=control.implied,
            since=control.since.isoformat() if control.since else "",
            event=xml_text(control.event or ""),
        )
    ids = [xml_text(place_id) for place_id in partition.place_ids]
    a, b = partition.neighbours
    km = partition.border_km(np.arange(len(a)))
    hostile = hostile_pairs(partition, sides)
    for i, j, length, front in zip(
        a.tolist(), b.tolist(), km.tolist(), hostile.tolist(), strict=True
    ):
        graph.add_edge(ids[i], ids[j], km=round(length, 3), hostile=front)
    return graph


def write_graphml(stream: TextIO, scenario: Scenario, replayer: Replayer, day: dt.date) -> None:
    """The graph of `control_graph`, as networkx writes GraphML."""
    buffer = io.BytesIO()
    nx.write_graphml(control_graph(scenario, replayer, day), buffer, encoding="utf-8")
    stream.write(buffer.getvalue().decode("utf-8"))
