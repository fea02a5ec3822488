"""Evaluate story threading on Reuters-21578: replay in time order through the offline pipeline.

``wirefeed eval threading --corpus ../shared/data/reuters21578``

Reports:

* exact re-sends (identical title + body text as an earlier document): the share
  decided ``duplicate`` (target >= 0.95), also split by whether the earlier copy
  is inside the threading window;
* the ``CORRECTED`` / ``(CORRECTED)`` / ``(RPT)`` stories and whether each is
  threaded into its original's story (originals found by headline minus the tag;
  target: all whose original is in the corpus);
* recurring templated stories: pairs of documents with the same normalised
  headline on different days whose figures / dates differ; the share of pairs
  threaded into one story (decided duplicate / update / ... of each other;
  target <= 2 %).

The corpus is read from its folder, never copied.
"""
from __future__ import annotations

import re
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson

from ..model import Envelope
from ..pipeline import Pipeline
from ..stories import DEFAULT_WINDOW
from ..stories.features import normalise_headline, numbers
from ..text.fold import word_list as tokens
from .reuters import ReutersDoc, iter_corpus

_TAGGED = re.compile(r"^\s*(?:\(\s*(CORRECTED|RPT)\s*\)|(CORRECTED|RPT)\b\s*-)", re.I)
_DATE = re.compile(r'<REUTERS\b[^>]*\bNEWID="(\d+)"[^>]*>\s*<DATE>([^<]*)</DATE>')


def _raw_dates(corpus: Path) -> dict[int, datetime]:
    """NEWID -> DATE, read again from the SGML: ``reuters._date`` misses dates written `` 3-MAR-1987 ...``."""
    out: dict[int, datetime] = {}
    for f in sorted(Path(corpus).glob("reut2-*.sgm")):
        for m in _DATE.finditer(f.read_bytes().decode("latin-1")):
            s = m.group(2).strip().split(".")[0]
            try:
                out[int(m.group(1))] = datetime.strptime(s, "%d-%b-%Y %H:%M:%S").replace(tzinfo=timezone.utc)
            except ValueError:
                pass
    return out


def _key(doc: ReutersDoc) -> tuple[str, str]:
    if doc.title is None and doc.body is None:
        return ("", doc.raw_text)
    return (doc.title or "", doc.body or "")


def _hwords(title: str) -> set[str]:
    return set(normalise_headline(title).split())


def _figures(doc: ReutersDoc) -> frozenset[str]:
    return frozenset(numbers(tokens((doc.title or "") + " " + (doc.body or ""))))


