"""Parse + regions + topics in CPU time (less sensitive to a shared machine than wall time).

    python benchmarks/bench_cpu.py --corpus ../shared/data/reuters21578 [--root PATH] [--n 1000]

``--root`` times another checkout of the project (e.g. a worktree of an older commit) with the
same script, so two versions can be compared back to back in one session.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--corpus", required=True, help="folder of Reuters-21578 (reut2-*.sgm); never copied")
ap.add_argument("--root", default=str(Path(__file__).resolve().parent.parent), help="project checkout to time")
ap.add_argument("--n", type=int, default=1000, help="stories to time")
ap.add_argument("--repeat", type=int, default=3)
args = ap.parse_args()
sys.path.insert(0, args.root)

from streams.evaluation.reuters import iter_corpus  # noqa: E402
from streams.model import Envelope  # noqa: E402
from streams.parsing import parse  # noqa: E402
from streams.regions import tag_regions  # noqa: E402
from streams.topics import tag_topics  # noqa: E402

envs = []
for doc in iter_corpus(args.corpus):
    envs.append(Envelope(id=str(doc.newid), text=doc.to_wire()))
    if len(envs) >= args.n:
        break


def run() -> None:
    for e in envs:
        p = parse(e)
        tag_regions(p, source=None)
        tag_topics(p, [])


run()  # warm: data loads, caches
times = []
for _ in range(args.repeat):
    t0 = time.process_time()
    run()
    times.append(time.process_time() - t0)
best = min(times)
print(f"{args.root}: parse+regions+topics {len(envs) / best:,.0f} dispatches/s per core "
      f"(CPU time, best of {args.repeat}, {len(envs)} Reuters stories)")
