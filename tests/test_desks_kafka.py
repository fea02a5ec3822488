"""Desk routing, NINJS input, metrics and health on a real Kafka broker with a real worker (issue 10)."""
from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kafka_harness import Collector, Names, WorkerProcess, create_topics, produce
from streams.cli.main import main
from streams.pipeline import Pipeline
from streams.routing import Router, parse_routes

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parent.parent
LINES = (ROOT / "streams" / "samples" / "dispatches.jsonl").read_bytes().splitlines()
NINJS = Path(__file__).parent / "fixtures" / "ninjs"

R1 = """desks:
  syria:                         # a country desk
    regions: [SY]
  west-asia:                     # a region desk on a UN M49 code
    regions: ["145"]
  rates:                         # a topic desk: economy; interest rate is a narrower topic
    topics: [medtop:20000344]
"""
R2 = """desks:
  syria:
    regions: [PE]                # changed while the worker runs
  west-asia:
    regions: ["145"]
  rates:
    topics: [medtop:20000210]    # agriculture now: the update of a rates story must still reach it
"""
DESKS = ("syria", "west-asia", "rates")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(port: int, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def metric_values(text: str) -> dict[tuple[str, tuple], float]:
    out = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


async def read_topic(bootstrap: str, topic: str) -> list[dict]:
    """Every message of a topic, read to its end by a fresh consumer."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    c = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await c.start()
    try:
        tps = [TopicPartition(topic, p) for p in (c.partitions_for_topic(topic) or await _parts(c, topic))]
        c.assign(tps)
        await c.seek_to_beginning(*tps)
        end = await c.end_offsets(tps)
        out: list[dict] = []
        deadline = time.monotonic() + 30
        async def behind() -> bool:
            for tp in tps:
                if await c.position(tp) < end[tp]:
                    return True
            return False

        while time.monotonic() < deadline and await behind():
            for msgs in (await c.getmany(timeout_ms=500)).values():
                out.extend(json.loads(m.value) for m in msgs)
        return out
    finally:
        await c.stop()


async def _parts(c, topic: str) -> set[int]:
    await c._client.force_metadata_update()
    return c._client.cluster.partitions_for_topic(topic) or set()


async def desk_events(bootstrap: str, topics: dict[str, str], want: dict[str, int], timeout: float = 60) -> dict:
    """The desk topics' events, once each has at least ``want[desk]`` (or after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        got = {d: await read_topic(bootstrap, t) for d, t in topics.items()}
        if all(len(got[d]) >= want[d] for d in topics) or time.monotonic() > deadline:
            return got
        await asyncio.sleep(1.0)


def predict(phases: list[tuple[str, list[bytes]]]) -> dict[str, list[tuple[str, str]]]:
    """What `wirefeed routes test` computes: the offline pipeline and router, routes switched between phases."""
    pipe, router, memory = Pipeline(), None, {}
    out: dict[str, list[tuple[str, str]]] = {d: [] for d in DESKS}
    for routes_text, lines in phases:
        routes = parse_routes(routes_text)
        if router is None:
            router = Router(routes)
        router.set_routes(routes)
        for i, line in enumerate(lines):
            for ev in pipe.process(line, f"p:{i}"):
                for d in router.route(ev, memory):
                    out[d].append((ev["dispatch_id"], ev["kind"]))
    return out


async def test_desks_follow_routes_reloads_and_versions(kafka_bootstrap, tmp_path, capsys):
    names = Names(kafka_bootstrap)
    routes = tmp_path / "routes.yml"
    routes.write_text(R1)
    # what `wirefeed routes test` predicts for the first phase
    phase1 = [LINES[0], LINES[1], LINES[4], LINES[6]]
    (tmp_path / "phase1.jsonl").write_bytes(b"\n".join(phase1) + b"\n")
    assert main(["routes", "test", str(routes), str(tmp_path / "phase1.jsonl"), "--json"]) == 0
    cli = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    predicted_cli = {d: sorted((r["position"], r["kind"]) for r in cli if d in r["desks"]) for d in DESKS}

    port = free_port()
    prefix = f"t{names.suffix}.desk."
    desk_topics = {d: prefix + d for d in DESKS}
    await create_topics(kafka_bootstrap, [names.topic("raw")], settings=names.settings())
    await create_topics(kafka_bootstrap, list(desk_topics.values()), 4)
    collector = await Collector(kafka_bootstrap, {"enriched": names.topic("enriched"),
                                                  "duplicates": names.topic("duplicates"),
                                                  "dead-letter": names.topic("dead-letter")}).start()
    worker = WorkerProcess(names, tmp_path / "w1", extra_env={
        "WIREFEED_ROUTES": str(routes), "WIREFEED_TOPIC_DESK_PREFIX": prefix, "WIREFEED_WEB_PORT": str(port),
        "WIREFEED_STORE": "memory://"})
    statuses: list[int] = []

    def watch_readyz() -> None:  # from the worker's launch: 503 until recovered, then 200
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                code = http(port, "/readyz")[0]
            except OSError:  # the web server is not listening yet
                time.sleep(0.05)
                continue
            statuses.append(code)
            if code == 200:
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=watch_readyz, daemon=True)
    try:
        watcher.start()
        worker.start()
        watcher.join(60)
        assert statuses and statuses[-1] == 200, statuses
        assert 503 in statuses, statuses  # not ready before the group join and the tables' recovery
        assert http(port, "/healthz")[0] == 200

        # phase 1: routes R1
        await produce(kafka_bootstrap, names.topic("raw"), phase1, [b"feed"] * len(phase1))
        await collector.wait_until(lambda ev: len(ev["enriched"]) >= 4)
        desk_ev = await desk_events(kafka_bootstrap, desk_topics, {d: len(predicted_cli[d]) for d in DESKS})
        got1 = {d: sorted(e["dispatch_id"] for e in desk_ev[d]) for d in DESKS}
        positions = {f"phase1.jsonl:{i + 1}": json.loads(line)["id"] for i, line in enumerate(phase1)}
        assert got1 == {d: sorted(positions[p] for p, _ in predicted_cli[d]) for d in DESKS}
        assert got1["syria"] == ["demo-fr-sample"] and got1["rates"] == ["demo-de-1", "demo-en-1"]

        # phase 2: the file changes while the worker runs; the next dispatches follow the new routes
        mark = len(worker.log())
        routes.write_text(R2)
        worker.wait_for("routes loaded", 30, since=mark)
        phase2 = [LINES[2], LINES[5], LINES[7], LINES[8], LINES[9]]
        await produce(kafka_bootstrap, names.topic("raw"), phase2, [b"feed"] * len(phase2))
        await collector.wait_until(lambda ev: len(ev["enriched"]) >= 7 and len(ev["dead-letter"]) >= 1
                                   and len(ev["duplicates"]) >= 1)
        desk_ev = await desk_events(kafka_bootstrap, desk_topics, {"rates": 3, "syria": 2, "west-asia": 0})
        rates = [(e["dispatch_id"], e["kind"]) for e in desk_ev["rates"]]
        assert ("demo-en-2", "update") in rates  # UPDATE 1 follows its original, though rates is agriculture now
        assert "demo-es-1" in [e["dispatch_id"] for e in desk_ev["syria"]]  # Peru, by the new routes

        # phase 3: an invalid file is refused, logged, and the routes in force stay
        mark = len(worker.log())
        routes.write_text("desks:\n  syria: {regions: [XX]}\n")
        worker.wait_for("routes refused, the previous routes stay", 30, since=mark)
        assert "'XX' is neither" in worker.log()[mark:]
        phase3 = [LINES[3]]
        await produce(kafka_bootstrap, names.topic("raw"), phase3, [b"feed"])
        expected = predict([(R1, phase1), (R2, phase2), (R2, phase3)])
        desk_ev = await desk_events(kafka_bootstrap, desk_topics, {d: len(expected[d]) for d in DESKS})
        await collector.wait_until(lambda ev: len(ev["enriched"]) >= 9)
        await collector.poll(2.0)
        got = {d: [(e["dispatch_id"], e["kind"]) for e in desk_ev[d]] for d in DESKS}
        assert {d: sorted(v) for d, v in got.items()} == {d: sorted(v) for d, v in expected.items()}
        # the link event for the earlier Syria story reaches the desks that story went to, syria included
        assert any(e["kind"] == "link" for e in desk_ev["syria"])

        # metrics match what was sent and published
        code, body = http(port, "/metrics")
        assert code == 200
        m = metric_values(body.decode())
        sent = len(phase1) + len(phase2) + len(phase3)
        assert m[("wirefeed_dispatches_in_total", (("topic", names.topic("raw")),))] == sent
        assert m[("wirefeed_latency_seconds_count", ())] == sent
        for label in ("enriched", "duplicates", "dead-letter"):
            published = sum(v for (name, labels), v in m.items() if name == "wirefeed_events_out_total"
                            and dict(labels)["topic"] == names.topic(label))
            assert published == len(collector.events[label]), label
        assert m[("wirefeed_dead_letter_total", (("code", "missing_text"),))] == 1
        for d in DESKS:
            routed = sum(v for (name, labels), v in m.items() if name == "wirefeed_desk_events_total"
                         and dict(labels)["desk"] == d)
            assert routed == len(desk_ev[d]), d
        assert m[("wirefeed_routes_reloads_total", (("status", "refused"),))] == 1
        assert m[("wirefeed_routes_reloads_total", (("status", "loaded"),))] == 2
        assert m[("wirefeed_stage_seconds_count", (("stage", "parse"),))] >= 9
        assert m[("wirefeed_ready", ())] == 1
    finally:
        worker.stop()
        await collector.stop()
    assert "Traceback" not in worker.log()


