"""The producer keeps the metadata of every topic it sends to (issue 10: the first desk events after a start).

aiokafka (0.12 to 0.14) tracks a set of topics per client and refreshes the metadata of those
topics only, or of *every* topic of the cluster while the set is empty.  ``send`` waits for the
topic's metadata with ``AIOKafkaClient._wait_on_metadata``, which adds the topic to the set only
when the cluster metadata does not know it yet.  So, in a producer whose early refreshes were
made with an empty set (Faust refreshes after declaring its topics, before the worker sends
anything), a topic that already existed is known "by accident" and never tracked.  As soon as
another topic gets tracked (the first send to a topic created after that refresh: a changelog, a
desk topic ...), the refreshes cover the tracked topics only and the untracked topic drops out
of the producer's metadata.  A batch queued for it in that window has no known leader: the
sender refreshes the metadata again and again, never for that topic, and the batch waits until
it expires (Faust's ``producer_request_timeout``, 20 minutes).  In the worker, the message stays
undelivered, its input unacked, and the event missing from its topic: seen on the real broker
as the first dispatch after a start missing its desk topics (``wire.desk.<name>``), or once a
tagged message that never reached its partition.

:func:`track_every_produced_topic` makes ``_wait_on_metadata`` track every topic it is asked
about, so that every later refresh includes it.  A refresh already in flight with the old set
can still drop it once; the sender then sees an unknown leader and refreshes again, this time
with the topic.  Consumers are unaffected: their subscribed or assigned topics are tracked
already (``set_topics``).
"""
from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("wirefeed.worker")


def track_every_produced_topic() -> bool:
    """Install the fix (idempotent); False when this aiokafka has no such internals (nothing done)."""
    try:
        from aiokafka.client import AIOKafkaClient
    except ImportError:  # pragma: no cover
        return False
    original = getattr(AIOKafkaClient, "_wait_on_metadata", None)
    if original is None or not hasattr(AIOKafkaClient, "add_topic"):
        log.warning("aiokafka has no AIOKafkaClient._wait_on_metadata/add_topic: produced topics are not tracked")
        return False
    if getattr(original, "_wirefeed", False):
        return True

    async def _wait_on_metadata(self: Any, topic: str) -> Any:
        tracked = getattr(self, "_topics", None)
        if tracked is not None and topic not in tracked:
            self.add_topic(topic)  # tracked from now on; also asks for a refresh that includes it
        return await original(self, topic)

    _wait_on_metadata._wirefeed = True  # type: ignore[attr-defined]
    AIOKafkaClient._wait_on_metadata = _wait_on_metadata  # type: ignore[method-assign]
    return True
