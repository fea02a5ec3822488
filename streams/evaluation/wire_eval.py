"""Evaluate the whole offline pipeline on real wire copy with hand-made gold (``wirefeed eval wire``).

    wirefeed eval wire --gold ../shared/data/wire-dev/dev.jsonl [--details] [--events OUT] [--json]

The gold file is JSONL in the wire-dev format (``../shared/data/wire-dev/README.md``): each line
is an envelope (``id``, ``text``, ``received_at``, ``source``) with a ``gold`` object.  The lines
go through :class:`streams.pipeline.Pipeline` (the very code the worker runs, in-memory story
state) in the order of the file, then every event is scored with the definitions of the
reference scorer (``../shared/tools/wire_score.py``), measure by measure:

============================  =================================================================
language                      the event's language (before any ``-``) equals gold
headline                      headline words (case- and accent-folded) equal gold's; gold null
                              needs an empty headline
dateline                      over gold datelines: city words and country equal
no invented dateline          over gold null datelines: no city output
lead                          the first paragraph starts with the gold lead's first 8 words
region micro-F1 (P / R)       ``subject`` regions against ``subjects``; ``also_ok`` codes are no
                              false positives
region traps                  share of dispatches having ``not_subject`` codes that tag one of
                              them as subject
first topic                   the first topic is in ``topics_first_ok`` or narrower
topic traps                   share of dispatches having ``topics_wrong`` where a topic is one of
                              them or narrower
threads                       duplicate / update-correction / related relations found
============================  =================================================================

"Narrower" uses the package's own IPTC taxonomy (:mod:`streams.topics.taxonomy`).  A missing or
rejected event counts as an empty one.  The figures are given per gold language and overall,
against the targets of issue 9; the overall figures are the reference scorer's, to the digit
(:func:`summary_line` prints its summary line).  The gold file is read by path, never copied.
"""
from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable

import orjson

from ..text.fold import words

# (key, label, target, higher is better) in the order of the report; the targets are issue 9's.
MEASURES: list[tuple[str, str, float, bool]] = [
    ("language", "language", 1.00, True),
    ("headline", "headline right", 0.95, True),
    ("dateline", "dateline city + country", 0.95, True),
    ("no_invented_dateline", "no invented dateline", 0.98, True),
    ("lead", "lead", 0.92, True),
    ("region_f1", "subject countries micro-F1", 0.92, True),
    ("region_traps", "trap country as subject", 0.03, False),
    ("first_topic", "first topic acceptable", 0.90, True),
    ("topic_traps", "absurd (trap) topic", 0.03, False),
    ("threads", "thread relations found", 14 / 16, True),
]
TARGETS = {k: t for k, _, t, _ in MEASURES}
LOWER_IS_BETTER = {k for k, _, _, hi in MEASURES if not hi}
# count key -> denominator key, for the ratio measures (as the reference scorer names them)
_RATIOS = {"language": ("language", "n"), "headline": ("headline", "n"), "dateline": ("dateline", "dl_n"),
           "no_invented_dateline": ("no_invented_dateline", "nodl_n"), "lead": ("lead", "lead_n"),
           "region_traps": ("region_trapped", "region_trap_n"), "first_topic": ("first_topic", "topic_n"),
           "topic_traps": ("topic_trapped", "topic_trap_n"), "threads": ("threads", "thread_n")}
OVERALL = "all"


# ---- input -------------------------------------------------------------------------------------

def load_gold(path: Path | str) -> list[dict[str, Any]]:
    """The gold lines of a wire-dev style JSONL file (each with ``id`` and ``gold``)."""
    out = []
    with open(path, "rb") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            obj = orjson.loads(line)
            if not isinstance(obj, dict) or "gold" not in obj or "id" not in obj:
                raise ValueError(f"{path}:{n}: not a gold line (needs 'id' and 'gold')")
            out.append(obj)
    return out


