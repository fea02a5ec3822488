"""The data that flows between the pipeline stages.

Plain dataclasses, no I/O.  A raw message becomes an :class:`Envelope`, the
parser turns it into a :class:`ParsedDispatch`, the taggers add regions and
topics, the story threader adds a :class:`ThreadDecision`, and
:mod:`streams.events` renders the published event (contract v1).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class DispatchError(Exception):
    """A structured, expected rejection of one input (never a crash)."""

    code: str
    message: str

    def __str__(self) -> str:  # pragma: no cover - trivial
        return f"{self.code}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass
class Envelope:
    """One raw dispatch as received, with what the sender told us about it."""

    id: str | None
    text: str | bytes
    received_at: datetime | None = None
    source: str | None = None
    language: str | None = None
    subjects: list[str] = field(default_factory=list)
    agency_story_id: str | None = None
    agency_version: int | None = None


@dataclass
class Dateline:
    city: str | None = None
    country: str | None = None
    date: str | None = None  # ISO 8601 date, YYYY-MM-DD (or --MM-DD when the year is unknown)
    agency: str | None = None
    qualifier: str | None = None  # as written after the city: "Russia" in "SOCHI, Russia", "Va." in "RICHMOND, Va."


@dataclass
class SeeAlso:
    headline: str
    flags: list[str] = field(default_factory=list)
    story_id: str | None = None


@dataclass
class Credit:
    name: str
    role: str


@dataclass
class ParsedDispatch:
    headline: str
    flags: list[str] = field(default_factory=list)
    attribution: str | None = None
    dateline: Dateline = field(default_factory=Dateline)
    language: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    see_also: list[SeeAlso] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    advisory: str | None = None
    warnings: list[dict[str, str]] = field(default_factory=list)  # [{code, message}], e.g. language_mismatch

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class TaggedDispatch:
    """A parsed dispatch with its regions and topics: the input of threading."""

    dispatch_id: str
    envelope: Envelope
    parsed: ParsedDispatch
    regions: list[dict[str, Any]] = field(default_factory=list)
    topics: list[dict[str, Any]] = field(default_factory=list)
    received_at: datetime | None = None


@dataclass
class ThreadDecision:
    kind: str  # new | update | correction | repeat | duplicate
    story_id: str
    version: int = 1
    supersedes: str | None = None  # dispatch_id of the version this one replaces
    duplicate_of: str | None = None  # dispatch_id this one duplicates
    related: list[str] = field(default_factory=list)  # story_ids
    see_also_story_ids: list[str | None] = field(default_factory=list)  # aligned with parsed.see_also
    changes: dict[str, Any] | None = None  # {"added": n, "removed": n, "changed": n}
    publish: bool = True  # False: goes to the duplicates topic
    link_events: list[dict[str, Any]] = field(default_factory=list)  # back-links for earlier stories