def evaluate(corpus: Path, *, limit: int | None = None, progress: bool = False) -> dict[str, Any]:
    corpus = Path(corpus)
    docs = list(iter_corpus(corpus))
    if limit is not None:
        docs = docs[:limit]
    fixed = 0
    raw = None
    for d in docs:
        if d.date is None:
            raw = raw if raw is not None else _raw_dates(corpus)
            if d.newid in raw:
                d.date = raw[d.newid]
                fixed += 1
    undated = sum(1 for d in docs if d.date is None)
    docs = [d for d in docs if d.date is not None]
    docs.sort(key=lambda d: (d.date, d.newid))

    state: dict[str, Any] = {}
    pipe = Pipeline(state)
    decided: dict[int, dict[str, Any]] = {}
    kinds: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    links = 0
    t0 = time.perf_counter()
    for i, doc in enumerate(docs):
        env = Envelope(id=f"reuters-{doc.newid}", text=doc.to_wire(), received_at=doc.date)
        events = pipe.process(env)
        main = events[0]
        kinds[main["kind"]] += 1
        if main["kind"] == "rejected":
            rejected[main["error"]["code"]] += 1
        links += sum(1 for e in events[1:] if e.get("kind") == "link")
        decided[doc.newid] = main
        if progress and i % 500 == 0:
            print(f"\r{i}/{len(docs)}", end="", file=sys.stderr)
    if progress:
        print(file=sys.stderr)
    elapsed = time.perf_counter() - t0

    # 1. exact re-sends
    window = DEFAULT_WINDOW
    first_seen: dict[tuple[str, str], ReutersDoc] = {}
    resend = {"total": 0, "duplicate": 0, "routed_duplicates": 0, "in_window": 0, "in_window_duplicate": 0,
              "rejected": 0, "threaded_in_window": 0, "threaded_in_window_duplicate": 0, "misses": []}
    for doc in docs:
        k = _key(doc)
        if k in first_seen:
            e = decided[doc.newid]
            orig = first_seen[k]
            resend["total"] += 1
            inside = doc.date - orig.date <= window
            resend["in_window"] += inside
            threaded = e["kind"] != "rejected" and decided[orig.newid]["kind"] != "rejected"
            if e["kind"] == "rejected":
                resend["rejected"] += 1
            is_dup = e["kind"] == "duplicate"
            resend["threaded_in_window"] += threaded and inside
            resend["threaded_in_window_duplicate"] += threaded and inside and is_dup
            resend["duplicate"] += is_dup
            resend["in_window_duplicate"] += is_dup and inside
            resend["routed_duplicates"] += is_dup or (e["kind"] == "repeat" and bool(e.get("duplicate_of")))
            if not is_dup:
                resend["misses"].append({"newid": doc.newid, "earlier": orig.newid, "kind": e["kind"],
                                         "days_apart": round((doc.date - orig.date).total_seconds() / 86400, 2),
                                         "title": (doc.title or "").strip()[:80]})
        else:
            first_seen[k] = doc
    resend["share"] = resend["duplicate"] / resend["total"] if resend["total"] else None
    resend["share_in_window"] = (resend["in_window_duplicate"] / resend["in_window"]) if resend["in_window"] else None
    resend["share_threaded_in_window"] = (resend["threaded_in_window_duplicate"] / resend["threaded_in_window"]
                                          if resend["threaded_in_window"] else None)

    # 2. CORRECTED / (CORRECTED) / (RPT) stories and their originals
    by_headline: dict[str, list[ReutersDoc]] = defaultdict(list)
    for doc in docs:
        if doc.title and not _TAGGED.match(doc.title):
            by_headline[normalise_headline(doc.title)].append(doc)
    flagged = []
    for doc in docs:
        if not doc.title or not _TAGGED.match(doc.title):
            continue
        e = decided[doc.newid]
        originals = [o for o in by_headline.get(normalise_headline(doc.title), []) if o.newid != doc.newid]
        how = "headline"
        if not originals:
            # wire desks shorten a headline to fit the tag: most of its words in the original's headline
            words = _hwords(doc.title)
            scored = []
            for o in docs:
                if o.newid == doc.newid or not o.title or _TAGGED.match(o.title) or abs(o.date - doc.date) > window:
                    continue
                ow = _hwords(o.title)
                c = len(words & ow) / len(words) if words else 0.0
                if c >= 0.75 and len(words & ow) >= 3:
                    scored.append((c, o))
            best = max((c for c, _ in scored), default=None)
            originals = [o for c, o in scored if c == best]
            how = "headline words"
        # the nearest original in time (there may be several stories with this headline)
        originals.sort(key=lambda o: (o.date > doc.date, abs((o.date - doc.date).total_seconds())))
        orig = originals[0] if originals else None
        oe = decided.get(orig.newid) if orig else None
        linked = bool(oe and oe.get("story_id") and oe["story_id"] == e.get("story_id"))
        flagged.append({
            "newid": doc.newid, "date": doc.date.isoformat(), "title": (doc.title or "").strip(),
            "kind": e["kind"], "original": orig.newid if orig else None, "found_by": how if orig else None,
            "threaded_into": ([n for n, x in decided.items() if x.get("dispatch_id") in (e.get("supersedes"),
                              e.get("duplicate_of"))] or [None])[0],
            "original_before": bool(orig and orig.date <= doc.date),
            "original_in_window": bool(orig and abs(doc.date - orig.date) <= window),
            "linked": linked, "version": e.get("version"), "supersedes": e.get("supersedes"),
            "duplicate_of": e.get("duplicate_of"),
        })
    with_orig = [f for f in flagged if f["original"] is not None]
    threaded_orig = [f for f in with_orig if f["kind"] != "rejected" and decided[f["original"]]["kind"] != "rejected"]

    # 3. templated recurring stories: same headline, other day, other figures
    groups: dict[str, list[ReutersDoc]] = defaultdict(list)
    for doc in docs:
        if doc.title and (doc.body or "").strip():
            h = normalise_headline(doc.title)
            if h:
                groups[h].append(doc)
    pairs = merged = 0
    merged_list = []
    recurring_groups = 0
    for h, members in groups.items():
        if len(members) < 2:
            continue
        figs = [_figures(d) for d in members]
        found = False
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                a, b = members[i], members[j]
                if a.date.date() == b.date.date() or figs[i] == figs[j]:
                    continue
                found = True
                pairs += 1
                ea, eb = decided[a.newid], decided[b.newid]
                if ea.get("story_id") and ea.get("story_id") == eb.get("story_id"):
                    merged += 1
                    if len(merged_list) < 50:
                        merged_list.append({"headline": h[:70], "a": a.newid, "b": b.newid, "kind_b": eb["kind"]})
        recurring_groups += found
    state_bytes = len(orjson.dumps(state))
    return {
        "corpus": str(corpus), "documents": len(docs), "undated_skipped": undated, "dates_recovered": fixed,
        "kinds": dict(kinds), "rejected": dict(rejected), "link_events": links,
        "seconds": round(elapsed, 2), "docs_per_second": round(len(docs) / elapsed, 1) if elapsed else None,
        "exact_resends": resend,
        "flagged": {"total": len(flagged), "with_original": len(with_orig),
                    "linked": sum(f["linked"] for f in with_orig), "threaded_with_original": len(threaded_orig),
                    "threaded_linked": sum(f["linked"] for f in threaded_orig), "stories": flagged},
        "templated": {"groups": recurring_groups, "pairs": pairs, "merged": merged,
                      "share_merged": merged / pairs if pairs else None, "merged_pairs": merged_list},
        "state": {"keys": len(state), "bytes_orjson": state_bytes,
                  "stories": sum(1 for k in state if k.startswith("story:"))},
    }


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f} %"


