"""Metrics, health pages and the desk publisher, without a broker (a Faust app object, fakes for Kafka)."""
from __future__ import annotations

import types
from datetime import datetime, timezone
from pathlib import Path

import orjson
import pytest
from prometheus_client.parser import text_string_to_metric_families

from streams.observability import Health, Metrics, count_state, instrument_pipeline, sample_lag, sample_state
from streams.observability.metrics import raw_ts_from, raw_ts_headers


def samples(m: Metrics) -> dict[tuple[str, tuple], float]:
    out = {}
    for fam in text_string_to_metric_families(m.render().decode()):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def test_counters_and_dead_letter_codes():
    m = Metrics()
    m.record_in("raw")
    m.record_in("raw")
    m.record_out("enriched", {"kind": "new", "language": "fr"})
    m.record_out("dead-letter", {"kind": "rejected", "error": {"code": "empty", "message": ""}})
    m.record_desk("france", {"kind": "update"})
    m.record_routes("refused", 3)
    got = samples(m)
    assert got[("wirefeed_dispatches_in_total", (("topic", "raw"),))] == 2
    assert got[("wirefeed_events_out_total", (("kind", "new"), ("language", "fr"), ("topic", "enriched")))] == 1
    assert got[("wirefeed_events_out_total", (("kind", "rejected"), ("language", "und"), ("topic", "dead-letter")))] == 1
    assert got[("wirefeed_dead_letter_total", (("code", "empty"),))] == 1
    assert got[("wirefeed_desk_events_total", (("desk", "france"), ("kind", "update")))] == 1
    assert got[("wirefeed_routes_reloads_total", (("status", "refused"),))] == 1
    assert got[("wirefeed_routes_desks", ())] == 3


def test_latency_from_the_raw_timestamp_header():
    m = Metrics()
    raw = types.SimpleNamespace(timestamp=1000.0)
    headers = raw_ts_headers(raw)
    assert headers == [("wf-raw-ts", b"1000000")]
    internal = types.SimpleNamespace(headers=headers)
    assert raw_ts_from(internal) == 1000.0
    assert raw_ts_from(types.SimpleNamespace(headers={"wf-raw-ts": b"2000"})) == 2.0
    assert raw_ts_from(types.SimpleNamespace(headers=[(b"wf-raw-ts", b"x")])) is None
    assert raw_ts_headers(types.SimpleNamespace(timestamp=None)) == []
    m.record_latency(raw_ts_from(internal), now=1000.3)
    m.record_latency(None)
    got = samples(m)
    assert got[("wirefeed_latency_seconds_count", ())] == 1
    assert got[("wirefeed_latency_seconds_bucket", (("le", "0.25"),))] == 0
    assert got[("wirefeed_latency_seconds_bucket", (("le", "0.5"),))] == 1


def test_stages_are_timed_by_wrapping_the_pipeline_functions():
    calls = []
    mod = types.SimpleNamespace(parse=lambda x: calls.append(x) or x, tag_regions=lambda p: [],
                                tag_topics=lambda p, s=(): [], thread=lambda *a: ["ev"])
    m = Metrics()
    assert instrument_pipeline(m, mod) == ["parse", "regions", "topics", "threading"]
    instrument_pipeline(m, mod)  # idempotent: no double wrapping
    assert mod.parse("a") == "a" and mod.thread(1, 2, 3) == ["ev"] and calls == ["a"]
    got = samples(m)
    assert got[("wirefeed_stage_seconds_count", (("stage", "parse"),))] == 1
    assert got[("wirefeed_stage_seconds_count", (("stage", "threading"),))] == 1
    assert ("wirefeed_stage_seconds_count", (("stage", "regions"),)) not in got  # not called


