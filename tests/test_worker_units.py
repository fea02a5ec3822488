"""The worker's shell pieces without a broker: partitioning, guards, delivery tracking, log rate limit."""
from __future__ import annotations

import asyncio
import base64
import logging
from types import SimpleNamespace

import pytest

from streams.config import Settings
from streams.worker import guards
from streams.worker.delivery import InFlight, RateLimit
from streams.worker.partitioning import LanguagePartitions


def test_the_six_languages_never_share_a_partition():
    lp = LanguagePartitions(Settings().language_partitions, Settings().tagged_partitions)
    six = [lp(x) for x in ("en", "fr", "de", "es", "it", "pt")]
    assert len(set(six)) == 6
    assert lp("und") not in six and lp(None) == lp("und") and lp("EN") == lp("en")
    # other languages go to the partitions the list leaves free, the same in every process
    assert lp("nl") == lp("nl") and lp("nl") not in six + [lp("und")]
    # two workers get contiguous halves (0-3, 4-7): each half holds three of the six languages
    assert sorted(p < 4 for p in six) == [False, False, False, True, True, True]


def test_language_partitions_are_validated():
    with pytest.raises(ValueError):
        LanguagePartitions("en=9", 8)
    with pytest.raises(ValueError):
        LanguagePartitions("en:0", 8)
    full = LanguagePartitions("en=0,fr=1", 2)
    assert full("xx") in (0, 1)


def test_rejected_events_never_raise_and_fall_back_to_the_position():
    msg = SimpleNamespace(topic="t.tagged", partition=3, offset=53, key=b"\xff\xfe", value=b"\x00garbage")
    for bad_id in (None, 7, "", {"a": 1}, "x" * 600):
        ev = guards.rejected(bad_id, "invalid_internal", "dispatch_id: not a string", msg=msg, with_raw=True)
        assert ev["dispatch_id"] == "raw-t.tagged/3/53" and ev["kind"] == "rejected"
        assert base64.b64decode(ev["raw"]["value_b64"]) == b"\x00garbage"
        assert ev["raw"]["offset"] == 53 and ev["raw"]["truncated"] is False
    assert guards.rejected("d-1", "too_large", "big")["dispatch_id"] == "d-1"
    assert guards.event_key({"story_id": 5}) == b"5" and guards.event_key(None) == b"-"
    assert guards.encode({"a": object()}).startswith(b'{"a":')


def test_raw_bytes_are_cut_to_fit_the_size_limit():
    msg = SimpleNamespace(topic="raw", partition=0, offset=1, key=None, value=b"x" * 200_000)
    ev = guards.rejected(None, "internal_error", "boom", msg=msg, max_bytes=64 * 1024, with_raw=True)
    assert len(guards.encode(ev)) < 64 * 1024
    assert ev["raw"]["truncated"] is True and ev["raw"]["size"] == 200_000


class FakeEvent:
    def __init__(self):
        self.acked = 0

    def ack(self):
        self.acked += 1


async def test_an_event_is_acked_only_when_everything_it_produced_is_delivered():
    loop = asyncio.get_running_loop()
    inflight = InFlight(2)
    ev = FakeEvent()
    d = await inflight.begin(ev)
    f1, f2 = loop.create_future(), loop.create_future()
    d.track(f1)
    d.track(f2)
    d.seal()
    await asyncio.sleep(0)
    assert ev.acked == 0
    f1.set_result(None)
    await asyncio.sleep(0)
    assert ev.acked == 0, "one of two sends still pending"
    f2.set_result(None)
    await asyncio.sleep(0)
    assert ev.acked == 1 and inflight.count == 0


async def test_a_failed_delivery_holds_the_ack_until_its_retry_is_delivered():
    loop = asyncio.get_running_loop()
    inflight = InFlight(1)
    ev = FakeEvent()
    d = await inflight.begin(ev)
    retry = loop.create_future()

    def on_error(delivery, exc):
        delivery.track(retry)  # a retry is tracked before the failed send is released

    f = loop.create_future()
    d.track(f, on_error)
    d.seal()
    f.set_exception(RuntimeError("broker gone"))
    await asyncio.sleep(0)
    assert ev.acked == 0
    retry.set_result(None)
    await asyncio.sleep(0)
    assert ev.acked == 1


async def test_in_flight_is_bounded():
    inflight = InFlight(1)
    d = await inflight.begin(FakeEvent())
    blocked = asyncio.ensure_future(inflight.begin(FakeEvent()))
    await asyncio.sleep(0.01)
    assert not blocked.done()
    d.seal()  # nothing pending: acked and released at once
    await asyncio.wait_for(blocked, 1)


