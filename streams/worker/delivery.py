"""No commit before delivery, and logs that do not flood.

Faust commits the offset of a message once the agent has *acked* it.  The
worker's agents run on ``stream.noack()`` and ack a message only when the
broker has acknowledged every message it produced: the tagged message (or its
rejected event) for a raw message; the events and every changelog write of the
story table for a tagged message.  A worker killed at any point therefore
leaves the input uncommitted, and the next owner of the partition processes it
again (with the same deterministic ids).

Why not Faust's own mechanisms:

- Faust flushes its producer before a commit (``Consumer._commit_offsets``),
  but the flush returns after a 0.1 s wait on its buffer and ignores failed
  batches, so a commit can pass messages that were never delivered;
- attachments (``stream_publish_on_commit``) hold every output until the next
  commit (latency of a commit interval, and a large burst per commit), and
  still do not cover the table's changelog writes;
- ``processing_guarantee="exactly_once"`` needs one transactional producer per
  partition, aborts on every rebalance and multiplies the produce requests;
  at-least-once with deterministic ``event_id`` is the documented contract.

A failed delivery (after the producer's own retries) is sent again with a
back-off; a message the broker refuses as too large is replaced by a small
``too_large`` rejected event.  A changelog write that fails stops the worker
(its input is uncommitted, so the next owner redoes it from the changelog).
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Callable

log = logging.getLogger("wirefeed.worker")


class Delivery:
    """The messages produced for one input event; acks the event when all are delivered."""

    __slots__ = ("event", "pending", "sealed", "on_done")

    def __init__(self, event: Any, on_done: Callable[["Delivery"], None]) -> None:
        self.event = event
        self.pending = 0
        self.sealed = False
        self.on_done = on_done

    def track(self, fut: Any, on_error: Callable[[Any, BaseException], None] | None = None) -> None:
        self.pending += 1

        def done(f: Any) -> None:
            exc = f.exception() if not f.cancelled() else asyncio.CancelledError()
            if exc is not None and on_error is not None:
                on_error(self, exc)  # the handler tracks a replacement before this one is released
            self.pending -= 1
            self._maybe_finish()

        fut.add_done_callback(done)

    def seal(self) -> None:
        self.sealed = True
        self._maybe_finish()

    def _maybe_finish(self) -> None:
        if self.sealed and self.pending == 0:
            self.sealed = False  # once
            self.on_done(self)


class InFlight:
    """Bounded number of input events awaiting delivery (backpressure on the agent)."""

    def __init__(self, limit: int) -> None:
        self.sem = asyncio.Semaphore(max(1, limit))
        self.count = 0

    async def begin(self, event: Any) -> Delivery:
        await self.sem.acquire()
        self.count += 1
        return Delivery(event, self._finish)

    def _finish(self, d: Delivery) -> None:
        self.count -= 1
        self.sem.release()
        try:
            d.event.ack()
        except Exception:  # noqa: BLE001 - the partition may have been revoked meanwhile
            log.debug("ack failed", exc_info=True)


class RateLimit(logging.Filter):
    """One line per reason (logger + message template) per ``interval`` seconds for warnings and errors.

    Suppressed lines are counted and the next line that passes says how many were dropped.
    """

    def __init__(self, interval: float = 30.0) -> None:
        super().__init__()
        self.interval = interval
        self.last: dict[tuple[str, Any], float] = {}
        self.suppressed: dict[tuple[str, Any], int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        seen = getattr(record, "_wirefeed_rl", None)
        if seen is not None:  # the same record at the logger, then at a handler: decided once
            return seen
        record._wirefeed_rl = ok = self._decide(record)
        return ok

    def _decide(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or self.interval <= 0:
            return True
        key = (record.name, record.msg if isinstance(record.msg, str) else type(record.msg).__name__)
        now = time.monotonic()
        last = self.last.get(key)
        if last is not None and now - last < self.interval:
            self.suppressed[key] = self.suppressed.get(key, 0) + 1
            return False
        self.last[key] = now
        n = self.suppressed.pop(key, 0)
        if n:
            record.msg = f"{record.msg} [{n} similar lines suppressed in the last {self.interval:.0f} s]"
        if len(self.last) > 10_000:  # reasons are templates, so this stays small; never grow without bound
            self.last.clear()
        return True


_INSTALLED: RateLimit | None = None


def install_rate_limit(interval: float) -> RateLimit:
    """Attach one :class:`RateLimit` to every handler of the root logger and to every logger that exists
    (a logger's own filters see the records created on it, whatever handler they reach). Idempotent:
    call it again to cover loggers created since."""
    global _INSTALLED
    flt = _INSTALLED or RateLimit(interval)
    _INSTALLED = flt
    targets: list = list(logging.getLogger().handlers) + [logging.getLogger()]
    for lg in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(lg, logging.Logger):
            targets.append(lg)
            targets.extend(lg.handlers)
    for t in targets:
        if flt not in t.filters:
            t.addFilter(flt)
    return flt
