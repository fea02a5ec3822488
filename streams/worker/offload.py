"""The stateless stage in child processes: parsing, tagging and the threading features off the event loop.

The worker's event loop does the Kafka work (fetch, produce, acks, the stateful threading stage) and,
without help, the pipeline's stateless stage too: ~2/3 of its time on the six-language mix, during which
it moves no message.  With ``WIREFEED_PREPARE_PROCESSES=N`` (default 1) that stage runs in N child
processes: the loop hands a raw message over, goes on with the Kafka work of the previous ones, and takes
the result (the internal message, already encoded) in the order the messages came.

- The children run exactly :func:`streams.pipeline.prepare` (the same function as in the loop), so the
  internal message is byte for byte the one the loop would build.
- Order: results are taken in input order (one queue per agent), so a feed's messages reach the tagged
  topic in the order they were read, as without children.
- Nothing is lost: a child that dies (killed, out of memory) fails the results it owed; each of those
  messages is prepared again in the loop, and the pool is started again for the next ones.
- Children are started with ``spawn`` (the worker has threads: ``fork`` is unsafe), warm up (models and
  gazetteer loaded) before the worker says Ready, and leave when their parent is gone.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any

log = logging.getLogger("wirefeed.worker")

__all__ = ["PrepareRunner", "prepare_encoded", "BrokenProcessPool"]


def prepare_encoded(value: Any, position: str | None, max_bytes: int,
                    received_at: datetime | None) -> tuple[str, Any, Any, Any]:
    """``pipeline.prepare`` and the internal message's encoding, as the loop would do them.

    Returns ``("prepared", dispatch_id, language, body bytes)`` or ``("rejected", event, None, None)``.
    Never raises for a bad message (``prepare`` turns it into a rejected event); an encoding error is
    returned as ``("error", dispatch_id, message, None)`` for the caller to route.
    """
    from .. import pipeline

    result = pipeline.prepare(value, position, max_bytes=max_bytes, received_at=received_at)
    if isinstance(result, dict):
        return "rejected", result, None, None
    try:
        body = result.to_bytes()
    except Exception as e:  # noqa: BLE001
        return "error", getattr(result, "dispatch_id", None), f"{type(e).__name__}: {e}", None
    lang = result.language if isinstance(result.language, str) and result.language else "und"
    return "prepared", result.dispatch_id, lang, body


class _StageClock:
    """Stands in for the worker's metrics in a child: collects the stage times of one call, which the
    parent then observes into its own ``wirefeed_stage_seconds`` histogram."""

    def __init__(self) -> None:
        self.times: list[tuple[str, float]] = []
        self._stage = ""

    @property
    def stage(self) -> "_StageClock":
        return self

    def labels(self, stage: str) -> "_StageClock":
        self._stage = stage
        return self

    def observe(self, seconds: float) -> None:
        self.times.append((self._stage, seconds))

    def take(self) -> list[tuple[str, float]]:
        out, self.times = self.times, []
        return out


_clock = _StageClock()


def _child_prepare(value: Any, position: str | None, max_bytes: int,
                   received_at: datetime | None) -> tuple[tuple[str, Any, Any, Any], list[tuple[str, float]]]:
    _clock.take()
    return prepare_encoded(value, position, max_bytes, received_at), _clock.take()


def _child_init(parent: int) -> None:
    """In each child: time the stages, load the data now, and leave when the parent is gone (no orphan)."""
    from ..observability.metrics import instrument_pipeline
    from .warm import warm_up

    warm_up()
    instrument_pipeline(_clock)  # type: ignore[arg-type] - only .stage.labels(x).observe(s) is used

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _ready() -> int:
    return os.getpid()


class PrepareRunner:
    """A pool of ``processes`` children running :func:`prepare_encoded`; asyncio futures for the loop."""

    def __init__(self, processes: int, max_bytes: int) -> None:
        if processes < 1:
            raise ValueError("processes must be at least 1")
        self.processes = processes
        self.max_bytes = max_bytes
        self._pool: ProcessPoolExecutor | None = None
        self.generation = 0  # of the pool: a dead pool is started again once, not once per failed result

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_child_init, initargs=(os.getpid(),))

    def start(self, timeout: float = 300.0) -> float:
        """Start the children and wait until each has warmed up; returns the seconds it took."""
        t0 = time.monotonic()
        self._pool = self._new_pool()
        # one call per child: a child takes its next call only once warm, so n calls start n children
        futures = [self._pool.submit(_ready) for _ in range(self.processes)]
        for f in futures:
            f.result(timeout)
        return time.monotonic() - t0

    def submit(self, value: Any, position: str | None, received_at: datetime | None) -> "asyncio.Future[Any]":
        """``(prepare_encoded's result, [(stage, seconds), ...])`` as an asyncio future (raises
        ``BrokenProcessPool`` if a child died)."""
        pool = self._pool
        if pool is None:
            raise BrokenProcessPool("the prepare pool is not running")
        cf: Future = pool.submit(_child_prepare, value, position, self.max_bytes, received_at)
        return asyncio.wrap_future(cf)

    def restart(self, generation: int) -> None:
        """After a child of pool ``generation`` died: a new pool for the next messages (every result the
        old one owed fails with ``BrokenProcessPool``); nothing if that pool was replaced already."""
        if generation != self.generation:
            return
        old = self._pool
        self._pool = None
        if old is not None:
            old.shutdown(wait=False, cancel_futures=True)
        self.generation += 1
        log.error("a prepare process died; its messages are prepared in the event loop and the pool is "
                  "started again (restart %d)", self.restarts)
        self._pool = self._new_pool()

    @property
    def restarts(self) -> int:
        """Pools started after a death: each restart is a new generation."""
        return self.generation

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def pids(self) -> list[int]:
        pool = self._pool
        return sorted(getattr(pool, "_processes", None) or {}) if pool is not None else []