def test_repeated_warnings_are_rate_limited_per_reason():
    flt = RateLimit(interval=60)

    def rec(msg, level=logging.WARNING, name="faust.transport.producer"):
        return logging.LogRecord(name, level, __file__, 1, msg, (), None)

    assert flt.filter(rec("producer buffer full size %s"))
    assert not any(flt.filter(rec("producer buffer full size %s")) for _ in range(500))
    assert flt.filter(rec("another reason"))
    assert flt.filter(rec("info lines pass", level=logging.INFO))
    flt.last = {k: v - 61 for k, v in flt.last.items()}
    r = rec("producer buffer full size %s")
    assert flt.filter(r) and "500 similar lines suppressed" in r.msg


def test_the_worker_starts_when_the_parent_of_its_data_dir_is_missing(tmp_path):
    from streams.worker.app import create_app

    data = tmp_path / "missing" / "parent" / "state"
    app = create_app(Settings(data_dir=data, store="memory://"))
    assert data.is_dir() and app.conf.datadir == data


def test_the_app_applies_the_one_size_limit_and_the_failover_settings(tmp_path):
    from streams.worker.app import create_app

    s = Settings(data_dir=tmp_path / "d", max_bytes=65536, session_timeout_s=9, heartbeat_interval_s=1.5)
    app = create_app(s)
    assert app.conf.producer_max_request_size == s.kafka_max_bytes == 65536 + 16 * 1024
    assert app.conf.broker_session_timeout == 9 and app.conf.broker_heartbeat_interval == 1.5
    assert app.tables["stories"].partitions == s.tagged_partitions


async def test_a_fetch_gap_is_never_counted_as_processed(tmp_path):
    """faust-streaming marks skipped offsets as acked; the worker's patch reads them again instead,
    from the read offset before the jump (after a seek it is the next offset to read, not a read one),
    once the record past the jump is recorded, and not at all when the partition was reassigned."""
    from faust.transport.consumer import Consumer
    from faust.types import TP

    from streams.worker.app import create_app

    create_app(Settings(data_dir=tmp_path / "d"))
    assert getattr(Consumer._add_gap, "_wirefeed", False)
    from streams.worker.app import held_back
    seeks = []
    tp = TP("raw", 2)

    class Fake:
        def __init__(self):
            self._gap: dict = {}
            self._read_offset = {tp: 134}  # sought to the committed offset 134; the next record read is 142
            self.app = SimpleNamespace(consumer_generation_id=3)

        def assignment(self):
            return {tp}

        async def seek(self, t, offset):
            seeks.append((t, offset))

    fake = Fake()
    await Consumer._add_gap(fake, tp, 135, 142)  # faust's call: read offset + 1 .. the record's offset
    assert held_back(fake) == {tp: (142, 3)}  # records from 142 on wait for the ones under them
    await asyncio.sleep(0.3)
    assert seeks == []  # record 142 not recorded yet: a seek now would be overwritten
    fake._read_offset[tp] = 142
    await asyncio.sleep(0.3)
    assert fake._gap == {} and seeks == [(tp, 134)]
    assert held_back(fake) == {}  # sought: what comes now is read in order

    seeks.clear()
    await Consumer._add_gap(fake, tp, 143, 150)
    fake.app.consumer_generation_id = 4  # a rebalance: the new assignment reads from the committed offset
    fake._read_offset[tp] = 150
    await asyncio.sleep(0.3)
    assert seeks == [] and held_back(fake) == {}  # and nothing stays held back for the new assignment


