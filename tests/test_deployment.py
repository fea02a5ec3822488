"""docker-compose.yml, Dockerfile and configuration, checked without a Docker engine."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from _external import require

from streams.config import Settings

REPO = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())


def test_compose_runs_official_kafka_in_kraft_mode():
    kafka = COMPOSE["services"]["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    env = kafka["environment"]
    assert "broker" in env["KAFKA_PROCESS_ROLES"] and "controller" in env["KAFKA_PROCESS_ROLES"]
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"].startswith("1@kafka:")


def test_compose_has_two_real_workers_in_one_group():
    workers = [s for name, s in COMPOSE["services"].items() if name.startswith("worker")]
    assert len(workers) == 2
    for w in workers:
        assert w["command"] == ["wirefeed", "worker"]
        assert w["build"] == "."
        assert w["environment"]["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
        assert w["environment"]["WIREFEED_APP_ID"] == "wirefeed"
        assert "kafka" in w["depends_on"]
    # each worker keeps its own RocksDB state
    assert len({tuple(w["volumes"]) for w in workers}) == 2


def test_compose_sends_the_bundled_samples():
    sender = COMPOSE["services"]["send-samples"]
    assert "wirefeed send /app/streams/samples" in " ".join(sender["command"])
    assert (REPO / "streams" / "samples" / "dispatches.jsonl").exists()


def test_dockerfile_installs_the_package_and_runs_the_worker():
    text = (REPO / "Dockerfile").read_text()
    assert "pip install ." in text and 'CMD ["wirefeed", "worker"]' in text


def test_docker_compose_accepts_the_file():
    exe = shutil.which("docker-compose")
    require(exe is not None, "docker-compose (.ci/run installs Debian's package)")
    subprocess.run([exe, "-f", str(REPO / "docker-compose.yml"), "config", "-q"], check=True)


def test_settings_from_environment(monkeypatch):
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "broker:29092")
    monkeypatch.setenv("WIREFEED_PARTITIONS", "8")
    monkeypatch.setenv("WIREFEED_WINDOW_DAYS", "2.5")
    s = Settings.from_env()
    assert s.bootstrap_servers == "broker:29092" and s.partitions == 8 and s.window.total_seconds() == 2.5 * 86400
    assert Settings().topic_raw == "wire.dispatches.raw"
    monkeypatch.setenv("WIREFEED_PARTITIONS", "many")
    with pytest.raises(SystemExit):
        Settings.from_env()


def test_compose_publishes_kafka_on_the_loopback_only():
    ports = COMPOSE["services"]["kafka"]["ports"]
    assert ports and all(str(p).startswith("127.0.0.1:") for p in ports)


def test_one_size_limit_in_compose_local_broker_and_settings(tmp_path):
    """WIREFEED_MAX_BYTES + framing = the broker's message.max.bytes, in compose and in the local broker."""
    from streams.broker import LocalKafka

    s = Settings()
    assert s.kafka_max_bytes == s.max_bytes + 16 * 1024
    kafka = COMPOSE["services"]["kafka"]["environment"]
    assert int(kafka["KAFKA_MESSAGE_MAX_BYTES"]) == s.kafka_max_bytes
    workers = [svc for name, svc in COMPOSE["services"].items() if name.startswith("worker")]
    assert all(int(w["environment"]["WIREFEED_MAX_BYTES"]) == s.max_bytes for w in workers)
    broker = LocalKafka(data_dir=tmp_path, port=1, controller_port=2)
    props = dict(line.split("=", 1) for line in broker._write_config().read_text().splitlines())
    assert int(props["message.max.bytes"]) == s.kafka_max_bytes
    assert int(props["group.min.session.timeout.ms"]) <= s.session_timeout_s * 1000
