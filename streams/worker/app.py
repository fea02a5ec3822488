"""The Faust application: two agents around the pure pipeline.

::

    wire.dispatches.raw ──prepare──▶ wire.dispatches.tagged (partition = language, see partitioning.py)
     (stateless: decode, parse, tag,        │  Prepared.to_bytes(), broker timestamps (LogAppendTime)
      threading features)                   ▼
                 │ rejected          thread (stateful, concurrency 1, one StoryThreader per language,
                 ▼                          table "stories" + changelog, clock = broker time)
    wire.dispatches.dead-letter              │            │            │
                                     enriched ◀┘  duplicates ◀┘  dead-letter ◀┘

Every raw message ends in exactly one of enriched, duplicates or dead-letter:

- **no commit before delivery**: both agents read ``stream.noack()`` and ack a
  message (making its offset committable) only when the broker acknowledged
  everything it produced, changelog writes included (:mod:`.delivery`);
- **no agent can crash on a message**: every step from ``stream.events()`` to
  the send is guarded, the fallbacks (:mod:`.guards`) cannot raise, and a
  message that cannot even be described goes to dead-letter with its bytes;
- **the internal topic is validated on read** (``Prepared.from_bytes``) and a
  message on the wrong language partition is refused (``invalid_internal``);
- **broker time** (the Kafka timestamp of the internal message) is the
  threading clock, never a producer-supplied date;
- **one size limit**: WIREFEED_MAX_BYTES for the raw message, the internal
  message and every event; Kafka limits are that plus framing.
"""
from __future__ import annotations

import asyncio
import gc
import logging
import time
from datetime import datetime, timezone
from functools import partial
from typing import Any

import faust

from .. import pipeline
from ..config import Settings
from ..model import DispatchError
from ..observability import install as install_metrics, raw_ts_from, raw_ts_headers
from ..routing.publisher import install_desks
from ..stories import StoryThreader
from . import guards
from ..cli.kafka_tools import topic_config
from .delivery import Delivery, InFlight, install_rate_limit
from .metadata import track_every_produced_topic
from .offload import BrokenProcessPool, PrepareRunner, prepare_encoded
from .partitioning import LanguagePartitions
from .state import THREADER_CACHE_SIZE, ScopedState
from .warm import warm_up

log = logging.getLogger("wirefeed.worker")

EXPIRE_BUDGET_S = 0.005  # longest expiry slice per event
_TOO_LARGE = ("MessageSizeTooLargeError", "RecordTooLargeError", "RecordListTooLargeError")


