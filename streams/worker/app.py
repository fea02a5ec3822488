"""The Faust application: two agents around the pure pipeline.

::

    wire.dispatches.raw ──prepare──▶ wire.dispatches.tagged (key = language)
         (stateless: decode, parse, tag)          │
                 │ rejected                        ▼
                 ▼                          thread (stateful, concurrency 1,
    wire.dispatches.dead-letter              table "stories" + changelog)
                                              │            │            │
                                     enriched ◀┘  duplicates ◀┘  dead-letter ◀┘

Every raw message ends in exactly one of enriched, duplicates or dead-letter.
An exception inside a Faust agent would ack and skip the message, so both
agents catch everything and route it to dead-letter with the error.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import Any

import faust
import orjson

from .. import pipeline
from ..config import Settings
from ..events import rejected_event
from ..model import DispatchError, tagged_from_dict, tagged_to_dict
from ..stories import StoryThreader
from .state import ScopedState

log = logging.getLogger("wirefeed.worker")


def create_app(settings: Settings | None = None) -> faust.App:
    s = settings or Settings.from_env()
    app = faust.App(
        s.app_id,
        broker=[f"kafka://{b.strip()}" for b in s.bootstrap_servers.split(",") if b.strip()],
        store=s.store,
        datadir=str(s.data_dir),
        topic_partitions=s.partitions,
        topic_replication_factor=1,
        topic_allow_declare=True,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_linger=s.producer_linger_ms / 1000.0,  # batch the many small changelog/output writes
        web_enabled=s.web_port > 0,
        web_port=s.web_port or 6066,
        web_bind="127.0.0.1",
        table_cleanup_interval=60.0,
        broker_commit_every=100,
        broker_commit_interval=1.0,
        stream_wait_empty=True,
        key_serializer="raw",
        value_serializer="raw",
        loghandlers=[],
    )

    raw = app.topic(s.topic_raw, key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw",
                    partitions=s.partitions)
    tagged = app.topic(s.topic_tagged, key_type=bytes, value_type=bytes, key_serializer="raw",
                       value_serializer="raw", partitions=s.partitions, internal=True)
    outputs = {
        "enriched": app.topic(s.topic_enriched, key_type=bytes, value_type=bytes, partitions=s.partitions),
        "duplicates": app.topic(s.topic_duplicates, key_type=bytes, value_type=bytes, partitions=s.partitions),
        "dead-letter": app.topic(s.topic_dead_letter, key_type=bytes, value_type=bytes, partitions=s.partitions),
    }
    stories = app.Table(
        "stories", default=None, partitions=s.partitions, key_type=str, value_type=None,  # JSON keys and values
        help="story-threading state (dispatches, stories, LSH buckets), scoped by language",
    )
    counters = {"prepared": 0, "rejected": 0, "enriched": 0, "duplicates": 0, "dead-letter": 0}

    async def publish(event: dict[str, Any]) -> None:
        dest = pipeline.route(event)
        key = (event.get("story_id") or event["dispatch_id"]).encode()
        await outputs[dest].send(key=key, value=orjson.dumps(event))
        counters[dest] += 1
        log.info("%s %s %s -> %s%s", event["kind"], event["dispatch_id"], event.get("story_id") or "",
                 dest, f" ({event['error']['code']})" if "error" in event else "")

    @app.agent(raw, concurrency=1, sink=None)
    async def prepare(stream):  # stateless; could run with more concurrency, kept at 1 to keep input order
        async for event in stream.events():
            msg = event.message
            position = f"{msg.topic}/{msg.partition}/{msg.offset}"
            try:
                # Faust gives the Kafka timestamp in seconds
                stamp = datetime.fromtimestamp(msg.timestamp, tz=timezone.utc) if msg.timestamp else None
                result = pipeline.prepare(event.value, position, max_bytes=s.max_bytes, received_at=stamp)
                if isinstance(result, dict):
                    counters["rejected"] += 1
                    await publish(result)
                    continue
                lang = (result.parsed.language or "und").encode()
                await tagged.send(key=lang, value=orjson.dumps(tagged_to_dict(result)))
                counters["prepared"] += 1
            except Exception as e:  # noqa: BLE001 - never let Faust ack-and-skip
                log.exception("prepare failed for %s", position)
                await publish(rejected_event(f"raw-{position}", DispatchError("internal_error", repr(e))))

    threaders: dict[str, StoryThreader] = {}  # one per language: its keys live in that language's partition
    next_expiry: dict[str, float] = {}

    @app.agent(tagged, concurrency=1, sink=None)  # stateful: concurrency 1 (faust-streaming #606)
    async def thread(stream):
        async for event in stream.events():
            lang = (event.key or b"und").decode("utf-8", "replace")
            try:
                doc = tagged_from_dict(orjson.loads(event.value))
            except Exception as e:  # noqa: BLE001
                log.exception("undecodable tagged message")
                msg = event.message
                await publish(rejected_event(f"tagged-{msg.partition}-{msg.offset}",
                                             DispatchError("internal_error", f"bad tagged message: {e!r}")))
                continue
            threader = threaders.get(lang)
            if threader is None:
                threader = threaders[lang] = StoryThreader(ScopedState(stories, lang + ":"), window=s.window)
            for out in pipeline.thread(doc, threader):
                await publish(out)
            now = time.monotonic()
            if now >= next_expiry.get(lang, 0.0):  # expire within the event, so deletes reach its partition
                next_expiry[lang] = now + s.expire_every_s
                try:
                    n = threader.expire(doc.received_at or datetime.now(timezone.utc))
                    if n:
                        log.info("expired %d state entries for language %s", n, lang)
                except Exception:  # noqa: BLE001
                    log.exception("state expiry failed")

    @app.timer(interval=60.0)
    async def report_counters() -> None:
        log.info("counters %s", counters)

    return app
