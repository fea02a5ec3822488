"""Desk events reach their topics: the worker's producer keeps the metadata of every topic it sends to.

The cause of the first-dispatch desk bug (issue 10), without a broker: an aiokafka client whose
metadata refreshes are answered by a fake broker (every topic when the client tracks none, else
the tracked ones, as Kafka answers a MetadataRequest).  The real-broker version of this check is
``test_desks_kafka.py::test_producer_delivers_to_a_topic_it_knew_before_tracking_any``.
"""
from __future__ import annotations

import asyncio

from aiokafka.client import AIOKafkaClient
from aiokafka.protocol.metadata import MetadataResponse_v1
from aiokafka.structs import TopicPartition

from streams.worker.metadata import track_every_produced_topic

BROKER = (1, "broker", 9092, None)


class FakeBroker:
    def __init__(self, topics: list[str]) -> None:
        self.topics = list(topics)
        self.requests: list[list[str] | None] = []

    async def metadata_update(self, cluster, topics) -> bool:  # AIOKafkaClient._metadata_update
        asked = sorted(topics) if topics else None
        self.requests.append(asked)
        await asyncio.sleep(0)
        answer = [t for t in self.topics if asked is None or t in asked]
        cluster.update_metadata(MetadataResponse_v1(
            brokers=[BROKER], controller_id=1,
            topics=[(0, t, False, [(0, 0, 1, [1], [1])]) for t in answer]))
        return True


async def client_with(broker: FakeBroker) -> AIOKafkaClient:
    client = AIOKafkaClient(bootstrap_servers="broker:9092")
    client._metadata_update = broker.metadata_update
    client._sync_task = asyncio.ensure_future(client._md_synchronizer())
    return client


async def test_a_topic_known_from_an_all_topics_refresh_stays_in_the_metadata_once_sent_to():
    assert track_every_produced_topic()
    broker = FakeBroker(["known"])
    client = await client_with(broker)
    try:
        await client.force_metadata_update()  # no topic tracked: the broker answers with every topic
        assert broker.requests == [None]
        assert await client._wait_on_metadata("known") == {0}  # what AIOKafkaProducer.send awaits first
        broker.topics.append("late")  # created after that refresh
        assert await client._wait_on_metadata("late") == {0}
        await client.force_metadata_update()
        # both topics are asked for from now on: a batch queued for "known" still has its leader
        assert broker.requests[-1] == ["known", "late"]
        assert client.cluster.leader_for_partition(TopicPartition("known", 0)) == 1
        assert client.cluster.leader_for_partition(TopicPartition("late", 0)) == 1
    finally:
        client._sync_task.cancel()


async def test_tracking_is_installed_once_and_keeps_aiokafka_behaviour_for_tracked_topics():
    assert track_every_produced_topic() and track_every_produced_topic()
    assert getattr(AIOKafkaClient._wait_on_metadata, "_wirefeed", False)
    broker = FakeBroker(["a"])
    client = await client_with(broker)
    try:
        assert await client._wait_on_metadata("a") == {0}  # unknown: tracked and fetched, as aiokafka does
        n = len(broker.requests)
        assert await client._wait_on_metadata("a") == {0}  # known and tracked: no new request
        assert len(broker.requests) == n
        assert client._topics == {"a"}
    finally:
        client._sync_task.cancel()
