"""The local broker runner's pure parts (the broker itself is exercised by every Kafka test)."""
from __future__ import annotations

import base64

from streams.broker.local_kafka import LocalKafka, new_cluster_id


def test_cluster_ids_are_kafka_uuids_that_never_look_like_options():
    ids = [new_cluster_id() for _ in range(5000)]
    assert len(set(ids)) == len(ids)
    for cid in ids:
        assert not cid.startswith("-") and len(cid) == 22
        assert len(base64.urlsafe_b64decode(cid + "==")) == 16


def test_broker_config_is_a_single_kraft_node_on_loopback(tmp_path):
    k = LocalKafka(data_dir=tmp_path, port=0)
    props = dict(line.split("=", 1) for line in k._write_config().read_text().splitlines())
    assert props["process.roles"] == "broker,controller"
    assert props["listeners"].startswith("PLAINTEXT://127.0.0.1:")
    assert props["controller.quorum.voters"] == f"1@127.0.0.1:{k.controller_port}"
    assert k.bootstrap == f"127.0.0.1:{k.port}" and k.port != k.controller_port
    assert props["offsets.topic.replication.factor"] == "1"
