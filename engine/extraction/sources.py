"""Reading the inputs of an extraction: the article file and the gazetteer to find places in.

The gazetteer is the bundled one (Syria, Iraq, Ukraine, Libya), a folder of gazetteer files in
its layout (such as `frontline gazetteer import` writes), or a scenario folder's own places.

Bad input is reported as one `FrontlineError` line (a missing, empty, binary or garbled file, a
folder that is not a scenario), never a traceback.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import field, frozen

from engine.errors import FrontlineError
from engine.extraction.toponyms import Gazetteer
from engine.files import regular_file
from engine.formats.scenario_files import GAZETTEER_FILES, load_scenario
from engine.gazetteer.files import read_places, read_tsv
from engine.gazetteer.store import Store
from engine.model.frozen import read_only


def read_article_file(path: Path) -> str:
    """The text of an article file, checked to be readable prose (newlines made "\\n")."""
    if not path.exists():
        raise FrontlineError(f"{path}: no such file")
    if path.is_dir():
        raise FrontlineError(f"{path}: is a folder, not an article file")
    try:
        data = regular_file(path).read_bytes()
    except OSError as error:
        raise FrontlineError(f"{path}: cannot read: {error.strerror or error}") from None
    if not data.strip():
        raise FrontlineError(f"{path}: the file is empty")
    if b"\x00" in data:
        raise FrontlineError(f"{path}: not a text file (it holds binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FrontlineError(
            f"{path}: not UTF-8 text (byte {error.start} cannot be read); save it as UTF-8"
        ) from None
    # The scenario loader reads sources with universal newlines: spans must count the same.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    visible = [ch for ch in text if not ch.isspace()]
    letters = sum(1 for ch in visible if ch.isalpha())
    odd = sum(
        1
        for ch in visible
        if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cn") or ch == "\ufffd"
    )
    if len(visible) < 20 or letters < 0.5 * len(visible) or odd > 0.01 * len(visible):
        raise FrontlineError(f"{path}: does not look like article text (too few letters or words)")
    return text



@frozen
class GazetteerSource:
    """The gazetteer an extraction uses: an index of places, or a scenario folder's places and
    what a draft copies of them."""

    folder: Path | None  # None for the bundled gazetteer
    store: Store | None = None  # a gazetteer index
    gazetteer: Gazetteer | None = None  # a scenario's own places
    config: Mapping[str, Any] = field(converter=read_only, factory=dict)  # its [gazetteer]
    places_toml: Mapping[str, Any] = field(converter=read_only, factory=dict)

    @property
    def name(self) -> str:
        """How the draft names where its places come from."""
        return self.folder.name if self.folder is not None else "the bundled gazetteer"

    @property
    def files(self) -> tuple[str, ...]:
        """A scenario's gazetteer files to copy into a draft, as its scenario.toml names them."""
        names: list[str] = list(self.config.get("places", []))
        names += [self.config[key] for key in GAZETTEER_FILES if key in self.config]
        return tuple(names)

    def for_text(self, text: str) -> Gazetteer:
        """The places an article may name."""
        if self.gazetteer is not None:
            return self.gazetteer
        assert self.store is not None  # one of the two is given
        return Gazetteer.for_text(self.store, text)


def load_gazetteer(folder: Path | None = None) -> GazetteerSource:
    """The bundled gazetteer, a folder of gazetteer files, or a scenario folder's places."""
    if folder is None:
        return GazetteerSource(None, Store.bundled())
    if not folder.is_dir():
        raise FrontlineError(f"{folder}: no such gazetteer folder")
    if not (folder / "scenario.toml").is_file():
        return GazetteerSource(folder, Store.of_folder(folder))
    scenario = load_scenario(folder)
    config = tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))
    table = config.get("gazetteer", {})
    extra_path = folder / config.get("places", "places.toml")
    extra = tomllib.loads(extra_path.read_text(encoding="utf-8")) if extra_path.is_file() else {}
    # A place in several gazetteer files is the first file's; its rank orders same-named places.
    ranks: dict[str, int] = {}
    for rank, name in enumerate(table.get("places", [])):
        places, _problems = read_places(folder / name)
        for place in places:
            ranks.setdefault(place.id, rank)
    seats: dict[str, str] = {}
    if "admin" in table:
        for _line, row in read_tsv(folder / table["admin"]):
            if row.get("placetype") == "governorate" and row.get("seat_id"):
                seats[row["id"]] = row["seat_id"]
    gazetteer = Gazetteer.of(scenario.world, ranks, seats)
    return GazetteerSource(folder, None, gazetteer, table, extra)
