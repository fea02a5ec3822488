#!/usr/bin/env python3
"""Benchmark the region tagger: gazetteer load time and memory, tagging throughput per core.

    python benchmarks/bench_regions.py [--seconds 5] [--corpus ../shared/data/reuters21578]

Dispatches are about 3 KB (built by ``_common.build_dispatches``): the bundled French sample dispatch and the bundled
multilingual samples (streams/samples), each padded with its own paragraphs to
~3 KB; with ``--corpus``, Reuters-21578 stories read from that path (never copied)
are glued together to ~3 KB as well.  Parsing is done once up front for the first figure (``tag_regions``
alone); the second figure times parse + regions + topics per envelope, what the worker's
stateless stage does.  Targets: tagging >= 2,000 dispatches/s per core, load < 1 s,
parse + regions + topics >= 1,500/s.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _common import build_dispatches, report, run, run_fresh  # noqa: E402


def measure_load() -> dict:
    """Load the gazetteer in a fresh interpreter: wall time and resident memory it adds."""
    return run_fresh(
        "import time,json;"
        "from benchmarks._common import rss_mb;"
        "import ahocorasick_rs, gzip;"
        "r0=rss_mb();t=time.perf_counter();"
        "from streams.regions.gazetteer import Gazetteer;g=Gazetteer.load();"
        "dt=time.perf_counter()-t;r1=rss_mb();"
        "from streams.regions.tagger import RegionTagger;t=time.perf_counter();RegionTagger(g);"  # + the towns table
        "dt2=time.perf_counter()-t;"
        "print(json.dumps({'load_s':dt,'rss_mb':r1-r0,'keys':len(g.keys),'places':len(g.places),"
        "'tagger_s':dt2,'tagger_mb':rss_mb()-r1}))"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--no-pipeline", dest="pipeline", action="store_false",
                    help="time the region tagger only (default: also parse + regions + topics)")
    args = ap.parse_args()

    loads = [measure_load() for _ in range(3)]
    load = min(loads, key=lambda x: x["load_s"])
    print(f"gazetteer load (fresh process, best of 3): {load['load_s']*1000:.0f} ms "
          f"(all: {', '.join('%.0f' % (x['load_s'] * 1000) for x in loads)} ms), +{load['rss_mb']:.0f} MB RSS "
          f"({load['keys']} keys, {load['places']} places)")
    print(f"tagger made on top (towns table for datelines): +{load['tagger_s']*1000:.0f} ms, "
          f"+{load['tagger_mb']:.0f} MB RSS")
    data = ROOT / "streams" / "regions" / "data" / "gazetteer.json.gz"
    print(f"data file: {data.stat().st_size/1e6:.2f} MB")

    from streams.regions import get_gazetteer, tag_regions

    get_gazetteer()
    docs = build_dispatches(args.corpus)
    if not docs:
        print("no dispatches to benchmark", file=sys.stderr)
        return 1
    rates, n = run(docs, lambda p, e: tag_regions(p, source=e.source), args.seconds)
    print(report("tagging", docs, rates, n))
    if args.pipeline:
        # what a worker does per dispatch before threading: parse, then both taggers
        from streams.parsing import parse
        from streams.topics import tag_topics

        def stages(_p, e):
            parsed = parse(e)
            tag_regions(parsed, source=e.source)
            tag_topics(parsed, subjects=e.subjects)

        rates, n = run(docs, stages, args.seconds)
        print(report("parse + regions + topics", docs, rates, n) + "  (target >= 1,500/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
