"""Threading decisions of a fault run against the offline pipeline (``wirefeed process``) over the same dispatches.

The workers log every event they publish (``<kind> <dispatch id> <story id> -> <topic>``), in the order
their ``thread`` agent decided them.  Merged over the workers by time, the first line of each dispatch
gives the order in which the cluster threaded it; a language is threaded by one worker at a time, so
that order is exact within a language.  The offline pipeline threads the same raw messages in that
order (one fresh in-memory state, the envelope's ``received_at`` as clock: the 7-day window, the
12-hour and 24-hour rules cannot tell seconds apart) and each dispatch's primary event and the link
events are compared field by field.  A difference is a decision that depended on where and when the
dispatch was threaded: a bug of the index rebuild after a rebalance, or of the replay after a crash.
For comparison, ``sent_order_diff`` counts the differences with the offline pipeline over the
dispatches in the order they were *sent* (the input file's order).
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Iterable

from streams.pipeline import Pipeline, route

_LINE = re.compile(r"\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})\] \[\d+\] \[INFO\] "
                   r"(new|update|correction|repeat|duplicate|link|rejected) (\S+) (\S*) -> (\S+)")
FIELDS = ("kind", "story_id", "version", "supersedes", "duplicate_of", "related")


def threading_order(logs: Iterable[str]) -> list[str]:
    """Dispatch ids in the order the workers first published their primary event."""
    lines: list[tuple[datetime, int, int, str]] = []
    for w, text in enumerate(logs):
        for n, line in enumerate(text.splitlines()):
            m = _LINE.search(line)
            if m and m.group(2) not in ("link", "rejected"):
                lines.append((datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f"), w, n, m.group(3)))
    seen: dict[str, None] = {}
    for *_, ident in sorted(lines):
        seen.setdefault(ident, None)
    return list(seen)


def decision(ev: dict[str, Any]) -> tuple:
    return tuple(sorted(ev.get(f) or []) if f == "related" else ev.get(f) for f in FIELDS)


def offline(order: list[str], values: dict[str, bytes]) -> tuple[dict[str, tuple], set[tuple]]:
    """The offline pipeline over ``values`` in ``order``: primary decision per id, and the link events."""
    pipe = Pipeline()
    primary: dict[str, tuple] = {}
    links: set[tuple] = set()
    for ident in order:
        if ident not in values:
            continue
        evs = pipe.process(values[ident])
        for ev in evs:
            if ev.get("kind") == "link":
                links.add((ident, ev.get("story_id"), tuple(sorted(ev.get("related") or []))))
            else:
                primary[ident] = (*decision(ev), route(ev))
    return primary, links


def compare(events: dict[str, list[dict[str, Any]]], logs: Iterable[str], values: dict[str, bytes]) -> dict[str, Any]:
    """Online events (per output topic) against the offline pipeline in the cluster's threading order."""
    order = threading_order(logs)
    off, off_links = offline(order, values)
    on: dict[str, tuple] = {}
    on_links: set[tuple] = set()
    for topic, evs in events.items():
        for ev in evs:
            ident = ev.get("dispatch_id")
            if ev.get("kind") == "link":
                on_links.add((ident, ev.get("story_id"), tuple(sorted(ev.get("related") or []))))
                continue
            on.setdefault(ident, (*decision(ev), topic))
    diffs = []
    for ident in order:
        if ident in off and ident in on and off[ident] != on[ident]:
            diffs.append({"id": ident, "online": dict(zip((*FIELDS, "topic"), on[ident])),
                          "offline": dict(zip((*FIELDS, "topic"), off[ident]))})
    both = {i for i in order if i in off and i in on}
    on_links = {x for x in on_links if x[0] in both}
    off_links = {x for x in off_links if x[0] in both}
    for x in sorted(on_links ^ off_links):
        diffs.append({"id": x[0], "link": {"story_id": x[1], "related": list(x[2])},
                      "only": "online" if x in on_links else "offline"})
    # the same dispatches in the order they were sent (what `wirefeed process` over the input file does)
    sent, sent_links = offline(list(values), values)
    sent_diff = sum(1 for i in both if sent.get(i) != on[i]) + len(
        {x for x in sent_links if x[0] in both} ^ on_links)
    return {"compared": len(both), "links": len(on_links), "differences": diffs, "sent_order_diff": sent_diff,
            "not_in_logs": sorted(set(values) - set(order))[:10]}
