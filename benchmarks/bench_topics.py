#!/usr/bin/env python3
"""Benchmark the topic tagger: load time, tagging throughput per core (CPU time).

    python benchmarks/bench_topics.py [--seconds 5] [--corpus ../shared/data/reuters21578] [--with-regions]

Dispatches are built like ``bench_regions.py`` builds them (about 3 KB each): the bundled
French sample dispatch and the bundled samples (streams/samples), each padded with its own
paragraphs to ~3 KB; with ``--corpus``, Reuters-21578 stories read from that path (never
copied) glued together to ~3 KB.  ``--short`` also times the Reuters stories as they are
(~0.8 KB on average), and with ``--with-regions`` the whole prepare stage on them (parse +
regions + topics, target >= 1,500/s per core).  Parsing is done once up front: only ``tag_topics`` is timed (and
``tag_regions`` too with ``--with-regions``).  Targets: topics alone >= 4,000 dispatches/s
per core; regions + topics >= 1,500/s.  The topic tagger reads the headline and the first
``streams.topics.tagger.MAX_CHARS`` characters of the body (2,000; ``--full-body`` times it
reading the whole body).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _common import build_dispatches, report, run, run_fresh  # noqa: E402


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
        if args.short and args.corpus:
            # the whole prepare stage on Reuters stories as they are: parse + regions + topics
            from streams.parsing import parse

            def all_three(p, e):
                p = parse(e)
                tag_regions(p, source=e.source)
                tag_topics(p, e.subjects)

            rates, n = run(short, all_three, args.seconds)
            print(report("parse + regions + topics, Reuters stories as they are", short, rates, n))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
