"""The story threader: one decision per dispatch; typed records in a flat ``MutableMapping``.

See the package docstring (:mod:`streams.stories`) for the semantics, the records and the indexes.
"""
from __future__ import annotations

import heapq
import logging
from collections import Counter
from itertools import chain
import math
import time
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable, MutableMapping

from ..events import SCHEMA, _h, event_id_for
from ..model import ThreadDecision
from .features import BANDS, ThreadingInput, containment, diff_paragraphs, jaccard

log = logging.getLogger(__name__)

DEFAULT_WINDOW = timedelta(days=7)
# how long a story's content identity is remembered: a near-identical copy (a site re-publishing agency copy weeks
# later) is a duplicate within this look-back even past the window; versions and related links stop at the window
DEFAULT_DUPLICATE_WINDOW = timedelta(days=30)

RECORD_VERSION = 1  # of StoryRecord and DispatchRecord
STORY = "story:"
DISPATCH = "dispatch:"
LEGACY_PREFIXES = ("fp:", "lsh:", "hl:", "hp:", "sa:", "agency:", "clock")  # the pre-record layout: expired at once

BUCKET_CAP = 64  # stories kept per LSH / headline bucket in memory (the oldest leaves first)
MAX_CANDIDATES = 12  # stories read and scored per dispatch
MAX_FLAGGED_CANDIDATES = 64  # for CORRECTED / RPT / UPDATE copies (rare): also every story sharing the first word
MAX_RELATED = 32
MAX_FINGERPRINTS = 32  # versions per story recognised as exact re-sends
MAX_BAND_VERSIONS = 4  # versions per story whose LSH bands stay indexed
SAME_DAY = 12 * 3600  # seconds: an unflagged version after this needs a closer text (Jaccard >= 0.7)
COMMON_NAME = 32  # a name carried by this many indexed stories says nothing ("U.S.", "Corp", "January") ...
COMMON_SHARE = 0.01  # ... nor one carried by 1 % of them (at least 4): a young state knows its common names too
RELATED_MIN_NAMES = 3  # follow-ups: at least this many specific names in common ...
RELATED_MIN_SHARE = 0.4  # ... and this share of the names of the story with fewer
MAX_AUTO_RELATED = 3  # follow-ups linked per new story
MANY_NAMES = 10  # with this many names on both sides, >= 90 % of them recurring: containment >= 0.6 will do
MIN_CONTAINED = 12  # shingles: a shorter text is matched by containment only from this size
TOLL_WINDOW = 86400  # seconds: an agency's rewrite of an event with a new toll is an update within one news cycle
TOLL_MIN_NAMES = 2  # ... when it shares this many specific names (and half of those of the story with fewer)
CUT_WINDOW = SAME_DAY  # two sites' cuts of one dispatch are matched by their paragraphs the same day only
# past the window (closed stories, within the duplicate look-back): only a copy of the same content is recognised
IDENTITY_MIN_SIZE = 20  # shingles: a shorter text ("Trading halted") recurs as a new event, not as a copy
IDENTITY_MIN_JACCARD = 0.7  # estimated Jaccard of the texts (the rule for an unflagged copy re-sent later) ...
IDENTITY_MIN_KEPT = 0.8  # ... with this share of the earlier copy's figures and of its names present again


def _epoch(dt: datetime | int | float) -> int:
    if isinstance(dt, (int, float)):
        return int(dt)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return int(dt.timestamp())


def _containment(old: list[int], new: list[int]) -> float:
    """Share of ``old`` found in ``new`` (1.0 when ``old`` is empty)."""
    if not old:
        return 1.0
    s = set(new)
    return sum(1 for x in old if x in s) / len(old)


def story_id_for(lang: str, dispatch_id: str) -> str:
    return "s-" + _h("story", lang, dispatch_id, size=8)


def agency_story_id_for(lang: str, source: str | None, agency_story_id: str) -> str:
    return "s-" + _h("agency", lang, source, agency_story_id, size=8)


def link_event(dispatch_id: str, story_id: str, related: str) -> dict[str, Any]:
    """The event announcing that ``story_id`` (an earlier story) is now related to ``related``."""
    return {
        "schema": SCHEMA,
        "event_id": event_id_for(dispatch_id, "link", story_id, None, related),
        "dispatch_id": dispatch_id,
        "kind": "link",
        "story_id": story_id,
        "related": [related],
    }


# --- records --------------------------------------------------------------------------------------

class RecordError(ValueError):
    """A state value that is not a record of the expected type and version."""


_FIELDS: dict[type, tuple[str, ...]] = {}


def _names(cls) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in fields(cls))
    return names


def _to_dict(rec: Any) -> dict[str, Any]:
    """A JSON-safe dict of a record (shallow: records are built anew for every write, never mutated)."""
    return {k: getattr(rec, k) for k in _names(type(rec))}


def _from_dict(cls, d: Any):
    if not isinstance(d, dict):
        raise RecordError(f"{cls.__name__}: expected an object, got {type(d).__name__}")
    if d.get("v") != RECORD_VERSION:
        raise RecordError(f"{cls.__name__}: unsupported version {d.get('v')!r}")
    names = _names(cls)
    try:
        return cls(**{k: d[k] for k in names if k in d})
    except TypeError as e:
        raise RecordError(f"{cls.__name__}: {e}") from None


@dataclass
class Fingerprint:
    """A version of a story, by content fingerprint (exact re-sends are duplicates of it)."""

    fp: str
    version: int
    dispatch_id: str
    t: int
    correction: bool = False
    body: bool = False  # a fingerprint of the body alone (copies that show another headline, or none)


