"""Prometheus metrics of the worker (issue 10), served on its web server at ``/metrics``.

One :class:`Metrics` per worker, with its own registry.  The worker calls the ``record_*``
methods where things happen; :func:`instrument_pipeline` times the pipeline stages
without touching the pipeline's code (it wraps the module functions the pipeline calls);
:func:`sample_lag` and :func:`sample_state` refresh the gauges from a timer.

Every metric (the README's "Metrics" table documents them with example alert rules):

=====================================  =========================================================
``wirefeed_dispatches_in_total``       raw messages consumed, per ``topic``
``wirefeed_events_out_total``          events published, per output ``topic``, ``kind``, ``language``
``wirefeed_dead_letter_total``         rejected messages, per error ``code``
``wirefeed_latency_seconds``           histogram: Kafka timestamp of the raw message -> publish of its
                                       event (one observation per dispatch)
``wirefeed_stage_seconds``             histogram per ``stage``: parse, regions, topics, features, threading
``wirefeed_consumer_lag``              messages behind the end of the log, per ``topic`` and ``partition``
                                       (source topics: raw and tagged)
``wirefeed_state_stories``             stories in the threading state, per ``language``
``wirefeed_state_keys``                keys in the story table, per ``language``
``wirefeed_desk_events_total``         events published to desk topics, per ``desk`` and ``kind``
``wirefeed_routes_reloads_total``      routes file loads, per ``status`` (loaded, refused)
``wirefeed_routes_desks``              desks in the routes in force
``wirefeed_ready``                     1 when partitions are assigned and tables recovered
``wirefeed_gc_pause_seconds``          histogram per ``generation``: pauses of Python's garbage collector
                                       (:func:`watch_gc_pauses`)
=====================================  =========================================================
"""
from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterable
from functools import wraps
from typing import Any, Callable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)
GC_BUCKETS = (0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)
STAGE_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
RAW_TS_HEADER = "wf-raw-ts"  # the raw message's Kafka timestamp (ms), carried on the internal message
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        r = self.registry = registry if registry is not None else CollectorRegistry()
        self.dispatches_in = Counter("wirefeed_dispatches_in", "Raw messages consumed", ["topic"], registry=r)
        self.events_out = Counter("wirefeed_events_out", "Events published per output topic, kind and language",
                                  ["topic", "kind", "language"], registry=r)
        self.dead_letter = Counter("wirefeed_dead_letter", "Messages rejected to dead-letter, per error code",
                                   ["code"], registry=r)
        self.latency = Histogram("wirefeed_latency_seconds",
                                 "From the Kafka timestamp of the raw message to the publish of its event",
                                 buckets=LATENCY_BUCKETS, registry=r)
        self.stage = Histogram("wirefeed_stage_seconds", "Time spent per pipeline stage", ["stage"],
                               buckets=STAGE_BUCKETS, registry=r)
        self.lag = Gauge("wirefeed_consumer_lag", "Messages behind the end of the log, per source partition",
                         ["topic", "partition"], registry=r)
        self.state_stories = Gauge("wirefeed_state_stories", "Stories in the threading state", ["language"],
                                   registry=r)
        self.state_keys = Gauge("wirefeed_state_keys", "Keys in the story table", ["language"], registry=r)
        self.desk_events = Counter("wirefeed_desk_events", "Events published to desk topics", ["desk", "kind"],
                                   registry=r)
        self.routes_reloads = Counter("wirefeed_routes_reloads", "Routes file loads", ["status"], registry=r)
        self.routes_desks = Gauge("wirefeed_routes_desks", "Desks in the routes in force", registry=r)
        self.ready = Gauge("wirefeed_ready", "1 when partitions are assigned and tables recovered", registry=r)
        self.gc_pause = Histogram("wirefeed_gc_pause_seconds", "Pauses of the garbage collector, per generation",
                                  ["generation"], buckets=GC_BUCKETS, registry=r)
        self.gc_longest_full = 0.0  # seconds: the histogram has the count and the total, not the longest

    @property
    def gc_full(self) -> tuple[int, float, float]:
        """Full collections (generation 2) so far: count, seconds in all, longest (the counters log line)."""
        labels = {"generation": "2"}
        count = self.registry.get_sample_value("wirefeed_gc_pause_seconds_count", labels) or 0
        total = self.registry.get_sample_value("wirefeed_gc_pause_seconds_sum", labels) or 0.0
        return int(count), total, self.gc_longest_full

    # -- recording ------------------------------------------------------------------------------
    def record_in(self, topic: str) -> None:
        self.dispatches_in.labels(topic).inc()

    def record_out(self, topic: str, event: dict[str, Any]) -> None:
        kind = str(event.get("kind") or "unknown")
        lang = event.get("language")
        self.events_out.labels(topic, kind, lang if isinstance(lang, str) and lang else "und").inc()
        if kind == "rejected":
            err = event.get("error")
            code = err.get("code") if isinstance(err, dict) else None
            self.dead_letter.labels(str(code or "unknown")).inc()

    def record_stages(self, times: Iterable[tuple[str, float]]) -> None:
        """Stage times measured elsewhere (a prepare process, see ``worker/offload.py``)."""
        for stage, seconds in times:
            self.stage.labels(stage).observe(seconds)

    def record_latency(self, raw_ts: float | None, now: float | None = None) -> None:
        """One observation per dispatch: ``raw_ts`` is the raw message's Kafka timestamp (seconds)."""
        if raw_ts is None or raw_ts <= 0:
            return
        self.latency.observe(max(0.0, (time.time() if now is None else now) - raw_ts))

    def record_desk(self, desk: str, event: dict[str, Any]) -> None:
        self.desk_events.labels(desk, str(event.get("kind") or "unknown")).inc()

    def record_routes(self, status: str, desks: int | None = None) -> None:
        self.routes_reloads.labels(status).inc()
        if desks is not None:
            self.routes_desks.set(desks)

    def render(self) -> bytes:
        return generate_latest(self.registry)


