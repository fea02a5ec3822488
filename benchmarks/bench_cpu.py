"""Parse + regions + topics in CPU time (less sensitive to a shared machine than wall time).

    python benchmarks/bench_cpu.py --corpus ../shared/data/reuters21578 [--root PATH] [--n 1000]

Two figures: the envelopes as the worker builds them (with a received time: the worker always has
the broker's timestamp, here the story's own DATE) and bare envelopes without one (what
``wirefeed process`` sees for a plain .txt file), where the dateline's date has no year to take
and the parser takes its slower page path more often.

``--root`` times another checkout of the project (e.g. a worktree of an older commit) with the
same script, so two versions can be compared back to back in one session.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--corpus", required=True, help="folder of Reuters-21578 (reut2-*.sgm); never copied")
ap.add_argument("--root", default=str(Path(__file__).resolve().parent.parent), help="project checkout to time")
ap.add_argument("--n", type=int, default=1000, help="stories to time")
ap.add_argument("--repeat", type=int, default=3)
ap.add_argument("--no-freeze", action="store_true",
                help="leave the loaded data to the garbage collector (the worker freezes it after its warm-up)")
args = ap.parse_args()
sys.path.insert(0, args.root)

from _common import pin_one_core  # noqa: E402

pin_one_core()  # as bench_pipeline.py: one core's work, not two cores' caches

from streams.evaluation.reuters import iter_corpus  # noqa: E402
from streams.model import Envelope  # noqa: E402
from streams.parsing import parse  # noqa: E402
from streams.regions import tag_regions  # noqa: E402
from streams.topics import tag_topics  # noqa: E402

docs = []
for doc in iter_corpus(args.corpus):
    docs.append(doc)
    if len(docs) >= args.n:
        break
variants = {
    "with received time (as in the worker)":
        [Envelope(id=str(d.newid), text=d.to_wire(), received_at=d.date) for d in docs],
    "without received time": [Envelope(id=str(d.newid), text=d.to_wire()) for d in docs],
}


def run(envs) -> None:
    for e in envs:
        p = parse(e)
        tag_regions(p, source=None)
        tag_topics(p, [])


ap_freeze = not args.no_freeze
for label, envs in variants.items():
    run(envs)  # warm: data loads, caches
    if ap_freeze:  # as the worker does after its warm-up: the loaded data is long-lived (streams/worker/app.py)
        gc.collect()
        gc.freeze()
    times = []
    for _ in range(args.repeat):
        t0 = time.process_time()
        run(envs)
        times.append(time.process_time() - t0)
    best = min(times)
    print(f"{args.root}: parse+regions+topics {len(envs) / best:,.0f} dispatches/s per core, {label} "
          f"(CPU time, best of {args.repeat}, {len(envs)} Reuters stories"
          f"{', start-up data frozen as in the worker' if ap_freeze else ''})")
