"""`frontline gazetteer`: look places up, index a gazetteer folder, import a GeoNames dump.

The parser is built for every command; what the actions use is imported when one runs, so that
the others start without SQLite and the index's code.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import FrontlineError

if TYPE_CHECKING:
    from engine.gazetteer.store import Entry, Store

_HOW = ("name", "spelling", "near miss")  # by tier: exact, loose, skeleton
_KIND_ORDER = {"country": 0, "governorate": 1, "city": 2, "town": 3, "district": 4}


def open_gazetteer(folder: str | None) -> Store:
    """The bundled gazetteer, or a folder of gazetteer files."""
    from engine.gazetteer.store import Store

    if folder is None:
        return Store.bundled()
    if (Path(folder) / "scenario.toml").is_file():
        raise FrontlineError(f"{folder}: a scenario folder; `frontline places` lists its places")
    return Store.of_folder(Path(folder))


def _unit_name(store: Store, unit_id: str, cache: dict[str, str]) -> str:
    if unit_id and unit_id not in cache:
        unit = store.get(unit_id)
        cache[unit_id] = unit.name if unit is not None else unit_id
    return cache.get(unit_id, "")


def candidates(
    store: Store, name: str, country: str | None = None, near: tuple[float, float] | None = None
) -> list[tuple[str, float | None, Entry]]:
    """The entries a name may mean, best first: how it matched, the distance from `near`."""
    from engine.gazetteer.index import EXACT, LOOSE, SKELETON
    from engine.gazetteer.store import distance_km
    from engine.model.spelling import loose_key, place_key, skeleton

    found: dict[int, tuple[int, int]] = {}
    for tier, key in ((EXACT, place_key(name)), (LOOSE, loose_key(name)),
                      (SKELETON, skeleton(name))):  # fmt: skip
        if not key:
            continue
        for number, quality in store.keyed(tier, [key]).get(key, []):
            found.setdefault(number, (tier, quality))
    entries = store.entries(found)
    rows = []
    for number, entry in entries.items():
        if country and country.lower() not in (entry.country, place_key(entry.country)):
            continue
        tier, quality = found[number]
        away = distance_km(near, entry.point) if near and entry.point else None
        rows.append((tier, quality, away, entry))
    rows.sort(
        key=lambda r: (
            r[0], r[2] if r[2] is not None else 0.0, r[1],
            _KIND_ORDER.get(r[3].kind, 5), -(r[3].population or 0), r[3].id,
        )
    )  # fmt: skip
    return [(_HOW[tier], away, entry) for tier, _q, away, entry in rows]


def _point(store: Store, text: str) -> tuple[float, float]:
    """A point given as "lat,lon" or as a place's name."""
    parts = text.split(",")
    if len(parts) == 2:
        try:
            return float(parts[0]), float(parts[1])
        except ValueError:
            pass
    found = [e for _how, _away, e in candidates(store, text) if e.point is not None]
    if not found:
        raise FrontlineError(f"--near {text!r}: no such place in the gazetteer")
    point = found[0].point
    assert point is not None
    return point


