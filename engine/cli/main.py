"""The `frontline` command: ask a scenario who held what, since when, and which sentence says so."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from engine import __version__
from engine.cli.export import add_parser as add_export_parser
from engine.cli.gazetteer import GAZETTEER_HELP
from engine.cli.gazetteer import add_parser as add_gazetteer_parser
from engine.cli.output import (
    change_json,
    control_json,
    describe,
    event_json,
    faction_json,
    fitted,
    hedge,
    implied_lines,
    iso,
    period_json,
    period_lines,
    place_json,
    quoted,
    region_json,
    report_json,
    terminal_width,
    uncertain_lines,
)
from engine.cli.progress import TerminalProgress
from engine.errors import FrontlineError
from engine.formats.scenario_files import load_scenario
from engine.formats.scenario_writer import EVENTS_FORMATS, check_output_folder, write_scenario
from engine.model.dates import parse_date
from engine.model.events import EVENT_KINDS, Event, factions_named
from engine.model.names import name_key
from engine.model.scenario import Scenario
from engine.replay.cache import replayer_of
from engine.replay.replayer import Change
from engine.wording import counted, period_note, safe, summary, table

# Commands import what only they need when they run (check, extract, synth, tui), so that the
# others start quickly.

# Exit statuses: 0 fine, 1 `check` found problems (or, with --strict, disagreements),
# 2 bad input (arguments or files).
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
# --force of the commands that write a scenario folder (extract, synth)
FORCE_HELP = "replace a scenario already in the folder, whole (never a folder of other files)"


class Session:
    """A loaded scenario with its replayer, and the way the user asked for output."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.scenario = read_scenario(args.scenario)
        progress = TerminalProgress(f"replaying {len(self.scenario.log):,} events")
        try:  # a big scenario is folded once, then its saved index read back (seconds: shown)
            self.replayer = replayer_of(self.scenario, progress)
        finally:
            progress.clear()
        self.as_json: bool = args.json
        self.width = terminal_width()  # what tables fit

    def date(self, text: str) -> dt.date:
        """A date from the command line; the year defaults to the scenario's."""
        return parse_date(text, year=self.scenario.start.year)

    def place(self, text: str) -> str:
        """A place or region id from any of its names (of namesakes, the one events name)."""
        log, places = self.scenario.log, self.scenario.world.places
        found = places.resolve(text, lambda: log.times_named.keys())
        others = [] if text == found else places.namesakes(found)
        if others:  # the one meant was chosen among namesakes: say which the others are
            shown = "; ".join(f"{i} ({places.describe(i)})" for i in others[:3])
            more = f" and {len(others) - 3:,} more" if len(others) > 3 else ""
            print(
                f"frontline: note: {safe(text)!r} is taken as {found} ({places.describe(found)}); "
                f"the name is also {safe(shown)}{more}: give an id for another",
                file=sys.stderr,
            )
        return found

    def period_note(self, day: dt.date) -> str:
        """What an answer for a day means when the day is outside the scenario's period."""
        return period_note(day, self.scenario.start, self.scenario.end)

    def faction(self, text: str) -> str:
        """A faction id from any of its names."""
        return self.scenario.world.factions.resolve(text)

    def emit(self, data: Any, text: str) -> None:
        """Print JSON or the human text."""
        print(json.dumps(data, indent=2, ensure_ascii=False) if self.as_json else text)


def _day_heading(day: dt.date) -> str:
    return f"{day.isoformat()} ({day.strftime('%A')})"


UNCERTAIN_HINT = (
    "(uncertain: an event dated by a range may already have changed it; "
    "`at DATE --place P` names the event)"
)


