#!/usr/bin/env python3
"""Benchmark the region tagger: gazetteer load time and memory, tagging throughput per core.

    python benchmarks/bench_regions.py [--seconds 5] [--corpus ../shared/data/reuters21578]

Dispatches are about 3 KB: the bundled French sample dispatch and the bundled
multilingual samples (streams/samples), each padded with its own paragraphs to
~3 KB; with ``--corpus``, Reuters-21578 stories read from that path (never copied)
are glued together to ~3 KB as well.  Parsing is done once up front: only
``tag_regions`` is timed.  Targets: >= 2,000 dispatches/s per core, load < 1 s.
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
    """Load the gazetteer in a fresh interpreter: wall time and resident memory it adds."""
    return run_fresh(
        "import time,json;"
        "from benchmarks._common import rss_mb;"
        "import ahocorasick, gzip;"
        "r0=rss_mb();t=time.perf_counter();"
        "from streams.regions.gazetteer import Gazetteer;g=Gazetteer.load();"
        "dt=time.perf_counter()-t;"
        "print(json.dumps({'load_s':dt,'rss_mb':rss_mb()-r0,'keys':len(g.keys),'places':len(g.places)}))"
    )


def build_dispatches(corpus: str | None) -> list:
    from streams.model import Envelope
    from streams.parsing import parse

    envs: list[Envelope] = []
    sample = ROOT / "tests" / "fixtures" / "reuters-fr-2016-07-14-washington-moscou-syrie.txt"
    if not sample.exists():
        sample = ROOT / "streams" / "samples" / "reuters-fr-2016-07-14-washington-moscou-syrie.txt"
    if sample.exists():
        envs.append(Envelope(id="sample", text=sample.read_text(encoding="utf-8"), source="reuters-fr"))
    jl = ROOT / "streams" / "samples" / "dispatches.jsonl"
    if jl.exists():
        for line in jl.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            if d.get("text"):
                envs.append(Envelope(id=d["id"], text=d["text"], source=d.get("source")))
    if corpus:
        from streams.evaluation.reuters import iter_corpus

        buf: list[str] = []
        for doc in iter_corpus(corpus):
            if doc.body:
                buf.append(doc.to_wire())
                if sum(len(b) for b in buf) >= 3000:
                    text = buf[0] + "\n" + "\n".join(b.split("\n", 2)[-1] for b in buf[1:])
                    envs.append(Envelope(id=f"r{doc.newid}", text=text))
                    buf = []
                if len(envs) >= 1000:
                    break
    parsed = []
    for e in envs:
        try:
            p = parse(e)
        except Exception:  # noqa: BLE001 - a benchmark input the parser refuses is skipped
            continue
        p.paragraphs = _pad(p.paragraphs)
        parsed.append((p, e.source))
    return parsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--corpus", default=None)
    args = ap.parse_args()

    loads = [measure_load() for _ in range(3)]
    load = min(loads, key=lambda x: x["load_s"])
    print(f"gazetteer load (fresh process, best of 3): {load['load_s']*1000:.0f} ms "
          f"(all: {', '.join('%.0f' % (x['load_s'] * 1000) for x in loads)} ms), +{load['rss_mb']:.0f} MB RSS "
          f"({load['keys']} keys, {load['places']} places)")
    data = ROOT / "streams" / "regions" / "data" / "gazetteer.json.gz"
    print(f"data file: {data.stat().st_size/1e6:.2f} MB")

    from streams.regions import get_gazetteer, tag_regions

    get_gazetteer()
    docs = build_dispatches(args.corpus)
    if not docs:
        print("no dispatches to benchmark", file=sys.stderr)
        return 1
    avg = sum(len(p.headline) + sum(len(x) for x in p.paragraphs) for p, _ in docs) / len(docs)
    for p, s in docs:  # warm up
        tag_regions(p, source=s)
    gc.collect()
    rates = []
    n_total = 0
    deadline = time.perf_counter() + args.seconds
    while time.perf_counter() < deadline or len(rates) < 3:
        t0 = time.process_time()
        n = 0
        while n < 200:
            for p, s in docs:
                tag_regions(p, source=s)
            n += len(docs)
        rates.append(n / (time.process_time() - t0))
        n_total += n
    rates.sort()
    print(f"tagging: {n_total} dispatches of ~{avg/1000:.1f} KB ({len(docs)} distinct), one core: "
          f"best {rates[-1]:,.0f}/s, median {rates[len(rates)//2]:,.0f}/s, worst {rates[0]:,.0f}/s "
          f"(CPU time; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