def run_pipeline(gold: list[dict[str, Any]], *, progress: bool = False, name: str = "gold") -> list[dict[str, Any]]:
    """Every event (link events included) the offline pipeline gives for the gold envelopes, in file order."""
    from ..config import Settings
    from ..envelope import envelope_from_obj
    from ..events import dispatch_id_for, rejected_event
    from ..model import DispatchError
    from ..pipeline import Pipeline

    s = Settings.from_env()
    pipe = Pipeline(window=s.window, max_bytes=s.max_bytes, duplicate_window=s.duplicate_window)
    events: list[dict[str, Any]] = []

    def step(n: int, line: dict[str, Any]) -> None:
        env_obj = {k: v for k, v in line.items() if k not in ("gold", "provenance")}
        position = f"{name}:{n}"
        try:
            envelope = envelope_from_obj(env_obj)
        except DispatchError as e:
            events.append(rejected_event(dispatch_id_for(None, orjson.dumps(env_obj), position), e))
            return
        events.extend(pipe.process(envelope, position))

    if progress:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      transient=True) as bar:
            task = bar.add_task(f"wirefeed pipeline over {name}", total=len(gold))
            for n, line in enumerate(gold, 1):
                step(n, line)
                bar.advance(task)
    else:
        for n, line in enumerate(gold, 1):
            step(n, line)
    return events


# ---- scoring -----------------------------------------------------------------------------------

def _ancestry():
    from ..topics.taxonomy import load_taxonomy

    tax = load_taxonomy()

    def ancestors(code: str) -> set[str]:
        return {code, *tax.ancestors(code)}

    return ancestors


def score(gold: list[dict[str, Any]], events: Iterable[dict[str, Any]], ancestors=None) -> dict[str, Any]:
    """Score ``events`` against ``gold`` (both as dicts).  ``ancestors(code)`` gives a topic code
    and all its broader codes (default: the package's IPTC taxonomy)."""
    ancestors = ancestors or _ancestry()
    ev: dict[str, dict[str, Any]] = {}
    links: dict[str, set[str]] = defaultdict(set)
    for e in events:
        if e.get("kind") == "link":
            for r in e.get("related") or []:
                links[e.get("story_id")].add(r)
                links[r].add(e.get("story_id"))
            continue
        ev.setdefault(e.get("dispatch_id"), e)

    counts: dict[str, Counter] = defaultdict(Counter)  # language -> counts (tp/fp/fn included)
    misses: list[dict[str, str]] = []
    for g in gold:
        gid, G = g["id"], g["gold"]
        lang = G.get("language") or "?"
        e = ev.get(gid)
        c = Counter()

        def miss(measure: str, text: str) -> None:
            misses.append({"id": gid, "language": lang, "measure": measure, "text": f"{gid}: {text}"})

        if e is None or e.get("kind") == "rejected":
            miss("event", "no event or rejected")
            e = {}
        c["n"] += 1
        ok = (e.get("language") or "").split("-")[0] == G["language"]
        c["language"] += ok
        if not ok:
            miss("language", f"language {e.get('language')} != {G['language']}")
        ok = words(e.get("headline") or "") == words(G["headline"] or "")
        c["headline"] += ok
        if not ok:
            miss("headline", f"headline {e.get('headline')!r} != {G['headline']!r}")
        dl = e.get("dateline") or {}
        if G.get("dateline"):
            c["dl_n"] += 1
            gd = G["dateline"]
            ok = words(dl.get("city")) == words(gd["city"]) and (dl.get("country") or "") == gd["country"]
            c["dateline"] += ok
            if not ok:
                miss("dateline", f"dateline {dl.get('city')}/{dl.get('country')} != {gd['city']}/{gd['country']}")
        else:
            c["nodl_n"] += 1
            ok = not dl.get("city")
            c["no_invented_dateline"] += ok
            if not ok:
                miss("no_invented_dateline", f"invented dateline {dl.get('city')}")
        if G.get("lead"):
            c["lead_n"] += 1
            want = words(G["lead"])[:8]
            paras = e.get("paragraphs") or [""]
            ok = words(paras[0])[:len(want)] == want
            c["lead"] += ok
            if not ok:
                miss("lead", f"lead {paras[0][:70]!r} != {G['lead'][:70]!r}")
        subj = {r["code"] for r in e.get("regions") or [] if r.get("role") == "subject"}
        gs = set(G["subjects"])
        ok_extra = set(G.get("also_ok") or [])
        c["tp"] += len(subj & gs)
        c["fn"] += len(gs - subj)
        c["fp"] += len(subj - gs - ok_extra)
        if subj - gs - ok_extra or gs - subj:
            miss("regions", f"regions subject {sorted(subj)} gold {sorted(gs)} (+ok {sorted(ok_extra)})")
        if G.get("not_subject"):
            c["region_trap_n"] += 1
            trap = subj & set(G["not_subject"])
            c["region_trapped"] += bool(trap)
            if trap:
                miss("region_traps", f"trap countries as subject {sorted(trap)}")
        topics = e.get("topics") or []
        if G.get("topics_first_ok"):
            c["topic_n"] += 1
            first = topics[0]["code"] if topics else None
            ok = bool(first) and bool(ancestors(first) & set(G["topics_first_ok"]))
            c["first_topic"] += ok
            if not ok:
                miss("first_topic", f"first topic {topics[0].get('label') if topics else None} ({first}) "
                                    f"not in {G['topics_first_ok']}")
        if G.get("topics_wrong"):
            c["topic_trap_n"] += 1
            bad = [t["code"] for t in topics if ancestors(t["code"]) & set(G["topics_wrong"])]
            c["topic_trapped"] += bool(bad)
            if bad:
                miss("topic_traps", f"trap topics {bad}")
        th = G.get("thread")
        if th:
            c["thread_n"] += 1
            o = ev.get(th["of"]) or {}
            same = bool(e.get("story_id")) and e.get("story_id") == o.get("story_id")
            if th["kind"] == "duplicate":
                ok = e.get("kind") == "duplicate" and (same or e.get("duplicate_of") in (th["of"], o.get("event_id")))
            elif th["kind"] in ("update", "correction"):
                ok = e.get("kind") in ("update", "correction") and same
            else:
                ok = (o.get("story_id") in (e.get("related") or [])
                      or o.get("story_id") in links.get(e.get("story_id"), ())
                      or e.get("story_id") in (o.get("related") or []))
            c["threads"] += ok
            if not ok:
                miss("threads", f"thread {e.get('kind')} {e.get('story_id')} want {th['kind']} of {th['of']} "
                                f"({o.get('story_id')})")
        counts[lang].update(c)
        counts[OVERALL].update(c)
        for k in ("tp", "fp", "fn"):  # keep zero counts: a language with no region has F1 0, not missing
            counts[lang][k] += 0
            counts[OVERALL][k] += 0

    langs = sorted((k for k in counts if k != OVERALL), key=lambda k: (-counts[k]["n"], k))
    by_language = {k: measures(counts[k]) for k in [*langs, OVERALL]}
    overall = by_language[OVERALL]
    short = [k for k, _, _, _ in MEASURES if overall[k + "_n"] and short_of_target(k, overall[k])]
    return {"dispatches": counts[OVERALL]["n"], "languages": langs, "measures": by_language,
            "counts": {k: dict(v) for k, v in counts.items()}, "short": short, "misses": misses,
            "passed": not short}


