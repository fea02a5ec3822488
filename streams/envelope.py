"""Turn a raw Kafka message value or an input line into an :class:`Envelope`.

A value is either a JSON envelope (an object with at least ``text``), a NINJS
document (recognised by its shape, see :mod:`streams.ninjs`), or the raw dispatch
itself (bytes of text).  Pure functions, no I/O.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import orjson

from .model import DispatchError, Envelope
from .ninjs.reader import envelope_from_ninjs, is_ninjs


def parse_datetime(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise DispatchError("invalid_envelope", f"received_at must be an ISO 8601 string, got {type(value).__name__}")
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as e:
        raise DispatchError("invalid_envelope", f"received_at is not ISO 8601: {value!r}") from e
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def envelope_from_obj(obj: Any) -> Envelope:
    if not isinstance(obj, dict):
        raise DispatchError("invalid_envelope", f"an envelope must be a JSON object, got {type(obj).__name__}")
    if is_ninjs(obj):  # a NINJS document (IPTC News in JSON), recognised by its shape
        return envelope_from_ninjs(obj)
    if "text" not in obj:
        raise DispatchError("missing_text", "the JSON envelope has no 'text' field")
    text = obj["text"]
    if not isinstance(text, str):
        raise DispatchError("invalid_envelope", f"'text' must be a string, got {type(text).__name__}")
    subjects = obj.get("subjects") or []
    if isinstance(subjects, str):
        subjects = [subjects]
    if not isinstance(subjects, list) or not all(isinstance(s, str) for s in subjects):
        raise DispatchError("invalid_envelope", "'subjects' must be a list of strings")
    ident = obj.get("id")
    version = obj.get("version")
    try:
        version = int(version) if version not in (None, "") else None
    except (TypeError, ValueError):
        version = None
    language = obj.get("language")
    return Envelope(
        id=str(ident) if ident not in (None, "") else None,
        text=text,
        received_at=parse_datetime(obj.get("received_at")),
        source=str(obj["source"]) if obj.get("source") else None,
        language=str(language).lower() if language else None,
        subjects=subjects,
        agency_story_id=str(obj["story_id"]) if obj.get("story_id") else None,
        agency_version=version,
    )


def envelope_from_json(line: bytes | str) -> Envelope:
    """Parse one JSON envelope (a JSONL line)."""
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError as e:
        raise DispatchError("invalid_json", f"the envelope is not valid JSON: {e}") from None
    return envelope_from_obj(obj)


def envelope_from_message(value: bytes | str | None) -> Envelope:
    """A Kafka message value: a JSON envelope if it looks like one, else raw text."""
    if value is None:
        raise DispatchError("empty", "the message has no value")
    head = value[:64].lstrip()[:1] if isinstance(value, (bytes, str)) else None  # pretty-printed JSON too
    if head in (b"{", "{"):
        return envelope_from_json(value)
    return Envelope(id=None, text=value)