class TrackedTable(faust.Table):
    """A Faust Table whose changelog writes are tracked by the delivery of the event that made them."""

    collector: Delivery | None = None
    on_changelog_error = None

    def _verify_source_topic_partitions(self, source_topic: str) -> None:
        """Faust's check that the changelog has as many partitions as the source topic, left out (and done
        at the next write) while the consumer's metadata does not know the changelog yet: it then counts 0
        partitions and Faust raised PartitionsMismatch on every table write until the metadata was refreshed,
        minutes later, so that a worker which processed its first message right after start-up sent every
        dispatch to dead-letter as ``internal_error`` (seen in 1 of 5 benchmark runs on a fresh broker).  The
        write itself goes to the event's partition of the changelog, which the producer looks up on its own."""
        if not self.app.consumer.topic_partitions(self.changelog_topic_name):
            return
        faust.Table._verify_source_topic_partitions(self, source_topic)

    def send_changelog(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        fut = super().send_changelog(*args, **kwargs)
        d = self.collector
        if d is not None and fut is not None:
            d.track(fut, self.on_changelog_error)
        return fut


def never_skip_offsets() -> None:
    """Never let Faust count offsets it did not deliver as processed.

    faust-streaming's fetcher treats a jump in the offsets it reads (``offset > read offset + 1``) as a
    gap of a compacted or transactional topic and marks the missing offsets as acked, so the next
    commit passes them.  wirefeed's input topics are neither compacted nor transactional: a jump only
    happens when the fetcher dropped records or delivered a stale one (a record fetched before a
    rebalance, read after the partition was sought to its committed offset), and committing past
    them loses dispatches (seen once in ten failover runs: two raw messages never processed).  Here
    a jump is never counted as processed (:func:`commit_only_delivered` stops the commit before it)
    and the partition is read again from the *read offset* before the jump: after a seek that offset
    is the next one to read, not one already read, so starting one later (``offset_from``) skipped
    it for good.  The seek waits until the fetcher has recorded the record past the jump (else that
    record would set the read offset past the re-read ones, which would then be dropped), and is left
    out when the partition was reassigned meanwhile (a new assignment reads from the committed
    offset anyway).  From the record past the jump on, the partition's records are held back
    (:func:`hold_back_after_gaps`) until the seek, and read again after the re-read ones, in their
    order: handed over, a stale record (from a batch fetched before the seek to the committed
    offset) was threaded before the records under it, and a re-send was decided new before its
    original (seen in a failover test).  At-least-once: what is read twice yields the same event ids.
    """
    from faust.transport.consumer import Consumer

    if getattr(Consumer._add_gap, "_wirefeed", False):
        return
    drain = Consumer._drain_messages

    async def _drain_messages(self: Any, fetcher: Any) -> None:
        if not getattr(self.callback, "_wirefeed", False):
            self.callback = hold_back_after_gaps(self, self.callback)
        try:
            await drain(self, fetcher)
        finally:
            held_back(self).clear()  # a new fetcher starts from sought positions: nothing to hold back

    async def _add_gap(self: Any, tp: Any, offset_from: int, offset_to: int) -> None:
        again = max(0, offset_from - 1)  # faust's read offset before the jump
        gen = self.app.consumer_generation_id
        log.warning("offsets %s-%s of %s/%s were skipped by the fetcher: reading them again from %s",
                    offset_from, offset_to - 1, tp.topic, tp.partition, again)

        held = held_back(self)
        entry = held[tp] = (offset_to, gen)  # from this record on, until the seek (see hold_back_after_gaps)

        async def rewind() -> None:
            deadline = time.monotonic() + 60.0
            try:
                while True:
                    await asyncio.sleep(0.05)
                    if self.app.consumer_generation_id != gen or tp not in self.assignment():
                        return  # reassigned: read from the committed offset, which never passes the jump
                    r = self._read_offset.get(tp)
                    if (r is not None and r >= offset_to) or time.monotonic() > deadline:
                        break  # the record past the jump is recorded: the seek will not be overwritten
                await self.seek(tp, again)
            except Exception:  # noqa: BLE001
                log.exception("could not read %s/%s again from %s", tp.topic, tp.partition, again)
            finally:
                if held.get(tp) is entry:
                    del held[tp]  # sought (or reassigned): what comes now is read in order

        asyncio.ensure_future(rewind())

    _add_gap._wirefeed = True  # type: ignore[attr-defined]
    Consumer._add_gap = _add_gap  # type: ignore[method-assign]
    Consumer._drain_messages = _drain_messages  # type: ignore[method-assign]


def held_back(consumer: Any) -> dict[Any, tuple[int, int]]:
    """Per partition with a jump being read again: (offset of the record past the jump, consumer generation)."""
    held = getattr(consumer, "_wirefeed_held", None)
    if held is None:
        held = consumer._wirefeed_held = {}
    return held


def hold_back_after_gaps(consumer: Any, callback: Any) -> Any:
    """The fetcher's callback, except for the records of a partition from the one past a jump on, until the
    partition is sought back (:func:`never_skip_offsets`): they are read again after the ones under them.

    Not only the record that revealed the jump: the rest of its batch follows it without a jump (45, 46
    after 44) and would be threaded before the records under them too.  Records of another consumer
    generation (the partition was reassigned: it is read from its committed offset) are never held."""
    held = held_back(consumer)

    async def on_message(message: Any) -> Any:
        if held:
            h = held.get(message.tp)
            if h is not None and message.offset >= h[0] and getattr(message, "generation_id", h[1]) == h[1]:
                if message.offset == h[0]:
                    log.info("records of %s/%s from %s on held back: they are read again after the offsets under "
                             "them", message.tp.topic, message.tp.partition, message.offset)
                return None
        return await callback(message)

    on_message._wirefeed = True  # type: ignore[attr-defined]
    return on_message


def read_uncommitted_from_the_start() -> None:
    """After a rebalance, read a partition that has no committed offset from its beginning.

    faust-streaming seeks the assigned partitions to their committed offsets once the tables are
    recovered, but only where one exists and is above 0 (``seek_to_committed``): a partition without
    a commit keeps the fetch position aiokafka gave it at the assignment.  Records fetched between
    the assignment and the end of the recovery are dropped (the partitions are paused meanwhile), so
    that position is already past them: they were never read, and once later records were acked the
    commit passed them.  Seen in a failover run: a raw partition that had only received the markers
    (never committed) was taken over, its six records were fetched during the recovery and dropped,
    and never read while the survivor kept it; and since nothing was committed, the commit rule
    started at the lowest offset read, so a record dropped at the head of a new partition was passed
    by the first commit (seen once: the first dispatch of a raw partition, at a worker's start).
    Here such a partition (changelogs excepted: the recovery positions those) is sought to its first
    offset, which is where ``auto_offset_reset = earliest`` puts a partition without a commit, and
    that offset counts as the committed one, so that :func:`commit_only_delivered` holds the commit
    until it is acked and reads it again if it stays unread.  What is read twice yields the same
    event ids.
    """
    from faust.transport.consumer import Consumer, ensure_TP

    if getattr(Consumer.perform_seek, "_wirefeed", False):
        return

    async def perform_seek(self: Any) -> None:
        # Fetching stays paused on the stream partitions while they are sought: faust-streaming resumes
        # them before this seek and clears its stream buffers right after it, so a record fetched in
        # between (the lookup of the first offsets takes up to ~1.5 s) was read, then thrown away with
        # the buffers, and the next records passed it (seen in 1 of 3 two-worker benchmark runs:
        # the first record of a raw partition dropped, read again only by the re-read guard, 10-40 s
        # later, after hundreds of records read twice).
        paused = [tp for tp in self.assignment() if not self._is_changelog_tp(tp)
                  and tp not in self._paused_partitions]
        self.pause_partitions(paused)
        try:
            committed = await self.seek_to_committed()
            self._read_offset.update({tp: off if off is not None and off >= 0 else None
                                      for tp, off in committed.items()})
            self._committed_offset.update({ensure_TP(tp): off if off else None for tp, off in committed.items()
                                           if off is not None})
            fresh = [ensure_TP(tp) for tp, off in committed.items()
                     if (off is None or off <= 0) and not self._is_changelog_tp(tp)]
            if fresh:
                start = await self.earliest_offsets(*fresh)
                log.info("%d assigned partitions without a committed offset: reading them from their first "
                         "offset", len(fresh))
                for tp in fresh:
                    first = start.get(tp)
                    if first is None:
                        continue
                    await self.seek(tp, first)
                    # the commit starts there: a record never read cannot be passed (commit_only_delivered)
                    self._committed_offset[tp] = first
        finally:
            self.resume_partitions([tp for tp in paused if tp in self.assignment()])

    perform_seek._wirefeed = True  # type: ignore[attr-defined]
    Consumer.perform_seek = perform_seek  # type: ignore[method-assign]


REREAD_AFTER_S = 10.0  # a head offset neither acked nor in flight this long was dropped by the fetcher
_NEVER_READ: dict[tuple[int, Any, int], float] = {}
HELD = {"commits": 0}  # commits held where faust-streaming would have passed an unacked message


async def _seek_quietly(consumer: Any, tp: Any, offset: int) -> None:
    try:
        if tp in consumer.assignment():
            await consumer.seek(tp, offset)
    except Exception:  # noqa: BLE001
        log.exception("could not read %s/%s again from %s", tp.topic, tp.partition, offset)


def commit_only_delivered() -> None:
    """Never commit an offset while a message below it is read but not acked.

    The worker acks a message when the broker acknowledged everything it produced, so acks come
    out of order (up to WIREFEED_MAX_IN_FLIGHT messages in flight; their outputs go to different
    partitions and complete in any order).  faust-streaming's ``Consumer._new_offset`` assumes
    in-order acks: it commits after the first run of consecutive acked offsets, and checks that the
    run starts at the committed offset only loosely (``min(acked) - committed > 1``, so the offset
    *at* the committed position may be skipped, and not at all while nothing was committed yet or
    the committed offset is 0).  With offsets 10 and 11 read, 11 acked first, it committed 12: a
    worker stopped before 10 was delivered lost it (seen as a missing dispatch after a restart).

    Here the committable offset is the end of the run of acked offsets that starts at the
    committed offset (or, before any commit, at the lowest offset read), and never passes the
    lowest offset read on that partition and not acked yet.  Gaps are not counted as acked
    (:func:`never_skip_offsets` reads them again).  A committed offset whose message stays neither
    acked nor in flight while later ones are acked (the fetcher dropped it: a record read before a
    seek set the read offset past it) is read again after ``REREAD_AFTER_S``, so that it cannot
    hold the partition for ever.
    """
    from faust.transport.consumer import Consumer
    from faust.utils.functional import consecutive_numbers

    if getattr(Consumer._new_offset, "_wirefeed", False):
        return

    def _new_offset(self: Any, tp: Any) -> int | None:
        acked = self._acked[tp]
        if not acked:
            return None
        acked.sort()
        committed = self._committed_offset[tp]
        gen = self.app.consumer_generation_id  # messages of an earlier generation are read again
        unacked = [m.offset for m in list(self._unacked_messages)
                   if m.tp == tp and not m.acked and getattr(m, "generation_id", gen) == gen]
        first_unacked = min(unacked) if unacked else None
        batch = next(consecutive_numbers(acked))
        head_missing = committed is not None and acked[0] > committed
        if (head_missing or (first_unacked is not None and first_unacked < batch[-1] + 1)) \
                and not (committed and acked[0] - committed > 1):
            HELD["commits"] += 1  # faust-streaming's own rule would have committed past a message here
            log.debug("commit held on %s/%s: acked %s-%s, committed %s, first unacked %s (faust would commit %s)",
                      tp.topic, tp.partition, batch[0], batch[-1], committed, first_unacked, batch[-1] + 1)
        if head_missing:
            # the message at the committed offset is not acked yet; when it is not in flight either
            # (nothing of this generation read between it and the first acked one), the fetcher
            # dropped it: read the partition again from it after a grace period
            key = (id(self), tp, committed)
            if first_unacked is None or first_unacked >= acked[0]:
                now = time.monotonic()
                since = _NEVER_READ.setdefault(key, now)
                if now - since >= REREAD_AFTER_S:
                    _NEVER_READ.pop(key, None)
                    log.warning("offsets %s-%s of %s/%s were never read (acked from %s on): reading them again",
                                committed, acked[0] - 1, tp.topic, tp.partition, acked[0])
                    asyncio.ensure_future(_seek_quietly(self, tp, committed))
            else:
                _NEVER_READ.pop(key, None)
            if len(_NEVER_READ) > 10_000:
                _NEVER_READ.clear()
            return None
        if first_unacked is not None:
            batch = [o for o in batch if o < first_unacked]  # empty when an earlier message is in flight
            if not batch:
                return None
        acked[: len(batch)] = []
        self._acked_index[tp].difference_update(batch)
        new = batch[-1] + 1
        if committed is not None and new <= committed:
            return None
        return new

    _new_offset._wirefeed = True  # type: ignore[attr-defined]
    Consumer._new_offset = _new_offset  # type: ignore[method-assign]


def broker_time(msg: Any) -> datetime | None:
    """The Kafka timestamp of a message (Faust gives seconds), or None."""
    try:
        ts = msg.timestamp
        if ts is None or ts <= 0:
            return None
        return datetime.fromtimestamp(ts, tz=timezone.utc)
    except Exception:  # noqa: BLE001
        return None


def create_app(settings: Settings | None = None) -> faust.App:
    s = settings or Settings.from_env()
    s.data_dir.mkdir(parents=True, exist_ok=True)  # also when its parent folder does not exist yet
    never_skip_offsets()
    commit_only_delivered()
    read_uncommitted_from_the_start()
    track_every_produced_topic()  # else a batch for a topic dropped from the producer's metadata waits 20 min
    lang_part = LanguagePartitions(s.language_partitions, s.tagged_partitions)
    limit = s.kafka_max_bytes
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
        producer_max_request_size=limit,
        consumer_max_fetch_size=max(4 * 1024 * 1024, 2 * limit),
        # failover: a killed worker stops heartbeating; after the session timeout its partitions move
        broker_session_timeout=s.session_timeout_s,
        broker_heartbeat_interval=s.heartbeat_interval_s,
        broker_rebalance_timeout=s.rebalance_timeout_s,
        broker_request_timeout=max(30.0, s.session_timeout_s + 5.0),
        web_enabled=s.web_port > 0,
        web_port=s.web_port or 6066,
        web_bind=s.web_bind,
        table_cleanup_interval=60.0,
        broker_commit_every=100,
        broker_commit_interval=1.0,
        stream_wait_empty=True,
        key_serializer="raw",
        value_serializer="raw",
        loghandlers=[],
    )
    topic_cfg = topic_config(s)
    raw = app.topic(s.topic_raw, key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw",
                    partitions=s.partitions, config=topic_cfg)
    tagged = app.topic(s.topic_tagged, key_type=bytes, value_type=bytes, key_serializer="raw",
                       value_serializer="raw", partitions=s.tagged_partitions, internal=True,
                       config=topic_config(s, s.topic_tagged))
    outputs = {
        "enriched": app.topic(s.topic_enriched, key_type=bytes, value_type=bytes, partitions=s.partitions,
                              config=topic_cfg),
        "duplicates": app.topic(s.topic_duplicates, key_type=bytes, value_type=bytes, partitions=s.partitions,
                                config=topic_cfg),
        "dead-letter": app.topic(s.topic_dead_letter, key_type=bytes, value_type=bytes, partitions=s.partitions,
                                 config=topic_cfg),
    }
    stories = app.tables.add(TrackedTable(
        app, name="stories", default=None, partitions=s.tagged_partitions, key_type=str, value_type=None,
        help="story-threading state, scoped by language; one language per partition of the tagged topic",
    ))
    metrics = install_metrics(app, source_topics=[s.topic_raw, s.topic_tagged], state_table=stories)
    desks = install_desks(app, s, table_cls=TrackedTable, metrics=metrics)  # wire.desk.<name>, NINJS topic
    counters = {"prepared": 0, "rejected": 0, "enriched": 0, "duplicates": 0, "dead-letter": 0, "resent": 0}
    inflight = InFlight(s.max_in_flight)

    # -- sending with delivery tracking ---------------------------------------------------------
    async def send(d: Delivery, topic: Any, key: bytes | None, value: bytes, partition: int | None = None,
                   headers: Any = None) -> None:
        """Send and track the delivery; retry until the producer takes the message."""
        delay = 0.2
        while True:
            try:
                fut = await topic.send(key=key, value=value, partition=partition, headers=headers)
            except Exception as e:  # noqa: BLE001
                if type(e).__name__ in _TOO_LARGE:
                    raise
                log.warning("send to %s failed (%s), retrying", topic.get_topic_name(), type(e).__name__)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            d.track(fut, partial(on_send_error, topic, key, value, partition, headers))
            return

    def on_send_error(topic: Any, key: bytes | None, value: bytes, partition: int | None, headers: Any,
                      d: Delivery, exc: BaseException) -> None:
        """A delivery failed after the producer's retries: send it again (the input stays unacked meanwhile)."""
        d.pending += 1  # held until the retry is tracked
        counters["resent"] += 1
        log.warning("delivery to %s failed (%s: %s), sending again", topic.get_topic_name(), type(exc).__name__, exc)

        async def again() -> None:
            try:
                await asyncio.sleep(1.0)
                if type(exc).__name__ in _TOO_LARGE and topic is not outputs["dead-letter"]:
                    ev = guards.rejected(None, "too_large", f"the broker refused a {len(value)}-byte message "
                                         f"to {topic.get_topic_name()}: {type(exc).__name__}", msg=d.event.message)
                    await send(d, outputs["dead-letter"], guards.event_key(ev), guards.encode(ev))
                else:
                    await send(d, topic, key, value, partition, headers)
            except Exception:  # noqa: BLE001
                log.exception("could not send again; the input stays uncommitted")
                return  # never release: the input is redone by the next owner of its partition
            d.pending -= 1
            d._maybe_finish()

        asyncio.ensure_future(again())

    def on_changelog_error(d: Delivery, exc: BaseException) -> None:
        d.pending += 1  # never released: this input must not be committed
        log.error("a changelog write failed (%s: %s); stopping the worker so that the input is redone",
                  type(exc).__name__, exc)
        asyncio.ensure_future(app.crash(exc))

    stories.on_changelog_error = on_changelog_error

    async def publish(d: Delivery, event: dict[str, Any], msg: Any = None) -> tuple[dict[str, Any], bytes, bytes]:
        """Send an event to its output; never raises for a bad event (it becomes a rejected one).

        Returns the event published (the rejected one in its place, if it came to that), its key and its bytes."""
        try:
            dest = pipeline.route(event)
            value = guards.encode(event)
            if len(value) > s.max_bytes:
                event = guards.rejected(event.get("dispatch_id"), "too_large",
                                        f"the {event.get('kind')} event is {len(value)} bytes, over "
                                        f"WIREFEED_MAX_BYTES={s.max_bytes}", msg=msg)
                dest, value = "dead-letter", guards.encode(event)
            key = guards.event_key(event)
        except Exception as e:  # noqa: BLE001
            event = guards.rejected(None, "internal_error", f"unpublishable event: {guards.error_text(e)}", msg=msg,
                                    max_bytes=s.max_bytes, with_raw=True)
            dest, key, value = "dead-letter", guards.event_key(event), guards.encode(event)
        try:
            await send(d, outputs[dest], key, value)
        except Exception as e:  # noqa: BLE001 - refused as too large by the producer itself
            event = guards.rejected(event.get("dispatch_id"), "too_large", guards.error_text(e), msg=msg)
            dest, key, value = "dead-letter", guards.event_key(event), guards.encode(event)
            await send(d, outputs[dest], key, value)
        counters[dest] += 1
        metrics.record_out(outputs[dest].get_topic_name(), event)
        if log.isEnabledFor(logging.INFO):
            err = event.get("error")
            log.info("%s %s %s -> %s%s", event.get("kind"), event.get("dispatch_id"), event.get("story_id") or "",
                     dest, f" ({err.get('code')})" if isinstance(err, dict) else "")
        return event, key, value

    async def last_resort(d: Delivery, msg: Any, e: BaseException) -> None:
        """The message could not be handled at all: its bytes go to dead-letter."""
        try:
            log.error("unhandled %s at %s: %s", type(e).__name__, guards.position_of(msg), e, exc_info=e)
            await publish(d, guards.rejected(None, "internal_error", guards.error_text(e), msg=msg,
                                             max_bytes=s.max_bytes, with_raw=True), msg)
        except Exception:  # noqa: BLE001 - nothing more can be done; the input stays uncommitted
            d.pending += 1
            log.exception("could not even dead-letter %s", guards.position_of(msg))

    # -- stage 1: stateless ---------------------------------------------------------------------
    # in WIREFEED_PREPARE_PROCESSES children (offload.py) or, with 0, in the loop; the same function either way
    runner = PrepareRunner(s.prepare_processes, s.max_bytes) if s.prepare_processes > 0 else None

    @app.agent(raw, concurrency=1, sink=None)  # scales with raw partitions and workers; 1 keeps a feed's order
    async def prepare(stream):
        if runner is not None:
            await prepare_in_children(stream)
            return
        async for event in stream.noack().events():
            d = await inflight.begin(event)
            msg = event.message
            metrics.record_in(s.topic_raw)
            try:
                await prepare_done(d, msg, prepare_here(event.value, msg))
            except Exception as e:  # noqa: BLE001
                await last_resort(d, msg, e)
            finally:
                d.seal()

    def prepare_here(value: Any, msg: Any) -> tuple[str, Any, Any, Any]:
        try:
            return prepare_encoded(value, guards.position_of(msg), s.max_bytes, broker_time(msg))
        except Exception as e:  # noqa: BLE001 - prepare() promises not to raise; do not trust it
            return "rejected", guards.rejected(None, "internal_error", guards.error_text(e), msg=msg,
                                               max_bytes=s.max_bytes, with_raw=True), None, None

    async def prepare_in_children(stream: Any) -> None:
        """Hand each raw message to a child as it is read; take the results in input order (a second task),
        so the loop moves the previous messages while the children prepare the next ones."""
        assert runner is not None
        ahead: asyncio.Queue = asyncio.Queue(maxsize=4 * runner.processes + 4)

        async def take_results() -> None:
            while True:
                d, msg, value, generation, fut = await ahead.get()
                try:
                    try:
                        outcome, stages = await fut
                        metrics.record_stages(stages)
                    except BrokenProcessPool:  # the child died: this message is prepared here
                        try:
                            runner.restart(generation)
                        except Exception:  # noqa: BLE001 - the next message tries again; this one goes on
                            log.exception("could not start the prepare processes again")
                        outcome = prepare_here(value, msg)
                    await prepare_done(d, msg, outcome)
                except asyncio.CancelledError:
                    raise  # stopping: the message stays unacked (not sealed), and is redone by the next owner
                except Exception as e:  # noqa: BLE001
                    await last_resort(d, msg, e)
                d.seal()

        taker = asyncio.ensure_future(take_results())
        try:
            async for event in stream.noack().events():
                d = await inflight.begin(event)
                msg = event.message
                metrics.record_in(s.topic_raw)
                generation = runner.generation
                try:
                    fut = runner.submit(event.value, guards.position_of(msg), broker_time(msg))
                except Exception:  # noqa: BLE001 - no pool (it is being started again): a failed future
                    fut = asyncio.get_running_loop().create_future()
                    fut.set_exception(BrokenProcessPool("the prepare pool is not running"))
                await ahead.put((d, msg, event.value, generation, fut))
        finally:
            taker.cancel()

    async def prepare_done(d: Delivery, msg: Any, outcome: tuple[str, Any, Any, Any]) -> None:
        """Send a prepared message to its language's partition, or publish the rejected event."""
        kind, a, b, body = outcome
        if kind == "rejected":
            counters["rejected"] += 1
            await publish(d, a, msg)
            metrics.record_latency(msg.timestamp)
            return
        if kind != "prepared":
            await publish(d, guards.rejected(a, "internal_error", f"could not encode the internal message: {b}",
                                             msg=msg), msg)
            return
        dispatch_id, lang = a, b
        try:
            partition = lang_part(lang)
        except Exception as e:  # noqa: BLE001
            await publish(d, guards.rejected(dispatch_id, "internal_error",
                                             f"could not place the internal message: {guards.error_text(e)}",
                                             msg=msg), msg)
            return
        if len(body) > s.max_bytes:
            await publish(d, guards.rejected(dispatch_id, "too_large",
                                             f"the prepared dispatch is {len(body)} bytes, over "
                                             f"WIREFEED_MAX_BYTES={s.max_bytes}", msg=msg), msg)
            return
        try:
            await send(d, tagged, lang.encode("utf-8", "replace"), body, partition, raw_ts_headers(msg))
        except Exception as e:  # noqa: BLE001 - too large for the producer
            await publish(d, guards.rejected(dispatch_id, "too_large", guards.error_text(e), msg=msg), msg)
            return
        counters["prepared"] += 1

    # -- stage 2: stateful, one partition per language -------------------------------------------
    threaders: dict[str, StoryThreader] = {}  # one per language; dropped on every rebalance
    last_expiry: dict[str, float] = {}

    async def _drop_threaders(*args: Any, **kw: Any) -> None:
        threaders.clear()  # fresh threaders rebuild their in-memory indexes from the recovered table
        last_expiry.clear()

    app.on_partitions_revoked.connect(_drop_threaders)
    app.on_partitions_assigned.connect(_drop_threaders)

    @app.agent(tagged, concurrency=1, sink=None)  # stateful: concurrency 1 (faust-streaming #606)
    async def thread(stream):
        async for event in stream.noack().events():
            d = await inflight.begin(event)
            msg = event.message
            try:
                await thread_one(d, event, msg)
            except Exception as e:  # noqa: BLE001
                stories.collector = None
                await last_resort(d, msg, e)
            finally:
                d.seal()

    async def thread_one(d: Delivery, event: Any, msg: Any) -> None:
        value = event.value
        try:
            if not isinstance(value, (bytes, bytearray)):
                raise DispatchError("invalid_internal", f"value: expected bytes, got {type(value).__name__}")
            prepared = pipeline.Prepared.from_bytes(bytes(value))
            expected = lang_part(prepared.language)
            if expected != msg.partition:
                raise DispatchError("invalid_internal", f"language: {prepared.language!r} belongs to partition "
                                    f"{expected}, not {msg.partition}")
        except Exception as e:  # noqa: BLE001 - DispatchError("invalid_internal") or anything else
            code = e.code if isinstance(e, DispatchError) else "invalid_internal"
            await publish(d, guards.rejected(_claimed_id(value), code, guards.error_text(e), msg=msg,
                                             max_bytes=s.max_bytes, with_raw=True), msg)
            return
        lang = prepared.language
        now = broker_time(msg) or datetime.now(timezone.utc)
        threader = threaders.get(lang)
        if threader is None:
            threader = threaders[lang] = StoryThreader(ScopedState(stories, lang + ":", THREADER_CACHE_SIZE),
                                                       window=s.window, duplicate_window=s.duplicate_window)
        stories.collector = d  # every changelog write below belongs to this message
        try:
            outs = pipeline.thread(prepared, threader, now)
        finally:
            stories.collector = None
        for out in outs:
            published, key, value = await publish(d, out, msg)
            await desks.publish(d, published, lang, now, send, key=key, value=value)
        metrics.record_latency(raw_ts_from(msg))
        # expiry in bounded slices, inside the event so that its deletes reach this language's partition
        mono = time.monotonic()
        if mono - last_expiry.get(lang, 0.0) >= s.expire_every_s:  # a pass: slices until nothing is left
            stories.collector = d
            try:
                n = threader.expire_some(now, EXPIRE_BUDGET_S)
            except Exception:  # noqa: BLE001
                n = 0
                log.exception("state expiry failed for language %s", lang)
            finally:
                stories.collector = None
            last_expiry[lang] = 0.0 if n else mono  # more to expire: another slice after the next event
            if n:
                log.debug("expired %d state records for language %s", n, lang)

    warmed: list[float] = []

    @app.on_worker_init.connect
    def _warm_up(sender: Any = None, **kw: Any) -> None:  # before the worker starts: it says Ready when warm
        if runner is None:
            warmed.append(warm_up())  # logged once logging is set up (below)
        else:  # the children load the data; the loop only prepares when a child died (then it loads it)
            warmed.append(runner.start())
            gc.collect()
            gc.freeze()

    @app.on_before_shutdown.connect
    async def _stop_children(sender: Any = None, **kw: Any) -> None:  # after the streams were emptied
        if runner is not None:
            runner.close()

    @app.task
    async def _quiet_logs() -> None:
        install_rate_limit(s.log_every_s)
        log.info("tagged topic: %d partitions, languages %s", s.tagged_partitions, lang_part.describe())
        if warmed and runner is not None:
            log.info("warm-up: %d prepare process(es) %s started and loaded in %.1f s before start",
                     runner.processes, runner.pids(), warmed[0])
        elif warmed:
            log.info("warm-up: parsers and taggers loaded in %.1f s before start", warmed[0])

    @app.timer(interval=60.0)
    async def report_counters() -> None:
        install_rate_limit(s.log_every_s)  # also on loggers created since the start
        n, total, longest = metrics.gc_full
        log.info("counters %s, in flight %d, commits held before an unacked message %d, full garbage collections "
                 "%d (%.0f ms, longest %.0f ms)", counters, inflight.count, HELD["commits"], n, total * 1000,
                 longest * 1000)

    app.wirefeed_counters = counters  # type: ignore[attr-defined]
    return app


def _claimed_id(value: Any) -> str | None:
    """The dispatch id a (possibly invalid) internal message claims, when it is a plain string."""
    try:
        import orjson

        d = orjson.loads(value)
        v = d.get("dispatch_id") if isinstance(d, dict) else None
        return v if isinstance(v, str) and 0 < len(v) <= 256 else None
    except Exception:  # noqa: BLE001
        return None
