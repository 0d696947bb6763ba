"""The records fold (engine.replay.records) a column at a time, for the logs it can do so: those
whose every step acts on one named place or on none. At a million events the loop over steps
takes seconds; here numpy groups the records by place and carries each field forward along each
place's records, which is what the loop's common step does one step at a time. It gives the very
records the loop gives (held to it by tests/test_fold_at_once.py), or None for a log it cannot
fold (a region, several places, exclusions, a truce: the loop's general path)."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping
from typing import Any

from engine.model.events import SiegeLifted
from engine.model.frozen import read_only
from engine.model.log import CHANGES_CONTROL, KIND_CODES, Log
from engine.replay.apply import allegiance_after
from engine.replay.records import (
    BESIEGED_CODE,
    CONTESTED,
    CONTESTED_CODE,
    CONTROL,
    HELD_CODE,
    NO_RECORD,
    NOT_WRITTEN_OUT,
    ON_MANY,
    PENDING,
    ROUTE_OF_KIND,
    SIDE,
    SIEGE,
    UNKNOWN_CODE,
)

LIFTED = KIND_CODES[SiegeLifted]


def fold_at_once(
    log: Log, place_index: Mapping[str, int], progress: Callable[[float], None] | None = None
) -> dict[str, Any] | None:
    """The fields of the Records of a log's replay over the places numbered in `place_index`;
    None when some event takes the loop's general path."""
    import numpy as np  # only for logs big enough to be worth it

    c = log.columns()
    kind = np.frombuffer(c["kind"], dtype=np.uint8)
    route = _routes(c, kind, place_index)
    if bool((route == ON_MANY).any()):
        return None
    n = len(route)
    earliest = np.frombuffer(c["earliest"], dtype=np.intc).astype(np.int64)
    latest = np.frombuffer(c["latest"], dtype=np.intc).astype(np.int64)
    actor = np.frombuffer(c["actor"], dtype=np.intc)
    events = np.arange(n, dtype=np.int64)
    # Steps in replay order by one key: day, then event number; a ranged event's beginning
    # before the effect of the same number (the loop's merge of its begins).
    width = 2 * n + 2
    ranged = np.frombuffer(CHANGES_CONTROL, dtype=np.uint8)[kind].astype(bool) & (
        earliest != latest
    )
    begins = np.nonzero(ranged)[0]
    effect_key = latest * width + 2 * events + 1
    writes = np.nonzero(route >= 0)[0]
    keys = np.concatenate([earliest[begins] * width + 2 * begins, effect_key[writes]])
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    record_event = np.concatenate([begins, writes])[order]
    is_begin = np.concatenate([np.ones(len(begins), bool), np.zeros(len(writes), bool)])[order]
    count = len(keys)
    place = route[record_event]
    day = np.where(is_begin, earliest[record_event], latest[record_event])
    if progress is not None:
        progress(0.3)
    # Each place's records in order: position j of the chain is record chain[j].
    chain = np.argsort(place, kind="stable")
    p = place[chain]
    starts = np.ones(count, bool)
    starts[1:] = p[1:] != p[:-1]
    positions = np.arange(count, dtype=np.intc)

    def last(given: Any) -> Any:
        """Each position's last position of its place that gives a value (itself included), or
        its place's first position."""
        return np.maximum.accumulate(np.where(given | starts, positions, 0))

    def carried(values: Any, given: Any, initial: int, at: Any = None) -> Any:
        """Each position's value from the last position of its place that gives one (itself
        included), else `initial` (`at`: last(given), when known)."""
        at = last(given) if at is None else at
        return np.where(given[at], values[at], initial)

    event = record_event[chain]
    begin = is_begin[chain]
    what = np.where(begin, 255, kind[event])
    by = actor[event].astype(np.int64)
    days = day[chain]
    taking = what == CONTROL
    controller = carried(by, taking, NO_RECORD)
    before = np.empty(count, np.int64)
    before[:1] = NO_RECORD
    before[1:] = controller[:-1]
    before[starts] = NO_RECORD
    since = carried(days, taking & (by != before), 0)
    # A lifting changes a place only when it is besieged: when the last status set before it (by
    # a control change, a fight or a siege) was a siege, and no lifting came since.
    setting = taking | (what == CONTESTED) | (what == SIEGE)
    set_to = np.where(taking, HELD_CODE, np.where(what == CONTESTED, CONTESTED_CODE, BESIEGED_CODE))
    lifting = what == LIFTED
    lifts_before = np.cumsum(lifting) - lifting
    last_set = carried(set_to, setting, UNKNOWN_CODE)
    lifts_then = carried(lifts_before, setting | starts, 0)
    lifted = lifting & (last_set == BESIEGED_CODE) & (lifts_before == lifts_then)
    lifted_to = np.where(controller >= 0, HELD_CODE, UNKNOWN_CODE)
    acting = setting | lifted
    by_act = last(acting)
    status = carried(np.where(setting, set_to, lifted_to), acting, UNKNOWN_CODE, by_act)
    behind = carried(event, acting, NO_RECORD, by_act)
    # Ranged events pending on a place: open from their beginning's record to their effect's.
    opens = begin.astype(np.int64) - (~begin & ranged[event])
    open_count = np.cumsum(opens)
    open_sum = np.cumsum(opens * event)
    if progress is not None:
        progress(0.6)
    previous = np.full(count, NO_RECORD, np.int64)
    inner = ~starts
    previous[chain[inner]] = chain[np.nonzero(inner)[0] - 1]

    def in_record_order(values: Any) -> Any:
        out = np.empty(count, values.dtype)
        out[chain] = values
        return out

    status = in_record_order(status + PENDING * (open_count > 0))
    pending_count = in_record_order(open_count)
    pending_records = np.nonzero(pending_count)[0]
    codes = in_record_order(open_sum)[pending_records]
    table: dict[frozenset[int], int] = {}
    several = pending_records[pending_count[pending_records] > 1]
    if len(several):
        sets = _open_sets(chain, begin, ranged[event], event, open_count)
        for index in np.nonzero(pending_count[pending_records] > 1)[0].tolist():
            found = sets[int(pending_records[index])]
            codes[index] = -1 - table.setdefault(found, len(table))
    effect_order = None
    if n and not bool(np.all(latest[:-1] <= latest[1:])):
        effect_order = np.argsort(latest, kind="stable")
    in_effect_order = events if effect_order is None else effect_order
    changes, allegiances = [], []
    allegiance: Any = {}
    sides = in_effect_order[route[in_effect_order] == SIDE].tolist()
    for index in sides:
        moved = allegiance_after(log.event(index), allegiance)
        if moved is not None:
            allegiance = read_only(moved)
            changes.append((int(latest[index]), index))
            allegiances.append(allegiance)
    first_day = 0
    if n:
        first_day = int(latest[in_effect_order[0]])
        if len(begins):
            first_day = min(first_day, int(earliest[begins].min()))
    return {
        "place": _ints(place),
        "previous": _ints(previous),
        "controller": _ints(in_record_order(controller)),
        "status": bytearray(status.astype(np.uint8).tobytes()),
        "since": _ints(in_record_order(since)),
        "event": _ints(in_record_order(behind)),
        "day": _ints(day),
        "pending_records": _ints(pending_records),
        "pending_sets": _ints(codes),
        "pending_table": tuple(table),
        "before_effect": _ints(np.searchsorted(keys, effect_key, side="left")),
        "effect_days": _ints(latest[in_effect_order]),
        "effect_order": None if effect_order is None else _ints(effect_order),
        "allegiance_changes": tuple(changes),
        "allegiances": tuple(allegiances),
        "first_day": first_day,
    }


