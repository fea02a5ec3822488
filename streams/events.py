"""The published event (contract v1): built from a tagged dispatch and a threading decision.

Identifiers are deterministic: ``dispatch_id`` comes from the envelope's ``id``
or from the raw bytes and their position in the input; ``event_id`` from the
dispatch and the decision.  Reprocessing a message yields the same event, so
subscribers de-duplicate on ``event_id``.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict
from typing import Any

from .model import DispatchError, Envelope, TaggedDispatch, ThreadDecision

SCHEMA = "wirefeed.event/v1"


def _h(*parts: str | bytes | None, size: int = 10) -> str:
    h = hashlib.blake2b(digest_size=size)
    for p in parts:
        if p is None:
            p = b"\x00"
        h.update(p if isinstance(p, bytes) else p.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


def dispatch_id_for(envelope: Envelope | None, raw: bytes | str, position: str | None) -> str:
    """The envelope's id when it has one, else a hash of the raw bytes and their input position."""
    if envelope is not None and envelope.id:
        return envelope.id
    return "d-" + _h(raw, position)


def event_id_for(dispatch_id: str, kind: str, story_id: str | None = None, version: int | None = None,
                 ref: str | None = None) -> str:
    return "e-" + _h(dispatch_id, kind, story_id, str(version) if version is not None else None, ref)


def event_body(t: TaggedDispatch, warnings: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """The event of a tagged dispatch without its thread fields (see :func:`threaded_event`).

    ``warnings``: the pipeline's own (e.g. ``implausible_received_at``), after the parser's.
    """
    p = t.parsed
    return {
        "schema": SCHEMA,
        "dispatch_id": t.dispatch_id,
        "received_at": t.received_at.isoformat() if t.received_at else None,
        "source": t.envelope.source,
        "language": p.language,
        "headline": p.headline,
        "flags": list(p.flags),
        "attribution": p.attribution,
        "advisory": p.advisory,
        "dateline": asdict(p.dateline),
        "paragraphs": list(p.paragraphs),
        "see_also": [{"headline": s.headline, "flags": list(s.flags), "story_id": s.story_id} for s in p.see_also],
        "credits": [asdict(c) for c in p.credits],
        "regions": t.regions,
        "topics": t.topics,
        "warnings": [*p.warnings, *(warnings or [])],
    }


def threaded_event(body: dict[str, Any], d: ThreadDecision) -> dict[str, Any]:
    """The published event: the thread fields of decision ``d`` first, then the body."""
    dispatch_id = body["dispatch_id"]
    ev: dict[str, Any] = {
        "schema": SCHEMA,
        "event_id": event_id_for(dispatch_id, d.kind, d.story_id, d.version, d.duplicate_of),
        "dispatch_id": dispatch_id,
        "kind": d.kind,
        "story_id": d.story_id,
        "version": d.version,
        "supersedes": d.supersedes,
        "duplicate_of": d.duplicate_of,
        "related": list(d.related),
        "changes": d.changes,
    }
    for k, v in body.items():
        if k not in ev:
            ev[k] = v
    see = body.get("see_also") or []
    if see:
        ev["see_also"] = [{**s, "story_id": d.see_also_story_ids[i] if i < len(d.see_also_story_ids)
                           else s.get("story_id")} for i, s in enumerate(see)]
    return ev


def enriched_event(t: TaggedDispatch, d: ThreadDecision) -> dict[str, Any]:
    return threaded_event(event_body(t), d)


def rejected_event(dispatch_id: str, error: DispatchError, envelope: Envelope | None = None, *,
                   source: str | None = None, received_at: str | None = None) -> dict[str, Any]:
    """The rejected event; ``source`` and ``received_at`` come from the envelope, else from the arguments."""
    if envelope is not None:
        source = envelope.source
        received_at = envelope.received_at.isoformat() if envelope.received_at else None
    return {
        "schema": SCHEMA,
        "event_id": event_id_for(dispatch_id, "rejected", ref=error.code),
        "dispatch_id": dispatch_id,
        "kind": "rejected",
        "source": source,
        "received_at": received_at,
        "error": error.as_dict(),
    }
