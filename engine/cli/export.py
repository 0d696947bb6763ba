"""`frontline export`: the scenario's control, events and ground in the formats other tools read.

The parser is built for every command; the exporters (shapely and networkx among what they use)
are imported when an export runs."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from engine.errors import FrontlineError

if TYPE_CHECKING:
    from engine.cli.main import Session
    from engine.exports.periods import Span

# Each format and what it holds, as `frontline export --help` lists them.
FORMATS = {
    "geojson": "each place's periods of control as points, with start/end and a timestamp for "
    "QGIS's and kepler.gl's time controls; with --at, that day's ground of each side, the "
    "contested and besieged ground and the front line as polygons and lines",
    "csv": "one row per period of a place's control, with where it is and its sentence",
    "events-csv": "one row per event, in the columns of an ACLED export (notes: the sentence)",
    "kml": "a placemark per place per period with its time span, coloured by side (Google Earth)",
    "graphml": "the places joined where their ground meets, with their control on one day "
    "(Gephi, networkx)",
    "timelinejs": "every event with its sentence, as TimelineJS 3 JSON",
    "svg": "the map of one day",
}
# Formats of one day: --at, or the scenario's last day.
ONE_DAY = ("graphml", "svg")

Writer = Callable[[TextIO], None]


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    scenario: argparse.ArgumentParser,
) -> argparse.ArgumentParser:
    """The `export` command, reading the scenario that the `scenario` parent parser names."""
    text = "write the scenario's control, events or ground in a format other tools read"
    # Wrapped here: the raw formatter keeps the listing's layout, and with it any long line.
    listing = "\n".join(
        textwrap.fill(words, 92, initial_indent=f"  {name:<11} ", subsequent_indent=" " * 14)
        for name, words in FORMATS.items()
    )
    parser = commands.add_parser(
        "export",
        help=text,
        description=f"{text}.\n\nformats:\n{listing}",
        epilog="Without --at, --from or --to: the whole log. Dates: ISO (2014-07-03) or as\n"
        "written (3 July 2014, 3 July).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[scenario],
    )
    parser.add_argument("format", metavar="FORMAT", help=", ".join(FORMATS))
    parser.add_argument(
        "--at",
        metavar="DATE",
        help="one day: the periods and events that cover it, and that day's ground or map",
    )
    parser.add_argument(
        "--from", dest="start", metavar="DATE", help="periods and events ending on or after it"
    )
    parser.add_argument(
        "--to", dest="end", metavar="DATE", help="periods and events starting on or before it"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write this file (whole or not at all), not stdout"
    )
    parser.add_argument("--width", type=int, help="svg only: width in pixels (default: 1200)")
    parser.add_argument("--height", type=int, help="svg only: height in pixels (default: 800)")
    parser.set_defaults(handler=cmd_export)
    return parser


def _days(session: Session, args: argparse.Namespace) -> tuple[Span, dt.date | None]:
    """The days asked for, checked: the span of periods and events, and the one day, if any."""
    from engine.exports.periods import Span

    scenario = session.scenario
    asked = {
        option: session.date(text)
        for option, text in (("--at", args.at), ("--from", args.start), ("--to", args.end))
        if text
    }
    for option, day in asked.items():
        if not scenario.start <= day <= scenario.end:
            raise FrontlineError(
                f"{option} {day}: outside the scenario's period, {scenario.start} to {scenario.end}"
            )
    at, first, last = asked.get("--at"), asked.get("--from"), asked.get("--to")
    if at is not None and (first or last):
        raise FrontlineError("--at gives one day, --from and --to a range: give one or the other")
    if first and last and first > last:
        raise FrontlineError(f"--from {first} is after --to {last}")
    if args.format in ONE_DAY and (first or last):
        raise FrontlineError(f"{args.format} shows one day: give it with --at, not --from/--to")
    if at is not None:
        return Span(at, at), at
    return Span(first, last), None


def _writer(session: Session, args: argparse.Namespace) -> Writer:
    """What writes the export asked for, its arguments checked before anything is written."""
    name = args.format
    if name not in FORMATS:
        raise FrontlineError(f"unknown format {name!r}; formats: {', '.join(FORMATS)}")
    if name != "svg" and (args.width is not None or args.height is not None):
        raise FrontlineError("--width and --height are for svg only")
    span, day = _days(session, args)
    scenario, replayer = session.scenario, session.replayer
    one_day = day or scenario.end
    if name == "geojson":
        from engine.exports.geojson import write_geojson

        return lambda stream: write_geojson(stream, scenario, replayer, span, day)
    if name == "csv":
        from engine.exports.csv_tables import write_periods_csv

        return lambda stream: write_periods_csv(stream, scenario, replayer, span)
    if name == "events-csv":
        from engine.exports.csv_tables import write_events_csv

        return lambda stream: write_events_csv(stream, scenario, span)
    if name == "kml":
        from engine.exports.kml import write_kml

        return lambda stream: write_kml(stream, scenario, replayer, span)
    if name == "graphml":
        from engine.exports.graphml import write_graphml

        return lambda stream: write_graphml(stream, scenario, replayer, one_day)
    if name == "timelinejs":
        from engine.exports.timelinejs import write_timelinejs

        return lambda stream: write_timelinejs(stream, scenario, span)
    sizes = {"width": args.width, "height": args.height}
    for option, pixels in sizes.items():
        if pixels is not None and pixels < 1:
            raise FrontlineError(f"--{option} {pixels}: must be at least 1 pixel")
    from engine.exports.svg import svg_map

    size = {option: pixels for option, pixels in sizes.items() if pixels is not None}

    def write_svg(stream: TextIO) -> None:
        stream.write(svg_map(scenario, replayer, one_day, **size))

    return write_svg


def output_path(text: str) -> Path:
    """The file given with -o, checked before any work: its folder must exist, and it must not be
    a folder itself."""
    path = Path(text)
    if path.is_dir():
        raise FrontlineError(f"-o {text}: a folder; give the name of a file")
    if not path.parent.is_dir():
        raise FrontlineError(f"-o {text}: there is no folder {path.parent}")
    return path


def cmd_export(session: Session, args: argparse.Namespace) -> int:
    """Write one export to stdout, or to a file with -o."""
    target = output_path(args.output) if args.output else None
    write = _writer(session, args)
    if target is None:
        write(sys.stdout)
        return 0
    from engine.files import write_text_atomically

    try:
        write_text_atomically(target, write)
    except OSError as error:
        raise FrontlineError(f"-o {target}: {error.strerror or error}") from None
    return 0