def watch_gc_pauses(metrics: Metrics) -> Callable[[], None]:
    """Time every collection of Python's garbage collector into ``wirefeed_gc_pause_seconds``.

    A collection stops everything in the process (the event loop too): a full one over the worker's
    long-lived objects took ~120 ms before they were frozen (:func:`streams.worker.warm.warm_up`), which
    is a latency spike for every dispatch in flight.  Returns the function that stops watching.
    """
    started = [0.0]
    observe = {g: metrics.gc_pause.labels(str(g)).observe for g in range(3)}
    clock = time.perf_counter

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = clock()
            return
        took = clock() - started[0]
        gen = info.get("generation", 2)
        observe[gen](took)
        if gen == 2 and took > metrics.gc_longest_full:
            metrics.gc_longest_full = took

    gc.callbacks.append(on_gc)
    return lambda: gc.callbacks.remove(on_gc) if on_gc in gc.callbacks else None


# ---------------------------------------------------------------------------------------------
# the raw timestamp travels on the internal message as a header

def raw_ts_headers(msg: Any) -> list[tuple[str, bytes]]:
    """Headers for the internal message: the raw message's Kafka timestamp in milliseconds."""
    ts = getattr(msg, "timestamp", None)
    if not isinstance(ts, (int, float)) or ts <= 0:
        return []
    return [(RAW_TS_HEADER, str(int(ts * 1000)).encode())]


def raw_ts_from(msg: Any) -> float | None:
    """The raw timestamp (seconds) carried by an internal message, or None."""
    headers = getattr(msg, "headers", None) or ()
    items: Iterable[Any] = headers.items() if isinstance(headers, dict) else headers
    for item in items:
        try:
            k, v = item
            if (k.decode() if isinstance(k, bytes) else k) == RAW_TS_HEADER:
                return int(v) / 1000.0
        except Exception:  # noqa: BLE001 - a bad header only costs an observation
            continue
    return None


# ---------------------------------------------------------------------------------------------
# per-stage time: wrap the module functions the pipeline calls

_SINK: list[Metrics | None] = [None]
STAGES = {"parse": "parse", "tag_regions": "regions", "tag_topics": "topics", "threading_input": "features",
          "thread": "threading"}


def _timed(fn: Callable[..., Any], stage: str) -> Callable[..., Any]:
    if getattr(fn, "_wirefeed_stage", None):
        return fn

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        m = _SINK[0]
        if m is None:
            return fn(*args, **kwargs)
        # a plain try/finally, not a @contextmanager: re-raising through a generator sets the exception's
        # __traceback__, which a frozen dataclass DispatchError refuses (FrozenInstanceError)
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            m.stage.labels(stage).observe(time.perf_counter() - t)

    wrapper._wirefeed_stage = stage  # type: ignore[attr-defined]
    return wrapper


def instrument_pipeline(metrics: Metrics, module: Any = None) -> list[str]:
    """Time the stages of ``streams.pipeline`` (parse, regions, topics, features, threading) into
    ``metrics``; idempotent.  Returns the stages found."""
    if module is None:
        from .. import pipeline as module
    _SINK[0] = metrics
    found = []
    for name, stage in STAGES.items():
        fn = getattr(module, name, None)
        if callable(fn):
            setattr(module, name, _timed(fn, stage))
            found.append(stage)
    return found


# ---------------------------------------------------------------------------------------------
# gauges sampled from a timer

async def sample_lag(metrics: Metrics, consumer: Any, topics: Iterable[str]) -> dict[tuple[str, int], int]:
    """Lag per assigned partition of ``topics``: the end of the log minus the committed offset
    (or the consumer's position before the first commit)."""
    wanted = set(topics)
    out: dict[tuple[str, int], int] = {}
    committed = getattr(consumer, "_committed_offset", {}) or {}
    for tp in list(consumer.assignment()):
        if tp.topic not in wanted:
            continue
        try:
            hw = consumer.highwater(tp)
        except Exception:  # noqa: BLE001 - not fetched yet
            hw = None
        if hw is None:
            continue
        done = committed.get(tp)
        if done is None:
            try:
                done = await consumer.position(tp)
            except Exception:  # noqa: BLE001
                done = None
        if done is None:
            continue
        lag = max(0, int(hw) - int(done))
        out[(tp.topic, tp.partition)] = lag
        metrics.lag.labels(tp.topic, str(tp.partition)).set(lag)
    return out


def count_state(keys: Iterable[Any]) -> dict[str, tuple[int, int]]:
    """``{language: (stories, keys)}`` from the story table's keys (``<lang>:story:<id>``, ...)."""
    out: dict[str, list[int]] = {}
    for k in keys:
        if not isinstance(k, str) or ":" not in k:
            continue
        lang, rest = k.split(":", 1)
        c = out.setdefault(lang, [0, 0])
        c[1] += 1
        if rest.startswith("story:"):
            c[0] += 1
    return {lang: (c[0], c[1]) for lang, c in out.items()}


async def sample_state(metrics: Metrics, table: Any, chunk: int = 5000) -> dict[str, tuple[int, int]]:
    """Count the story table's keys per language, yielding to the event loop every ``chunk`` keys."""
    keys: list[Any] = []
    n = 0
    for k in table.keys():
        keys.append(k)
        n += 1
        if n % chunk == 0:
            await asyncio.sleep(0)
    counts = count_state(keys)
    for lang, (stories, nkeys) in counts.items():
        metrics.state_stories.labels(lang).set(stories)
        metrics.state_keys.labels(lang).set(nkeys)
    return counts
