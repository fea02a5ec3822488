"""Throughput of each pipeline stage and of the two taggers together, single core.

    python benchmarks/bench_pipeline.py --corpus ../shared/data/reuters21578 [--limit 3000]

Prints dispatches per second per core for: parse, regions, topics, regions+topics, parse+regions+topics
(one story at a time, the figure of issue 9),
threading (the stateless features, then the stateful decision on in-memory state) and
the whole offline pipeline.  Numbers, not a test: run it on a quiet machine and compare
runs on the same machine.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import pin_one_core  # noqa: E402
from streams.evaluation.reuters import iter_corpus  # noqa: E402
from streams.model import Envelope, TaggedDispatch  # noqa: E402
from streams.parsing import language, parse  # noqa: E402
from streams.pipeline import Pipeline  # noqa: E402
from streams.regions import tag_regions  # noqa: E402
from streams.stories import StoryThreader, threading_input  # noqa: E402
from streams.topics import tag_topics  # noqa: E402


def timed(label: str, n: int, fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    rate = n / best
    print(f"{label:<22} {rate:>10,.0f} dispatches/s   ({best * 1e6 / n:,.0f} µs each, best of {repeat})")
    return rate


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=3000)
    ap.add_argument("--no-freeze", action="store_true",
                    help="leave the loaded data to the garbage collector (the worker freezes it after its warm-up)")
    a = ap.parse_args()
    pin_one_core()
    envs = []
    for doc in iter_corpus(a.corpus):
        if doc.body:
            envs.append(Envelope(id=f"reuters-{doc.newid}", text=doc.to_wire(), received_at=doc.date))
        if len(envs) >= a.limit:
            break
    size = sum(len(e.text) for e in envs) / len(envs)
    print(f"{len(envs)} Reuters-21578 dispatches, {size:,.0f} characters on average, one core")
    t0 = time.perf_counter()
    language.load()
    tag_regions(parse(envs[0]))
    tag_topics(parse(envs[0]))
    print(f"{'first call (data load)':<22} {time.perf_counter() - t0:>10.2f} s")
    if not a.no_freeze:
        # as the worker and its prepare processes do after their warm-up (streams/worker/app.py, warm_up):
        # the loaded gazetteer, lexicons and models are long-lived, and a collection need not walk them
        gc.collect()
        gc.freeze()
    print(f"{'garbage collector':<22} {'start-up data frozen, as in the worker' if not a.no_freeze else 'not frozen'}")
    parsed = []
    for e in envs:
        try:
            parsed.append(parse(e))
        except Exception:  # noqa: BLE001
            pass
    timed("parse", len(envs), lambda: [_safe_parse(e) for e in envs])
    timed("regions", len(parsed), lambda: [tag_regions(p) for p in parsed])
    timed("topics", len(parsed), lambda: [tag_topics(p) for p in parsed])
    timed("regions+topics", len(parsed), lambda: [(tag_regions(p), tag_topics(p)) for p in parsed])
    timed("parse+regions+topics", len(envs), lambda: [_parse_tag(e) for e in envs])
    tagged = [TaggedDispatch(dispatch_id=e.id, envelope=e, parsed=p, received_at=e.received_at)
              for e, p in zip(envs, parsed)]
    timed("threading features", len(tagged), lambda: [threading_input(d) for d in tagged])
    inputs = [threading_input(d) for d in tagged]
    timed("threading decision", len(tagged), lambda: _thread(tagged, inputs), repeat=1)
    timed("whole pipeline", len(envs), lambda: _pipeline(envs), repeat=1)
    return 0


def _parse_tag(e):
    """Parse, then both taggers, one story at a time (what the stateless stage does before the features)."""
    p = _safe_parse(e)
    if p is not None:
        tag_regions(p)
        tag_topics(p)


def _safe_parse(e):
    try:
        return parse(e)
    except Exception:  # noqa: BLE001
        return None


def _thread(tagged, inputs):
    t = StoryThreader({})
    for d, inp in zip(tagged, inputs):
        t.thread(inp, d.received_at)


def _pipeline(envs):
    p = Pipeline()
    for i, e in enumerate(envs):
        p.process(e, str(i))


if __name__ == "__main__":
    sys.exit(main())
