"""The whole pure pipeline: envelope -> parse -> tag -> thread -> events.

The Faust worker and the offline command both call exactly these functions;
the worker splits them in two agents (``prepare`` is stateless, ``thread`` is
stateful and runs per language partition).
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, MutableMapping

from .envelope import envelope_from_message
from .events import dispatch_id_for, enriched_event, rejected_event
from .model import DispatchError, Envelope, TaggedDispatch
from .ninjs.reader import apply_place_hints
from .parsing import MAX_BYTES, parse
from .regions import tag_regions
from .stories import DEFAULT_WINDOW, StoryThreader
from .topics import tag_topics

log = logging.getLogger(__name__)


def prepare(message: bytes | str | Envelope, position: str | None = None, *,
            max_bytes: int = MAX_BYTES, received_at: datetime | None = None) -> TaggedDispatch | dict[str, Any]:
    """Parse and tag one raw message.  Returns a tagged dispatch, or a rejected event.

    ``received_at`` is used when the envelope does not say when the dispatch was
    received (the worker passes the Kafka message timestamp).

    Never raises: an unexpected exception is turned into a rejected event with
    code ``internal_error`` so that the message still ends somewhere.
    """
    envelope: Envelope | None = message if isinstance(message, Envelope) else None
    raw: bytes | str = message.text if isinstance(message, Envelope) else (message if message is not None else b"")
    try:
        if envelope is None:
            envelope = envelope_from_message(message)  # type: ignore[arg-type]
        dispatch_id = dispatch_id_for(envelope, raw, position)
        if envelope.received_at is None and received_at is not None:
            envelope.received_at = received_at
        parsed = parse(envelope, max_bytes=max_bytes)
        regions = tag_regions(parsed, source=envelope.source)
        if getattr(envelope, "place_hints", None):  # a NINJS document's places
            regions = apply_place_hints(regions, envelope.place_hints, parsed.language)
        topics = tag_topics(parsed, envelope.subjects)
        return TaggedDispatch(dispatch_id=dispatch_id, envelope=envelope, parsed=parsed, regions=regions,
                              topics=topics, received_at=envelope.received_at)
    except DispatchError as e:
        return rejected_event(dispatch_id_for(envelope, raw, position), e, envelope)
    except Exception as e:  # noqa: BLE001 - a bad message must never stop the stream
        log.exception("unexpected error while preparing a dispatch")
        err = DispatchError("internal_error", f"{type(e).__name__}: {e}")
        return rejected_event(dispatch_id_for(envelope, raw, position), err, envelope)


def thread(tagged: TaggedDispatch, threader: StoryThreader) -> list[dict[str, Any]]:
    """Thread a tagged dispatch; return its event first, then any link events for earlier stories."""
    try:
        decision = threader.thread(tagged)
    except Exception as e:  # noqa: BLE001
        log.exception("unexpected error while threading %s", tagged.dispatch_id)
        return [rejected_event(tagged.dispatch_id, DispatchError("internal_error", f"threading: {type(e).__name__}: {e}"),
                               tagged.envelope)]
    return [enriched_event(tagged, decision), *decision.link_events]


class Pipeline:
    """In-process pipeline with in-memory story state (the offline mode)."""

    def __init__(self, state: MutableMapping[str, Any] | None = None, *, window: timedelta = DEFAULT_WINDOW,
                 max_bytes: int = MAX_BYTES) -> None:
        self.threader = StoryThreader({} if state is None else state, window=window)
        self.max_bytes = max_bytes

    def process(self, message: bytes | str | Envelope, position: str | None = None) -> list[dict[str, Any]]:
        prepared = prepare(message, position, max_bytes=self.max_bytes)
        if isinstance(prepared, dict):
            return [prepared]
        return thread(prepared, self.threader)


def route(event: dict[str, Any]) -> str:
    """Which output an event goes to: ``enriched``, ``duplicates`` or ``dead-letter``."""
    kind = event.get("kind")
    if kind == "rejected":
        return "dead-letter"
    if kind == "duplicate" or (kind == "repeat" and event.get("duplicate_of")):
        return "duplicates"
    return "enriched"