def measures(c: Counter) -> dict[str, Any]:
    """Ratios as the reference scorer computes them (a / max(n, 1)), region P/R/F1, and the denominators."""
    out: dict[str, Any] = {}
    for k, (num, den) in _RATIOS.items():
        out[k] = c[num] / max(c[den], 1)
        out[k + "_n"] = c[den]
        out[k + "_count"] = c[num]
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    out["region_p"], out["region_r"] = p, r
    out["region_f1"] = 2 * p * r / max(p + r, 1e-9)
    out["region_f1_n"] = tp + fp + fn
    return out


def short_of_target(key: str, value: float) -> bool:
    t = TARGETS[key]
    return value > t + 1e-12 if key in LOWER_IS_BETTER else value < t - 1e-12


# ---- output ------------------------------------------------------------------------------------

def summary_line(result: dict[str, Any]) -> str:
    """The reference scorer's summary line for the overall figures (same format, same rounding),
    to compare the two by eye or in a test.  Its "short of goal" part is left out: the reference
    scorer has its own, looser, goals."""
    m = result["measures"][OVERALL]
    keys = ["language", "headline", "dateline", "no_invented_dateline", "lead", "region_f1", "region_traps",
            "first_topic", "topic_traps", "threads"]
    return (f"real wire copy ({result['dispatches']} dispatches): " + ", ".join(f"{k} {m[k]:.2f}" for k in keys)
            + f" (region P {m['region_p']:.2f} R {m['region_r']:.2f})")