async def test_records_past_a_jump_are_handed_over_only_after_the_ones_under_it(tmp_path):
    """faust-streaming's own fetch loop (``Consumer._drain_messages``, patched by the worker) on a fake
    consumer: after the seek to the committed offset 35, a stale batch fetched before it (44-46) comes
    first. Handed to the thread agent, 44-46 were threaded before 35-43 (seen in a CI failover run: a
    re-send decided new before its original). They are held back until the partition is sought back, and
    every record reaches the agent once, in order."""
    from faust.transport.consumer import Consumer
    from faust.types import TP

    from streams.worker.app import create_app, held_back

    create_app(Settings(data_dir=tmp_path / "d"))
    tp = TP("tagged", 1)
    delivered: list[int] = []
    seeks: list[int] = []

    def rec(offset, generation=1):
        return tp, SimpleNamespace(tp=tp, topic=tp.topic, partition=tp.partition, offset=offset, key=b"k",
                                   value=b"v", generation_id=generation)

    class Fake:
        consumer_stopped_errors = ()
        should_stop = False

        def __init__(self):
            self._stopped = asyncio.Event()
            self._read_offset = {tp: 35}  # sought to the committed offset 35: the next record to read
            self._commit_every = None
            self._gap: dict = {}
            self.suspend_flow = asyncio.Event()
            self.diag = SimpleNamespace(set_flag=lambda f: None, unset_flag=lambda f: None)
            self.app = SimpleNamespace(consumer_generation_id=1,
                                       topics=SimpleNamespace(acks_enabled_for=lambda topic: True))
            self.position = None  # where the fetcher reads after a seek
            self.callback = self.deliver

        async def deliver(self, message):
            delivered.append(message.offset)

        def assignment(self):
            return {tp}

        async def seek(self, t, offset):
            seeks.append(offset)
            self._read_offset[t] = offset
            self.position = offset

        async def sleep(self, s):
            await asyncio.sleep(s)

        async def wait_first(self, *coros):
            await coros[0]
            for c in coros[1:]:
                c.close()

        async def _add_gap(self, t, offset_from, offset_to):
            await Consumer._add_gap(self, t, offset_from, offset_to)

        async def getmany(self, timeout):
            if not delivered and not seeks and self.position is None:
                for r in (rec(44), rec(45), rec(46)):  # the stale batch, fetched before the seek to 35
                    yield r
                self.position = "stale done"
                return
            for _ in range(100):  # the next fetch: after the rewind's seek
                if seeks:
                    break
                await asyncio.sleep(0.02)
            for offset in range(self.position, 47):
                yield rec(offset)
            self._stopped.set()

    fake = Fake()
    fetcher = SimpleNamespace(_stopped=asyncio.Event())
    await asyncio.wait_for(Consumer._drain_messages(fake, fetcher), 10)
    assert seeks == [35]
    assert delivered == list(range(35, 47))  # each once, in order: nothing threaded before what precedes it
    assert held_back(fake) == {}

    # a record of another generation (the partition was reassigned meanwhile) is never held back
    from streams.worker.app import hold_back_after_gaps

    got = []

    async def cb(message):
        got.append((message.offset, message.generation_id))

    on_message = hold_back_after_gaps(fake, cb)
    held_back(fake)[tp] = (44, 1)
    for offset, generation in [(44, 1), (45, 1), (43, 1), (44, 2), (45, 2)]:
        await on_message(rec(offset, generation)[1])
    assert got == [(43, 1), (44, 2), (45, 2)]


def test_a_commit_never_passes_a_message_read_but_not_acked(tmp_path):
    """Acks come out of order (a message is acked when its outputs are delivered): the committable
    offset stops before the first message still in flight, and before the committed position when
    the message there is not acked yet (faust-streaming's own rule let both pass)."""
    from collections import defaultdict

    from faust.transport.consumer import Consumer
    from faust.types import TP

    from streams.worker.app import create_app

    create_app(Settings(data_dir=tmp_path / "d"))
    assert getattr(Consumer._new_offset, "_wirefeed", False)
    tp, other = TP("tagged", 0), TP("tagged", 1)

    def msg(t, offset, acked, generation=1):
        return SimpleNamespace(tp=t, offset=offset, acked=acked, generation_id=generation)

    def consumer(committed, acked, in_flight):
        c = SimpleNamespace(app=SimpleNamespace(consumer_generation_id=1), _acked=defaultdict(list),
                            _acked_index=defaultdict(set), _committed_offset=defaultdict(lambda: None),
                            _unacked_messages=list(in_flight))
        c._acked[tp] = list(acked)
        c._acked_index[tp] = set(acked)
        c._committed_offset[tp] = committed
        return c

    new_offset = Consumer._new_offset
    # nothing committed yet: 10 in flight, 11 and 12 delivered first -> nothing to commit
    c = consumer(None, [11, 12], [msg(tp, 10, False)])
    assert new_offset(c, tp) is None and c._acked[tp] == [11, 12]
    # committed 10 (the next to read), 10 still in flight, 11 acked: faust committed 12 here
    c = consumer(10, [11], [msg(tp, 10, False)])
    assert new_offset(c, tp) is None
    # 10 and 11 acked, 12 in flight, 13 acked: commit 12, keep 13 for later
    c = consumer(10, [13, 10, 11], [msg(tp, 12, False), msg(other, 5, False)])
    assert new_offset(c, tp) == 12 and c._acked[tp] == [13] and c._acked_index[tp] == {13}
    # in order, nothing in flight: the whole run (committed 0 is a real position)
    c = consumer(0, [0, 1, 2], [msg(tp, 1, True)])
    assert new_offset(c, tp) == 3
    # a message of an earlier generation is read again by this one: it holds nothing
    c = consumer(4, [4, 5], [msg(tp, 3, False, generation=0)])
    assert new_offset(c, tp) == 6


