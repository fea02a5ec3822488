"""Which desks an event goes to, with the story's memory: versions follow their story.

Pure (no Kafka): the worker calls :meth:`Router.route` for each event it publishes and
sends the event to ``wire.desk.<name>`` for each name returned.  The memory is any
``MutableMapping`` (a dict offline, a Faust Table scoped by language in the worker):

* the first routable event of a story (``new``, a ``repeat`` or ``correction`` of a story
  never seen, or any version when the memory has no record) goes to the desks its own
  content matches, and the router records them: ``memory[story_id] = {"d": [names], "t": epoch s}``
  (one write per story; an empty list is recorded too: a story that reached no desk);
* a later event of a remembered story (``update``, ``correction``, ``link``, a replay of the
  first) goes to exactly the recorded desks that still exist and take its kind, whatever its
  own tags say: a desk gets every version of the stories it got, and never an update whose
  original it did not get;
* ``duplicate``, ``rejected`` and a ``repeat`` of a published story go to no desk;
  a ``link`` of a story the memory does not know goes to no desk (a link has no content).

Updates refresh the record's time (so a long-running story is not forgotten while it is
still being updated); :meth:`DeskMemory.expire_some` drops records older than the window.
"""
from __future__ import annotations

import time
from collections.abc import MutableMapping
from datetime import datetime, timedelta
from typing import Any

from .routes import Desk, Routes

DEFAULT_WINDOW = timedelta(days=7)
_FIRST_KINDS = ("new", "repeat", "correction", "update")


def routable(event: dict[str, Any]) -> bool:
    """Does this event reach the enriched topic (hence desks)?  Same rule as ``pipeline.route``."""
    kind = event.get("kind")
    if kind in ("rejected", "duplicate") or kind is None:
        return False
    if kind == "repeat" and event.get("duplicate_of"):
        return False
    return True


def _epoch(now: datetime | float | None, event: dict[str, Any]) -> int:
    if isinstance(now, (int, float)):
        return int(now)
    if isinstance(now, datetime):
        return int(now.timestamp())
    ts = event.get("received_at")
    if isinstance(ts, str):
        try:
            return int(datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp())
        except ValueError:
            pass
    return int(time.time())


class DeskMemory:
    """The desks each story's first version went to, in a mapping ``story_id -> {"d": [...], "t": s}``.

    Values are JSON-safe and always reassigned (never mutated in place), so every change
    reaches a Faust Table's changelog.
    """

    def __init__(self, state: MutableMapping[str, Any], window: timedelta = DEFAULT_WINDOW) -> None:
        self.state = state
        self.window = window
        self._pending: list[str] = []

    @property
    def scanning(self) -> bool:
        """An expiry pass is under way (call :meth:`expire_some` again)."""
        return bool(self._pending)

    def get(self, story_id: str) -> list[str] | None:
        rec = self.state.get(story_id)
        if isinstance(rec, dict) and isinstance(rec.get("d"), list):
            return [str(x) for x in rec["d"]]
        return None

    def remember(self, story_id: str, desks: list[str], t: int) -> None:
        self.state[story_id] = {"d": list(desks), "t": int(t)}

    def touch(self, story_id: str, t: int) -> None:
        rec = self.state.get(story_id)
        if isinstance(rec, dict) and isinstance(rec.get("t"), int) and t - rec["t"] > self.window.total_seconds() / 4:
            self.state[story_id] = {"d": list(rec.get("d") or []), "t": int(t)}  # at most a few writes per story

    def expire_some(self, now: datetime | float, budget_s: float = 0.005) -> int:
        """Delete records older than the window, for at most ``budget_s`` seconds; returns how many.

        Works through a snapshot of the keys across calls; call it again (e.g. after each event or
        on a timer) until it returns 0.
        """
        cutoff = _epoch(now, {}) - int(self.window.total_seconds())
        if not self._pending:
            self._pending = list(self.state.keys())
            self._pending.reverse()
        deadline = time.perf_counter() + budget_s
        n = 0
        while self._pending and time.perf_counter() < deadline:
            key = self._pending.pop()
            rec = self.state.get(key)
            if isinstance(rec, dict) and isinstance(rec.get("t"), (int, float)) and rec["t"] < cutoff:
                del self.state[key]
                n += 1
        return n


class Router:
    """Routes events to desks.  Swap the routes (after a reload) with :meth:`set_routes`; the
    memory is not tied to one routes version (desks that disappeared are skipped)."""

    def __init__(self, routes: Routes, window: timedelta = DEFAULT_WINDOW) -> None:
        self.routes = routes
        self.window = window

    def set_routes(self, routes: Routes) -> None:
        self.routes = routes

    def match(self, event: dict[str, Any]) -> list[str]:
        """The desks the event's own content matches (no memory: what a first version would get)."""
        if not routable(event):
            return []
        return [d.name for d in self.routes.desks if d.matches(event)]

    def route(self, event: dict[str, Any], state: MutableMapping[str, Any] | DeskMemory | None = None,
              now: datetime | float | None = None) -> list[str]:
        """The desks to publish the event to (names, in the routes file's order); records the
        desks of a story's first version in ``state`` (see the module docstring)."""
        return self.route_explained(event, state, now)[0]

    def route_explained(self, event: dict[str, Any], state: MutableMapping[str, Any] | DeskMemory | None = None,
                        now: datetime | float | None = None, explain: bool = False
                        ) -> tuple[list[str], dict[str, list[str]]]:
        """``route`` plus, when ``explain``, the reasons per desk (for ``wirefeed routes test``)."""
        reasons: dict[str, list[str]] = {}
        if not routable(event):
            if explain:
                reasons["*"] = [f"a {event.get('kind')} event goes to no desk"
                                + (" (its story was already published)" if event.get("kind") == "repeat" else "")]
            return [], reasons
        memory = state if isinstance(state, DeskMemory) or state is None else DeskMemory(state, self.window)
        sid = event.get("story_id")
        kind = event.get("kind")
        remembered = memory.get(sid) if memory is not None and isinstance(sid, str) else None
        if remembered is not None:
            out = []
            for d in self.routes.desks:
                if d.name in remembered and kind in d.kinds:
                    out.append(d.name)
                    if explain:
                        reasons[d.name] = [f"follows story {sid}: its first version went to this desk"]
                elif explain:
                    reasons[d.name] = [f"follows story {sid}: its first version did not go to this desk"
                                       if d.name not in remembered else f"kind {kind} is not one of {', '.join(d.kinds)}"]
            if memory is not None and kind in ("update", "correction") and isinstance(sid, str):
                memory.touch(sid, _epoch(now, event))
            return out, reasons
        out = []
        for d in self.routes.desks:
            ok, why = d.check(event, explain)
            if ok:
                out.append(d.name)
            if explain:
                reasons[d.name] = why
        if memory is not None and isinstance(sid, str) and kind in _FIRST_KINDS:
            memory.remember(sid, out, _epoch(now, event))
        return out, reasons