def test_the_real_pipeline_is_instrumented_offline_too():
    from streams import pipeline

    m = Metrics()
    instrument_pipeline(m)
    pipeline.Pipeline().process(b"Headline of a test story\n\nPARIS, March 3 (Reuters) - A body paragraph here.")
    got = samples(m)
    for stage in ("parse", "regions", "topics", "threading"):
        assert got[("wirefeed_stage_seconds_count", (("stage", stage),))] >= 1


async def test_lag_per_partition():
    class TP(tuple):
        topic = property(lambda self: self[0])
        partition = property(lambda self: self[1])

    class Consumer:
        _committed_offset = {TP(("raw", 0)): 90}  # raw/1 has no commit yet: its position counts

        def assignment(self):
            return {TP(("raw", 0)), TP(("raw", 1)), TP(("other", 0))}

        def highwater(self, tp):
            return {("raw", 0): 100, ("raw", 1): 7}.get(tuple(tp), 50)

        async def position(self, tp):
            return 5

    m = Metrics()
    lag = await sample_lag(m, Consumer(), ["raw"])
    assert lag == {("raw", 0): 10, ("raw", 1): 2}
    assert samples(m)[("wirefeed_consumer_lag", (("partition", "0"), ("topic", "raw")))] == 10


async def test_state_size_per_language():
    keys = ["fr:story:s-1", "fr:dispatch:d-1", "fr:fp:x", "en:story:s-2", "en:story:s-3", "odd", 5]
    assert count_state(keys) == {"fr": (1, 3), "en": (2, 2)}
    m = Metrics()
    await sample_state(m, {k: 1 for k in keys}, chunk=2)
    got = samples(m)
    assert got[("wirefeed_state_stories", (("language", "en"),))] == 2
    assert got[("wirefeed_state_keys", (("language", "fr"),))] == 3


def test_readiness_needs_assignment_recovery_and_no_rebalance():
    import asyncio

    completed = asyncio.Event()
    app = types.SimpleNamespace(tables=types.SimpleNamespace(recovery=types.SimpleNamespace(
        completed=completed, in_recovery=False)), rebalancing=False,
        consumer=types.SimpleNamespace(assignment=lambda: {1, 2}))
    h = Health(app)
    assert h.ready()[0] is False
    h.assigned_once = True
    assert h.ready()[0] is False  # tables not recovered yet
    completed.set()
    ok, body = h.ready()
    assert ok and body["assigned"] == 2
    app.rebalancing = True
    assert h.ready()[0] is False
    assert h.alive()[0] is True
    h.last_tick -= 60
    assert h.alive() == (False, h.alive()[1]) and h.alive()[1]["status"] == "stalled"


async def test_pages_on_a_faust_app(tmp_path):
    from streams.config import Settings
    from streams.worker.app import create_app

    app = create_app(Settings(store="memory://", data_dir=tmp_path / "d", web_port=6071))
    views = {path: v for path, v in app.web.views.items()}
    assert {"/healthz", "/readyz", "/metrics"} <= set(views)
    req = types.SimpleNamespace()
    ready = await views["/readyz"].get(req)
    assert ready.status == 503  # not assigned, not recovered
    live = await views["/healthz"].get(req)
    assert live.status == 200
    metrics = await views["/metrics"].get(req)
    assert metrics.status == 200 and b"# TYPE wirefeed_latency_seconds histogram" in metrics.body


# --- the desk publisher ---------------------------------------------------------------------------

class FakeTopic:
    def __init__(self, name):
        self.name = name


class FakeApp:
    def __init__(self):
        self.created = []
        self.tables = types.SimpleNamespace(add=lambda t: t)

    def Table(self, **kw):  # noqa: N802 - Faust's spelling
        t = {}
        return types.SimpleNamespace(data=t, keys=t.keys, get=t.get, __setitem__=t.__setitem__)

    def topic(self, name, **kw):
        return FakeTopic(name)


class DictTable(dict):
    collector = None

    def __init__(self, app=None, **kw):
        super().__init__()