def cmd_at(session: Session, args: argparse.Namespace) -> int:
    """Who held each place at the end of a day."""
    day = session.date(args.date)
    world, log = session.scenario.world, session.scenario.log
    if args.place:
        target = session.place(args.place)
        members = sorted(world.places.members(target))
        rows = [
            control_json(world.places.place(p), session.replayer.control_at(p, day), log)
            for p in members
        ]
        if target in world.places.regions:
            data = region_json(world.places.regions[target], rows)
        else:
            data = rows[0]
        lines = [f"{safe(world.places.label(target))} as of {_day_heading(day)}"]
        note = session.period_note(day)
        if note:
            lines.append(f"  {note}")
            data = {**data, "note": note}
        for row in rows:
            control = session.replayer.control_at(row["place"], day)
            since = f" since {row['since']}" if row["since"] else ""
            lines.append(f"  {safe(row['name'])}: {describe(control)}{since}")
            event = log.by_id.get(row["event"]) if row["event"] else None
            if event is not None:
                lines.append(
                    f"    [{event.id}, {event.kind}{', ' + hedge(event) if hedge(event) else ''}]"
                )
                lines.append(quoted(event.provenance.quote, indent="    "))
            lines += implied_lines(control, log)
            lines += uncertain_lines(control, log)
        session.emit(data, "\n".join(lines))
        return 0
    state = session.replayer.at(day)
    places = list(world.places.places)
    territory = session.replayer.territory(state, by_side=True)
    data = {
        "date": day.isoformat(),
        "places": [control_json(p, state.of(p.id), log) for p in places],
        "territory": {
            "factions": dict(session.replayer.territory(state).most_common()),
            "coalitions": dict(territory.most_common()),
            "places": len(places),
        },
    }
    total = len(places)
    unknown = total - sum(territory.values())
    named = {t for e in log for t in e.places if world.places.is_place(t)}
    shown = [p for p in places if args.all or p.id in named]
    # Rows of one name are told apart by their ids ("At Tabiyah (at_tabiyah_172356)").
    names = Counter(name_key(p.name) for p in shown)
    label = {p.id: f"{p.name} ({p.id})" if names[name_key(p.name)] > 1 else p.name for p in shown}
    note = session.period_note(day)
    if note:
        data["note"] = note
    lines = [
        f"{safe(session.scenario.title)} as of {_day_heading(day)}",
        *([note] if note else []),
        "",
        table(
            ["side", "places", "share"],
            [[c, n, f"{n / total:.0%}"] for c, n in territory.most_common()]
            + [["unknown", unknown, f"{unknown / total:.0%}"]],
            width=session.width,
        ),
        "",
        table(
            ["place", "controller", "since", "event"],
            [
                [label[p.id], describe(c), iso(c.since), c.event]
                for p, c in ((p, state.of(p.id)) for p in shown)
            ],
            width=session.width,
        ),
    ]
    if not args.all:
        lines.append(f"({counted(len(shown), 'place')} named by events; --all lists all {total:,})")
    if any(state.of(p.id).uncertain for p in shown):
        lines.append(fitted(UNCERTAIN_HINT, session.width))
    session.emit(data, "\n".join(lines))
    return 0


def cmd_timeline(session: Session, args: argparse.Namespace) -> int:
    """Every period of one place's control, with the event and quote behind each."""
    world, log = session.scenario.world, session.scenario.log
    target = session.place(args.place)
    data = []
    lines = []
    for place in sorted(world.places.members(target)):
        periods = session.replayer.timeline(place)
        where = world.places.place(place)
        data.append(
            {
                "place": place,
                "name": where.name,
                "lat": where.lat,
                "lon": where.lon,
                "periods": [period_json(p, log) for p in periods],
            }
        )
        lines += [
            f"{safe(world.places.place(place).name)} ({place})",
            *period_lines(periods, log),
            "",
        ]
    session.emit(data[0] if world.places.is_place(target) else data, "\n".join(lines).rstrip())
    return 0


def cmd_diff(session: Session, args: argparse.Namespace) -> int:
    """Places whose control differs between two days: first what each side gained and lost."""
    before, after = session.date(args.date1), session.date(args.date2)
    world = session.scenario.world
    changes = session.replayer.changes_between(before, after)
    sides = _gains(session, changes, before, after)
    data = {
        "from": before.isoformat(),
        "to": after.isoformat(),
        "sides": [{"side": s, "gained": g, "lost": lost, "net": g - lost} for s, g, lost in sides],
        "changes": [change_json(c, world) for c in changes],
    }
    by_side = table(
        ["side", "gained", "lost", "net"],
        [[side, g, lost, f"{g - lost:+d}" if g != lost else "0"] for side, g, lost in sides],
        width=session.width,
    )
    text = table(
        ["place", before.isoformat(), after.isoformat(), "event"],
        [
            [world.places.place(c.place).name, describe(c.before), describe(c.after), c.after.event]
            for c in changes
        ],
        width=session.width,
    )
    notes = [n for n in dict.fromkeys(map(session.period_note, (before, after))) if n]
    heading = f"{counted(len(changes), 'place')} changed"
    session.emit(
        {**data, "notes": notes} if notes else data,
        "\n".join([*notes, heading, *([by_side, ""] if sides else []), text]),
    )
    return 0


