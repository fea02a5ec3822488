"""The story threader: one decision per dispatch, all memory in a flat ``MutableMapping``.

See the package docstring (:mod:`streams.stories`) for the semantics and the state layout.
"""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Any, MutableMapping

from ..events import SCHEMA, _h, event_id_for
from ..model import ThreadDecision
from .features import BANDS, ThreadingInput, diff_paragraphs

DEFAULT_WINDOW = timedelta(days=7)

BUCKET_CAP = 64  # entries kept per LSH / headline bucket (most recent first out when full)
MAX_CANDIDATES = 12  # stories read and scored per dispatch
MAX_FLAGGED_CANDIDATES = 64  # for CORRECTED / RPT / UPDATE copies (rare): also every story sharing the first word
MAX_RELATED = 32
CLOCK_STEP = 60  # seconds between writes of the logical clock
SAME_DAY = 12 * 3600  # seconds: an unflagged version after this needs a closer text (Jaccard >= 0.7)
_LIST_PREFIXES = ("lsh:", "hl:", "hp:", "sa:")
_RECORD_PREFIXES = ("story:", "dispatch:", "fp:", "agency:")


def _epoch(dt: datetime | None) -> int | None:
    if dt is None:
        return None
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


class StoryThreader:
    """Decides how a dispatch relates to the stories already seen (see :mod:`streams.stories`).

    ``state`` is any ``MutableMapping[str, JSON value]``: a dict offline and in
    unit tests, a Faust Table (changelog-backed) in the worker.  Values are
    never mutated in place, always reassigned, so that every change reaches
    the changelog.  Nothing is kept in memory between calls.
    """

    def __init__(self, state: MutableMapping[str, Any], window: timedelta = DEFAULT_WINDOW) -> None:
        self.state = state
        self.window = window
        self._win = int(window.total_seconds())

    # --- public API ---------------------------------------------------------------------------

    def thread(self, inp: ThreadingInput, now: datetime) -> ThreadDecision:
        st = self.state
        f = inp
        rec = st.get("dispatch:" + inp.dispatch_id)
        if rec is not None:
            return self._decision_from_record(inp.dispatch_id, rec)

        now = _epoch(now)
        cutoff = now - self._win
        L = f.lang

        story: dict[str, Any] | None = None
        sid: str | None = None
        exact: list[Any] | None = None  # [story_id, version, dispatch_id, t, "c"?]: the version this one equals
        agency_key = None

        # 1. the agency's own story id comes first
        if inp.agency_story_id:
            agency_key = f"agency:{L}:{inp.agency_source or ''}:{inp.agency_story_id}"
            a = st.get(agency_key)
            if a is not None and a[1] >= cutoff:
                story = self._live_story(a[0], cutoff)
                if story is not None:
                    sid = a[0]
                    seen = (story.get("av") or {}).get(str(inp.agency_version))
                    if seen is not None:
                        exact = [sid, seen[1], seen[0], story["t"], ""]
        # 2. an exact (normalised) re-send of a known version
        fp_key = f"fp:{L}:{f.fp}"
        if exact is None:
            e = st.get(fp_key)
            if e is not None and e[3] >= cutoff and (sid is None or e[0] == sid):
                s2 = story if story is not None else self._live_story(e[0], cutoff)
                if s2 is not None:
                    sid, story, exact = e[0], s2, e
        # 3. near-duplicates and versions: LSH candidates confirmed on figures and names
        if story is None:
            found = self._candidates(f, now, cutoff)
            if found is not None:
                sid, story = found
        if story is None:
            sid = agency_story_id_for(L, inp.agency_source, inp.agency_story_id) if inp.agency_story_id \
                else story_id_for(L, inp.dispatch_id)

        # --- the decision ---------------------------------------------------------------------
        links: list[list[str]] = []
        new_story = story is None
        assert sid is not None
        if new_story:
            kind = "repeat" if "repeat" in f.kinds else "correction" if "correction" in f.kinds else "new"
            d = ThreadDecision(kind=kind, story_id=sid, version=1)
        else:
            assert story is not None and sid is not None
            latest_d, latest_v = story["d"], story["v"]
            changes = None
            if exact is None:
                changes = _diff(story, f)
                if changes is None:  # same paragraphs and headline: a copy of the latest version
                    exact = [sid, latest_v, latest_d, story["t"], "c" if "correction" in story.get("f", []) else ""]
            if exact is not None and "correction" in f.kinds and "c" not in (exact[4] or ""):
                d = ThreadDecision(kind="correction", story_id=sid, version=latest_v + 1, supersedes=latest_d,
                                   changes=_diff(story, f) or {"added": 0, "removed": 0, "changed": 0})
            elif exact is not None or "repeat" in f.kinds:
                dup_d, dup_v = (exact[2], exact[1]) if exact is not None else (latest_d, latest_v)
                kind = "repeat" if "repeat" in f.kinds else "duplicate"
                d = ThreadDecision(kind=kind, story_id=sid, version=dup_v, duplicate_of=dup_d, publish=False)
            else:
                kind = "correction" if "correction" in f.kinds else "update"
                d = ThreadDecision(kind=kind, story_id=sid, version=latest_v + 1, supersedes=latest_d,
                                   changes=changes)

        is_version = d.duplicate_of is None  # a new story or a new version: indexed
        related = list(story.get("r", [])) if story else []

        # --- related stories: see-also headlines, and earlier stories naming this one ----------
        see_ids: list[str | None] = []
        for hh in f.see_also:
            target = None
            for esid, ets in (st.get(f"hl:{L}:{hh}", []) if hh else ()):
                if ets >= cutoff and esid != sid and self._live_story(esid, cutoff) is not None:
                    target = esid  # the most recent wins (lists are in arrival order)
            see_ids.append(target)
            if target is not None and target not in related:
                related.append(target)
                links.append([target, sid])
        if f.headline_hash and is_version and (new_story or f.headline_hash != story.get("h")):  # type: ignore[union-attr]
            for esid, ets in st.get(f"sa:{L}:{f.headline_hash}", []):
                if ets >= cutoff and esid != sid and esid not in related \
                        and self._live_story(esid, cutoff) is not None:
                    related.append(esid)
                    links.append([esid, sid])
        d.related = related[:MAX_RELATED]
        d.see_also_story_ids = see_ids
        if not d.publish:
            # the current dispatch is not announced: announce the current story's new links with link events too
            links += [[sid, earlier] for earlier, _ in links]

        # --- write state (every value reassigned, never mutated in place) ----------------------
        if now >= self._clock() + CLOCK_STEP:  # coarse: not one changelog write per message
            st["clock"] = {"t": now}
        if is_version:
            rec_story = {
                "t": now, "l": L, "v": d.version, "d": inp.dispatch_id, "f": sorted(f.kinds),
                "p": f.paragraphs, "n": f.numbers, "e": f.entities, "h": f.headline_hash,
                "hw": sorted(set(story.get("hw", [])) | set(f.headline_words))[:32] if story else f.headline_words,
                "r": d.related,
            }
            av = dict(story.get("av") or {}) if story else {}
            if inp.agency_version is not None:
                av[str(inp.agency_version)] = [inp.dispatch_id, d.version]
            if av:
                rec_story["av"] = av
            st["story:" + sid] = rec_story
            st[fp_key] = [sid, d.version, inp.dispatch_id, now, "c" if "correction" in f.kinds else ""]
            for i, bh in enumerate(f.bands):
                self._push(f"lsh:{L}:{i}:{bh}", sid, now, cutoff)
            if f.headline_hash:
                self._push(f"hl:{L}:{f.headline_hash}", sid, now, cutoff)
            if f.headline_prefix:
                self._push(f"hp:{L}:{f.headline_prefix}", sid, now, cutoff)
        elif story is not None and d.related != story.get("r", []):
            st["story:" + sid] = {**story, "r": d.related}
        if agency_key is not None and (is_version or st.get(agency_key, [None])[0] != sid):
            st[agency_key] = [sid, now]
        for hh, target in zip(f.see_also, see_ids):
            if target is None and hh:
                self._push(f"sa:{L}:{hh}", sid, now, cutoff)
        for earlier, new in links:
            es = st.get("story:" + earlier)
            if es is not None and new not in es.get("r", []):
                st["story:" + earlier] = {**es, "r": [*es.get("r", []), new][-MAX_RELATED:]}
        d.link_events = _link_events(inp.dispatch_id, links)
        st["dispatch:" + inp.dispatch_id] = {
            "t": now, "k": d.kind, "s": d.story_id, "v": d.version, "sp": d.supersedes, "do": d.duplicate_of,
            "r": d.related, "sa": d.see_also_story_ids, "c": d.changes, "p": d.publish, "l": links,
        }
        return d

    def expire(self, now: datetime) -> int:
        """Delete the state older than the window before ``now``; return the number of keys deleted.

        Scans ``state.items()`` once (call it from a timer, not per message).
        It also advances the logical clock to ``now``.
        """
        t = _epoch(now)
        assert t is not None
        cutoff = t - self._win
        st = self.state
        deleted = 0
        for key, value in list(st.items()):
            if key.startswith(_LIST_PREFIXES):
                kept = [e for e in value if e[1] >= cutoff]
                if not kept:
                    del st[key]
                    deleted += 1
                elif len(kept) != len(value):
                    st[key] = kept
            elif key.startswith(_RECORD_PREFIXES):
                ts = value["t"] if isinstance(value, dict) else value[-2] if key.startswith("fp:") else value[-1]
                if ts < cutoff:
                    del st[key]
                    deleted += 1
        if t > self._clock():
            st["clock"] = {"t": t}
        return deleted

    def expire_some(self, now: datetime, budget_s: float = 0.005) -> int:
        """Delete what expired before ``now``; a bounded slice; returns the number of keys deleted."""
        return self.expire(now)

    # --- internals ----------------------------------------------------------------------------

    def _clock(self) -> int:
        c = self.state.get("clock")
        return int(c["t"]) if c else 0


    def _live_story(self, sid: str, cutoff: int) -> dict[str, Any] | None:
        s = self.state.get("story:" + sid)
        if s is None or s["t"] < cutoff:
            return None
        return s

    def _push(self, key: str, sid: str, now: int, cutoff: int) -> None:
        """Add ``[sid, now]`` to a bucket list, dropping expired entries and an older entry of ``sid``."""
        old = self.state.get(key) or []
        new = [e for e in old if e[1] >= cutoff and e[0] != sid]
        new.append([sid, now])
        if len(new) > BUCKET_CAP:
            new = new[-BUCKET_CAP:]
        if new != old:
            self.state[key] = new

    def _candidates(self, f: ThreadingInput, now: int, cutoff: int) -> tuple[str, dict[str, Any]] | None:
        st = self.state
        L = f.lang
        hits: dict[str, int] = {}
        for i, bh in enumerate(f.bands):
            for esid, ets in st.get(f"lsh:{L}:{i}:{bh}", ()):
                if ets >= cutoff:
                    hits[esid] = hits.get(esid, 0) + 1
        by_headline = {esid for esid, ets in (st.get(f"hl:{L}:{f.headline_hash}", ()) if f.headline_hash else ())
                       if ets >= cutoff}
        for esid in by_headline:
            hits.setdefault(esid, 0)
        flagged = bool(f.kinds)
        if flagged and f.headline_prefix:  # a CORRECTED / RPT copy may have a shortened headline and a rewritten table
            for esid, ets in reversed(st.get(f"hp:{L}:{f.headline_prefix}", ())):  # the most recent first
                if ets >= cutoff:
                    hits.setdefault(esid, 0)
        if not hits:
            return None
        ranked = sorted(hits.items(), key=lambda kv: (kv[0] in by_headline, kv[1]), reverse=True)
        ranked = ranked[:MAX_FLAGGED_CANDIDATES if flagged else MAX_CANDIDATES]
        best: tuple[tuple[float, bool, int, float], str, dict[str, Any]] | None = None
        for esid, c in ranked:
            s = self._live_story(esid, cutoff)
            if s is None or s.get("l") != L:
                continue
            j = math.sqrt(c / BANDS)
            hm = esid in by_headline
            ncont = _containment(s["n"], f.numbers)
            econt = _containment(s["e"], f.entities)
            if flagged:
                # desks shorten a headline to fit the tag: most of its words in the earlier headline will do
                hw = _containment(f.headline_words, s.get("hw", [])) >= 0.75
                ok = hm or (hw and (ncont >= 0.4 or econt >= 0.5 or j >= 0.5)) \
                    or (j >= 0.5 and ncont >= 0.5 and econt >= 0.3)
            else:
                # a copy re-sent later is near-identical; an unflagged rewrite a day later is more often a new event
                ok = j >= (0.5 if now - s["t"] <= SAME_DAY else 0.7) and ncont >= 0.8 and econt >= 0.5
            if not ok:
                continue
            # figures and names first, then the headline, then the most recent, then the text
            score = (round(2 * ncont + econt, 3), hm, s["t"], j)
            if best is None or score > best[0]:
                best = (score, esid, s)
        return (best[1], best[2]) if best else None

    def _decision_from_record(self, dispatch_id: str, r: dict[str, Any]) -> ThreadDecision:
        d = ThreadDecision(kind=r["k"], story_id=r["s"], version=r["v"], supersedes=r["sp"], duplicate_of=r["do"],
                           related=list(r["r"]), see_also_story_ids=list(r["sa"]), changes=r["c"], publish=r["p"])
        d.link_events = _link_events(dispatch_id, r["l"])
        return d


def _diff(story: dict[str, Any], f: ThreadingInput) -> dict[str, Any] | None:
    """Paragraph changes from the story's latest version, or None when nothing substantive changed."""
    ch: dict[str, Any] = dict(diff_paragraphs(story["p"], f.paragraphs))
    if f.headline_hash != story.get("h"):
        ch["headline"] = True
    if not any(ch.values()):
        return None
    return ch


def _link_events(dispatch_id: str, links: list[list[str]]) -> list[dict[str, Any]]:
    return [link_event(dispatch_id, story, related) for story, related in links]
