"""Parse throughput on Reuters-21578, one process: dispatches per second per core.

    python benchmarks/bench_parse.py --corpus ../shared/data/reuters21578 [--repeat 3] [--no-language]

Stories are rebuilt in wire layout (``doc.to_wire()``) and held in memory first, so
only ``streams.parsing.parse`` is timed.  The best of ``--repeat`` passes is reported.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from streams.evaluation.reuters import iter_corpus  # noqa: E402
from streams.model import DispatchError, Envelope  # noqa: E402
from streams.parsing import parse  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True, type=Path, help="folder with reut2-*.sgm")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-language", action="store_true", help="give the language in the envelope (no detection)")
    args = ap.parse_args(argv)

    envelopes = [Envelope(id=str(d.newid), text=d.to_wire(), received_at=d.date,
                          language="en" if args.no_language else None)
                 for d in iter_corpus(args.corpus)]
    if args.limit:
        envelopes = envelopes[:args.limit]
    # Warm up: rule compilation and the language model load happen once per process.
    for env in envelopes[:50]:
        try:
            parse(env)
        except DispatchError:
            pass
    best = float("inf")
    rejected = 0
    for _ in range(max(1, args.repeat)):
        rejected = 0
        t0 = time.process_time()
        for env in envelopes:
            try:
                parse(env)
            except DispatchError:
                rejected += 1
        best = min(best, time.process_time() - t0)
    n = len(envelopes)
    total_bytes = sum(len(e.text) for e in envelopes)
    print(f"dispatches:      {n} ({rejected} rejected, {total_bytes / n:.0f} chars on average)")
    print(f"language:        {'given in the envelope' if args.no_language else 'detected (py3langid)'}")
    print(f"CPU time (best): {best:.2f} s over {args.repeat} pass(es), one process (cores: {os.cpu_count()})")
    print(f"throughput:      {n / best:,.0f} dispatches/s per core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