async def test_ninjs_documents_through_the_worker(kafka_bootstrap, tmp_path):
    names = Names(kafka_bootstrap)
    await create_topics(kafka_bootstrap, [names.topic("raw")], settings=names.settings())
    ninjs_topic = f"t{names.suffix}.ninjs"
    collector = await Collector(kafka_bootstrap, {"enriched": names.topic("enriched"), "ninjs": ninjs_topic,
                                                  "dead-letter": names.topic("dead-letter")}).start()
    worker = WorkerProcess(names, tmp_path / "w1", extra_env={"WIREFEED_TOPIC_NINJS": ninjs_topic,
                                                                "WIREFEED_STORE": "memory://"}).start()
    docs = [(NINJS / n).read_bytes() for n in ("harbour-v1.json", "harbour-v2.json", "harbour-v3-correction.json")]
    shared = ROOT.parent / "shared" / "data" / "ninjs"
    if (shared / "dpa_text.json").exists():
        docs += [(shared / "dpa_text.json").read_bytes(), (shared / "ntb_text.json").read_bytes()]
    try:
        await produce(kafka_bootstrap, names.topic("raw"), docs, [b"agency"] * len(docs))
        await collector.wait_until(lambda ev: len(ev["enriched"]) >= len(docs) and len(ev["ninjs"]) >= len(docs))
        evs = collector.events["enriched"]
        harbour = [e for e in evs if e["dispatch_id"].startswith("urn:newsml:example-agency.org")]
        assert [e["kind"] for e in harbour] == ["new", "update", "correction"]  # one language: in order
        assert len({e["story_id"] for e in harbour}) == 1
        assert harbour[0]["dispatch_id"] == "urn:newsml:example-agency.org:20260312:harbour-strike#1"
        if len(docs) == 5:
            ids = {e["dispatch_id"] for e in evs}
            assert {"urn:newsml:dpa.com:20090101:190510-99-167362#2", "urn:8d19cf88-b3ab-4972-8fec-1207599f2872#6"} < ids
        from jsonschema import Draft202012Validator

        from streams.ninjs import load_schema

        validator = Draft202012Validator(load_schema())
        for doc in collector.events["ninjs"]:
            assert not list(validator.iter_errors(doc))
        harbour_uri = f"urn:wirefeed:story:{harbour[0]['story_id']}"
        assert [d["version"] for d in collector.events["ninjs"] if d["uri"] == harbour_uri] == ["1", "2", "3"]
        assert not collector.events["dead-letter"]
    finally:
        worker.stop()
        await collector.stop()
    assert "Traceback" not in worker.log()


