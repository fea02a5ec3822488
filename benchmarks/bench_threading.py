"""Story-threading cost against a state of 100,000 stories, state writes, expiry, and memory per story.

    python benchmarks/bench_threading.py [--stories 100000] [--ops 20000] [--rocksdb]

Threading is split in two: the stateless features (``threading_input``: normalisation, fingerprints,
shingles, MinHash bands, figures, names; run in ``pipeline.prepare``, which scales with workers) and the
stateful decision (``StoryThreader.thread``: lookups, the decision, small writes; serial per language).
Both are timed separately, per dispatch.  State writes are counted per new story / version / duplicate.
Times are CPU time of the benchmark's thread (``time.thread_time``), so that a shared, loaded machine
does not inflate them; the expiry slice is its CPU time too.

Synthetic English-like stories (Zipf-distributed vocabulary, names, figures),
5 paragraphs of 25-40 words, spread over six days so that nothing expires.
Phase 1 threads the stories into an empty dict state (all ``new``).  Phase 2
threads a mixed stream against that state: new stories, exact re-sends,
UPDATE copies with an added paragraph, CORRECTED copies with a changed figure,
and daily templated stories with other figures.  Reported: dispatches per
second per phase and per kind, the state size as orjson per 100,000 stories,
and the process RSS.  ``--rocksdb`` also writes the state into a rocksdict
(the worker's store) and reports its size on disk.
"""
from __future__ import annotations

import argparse
import gc
import itertools
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import rss_mb  # noqa: E402
from streams.model import Dateline, Envelope, ParsedDispatch, TaggedDispatch  # noqa: E402
from streams.stories import StoryThreader, threading_input  # noqa: E402

T0 = datetime(2026, 1, 5, tzinfo=timezone.utc)


class Gen:
    def __init__(self, seed: int = 1) -> None:
        self.r = random.Random(seed)
        syll = ["ka", "lo", "mi", "ren", "tos", "va", "del", "sur", "an", "pe", "qui", "or", "ba", "nel", "ti",
                "gro", "ste", "mu", "fal", "ri", "con", "dra", "bel", "os", "ne"]
        self.words = list(dict.fromkeys(
            "".join(self.r.choice(syll) for _ in range(self.r.randint(2, 4))) for _ in range(12000)))
        self.cum = list(itertools.accumulate(1 / (i + 1) for i in range(len(self.words))))
        self.names = [w.capitalize() for w in self.r.sample(self.words, 3000)]

    def sentence(self) -> str:
        r = self.r
        n = r.randint(12, 20)
        ws = r.choices(self.words, cum_weights=self.cum, k=n)
        ws[0] = ws[0].capitalize()
        for _ in range(r.randint(1, 3)):
            ws.insert(r.randint(1, len(ws)), r.choice(self.names))
        if r.random() < 0.6:
            ws.insert(r.randint(1, len(ws)), f"{r.randint(1, 999)}.{r.randint(0, 9)}")
        return " ".join(ws) + "."

    def story(self) -> tuple[str, list[str]]:
        headline = " ".join(self.r.choices(self.words, cum_weights=self.cum, k=self.r.randint(5, 9))).upper()
        paras = [" ".join(self.sentence() for _ in range(2)) for _ in range(5)]
        return headline, paras


