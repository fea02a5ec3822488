"""NINJS (IPTC News in JSON) in and out (issue 10).

* in: :func:`is_ninjs` recognises a NINJS 2.x document by its shape and
  :func:`envelope_from_ninjs` maps it to an envelope (``streams.envelope`` calls them for a
  JSON message without ``text``); :func:`apply_place_hints` merges its places into the
  tagged regions;
* out: :func:`event_to_ninjs` renders an enriched event as NINJS 2.2;
  :func:`load_schema` returns IPTC's NINJS 2.2 JSON Schema shipped in ``data/`` (MIT).
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from .reader import NinjsEnvelope, apply_place_hints, envelope_from_ninjs, is_ninjs, place_hints, subject_hints
from .writer import URI_PREFIX, event_to_ninjs, story_uri

SCHEMA_FILE = "ninjs-schema_2.2.json"


@cache
def load_schema() -> dict[str, Any]:
    """IPTC's NINJS 2.2 JSON Schema (draft 2020-12), as shipped in the package."""
    return json.loads(resources.files(__package__).joinpath("data", SCHEMA_FILE).read_text("utf-8"))


__all__ = ["NinjsEnvelope", "URI_PREFIX", "apply_place_hints", "envelope_from_ninjs", "event_to_ninjs", "is_ninjs",
           "load_schema", "place_hints", "story_uri", "subject_hints"]