def _gains(
    session: Session, changes: Sequence[Change], before: dt.date, after: dt.date
) -> list[tuple[str, int, int]]:
    """(side, places gained, places lost) of each side whose ground changed between two days,
    the most gained first; a place's side is its controller's coalition on each day."""
    factions, replayer = session.scenario.world.factions, session.replayer
    allegiances = replayer.at(before).allegiance, replayer.at(after).allegiance
    gained: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    for change in changes:
        old, new = (
            "unknown" if c.controller is None else factions.side_of(c.controller, allegiance)
            for c, allegiance in zip((change.before, change.after), allegiances, strict=True)
        )
        if old != new:
            lost[old] += 1
            gained[new] += 1
    return sorted(
        ((side, gained[side], lost[side]) for side in gained | lost),
        key=lambda row: (row[2] - row[1], row[0]),
    )


def cmd_front(session: Session, args: argparse.Namespace) -> int:
    """The front on a day, or the ground gained and lost between two days."""
    from engine.cli.front import front_report  # loads shapely and networkx

    day = session.date(args.date1)
    later = session.date(args.date2) if args.date2 else None
    data, lines = front_report(session.scenario, session.replayer, day, later)
    notes = [n for n in dict.fromkeys(map(session.period_note, (day, later or day))) if n]
    if later is None:
        lines = [f"{safe(session.scenario.title)} as of {_day_heading(day)}", *notes, "", *lines]
    else:
        lines = [*notes, *lines]
    session.emit(data, "\n".join(lines))
    return 0


def cmd_events(session: Session, args: argparse.Namespace) -> int:
    """The event log, filtered by date, place, faction or kind."""
    world = session.scenario.world
    start = session.date(args.start) if args.start else None
    end = session.date(args.end) if args.end else None
    named: set[str] | None = None
    changed: set[str] = set()
    if args.place:
        # Events naming the place (or a place of the region), and region-wide events that
        # changed it; not every event about a region that happens to contain it.
        target = session.place(args.place)
        named = {target, *world.expand((target,))}
        changed = {e for p in named for e in session.replayer.events_that_changed(p)}
    faction = session.faction(args.faction) if args.faction else None

    def wanted(event: Event) -> bool:
        if start is not None and event.when.latest < start:
            return False
        if end is not None and event.when.earliest > end:
            return False
        if args.kind and event.kind != args.kind:
            return False
        if faction is not None and not any(
            world.factions.compatible(faction, f)
            for f in factions_named(event)
            if f in world.factions
        ):
            return False
        return named is None or bool(named.intersection(event.places)) or event.id in changed

    events = sorted(
        (e for e in session.scenario.log if wanted(e)), key=lambda e: (e.when.latest, e.position)
    )
    text = table(
        ["id", "date", "kind", "what", "hedging", "quote"],
        [
            [
                e.id,
                str(e.when),
                e.kind,
                summary(e, world),
                hedge(e),
                e.provenance.quote,
            ]
            for e in events
        ],
        width=session.width,
    )
    session.emit([event_json(e) for e in events], f"{text}\n({len(events)} events)")
    return 0


def cmd_places(session: Session, args: argparse.Namespace) -> int:
    """The places of the scenario, and the regions they belong to."""
    world = session.scenario.world
    regions_of: dict[str, list[str]] = {}
    for region in world.places.regions.values():
        for member in region.members:
            regions_of.setdefault(member, []).append(region.id)
    wanted_region = world.expand((session.place(args.region),)) if args.region else None
    places = [
        p
        for p in world.places.places
        if (not args.kind or p.kind == args.kind)
        and (wanted_region is None or p.id in wanted_region)
    ]
    data = [place_json(p, sorted(regions_of.get(p.id, []))) for p in places]
    text = table(
        ["id", "name", "kind", "lat", "lon", "district", "bank"],
        [[p.id, p.name, p.kind, p.lat, p.lon, p.district, p.bank] for p in places],
        width=session.width,
    )
    regions = table(
        ["region", "name", "kind", "places"],
        [[r.id, r.name, r.kind, len(r.members)] for r in world.places.regions.values()],
        width=session.width,
    )
    session.emit(data, f"{text}\n({counted(len(places), 'place')})\n\n{regions}")
    return 0


def cmd_factions(session: Session, args: argparse.Namespace) -> int:
    """The factions, their aliases and their coalitions."""
    world = session.scenario.world
    factions = list(world.factions)
    text = table(
        ["id", "name", "coalition", "aliases"],
        [
            [f.id, f.name, " > ".join(world.factions.chain(f.id)[1:]), "; ".join(f.aliases)]
            for f in factions
        ],
        width=session.width,
    )
    session.emit([faction_json(f, world) for f in factions], text)
    return 0


