from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from _external import require

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "reuters-fr-2016-07-14-washington-moscou-syrie.txt"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = SHARED / "data" / "reuters21578"


@pytest.fixture(scope="session")
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture(scope="session")
def corpus() -> Path:
    require((CORPUS / "reut2-000.sgm").exists(), f"Reuters-21578 at {CORPUS}")
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

    require(shutil.which("java") is not None and shutil.which("mvn") is not None,
            "Java and Maven (to run the local Kafka broker)")
    broker = LocalKafka(data_dir=tmp_path_factory.mktemp("kafka"), port=0)
    try:
        bootstrap = broker.start(timeout=120)
    except BrokerError as e:
        pytest.fail(f"the local Kafka broker could not start: {e}")
    os.environ["WIREFEED_TEST_BOOTSTRAP"] = bootstrap
    yield bootstrap
    broker.stop()
