"""The worker on a real broker, side by side with what bounds it, on the same dispatches in one run.

    python benchmarks/bench_kafka.py [--n 3000] [--repeat 3] [--rss-n 10000] [--corpus ../shared/data/reuters21578]

Configurations (all on the same N >= 3,000 dispatches: invented 3-4 KB dispatches in six languages with
10 % exact re-sends, or real stories glued to ~3.5 KB with ``--corpus``):

1. raw aiokafka consume -> produce loop (no processing);
2. a trivial one-hop Faust forwarding agent;
3. a trivial two-hop Faust app (the worker's shape: raw -> internal topic -> output);
4. the pipeline in process (``Pipeline.process``, one process, no Kafka);
5. the worker, 1 and 2 processes, on a one-language feed (en) and on the six-language mix;
6. latency p50 / p95 / p99 at a steady 50 dispatches/s (one worker: Kafka timestamp of the output event - Kafka
   timestamp of the raw message; the line says SATURATED when the worker could not keep the pace);
7. changelog messages per dispatch, counted on the changelog topic (and per new story / duplicate);
8. the worker's RSS after --rss-n dispatches.

Prints numbers and ratios only (the 2-core machine may be shared: read the ratios). With ``--repeat R`` the
in-process / worker x1 / worker x2 runs on the mix are repeated and interleaved, and the medians of the
per-repetition ratios are shown; each worker line also gives its CPU ms per dispatch (all threads, from
/proc), which does not depend on how busy the machine is, against the in-process CPU per dispatch, and
how busy the whole machine was (all CPUs, /proc/stat: the workers, the broker and this script): two
workers cannot beat one by more than the CPU left over by one.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import orjson  # noqa: E402
from kafka_harness import create_topics  # noqa: E402 (tests/ is on the path)
from _common import kafka_for_bench  # noqa: E402


# --- the dispatches -------------------------------------------------------------------------------
def make_items(n: int, languages: tuple[str, ...], corpus: str | None, seed: int, prefix: str):
    from faults.dispatches import Item, generate

    if not corpus:
        return generate(n, languages=languages, resend_ratio=0.1, seed=seed, prefix=prefix)
    import random

    from streams.evaluation.reuters import iter_corpus

    r = random.Random(seed)
    items: list[Item] = []
    buf: list[str] = []
    for doc in iter_corpus(corpus):
        if not doc.body:
            continue
        buf.append(doc.to_wire())
        if sum(len(b) for b in buf) >= 3400:
            text = buf[0] + "\n" + "\n".join(b.split("\n", 2)[-1] for b in buf[1:])
            buf = []
            i = len(items)
            if items and r.random() < 0.1:  # an exact re-send of an earlier story
                orig = r.choice(items)
                text = orjson.loads(orig.value)["text"]
            env = {"id": f"{prefix}-{i}", "text": text, "source": "reuters-en", "received_at": doc.received_at}
            items.append(Item(f"{prefix}-{i}", orjson.dumps(env), b"reuters-en", "en"))
            if len(items) >= n:
                break
    return items


# --- helpers --------------------------------------------------------------------------------------
async def produce(bootstrap: str, topic: str, items, rate: float | None = None) -> dict[str, float]:
    """Send the items (keyed by feed); with ``rate``, at that steady pace (the pace is kept from the start:
    a late send is followed by the next ones without sleep). Returns id -> Kafka timestamp (s) of the raw
    message (CreateTime, set by this producer when it sends)."""
    from aiokafka import AIOKafkaProducer
    from streams.config import Settings

    p = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=2 if rate else 10,
                         max_request_size=Settings().kafka_max_bytes)
    await p.start()
    sent: dict[str, float] = {}
    try:
        futs = []
        t = time.monotonic()
        for it in items:
            sent[it.id] = time.time()
            futs.append(await p.send(topic, value=it.value, key=it.key))
            if rate:
                t += 1.0 / rate
                await asyncio.sleep(max(0.0, t - time.monotonic()))
        metas = await asyncio.gather(*futs)
        for it, md in zip(items, metas):
            if md is not None and md.timestamp and md.timestamp > 0:
                sent[it.id] = md.timestamp / 1000.0
    finally:
        await p.stop()
    return sent


async def drain(bootstrap: str, topics: list[str], want: int | set[str], timeout: float,
                by_id: bool = True) -> tuple[float, dict[str, tuple[float, str]]]:
    """Read ``topics`` from the beginning until ``want`` (a count, or a set of dispatch ids) came out.
    Returns the wall time the last one arrived and id -> (output timestamp, kind)."""
    from aiokafka import AIOKafkaConsumer

    c = AIOKafkaConsumer(*topics, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest",
                         enable_auto_commit=False, metadata_max_age_ms=1000, max_partition_fetch_bytes=4 << 20)
    await c.start()
    seen: dict[str, tuple[float, str]] = {}
    count = 0
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            batch = await c.getmany(timeout_ms=200)
            for msgs in batch.values():
                for m in msgs:
                    count += 1
                    if by_id:
                        ev = orjson.loads(m.value)
                        if ev.get("kind") != "link":
                            seen.setdefault(ev["dispatch_id"], (m.timestamp / 1000.0, ev.get("kind")))
            done = (want <= seen.keys()) if isinstance(want, set) else count >= want
            if done:
                return time.time(), seen
        raise TimeoutError(f"only {len(seen) if by_id else count} out of {want if isinstance(want, int) else len(want)}")
    finally:
        await c.stop()


async def end_offsets(bootstrap: str, topic: str) -> int:
    from aiokafka import AIOKafkaConsumer, TopicPartition

    c = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    await c.start()
    try:
        parts = c.partitions_for_topic(topic) or set()
        if not parts:
            await c._client.force_metadata_update()
            parts = c.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in parts]
        ends = await c.end_offsets(tps) if tps else {}
        return sum(ends.values())
    finally:
        await c.stop()


def tree_of(pid: int) -> list[int]:
    """``pid`` and its live descendants (a worker's prepare processes, see WIREFEED_PREPARE_PROCESSES)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system, all threads) used so far by a process and its live children."""
    total = 0.0
    for p in tree_of(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            if p == pid:
                return float("nan")
    return total


def machine_ticks() -> tuple[int, int, int]:
    """(busy, stolen, total) CPU ticks of the whole machine so far (all CPUs, /proc/stat): busy is user,
    nice, system, irq and softirq time; stolen is the time the hypervisor gave the CPUs to other machines."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:9]] + [0] * 8
        return v[0] + v[1] + v[2] + v[5] + v[6], v[7], sum(v[:8])
    except (OSError, ValueError):
        return 0, 0, 0


def busy_since(t0: tuple[int, int, int]) -> tuple[float, float]:
    """Shares of the machine's CPU time busy and stolen since ``t0`` (1.0: every CPU, all the time)."""
    b, st, t = machine_ticks()
    if t <= t0[2]:
        return float("nan"), float("nan")
    return (b - t0[0]) / (t - t0[2]), (st - t0[1]) / (t - t0[2])


def rss_of(pid: int) -> float:
    """Resident memory (MB) of a process and its live children (a worker's prepare processes)."""
    total = 0.0
    for p in tree_of(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total or float("nan")


# --- 1. raw aiokafka loop -------------------------------------------------------------------------
async def bench_raw_loop(bootstrap: str, items) -> float:
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

    sfx = uuid.uuid4().hex[:6]
    src, dst = f"b{sfx}.raw", f"b{sfx}.out"
    await create_topics(bootstrap, [src, dst], 4)
    await produce(bootstrap, src, items)
    c = AIOKafkaConsumer(src, bootstrap_servers=bootstrap, group_id=f"b{sfx}", auto_offset_reset="earliest",
                         enable_auto_commit=True, max_partition_fetch_bytes=4 << 20)
    p = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await c.start()
    await p.start()
    n = 0
    t0 = time.monotonic()
    try:
        while n < len(items):
            batch = await c.getmany(timeout_ms=500)
            futs = []
            for msgs in batch.values():
                for m in msgs:
                    futs.append(await p.send(dst, value=m.value, key=m.key))
                    n += 1
            if futs:
                await asyncio.gather(*futs)
    finally:
        dt = time.monotonic() - t0
        await c.stop()
        await p.stop()
    return len(items) / dt


# --- 2-3. trivial Faust apps (run in a subprocess: python bench_kafka.py --faust-app ...) -----------
def faust_app_main(a) -> int:
    import faust

    app = faust.App(a.app_id, broker=f"kafka://{a.bootstrap}", store="memory://", topic_partitions=4,
                    key_serializer="raw", value_serializer="raw", producer_acks=-1, producer_linger=0.005,
                    consumer_auto_offset_reset="earliest", web_enabled=False, loghandlers=[])
    src = app.topic(a.src, key_type=bytes, value_type=bytes)
    dst = app.topic(a.dst, key_type=bytes, value_type=bytes)
    if a.faust_app == "onehop":
        @app.agent(src, sink=None)
        async def forward(stream):
            async for event in stream.events():
                await dst.send(key=event.key, value=event.value)
    else:
        mid = app.topic(a.src + ".mid", key_type=bytes, value_type=bytes, partitions=4, internal=True)

        @app.agent(src, sink=None)
        async def hop1(stream):
            async for event in stream.events():
                await mid.send(key=event.key, value=event.value)

        @app.agent(mid, sink=None)
        async def hop2(stream):
            async for event in stream.events():
                await dst.send(key=event.key, value=event.value)
    sys.argv = ["bench", "worker", "--without-web", "--loglevel", "warn"]
    app.main()
    return 0


async def bench_faust(bootstrap: str, items, kind: str, tmp: Path) -> float:
    sfx = uuid.uuid4().hex[:6]
    src, dst = f"b{sfx}.raw", f"b{sfx}.out"
    await create_topics(bootstrap, [src, dst, src + ".mid"], 4)
    await produce(bootstrap, src, items)
    log = open(tmp / f"faust-{kind}.log", "wb")
    proc = subprocess.Popen([sys.executable, __file__, "--faust-app", kind, "--bootstrap", bootstrap, "--src", src,
                             "--dst", dst, "--app-id", f"bench-{kind}-{sfx}"], stdout=log, stderr=subprocess.STDOUT,
                            cwd=tmp, start_new_session=True)
    try:
        t0 = time.time()
        task = asyncio.ensure_future(drain(bootstrap, [dst], len(items), timeout=900, by_id=False))
        while not task.done():
            await asyncio.sleep(0.5)
            if proc.poll() is not None:
                task.cancel()
                raise RuntimeError(f"the {kind} Faust app exited: {(tmp / f'faust-{kind}.log').read_text()[-2000:]}")
        t_end, _ = task.result()
        # subtract the Faust start-up: time of the first output
        first = await first_timestamp(bootstrap, dst)
        return len(items) / max(1e-6, t_end - first) if first else len(items) / (t_end - t0)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


async def first_timestamp(bootstrap: str, topic: str) -> float | None:
    from aiokafka import AIOKafkaConsumer

    c = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest",
                         enable_auto_commit=False)
    await c.start()
    try:
        batch = await c.getmany(timeout_ms=3000)
        ts = [m.timestamp for msgs in batch.values() for m in msgs]
        return min(ts) / 1000.0 if ts else None
    finally:
        await c.stop()


# --- 4. in process ---------------------------------------------------------------------------------
def bench_in_process(items) -> dict:
    """Rate (dispatches/s, wall clock) and CPU ms per dispatch of ``Pipeline.process`` over the items."""
    from faults.dispatches import generate
    from streams.pipeline import Pipeline

    warm = Pipeline()  # load the taggers' data first (the workers warm up before they say Ready, too)
    for it in generate(20, seed=99, prefix="warm"):
        warm.process(it.value)
    pipe = Pipeline()
    c0 = time.process_time()
    t0 = time.perf_counter()
    for it in items:
        pipe.process(it.value)
    dt = time.perf_counter() - t0
    return {"rate": len(items) / dt, "cpu_ms": 1000 * (time.process_time() - c0) / len(items),
            "load": os.getloadavg()[0]}


# --- 5-8. the worker -------------------------------------------------------------------------------
async def bench_worker(bootstrap: str, items, workers: int, tmp: Path, *, rate: float | None = None,
                       label: str = "") -> dict:
    from kafka_harness import Names, WorkerProcess

    names = Names(bootstrap, partitions=4)
    s = names.settings()
    from streams.cli.kafka_tools import ensure_topics

    await ensure_topics(s, [s.topic_raw, s.topic_tagged, s.topic_enriched, s.topic_duplicates, s.topic_dead_letter])
    procs = []
    for i in range(workers):
        procs.append(WorkerProcess(names, tmp / f"{label}-w{i}", f"{label}-w{i}").start())
    try:
        if workers > 1:
            for w in procs:
                w.wait_for("Worker ready", 60)
            await asyncio.sleep(2.0)
        outs = [s.topic_enriched, s.topic_duplicates, s.topic_dead_letter]
        want = {it.id for it in items}
        drain_task = asyncio.ensure_future(drain(bootstrap, outs, want, timeout=1800))
        cpu0 = [cpu_of(w.proc.pid) for w in procs]
        m0 = machine_ticks()
        t0 = time.time()
        sent = await produce(bootstrap, s.topic_raw, items, rate=rate)
        t_end, seen = await drain_task
        busy, stolen = busy_since(m0)
        cpu = sum(cpu_of(w.proc.pid) - c for w, c in zip(procs, cpu0))
        kinds: dict[str, int] = {}
        for _, kind in seen.values():
            kinds[kind] = kinds.get(kind, 0) + 1
        lat = sorted(max(0.0, seen[i][0] - sent[i]) * 1000 for i in want)
        changelog = await end_offsets(bootstrap, f"{names.env['WIREFEED_APP_ID']}-stories-changelog")
        rss = [rss_of(w.proc.pid) for w in procs]
        return {"rate": len(items) / (t_end - t0), "kinds": kinds, "changelog": changelog,
                "p50": lat[len(lat) // 2], "p95": lat[int(len(lat) * 0.95)], "p99": lat[int(len(lat) * 0.99)],
                "max": lat[-1], "rss": rss, "cpu_ms": 1000 * cpu / len(items), "load": os.getloadavg()[0],
                "busy": busy, "stolen": stolen}
    finally:
        for w in procs:
            w.stop()


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def spread(xs: list[float], fmt: str = "{:,.0f}") -> str:
    return "" if len(xs) < 2 else f" [{fmt.format(min(xs))}-{fmt.format(max(xs))}]"


async def latency_run(a, bootstrap: str, tmp: Path) -> dict:
    lat_items = make_items(a.latency_n, ("en", "fr", "de", "es", "it", "pt"), a.corpus, 3, "lat")
    return await bench_worker(bootstrap, lat_items, a.latency_workers, tmp, rate=a.latency_rate, label="lat")


def latency_line(a, lat: dict) -> str:
    paced = lat["rate"] >= 0.95 * a.latency_rate
    return (f"p50 {lat['p50']:.0f} ms, p95 {lat['p95']:.0f} ms, p99 {lat['p99']:.0f} ms, max {lat['max']:.0f} ms; "
            f"moved {lat['rate']:.1f}/s{'' if paced else ' (SATURATED: the latency is queueing)'}, "
            f"rejected {lat['kinds'].get('rejected', 0)}, "
            f"worker CPU {lat['cpu_ms']:.1f} ms/dispatch, load {lat['load']:.1f}, machine {lat['busy']:.0%} busy, "
            f"{lat['stolen']:.0%} stolen")


async def run(a) -> None:
    with kafka_for_bench("wirefeed-bench-kafka-") as (bootstrap, tmp):
        if a.only == "latency":
            lat = await latency_run(a, bootstrap, tmp)
            print(f"latency at {a.latency_rate:g}/s, worker x{a.latency_workers} ({a.latency_n} dispatches): "
                  f"{latency_line(a, lat)}")
            return
        mix = make_items(a.n, ("en", "fr", "de", "es", "it", "pt"), a.corpus, 1, "mix")
        one = make_items(a.n, ("en",), a.corpus, 2, "one")
        if a.one_feeds > 1:  # several English wires, named so that their keys cover the 4 raw partitions evenly
            import dataclasses

            from aiokafka.partitioner import murmur2

            feeds: list[bytes] = []
            j = 0
            while len(feeds) < a.one_feeds:
                key = one[0].key + f"-{j}".encode()
                if (murmur2(key) & 0x7FFFFFFF) % 4 == len(feeds) % 4:  # the producer's default partitioner
                    feeds.append(key)
                j += 1
            one = [dataclasses.replace(it, key=feeds[i % a.one_feeds]) for i, it in enumerate(one)]
        kb = statistics.mean(len(orjson.loads(it.value)["text"]) for it in mix) / 1000
        print(f"{a.n} dispatches of ~{kb:.1f} KB ({'corpus ' + a.corpus if a.corpus else 'invented'}, 10% re-sends); "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; Kafka at {bootstrap}; {a.repeat} repetition(s), "
              "medians [min-max]", flush=True)

        def show(name: str, value: str, ratio: str = "") -> None:
            print(f"  {name:<52} {value:>14}  {ratio}", flush=True)

        if a.only == "all":
            raw = await bench_raw_loop(bootstrap, mix)
            show("raw aiokafka consume -> produce loop", f"{raw:,.0f}/s")
            one_hop = await bench_faust(bootstrap, mix, "onehop", tmp)
            show("trivial one-hop Faust agent", f"{one_hop:,.0f}/s", f"{one_hop / raw:.2f}x raw")
            two_hop = await bench_faust(bootstrap, mix, "twohop", tmp)
            show("trivial two-hop Faust app", f"{two_hop:,.0f}/s", f"{two_hop / raw:.2f}x raw")

        # the in-process pipeline and the worker side by side, repeated and interleaved so that each
        # repetition's ratios compare runs made a few minutes apart on the same (shared) machine
        reps: list[dict] = []
        if a.repeat > 0:
            for r in range(a.repeat):
                rec: dict = {"ip": bench_in_process(mix)}
                rec["w1"] = await bench_worker(bootstrap, mix, 1, tmp, label=f"w1m{r}")
                rec["w2"] = await bench_worker(bootstrap, mix, 2, tmp, label=f"w2m{r}")
                reps.append(rec)
                print(f"  [repetition {r + 1}: in process {rec['ip']['rate']:.1f}/s ({rec['ip']['cpu_ms']:.1f} ms CPU, "
                      f"load {rec['ip']['load']:.1f}); worker x1 {rec['w1']['rate']:.1f}/s ({rec['w1']['cpu_ms']:.1f} ms "
                      f"CPU, machine {rec['w1']['busy']:.0%} busy, {rec['w1']['stolen']:.0%} stolen) = "
                      f"{rec['w1']['rate'] / rec['ip']['rate']:.2f}x; worker x2 {rec['w2']['rate']:.1f}/s "
                      f"({rec['w2']['cpu_ms']:.1f} ms CPU, machine {rec['w2']['busy']:.0%} busy, "
                      f"{rec['w2']['stolen']:.0%} stolen) = "
                      f"{rec['w2']['rate'] / rec['w1']['rate']:.2f}x one; rejected x1 {rec['w1']['kinds'].get('rejected', 0)}, "
                      f"x2 {rec['w2']['kinds'].get('rejected', 0)}]", flush=True)
            ip = [x["ip"]["rate"] for x in reps]
            w1 = [x["w1"]["rate"] for x in reps]
            w2 = [x["w2"]["rate"] for x in reps]
            r1 = [x["w1"]["rate"] / x["ip"]["rate"] for x in reps]
            r2 = [x["w2"]["rate"] / x["w1"]["rate"] for x in reps]
            ipc = [x["ip"]["cpu_ms"] for x in reps]
            w1c = [x["w1"]["cpu_ms"] for x in reps]
            show("pipeline in process, six-language mix", f"{med(ip):,.1f}/s", f"{spread(ip)}; CPU {med(ipc):.1f} ms/dispatch")
            show("worker x1, six-language mix", f"{med(w1):,.1f}/s",
                 f"{med(r1):.2f}x in process{spread(r1, '{:.2f}')}; CPU {med(w1c):.1f} ms/dispatch "
                 f"({med([w / i for w, i in zip(w1c, ipc)]):.2f}x in process)")
            w2c = [x["w2"]["cpu_ms"] for x in reps]
            show("worker x2, six-language mix", f"{med(w2):,.1f}/s",
                 f"{med(r2):.2f}x one worker{spread(r2, '{:.2f}')}; CPU {med(w2c):.1f} ms/dispatch (both workers); "
                 f"machine busy {med([x['w1']['busy'] for x in reps]):.0%} with one worker, "
                 f"{med([x['w2']['busy'] for x in reps]):.0%} with two, of {os.cpu_count()} CPUs (stolen "
                 f"{med([x['w1']['stolen'] for x in reps]):.0%}, {med([x['w2']['stolen'] for x in reps]):.0%})")

        if not a.skip_one:
            ip1 = bench_in_process(one)
            show(f"pipeline in process, one language (en), {a.one_feeds} feed(s)", f"{ip1['rate']:,.1f}/s",
                 f"CPU {ip1['cpu_ms']:.1f} ms/dispatch, load {ip1['load']:.1f}")
            w1o = await bench_worker(bootstrap, one, 1, tmp, label="w1o")
            show(f"worker x1, one language (en), {a.one_feeds} feed(s)", f"{w1o['rate']:,.1f}/s",
                 f"{w1o['rate'] / ip1['rate']:.2f}x in process, CPU {w1o['cpu_ms']:.1f} ms/dispatch, "
                 f"load {w1o['load']:.1f}")
            w2o = await bench_worker(bootstrap, one, 2, tmp, label="w2o")
            show(f"worker x2, one language (en), {a.one_feeds} feed(s)", f"{w2o['rate']:,.1f}/s",
                 f"{w2o['rate'] / w1o['rate']:.2f}x one worker, load {w2o['load']:.1f}")

        w1m = reps[0]["w1"] if reps else None
        if w1m is not None:
            new, dup = w1m["kinds"].get("new", 0), w1m["kinds"].get("duplicate", 0)
            others = sum(v for k, v in w1m["kinds"].items() if k not in ("new", "duplicate"))
            show("changelog messages per dispatch (worker x1, mix)", f"{w1m['changelog'] / a.n:.2f}",
                 f"{w1m['changelog']} for {new} new, {dup} duplicates, {others} other; "
                 f"bound 3/new + 1/dup = {3 * new + dup + 3 * others}")
            show("worker RSS after the mix (x1)", f"{w1m['rss'][0]:.0f} MB")

        if a.latency_n:
            lat = await latency_run(a, bootstrap, tmp)
            show(f"latency at {a.latency_rate:g}/s, worker x{a.latency_workers} ({a.latency_n} dispatches)",
                 f"p99 {lat['p99']:.0f} ms", latency_line(a, lat))

        if a.rss_n:
            big = make_items(a.rss_n, ("en", "fr", "de", "es", "it", "pt"), a.corpus, 4, "rss")
            r = await bench_worker(bootstrap, big, 1, tmp, label="rss")
            show(f"worker RSS after {a.rss_n:,} dispatches", f"{r['rss'][0]:.0f} MB", f"at {r['rate']:,.0f}/s")
        print(f"load average at the end {os.getloadavg()[0]:.1f}; targets: worker >= 0.6x in process; 2 workers "
              ">= 1.5x one on the mix; p99 < 250 ms at 50/s; changelog <= 3 per new story, <= 1 per duplicate")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--latency-n", type=int, default=1500, help="dispatches sent at --latency-rate (0 skips the run)")
    ap.add_argument("--rss-n", type=int, default=10000, help="0 to skip the RSS run")
    ap.add_argument("--latency-rate", type=float, default=50.0, help="steady input rate of the latency run")
    ap.add_argument("--only", choices=["all", "throughput", "latency"], default="all",
                    help="throughput: leave out the raw-loop and trivial-Faust baselines; latency: only the latency run")
    ap.add_argument("--repeat", type=int, default=1,
                    help="repetitions of in process / worker x1 / worker x2 on the mix, interleaved (medians); 0 skips them")
    ap.add_argument("--skip-one", action="store_true", help="leave out the one-language (en) runs")
    ap.add_argument("--one-feeds", type=int, default=1,
                    help="send the one-language dispatches as this many feeds (keys, chosen to cover the raw partitions "
                         "evenly): 1 puts them all in one raw partition, so one worker parses them all")
    ap.add_argument("--latency-workers", type=int, default=1, help="workers in the latency run")
    ap.add_argument("--corpus", default=None, help="Reuters-21578 path: real stories instead of invented ones")
    ap.add_argument("--faust-app", choices=["onehop", "twohop"], help=argparse.SUPPRESS)
    ap.add_argument("--bootstrap", help=argparse.SUPPRESS)
    ap.add_argument("--src", help=argparse.SUPPRESS)
    ap.add_argument("--dst", help=argparse.SUPPRESS)
    ap.add_argument("--app-id", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.faust_app:
        return faust_app_main(a)
    asyncio.run(run(a))
    return 0


if __name__ == "__main__":
    sys.exit(main())