def report(result: dict[str, Any]) -> str:
    r = result
    rs, fl, tp = r["exact_resends"], r["flagged"], r["templated"]
    lines = [
        f"Story threading on {r['corpus']}: {r['documents']} documents in time order "
        f"({r['dates_recovered']} dates re-read from the SGML, {r['undated_skipped']} undated skipped), "
        f"{r['seconds']} s ({r['docs_per_second']} docs/s through the whole offline pipeline)",
        "decisions: " + ", ".join(f"{k} {v}" for k, v in sorted(r["kinds"].items())) + f"; link events {r['link_events']}",
    ]
    if r["rejected"]:
        lines.append("rejected: " + ", ".join(f"{k} {v}" for k, v in sorted(r["rejected"].items())))
    lines += [
        "",
        f"Exact re-sends (identical title + body as an earlier document): {rs['total']}; decided duplicate "
        f"{rs['duplicate']} = {_pct(rs['share'])} (target >= 95 %); within the {DEFAULT_WINDOW.days}-day window "
        f"{rs['in_window_duplicate']}/{rs['in_window']} = {_pct(rs['share_in_window'])}; within the window and "
        f"not rejected by the parser (both copies): {rs['threaded_in_window_duplicate']}/{rs['threaded_in_window']} = "
        f"{_pct(rs['share_threaded_in_window'])}; rejected copies {rs['rejected']}; "
        f"routed to duplicates (duplicate or seen repeat) {rs['routed_duplicates']}",
    ]
    for m in rs["misses"][:20]:
        lines.append(f"  miss: {m['newid']} (earlier {m['earlier']}, {m['days_apart']} days) {m['kind']}: {m['title']}")
    lines += [
        "",
        f"CORRECTED / (CORRECTED) / (RPT) stories: {fl['total']}; original in the corpus (same headline minus the "
        f"tag, or >= 75 % of its words in an untagged headline within the window): {fl['with_original']}; linked to it: "
        f"{fl['linked']}/{fl['with_original']} (target: all); of those not rejected by the parser: "
        f"{fl['threaded_linked']}/{fl['threaded_with_original']}",
    ]
    for f in fl["stories"]:
        if f["original"] is None:
            status = "no original in the corpus"
        else:
            where = "earlier" if f["original_before"] else "LATER"
            status = (f"{'LINKED' if f['linked'] else 'not linked'} to {f['original']} ({where}, by {f['found_by']}"
                      f"{'' if f['original_in_window'] else ', outside the window'})")
        if f["threaded_into"] and not f["linked"]:
            status += f", threaded into {f['threaded_into']}"
        lines.append(f"  {f['newid']:>5} {f['date'][:16]} {f['kind']:<10} {status}: {f['title'][:70]}")
    lines += [
        "",
        f"Templated recurring stories (same headline, different days, different figures): {tp['groups']} headlines, "
        f"{tp['pairs']} pairs; threaded into one story: {tp['merged']} = {_pct(tp['share_merged'])} (target <= 2 %)",
    ]
    for m in tp["merged_pairs"][:20]:
        lines.append(f"  merged: {m['a']} + {m['b']} ({m['kind_b']}): {m['headline']}")
    st = r["state"]
    lines += ["", f"State at the end: {st['keys']} keys, {st['stories']} live stories, "
                  f"{st['bytes_orjson'] / 1e6:.1f} MB as orjson (no expiry run during the replay)"]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    res = evaluate(a.corpus, limit=a.limit, progress=sys.stderr.isatty())
    print(orjson.dumps(res, option=orjson.OPT_INDENT_2).decode() if a.json else report(res))
