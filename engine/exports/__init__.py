"""Exports: a scenario's control, events and ground in the formats other tools read (GeoJSON, CSV,
KML, GraphML, TimelineJS, SVG), each written by a function of its own module."""