def settings(tmp_path: Path, routes_text: str | None, ninjs: str = ""):
    from streams.config import Settings

    path = ""
    if routes_text is not None:
        (tmp_path / "routes.yml").write_text(routes_text)
        path = str(tmp_path / "routes.yml")
    return Settings(routes=path, ninjs_topic=ninjs)


def event(kind="new", story="s-1", regions=(), version=1):
    return {"kind": kind, "story_id": story, "dispatch_id": f"d-{story}-{version}", "event_id": "e", "version": version,
            "language": "en", "headline": "h", "paragraphs": ["p"], "regions": list(regions), "topics": []}


async def test_publisher_routes_follows_and_reloads(tmp_path, monkeypatch):
    from streams.routing import publisher as pubmod

    ensured = []

    async def fake_ensure(self, names):
        ensured.append(list(names))

    monkeypatch.setattr(pubmod.DeskPublisher, "_ensure", fake_ensure)
    s = settings(tmp_path, "desks:\n  syria: {regions: [SY]}\n  europe: {regions: ['150']}\n", ninjs="t.ninjs")
    m = Metrics()
    pub = pubmod.DeskPublisher(FakeApp(), s, table_cls=DictTable, metrics=m)
    await pub.start()
    assert ensured == [["wire.desk.syria", "wire.desk.europe", "t.ninjs"]]
    sent = []

    async def send(d, topic, key, value):
        sent.append((topic.name, key))

    now = datetime(2026, 3, 1, tzinfo=timezone.utc)
    sy = {"code": "SY", "role": "subject", "score": 0.9}
    assert await pub.publish("d1", event(regions=[sy]), "en", now, send) == ["syria"]
    assert sent == [("wire.desk.syria", b"s-1"), ("t.ninjs", b"s-1")]
    assert dict(pub.table) == {"en:s-1": {"d": ["syria"], "t": int(now.timestamp())}}
    # the update follows the first version, whatever its own regions
    sent.clear()
    fr = {"code": "FR", "role": "subject", "score": 0.9}
    assert await pub.publish("d2", event(kind="update", version=2, regions=[fr]), "en", now, send) == ["syria"]
    assert await pub.publish("d3", event(kind="duplicate"), "en", now, send) == []
    # a bad file is refused and the routes stay; a good one takes effect after its topics exist
    (tmp_path / "routes.yml").write_text("desks:\n  syria: {regions: [XX]}\n")
    await pub.poll()
    assert pub.router.routes.names == ["syria", "europe"]
    (tmp_path / "routes.yml").write_text("desks:\n  france: {regions: [FR]}\n")
    await pub.poll()
    assert pub.router.routes.names == ["france"] and ensured[-1] == ["wire.desk.france", "t.ninjs"]
    assert await pub.publish("d4", event(story="s-2", regions=[fr]), "en", now, send) == ["france"]
    # the desk gets the very message published on the event's own topic (key and bytes given by the worker)
    values = []

    async def send_value(d, topic, key, value):
        values.append((topic.name, key, value))

    assert await pub.publish("d5", event(story="s-3", regions=[fr]), "en", now, send_value, key=b"k-3",
                             value=b"{published}") == ["france"]
    assert values[0] == ("wire.desk.france", b"k-3", b"{published}")
    values.clear()
    await pub.publish("d6", event(story="s-4", regions=[fr]), "en", now, send_value)
    assert values[0][1] == b"s-4" and orjson.loads(values[0][2])["story_id"] == "s-4"
    got = samples(m)
    assert got[("wirefeed_routes_reloads_total", (("status", "refused"),))] == 1
    assert got[("wirefeed_routes_reloads_total", (("status", "loaded"),))] == 2
    assert got[("wirefeed_desk_events_total", (("desk", "syria"), ("kind", "update")))] == 1


