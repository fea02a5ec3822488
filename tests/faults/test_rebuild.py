"""Threading after a rebalance, without Kafka: a fresh threader rebuilt from the stored records decides
exactly as the threader that kept its indexes in memory.

The worker drops its threaders at every rebalance and rebuilds their indexes from the table restored from
the changelog (values through JSON).  Here the fault runs' invented dispatches (six languages, templated
stories that get ``related`` follow-ups, exact re-sends) are threaded once without interruption and then
again with the threaders dropped at a few points, several dispatches per second of clock as with broker
time; every event (kind, story, version, duplicate of, related, event id) and every link event must be
the same.
"""
from __future__ import annotations

from datetime import timedelta

import orjson
import pytest

from streams import pipeline
from streams.stories import StoryThreader
from streams.worker.state import ScopedState

from .dispatches import generate


class JsonTable(dict):
    """A table whose values go through JSON, like the changelog and RocksDB."""

    def __setitem__(self, k, v):
        super().__setitem__(k, orjson.dumps(v))

    def __getitem__(self, k):
        return orjson.loads(super().__getitem__(k))

    def get(self, k, default=None):
        v = super().get(k)
        return default if v is None else orjson.loads(v)

    def items(self):
        return [(k, orjson.loads(v)) for k, v in super().items()]


@pytest.fixture(scope="module")
def prepared():
    items = generate(150, resend_ratio=0.15, seed=21, prefix="rb")
    preps = [pipeline.prepare(it.value, f"raw/0/{i}") for i, it in enumerate(items)]
    t0 = pipeline.OfflineClock().now_for(preps[0].received_at)
    return [(p, t0 + timedelta(seconds=i // 6)) for i, p in enumerate(preps)]  # 6 dispatches per second


def _run(prepared, drops: set[int]):
    table, threaders, out = JsonTable(), {}, []
    for i, (p, now) in enumerate(prepared):
        if i in drops:
            threaders.clear()  # a rebalance: fresh threaders rebuild their indexes from the table
        th = threaders.get(p.language)
        if th is None:
            th = threaders[p.language] = StoryThreader(ScopedState(table, p.language + ":"))
        out.append(pipeline.thread(p, th, now))
    return out


def test_rebuilt_indexes_decide_as_the_kept_ones(prepared):
    reference = _run(prepared, set())
    kinds = {ev["kind"] for evs in reference for ev in evs}
    assert {"new", "duplicate", "link"} <= kinds  # the run exercises re-sends and related follow-ups
    assert any(evs[0].get("related") for evs in reference)
    for drops in ({1}, {40}, {75, 76}, {110}, set(range(0, 150, 9))):
        assert _run(prepared, drops) == reference, drops
