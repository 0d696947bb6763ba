"""Read-only values for the fields of frozen classes."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenMapping(Mapping[K, V]):
    """A mapping that nothing can change once made: read_only keeps it as it is, uncopied (a
    copy of a hundred thousand places made on demand would make them all)."""


def read_only(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """A read-only copy of a mapping (a converter for mapping fields of frozen attrs classes)."""
    if isinstance(mapping, FrozenMapping):
        return mapping
    return MappingProxyType(dict(mapping))