@dataclass
class StoryRecord:
    """``story:<story_id>``: a story as of its latest version, plus what rebuilds the indexes."""

    t: int  # when the latest version was threaded (epoch seconds, threading clock)
    lang: str
    version: int
    dispatch_id: str  # of the latest version
    kinds: list[str]  # flag kinds of the latest version
    paragraphs: list[list[int]]  # paragraph signatures of the latest version
    numbers: list[int]
    entities: list[int]
    headline_hash: str
    headline_words: list[int]  # of all versions (at most 32)
    headlines: list[str] = field(default_factory=list)  # headline keys of all versions
    prefixes: list[str] = field(default_factory=list)  # first-word keys of all versions
    bands: list[list[str]] = field(default_factory=list)  # LSH band hashes of the last versions
    fingerprints: list[dict[str, Any]] = field(default_factory=list)  # Fingerprint dicts, one or two per version
    related: list[str] = field(default_factory=list)
    agency: list[str] | None = None  # [source, agency_story_id]
    agency_versions: dict[str, list[Any]] = field(default_factory=dict)  # agency_version -> [dispatch_id, version]
    unresolved: list[str] = field(default_factory=list)  # see-also headline keys not found yet
    signature: list[int] = field(default_factory=list)  # MinHash of the latest version
    size: int = 0  # its distinct shingles
    wire: str = ""  # the agency of the latest version
    toll: bool = False  # the latest version states a toll
    date: str = ""  # the dateline date of the latest version ("" when none)
    v: int = RECORD_VERSION

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, d: Any) -> "StoryRecord":
        return _from_dict(cls, d)


@dataclass
class DispatchRecord:
    """``dispatch:<dispatch_id>``: the decision, written first; the single source of truth on replay."""

    t: int
    seq: int  # arrival order in this state (rebuilds the indexes in the same order)
    lang: str
    kind: str
    story_id: str
    version: int
    supersedes: str | None = None
    duplicate_of: str | None = None
    related: list[str] = field(default_factory=list)
    see_also_story_ids: list[str | None] = field(default_factory=list)
    changes: dict[str, Any] | None = None
    publish: bool = True
    links: list[list[str]] = field(default_factory=list)  # [story_id, related]: one link event each
    agency: list[str] | None = None  # [source, agency_story_id] of this dispatch
    unresolved: list[str] = field(default_factory=list)  # its see-also headline keys not found
    v: int = RECORD_VERSION

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, d: Any) -> "DispatchRecord":
        return _from_dict(cls, d)

    def decision(self, dispatch_id: str) -> ThreadDecision:
        return ThreadDecision(kind=self.kind, story_id=self.story_id, version=self.version,
                              supersedes=self.supersedes, duplicate_of=self.duplicate_of,
                              related=list(self.related), see_also_story_ids=list(self.see_also_story_ids),
                              changes=self.changes, publish=self.publish,
                              link_events=[link_event(dispatch_id, s, r) for s, r in self.links])


# --- the in-memory indexes --------------------------------------------------------------------------

def _push(index: dict[str, list[str]], key: str, sid: str) -> None:
    """Append ``sid`` to a bucket (moving it last if present); the oldest leaves when the bucket is full."""
    lst = index.get(key)
    if lst is None:
        index[key] = [sid]
        return
    if lst and lst[-1] == sid:
        return
    try:
        lst.remove(sid)
    except ValueError:
        pass
    lst.append(sid)
    if len(lst) > BUCKET_CAP:
        del lst[0]


def _append(index: dict[str, list[str]], key: str, sid: str) -> None:
    """Bulk form of :func:`_push` for a rebuild: no de-duplication until :func:`_settle`."""
    lst = index.get(key)
    if lst is None:
        index[key] = [sid]
    else:
        lst.append(sid)


def _settle(index: dict[str, list[str]]) -> None:
    """After a bulk rebuild: each story once per bucket (its last place), at most BUCKET_CAP."""
    for key, lst in index.items():
        if len(lst) > 1:
            seen: set[str] = set()
            out = [s for s in reversed(lst) if not (s in seen or seen.add(s))]  # type: ignore[func-returns-value]
            out.reverse()
            index[key] = out[-BUCKET_CAP:]


def _discard(index: dict[str, set[str]], key: str, sid: str) -> None:
    bucket = index.get(key)
    if bucket is not None:
        bucket.discard(sid)
        if not bucket:
            del index[key]


def _pull(index: dict[str, list[str]], key: str, sid: str) -> None:
    lst = index.get(key)
    if lst is not None:
        try:
            lst.remove(sid)
        except ValueError:
            return
        if not lst:
            del index[key]


class _Indexes:
    """Derived from the records; never stored.  Rebuilt from the state on first use."""

    def __init__(self) -> None:
        self.story_t: dict[str, int] = {}  # story id -> t of its record
        self.lsh: dict[str, list[str]] = {}  # "L:band:hash" -> story ids
        self.headline: dict[str, list[str]] = {}  # "L:headline key"
        self.prefix: dict[str, list[str]] = {}  # "L:first-word key"
        self.names: dict[str, set[str]] = {}  # "L:name hash" -> stories naming it (their latest version)
        self.see_also: dict[str, list[str]] = {}  # "L:headline key" -> stories whose see-also names it, unresolved
        self.fingerprint: dict[str, Fingerprint | tuple] = {}  # "L:fp" -> (story id, Fingerprint)
        self.agency: dict[str, str] = {}  # "L:source:agency id" -> story id
        self.related: dict[str, list[str]] = {}  # story id -> related story ids (both directions)
        self.unresolved: dict[str, set[str]] = {}  # story id -> see-also keys it waits for
        self.key_t: dict[str, int] = {}  # record key -> its t (expiry)
        self.heap: list[tuple[int, str, int]] = []  # (due, record key, t): expiry order; stale entries skipped
        self.closed: set[str] = set()  # stories past the window, kept for the duplicate look-back only
        self.seq = 0



def _fp_key(lang: str, fp: str, body: Any) -> str:
    """Key of the in-memory fingerprint index: ``<lang>:<fp>``, ``<lang>:b<fp>`` for a body fingerprint."""
    return f"{lang}:{'b' if body else ''}{fp}"

