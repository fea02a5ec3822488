"""Strict envelopes: every field type-checked, a wrong type named in an invalid_envelope error."""
from __future__ import annotations

import orjson
import pytest

from streams.envelope import envelope_from_json, envelope_from_message
from streams.model import DispatchError


@pytest.mark.parametrize("field, value, words", [
    ("language", 7, "'language' must be a string, got integer"),
    ("language", ["en"], "'language' must be a string, got array"),
    ("language", "english please", "language tag"),
    ("id", {"a": 1}, "'id' must be a string or an integer, got object"),
    ("id", True, "'id' must be a string or an integer, got boolean"),
    ("id", 1.5, "'id' must be a string or an integer, got number"),
    ("id", "x" * 300, "'id' is longer than 256"),
    ("source", 12, "'source' must be a string, got integer"),
    ("received_at", 1468483200, "'received_at' must be an ISO 8601 string, got integer"),
    ("received_at", "yesterday", "'received_at' is not ISO 8601"),
    ("subjects", {"a": 1}, "'subjects' must be an array of strings, got object"),
    ("subjects", ["04006000", 4], "'subjects[1]' must be a string, got integer"),
    ("story_id", [1], "'story_id' must be a string or an integer, got array"),
    ("version", "two", "'version' must be an integer"),
    ("version", 2.5, "'version' must be an integer, got number"),
    ("version", False, "'version' must be an integer, got boolean"),
    ("version", -1, "'version' must be >= 0"),
    ("text", None, "'text' must be a string, got null"),
])
def test_a_wrong_type_is_invalid_envelope_naming_the_field(field, value, words):
    obj = {"id": "a", "text": "HEADLINE\n\nBody text here.", field: value}
    with pytest.raises(DispatchError) as e:
        envelope_from_json(orjson.dumps(obj))
    assert e.value.code == "invalid_envelope"
    assert words in e.value.message


def test_valid_fields_are_kept_and_normalised():
    env = envelope_from_json(orjson.dumps({
        "id": 42, "text": "t", "received_at": "2016-07-14T10:00:00", "source": "afp", "language": "pt-BR",
        "subjects": "04006000", "story_id": "S1", "version": "3", "extra": {"ignored": True}}))
    assert env.id == "42" and env.language == "pt" and env.subjects == ["04006000"]
    assert env.agency_story_id == "S1" and env.agency_version == 3
    assert env.received_at.tzinfo is not None
    nulls = envelope_from_json(b'{"text": "t", "id": null, "language": null, "subjects": null, "version": null}')
    assert nulls.id is None and nulls.language is None and nulls.subjects == [] and nulls.agency_version is None


def test_message_values():
    assert envelope_from_message(b'  {"text": "hi", "id": "a"}').id == "a"
    assert envelope_from_message(bytearray(b"HEADLINE\n\nbody")).text == b"HEADLINE\n\nbody"
    with pytest.raises(DispatchError) as e:
        envelope_from_message(None)
    assert e.value.code == "empty"