def _cell(m: dict[str, Any], key: str) -> str:
    if m[key + "_n"] == 0:
        return "-"
    v = m[key]
    if key == "threads":
        return f"{m['threads_count']}/{m['threads_n']}"
    if key in LOWER_IS_BETTER:
        return f"{v:.0%}"
    return f"{v:.2f}"


def _target(key: str) -> str:
    t = TARGETS[key]
    if key == "threads":
        return ">= 14/16"
    if key in LOWER_IS_BETTER:
        return f"<= {t:.0%}"
    return f">= {t:.2f}"


def report(result: dict[str, Any], *, details: bool = False) -> str:
    """The table (measures x languages, overall, target, a mark for each overall measure short of target)."""
    cols = [*result["languages"], OVERALL]
    ms = result["measures"]
    head = ["measure", *[f"{c} ({result['counts'][c]['n']})" for c in cols], "target", ""]
    rows = [head]
    for key, label, _, _ in MEASURES:
        short = short_of_target(key, ms[OVERALL][key]) and ms[OVERALL][key + "_n"] > 0
        cells = [_cell(ms[c], key) + ("*" if c != OVERALL and ms[c][key + "_n"] and short_of_target(key, ms[c][key])
                                      else " " if c != OVERALL else "") for c in cols]
        rows.append([label, *cells, _target(key), "✗ short" if short else "✓"])
        if key == "region_f1":
            for k, name in (("region_p", "  precision"), ("region_r", "  recall")):
                rows.append([name, *[(f"{ms[c][k]:.2f}" if ms[c]["region_f1_n"] else "-") + (" " if c != OVERALL else "")
                                     for c in cols], "", ""])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines: list[str] = []
    if details:
        by_measure: dict[str, list[str]] = defaultdict(list)
        for m in result["misses"]:
            by_measure[m["measure"]].append(m["text"])
        order = ["event", *[k for k, _, _, _ in MEASURES if k not in ("region_f1",)], "regions"]
        for k in order:
            if by_measure.get(k):
                lines.append(f"misses: {k} ({len(by_measure[k])})")
                lines += ["  " + t for t in by_measure[k]]
        lines.append("")
    lines.append(f"wirefeed on real wire copy: {result['dispatches']} dispatches"
                 + (f", gold {result['gold']}" if result.get("gold") else ""))
    for i, r in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[j]) if j == 0 else cell.rjust(widths[j]) if j < len(r) - 1 else cell
                               for j, cell in enumerate(r)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths[:-1]))
    lines.append("(* a language short of the target; ✗ the overall figure short of it)")
    lines.append("")
    lines.append(summary_line(result))
    if result.get("seconds"):
        lines.append(f"{result['seconds']:.1f} s for {result['dispatches']} dispatches (model loads included)")
    lines.append("all targets met" if result["passed"] else "short of target: " + ", ".join(result["short"]))
    return "\n".join(lines)


def evaluate(gold_path: Path | str, *, events_out: Path | str | None = None, progress: bool = False) -> dict[str, Any]:
    """Run the pipeline over the gold file, optionally write the events (JSONL), and score them."""
    gold = load_gold(gold_path)
    started = time.perf_counter()
    events = run_pipeline(gold, progress=progress, name=Path(gold_path).name)
    seconds = time.perf_counter() - started
    if events_out is not None:
        with open(events_out, "wb") as fh:
            for e in events:
                fh.write(orjson.dumps(e) + b"\n")
    result = score(gold, events)
    result["gold"] = str(gold_path)
    result["seconds"] = seconds
    return result


def main(gold: Path, *, details: bool = False, events_out: Path | None = None, as_json: bool = False,
         progress: bool | None = None) -> int:
    """The ``wirefeed eval wire`` command: prints the report, returns 0 when every target is met."""
    if not Path(gold).is_file():
        raise SystemExit(f"error: {gold}: no such file")
    result = evaluate(gold, events_out=events_out, progress=sys.stderr.isatty() if progress is None else progress)
    if as_json:
        print(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode())
    else:
        print(report(result, details=details))
    return 0 if result["passed"] else 1
