#!/usr/bin/env python3
"""Benchmark the topic tagger: load time, tagging throughput per core (CPU time).

    python benchmarks/bench_topics.py [--seconds 5] [--corpus ../shared/data/reuters21578] [--with-regions]

Dispatches are built like ``bench_regions.py`` builds them (about 3 KB each): the bundled
French sample dispatch and the bundled samples (streams/samples), each padded with its own
paragraphs to ~3 KB; with ``--corpus``, Reuters-21578 stories read from that path (never
copied) glued together to ~3 KB.  ``--short`` also times the Reuters stories as they are
(~0.8 KB on average).  Parsing is done once up front: only ``tag_topics`` is timed (and
``tag_regions`` too with ``--with-regions``).  Targets: topics alone >= 4,000 dispatches/s
per core; regions + topics >= 1,500/s.  The topic tagger reads the headline and the first
``streams.topics.tagger.MAX_CHARS`` characters of the body (2,000; ``--full-body`` times it
reading the whole body).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _common import pad_paragraphs as _pad, run_fresh  # noqa: E402


def measure_load() -> dict:
    """Load taxonomy + lexicons + automaton in a fresh interpreter."""
    return run_fresh(
        "import time,json;"
        "t=time.perf_counter();"
        "from streams.topics.tagger import engine;e=engine();"
        "dt=time.perf_counter()-t;"
        "print(json.dumps({'load_s':dt,'topics':len(e.lexicon.topics),"
        "'terms':sum(len(x.terms) for x in e.lexicon.topics.values()),'keys':len(e.automaton)}))"
    )


def build_dispatches(corpus: str | None, *, pad: bool = True, limit: int = 1000) -> list:
    from streams.model import Envelope
    from streams.parsing import parse

    envs: list[Envelope] = []
    sample = ROOT / "tests" / "fixtures" / "reuters-fr-2016-07-14-washington-moscou-syrie.txt"
    if sample.exists():
        envs.append(Envelope(id="sample", text=sample.read_text(encoding="utf-8"), source="reuters-fr", language="fr"))
    jl = ROOT / "streams" / "samples" / "dispatches.jsonl"
    if jl.exists():
        for line in jl.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            if d.get("text"):
                envs.append(Envelope(id=d["id"], text=d["text"], source=d.get("source"), language=d.get("language")))
    if corpus:
        from streams.evaluation.reuters import iter_corpus

        buf: list[str] = []
        for doc in iter_corpus(corpus):
            if not doc.body:
                continue
            if not pad:
                envs.append(Envelope(id=f"r{doc.newid}", text=doc.to_wire()))
            else:
                buf.append(doc.to_wire())
                if sum(len(b) for b in buf) >= 3000:
                    text = buf[0] + "\n" + "\n".join(b.split("\n", 2)[-1] for b in buf[1:])
                    envs.append(Envelope(id=f"r{doc.newid}", text=text))
                    buf = []
            if len(envs) >= limit:
                break
    parsed = []
    for e in envs:
        try:
            p = parse(e)
        except Exception:  # noqa: BLE001 - a benchmark input the parser refuses is skipped
            continue
        if pad:
            p.paragraphs = _pad(p.paragraphs)
        parsed.append((p, e))
    return parsed


def run(docs: list, fn, seconds: float) -> tuple[list[float], int]:
    for p, e in docs:  # warm up
        fn(p, e)
    gc.collect()
    rates: list[float] = []
    n_total = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(rates) < 3:
        t0 = time.process_time()
        n = 0
        while n < 200:
            for p, e in docs:
                fn(p, e)
            n += len(docs)
        rates.append(n / (time.process_time() - t0))
        n_total += n
    rates.sort()
    return rates, n_total


def report(label: str, docs: list, rates: list[float], n_total: int) -> str:
    avg = sum(len(p.headline) + sum(len(x) for x in p.paragraphs) for p, _ in docs) / len(docs)
    return (f"{label}: {n_total} dispatches of ~{avg/1000:.1f} KB ({len(docs)} distinct), one core: "
            f"best {rates[-1]:,.0f}/s, median {rates[len(rates)//2]:,.0f}/s, worst {rates[0]:,.0f}/s "
            f"(CPU time; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--with-regions", action="store_true", help="also time tag_regions + tag_topics together")
    ap.add_argument("--short", action="store_true", help="also time unpadded Reuters stories (needs --corpus)")
    ap.add_argument("--full-body", action="store_true", help="read the whole body (MAX_CHARS = 0)")
    args = ap.parse_args()

    loads = [measure_load() for _ in range(3)]
    load = min(loads, key=lambda x: x["load_s"])
    print(f"topic tagger load (fresh process, best of 3): {load['load_s']*1000:.0f} ms; "
          f"{load['topics']} topics, {load['terms']} terms, {load['keys']} automaton keys")
    data = ROOT / "streams" / "topics" / "data" / "mediatopics.json.gz"
    print(f"taxonomy data file: {data.stat().st_size/1e3:.0f} KB")

    from streams.topics import tag_topics
    if args.full_body:
        import streams.topics.tagger as tagger

        tagger.MAX_CHARS = 0

    docs = build_dispatches(args.corpus)
    if not docs:
        print("no dispatches to benchmark", file=sys.stderr)
        return 1
    rates, n = run(docs, lambda p, e: tag_topics(p, e.subjects), args.seconds)
    print(report("topics", docs, rates, n))
    if args.short and args.corpus:
        short = build_dispatches(args.corpus, pad=False, limit=3000)
        rates, n = run(short, lambda p, e: tag_topics(p, e.subjects), args.seconds)
        print(report("topics, Reuters stories as they are", short, rates, n))
    if args.with_regions:
        from streams.regions import tag_regions

        def both(p, e):
            tag_regions(p, source=e.source)
            tag_topics(p, e.subjects)

        rates, n = run(docs, both, args.seconds)
        print(report("regions + topics", docs, rates, n))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