def cmd_check(session: Session, args: argparse.Namespace) -> int:
    """Check the scenario against its sources and its own claims."""
    from engine.cli.check import check

    report = check(session.scenario, session.replayer)
    lines = [
        f"{counted(len(session.scenario.log), 'event')}; {report.covered:,} of "
        f"{counted(report.dated_sentences, 'dated sentence')} covered by an event or listed as "
        f"skipped ({len(report.skipped):,} skipped)",
    ]
    if report.assertions:
        lines += [
            "",
            "Claims of the source against the replay:",
            table(
                ["event", "faction", "region", "claimed", "places", "ground", "agrees", "quote"],
                [
                    [
                        a.event,
                        a.faction,
                        a.region,
                        f"{a.claimed[0]:.0%}–{a.claimed[1]:.0%}",
                        f"{a.share:.1%} ({a.held}/{a.total})",
                        f"{a.area_share:.1%} ({a.held_km2:,.0f}/{a.total_km2:,.0f} km²)",
                        agreement(a.agrees_by),
                        a.quote,
                    ]
                    for a in report.assertions
                ],
                width=session.width,
            ),
        ]
    if report.implied:
        lines += [
            "",
            f"{counted(len(report.implied), 'holding')} implied by later events, stated by none "
            "(flagged implied in the replay):",
        ]
        lines += [fitted(str(p), session.width, "  ") for p in report.implied]
    if report.disagreements:
        differ = counted(len(report.disagreements), "place")
        lines += ["", f"{differ} where the source and the replay differ:"]
        lines += [fitted(str(p), session.width, "  ") for p in report.disagreements]
    if report.doubts:
        lines += ["", f"{counted(len(report.doubts), 'place')} to look at again:"]
        lines += [fitted(str(p), session.width, "  ") for p in report.doubts]
    if report.problems:
        lines += ["", f"{len(report.problems)} problems:"]
        lines += [fitted(str(p), session.width, "  ") for p in report.problems]
    failed = not report.ok or (args.strict and bool(report.disagreements))
    lines += ["", "not ok" if failed else "ok"]
    session.emit(report_json(report), "\n".join(lines))
    return EXIT_PROBLEMS if failed else 0


def agreement(measures: tuple[str, ...]) -> str:
    """Whether a claim agrees with the replay, and by what: "by area", "both" or "NO"."""
    return "NO" if not measures else "both" if len(measures) > 1 else f"by {measures[0]}"


def read_scenario(folder: Path | None) -> Scenario:
    """The scenario of a folder (the default one for None), said on a terminal while it is read
    (a big one takes seconds)."""
    progress = TerminalProgress(f"reading {folder or 'the default scenario'}")
    progress.note()
    try:
        return load_scenario(folder)
    finally:
        progress.clear()


def cmd_tui(args: argparse.Namespace) -> int:
    """Open the terminal UI; bad input is reported here, before it takes over the terminal."""
    scenario = read_scenario(args.scenario)
    day = None
    if args.at:
        day = parse_date(args.at, year=scenario.start.year)
        if not scenario.start <= day <= scenario.end:
            raise FrontlineError(
                f"--at {day}: outside the scenario's period, {scenario.start} to {scenario.end}"
            )
    if not is_terminal():
        raise FrontlineError("the terminal UI needs a terminal; the other commands print text")
    from tui.app import build_app  # only the terminal UI loads Textual

    app = build_app(scenario, day, freeze_loaded=True, screenshot_dir=args.screenshot_dir)
    app.run()
    return app.return_code or 0


