from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "reuters-fr-2016-07-14-washington-moscou-syrie.txt"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = SHARED / "data" / "reuters21578"


@pytest.fixture(scope="session")
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "reut2-000.sgm").exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Reuters-21578 must be at {CORPUS} in CI")
        pytest.skip("Reuters-21578 is not at ../shared/data/reuters21578 (outside this workplace)")
    return CORPUS


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory) -> str:
    """A real Apache Kafka: KAFKA_BOOTSTRAP_SERVERS, or a local KRaft broker started for the session."""
    given = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if given:
        yield given
        return
    from streams.broker import LocalKafka
    from streams.broker.local_kafka import BrokerError

    if os.environ.get("CI", "").lower() != "true" and (shutil.which("java") is None or shutil.which("mvn") is None):
        pytest.skip("no Java/Maven to run the local Kafka broker (in CI this is a failure)")
    broker = LocalKafka(data_dir=tmp_path_factory.mktemp("kafka"), port=0)
    try:
        bootstrap = broker.start(timeout=120)
    except BrokerError as e:
        pytest.fail(f"the local Kafka broker could not start: {e}")
    os.environ["WIREFEED_TEST_BOOTSTRAP"] = bootstrap
    yield bootstrap
    broker.stop()
