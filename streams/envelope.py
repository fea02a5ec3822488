"""Turn a raw Kafka message value or an input line into an :class:`Envelope`.

A value is either a JSON envelope (an object with at least ``text``), a NINJS
document (recognised by its shape, see :mod:`streams.ninjs`), or the raw dispatch
itself (bytes of text).  Pure functions, no I/O.

Envelopes are strict: every known field is type-checked, and a wrong type is
an ``invalid_envelope`` error naming the field, the expected type and the type
found (``language: 7`` is refused, never turned into the language ``"7"``).
Unknown fields are ignored.

| field | type |
|---|---|
| ``text`` (required) | string |
| ``id`` | string or integer (not a boolean), at most 256 characters |
| ``received_at`` | ISO 8601 string |
| ``source`` | string, at most 256 characters |
| ``language`` | language tag string (``fr``, ``pt-BR``: the primary subtag is kept) |
| ``subjects`` | list of strings (a single string is read as a list of one) |
| ``story_id`` | string or integer, at most 256 characters |
| ``version`` | integer >= 0, or a string of digits |

Any of them except ``text`` may be ``null`` or absent.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

import orjson

from .model import DispatchError, Envelope
from .ninjs.reader import envelope_from_ninjs, is_ninjs

MAX_ID_CHARS = 256
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")

def _type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "integer", float: "number", str: "string", list: "array",
            dict: "object"}.get(type(value), type(value).__name__)


def _bad(field: str, expected: str, value: Any) -> DispatchError:
    return DispatchError("invalid_envelope", f"'{field}' must be {expected}, got {_type(value)}")


def parse_datetime(value: Any, field: str = "received_at") -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise _bad(field, "an ISO 8601 string", value)
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as e:
        raise DispatchError("invalid_envelope", f"'{field}' is not ISO 8601: {value[:64]!r}") from e
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _ident(obj: dict, field: str) -> str | None:
    v = obj.get(field)
    if v is None or v == "":
        return None
    if isinstance(v, bool) or not isinstance(v, (str, int)):
        raise _bad(field, "a string or an integer", v)
    s = str(v)
    if len(s) > MAX_ID_CHARS:
        raise DispatchError("invalid_envelope", f"'{field}' is longer than {MAX_ID_CHARS} characters ({len(s)})")
    return s


def _string(obj: dict, field: str) -> str | None:
    v = obj.get(field)
    if v is None or v == "":
        return None
    if not isinstance(v, str):
        raise _bad(field, "a string", v)
    if len(v) > MAX_ID_CHARS:
        raise DispatchError("invalid_envelope", f"'{field}' is longer than {MAX_ID_CHARS} characters ({len(v)})")
    return v


def envelope_from_obj(obj: Any) -> Envelope:
    if not isinstance(obj, dict):
        raise DispatchError("invalid_envelope", f"an envelope must be a JSON object, got {_type(obj)}")
    if is_ninjs(obj):  # a NINJS document (IPTC News in JSON), recognised by its shape
        return envelope_from_ninjs(obj)
    if "text" not in obj:
        raise DispatchError("missing_text", "the JSON envelope has no 'text' field")
    text = obj["text"]
    if not isinstance(text, str):
        raise _bad("text", "a string", text)

    subjects = obj.get("subjects")
    if subjects is None:
        subjects = []
    elif isinstance(subjects, str):
        subjects = [subjects]
    elif not isinstance(subjects, list):
        raise _bad("subjects", "an array of strings", subjects)
    for i, s in enumerate(subjects):
        if not isinstance(s, str):
            raise _bad(f"subjects[{i}]", "a string", s)

    version = obj.get("version")
    if version is None or version == "":
        version = None
    elif isinstance(version, bool) or not isinstance(version, (int, str)):
        raise _bad("version", "an integer", version)
    elif isinstance(version, str):
        if not version.isdigit() or len(version) > 9:
            raise DispatchError("invalid_envelope", f"'version' must be an integer, got the string {version[:32]!r}")
        version = int(version)
    elif version < 0:
        raise DispatchError("invalid_envelope", f"'version' must be >= 0, got {version}")

    language = _string(obj, "language")
    if language is not None:
        if not _LANG.match(language):
            raise DispatchError("invalid_envelope", f"'language' must be a language tag such as 'fr', got {language[:32]!r}")
        language = re.split(r"[-_]", language, maxsplit=1)[0].lower()

    return Envelope(
        id=_ident(obj, "id"),
        text=text,
        received_at=parse_datetime(obj.get("received_at")),
        source=_string(obj, "source"),
        language=language,
        subjects=subjects,
        agency_story_id=_ident(obj, "story_id"),
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
    if not isinstance(value, (bytes, bytearray, memoryview, str)):
        raise DispatchError("invalid_envelope", f"a message value must be bytes or text, got {_type(value)}")
    if isinstance(value, (bytearray, memoryview)):
        value = bytes(value)
    head = value[:64].lstrip()[:1]  # pretty-printed JSON too
    if head in (b"{", "{"):
        return envelope_from_json(value)
    return Envelope(id=None, text=value)
