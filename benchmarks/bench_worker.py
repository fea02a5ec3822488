"""End-to-end throughput of real workers on a real Kafka broker.

    python benchmarks/bench_worker.py --corpus ../shared/data/reuters21578 [--n 3000] [--workers 1]

Starts a local KRaft broker (or uses KAFKA_BOOTSTRAP_SERVERS), N workers, produces
the first --n Reuters-21578 stories as JSON envelopes, and times until every one of
them has come out on enriched, duplicates or dead-letter.  Prints dispatches/s.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import orjson  # noqa: E402
from _common import kafka_for_bench  # noqa: E402

from kafka_harness import Collector, Names, WorkerProcess, create_topics  # noqa: E402
from streams.evaluation.reuters import iter_corpus  # noqa: E402


async def run(a) -> None:
    with kafka_for_bench("wirefeed-bench-") as (bootstrap, tmp):
        names = Names(bootstrap, partitions=4)
        await create_topics(bootstrap, [names.topic("raw"), names.topic("tagged")], settings=names.settings())
        values = []
        for doc in iter_corpus(a.corpus):
            values.append(orjson.dumps({"id": f"reuters-{doc.newid}", "text": doc.to_wire(),
                                        "received_at": doc.received_at}))
            if len(values) >= a.n:
                break
        collector = await Collector(bootstrap, {"enriched": names.topic("enriched"),
                                                "duplicates": names.topic("duplicates"),
                                                "dead-letter": names.topic("dead-letter")}).start()
        workers = [WorkerProcess(names, tmp / f"w{i}", f"w{i}").start() for i in range(a.workers)]
        try:
            from aiokafka import AIOKafkaProducer

            producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
            await producer.start()
            t0 = time.monotonic()
            futs = [await producer.send(names.topic("raw"), v) for v in values]
            await asyncio.gather(*futs)
            await producer.stop()
            t_sent = time.monotonic() - t0
            want = {f"reuters-{i}" for i in range(1, a.n + 1)}
            await collector.wait_until(
                lambda ev: want <= {e["dispatch_id"] for v in ev.values() for e in v}, timeout=a.timeout)
            dt = time.monotonic() - t0
            counts = {k: len(v) for k, v in collector.events.items()}
            print(f"{a.n} dispatches through {a.workers} worker(s) on Kafka at {bootstrap}: "
                  f"{dt:.1f} s end to end = {a.n / dt:,.0f} dispatches/s (produced in {t_sent:.1f} s); outputs {counts}")
        finally:
            for w in workers:
                w.stop()
            await collector.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=600)
    asyncio.run(run(ap.parse_args()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
