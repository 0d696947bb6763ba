"""Read-only values for the fields of frozen classes."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any


def read_only(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """A read-only copy of a mapping (a converter for mapping fields of frozen attrs classes)."""
    return MappingProxyType(dict(mapping))