def cmd_find(args: argparse.Namespace) -> int:
    """List the places a name may mean, with where each is."""
    store = open_gazetteer(args.gazetteer)
    near = _point(store, args.near) if args.near else None
    rows = candidates(store, args.name, args.country, near)[: args.limit]
    units: dict[str, str] = {}
    records: list[dict[str, Any]] = [
        {
            "id": e.id, "name": e.name, "kind": e.kind, "country": e.country,
            "governorate": _unit_name(store, e.governorate, units),
            "district": _unit_name(store, e.district, units), "lat": e.lat, "lon": e.lon,
            "matched": how, "km": None if away is None else round(away, 1),
        }
        for how, away, e in rows
    ]  # fmt: skip
    if args.json:
        print(json.dumps(records, indent=2, ensure_ascii=False))
        return 0
    from engine.cli.output import terminal_width
    from engine.wording import safe, table

    if not records:
        print(f"no place called {safe(args.name)!r} in {safe(store.label)}")
        return 1
    columns = ["id", "name", "kind", "district", "governorate", "country", "lat, lon", "matched"]
    if near is not None:
        columns.append("km")
    body = [
        [
            r["id"], r["name"], r["kind"], r["district"], r["governorate"], r["country"],
            "" if r["lat"] is None else f"{r['lat']:.4f}, {r['lon']:.4f}", r["matched"],
            *([] if near is None else ["" if r["km"] is None else str(r["km"])]),
        ]
        for r in records
    ]  # fmt: skip
    print(table(columns, body, terminal_width()))
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    """Index a gazetteer folder (by default the bundled one, in a checkout of Frontline)."""
    from engine.gazetteer.index import build
    from engine.gazetteer.store import BUNDLED_INDEX, BUNDLED_SOURCES, INDEX_FILE, Store

    if args.folder is None:
        if not BUNDLED_SOURCES.is_dir():
            raise FrontlineError(
                "the bundled gazetteer's files are not here (an installed Frontline ships its "
                "index ready); give a folder to index"
            )
        source, target = BUNDLED_SOURCES, BUNDLED_INDEX
    else:
        source = Path(args.folder)
        target = source / INDEX_FILE
    store = Store(build(source, target), str(target))
    print(f"{target}: {store.meta.get('entries', '?')} places and admin units indexed")
    for line in json.loads(store.meta.get("unmatched", "[]")):
        print(f"  left out: {line}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Turn a GeoNames country dump into a gazetteer folder, with its index."""
    from engine.gazetteer.geonames import import_geonames
    from engine.gazetteer.index import build
    from engine.gazetteer.store import INDEX_FILE

    admin1 = Path(args.admin1) if args.admin1 else None
    done = import_geonames(Path(args.dump), Path(args.output), admin1, force=args.force)
    build(done.folder, done.folder / INDEX_FILE).close()
    print(
        f"{done.folder}: {done.localities} places, {done.governorates} governorates, "
        f"{done.districts} districts and {done.facilities} facilities of {done.country}.\n"
        f"Use it with: frontline extract ARTICLE --gazetteer {done.folder}"
    )
    return 0


GAZETTEER_HELP = (
    "a folder of gazetteer files (such as `gazetteer import` writes) or a scenario folder whose "
    "places to use (default: the bundled gazetteer of Syria, Iraq, Ukraine and Libya)"
)


def add_parser(commands: Any) -> None:
    """The `gazetteer` command and its subcommands."""
    text = "look places up in the gazetteer, index a gazetteer folder, import a GeoNames dump"
    gazetteer = commands.add_parser("gazetteer", help=text, description=text)
    actions = gazetteer.add_subparsers(dest="gazetteer_command", metavar="ACTION", required=True)

    def action(name: str, handler: Callable[[argparse.Namespace], int], help_text: str
               ) -> argparse.ArgumentParser:  # fmt: skip
        sub: argparse.ArgumentParser = actions.add_parser(
            name, help=help_text, description=help_text
        )
        sub.set_defaults(gazetteer_handler=handler)
        return sub

    find = action("find", cmd_find, "list the places a name may mean, with where each is")
    find.add_argument("name", help="a place's name, in any spelling")
    find.add_argument("--country", help="only places of this country (syria, iraq, ...)")
    find.add_argument("--near", metavar="PLACE", help="nearest first to a place, or to LAT,LON")
    find.add_argument("--limit", type=int, default=20, help="at most this many (default: 20)")
    find.add_argument(
        "--gazetteer", metavar="DIR", help="a folder of gazetteer files (default: the bundled one)"
    )
    find.add_argument("--json", action="store_true", help="print JSON for scripts")
    index = action("index", cmd_index, "index a gazetteer folder, so that it loads at once")
    index.add_argument("folder", nargs="?", help="the folder (default: the bundled gazetteer)")
    importing = action("import", cmd_import, "make a gazetteer folder of a GeoNames country dump")
    importing.add_argument("dump", help="a GeoNames country file (XX.txt, 19 columns)")
    importing.add_argument("--admin1", metavar="FILE", help="GeoNames admin1CodesASCII.txt")
    importing.add_argument("-o", "--output", metavar="DIR", required=True, help="the folder")
    importing.add_argument(
        "--force", action="store_true", help="write into a folder that is not empty"
    )
