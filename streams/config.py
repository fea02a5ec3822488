"""Configuration from environment variables, with defaults that run on a laptop.

Every setting has a ``WIREFEED_*`` variable (Kafka's address is the standard
``KAFKA_BOOTSTRAP_SERVERS``).  ``wirefeed config`` prints the effective values.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from datetime import timedelta
from pathlib import Path
from typing import ClassVar


KAFKA_FRAMING_BYTES = 16 * 1024  # key, headers and record-batch overhead on top of WIREFEED_MAX_BYTES


@dataclass(frozen=True)
class Settings:
    bootstrap_servers: str = "127.0.0.1:9092"
    app_id: str = "wirefeed"
    topic_raw: str = "wire.dispatches.raw"
    topic_enriched: str = "wire.dispatches.enriched"
    topic_duplicates: str = "wire.dispatches.duplicates"
    topic_dead_letter: str = "wire.dispatches.dead-letter"
    topic_tagged: str = "wire.dispatches.tagged"
    partitions: int = 4
    store: str = "rocksdb://"
    data_dir: Path = Path("wirefeed-data")
    window_days: float = 7.0
    max_bytes: int = 1 << 20
    log_level: str = "info"
    web_port: int = 0  # 0: Faust's web server off (several workers per host)
    expire_every_s: float = 600.0
    producer_linger_ms: int = 5
    tagged_partitions: int = 8
    language_partitions: str = "en=0,fr=4,de=1,es=5,it=2,pt=6,und=3"
    session_timeout_s: float = 10.0
    heartbeat_interval_s: float = 1.0
    rebalance_timeout_s: float = 15.0
    max_in_flight: int = 500
    log_every_s: float = 30.0
    web_bind: str = "127.0.0.1"  # 0.0.0.0 in the container image
    routes: str = ""  # desk routes file (issue 10); empty: no desks
    topic_desk_prefix: str = "wire.desk."
    topic_ninjs: str = ""  # optional NINJS copy of the enriched topic; empty: off

    ENV: ClassVar[dict[str, str]] = {
        "bootstrap_servers": "KAFKA_BOOTSTRAP_SERVERS",
        "app_id": "WIREFEED_APP_ID",
        "topic_raw": "WIREFEED_TOPIC_RAW",
        "topic_enriched": "WIREFEED_TOPIC_ENRICHED",
        "topic_duplicates": "WIREFEED_TOPIC_DUPLICATES",
        "topic_dead_letter": "WIREFEED_TOPIC_DEAD_LETTER",
        "topic_tagged": "WIREFEED_TOPIC_TAGGED",
        "partitions": "WIREFEED_PARTITIONS",
        "store": "WIREFEED_STORE",
        "data_dir": "WIREFEED_DATA_DIR",
        "window_days": "WIREFEED_WINDOW_DAYS",
        "max_bytes": "WIREFEED_MAX_BYTES",
        "log_level": "WIREFEED_LOG_LEVEL",
        "web_port": "WIREFEED_WEB_PORT",
        "expire_every_s": "WIREFEED_EXPIRE_EVERY_S",
        "producer_linger_ms": "WIREFEED_PRODUCER_LINGER_MS",
        "tagged_partitions": "WIREFEED_TAGGED_PARTITIONS",
        "language_partitions": "WIREFEED_LANGUAGE_PARTITIONS",
        "session_timeout_s": "WIREFEED_SESSION_TIMEOUT_S",
        "heartbeat_interval_s": "WIREFEED_HEARTBEAT_INTERVAL_S",
        "rebalance_timeout_s": "WIREFEED_REBALANCE_TIMEOUT_S",
        "max_in_flight": "WIREFEED_MAX_IN_FLIGHT",
        "log_every_s": "WIREFEED_LOG_EVERY_S",
        "web_bind": "WIREFEED_WEB_BIND",
        "routes": "WIREFEED_ROUTES",
        "topic_desk_prefix": "WIREFEED_TOPIC_DESK_PREFIX",
        "topic_ninjs": "WIREFEED_TOPIC_NINJS",
    }

    DOC: ClassVar[dict[str, str]] = {
        "bootstrap_servers": "Kafka bootstrap servers (host:port,...)",
        "app_id": "Faust app id = Kafka consumer group; workers with the same id share the work",
        "topic_raw": "input topic: raw dispatches (text bytes or JSON envelopes)",
        "topic_enriched": "output: new / update / correction / repeat / link events",
        "topic_duplicates": "output: duplicates and repeats of stories already published",
        "topic_dead_letter": "output: rejected input, with error code and message",
        "topic_tagged": "internal repartition topic (parsed + tagged, keyed by language)",
        "partitions": "partitions of the topics wirefeed creates",
        "store": "Faust table store: rocksdb:// (durable, default) or memory://",
        "data_dir": "where the worker keeps its RocksDB state",
        "window_days": "how long stories are remembered for duplicate / update detection",
        "max_bytes": "dispatches larger than this are rejected (too_large)",
        "log_level": "debug, info, warning, error",
        "web_port": "Faust web (metrics) port; 0 disables it",
        "expire_every_s": "how often the worker drops state older than the window",
        "producer_linger_ms": "how long the producer waits to batch writes (latency vs throughput)",
        "tagged_partitions": "partitions of the internal tagged topic and of the story table (threading parallelism)",
        "language_partitions": "language=partition of the tagged topic; other languages hash to the unlisted partitions",
        "session_timeout_s": "Kafka consumer session timeout: a killed worker's partitions move after this",
        "heartbeat_interval_s": "Kafka consumer heartbeat interval (at most a third of the session timeout)",
        "rebalance_timeout_s": "how long the group waits for live workers to rejoin during a rebalance",
        "max_in_flight": "messages a worker keeps in flight awaiting delivery before it waits (backpressure)",
        "log_every_s": "repeated warnings (producer buffer, broker outage) are logged once per reason per interval",
        "web_bind": "address of the web server (/metrics, /healthz, /readyz); 0.0.0.0 for all interfaces",
        "routes": "desk routes file (YAML): desks published to <desk prefix><name>, reloaded when it changes",
        "topic_desk_prefix": "prefix of the desk topics",
        "topic_ninjs": "if set, every enriched event is also published there as a NINJS 2.2 document",
    }

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        kw = {}
        for f in fields(cls):
            if f.name in ("ENV", "DOC"):
                continue
            var = cls.ENV.get(f.name)
            if var is None or os.environ.get(var) in (None, ""):
                continue
            raw = os.environ[var]
            default = f.default
            try:
                if isinstance(default, bool):
                    kw[f.name] = raw.lower() in ("1", "true", "yes", "on")
                elif isinstance(default, int):
                    kw[f.name] = int(raw)
                elif isinstance(default, float):
                    kw[f.name] = float(raw)
                elif isinstance(default, Path):
                    kw[f.name] = Path(raw)
                else:
                    kw[f.name] = raw
            except ValueError:
                raise SystemExit(f"error: {var}={raw!r} is not a valid {type(default).__name__}") from None
        kw.update(overrides)
        return cls(**kw)

    @property
    def kafka_max_bytes(self) -> int:
        """The Kafka-level limit (producer request, topic max.message.bytes, broker message.max.bytes):
        WIREFEED_MAX_BYTES for the value plus room for the key, headers and record-batch framing."""
        return self.max_bytes + KAFKA_FRAMING_BYTES

    @property
    def window(self) -> timedelta:
        return timedelta(days=self.window_days)

    def describe(self) -> list[tuple[str, str, str]]:
        return [(self.ENV[k], str(getattr(self, k)), self.DOC[k]) for k in self.ENV]