def is_terminal() -> bool:
    """True when stdin and stdout are a terminal, where the terminal UI can run."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def cmd_extract(args: argparse.Namespace) -> int:
    """Draft a scenario from an article: write it, print it (table or JSON lines), or score it."""
    from engine.extraction import evaluate, extract, load_gazetteer, read_article_file
    from engine.extraction.evaluate import report_lines
    from engine.extraction.writer import article_name, jsonl_lines, preview, summary, write_draft

    article = Path(args.article)
    text = read_article_file(article)
    source = load_gazetteer(Path(args.gazetteer) if args.gazetteer else None)
    try:
        draft = extract(text, source.for_text(text), title=args.title or "", store=source.store)
    except FrontlineError as error:
        raise FrontlineError(f"{article}: {error}") from None
    notes = sys.stderr if args.format == "jsonl" else sys.stdout
    if args.output:
        folder = Path(args.output)
        write_draft(draft, source, folder, article_name(article, source), force=args.force)
        load_scenario(folder)  # what was written must load, or the extractor has a bug
        print(summary(draft, folder), file=notes)
    if args.format == "jsonl":
        for line in jsonl_lines(draft):
            print(line)
    elif not args.output and not args.evaluate:
        print(preview(draft, terminal_width()))
    if args.evaluate:
        lines = report_lines(evaluate(draft, load_scenario(args.evaluate)), args.evaluate)
        print("\n".join(lines), file=notes)
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    """Write a synthetic scenario folder of the size asked for."""
    from engine.testing.synth import DEFAULT_START, synthesize

    folder = Path(args.output)
    check_output_folder(folder, args.force)  # before minutes of work, not after
    start = parse_date(args.start) if args.start else DEFAULT_START
    inventing = TerminalProgress(f"inventing a war of {counted(args.events, 'event')}")
    scenario = synthesize(args.places, args.events, args.days, args.seed, start, inventing)
    inventing.clear()
    writing = TerminalProgress(f"writing {folder}")
    writing.note()
    write_scenario(scenario, folder, args.format, force=args.force)
    writing.clear()
    print(f"{folder}: {scenario.title}, {scenario.start} to {scenario.end}")
    return 0


_INVALID_CHOICE = re.compile(r"invalid choice: '?(?P<given>[^'\s]+)'? \(choose from (?P<all>.*)\)")
_UNRECOGNISED = "unrecognized arguments: "


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors say what was probably meant ("tiemline": timeline)."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and the message, with a suggestion where there is one; exit 2."""
        super().error(message + _suggestion(message, self))


def _suggestion(message: str, parser: argparse.ArgumentParser) -> str:
    """"; did you mean X?" for an unknown command or option of a parser's error, or ""."""
    found = _INVALID_CHOICE.search(message)
    if found:
        choices = re.findall(r"[\w-]+", found["all"])
        close = difflib.get_close_matches(found["given"], choices, n=2, cutoff=0.6)
    elif _UNRECOGNISED in message:
        given = [a for a in message.split(_UNRECOGNISED, 1)[1].split() if a.startswith("--")]
        options = sorted(_options(parser))
        close = [
            match
            for option in given
            for match in difflib.get_close_matches(option.split("=")[0], options, n=1)
        ]
    else:
        return ""
    return f"; did you mean {' or '.join(close)}?" if close else ""


