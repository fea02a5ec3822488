"""``wirefeed demo``: the main job on the embedded default, end to end, on screen.

1. a real Apache Kafka (KRaft) on 127.0.0.1, fetched and started here
   (skipped when KAFKA_BOOTSTRAP_SERVERS names a broker);
2. a ``wirefeed worker`` process;
3. the bundled sample dispatches sent to the raw topic;
4. what the worker publishes, read back from enriched, duplicates and dead-letter.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import orjson

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _say(msg: str) -> None:
    print(f"\033[1m==>\033[0m {msg}" if sys.stderr.isatty() else f"==> {msg}", file=sys.stderr, flush=True)


def run_demo(timeout: float = 120.0) -> int:
    work = Path(tempfile.mkdtemp(prefix="wirefeed-demo-"))
    try:
        return _run(work, timeout)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the demo's broker data, worker state and logs


def _run(work: Path, timeout: float) -> int:
    from ..broker import LocalKafka
    from ..broker.local_kafka import BrokerError
    from ..config import Settings
    from .inputs import count_messages
    from .supervise import WorkerProcess

    broker = None
    if not os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        _say("starting a local Apache Kafka (KRaft, single node) - the first run fetches it from Maven Central")
        port = int(os.environ.get("WIREFEED_KAFKA_PORT", "0"))
        broker = LocalKafka(data_dir=work / "kafka", port=port)
        try:
            os.environ["KAFKA_BOOTSTRAP_SERVERS"] = broker.start()
        except BrokerError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        _say(f"Kafka {broker.version} is up on {broker.bootstrap} (logs in {broker.data_dir}, removed at the end)")
    os.environ.setdefault("WIREFEED_DATA_DIR", str(work / "worker"))
    s = Settings.from_env()
    log_path = work / "worker.log"
    worker = WorkerProcess(dict(os.environ), log_path)
    try:
        _say(f"starting a worker (app {s.app_id}, log {log_path})")
        try:
            worker.start(timeout)
        except (RuntimeError, TimeoutError, OSError) as e:
            print(f"{e}\nerror: the worker did not start", file=sys.stderr)
            return 1
        paths = [str(SAMPLES)]
        expected = count_messages(paths) or 0
        _say(f"sending {expected} bundled sample dispatches from {SAMPLES} to {s.topic_raw}")
        rc = asyncio.run(_send_and_show(s, paths, expected, timeout))
        if rc != 0:
            print(f"--- worker log (tail) ---\n{worker.log()[-4000:]}", file=sys.stderr)
        return rc
    finally:
        worker.stop()
        if broker is not None:
            _say("stopping Kafka")
            broker.stop()


async def _send_and_show(s, paths: list[str], expected: int, timeout: float) -> int:
    from aiokafka import AIOKafkaConsumer

    from .kafka_tools import ensure_topics, format_event, send_paths

    outs = {s.topic_enriched: "enriched", s.topic_duplicates: "duplicates", s.topic_dead_letter: "dead-letter"}
    await ensure_topics(s, list(outs))
    consumer = AIOKafkaConsumer(*outs, bootstrap_servers=s.bootstrap_servers, group_id=None,
                                auto_offset_reset="latest", enable_auto_commit=False)
    await consumer.start()
    await asyncio.sleep(1.0)  # let the consumer take its position before anything is sent
    try:
        await send_paths(s, paths, progress=False)
        seen: dict[str, int] = {"enriched": 0, "duplicates": 0, "dead-letter": 0}
        dispatches: set[str] = set()
        deadline = time.monotonic() + timeout
        settle = None  # after the last dispatch, wait a little for trailing link events
        while time.monotonic() < deadline and (settle is None or time.monotonic() < settle):
            if settle is None and len(dispatches) >= expected:
                settle = time.monotonic() + 2.0
            batch = await consumer.getmany(timeout_ms=500)
            for tp, msgs in batch.items():
                for m in msgs:
                    ev = orjson.loads(m.value)
                    where = outs[tp.topic]
                    seen[where] += 1
                    if ev.get("kind") != "link":
                        dispatches.add(ev["dispatch_id"])
                    print(f"{where:>11} | " + format_event(ev).replace("\n", "\n            | "), flush=True)
        summary = ", ".join(f"{v} {k}" for k, v in seen.items())
        if len(dispatches) < expected:
            print(f"error: only {len(dispatches)} of {expected} dispatches came out within {timeout:.0f}s ({summary})",
                  file=sys.stderr)
            return 1
        _say(f"all {expected} dispatches accounted for: {summary}")
        return 0
    finally:
        await consumer.stop()
