"""Machinery of the fault-injection runs: a steady producer, a timed collector, markers and the accounting.

Everything runs on the loopback: the session's local broker (or one started by the scenario), real
``wirefeed worker`` processes, aiokafka clients.
"""
from __future__ import annotations

import asyncio
import os
import re
import signal
import time
from datetime import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from kafka_harness import Collector, Names, WorkerProcess, create_topics

from .dispatches import LANGS, Item, dispatch_text, generate, resend

RESULTS: list[dict[str, Any]] = []  # one row per scenario, printed by conftest's terminal summary


class TimedCollector(Collector):
    """A collector that also remembers when each dispatch id was first seen."""

    def __init__(self, bootstrap: str, topics: dict[str, str]):
        super().__init__(bootstrap, topics)
        self.first_seen: dict[str, float] = {}

    async def poll(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            batch = await self._consumer.getmany(timeout_ms=200)
            now = time.monotonic()
            for tp, msgs in batch.items():
                for m in msgs:
                    ev = orjson.loads(m.value)
                    self.events[self._by_topic[tp.topic]].append(ev)
                    if ev.get("kind") != "link":
                        self.first_seen.setdefault(ev.get("dispatch_id"), now)


@dataclass
class Run:
    """One scenario: topics, workers, inputs sent and the accounting of the outputs."""

    bootstrap: str
    tmp: Path
    name: str
    partitions: int = 4
    extra_env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.names = Names(self.bootstrap, partitions=self.partitions)
        self.inputs: dict[str, Item | None] = {}  # id -> item (None: a hostile input without an Item)
        self.resends: dict[str, str] = {}  # resend id -> original id (must come out duplicate)
        self.dead_expected: set[str] = set()  # ids that must end on dead-letter
        self.workers: dict[str, WorkerProcess] = {}
        self.producer = None
        self.t_fault: float | None = None
        self._stop = False
        self.recovery: list[float] = []
        self.sent_at: dict[str, float] = {}  # id -> when the steady stream sent it
        self.values: dict[str, bytes] = {}  # id -> the raw message (stream items, markers, re-sends)
        self.phases: list[dict[str, float | None]] = []  # per fault: when the survivors saw it, were ready, served
        self.note = ""

    async def start(self) -> "Run":
        from aiokafka import AIOKafkaProducer

        s = self.names.settings()
        await create_topics(self.bootstrap, [s.topic_raw, s.topic_tagged, s.topic_enriched, s.topic_duplicates,
                                             s.topic_dead_letter], settings=s)
        self.collector = await TimedCollector(self.bootstrap, {
            "enriched": s.topic_enriched, "duplicates": s.topic_duplicates, "dead-letter": s.topic_dead_letter,
        }).start()
        self.producer = AIOKafkaProducer(bootstrap_servers=self.bootstrap, acks="all", linger_ms=2,
                                         max_request_size=s.kafka_max_bytes, request_timeout_ms=120_000)
        await self.producer.start()
        return self

    def worker(self, name: str, data: str | None = None) -> WorkerProcess:
        w = WorkerProcess(self.names, self.tmp / (data or name), name, extra_env=self.extra_env)
        self.workers[name] = w
        return w

    # -- producing ---------------------------------------------------------------------------------
    async def send(self, value: bytes, key: bytes | None = None, partition: int | None = None,
                   topic: str | None = None):
        topic = topic or self.names.topic("raw")
        return await self.producer.send_and_wait(topic, value=value, key=key, partition=partition)

    async def stream(self, items: list[Item], rate: float) -> None:
        """Produce ``items`` at ``rate`` per second, keyed by feed, until they run out or ``stop_stream()``."""
        gap = 1.0 / rate
        t = time.monotonic()
        self._stop = False
        for it in items:
            if self._stop:
                break
            self.inputs[it.id] = it
            self.values[it.id] = it.value
            self.sent_at[it.id] = time.monotonic()
            if it.resend_of:
                self.resends[it.id] = it.resend_of
            await self.producer.send(self.names.topic("raw"), value=it.value, key=it.key)
            t += gap
            await asyncio.sleep(max(0.0, t - time.monotonic()))
        await self.producer.flush()

    def stop_stream(self) -> None:
        self._stop = True

    async def markers(self, tag: str) -> list[str]:
        """One fresh dispatch per raw partition and language: all partitions must be working again."""
        ids = []
        import random

        r = random.Random(tag)
        for p in range(self.partitions):
            for lang in LANGS:
                ident = f"mark-{tag}-{p}-{lang}"
                env = {"id": ident, "text": dispatch_text(r, lang, _now(), 1200), "language": lang,
                       "source": f"wire-{lang}", "received_at": _now().isoformat()}
                await self.producer.send(self.names.topic("raw"), value=orjson.dumps(env), partition=p)
                self.inputs[ident] = None
                self.values[ident] = orjson.dumps(env)
                ids.append(ident)
        await self.producer.flush()
        return ids

    async def until_out(self, ids: list[str] | set[str], timeout: float) -> float:
        """Wait until every id came out; return the time it took."""
        want = set(ids)
        t0 = time.monotonic()
        deadline = t0 + timeout
        while time.monotonic() < deadline:
            if want <= self.collector.first_seen.keys():
                return max(self.collector.first_seen[i] for i in want) - t0
            await self.collector.poll(0.3)
        missing = sorted(want - self.collector.first_seen.keys())
        raise TimeoutError(f"{len(missing)} of {len(want)} ids not out within {timeout:.0f}s: {missing[:8]}")

    async def caught_up(self, lag: float = 2.0, timeout: float = 180.0) -> float:
        """Wait until every dispatch the stream sent more than ``lag`` seconds ago came out (the workers keep
        up: a fault then finds them in steady state, not still draining the backlog of their warm-up)."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            cut = time.monotonic() - lag
            behind = [i for i, t in list(self.sent_at.items()) if t < cut and i not in self.collector.first_seen]
            if not behind:
                return time.monotonic() - t0
            await self.collector.poll(0.3)
        raise TimeoutError(f"the workers did not catch up within {timeout:.0f}s")

    async def recover_after(self, t_fault: float, tag: str, timeout: float = 240.0) -> float:
        """Markers sent now; recovery time = from ``t_fault`` until every marker came out."""
        wall = time.time() - (time.monotonic() - t_fault)  # the fault on the workers' log clock
        ids = await self.markers(tag)
        await self.until_out(ids, timeout)
        took = max(self.collector.first_seen[i] for i in ids) - t_fault
        self.recovery.append(took)
        self.phases.append({**self.phases_from_logs(wall), "out": round(took, 1)})
        return took

    def phases_from_logs(self, wall: float) -> dict[str, float | None]:
        """Where the failover time went, from the live workers' logs (seconds after the fault):
        ``rebalance`` the first worker learns of the rebalance (session timeout + next heartbeat),
        ``assigned`` the new assignment is set, ``ready`` tables recovered and streams sought,
        ``rebuilt`` the last threading index rebuilt after it (threaders are rebuilt lazily, on the
        first message of each language)."""
        marks: dict[str, float | None] = {"rebalance": None, "assigned": None, "ready": None, "rebuilt": None}
        for w in self.workers.values():
            if w.proc is None or w.proc.poll() is not None:
                continue
            for line in w.log().splitlines():
                m = _LOG_TS.match(line)
                if not m:
                    continue
                t = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp() - wall
                if t < 0:
                    continue
                for key, text in (("rebalance", "rebalancing"), ("rebalance", "Revoking previously assigned"),
                                  ("assigned", "Setting newly assigned partitions"), ("ready", "Worker ready")):
                    if text in line and (marks[key] is None or t < marks[key]):
                        marks[key] = round(t, 1)
                if "threading indexes rebuilt" in line and marks["ready"] is not None and t >= marks["ready"]:
                    marks["rebuilt"] = max(marks["rebuilt"] or 0.0, round(t, 1))
        return marks

    def phases_note(self) -> str:
        return "; ".join("rebalance seen {rebalance} s, assigned {assigned} s, ready {ready} s, last index rebuilt "
                         "{rebuilt} s, markers out {out} s".format(**p) for p in self.phases)

    # -- faults ------------------------------------------------------------------------------------
    @staticmethod
    def kill9(w: WorkerProcess) -> float:
        t = time.monotonic()
        os.killpg(w.proc.pid, signal.SIGKILL)
        w.proc.wait()
        w._log.close()
        return t

    async def outputs_at_least(self, n: int, timeout: float = 120.0) -> None:
        await self.collector.wait_until(lambda ev: len(self.collector.first_seen) >= n, timeout=timeout)

    # -- accounting --------------------------------------------------------------------------------
    async def settle(self, timeout: float = 180.0, quiet: float = 3.0) -> None:
        await self.until_out(set(self.inputs), timeout)
        await self.collector.poll(quiet)

    def account(self) -> dict[str, Any]:
        by_id: dict[str, dict[str, set]] = {}
        per_topic = {k: 0 for k in self.collector.events}
        for topic, evs in self.collector.events.items():
            for ev in evs:
                per_topic[topic] += 1
                if ev.get("kind") == "link":
                    continue
                rec = by_id.setdefault(ev.get("dispatch_id"), {"topics": set(), "event_ids": set(), "kinds": set()})
                rec["topics"].add(topic)
                rec["event_ids"].add(ev.get("event_id"))
                rec["kinds"].add(ev.get("kind"))
        missing = sorted(i for i in self.inputs if i not in by_id)
        contradictory = sorted(i for i, r in by_id.items() if len(r["event_ids"]) > 1)
        two_topics = sorted(i for i, r in by_id.items() if len(r["topics"]) > 1)
        resend_bad = sorted(i for i, orig in self.resends.items()
                            if i in by_id and by_id[i]["kinds"] != {"duplicate"})
        dead_bad = sorted(i for i in self.dead_expected if i in by_id and by_id[i]["topics"] != {"dead-letter"})
        row = {
            "scenario": self.name, "inputs": len(self.inputs), **per_topic, "missing": len(missing),
            "contradictory": len(contradictory), "two_topics": len(two_topics), "resend_not_dup": len(resend_bad),
            "dead_wrong": len(dead_bad),
            "recovery_s": round(max(self.recovery), 1) if self.recovery else None, "note": self.note,
            "phases": list(self.phases),
            "_detail": {"missing": missing[:10], "contradictory": contradictory[:10], "two_topics": two_topics[:10],
                        "resend_not_dup": resend_bad[:10], "dead_wrong": dead_bad[:10]},
        }
        RESULTS.append(row)
        return row

    def check(self, row: dict[str, Any]) -> None:
        bad = {k: row["_detail"][k] for k in ("missing", "contradictory", "two_topics", "resend_not_dup", "dead_wrong")
               if row[k]}
        assert not bad, f"{self.name}: {bad}"
        for w in self.workers.values():
            log = w.log()
            assert "Traceback" not in log or "unhandled" not in log, f"{w.name} crashed on a message"

    async def stop(self) -> None:
        self.stop_stream()
        await asyncio.sleep(0.5)  # let a producing task see it before the producer closes
        for w in self.workers.values():
            try:
                w.stop(timeout=20)
            except Exception:  # noqa: BLE001
                pass
        if self.producer is not None:
            await self.producer.stop()
        await self.collector.stop()


_LOG_TS = re.compile(r"\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})\]")


def _now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def stream_items(run: str, n: int, resend_ratio: float = 0.1, seed: int = 1) -> list[Item]:
    return generate(n, resend_ratio=resend_ratio, seed=seed, prefix=f"{run}")


def resends_of(items: list[Item], k: int, tag: str) -> list[Item]:
    """Exact re-sends (new ids) of the first ``k`` originals: they must come out ``duplicate``."""
    originals = [it for it in items if not it.resend_of][:k]
    return [resend(it, f"{tag}-re-{i}") for i, it in enumerate(originals)]