class StoryThreader:
    """Decides how a dispatch relates to the stories already seen (see :mod:`streams.stories`).

    ``state`` is any ``MutableMapping[str, JSON value]``: a dict offline and in
    unit tests, a Faust Table (changelog-backed) in the worker.  It holds only
    typed records (``story:``, ``dispatch:``), written whole, never mutated in
    place.  The lookup indexes live in memory and are rebuilt from the records
    on first use, so a fresh threader (restart, rebalance) recovers them from
    the restored table.
    """

    def __init__(self, state: MutableMapping[str, Any], window: timedelta = DEFAULT_WINDOW,
                 duplicate_window: timedelta | None = DEFAULT_DUPLICATE_WINDOW) -> None:
        self.state = state
        self.window = window
        self._win = int(window.total_seconds())
        # the duplicate look-back is at least the window (None: the window, no look-back past it)
        self._dup = max(self._win, int(duplicate_window.total_seconds()) if duplicate_window is not None else 0)
        self.duplicate_window = timedelta(seconds=self._dup)
        self._ix: _Indexes | None = None

    # --- public API ---------------------------------------------------------------------------

    def thread(self, inp: ThreadingInput, now: datetime) -> ThreadDecision:
        """Decide, then write: the dispatch record first (1 write), then the story record for a version (1 more).

        Idempotent: a dispatch already recorded returns the recorded decision and re-applies the
        story write if a crash interrupted it, so a replay yields the same decision and event ids.
        """
        ix = self.load()
        key = DISPATCH + inp.dispatch_id
        raw = self.state.get(key)
        if raw is not None:
            rec = DispatchRecord.from_dict(raw)
        else:
            rec = self._decide(inp, _epoch(now))
            self.state[key] = rec.to_dict()
        self._index_dispatch(inp.dispatch_id, rec)
        self._apply(inp, rec)
        ix.seq = max(ix.seq, rec.seq + 1)
        return rec.decision(inp.dispatch_id)

    def expire_some(self, now: datetime, budget_s: float = 0.005) -> int:
        """Expire, for at most about ``budget_s`` seconds: dispatch records older than the window before
        ``now`` are deleted; story records past the window are *closed* (dropped from the lookup indexes but
        kept for the duplicate look-back), and deleted once older than ``duplicate_window``.

        Uses the in-memory index by expiry time (no scan): the cost is
        proportional to what expires.  Returns the number of records deleted or
        closed; call again until it returns 0.
        """
        ix = self.load()
        now_s = _epoch(now)
        deadline = time.perf_counter() + budget_s
        heap, key_t = ix.heap, ix.key_t
        done = popped = 0
        while heap and heap[0][0] < now_s:
            popped += 1
            if not popped & 63 and time.perf_counter() >= deadline:
                break  # (also when only skipping stale entries)
            due, key, t = heapq.heappop(heap)
            if key_t.get(key) != t:
                continue  # stale: the record was rewritten later (or already deleted)
            sid = key[len(STORY):] if key.startswith(STORY) else None
            closing = sid is not None and self._dup > self._win and due == t + self._win
            if closing and sid in ix.closed:
                continue  # closed when the indexes were rebuilt: its deletion is queued already
            if closing and self._close(sid):
                # past the window: closed, a duplicate look-back entry until t + duplicate_window
                heapq.heappush(heap, (t + self._dup, key, t))
            else:
                del key_t[key]
                self._delete(key)
            done += 1
            if not done & 7 and time.perf_counter() >= deadline:
                break
        return done

    def expire(self, now: datetime) -> int:
        """Expire everything older than the window (repeated :meth:`expire_some`); for tests and offline use."""
        total = 0
        while n := self.expire_some(now, budget_s=0.05):
            total += n
        return total

    def load(self) -> _Indexes:
        """Build the in-memory indexes from the records (once; a no-op afterwards)."""
        if self._ix is not None:
            return self._ix
        ix = self._ix = _Indexes()
        stories: list[tuple[int, str, StoryRecord]] = []
        dispatches: list[tuple[int, str, DispatchRecord]] = []
        bad = 0
        for key, value in list(self.state.items()):
            try:
                if key.startswith(STORY):
                    r = StoryRecord.from_dict(value)
                    stories.append((r.t, key[len(STORY):], r))
                elif key.startswith(DISPATCH):
                    d = DispatchRecord.from_dict(value)
                    dispatches.append((d.seq, key[len(DISPATCH):], d))
                elif key.startswith(LEGACY_PREFIXES):
                    self._track(key, 0, due=0)  # the old layout: deleted by the next expiry slice
            except RecordError as e:
                bad += 1
                if bad <= 3:
                    log.warning("state record %s ignored: %s", key, e)
                self._track(key, 0, due=0)
        for _, sid, r in sorted(stories, key=lambda x: (x[0], x[1])):
            self._index_story(sid, r, full=True)
        for index in (ix.lsh, ix.headline, ix.prefix, ix.see_also):
            _settle(index)
        for _, did, d in sorted(dispatches, key=lambda x: (x[0], x[1])):
            self._index_dispatch(did, d)
            ix.seq = max(ix.seq, d.seq + 1)
        if self._dup > self._win:
            # stories already past the window before the latest record (so before any later now): closed at
            # once, as the expiry slices would have done, so that the rebuilt lookup indexes hold live stories only
            latest = max([t for t, _, _ in stories] + [d.t for _, _, d in dispatches], default=0)
            for t, sid, r in stories:
                if t < latest - self._win:
                    self._unindex_story(sid, r, identity=False, keep_related=True)
                    ix.closed.add(sid)
                    heapq.heappush(ix.heap, (t + self._dup, STORY + sid, t))
        if stories or dispatches or bad:
            log.info("threading indexes rebuilt: %d stories, %d dispatches, %d bad records",
                     len(stories), len(dispatches), bad)
        return ix

    # --- the decision (reads only) --------------------------------------------------------------

    def _decide(self, inp: ThreadingInput, now: int) -> DispatchRecord:
        ix = self._ix
        assert ix is not None
        cutoff = now - self._win
        L = inp.lang
        kinds = set(inp.kinds)

        story: StoryRecord | None = None
        sid: str | None = None
        exact: Fingerprint | None = None  # the version this dispatch equals
        agency = [inp.agency_source or "", inp.agency_story_id] if inp.agency_story_id else None
        declared = False  # the agency declares a version of its story not seen yet: never a copy

        # 1. the agency's own story id comes first
        if agency is not None:
            a = ix.agency.get(f"{L}:{agency[0]}:{agency[1]}")
            if a is not None and (s := self._live(a, cutoff)) is not None:
                sid, story = a, s
                seen = story.agency_versions.get(str(inp.agency_version))
                if seen is not None:
                    exact = Fingerprint("", seen[1], seen[0], story.t)
                declared = seen is None and inp.agency_version is not None
        # 2. an exact (normalised) re-send of a known version; then the same body under another headline or none
        if exact is None:
            for fp, body in ((inp.fp, False), (inp.body_fp, True)):
                e = ix.fingerprint.get(_fp_key(L, fp, body)) if fp else None
                if e is None:
                    continue
                esid, f = e
                if f.t >= cutoff and (sid is None or esid == sid):
                    s2 = story if story is not None else self._live(esid, cutoff)
                    if s2 is not None:
                        if body and not self._body_copy(inp, s2, f):
                            continue
                        sid, story, exact = esid, s2, f
                        break
        # 3. near-duplicates and versions: LSH candidates confirmed on figures and names
        if story is None:
            found = self._candidates(inp, now, cutoff)
            if found is not None:
                sid, story = found
        if story is None and inp.toll and inp.wire and not kinds & {"correction", "repeat"}:
            # the same agency's rewrite of an event with a new toll (new lead, new text): an update
            found = self._toll_update(inp, now, cutoff)
            if found is not None:
                sid, story = found
        if story is None and self._dup > self._win and not kinds & {"correction", "update"}:
            # past the window, within the duplicate look-back: the same content is still the same copy
            known = self._identity(inp, now, cutoff)
            if known is not None:
                sid, story, exact = known
        if story is None:
            sid = agency_story_id_for(L, inp.agency_source, inp.agency_story_id) if inp.agency_story_id \
                else story_id_for(L, inp.dispatch_id)
        assert sid is not None

        # --- the decision ---------------------------------------------------------------------
        rec = DispatchRecord(t=now, seq=ix.seq, lang=L, kind="new", story_id=sid, version=1, agency=agency)
        if story is None:
            rec.kind = "repeat" if "repeat" in kinds else "correction" if "correction" in kinds else "new"
        else:
            changes = None
            if exact is None:
                changes = _diff(story, inp)
                if changes is None or (not kinds and not declared
                                       and (_same_body(story, inp) or _near_copy(story, inp)
                                            or (now - story.t <= CUT_WINDOW and _same_cut(story, inp)))):
                    # same paragraphs and headline; or an unflagged copy under another headline, or one a site cut
                    # or padded with page lines, adding no figures or names; or another site's cut of the same
                    # dispatch (same lead, most paragraphs, no new figure): a copy
                    exact = Fingerprint("", story.version, story.dispatch_id, story.t, "correction" in story.kinds)
            if exact is not None and "correction" in kinds and not exact.correction:
                rec.kind, rec.version, rec.supersedes = "correction", story.version + 1, story.dispatch_id
                rec.changes = _diff(story, inp) or {"added": 0, "removed": 0, "changed": 0}
            elif exact is not None or "repeat" in kinds:
                dup_d, dup_v = (exact.dispatch_id, exact.version) if exact is not None \
                    else (story.dispatch_id, story.version)
                rec.kind = "repeat" if "repeat" in kinds else "duplicate"
                rec.version, rec.duplicate_of, rec.publish = dup_v, dup_d, False
            else:
                rec.kind = "correction" if "correction" in kinds else "update"
                rec.version, rec.supersedes, rec.changes = story.version + 1, story.dispatch_id, changes

        is_version = rec.duplicate_of is None  # a new story or a new version: indexed
        related = list(ix.related.get(sid, ())) if story is not None else []

        # --- related stories: see-also headlines, and earlier stories naming this one ----------
        links: list[list[str]] = []
        for hh in inp.see_also:
            target = None
            for esid in (ix.headline.get(f"{L}:{hh}", ()) if hh else ()):
                if esid != sid and ix.story_t.get(esid, -1) >= cutoff:
                    target = esid  # the most recent wins (buckets are in arrival order)
            rec.see_also_story_ids.append(target)
            if target is None:
                if hh and hh not in rec.unresolved:
                    rec.unresolved.append(hh)
            elif target not in related:
                related.append(target)
                links.append([target, sid])
        if story is None and len(related) < MAX_RELATED:
            # follow-ups on the same event: a new story naming the same people, places and organisations
            for esid in self._follow_ups(inp, sid, cutoff):
                if esid not in related:
                    related.append(esid)
                    links.append([esid, sid])
        if inp.headline_hash and is_version and (story is None or inp.headline_hash != story.headline_hash):
            for esid in ix.see_also.get(f"{L}:{inp.headline_hash}", ()):
                if esid != sid and esid not in related and ix.story_t.get(esid, -1) >= cutoff:
                    related.append(esid)
                    links.append([esid, sid])
        rec.related = related[:MAX_RELATED]
        if not rec.publish:
            # the current dispatch is not announced: announce the current story's new links with link events too
            links += [[sid, earlier] for earlier, _ in links]
        rec.links = links
        return rec

    def _body_copy(self, inp: ThreadingInput, story: StoryRecord, f: Fingerprint) -> bool:
        """A body-fingerprint hit is a copy unless the dispatch is flagged (then it is a version)."""
        return not inp.kinds or bool(set(inp.kinds) <= set(story.kinds))

    def _follow_ups(self, inp: ThreadingInput, sid: str, cutoff: int) -> list[str]:
        """Live stories sharing enough specific names with this new one (at most MAX_AUTO_RELATED, best first)."""
        ix = self._ix
        assert ix is not None
        L = inp.lang
        names = ix.names
        common = min(COMMON_NAME, max(4, int(COMMON_SHARE * (len(ix.story_t) - len(ix.closed)))))
        mine = [e for e in inp.entities if len(names.get(f"{L}:{e}", ())) < common]  # its specific names
        if len(mine) < RELATED_MIN_NAMES:
            return []
        hits = Counter(chain.from_iterable(names.get(f"{L}:{e}", ()) for e in mine))
        story_t = ix.story_t
        enough = [(n, esid) for esid, n in hits.items()
                  if n >= RELATED_MIN_NAMES and esid != sid and story_t.get(esid, -1) >= cutoff]
        out: list[tuple[float, str]] = []
        for _, esid in sorted(enough, key=lambda x: (-x[0], x[1]))[:MAX_CANDIDATES]:
            shared = hits[esid]
            s = self._live(esid, cutoff)
            if s is None:
                continue
            theirs = sum(1 for e in s.entities if len(names.get(f"{L}:{e}", ())) < common)
            fewer = min(len(mine), theirs)
            if fewer and shared >= RELATED_MIN_SHARE * fewer:
                out.append((shared / fewer, esid))
        out.sort(reverse=True)
        return [esid for _, esid in out[:MAX_AUTO_RELATED]]

    def _toll_update(self, inp: ThreadingInput, now: int, cutoff: int) -> tuple[str, StoryRecord] | None:
        """A story of the same agency, stating a toll, versioned within TOLL_WINDOW, sharing at least
        TOLL_MIN_NAMES specific names and half of the specific names of the one with fewer, to which this
        dispatch brings new figures (the most names shared first, then the most recent)."""
        ix = self._ix
        assert ix is not None
        L = inp.lang
        names = ix.names
        common = min(COMMON_NAME, max(4, int(COMMON_SHARE * (len(ix.story_t) - len(ix.closed)))))
        mine = [e for e in inp.entities if len(names.get(f"{L}:{e}", ())) < common]
        if len(mine) < TOLL_MIN_NAMES:
            return None
        hits = Counter(chain.from_iterable(names.get(f"{L}:{e}", ()) for e in mine))
        since = max(cutoff, now - TOLL_WINDOW)
        best: tuple[tuple[int, int], str, StoryRecord] | None = None
        for esid, shared in hits.items():
            if shared < TOLL_MIN_NAMES or ix.story_t.get(esid, -1) < since:
                continue
            s = self._live(esid, since)
            if s is None or s.lang != L or not s.toll or s.wire != inp.wire or not set(inp.numbers) - set(s.numbers):
                continue
            theirs = sum(1 for e in s.entities if len(names.get(f"{L}:{e}", ())) < common)
            if shared < 0.5 * min(len(mine), theirs):
                continue
            score = (shared, s.t)
            if best is None or score > best[0]:
                best = (score, esid, s)
        return (best[1], best[2]) if best else None

    def _identity(self, inp: ThreadingInput, now: int, cutoff: int) -> tuple[str, StoryRecord, Fingerprint] | None:
        """A story past the window but within the duplicate look-back whose content this dispatch repeats: the
        same fingerprint (or body fingerprint, unflagged), else LSH candidates with estimated Jaccard >=
        IDENTITY_MIN_JACCARD whose shorter text (in shingles) has >= IDENTITY_MIN_KEPT of its figures and of
        its names in the other.  Texts
        shorter than IDENTITY_MIN_SIZE shingles are never matched here, nor two copies whose datelines give
        different dates (a recurring templated story filed again: "FED ADDS RESERVES" a fortnight later).
        Returns the story and the version the dispatch is a copy of."""
        ix = self._ix
        assert ix is not None
        if inp.size < IDENTITY_MIN_SIZE:
            return None
        L = inp.lang
        since = now - self._dup
        story_t = ix.story_t
        for fp, body in ((inp.fp, False), (inp.body_fp, True)):
            e = ix.fingerprint.get(_fp_key(L, fp, body)) if fp else None
            if e is None:
                continue
            esid, f = e
            if f.t < since or f.dispatch_id == inp.dispatch_id:  # (a re-delivery of itself is not its copy)
                continue
            s = self._live(esid, since)
            if not _may_be_copied_by(s, inp) or (body and not self._body_copy(inp, s, f)):
                continue
            return esid, s, f
        hits: dict[str, int] = {}
        for i, bh in enumerate(inp.bands):
            for esid in ix.lsh.get(f"{L}:{i}:{bh}", ()):
                if since <= story_t.get(esid, -1) < cutoff:  # live stories were weighed by the rules above
                    hits[esid] = hits.get(esid, 0) + 1
        best: tuple[tuple[float, int], str, StoryRecord] | None = None
        for esid, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]:
            s = self._live(esid, since)
            if not _may_be_copied_by(s, inp) or not s.signature or s.dispatch_id == inp.dispatch_id:
                continue
            j = jaccard(inp.signature, s.signature)
            # the shorter copy's figures and names are in the other (a site's cut, or a page adding a teaser)
            (n1, e1), (n2, e2) = (s.numbers, s.entities), (inp.numbers, inp.entities)
            if inp.size < s.size:
                (n1, e1), (n2, e2) = (n2, e2), (n1, e1)
            if j >= IDENTITY_MIN_JACCARD and _containment(n1, n2) >= IDENTITY_MIN_KEPT \
                    and _containment(e1, e2) >= IDENTITY_MIN_KEPT:
                score = (j, s.t)
                if best is None or score > best[0]:
                    best = (score, esid, s)
        if best is None:
            return None
        s = best[2]
        return best[1], s, Fingerprint("", s.version, s.dispatch_id, s.t, "correction" in s.kinds)

    def _candidates(self, inp: ThreadingInput, now: int, cutoff: int) -> tuple[str, StoryRecord] | None:
        ix = self._ix
        assert ix is not None
        L = inp.lang
        story_t = ix.story_t
        hits: dict[str, int] = {}
        for i, bh in enumerate(inp.bands):
            for esid in ix.lsh.get(f"{L}:{i}:{bh}", ()):
                if story_t.get(esid, -1) >= cutoff:
                    hits[esid] = hits.get(esid, 0) + 1
        by_headline = {esid for esid in (ix.headline.get(f"{L}:{inp.headline_hash}", ()) if inp.headline_hash else ())
                       if story_t.get(esid, -1) >= cutoff}
        for esid in by_headline:
            hits.setdefault(esid, 0)
        flagged = bool(inp.kinds)
        if flagged and inp.headline_prefix:  # a CORRECTED / RPT copy may have a shortened headline and a rewritten table
            for esid in reversed(ix.prefix.get(f"{L}:{inp.headline_prefix}", ())):  # the most recent first
                if story_t.get(esid, -1) >= cutoff:
                    hits.setdefault(esid, 0)
        if not hits:
            return None
        ranked = sorted(hits.items(), key=lambda kv: (kv[0] in by_headline, kv[1]), reverse=True)
        ranked = ranked[:MAX_FLAGGED_CANDIDATES if flagged else MAX_CANDIDATES]
        best: tuple[tuple[float, int, bool, int, float], str, StoryRecord] | None = None
        for esid, c in ranked:
            s = self._live(esid, cutoff)
            if s is None or s.lang != L:
                continue
            j = jaccard(inp.signature, s.signature) if s.signature else math.sqrt(c / BANDS)
            hm = esid in by_headline
            ncont = _containment(s.numbers, inp.numbers)
            econt = _containment(s.entities, inp.entities)
            if flagged:
                # desks shorten a headline to fit the tag: most of its words in the earlier headline will do
                hw = _containment(inp.headline_words, s.headline_words) >= 0.75
                ok = hm or (hw and (ncont >= 0.4 or econt >= 0.5 or j >= 0.5)) \
                    or (j >= 0.5 and ncont >= 0.5 and econt >= 0.3)
                if not ok and "update" in inp.kinds and now - s.t <= SAME_DAY:
                    # an UPDATE with a new lead and headline: it keeps paragraphs of the earlier version, and
                    # most of its names
                    ok = econt >= 0.6 and ncont >= 0.4 and _kept_paragraphs(s.paragraphs, inp.paragraphs) >= 1
            else:
                # a copy re-sent later is near-identical; an unflagged rewrite a day later is more often a new event
                ok = j >= (0.5 if now - s.t <= SAME_DAY else 0.7) and ncont >= 0.8 and econt >= 0.5
                if not ok and min(s.size, inp.size) >= MIN_CONTAINED and now - s.t <= SAME_DAY:
                    # the same day, one text mostly inside the other (a site's cut or padded copy, a longer
                    # version), with the figures and names of the shorter one
                    if inp.size <= s.size:
                        inside = containment(j, s.size, inp.size)
                        n2, e2 = _containment(inp.numbers, s.numbers), _containment(inp.entities, s.entities)
                    else:
                        inside, n2, e2 = containment(j, inp.size, s.size), ncont, econt
                    # many names recurring make the (noisy, 32-value) text estimate less decisive
                    names = len(inp.entities) >= MANY_NAMES and len(s.entities) >= MANY_NAMES and e2 >= 0.9
                    ok = inside >= (0.6 if names else 0.75) and n2 >= 0.8 and e2 >= 0.5
                    # or a longer version that keeps the earlier text and its names but moves some figures
                    # (a new toll): the figures alone would call it a templated story
                    ok = ok or (inp.size >= 1.1 * s.size and containment(j, inp.size, s.size) >= (0.6 if names else 0.75)
                                and ncont >= 0.5 and econt >= 0.8)
                if not ok and now - s.t <= CUT_WINDOW and _same_cut(s, inp):
                    # two sites' cuts of one dispatch: the same lead and most of the shorter copy's paragraphs
                    ok = (_containment(inp.entities, s.entities) if len(inp.paragraphs) <= len(s.paragraphs)
                          else econt) >= 0.5
            if not ok:
                continue
            # figures and names first, then the headline, then the most recent, then the text
            # (a story without figures or names gives no evidence: half, not full marks; then the most shared)
            shared = len(set(s.numbers).intersection(inp.numbers)) + len(set(s.entities).intersection(inp.entities))
            score = (round(2 * (ncont if s.numbers else 0.5) + (econt if s.entities else 0.5), 3), shared, hm, s.t, j)
            if best is None or score > best[0]:
                best = (score, esid, s)
        return (best[1], best[2]) if best else None

    # --- writes and index maintenance -----------------------------------------------------------

    def _apply(self, inp: ThreadingInput, rec: DispatchRecord) -> None:
        """Write the story record of a new story or version, unless already written (idempotent)."""
        if rec.duplicate_of is not None:
            return  # duplicates and repeats write nothing more
        key = STORY + rec.story_id
        raw = self.state.get(key)
        cur = StoryRecord.from_dict(raw) if raw is not None else None
        if cur is not None and cur.t < rec.t - self._win:
            # a story past the window (closed, or not expired yet): this dispatch opens it again
            self._unindex_story(rec.story_id, cur, keep_related=True)
            cur = None
        if cur is not None and (cur.dispatch_id == inp.dispatch_id or cur.version >= rec.version):
            self._index_story(rec.story_id, cur, full=False)  # already written by an interrupted attempt
            return
        new = self._story_record(cur, inp, rec)
        self.state[key] = new.to_dict()
        self._index_story(rec.story_id, new, full=False, old=cur)

    def _story_record(self, cur: StoryRecord | None, inp: ThreadingInput, rec: DispatchRecord) -> StoryRecord:
        ix = self._ix
        assert ix is not None
        correction = "correction" in inp.kinds
        fps = [Fingerprint(inp.fp, rec.version, inp.dispatch_id, rec.t, correction)]
        if inp.body_fp:
            fps.append(Fingerprint(inp.body_fp, rec.version, inp.dispatch_id, rec.t, correction, body=True))
        related = list(dict.fromkeys([*rec.related, *ix.related.get(rec.story_id, ())]))[-MAX_RELATED:]
        unresolved = sorted(set(ix.unresolved.get(rec.story_id, ())) | set(rec.unresolved))
        av = dict(cur.agency_versions) if cur is not None else {}
        if inp.agency_version is not None:
            av[str(inp.agency_version)] = [inp.dispatch_id, rec.version]
        if cur is None:
            return StoryRecord(
                t=rec.t, lang=inp.lang, version=rec.version, dispatch_id=inp.dispatch_id, kinds=list(inp.kinds),
                paragraphs=inp.paragraphs, numbers=inp.numbers, entities=inp.entities,
                headline_hash=inp.headline_hash, headline_words=inp.headline_words,
                headlines=[inp.headline_hash] if inp.headline_hash else [],
                prefixes=[inp.headline_prefix] if inp.headline_prefix else [], bands=[inp.bands],
                fingerprints=[_to_dict(f) for f in fps], related=related, agency=rec.agency, agency_versions=av,
                unresolved=unresolved, signature=inp.signature, size=inp.size,
                wire=inp.wire, toll=inp.toll, date=inp.date)
        return StoryRecord(
            t=rec.t, lang=inp.lang, version=rec.version, dispatch_id=inp.dispatch_id, kinds=list(inp.kinds),
            paragraphs=inp.paragraphs, numbers=inp.numbers, entities=inp.entities,
            headline_hash=inp.headline_hash,
            headline_words=sorted(set(cur.headline_words) | set(inp.headline_words))[:32],
            headlines=list(dict.fromkeys([*cur.headlines, *([inp.headline_hash] if inp.headline_hash else [])])),
            prefixes=list(dict.fromkeys([*cur.prefixes, *([inp.headline_prefix] if inp.headline_prefix else [])])),
            bands=[*cur.bands, inp.bands][-MAX_BAND_VERSIONS:],
            fingerprints=[*cur.fingerprints, *(_to_dict(f) for f in fps)][-MAX_FINGERPRINTS:],
            related=related, agency=cur.agency or rec.agency, agency_versions=av, unresolved=unresolved,
            signature=inp.signature, size=inp.size, date=inp.date)

    def _track(self, key: str, t: int, due: int | None = None) -> None:
        """Index a record by expiry time: due at ``t`` + window (closed stories: again at ``t`` + duplicate window)."""
        ix = self._ix
        assert ix is not None
        if ix.key_t.get(key) != t:
            ix.key_t[key] = t
            heapq.heappush(ix.heap, (t + self._win if due is None else due, key, t))

    def _add_related(self, a: str, b: str) -> None:
        lst = self._ix.related.setdefault(a, [])  # type: ignore[union-attr]
        if b not in lst:
            lst.append(b)
            if len(lst) > MAX_RELATED:
                del lst[0]

    def _index_story(self, sid: str, r: StoryRecord, *, full: bool, old: StoryRecord | None = None) -> None:
        """Index a story record; ``full`` (rebuild) indexes every version, else only the latest one."""
        ix = self._ix
        assert ix is not None
        L = r.lang
        ix.story_t[sid] = r.t
        self._track(STORY + sid, r.t)
        push = _append if full else _push
        for bands in (r.bands if full else r.bands[-1:]):
            for i, bh in enumerate(bands):
                push(ix.lsh, f"{L}:{i}:{bh}", sid)
        for hh in (r.headlines if full else [r.headline_hash] if r.headline_hash else []):
            push(ix.headline, f"{L}:{hh}", sid)
        for p in (r.prefixes if full else r.prefixes[-1:]):
            push(ix.prefix, f"{L}:{p}", sid)
        if old is not None:
            for e in set(old.entities).difference(r.entities):
                _discard(ix.names, f"{L}:{e}", sid)
        for e in r.entities:
            bucket = ix.names.get(f"{L}:{e}")
            if bucket is None:
                ix.names[f"{L}:{e}"] = {sid}
            else:
                bucket.add(sid)
        for u in r.unresolved:
            push(ix.see_also, f"{L}:{u}", sid)
        if r.unresolved:
            ix.unresolved.setdefault(sid, set()).update(r.unresolved)
        for fd in (r.fingerprints if full else r.fingerprints[-2:]):
            f = Fingerprint(**fd)
            if f.version == r.version or full:
                ix.fingerprint[_fp_key(L, f.fp, f.body)] = (sid, f)
        if r.agency:
            ix.agency[f"{L}:{r.agency[0]}:{r.agency[1]}"] = sid
        for other in r.related:
            self._add_related(sid, other)

    def _index_dispatch(self, did: str, d: DispatchRecord) -> None:
        ix = self._ix
        assert ix is not None
        self._track(DISPATCH + did, d.t)
        for a, b in d.links:
            self._add_related(a, b)
            self._add_related(b, a)
        for u in d.unresolved:
            _push(ix.see_also, f"{d.lang}:{u}", d.story_id)
        if d.unresolved:
            ix.unresolved.setdefault(d.story_id, set()).update(d.unresolved)
        if d.agency and d.duplicate_of is not None:
            k = f"{d.lang}:{d.agency[0]}:{d.agency[1]}"
            ix.agency.setdefault(k, d.story_id)

    def _delete(self, key: str) -> None:
        """Delete an expired record and its index entries."""
        ix = self._ix
        assert ix is not None
        raw = self.state.get(key)
        try:
            del self.state[key]
        except KeyError:
            pass
        if raw is None:
            return
        try:
            if key.startswith(STORY):
                self._unindex_story(key[len(STORY):], StoryRecord.from_dict(raw))
            elif key.startswith(DISPATCH):
                d = DispatchRecord.from_dict(raw)
                if d.story_id not in ix.story_t or d.story_id in ix.closed:
                    # its story is gone or closed: drop what this dispatch indexed for it
                    for u in d.unresolved:
                        _pull(ix.see_also, f"{d.lang}:{u}", d.story_id)
        except RecordError:
            pass  # a legacy or bad value: deleting it is all there is to do

    def _close(self, sid: str) -> bool:
        """A story past the window: out of every lookup index but its fingerprints and LSH bands (the duplicate
        look-back).  Memory only: the record stays as it is."""
        ix = self._ix
        assert ix is not None
        raw = self.state.get(STORY + sid)
        try:
            r = StoryRecord.from_dict(raw) if raw is not None else None
        except RecordError:
            r = None
        if r is None or sid in ix.closed:
            return False  # a bad value (deleted instead), or closed already
        self._unindex_story(sid, r, identity=False, keep_related=True)
        ix.closed.add(sid)
        return True

    def _unindex_story(self, sid: str, r: StoryRecord, *, identity: bool = True, keep_related: bool = False) -> None:
        """Drop a story from the indexes; ``identity=False`` keeps what the duplicate look-back needs (its
        time, fingerprints and LSH bands), ``keep_related`` its related stories."""
        ix = self._ix
        assert ix is not None
        L = r.lang
        if identity:
            ix.story_t.pop(sid, None)
            ix.closed.discard(sid)
            for bands in r.bands:
                for i, bh in enumerate(bands):
                    _pull(ix.lsh, f"{L}:{i}:{bh}", sid)
            for fd in r.fingerprints:
                k = _fp_key(L, fd["fp"], fd.get("body"))
                e = ix.fingerprint.get(k)
                if e is not None and e[0] == sid:
                    del ix.fingerprint[k]
        for hh in r.headlines:
            _pull(ix.headline, f"{L}:{hh}", sid)
        for p in r.prefixes:
            _pull(ix.prefix, f"{L}:{p}", sid)
        for e in r.entities:
            _discard(ix.names, f"{L}:{e}", sid)
        for u in ix.unresolved.pop(sid, ()):
            _pull(ix.see_also, f"{L}:{u}", sid)
        if r.agency:
            k = f"{L}:{r.agency[0]}:{r.agency[1]}"
            if ix.agency.get(k) == sid:
                del ix.agency[k]
        if not keep_related:
            ix.related.pop(sid, None)

    def _live(self, sid: str, cutoff: int) -> StoryRecord | None:
        if self._ix is not None and self._ix.story_t.get(sid, -1) < cutoff:
            return None
        raw = self.state.get(STORY + sid)
        if raw is None:
            return None
        s = StoryRecord.from_dict(raw)
        return s if s.t >= cutoff else None


