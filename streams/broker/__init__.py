"""A real single-node Apache Kafka (KRaft) broker for development, tests and CI.

No Docker needed: the server jars are fetched once from Maven Central with the
machine's ``mvn`` into a cache folder, then run with the machine's Java 17.
"""
from .local_kafka import KAFKA_VERSION, LocalKafka

__all__ = ["KAFKA_VERSION", "LocalKafka"]