async def test_producer_delivers_to_a_topic_it_knew_before_tracking_any(kafka_bootstrap):
    """The cause of the first-dispatch desk bug (issue 10), with a plain aiokafka producer.

    A producer whose metadata was refreshed while it tracked no topic knows every topic of the
    cluster; a send to one of them does not track it.  The first send to a topic created later
    tracks that one, and the refreshes then cover the tracked topics only: without
    ``track_every_produced_topic`` the first topic drops out of the metadata and its queued batch
    waits for a leader until it expires (20 minutes in Faust), so this send never completes.
    """
    from aiokafka import AIOKafkaProducer

    from streams.worker.metadata import track_every_produced_topic

    assert track_every_produced_topic()
    names = Names(kafka_bootstrap)
    known, late = f"t{names.suffix}.known", f"t{names.suffix}.late"
    await create_topics(kafka_bootstrap, [known], 1)
    p = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all", linger_ms=500)
    await p.start()
    try:
        await p.client.force_metadata_update()  # no topic tracked yet: every topic's metadata (as after Faust's start)
        assert p.client.cluster.partitions_for_topic(known) == {0}
        await create_topics(kafka_bootstrap, [late], 1)  # not in this producer's metadata
        first = await p.send(known, b"known")  # queued, lingering
        second = await p.send(late, b"late")  # tracks `late`: the refreshes narrow to the tracked topics
        done = await asyncio.wait_for(asyncio.gather(first, second), 30)
        assert [(m.topic, m.offset) for m in done] == [(known, 0), (late, 0)]
    finally:
        await p.stop()
