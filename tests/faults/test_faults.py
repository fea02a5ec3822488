"""Fault injection on the real broker: kills, failover, broker bounce, graceful stop, lost state, hostile input.

Each scenario ends with the accounting over the three output topics: every input id present, no id
with two different event_ids, no id on two topics, re-sends still ``duplicate`` after the fault.
Loopback only (the session's local Kafka on 127.0.0.1, or one started here).  Bounded in time:
every wait has a timeout and the module has a global one.

``WIREFEED_FAILOVER_RUNS=10 python -m pytest -m faults tests/faults -k failover`` repeats the failover run.
"""
from __future__ import annotations

import asyncio
import os
import random
import shutil
import time

import orjson
import pytest

from streams.pipeline import prepare

from . import offline
from .dispatches import generate
from .scenario import Run, resends_of, stream_items

pytestmark = [pytest.mark.kafka, pytest.mark.faults, pytest.mark.timeout(420)]

N = int(os.environ.get("WIREFEED_FAULTS_N", "3000"))  # an upper bound: the stream stops when the faults are done
RATE = 6.0  # dispatches/s produced while faults happen (the worker keeps up even on a loaded 2-core machine)
FAILOVER_RUNS = int(os.environ.get("WIREFEED_FAILOVER_RUNS", "1"))


async def _finish(run: Run, items, tag: str) -> dict:
    """Re-sends after the fault, then the accounting."""
    for it in resends_of(items, 8, tag):
        run.inputs[it.id] = it
        run.values[it.id] = it.value
        run.resends[it.id] = it.resend_of
        await run.send(it.value, it.key)
    await run.settle()
    row = run.account()
    run.check(row)
    return row


async def test_kill9_the_only_worker_three_times(kafka_bootstrap, tmp_path):
    run = await Run(kafka_bootstrap, tmp_path, "kill -9 the only worker (x3)").start()
    try:
        items = stream_items("k9", N)
        run.worker("w1", "w1").start()
        producing = asyncio.ensure_future(run.stream(items, RATE))
        for k in range(3):
            await run.outputs_at_least(len(run.collector.first_seen) + 20, timeout=120)
            t = run.kill9(run.workers["w1"])
            run.worker("w1", "w1").start()  # same state folder, like a restarted container
            await run.recover_after(t, f"k9-{k}")
        run.stop_stream()
        await producing
        run.note = "recovery = kill -> restart -> markers on every partition out"
        await _finish(run, items, "k9")
    finally:
        await run.stop()


@pytest.mark.parametrize("attempt", range(FAILOVER_RUNS))
async def test_kill9_during_failover_between_two_workers(kafka_bootstrap, tmp_path, attempt):
    run = await Run(kafka_bootstrap, tmp_path, f"kill -9 one of two workers #{attempt + 1}").start()
    try:
        items = stream_items(f"fo{attempt}", N, seed=attempt + 7)
        run.worker("a").start()
        run.worker("b").start()
        run.workers["a"].wait_for("Worker ready", 60)
        producing = asyncio.ensure_future(run.stream(items, RATE))
        await run.outputs_at_least(30, timeout=120)
        await run.caught_up()  # steady state: the failover time, not the drain of the warm-up backlog
        await asyncio.sleep(random.Random(attempt).uniform(0.0, 1.0))
        victim = "a" if attempt % 2 == 0 else "b"
        t = run.kill9(run.workers[victim])  # mid-stream: in the middle of threading and of sends (6/s)
        await run.recover_after(t, f"fo{attempt}")  # the survivor takes the partitions over
        run.worker(victim + "2", victim).start()  # the victim comes back: a second rebalance
        await run.outputs_at_least(len(run.collector.first_seen) + 20, timeout=120)
        run.stop_stream()
        await producing
        run.note = "recovery = kill -> survivor serves every partition; " + run.phases_note()
        row = await _finish(run, items, f"fo{attempt}")
        # threading decisions across the rebalances against the offline pipeline in the same order
        cmp = offline.compare(run.collector.events, [w.log() for w in run.workers.values()], run.values)
        row["offline_diff"] = len(cmp["differences"])
        row["note"] += (f"; {cmp['compared']} decisions and {cmp['links']} link events compared with the offline "
                        f"pipeline ({cmp['sent_order_diff']} differ from it in the order sent)")
        row["_detail"]["offline"] = cmp["differences"][:10]
        for d in cmp["differences"][:10]:
            print("differs from offline:", d)
    finally:
        await run.stop()