def _may_be_copied_by(s: StoryRecord | None, inp: ThreadingInput) -> bool:
    """Can the closed story ``s`` have ``inp`` as a copy (duplicate look-back): same scope, long enough, and no
    dateline date against it (a recurring templated story filed again)."""
    return (s is not None and s.lang == inp.lang and s.size >= IDENTITY_MIN_SIZE
            and not (inp.date and s.date and inp.date != s.date))


def _kept_paragraphs(old: list[list[int]], new: list[list[int]]) -> int:
    """Paragraphs of ``old`` found unchanged in ``new`` (more than six words: not a one-line stub)."""
    mine = {p[0] for p in new}
    return sum(1 for p in old if p[0] in mine and p[1] != p[2])


def _same_body(story: StoryRecord, inp: ThreadingInput) -> bool:
    """The same paragraphs (as multisets) as the story's latest version, whatever the headline."""
    d = diff_paragraphs(story.paragraphs, inp.paragraphs)
    return bool(inp.paragraphs) and not any(d.values())


def _same_cut(story: StoryRecord, inp: ThreadingInput) -> bool:
    """Two sites' cuts of one dispatch: the same lead paragraph (equal, or the same first or last six words),
    paragraphs of the earlier copy missing from this one (not a mere extension), at least half of the shorter copy's paragraphs (two or more, one unchanged) found in the other, and at most
    max(1, 20 %) figures the other copy does not have (a new toll or figure is an update)."""
    old, new = story.paragraphs, inp.paragraphs
    if len(old) < 2 or len(new) < 2:
        return False
    a, b = old[0], new[0]
    if a[1] == a[2] or b[1] == b[2]:
        return False  # a lead of six words or fewer says nothing
    if not (a[0] == b[0] or a[1] == b[1] or a[2] == b[2]):
        return False
    d = diff_paragraphs(old, new)
    kept = len(new) - d["added"]
    if not d["removed"]:
        return False  # it keeps everything of the earlier copy: a longer version (an update), or a template
    if kept < max(2, (min(len(old), len(new)) + 1) // 2) or _kept_paragraphs(old, new) < 1:
        return False
    old_n = set(story.numbers)
    new_n = sum(1 for x in inp.numbers if x not in old_n)
    return new_n <= max(1, len(inp.numbers) // 5)


def _near_copy(story: StoryRecord, inp: ThreadingInput) -> bool:
    """The dispatch's text is mostly in the story's latest version and adds (almost) no figure or name."""
    if not story.signature or inp.size < MIN_CONTAINED:
        return False
    inside = containment(jaccard(inp.signature, story.signature), story.size, inp.size)
    old_n, old_e = set(story.numbers), set(story.entities)
    new_n = sum(1 for x in inp.numbers if x not in old_n)
    new_e = sum(1 for x in inp.entities if x not in old_e)
    return inside >= 0.75 and new_n <= max(1, len(inp.numbers) // 5) and new_e <= max(2, len(inp.entities) // 5)


def _diff(story: StoryRecord, inp: ThreadingInput) -> dict[str, Any] | None:
    """Paragraph changes from the story's latest version, or None when nothing substantive changed."""
    ch: dict[str, Any] = dict(diff_paragraphs(story.paragraphs, inp.paragraphs))
    if inp.headline_hash != story.headline_hash:
        ch["headline"] = True
    if not any(ch.values()):
        return None
    return ch


def iter_records(state: MutableMapping[str, Any]) -> Iterable[tuple[str, StoryRecord | DispatchRecord]]:
    """The typed records of a state (for tools and tests)."""
    for k, v in state.items():
        if k.startswith(STORY):
            yield k, StoryRecord.from_dict(v)
        elif k.startswith(DISPATCH):
            yield k, DispatchRecord.from_dict(v)