async def test_publisher_starts_without_desks_on_a_bad_file(tmp_path, monkeypatch):
    from streams.routing import publisher as pubmod

    async def fake_ensure(self, names):
        pass

    monkeypatch.setattr(pubmod.DeskPublisher, "_ensure", fake_ensure)
    pub = pubmod.DeskPublisher(FakeApp(), settings(tmp_path, "desks: [nope]"), table_cls=DictTable)
    await pub.start()  # logged, not raised
    assert pub.router.routes.desks == ()
    sent = []

    async def send(*a):
        sent.append(a)

    assert await pub.publish("d", event(regions=[{"code": "SY", "role": "subject", "score": 1}]), "en", None,
                             send) == []
    assert sent == []
    off = pubmod.DeskPublisher(FakeApp(), settings(tmp_path, None), table_cls=DictTable)
    assert not off.enabled and off.table is None


@pytest.mark.parametrize("var,value", [("WIREFEED_WEB_BIND", "0.0.0.0"), ("WIREFEED_ROUTES", "/r.yml"),
                                       ("WIREFEED_TOPIC_NINJS", "wire.ninjs")])
def test_settings(monkeypatch, var, value):
    from streams.config import Settings

    monkeypatch.setenv(var, value)
    s = Settings.from_env()
    assert value in {s.web_bind, s.routes, s.ninjs_topic}


# --- deployment: compose monitoring profile, health checks, alert rules -----------------------------

def test_compose_monitoring_profile_health_checks_and_routes():
    import re

    import yaml

    repo = Path(__file__).resolve().parent.parent
    compose = yaml.safe_load((repo / "docker-compose.yml").read_text())
    prom = compose["services"]["prometheus"]
    assert prom["profiles"] == ["monitoring"] and prom["ports"] == ["127.0.0.1:9090:9090"]
    config = yaml.safe_load((repo / "deploy" / "prometheus.yml").read_text())
    targets = config["scrape_configs"][0]["static_configs"][0]["targets"]
    workers = [n for n in compose["services"] if n.startswith("worker")]
    assert sorted(t.split(":")[0] for t in targets) == sorted(workers)
    for name in workers:
        w = compose["services"][name]
        assert "/readyz" in " ".join(w["healthcheck"]["test"])
        mount = next(v for v in w["volumes"] if v.endswith(":/etc/wirefeed/routes.yml:ro"))
        assert w["environment"]["WIREFEED_ROUTES"] == "/etc/wirefeed/routes.yml"
        from streams.routing import load_routes

        assert load_routes(str(repo / mount.split(":")[0])).desks
    docker = (repo / "Dockerfile").read_text()
    assert "HEALTHCHECK" in docker and "/healthz" in docker and "WIREFEED_WEB_BIND=0.0.0.0" in docker
    # every metric the alert rules use exists
    rules = yaml.safe_load((repo / "deploy" / "alerts.yml").read_text())["groups"][0]["rules"]
    assert len(rules) >= 3
    known = {fam.name for fam in text_string_to_metric_families(Metrics().render().decode())}
    for r in rules:
        for name in re.findall(r"\bwirefeed_[a-z_]+", r["expr"]):
            base = re.sub(r"_(total|bucket|count|sum)$", "", name)
            assert base in known, name


def test_web_binds_loopback_unless_told():
    from streams.config import Settings

    assert Settings().web_bind == "127.0.0.1"


def test_garbage_collector_pauses_are_timed_per_generation():
    import gc

    from streams.observability import watch_gc_pauses

    m = Metrics()
    stop = watch_gc_pauses(m)
    try:
        gc.collect(0)
        gc.collect()
    finally:
        stop()
    got = samples(m)
    assert got[("wirefeed_gc_pause_seconds_count", (("generation", "0"),))] >= 1
    assert got[("wirefeed_gc_pause_seconds_count", (("generation", "2"),))] >= 1
    assert m.gc_full[0] >= 1 and m.gc_full[2] > 0
    n = m.gc_full[0]
    gc.collect()
    assert m.gc_full[0] == n  # stopped: no longer counted