async def test_broker_stop_and_start(tmp_path):
    from streams.broker import LocalKafka

    broker = LocalKafka(data_dir=tmp_path / "kafka", port=0)
    bootstrap = broker.start(timeout=120)
    run = await Run(bootstrap, tmp_path, "broker stop / start").start()
    try:
        items = stream_items("bk", 200)
        run.worker("w1").start()
        await run.stream(items[:100], RATE * 2)
        await run.outputs_at_least(10, timeout=120)
        broker.stop()  # a clean broker stop while the worker is busy
        t_down = time.monotonic()
        await asyncio.sleep(8)
        broker.start(timeout=120)  # same port, same data
        t = time.monotonic()
        await run.recover_after(t, "bk", timeout=180)
        await run.stream(items[100:], RATE * 2)
        run.note = f"outage {t - t_down:.0f} s; recovery = broker up -> markers out"
        row = await _finish(run, items, "bk")
        log = run.workers["w1"].log()
        assert log.count("\n") < 3000, "the outage must not flood the log"
        row["note"] += f"; worker log {log.count(chr(10))} lines"
    finally:
        await run.stop()
        broker.stop()


async def test_graceful_stop_and_state_folder_deleted(kafka_bootstrap, tmp_path):
    run = await Run(kafka_bootstrap, tmp_path, "graceful stop (SIGTERM)").start()
    try:
        items = stream_items("gs", N)
        run.worker("w1", "w1").start()
        producing = asyncio.ensure_future(run.stream(items, RATE))
        await run.outputs_at_least(30, timeout=120)
        t = time.monotonic()
        run.workers["w1"].stop()
        run.worker("w1", "w1").start()
        await run.recover_after(t, "gs")
        run.stop_stream()
        await producing
        await _finish(run, items, "gs")
    finally:
        await run.stop()

    (tmp_path / "del").mkdir()
    run = await Run(kafka_bootstrap, tmp_path / "del", "state folder deleted (kill -9)").start()
    try:
        items = stream_items("sd", N)
        run.worker("w1", "w1").start()
        producing = asyncio.ensure_future(run.stream(items, RATE))
        await run.outputs_at_least(40, timeout=120)
        t = run.kill9(run.workers["w1"])
        shutil.rmtree(run.workers["w1"].data_dir)  # the state comes back from the changelog
        run.worker("w1", "w1").start()
        await run.recover_after(t, "sd")
        run.stop_stream()
        await producing
        run.note = "re-sends of stories seen before the loss are duplicates"
        await _finish(run, items, "sd")
    finally:
        await run.stop()


def _bad_inputs(n: int) -> list[tuple[str | None, bytes]]:
    """(id or None, value): every kind of bad input; None = the id is derived from the bytes and position."""
    out: list[tuple[str | None, bytes]] = []
    kinds = [
        lambda i: (f"bad-{i}", orjson.dumps({"id": f"bad-{i}", "text": 5})),
        lambda i: (f"bad-{i}", orjson.dumps({"id": f"bad-{i}", "text": "X\n\nbody", "language": 7})),
        lambda i: (f"bad-{i}", orjson.dumps({"id": f"bad-{i}", "text": "X\n\nbody", "received_at": [1]})),
        lambda i: (f"bad-{i}", orjson.dumps({"id": f"bad-{i}"})),
        lambda i: (f"bad-{i}", orjson.dumps({"id": f"bad-{i}", "text": "   "})),
        lambda i: (None, b"{not json " + str(i).encode()),
        lambda i: (None, b"\x00\xff\xfe\x00binary" + str(i).encode()),
        lambda i: (None, b""),
    ]
    for i in range(n):
        out.append(kinds[i % len(kinds)](i))
    return out


