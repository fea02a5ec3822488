"""End to end on a real Apache Kafka broker with real ``wirefeed worker`` processes."""
from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from jsonschema import Draft202012Validator

from kafka_harness import Collector, Names, WorkerProcess, create_topics, produce

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(240)]

SCHEMA = json.loads((Path(__file__).parent.parent / "streams" / "schema" / "event-v1.schema.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA)


def outputs(n: Names) -> dict[str, str]:
    return {"enriched": n.topic("enriched"), "duplicates": n.topic("duplicates"), "dead-letter": n.topic("dead-letter")}


def envelope(i: int, lang: str, text: str) -> bytes:
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc).isoformat()
    return orjson.dumps({"id": f"disp-{i}", "text": text, "language": lang, "received_at": now})


TEMPLATES = {
    "en": "{n} MINERS RESCUED IN REGION {n}\n\n    LONDON, July 14 (Reuters) - Rescue teams brought {n} miners "
          "to the surface in region {n} on Thursday, officials said, {n} hours after the shaft {n} collapsed.\n"
          "    The operator said {n} workers had been underground.\n",
    "fr": "{n} MINEURS SAUVÉS DANS LA RÉGION {n}\n\n    PARIS, 14 juillet (Reuters) - Les secours ont remonté {n} "
          "mineurs dans la région {n} jeudi, a-t-on appris de source officielle, {n} heures après l'effondrement "
          "du puits {n}.\n    L'exploitant a précisé que {n} ouvriers se trouvaient sous terre.\n",
    "de": "{n} BERGLEUTE IN REGION {n} GERETTET\n\n    BERLIN, 14. Juli (Reuters) - Rettungskräfte haben am Donnerstag "
          "{n} Bergleute in der Region {n} geborgen, {n} Stunden nach dem Einsturz von Schacht {n}.\n"
          "    Der Betreiber sagte, {n} Arbeiter seien unter Tage gewesen.\n",
    "es": "{n} MINEROS RESCATADOS EN LA REGIÓN {n}\n\n    MADRID, 14 jul (Reuters) - Los equipos de rescate sacaron a {n} "
          "mineros en la región {n} el jueves, {n} horas después del derrumbe del pozo {n}.\n"
          "    La empresa dijo que {n} trabajadores estaban bajo tierra.\n",
}


@pytest.mark.parametrize("prepare_processes", ["1", "0"])  # the default (a prepare process), and in the loop
async def test_sample_new_duplicate_and_dead_letter(kafka_bootstrap, tmp_path, sample_bytes, prepare_processes):
    names = Names(kafka_bootstrap)
    await create_topics(kafka_bootstrap, [names.topic("raw")], settings=names.settings())
    collector = await Collector(kafka_bootstrap, outputs(names)).start()
    worker = WorkerProcess(names, tmp_path / "w1",
                           extra_env={"WIREFEED_PREPARE_PROCESSES": prepare_processes}).start()
    try:
        await produce(kafka_bootstrap, names.topic("raw"), [sample_bytes], [b"sample"])
        await collector.wait_until(lambda ev: len(ev["enriched"]) >= 1)
        first = collector.events["enriched"][0]
        assert first["kind"] == "new"
        assert first["headline"].startswith("Washington prêt à renforcer sa coopération avec Moscou en Syrie")
        VALIDATOR.validate(first)
        # a raw dispatch has no received_at: the Kafka timestamp stands in, and dates the dateline
        from datetime import datetime, timezone

        year = datetime.now(timezone.utc).year
        assert first["received_at"].startswith(str(year)), first["received_at"]
        assert first["dateline"]["date"] in (f"{year}-07-14", f"{year - 1}-07-14", f"{year + 1}-07-14")

        # The very same bytes again: a duplicate, and no second enriched event.
        await produce(kafka_bootstrap, names.topic("raw"), [sample_bytes], [b"sample"])
        await collector.wait_until(lambda ev: len(ev["duplicates"]) >= 1)
        dup = collector.events["duplicates"][0]
        assert dup["kind"] == "duplicate"
        assert dup["duplicate_of"] == first["dispatch_id"]
        assert dup["story_id"] == first["story_id"]
        VALIDATOR.validate(dup)

        # Invalid bytes go to dead-letter with their error; the worker keeps going.
        other = TEMPLATES["en"].format(n=7).encode()
        await produce(kafka_bootstrap, names.topic("raw"), [b"\x00\xff\xfe\x00binary", b"{not json", other],
                      [b"bad", b"bad2", b"next"])
        await collector.wait_until(lambda ev: len(ev["dead-letter"]) >= 2 and len(ev["enriched"]) >= 2)
        errors = sorted(e["error"]["code"] for e in collector.events["dead-letter"])
        assert errors == ["binary", "invalid_json"]
        for e in collector.events["dead-letter"]:
            VALIDATOR.validate(e)
            assert e["kind"] == "rejected" and e["error"]["message"]
        assert collector.events["enriched"][1]["headline"].startswith("7 MINERS RESCUED")
        await collector.poll(2.0)
        assert len(collector.events["enriched"]) == 2, "the duplicate must not reach the enriched topic"
        assert len(collector.events["duplicates"]) == 1
    finally:
        worker.stop()
        await collector.stop()
    assert "Traceback" not in worker.log()
    started = "prepare process(es)" in worker.log()
    assert started == (prepare_processes != "0"), worker.log()[-2000:]


async def test_two_workers_share_the_work_exactly_once(kafka_bootstrap, tmp_path):
    names = Names(kafka_bootstrap, partitions=4)
    await create_topics(kafka_bootstrap, [names.topic("raw"), names.topic("tagged")], settings=names.settings())
    collector = await Collector(kafka_bootstrap, outputs(names)).start()
    w1 = WorkerProcess(names, tmp_path / "w1", "w1").start()
    w2 = WorkerProcess(names, tmp_path / "w2", "w2").start()
    try:
        # w1 rebalances when w2 joins: wait until it is ready again before producing.
        w1.wait_for("[^Worker]: Ready", 60)
        w1.wait_for("Worker ready", 60, since=len(w1.log()) - 2000 if len(w1.log()) > 2000 else 0)
        values, keys = [], []
        for i in range(40):
            lang = ["en", "fr", "de", "es"][i % 4]
            values.append(envelope(i, lang, TEMPLATES[lang].format(n=1000 + i)))
            keys.append(f"k{i}".encode())
        await produce(kafka_bootstrap, names.topic("raw"), values, keys)
        await collector.wait_until(lambda ev: sum(len(v) for v in ev.values()) >= 40, timeout=90)
        await collector.poll(3.0)
        events = collector.all()
        # at-least-once: a rebalance may redeliver a dispatch, always with the very same event
        ids = {e["dispatch_id"] for e in events}
        assert ids == {f"disp-{i}" for i in range(40)}, "every dispatch"
        # one primary event per dispatch (link events for earlier related stories are extra events,
        # each with its own deterministic id)
        primary = [e for e in events if e["kind"] != "link"]
        by_id: dict[str, set] = {}
        for e in primary:
            by_id.setdefault(e["dispatch_id"], set()).add(e["event_id"])
        assert set(by_id) == ids and all(len(v) == 1 for v in by_id.values()), "one event_id per dispatch"
        assert all(e["kind"] == "new" for e in primary)
        log1, log2 = w1.log(), w2.log()
        assert "-> enriched" in log1 and "-> enriched" in log2, "both workers processed dispatches"
    finally:
        w1.stop()
        w2.stop()
        await collector.stop()


async def test_a_dead_prepare_process_costs_no_message(kafka_bootstrap, tmp_path):
    """kill -9 of a worker's prepare process: the messages it owed and the next ones are all published."""
    import os
    import signal

    names = Names(kafka_bootstrap)
    await create_topics(kafka_bootstrap, [names.topic("raw")], settings=names.settings())
    collector = await Collector(kafka_bootstrap, outputs(names)).start()
    worker = WorkerProcess(names, tmp_path / "w1", extra_env={"WIREFEED_PREPARE_PROCESSES": "1"}).start()
    try:
        def batch(start: int, n: int) -> tuple[list[bytes], list[bytes]]:
            langs = ["en", "fr", "de", "es"]
            return ([envelope(i, langs[i % 4], TEMPLATES[langs[i % 4]].format(n=2000 + i))
                     for i in range(start, start + n)], [b"feed"] * n)

        await produce(kafka_bootstrap, names.topic("raw"), *batch(0, 4))
        await collector.wait_until(lambda ev: len(ev["enriched"]) >= 4, timeout=60)
        with open(f"/proc/{worker.proc.pid}/task/{worker.proc.pid}/children") as f:
            children = [int(c) for c in f.read().split()]
        assert children, "the worker runs a prepare process"
        for c in children:
            os.kill(c, signal.SIGKILL)
        await produce(kafka_bootstrap, names.topic("raw"), *batch(4, 12))

        def primary(ev: dict) -> set[str]:  # link events for related stories come on top: not counted
            return {e["dispatch_id"] for e in ev["enriched"] if e["kind"] != "link"}

        want = {f"disp-{i}" for i in range(16)}
        # the messages after the first failed ones wait for the new prepare process's warm-up
        await collector.wait_until(lambda ev: primary(ev) >= want, timeout=150)
        await collector.poll(2.0)
        assert primary(collector.events) == want
        assert not collector.events["dead-letter"]
        assert "a prepare process died" in worker.log()
    finally:
        worker.stop()
        await collector.stop()