def _open_sets(
    chain: Any, begin: Any, ranged: Any, event: Any, open_count: Any
) -> dict[int, frozenset[int]]:
    """By record number, the ranged events pending on its place, at the records where several
    are at once: walked one record at a time over each stretch of a place's records during
    which some event is pending (a stretch begins with a beginning, and is short)."""
    import numpy as np

    busy = open_count > 0
    first = np.nonzero(busy & ~np.concatenate([[False], busy[:-1]]))[0]
    stop = np.nonzero(~busy & np.concatenate([[False], busy[:-1]]))[0]
    several = np.cumsum(open_count > 1)
    found: dict[int, frozenset[int]] = {}
    for a, b in zip(first.tolist(), stop.tolist(), strict=True):
        if several[b - 1] == (several[a - 1] if a else 0):
            continue  # never more than one at once in this stretch
        pending: set[int] = set()
        for j in range(a, b):
            number = int(event[j])
            if begin[j]:
                pending.add(number)
            elif ranged[j]:
                pending.discard(number)
            found[int(chain[j])] = frozenset(pending)
    return found


def _routes(columns: Mapping[str, Any], kind: Any, place_index: Mapping[str, int]) -> Any:
    """Per event, as engine.replay.records._Fold.routes gives it: the place it acts on alone,
    or how else it is folded."""
    import numpy as np

    names = columns["names"]
    number = np.array([place_index.get(name, ON_MANY) for name in names] + [ON_MANY])
    place_end = np.frombuffer(columns["place_end"], dtype=np.intc)
    places = np.frombuffer(columns["places"], dtype=np.intc)
    firsts = np.concatenate([[0], place_end[:-1]]).astype(np.intp)
    named = np.append(places, len(names))  # an event naming no place reads past the end
    route = number[named[firsts]]
    by_kind = np.array(ROUTE_OF_KIND + (ON_MANY,) * (256 - len(ROUTE_OF_KIND)))
    excluding = np.array(["excluded" in fields for fields in columns["others"]])
    other = np.frombuffer(columns["other"], dtype=np.intc)
    general = (place_end - firsts != 1) | np.frombuffer(NOT_WRITTEN_OUT, np.uint8)[kind].astype(
        bool
    )
    general |= excluding[other]
    return np.where(general, by_kind[kind], route)


def _ints(values: Any) -> array[int]:
    """A numpy array of numbers as an array.array of C ints (what the records hold)."""
    import numpy as np

    ints = array("i")
    ints.frombytes(np.ascontiguousarray(values, dtype=np.intc).tobytes())
    return ints