def _options(parser: argparse.ArgumentParser) -> set[str]:
    """Every long option of a parser and of its commands."""
    found: set[str] = set()
    for action in parser._actions:  # argparse keeps them nowhere public
        found.update(o for o in action.option_strings if o.startswith("--"))
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                found |= _options(command)
    return found


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    scenario = argparse.ArgumentParser(add_help=False)  # every command that reads a scenario
    scenario.add_argument(
        "--scenario",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="scenario folder (default: the bundled Deir ez-Zor 2014 scenario)",
    )
    common = argparse.ArgumentParser(add_help=False, parents=[scenario])
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON for scripts"
    )
    parser = Parser(
        prog="frontline",
        description="Replay territorial control in a war from the sentences that report it.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"frontline {__version__}")
    commands: argparse._SubParsersAction[argparse.ArgumentParser] = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=Parser
    )

    def command(
        name: str, handler: Callable[[Session, argparse.Namespace], int], text: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text, parents=[common])
        sub.set_defaults(handler=handler)
        return sub

    at = command("at", cmd_at, "who held each place at the end of a day")
    at.add_argument("date", help="ISO (2014-07-03) or as written (3 July 2014, 3 July)")
    at.add_argument("--place", help="one place or region, by id, name or alias")
    at.add_argument(
        "--all", action="store_true", help="list every place, not only those named by events"
    )
    timeline = command(
        "timeline", cmd_timeline, "every period of one place's control, with its sentence"
    )
    timeline.add_argument("place", help="place or region, by id, name or alias")
    diff = command("diff", cmd_diff, "places whose control differs between two days")
    diff.add_argument("date1")
    diff.add_argument("date2")
    fronts = command(
        "front",
        cmd_front,
        "the front on a day: where hostile ground meets, pockets, encircled places, ground in km²; "
        "with a second day, the ground each side gained and lost",
    )
    fronts.add_argument("date1", metavar="DATE")
    fronts.add_argument("date2", metavar="DATE2", nargs="?", help="a later day to compare with")
    events = command("events", cmd_events, "the event log, filtered")
    events.add_argument("--from", dest="start", metavar="DATE", help="events ending on or after")
    events.add_argument("--to", dest="end", metavar="DATE", help="events starting on or before")
    events.add_argument(
        "--place", help="events naming this place (or a place of this region), or changing it"
    )
    events.add_argument("--faction", help="events naming this faction (or one of its members)")
    events.add_argument("--kind", choices=sorted(EVENT_KINDS), help="events of this kind")
    places = command("places", cmd_places, "the places and regions of the scenario")
    places.add_argument("--kind", help="only places of this kind (town, village, oilfield, ...)")
    places.add_argument("--region", help="only places of this region")
    command("factions", cmd_factions, "the factions, their aliases and coalitions")
    checking = command(
        "check",
        cmd_check,
        "check quotes, coverage of dated sentences, implied holders and the source's claims",
    )
    checking.add_argument(
        "--strict",
        action="store_true",
        help="also fail where the source and the replay differ (implied holders, claims)",
    )
    tui_text = "the terminal UI, the default: the map day by day, each change with its sentence"
    tui = commands.add_parser("tui", help=tui_text, description=tui_text, parents=[scenario])
    tui.add_argument(
        "--at", metavar="DATE", help="the day to open on: ISO (2014-07-03) or as written (3 July)"
    )
    tui.add_argument(
        "--screenshot-dir",
        metavar="DIR",
        type=Path,
        help="where screenshots (key s) are saved (default: the current directory)",
    )
    extract_text = "draft a scenario from an article: events with their sentences and a confidence"
    extracting = commands.add_parser("extract", help=extract_text, description=extract_text)
    extracting.add_argument("article", help="a plain-text article (the seed's layout, or prose)")
    extracting.add_argument(
        "-o", "--output", metavar="DIR", help="write the draft scenario folder here"
    )
    extracting.add_argument(
        "--format",
        choices=("table", "jsonl"),
        default="table",
        help="print the control events as a table (default) or as JSON lines",
    )
    extracting.add_argument("--gazetteer", metavar="DIR", help=GAZETTEER_HELP)
    extracting.add_argument("--title", help="the draft's title (default: the article's)")
    extracting.add_argument("--force", action="store_true", help=FORCE_HELP)
    extracting.add_argument(
        "--evaluate",
        metavar="SCENARIO",
        help="score the control events against a curated scenario of the same article",
    )
    add_gazetteer_parser(commands)
    add_export_parser(commands, scenario)
    synth_text = "write an invented war of any size, the same for the same seed: to test at scale"
    synth = commands.add_parser("synth", help=synth_text, description=synth_text)
    synth.add_argument("--places", type=int, default=1000, help="places (default: 1000)")
    synth.add_argument("--events", type=int, default=10000, help="events (default: 10000)")
    synth.add_argument("--days", type=int, default=365, help="days of the war (default: 365)")
    synth.add_argument("--seed", type=int, default=1, help="the random seed (default: 1)")
    # engine.testing.synth.DEFAULT_START, written out so that the parser does not load the
    # synthesiser.
    synth.add_argument("--start", metavar="DATE", help="its first day (default: 2020-01-01)")
    synth.add_argument("-o", "--output", metavar="DIR", required=True, help="the folder to write")
    synth.add_argument(
        "--format",
        choices=EVENTS_FORMATS,
        default="jsonl",
        help="the events file: events.jsonl (default; compact, for big logs), events.toml, or "
        "events.columns (binary, the fastest to load, for the biggest logs)",
    )
    synth.add_argument("--force", action="store_true", help=FORCE_HELP)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `frontline` command; problems become one message each and exit status 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.scenario = getattr(args, "scenario", None)
    args.json = getattr(args, "json", False)
    if args.command is None:
        if not is_terminal():  # piped or scripted: there is no screen for the UI, so the help
            parser.print_help()
            return 0
        args.command, args.at, args.screenshot_dir = "tui", None, None
    try:
        if args.command == "tui":
            return cmd_tui(args)
        if args.command == "extract":
            return cmd_extract(args)
        if args.command == "synth":
            return cmd_synth(args)
        if args.command == "gazetteer":
            handler: Callable[[argparse.Namespace], int] = args.gazetteer_handler
            return handler(args)
        session = Session(args)
        status: int = args.handler(session, args)
        return status
    except FrontlineError as error:
        for problem in error.problems:
            print(f"frontline: error: {safe(str(problem))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