def test_a_committed_offset_never_read_is_read_again(tmp_path, monkeypatch):
    """The fetcher dropped the message at the committed offset (later ones acked, it not in flight):
    after the grace period the partition is read again from it, instead of holding it for ever."""
    from collections import defaultdict

    from faust.transport.consumer import Consumer
    from faust.types import TP

    from streams.worker import app as worker_app

    worker_app.create_app(Settings(data_dir=tmp_path / "d"))
    monkeypatch.setattr(worker_app, "REREAD_AFTER_S", 0.0)
    tp = TP("tagged", 0)
    seeks = []

    async def run():
        async def seek(t, offset):
            seeks.append((t, offset))

        c = SimpleNamespace(app=SimpleNamespace(consumer_generation_id=1), _acked=defaultdict(list),
                            _acked_index=defaultdict(set), _committed_offset=defaultdict(lambda: None),
                            _unacked_messages=[], assignment=lambda: {tp}, seek=seek)
        c._acked[tp], c._acked_index[tp], c._committed_offset[tp] = [21, 22], {21, 22}, 20
        assert Consumer._new_offset(c, tp) is None
        await asyncio.sleep(0.05)
        assert seeks == [(tp, 20)] and c._acked[tp] == [21, 22]
        # in flight: nothing to read again
        seeks.clear()
        c._unacked_messages = [SimpleNamespace(tp=tp, offset=20, acked=False, generation_id=1)]
        assert Consumer._new_offset(c, tp) is None
        await asyncio.sleep(0.05)
        assert seeks == []

    asyncio.run(run())


def test_the_worker_warms_the_pipeline_up_before_it_starts(tmp_path, monkeypatch):
    """The data loading of the first dispatch happens at worker init (before Ready), not on the first message."""
    from streams.worker import app as worker_app

    calls: list[int] = []
    monkeypatch.setattr(worker_app, "warm_up", lambda: calls.append(1) or 0.5)
    app = worker_app.create_app(Settings(data_dir=tmp_path / "d", store="memory://", prepare_processes=0))
    assert calls == []
    app.on_worker_init.send()  # what `faust worker` / `wirefeed worker` sends before starting the services
    assert calls == [1]


def test_with_prepare_processes_the_worker_starts_them_warm_before_it_starts(tmp_path, monkeypatch):
    """The children load the data (before Ready); the loop itself does not (it prepares only if a child died)."""
    from streams.worker import app as worker_app
    from streams.worker.offload import PrepareRunner

    calls: list[str] = []
    monkeypatch.setattr(worker_app, "warm_up", lambda: calls.append("loop") or 0.5)
    monkeypatch.setattr(PrepareRunner, "start", lambda self, timeout=300.0: calls.append(f"x{self.processes}") or 2.0)
    app = worker_app.create_app(Settings(data_dir=tmp_path / "d", store="memory://", prepare_processes=2))
    assert calls == []
    app.on_worker_init.send()
    assert calls == ["x2"]


def test_warm_up_runs_the_samples_and_never_raises(monkeypatch, caplog):
    from streams import pipeline
    from streams.worker.app import warm_up

    seen: list[str] = []
    real = pipeline.Pipeline.process
    monkeypatch.setattr(pipeline.Pipeline, "process",
                        lambda self, m, pos=None: seen.append(pos) or real(self, m, pos))
    assert warm_up() > 0
    assert len(seen) >= 6 and set(seen) == {"warm-up"}  # the bundled samples, one per language at least

    # the language model too, even when every sample is clear from its function words
    from streams.parsing import language

    loads: list[int] = []
    monkeypatch.setattr(language, "load", lambda: loads.append(1))
    monkeypatch.setattr(language, "clear_language", lambda sample: "en")
    assert warm_up() > 0 and loads == [1]

    def boom(self, m, pos=None):
        raise RuntimeError("broken sample")

    monkeypatch.setattr(pipeline.Pipeline, "process", boom)
    with caplog.at_level(logging.ERROR, logger="wirefeed.worker"):
        assert warm_up() >= 0
    assert "warm-up failed" in caplog.text


def test_a_changelog_unknown_to_the_metadata_does_not_fail_table_writes():
    """0 partitions (metadata not refreshed yet after start-up) is not a mismatch: checked again at the next
    write; a real mismatch still raises."""
    from faust.exceptions import PartitionsMismatch

    from streams.worker.app import TrackedTable

    counts = {"src": 8, "chg": 0}
    table = SimpleNamespace(
        changelog_topic_name="chg", name="stories", _verified_source_topics_for_partitions=set(),
        app=SimpleNamespace(consumer=SimpleNamespace(topic_partitions=lambda t: counts[t])))
    TrackedTable._verify_source_topic_partitions(table, "src")
    assert table._verified_source_topics_for_partitions == set()  # not verified yet: checked next time
    counts["chg"] = 8
    TrackedTable._verify_source_topic_partitions(table, "src")
    assert table._verified_source_topics_for_partitions == {"src"}
    table._verified_source_topics_for_partitions.clear()
    counts["chg"] = 4
    with pytest.raises(PartitionsMismatch):
        TrackedTable._verify_source_topic_partitions(table, "src")