def tagged(i: str, headline: str, paras: list[str], at: datetime) -> TaggedDispatch:
    env = Envelope(id=i, text="", received_at=at, language="en")
    parsed = ParsedDispatch(headline=headline, language="en", paragraphs=paras, dateline=Dateline(city="London"))
    return TaggedDispatch(dispatch_id=i, envelope=env, parsed=parsed, received_at=at)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", type=int, default=100_000)
    ap.add_argument("--ops", type=int, default=20_000)
    ap.add_argument("--rocksdb", action="store_true")
    a = ap.parse_args()

    g = Gen()
    span = timedelta(days=6).total_seconds()
    print(f"generating {a.stories} stories...", file=sys.stderr)
    stories = [g.story() for _ in range(a.stories)]
    docs = [tagged(f"d{i}", h, p, T0 + timedelta(seconds=span * i / a.stories)) for i, (h, p) in enumerate(stories)]
    gc.collect()
    rss0 = rss_mb()

    class Counting(dict):
        writes = 0

        def __setitem__(self, k, v):
            Counting.writes += 1
            super().__setitem__(k, v)

    state = Counting()
    th = StoryThreader(state)
    t, c = time.thread_time(), time.process_time()
    inps = [threading_input(d) for d in docs]
    feat_s, feat_cpu = time.thread_time() - t, time.process_time() - c
    t, c = time.thread_time(), time.process_time()
    kinds: Counter[str] = Counter()
    for d, inp in zip(docs, inps):
        kinds[th.thread(inp, d.received_at).kind] += 1
    fill_s, fill_cpu = time.thread_time() - t, time.process_time() - c
    print(f"phase 1 prepare side (threading_input, stateless): {1e6 * feat_s / a.stories:.0f} us per dispatch "
          f"(CPU {1e6 * feat_cpu / a.stories:.0f} us)")
    print(f"phase 1 state writes: {Counting.writes / a.stories:.2f} per new story")
    gc.collect()
    rss1 = rss_mb()
    blob = orjson.dumps(state)
    n_stories = sum(1 for k in state if k.startswith("story:"))
    by_prefix: dict[str, int] = defaultdict(int)
    for k, v in state.items():
        by_prefix[k.split(":", 1)[0]] += len(k) + len(orjson.dumps(v))
    print(f"phase 1: {a.stories} new stories into an empty state: {fill_s:.1f} s, "
          f"{a.stories / fill_s:,.0f} dispatches/s ({1e6 * fill_s / a.stories:.0f} us each; CPU {1e6 * fill_cpu / a.stories:.0f} us "
          f"= {a.stories / fill_cpu:,.0f}/s of one core); kinds {dict(kinds)}")
    print(f"state: {len(state):,} keys, {n_stories:,} stories, {len(blob) / 1e6:.1f} MB as orjson = "
          f"{len(blob) / n_stories:,.0f} bytes/story = {len(blob) / n_stories * 100_000 / 1e6:.1f} MB per 100,000 stories")
    print("  by key kind (key + orjson value, bytes/story): "
          + ", ".join(f"{p} {b / n_stories:,.0f}" for p, b in sorted(by_prefix.items(), key=lambda x: -x[1])))
    print(f"RSS: {rss0:,.0f} MB before threading (inputs generated), {rss1:,.0f} MB after: "
          f"+{rss1 - rss0:,.0f} MB for the dict state = {(rss1 - rss0) * 1e6 / n_stories:,.0f} bytes/story in memory")

    # phase 2: a mixed stream against the full state
    r = random.Random(2)
    now0 = T0 + timedelta(days=6)
    ops = []
    for j in range(a.ops):
        at = now0 + timedelta(seconds=j)
        x = r.random()
        k = r.randrange(a.stories)
        h, p = stories[k]
        if x < 0.4:
            h2, p2 = g.story()
            ops.append(("new", tagged(f"n{j}", h2, p2, at)))
        elif x < 0.7:
            ops.append(("resend", tagged(f"r{j}", h, p, at)))
        elif x < 0.85:
            ops.append(("update", tagged(f"u{j}", "UPDATE 1-" + h, p + [g.sentence()], at)))
        elif x < 0.95:
            p2 = list(p)
            p2[2] = p2[2] + f" 77{j}.5"
            ops.append(("correction", tagged(f"c{j}", "CORRECTED-" + h, p2, at)))
        else:
            p2 = [re.sub(r"\d+\.\d", lambda m: f"{r.randint(1, 999)}.{r.randint(0, 9)}", q) for q in p]
            ops.append(("templated", tagged(f"t{j}", h, p2, at)))
    per: dict[str, float] = defaultdict(float)
    cnt: Counter[str] = Counter()
    got: dict[str, Counter[str]] = defaultdict(Counter)
    t = time.thread_time()
    op_inps = [threading_input(d) for _, d in ops]
    op_feat_s = time.thread_time() - t
    writes: dict[str, int] = defaultdict(int)
    decided: Counter[str] = Counter()
    t, c = time.thread_time(), time.process_time()
    for (what, d), inp in zip(ops, op_inps):
        w0 = Counting.writes
        t1 = time.thread_time()
        dec = th.thread(inp, d.received_at)
        per[what] += time.thread_time() - t1
        cnt[what] += 1
        got[what][dec.kind] += 1
        writes[dec.kind] += Counting.writes - w0
        decided[dec.kind] += 1
    mixed_s, mixed_cpu = time.thread_time() - t, time.process_time() - c
    print(f"phase 2 prepare side (threading_input, stateless): {1e6 * op_feat_s / len(ops):.0f} us per dispatch; "
          f"stateful decision: {1e6 * mixed_s / len(ops):.0f} us per dispatch")
    print("phase 2 state writes per dispatch, by decision: "
          + ", ".join(f"{k} {writes[k] / n:.2f}" for k, n in sorted(decided.items())))
    print(f"phase 2: {a.ops} mixed dispatches against {n_stories:,} stories: {mixed_s:.1f} s, "
          f"{a.ops / mixed_s:,.0f} dispatches/s (CPU {a.ops / mixed_cpu:,.0f}/s of one core; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    for what in cnt:
        print(f"  {what:<10} {cnt[what]:>6}  {1e6 * per[what] / cnt[what]:6.0f} us each  decided {dict(got[what])}")
    t = time.thread_time()
    for (_, d), inp in zip(ops[:5000], op_inps):
        th.thread(inp, d.received_at)
    replay_s = time.thread_time() - t
    print(f"replay of {min(5000, len(ops))} already-threaded dispatches: {min(5000, len(ops)) / replay_s:,.0f} /s")
    t = time.thread_time()
    th_fresh = StoryThreader(state)
    th_fresh.load()
    print(f"index rebuild from the records (a fresh threader after a rebalance): {time.thread_time() - t:.2f} s "
          f"for {len(state):,} records")
    for days in (10, 40):  # past the window (dispatch records deleted, stories closed), past the look-back
        t = time.thread_time()
        n, slices, longest = 0, 0, 0.0
        while True:
            t1 = time.thread_time()
            k = th.expire_some(now0 + timedelta(days=days), budget_s=0.005)
            longest = max(longest, time.thread_time() - t1)
            if not k:
                break
            n += k
            slices += 1
        kept = sum(1 for k in state if k.startswith("story:"))
        print(f"expire_some() at +{days} days: {n:,} records deleted or closed in {slices} slices, "
              f"{time.thread_time() - t:.1f} s, longest slice {1000 * longest:.1f} ms, {len(state):,} left "
              f"({kept:,} story records kept for the {th.duplicate_window.days}-day duplicate look-back, "
              f"{len(th.load().closed):,} closed)")

    if a.rocksdb:
        from rocksdict import Rdict

        th2_state: dict = {}
        th2 = StoryThreader(th2_state)
        for d, inp in zip(docs, inps):
            th2.thread(inp, d.received_at)
        path = tempfile.mkdtemp(prefix="bench-rocks-")
        try:
            db = Rdict(path)
            for k, v in th2_state.items():
                db[k.encode()] = orjson.dumps(v)
            db.flush()
            db.close()
            size = sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())
            print(f"rocksdict (default options) on disk: {size / 1e6:.1f} MB = {size / n_stories:,.0f} bytes/story")
        finally:
            shutil.rmtree(path, ignore_errors=True)
    print(f"python {sys.version.split()[0]}, pid {os.getpid()}")
    return 0



if __name__ == "__main__":
    raise SystemExit(main())
