"""Build hook: the bundled gazetteer's index, made from gazetteer/world when it is missing or
older than its files, and shipped in the wheel (engine/gazetteer/world.sqlite)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class GazetteerIndexHook(BuildHookInterface):  # type: ignore[type-arg]
    """Builds the index before the wheel (or the editable install) is made."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Build the index if it is stale, and ship it."""
        root = Path(self.root)
        sys.path.insert(0, str(root))
        from engine.gazetteer.index import build, stale

        sources = root / "gazetteer" / "world"
        target = root / "engine" / "gazetteer" / "world.sqlite"
        if stale(target, sources):
            build(sources, target).close()
        build_data["artifacts"].append("engine/gazetteer/world.sqlite")
