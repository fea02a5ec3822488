"""`WIREFEED_LOG_LEVEL=warning wirefeed worker` starts and works on a real Kafka (issue 12)."""
from __future__ import annotations

import pytest

from kafka_harness import Collector, Names, WorkerProcess, create_topics, produce
from streams.cli import supervise

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(240)]


async def test_worker_starts_with_log_level_warning(kafka_bootstrap, tmp_path, sample_bytes, monkeypatch):
    names = Names(kafka_bootstrap)
    await create_topics(kafka_bootstrap, [names.topic("raw")], names.partitions)
    out = {"enriched": names.topic("enriched"), "duplicates": names.topic("duplicates"),
           "dead-letter": names.topic("dead-letter")}
    collector = await Collector(kafka_bootstrap, out).start()
    worker = WorkerProcess(names, tmp_path / "w1", extra_env={"WIREFEED_LOG_LEVEL": "warning",
                                                              "WIREFEED_STORE": "memory://"})
    # At warning level Faust does not log "Ready" (an info line): wait for the worker's output instead.
    monkeypatch.setattr(supervise, "READY", "")
    worker.start()
    try:
        await produce(kafka_bootstrap, names.topic("raw"), [sample_bytes], [b"sample"])
        await collector.wait_until(lambda ev: len(ev["enriched"]) >= 1, timeout=120)
        assert collector.events["enriched"][0]["kind"] == "new"
        assert worker.proc.poll() is None, "the worker is still running"
    finally:
        worker.stop()
        await collector.stop()
    log = worker.log()
    assert "Traceback" not in log and "is not one of" not in log
    assert "[^Worker]: Ready" not in log, "info lines are off at warning level: the level reached Faust"
