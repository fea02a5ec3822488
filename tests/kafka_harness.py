"""Real-broker test harness: the local KRaft broker and worker subprocesses.

No mock broker: tests talk to a real Apache Kafka, started once per session
(or the one named by KAFKA_BOOTSTRAP_SERVERS), and to workers started as real
``wirefeed worker`` processes.
"""
from __future__ import annotations

import asyncio
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from streams.cli import supervise

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Names:
    """Unique app id and topic names for one test, so tests never see each other's data."""

    bootstrap: str
    suffix: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    partitions: int = 4

    @property
    def env(self) -> dict[str, str]:
        return {
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
            "WIREFEED_APP_ID": f"wf-test-{self.suffix}",
            "WIREFEED_TOPIC_RAW": f"t{self.suffix}.raw",
            "WIREFEED_TOPIC_ENRICHED": f"t{self.suffix}.enriched",
            "WIREFEED_TOPIC_DUPLICATES": f"t{self.suffix}.duplicates",
            "WIREFEED_TOPIC_DEAD_LETTER": f"t{self.suffix}.dead-letter",
            "WIREFEED_TOPIC_TAGGED": f"t{self.suffix}.tagged",
            "WIREFEED_PARTITIONS": str(self.partitions),
        }

    def topic(self, which: str) -> str:
        return self.env[f"WIREFEED_TOPIC_{which.upper().replace('-', '_')}"]

    def settings(self):
        from streams.config import Settings

        return Settings(bootstrap_servers=self.bootstrap, partitions=self.partitions, topic_raw=self.topic("raw"),
                        topic_tagged=self.topic("tagged"), topic_enriched=self.topic("enriched"),
                        topic_duplicates=self.topic("duplicates"), topic_dead_letter=self.topic("dead-letter"))


class WorkerProcess(supervise.WorkerProcess):
    """A worker for one test: the test's topic names, its own data dir and log file."""

    def __init__(self, names: Names, data_dir: Path, name: str = "w1", extra_env: dict[str, str] | None = None):
        env = {**os.environ, **names.env, "WIREFEED_DATA_DIR": str(data_dir), "WIREFEED_LOG_LEVEL": "info",
               **(extra_env or {})}
        super().__init__(env, data_dir.parent / f"{name}.log", name, cwd=REPO)
        self.names = names
        self.data_dir = data_dir


async def create_topics(bootstrap: str, names: list[str], partitions: int | None = None,
                        settings=None) -> None:
    """The CLI's own idempotent topic creation (with its topic settings), against the test's broker.

    With ``settings`` (``Names.settings()``) and no ``partitions``, each topic gets the partition count
    and configuration the worker expects (the tagged topic has its own)."""
    from streams.cli.kafka_tools import ensure_topics
    from streams.config import Settings

    await ensure_topics(settings or Settings(bootstrap_servers=bootstrap), names, partitions)


async def produce(bootstrap: str, topic: str, values: list[bytes], keys: list[bytes | None] | None = None) -> None:
    from aiokafka import AIOKafkaProducer

    p = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await p.start()
    try:
        for i, v in enumerate(values):
            await p.send_and_wait(topic, value=v, key=keys[i] if keys else None)
    finally:
        await p.stop()


class Collector:
    """Reads output topics from the beginning and keeps every event seen."""

    def __init__(self, bootstrap: str, topics: dict[str, str]):
        self.bootstrap = bootstrap
        self.topics = topics  # label -> topic name
        self.events: dict[str, list[dict[str, Any]]] = {k: [] for k in topics}
        self._consumer = None

    async def start(self) -> "Collector":
        from aiokafka import AIOKafkaConsumer

        await create_topics(self.bootstrap, list(self.topics.values()), 4)
        self._by_topic = {v: k for k, v in self.topics.items()}
        self._consumer = AIOKafkaConsumer(*self.topics.values(), bootstrap_servers=self.bootstrap, group_id=None,
                                          auto_offset_reset="earliest", enable_auto_commit=False,
                                          metadata_max_age_ms=1000)
        await self._consumer.start()
        return self

    async def poll(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            batch = await self._consumer.getmany(timeout_ms=200)
            for tp, msgs in batch.items():
                for m in msgs:
                    self.events[self._by_topic[tp.topic]].append(orjson.loads(m.value))

    async def wait_until(self, predicate, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.events):
                return
            await self.poll(0.5)
        raise TimeoutError(f"condition not met in {timeout}s; got { {k: len(v) for k, v in self.events.items()} }")

    def all(self) -> list[dict[str, Any]]:
        return [e for v in self.events.values() for e in v]

    async def stop(self) -> None:
        if self._consumer is not None:
            await self._consumer.stop()


def run(coro):
    return asyncio.get_event_loop().run_until_complete(coro)
