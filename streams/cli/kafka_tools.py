"""Producer, subscriber and admin helpers for the CLI (aiokafka)."""
from __future__ import annotations

import asyncio
import sys
import time
from typing import Any, Iterable

import orjson

from ..config import Settings
from .inputs import count_messages, iter_raw


def topic_config(s: Settings, name: str | None = None) -> dict[str, str]:
    """Topic settings wirefeed sets when it creates a topic: the one size limit (WIREFEED_MAX_BYTES), and
    broker timestamps on the internal tagged topic (the threading clock is the broker's, never a producer's)."""
    cfg = {"max.message.bytes": str(s.kafka_max_bytes)}
    if name is not None and name == s.topic_tagged:
        cfg["message.timestamp.type"] = "LogAppendTime"
    return cfg


def topic_partitions(s: Settings, name: str) -> int:
    """The internal tagged topic has its own partition count (threading parallelism); the others share one."""
    return s.tagged_partitions if name == s.topic_tagged else s.partitions


async def ensure_topics(s: Settings, names: Iterable[str], partitions: int | None = None) -> None:
    """Create the topics that do not exist yet (idempotent), with ``max.message.bytes`` from WIREFEED_MAX_BYTES."""
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    admin = AIOKafkaAdminClient(bootstrap_servers=s.bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        new = [NewTopic(n, partitions or topic_partitions(s, n), 1, topic_configs=topic_config(s, n))
               for n in names if n not in existing]
        if new:
            try:
                await admin.create_topics(new)
            except Exception as e:  # noqa: BLE001 - a concurrent creator won the race
                if "TopicAlreadyExists" not in type(e).__name__ + str(e):
                    raise
    finally:
        await admin.close()


async def wait_for_topics(s: Settings, names: Iterable[str], timeout: float = 120.0) -> None:
    """Wait until the broker answers (it may still be starting), then create the missing topics."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            await ensure_topics(s, names)
            return
        except Exception as e:  # noqa: BLE001
            if time.monotonic() > deadline:
                raise SystemExit(f"error: Kafka at {s.bootstrap_servers} is not reachable: {e}") from None
            print(f"waiting for Kafka at {s.bootstrap_servers} ({type(e).__name__})", file=sys.stderr, flush=True)
            await asyncio.sleep(2.0)


def source_key(line: bytes) -> bytes | None:
    """Key a JSON envelope by its ``source`` (a NINJS document by its ``copyrightholder``, else its
    ``uri``): one feed stays in one partition, in order."""
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    src = (obj.get("source") or obj.get("copyrightholder") or obj.get("uri")) if isinstance(obj, dict) else None
    return str(src).encode() if src else None


def iter_messages(paths: list[str]):
    """(key, value) pairs: a .txt file is one message, a .jsonl line is one message (sent as is)."""
    for _, raw, is_line in iter_raw(paths):
        yield (source_key(raw) if is_line else None), raw


async def send_paths(s: Settings, paths: list[str], *, topic: str | None = None, progress: bool = True) -> int:
    from aiokafka import AIOKafkaProducer

    topic = topic or s.topic_raw
    await ensure_topics(s, [topic])
    total = count_messages(paths)
    producer = AIOKafkaProducer(bootstrap_servers=s.bootstrap_servers, acks="all", linger_ms=5,
                                max_request_size=s.kafka_max_bytes)
    await producer.start()
    n = 0
    try:
        bar = None
        if progress and (total is None or total > 20) and sys.stderr.isatty():
            from rich.progress import Progress

            bar = Progress(transient=True)
            bar.start()
            task = bar.add_task(f"sending to {topic}", total=total)
        pending = []
        for key, value in iter_messages(paths):
            pending.append(await producer.send(topic, value=value, key=key))
            n += 1
            if bar is not None:
                bar.advance(task)
            if len(pending) >= 500:
                await asyncio.gather(*pending)
                pending.clear()
        if pending:
            await asyncio.gather(*pending)
        if bar is not None:
            bar.stop()
    finally:
        await producer.stop()
    return n


def matches(event: dict[str, Any], regions: list[str], topics: list[str]) -> bool:
    if regions:
        codes = {r.get("code") for r in event.get("regions") or []}
        if (event.get("dateline") or {}).get("country"):
            codes.add(event["dateline"]["country"])
        if not codes & {r.upper() for r in regions}:
            return False
    if topics:
        from ..topics.taxonomy import load_taxonomy

        # a filter on a broad topic also matches its narrower topics
        have = load_taxonomy().closure(t.get("code") for t in event.get("topics") or [] if t.get("code"))
        want = {t if t.startswith("medtop:") else f"medtop:{t}" for t in topics}
        if not have & want:
            return False
    return True


def format_event(ev: dict[str, Any]) -> str:
    kind = ev.get("kind", "?")
    if kind == "rejected":
        err = ev.get("error") or {}
        return f"[rejected] {ev.get('dispatch_id')}: {err.get('code')}: {err.get('message')}"
    if kind == "link":
        return f"[link] story {ev.get('story_id')} related to {', '.join(ev.get('related') or [])}"
    regions = ",".join(f"{r['code']}{'*' if r.get('role') == 'subject' else ''}" for r in ev.get("regions") or [])
    topics = ",".join((t.get("label") or t["code"]) for t in (ev.get("topics") or [])[:3])
    dl = ev.get("dateline") or {}
    where = ", ".join(x for x in (dl.get("city"), dl.get("country"), dl.get("date")) if x)
    flags = " ".join(ev.get("flags") or [])
    extra = f" of {ev['duplicate_of']}" if ev.get("duplicate_of") else ""
    return (f"[{kind} v{ev.get('version')}{extra}] {ev.get('story_id')} ({ev.get('language')}) "
            f"{flags + ' ' if flags else ''}{ev.get('headline')}\n    {where} | regions {regions or '-'} | topics {topics or '-'}")


async def tail(s: Settings, a) -> None:
    from aiokafka import AIOKafkaConsumer

    topic = getattr(a, "topic_name", None) or {"enriched": s.topic_enriched, "duplicates": s.topic_duplicates,
                                                "dead-letter": s.topic_dead_letter}[a.source]
    render = getattr(a, "render", None)  # e.g. event -> NINJS document (None: skip the event)
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=s.bootstrap_servers, group_id=None,
                                auto_offset_reset="earliest" if a.from_beginning else "latest", enable_auto_commit=False)
    await consumer.start()
    printed = 0
    last = time.monotonic()
    try:
        while True:
            batch = await consumer.getmany(timeout_ms=500)
            got = False
            for msgs in batch.values():
                for m in msgs:
                    got = True
                    try:
                        ev = orjson.loads(m.value)
                    except orjson.JSONDecodeError:
                        print(f"(not JSON at {m.topic}/{m.partition}/{m.offset})", file=sys.stderr)
                        continue
                    if not matches(ev, a.region, a.topics):
                        continue
                    if render is not None:
                        ev = render(ev)
                        if ev is None:
                            continue
                    print(orjson.dumps(ev).decode() if a.json or render else format_event(ev), flush=True)
                    printed += 1
                    if a.max and printed >= a.max:
                        return
            if got:
                last = time.monotonic()
            elif a.timeout and time.monotonic() - last > a.timeout:
                return
    finally:
        await consumer.stop()
