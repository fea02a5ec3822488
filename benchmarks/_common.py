"""Helpers shared by the benchmark scripts (run as ``python benchmarks/bench_*.py``)."""
from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pin_one_core() -> None:
    """Run this process on one core (the lowest it may use), so a per-core figure is one core's work."""
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):  # not Linux, or not allowed: the figure is then the scheduler's
        pass


def rss_mb() -> float:
    """Resident memory of this process in MB."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pad_paragraphs(paragraphs: list[str], size: int = 3000) -> list[str]:
    """Repeat paragraphs until the body has at least ``size`` characters (a ~3 KB dispatch)."""
    out = list(paragraphs)
    i = 0
    while sum(len(p) for p in out) < size and paragraphs:
        out.append(paragraphs[i % len(paragraphs)])
        i += 1
    return out


def run_fresh(code: str) -> dict:
    """Run ``code`` in a fresh interpreter at the repo root; return the JSON it prints last."""
    code = f"import sys;sys.path.insert(0,{str(ROOT)!r});" + code
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def build_dispatches(corpus: str | None, *, pad: bool = True, limit: int = 1000) -> list:
    """(parsed, envelope) pairs: the bundled samples and, with ``corpus``, Reuters stories
    glued to ~3 KB (or as they are with ``pad=False``); each padded to ~3 KB when ``pad``."""
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
            p.paragraphs = pad_paragraphs(p.paragraphs)
        parsed.append((p, e))
    return parsed


def run(docs: list, fn, seconds: float) -> tuple[list[float], int]:
    """Call ``fn(parsed, envelope)`` over ``docs`` for ``seconds``; CPU-time rates per round, sorted."""
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


@contextlib.contextmanager
def kafka_for_bench(prefix: str):
    """``(bootstrap, tmp)``: KAFKA_BOOTSTRAP_SERVERS, or a local KRaft broker started in a temporary
    folder; the broker is stopped and the folder removed at the end (kept, with the workers' logs, when
    WIREFEED_BENCH_KEEP=1)."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    broker = None
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    try:
        if not bootstrap:
            from streams.broker import LocalKafka

            broker = LocalKafka(data_dir=tmp / "kafka", port=0)
            bootstrap = broker.start()
        yield bootstrap, tmp
    finally:
        if broker is not None:
            broker.stop()
        if os.environ.get("WIREFEED_BENCH_KEEP") == "1":
            print(f"kept {tmp} (WIREFEED_BENCH_KEEP=1): the workers' logs are there", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