async def test_hostile_inputs(kafka_bootstrap, tmp_path):
    """Bad-input flood, poison messages in the internal topic, a far-future timestamp: one worker, three rows."""
    run = await Run(kafka_bootstrap, tmp_path, "bad-input flood").start()
    try:
        run.worker("w1").start()
        good = generate(60, resend_ratio=0.0, seed=11, prefix="fl")
        bad = _bad_inputs(400)
        t0 = time.monotonic()
        gi = iter(good)
        for i, (_, value) in enumerate(bad):
            md = await run.send(value, b"bad")
            # the id the pure pipeline gives this input at this position (a refused envelope has no usable id)
            ident = prepare(value, f"{md.topic}/{md.partition}/{md.offset}")["dispatch_id"]
            run.inputs[ident] = None
            run.dead_expected.add(ident)
            if i % 7 == 0:
                it = next(gi, None)
                if it is not None:
                    run.inputs[it.id] = it
                    await run.send(it.value, it.key)
        for it in gi:
            run.inputs[it.id] = it
            await run.send(it.value, it.key)
        # one dispatch over the size limit, with an id: too_large under its own id
        big = orjson.dumps({"id": "fl-too-large", "text": "BIG\n\n" + "word " * 210_500 + "end"})
        assert (1 << 20) < len(big) < run.names.settings().kafka_max_bytes - 200  # Kafka takes it, wirefeed refuses it
        await run.send(big, b"big")
        run.inputs["fl-too-large"] = None
        run.dead_expected.add("fl-too-large")
        run.note = f"{len(bad)} bad + 1 oversize among {len(good)} good"
        await _finish(run, good, "fl")
        codes = {e["dispatch_id"]: e["error"]["code"] for e in run.collector.events["dead-letter"]}
        assert codes["fl-too-large"] == "too_large"
        assert {"invalid_envelope", "missing_text", "invalid_json", "binary", "empty"} <= set(codes.values())
        print(f"flood processed in {time.monotonic() - t0:.1f} s")

        # -- poison messages written straight into the internal tagged topic --
        run.name = "poison in the internal topic"
        run.inputs.clear(); run.resends.clear(); run.dead_expected.clear(); run.recovery.clear()
        for evs in run.collector.events.values():
            evs.clear()
        tagged = run.names.topic("tagged")
        poison = [
            (b"en", b"\x00\x01 not json"),
            (b"en", orjson.dumps({"v": 1, "dispatch_id": 123, "language": "en"})),
            (b"en", orjson.dumps({"v": 1, "dispatch_id": None, "language": "en"})),
            (b"en", orjson.dumps({"v": 1, "dispatch_id": "poison-regions", "language": "en",
                                  "event": {"regions": "XX"}, "threading": {}})),
            (None, orjson.dumps({"v": 99, "dispatch_id": "poison-version"})),
            (b"\xff\xfe", b"{}"),
            (b"en", b"null"),
            (b"en", orjson.dumps([1, 2, 3])),
        ]
        for key, value in poison:
            md = await run.send(value, key, partition=0, topic=tagged)
            try:
                claimed = orjson.loads(value).get("dispatch_id")
            except Exception:  # noqa: BLE001
                claimed = None
            ident = claimed if isinstance(claimed, str) else f"raw-{md.topic}/{md.partition}/{md.offset}"
            run.inputs[ident] = None
            run.dead_expected.add(ident)
        # a valid internal message for the wrong language partition is refused too
        prepared = prepare(good[1].value, "x")
        md = await run.send(prepared.to_bytes(), b"fr", partition=7, topic=tagged)
        run.inputs["poison-partition"] = None  # placeholder replaced below
        del run.inputs["poison-partition"]
        # the same dispatch id is already on enriched: a refusal on dead-letter is expected for it,
        # so check it separately instead of in the accounting
        after = generate(20, resend_ratio=0.0, seed=12, prefix="po")
        for it in after:
            run.inputs[it.id] = it
            await run.send(it.value, it.key)
        run.note = f"{len(poison)} poison messages + 1 on the wrong partition; the worker goes on"
        await _finish(run, after, "po")
        wrong = [e for e in run.collector.events["dead-letter"] if e["dispatch_id"] == good[1].id]
        assert wrong and wrong[0]["error"]["code"] == "invalid_internal", wrong

        # -- a far-future timestamp does not move the clock nor expire the state --
        run.name = "far-future received_at (9999)"
        run.inputs.clear(); run.resends.clear(); run.dead_expected.clear()
        for evs in run.collector.events.values():
            evs.clear()
        base = generate(40, resend_ratio=0.0, seed=13, prefix="ff")
        for it in base:
            run.inputs[it.id] = it
            await run.send(it.value, it.key)
        await run.settle()
        future = orjson.loads(base[0].value)
        future.update(id="ff-9999", received_at="9999-12-31T23:59:59+00:00",
                      text="FAR FUTURE\n\n    LONDON, Dec 31 (Reuters) - A dispatch dated 9999 arrived on Monday.\n")
        await run.send(orjson.dumps(future), b"wire-en")
        run.inputs["ff-9999"] = None
        await run.settle()
        run.note = "re-sends after the 9999 dispatch still duplicates"
        await _finish(run, base, "ff")
        ev = [e for e in run.collector.all() if e["dispatch_id"] == "ff-9999"][0]
        assert ev["received_at"].startswith("9999") and any(
            w.get("code") == "implausible_received_at" for w in ev.get("warnings") or [])
    finally:
        await run.stop()
