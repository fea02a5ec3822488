"""Instructions per story of parse + regions + topics, counted by valgrind: a figure that does not move
with the neighbours of a shared machine (wall and CPU time on the development VM swing by 20-45 %
between runs of unchanged code).

    python benchmarks/bench_instructions.py --corpus ../shared/data/reuters21578 [--stage all|each|parse|regions|topics] [--root OLD_CHECKOUT]

The workload is run twice under ``valgrind --tool=callgrind``: once with the stage over N stories and
once without it, everything else (imports, data load, warm-up, parsing the stories a tagger needs)
being the same; the difference divided by N is the stage's cost per story.  Requires valgrind
(``apt-get install valgrind``); takes 1-4 minutes per stage.  Instructions are not time (cache
misses cost no instructions: language detection is 10 % of the instructions and about a quarter of
the time), so read them with ``bench_pipeline.py``, not instead of it.

``--cache`` adds valgrind's cache simulation (a 32 KiB first level and a last level of ``--ll-kib``,
1 MiB by default: the development VM's L2 per core) and prints the misses per story as well.  A miss
in that last level costs 40 cycles (a shared L3 hit) to a few hundred (memory, when the neighbours
have filled the L3): this is the figure that says how much of a story's time depends on the machine's
neighbours.  Takes about twice as long.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

STAGES = ("all", "parse", "regions", "topics")


def child(root: str, corpus: str, k: int, n: int, stage: str, received: bool) -> None:
    """The workload: warm up on 30 stories, then ``stage`` over the next ``k`` of ``n``."""
    import gc

    sys.path.insert(0, root)
    from streams.evaluation.reuters import iter_corpus
    from streams.model import Envelope
    from streams.parsing import parse
    from streams.regions import tag_regions
    from streams.topics import tag_topics

    docs = []
    for d in iter_corpus(corpus):
        if d.body:
            docs.append(d)
        if len(docs) >= 30 + n:
            break
    envs = [Envelope(id=str(d.newid), text=d.to_wire(), received_at=d.date if received else None) for d in docs]
    for e in envs[:30]:  # every lazy load: gazetteer, language model, lexicons
        p = parse(e)
        tag_regions(p)
        tag_topics(p)
    work = envs[30:]
    parsed = [parse(e) for e in work] if stage in ("regions", "topics") else None
    gc.collect()
    gc.freeze()  # as the worker does after its warm-up
    for i in range(k):
        if stage == "all":
            p = parse(work[i])
            tag_regions(p)
            tag_topics(p)
        elif stage == "parse":
            parse(work[i])
        elif stage == "regions":
            tag_regions(parsed[i])
        else:
            tag_topics(parsed[i])


def count(root: str, corpus: str, k: int, n: int, stage: str, received: bool,
          ll_kib: int | None = None) -> dict[str, int]:
    """callgrind's event totals (``Ir``; with ``ll_kib``, also the D1 and LL misses) of one run."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
        if ll_kib:
            cmd += ["--cache-sim=yes", "--D1=32768,8,64", "--I1=32768,8,64", f"--LL={ll_kib * 1024},16,64"]
        cmd += [sys.executable, __file__,
                "--child", str(k), "--corpus", corpus, "--root", root, "--n", str(n), "--stage", stage]
        if not received:
            cmd.append("--no-received-time")
        # a fixed hash seed: set and dict layouts, and so the allocator's work, change with the seed (+-0.3 M)
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        run = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if run.returncode != 0:
            sys.exit(f"valgrind failed ({run.returncode}):\n{run.stderr[-2000:]}")
        events = None
        for line in Path(out).read_text().splitlines():
            if line.startswith("events:"):
                events = line.split()[1:]
            elif line.startswith("summary:") and events:
                return dict(zip(events, map(int, line.split()[1:])))
    sys.exit("no summary line in callgrind's output")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="folder of Reuters-21578 (reut2-*.sgm); never copied")
    ap.add_argument("--root", default=str(Path(__file__).resolve().parent.parent), help="project checkout to count")
    ap.add_argument("--stage", choices=(*STAGES, "each"), default="all",
                    help="all = parse + regions + topics (default); each = all, then every stage alone")
    ap.add_argument("--n", type=int, default=270, help="stories counted (default 270)")
    ap.add_argument("--no-received-time", action="store_true",
                    help="bare envelopes, as `wirefeed process` gets from a plain .txt file")
    ap.add_argument("--cache", action="store_true",
                    help="simulate the caches too and print the misses per story (about twice as long)")
    ap.add_argument("--ll-kib", type=int, default=1024,
                    help="simulated last-level cache in KiB with --cache (default 1024: the VM's L2 per core)")
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child is not None:
        child(a.root, a.corpus, a.child, a.n, a.stage, not a.no_received_time)
        return 0
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind): it counts the instructions")
    stages = STAGES if a.stage == "each" else (a.stage,)
    print(f"{a.root}: {a.n} Reuters-21578 stories, {'without' if a.no_received_time else 'with'} received time")
    ll = a.ll_kib if a.cache else None
    for stage in stages:
        base = count(a.root, str(a.corpus), 0, a.n, stage, not a.no_received_time, ll)
        full = count(a.root, str(a.corpus), a.n, a.n, stage, not a.no_received_time, ll)
        per = {e: (full[e] - base[e]) / a.n for e in full}
        label = "parse+regions+topics" if stage == "all" else stage
        line = f"{label:<22} {per['Ir'] / 1e6:>7.3f} M instructions per story"
        if ll:
            line += (f", {per['D1mr'] + per['D1mw']:,.0f} first-level misses, "
                     f"{per['DLmr'] + per['DLmw']:,.0f} misses of a {ll:,} KiB last level")
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
