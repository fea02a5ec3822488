"""The whole pure pipeline: envelope -> parse -> tag -> thread -> events.

The Faust worker and the offline command both call exactly these functions,
in two stages:

* :func:`prepare` is stateless: decode, parse, tag, and compute every
  threading feature (fingerprints, shingles, MinHash bands, figures, names,
  flags).  It returns a :class:`Prepared`: the event body without its thread
  fields plus a compact :class:`~streams.stories.features.ThreadingInput` (no
  raw text), which travels in the internal message (``to_bytes`` / ``from_bytes``).
* :func:`thread` is stateful: the threader's lookups, decision and small
  writes, on the clock ``now`` the caller gives (broker time in the worker).

``Pipeline.process`` runs both in process (the offline mode).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, MutableMapping

import orjson

from .envelope import envelope_from_message
from .events import SCHEMA, dispatch_id_for, event_body, rejected_event, threaded_event
from .model import DispatchError, Envelope, TaggedDispatch
from .ninjs.reader import apply_place_hints
from .parsing import MAX_BYTES, parse
from .regions import tag_regions
from .stories import DEFAULT_DUPLICATE_WINDOW, DEFAULT_WINDOW, StoryThreader
from .parsing.language import detect
from .stories.features import ThreadingInput, indexed_content, language_of, threading_input
from .topics import tag_topics

log = logging.getLogger(__name__)

PREPARED_FORMAT = 1
# received_at outside [SANE_FROM, reference + SANE_AHEAD] is kept as data, with a warning, and never used as a clock
SANE_FROM = datetime(1980, 1, 1, tzinfo=timezone.utc)
SANE_AHEAD = timedelta(days=1)
_THREAD_FIELDS = ("event_id", "kind", "story_id", "version", "supersedes", "duplicate_of", "related", "changes")


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=timezone.utc)


def received_at_is_sane(received_at: datetime | None, reference: datetime | None = None) -> bool:
    """``received_at`` is after 1980 and at most a day after ``reference`` (default: the wall clock)."""
    if received_at is None:
        return False
    ref = _aware(reference) if reference is not None else datetime.now(timezone.utc)
    t = _aware(received_at)
    return SANE_FROM <= t <= ref + SANE_AHEAD


def clock_warnings(received_at: datetime | None, reference: datetime | None = None) -> list[dict[str, str]]:
    if received_at is None or received_at_is_sane(received_at, reference):
        return []
    return [{"code": "implausible_received_at",
             "message": f"received_at {received_at.isoformat()} is before 1980 or more than a day ahead; "
                        "kept as data, not used as the threading clock"}]


@dataclass
class Prepared:
    """The output of the stateless stage: what the stateful stage needs, and nothing more."""

    dispatch_id: str
    language: str  # threading scope; "und" when unknown
    event: dict[str, Any]  # the event body WITHOUT thread fields (added by :func:`thread`)
    threading: ThreadingInput  # compact features; no raw text
    received_at: datetime | None = None  # as given by the envelope: data only, never the clock
    warnings: list[dict[str, str]] = field(default_factory=list)  # also in event["warnings"]

    def to_bytes(self) -> bytes:
        return orjson.dumps({
            "v": PREPARED_FORMAT, "dispatch_id": self.dispatch_id, "language": self.language, "event": self.event,
            "threading": self.threading.to_dict(),
            "received_at": self.received_at.isoformat() if self.received_at else None,
        })

    @classmethod
    def from_bytes(cls, b: bytes | bytearray | memoryview | str) -> "Prepared":
        """Parse and validate an internal message; raises ``DispatchError("invalid_internal", "<field>: <why>")``."""
        def bad(why: str) -> DispatchError:
            return DispatchError("invalid_internal", why)

        try:
            d = orjson.loads(b)
        except (orjson.JSONDecodeError, TypeError) as e:
            raise bad(f"message: not JSON ({e})") from None
        if not isinstance(d, dict):
            raise bad(f"message: expected an object, got {type(d).__name__}")
        if d.get("v") != PREPARED_FORMAT:
            raise bad(f"v: unsupported format {d.get('v')!r}")
        dispatch_id = d.get("dispatch_id")
        if not isinstance(dispatch_id, str) or not dispatch_id:
            raise bad(f"dispatch_id: expected a non-empty string, got {type(dispatch_id).__name__}")
        language = d.get("language")
        if not isinstance(language, str) or not language:
            raise bad(f"language: expected a non-empty string, got {type(language).__name__}")
        received = d.get("received_at")
        if received is not None:
            if not isinstance(received, str):
                raise bad(f"received_at: expected an ISO 8601 string or null, got {type(received).__name__}")
            try:
                received = _aware(datetime.fromisoformat(received))
            except ValueError:
                raise bad(f"received_at: not an ISO 8601 date-time: {received[:40]!r}") from None
        event = d.get("event")
        _check_event_body(event, dispatch_id, bad)
        try:
            inp = ThreadingInput.from_dict(d.get("threading"))
        except ValueError as e:
            raise bad(str(e)) from None
        if inp.dispatch_id != dispatch_id:
            raise bad("threading.dispatch_id: differs from dispatch_id")
        if inp.lang != language:
            raise bad("threading.lang: differs from language")
        warnings = event.get("warnings") or []
        return cls(dispatch_id=dispatch_id, language=language, event=event, threading=inp, received_at=received,
                   warnings=list(warnings))


_OPT_STR = (str, type(None))
_BODY_TYPES: dict[str, tuple[type, ...]] = {
    "schema": (str,), "dispatch_id": (str,), "received_at": _OPT_STR, "source": _OPT_STR, "language": _OPT_STR,
    "headline": (str,), "flags": (list,), "attribution": _OPT_STR, "advisory": _OPT_STR, "dateline": (dict,),
    "paragraphs": (list,), "see_also": (list,), "credits": (list,), "regions": (list,), "topics": (list,),
    "warnings": (list,),
}


def _check_event_body(event: Any, dispatch_id: str, bad) -> None:
    if not isinstance(event, dict):
        raise bad(f"event: expected an object, got {type(event).__name__}")
    for k, types in _BODY_TYPES.items():
        if k in event and not isinstance(event[k], types):
            raise bad(f"event.{k}: expected {'/'.join(t.__name__ for t in types)}, got {type(event[k]).__name__}")
    for k in ("headline", "paragraphs", "see_also", "regions", "topics"):
        if k not in event:
            raise bad(f"event.{k}: missing")
    if event.get("schema") != SCHEMA:
        raise bad(f"event.schema: expected {SCHEMA!r}")
    if event.get("dispatch_id") != dispatch_id:
        raise bad("event.dispatch_id: differs from dispatch_id")
    for k in _THREAD_FIELDS:
        if k in event:
            raise bad(f"event.{k}: a thread field in the prepared event")
    for k in ("flags", "paragraphs"):
        if not all(isinstance(x, str) for x in event.get(k) or ()):
            raise bad(f"event.{k}: expected a list of strings")
    for k in ("see_also", "credits", "regions", "topics", "warnings"):
        if not all(isinstance(x, dict) for x in event.get(k) or ()):
            raise bad(f"event.{k}: expected a list of objects")
    for i, s in enumerate(event["see_also"]):
        if not isinstance(s.get("headline"), str) or not isinstance(s.get("story_id"), _OPT_STR) \
                or not all(isinstance(f, str) for f in s.get("flags") or ()):
            raise bad(f"event.see_also[{i}]: expected a headline string, flag strings and a story_id string or null")
    for k, v in (event.get("dateline") or {}).items():
        if not isinstance(v, _OPT_STR):
            raise bad(f"event.dateline.{k}: expected a string or null, got {type(v).__name__}")
    for i, c in enumerate(event.get("credits") or ()):
        if not isinstance(c.get("name"), str) or not isinstance(c.get("role"), str):
            raise bad(f"event.credits[{i}]: expected name and role strings")
    for i, r in enumerate(event["regions"]):
        if not isinstance(r.get("code"), str) or not isinstance(r.get("role"), str) \
                or not isinstance(r.get("score"), (int, float)) or isinstance(r.get("score"), bool):
            raise bad(f"event.regions[{i}]: expected code and role strings and a numeric score")
    for i, t in enumerate(event["topics"]):
        if not isinstance(t.get("code"), str):
            raise bad(f"event.topics[{i}]: expected a code string")
    for i, w in enumerate(event.get("warnings") or ()):
        if not isinstance(w.get("code"), str) or not isinstance(w.get("message"), str):
            raise bad(f"event.warnings[{i}]: expected code and message strings")


SCOPE_SAMPLE = 600
SCOPE_MIN_LETTERS = 200  # of copy, for detection to decide the threading language over the parsed one


def threading_scope(tagged: TaggedDispatch, content: list[tuple[int, str]] | None = None) -> str:
    """The language a dispatch is threaded in (its state scope and the internal topic's key).

    Detected on the cleaned copy (headline and content paragraphs), so that the
    same text declared in another language by another site is still the same
    story; the parsed language (declared, or detected by the parser) when there
    are fewer than 200 letters of copy (tables, flashes: detection guesses there).
    ``content``: ``indexed_content(tagged.parsed.paragraphs)`` when the caller has it already.
    """
    p = tagged.parsed
    if content is None:
        content = indexed_content(p.paragraphs[:8])
    sample = " ".join(x for i, x in content if i < 8)
    if sum(map(str.isalpha, sample[:SCOPE_SAMPLE])) < SCOPE_MIN_LETTERS:
        return language_of(tagged)  # a table or a flash: detection is a guess there
    return (detect(sample) or language_of(tagged)).lower()


def prepare(message: bytes | str | Envelope, position: str | None = None, *,
            max_bytes: int = MAX_BYTES, received_at: datetime | None = None) -> Prepared | dict[str, Any]:
    """Stateless: parse, tag and compute the threading features of one raw message.

    Returns a :class:`Prepared`, or a rejected event.  ``received_at`` (the
    worker passes the Kafka message timestamp) fills the envelope's when it has
    none, and is the reference for the plausibility check of the envelope's.

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
        tagged = TaggedDispatch(dispatch_id=dispatch_id, envelope=envelope, parsed=parsed, regions=regions,
                                topics=topics, received_at=envelope.received_at)
        return prepared_from_tagged(tagged, reference=received_at)
    except DispatchError as e:
        return rejected_event(dispatch_id_for(envelope, raw, position), e, envelope)
    except Exception as e:  # noqa: BLE001 - a bad message must never stop the stream
        log.exception("unexpected error while preparing a dispatch")
        err = DispatchError("internal_error", f"{type(e).__name__}: {e}")
        return rejected_event(dispatch_id_for(envelope, raw, position), err, envelope)


def prepared_from_tagged(tagged: TaggedDispatch, *, reference: datetime | None = None,
                         warnings: list[dict[str, str]] | None = None) -> Prepared:
    """The stateless threading features and event body of an already tagged dispatch."""
    warns = [*(warnings or []), *clock_warnings(tagged.received_at, reference)]
    content = indexed_content(tagged.parsed.paragraphs)  # once, for the scope and the features
    scope = threading_scope(tagged, content)
    return Prepared(dispatch_id=tagged.dispatch_id, language=scope, event=event_body(tagged, warns),
                    threading=threading_input(tagged, scope, content), received_at=tagged.received_at,
                    warnings=warns)


def thread(prepared: Prepared, threader: StoryThreader, now: datetime) -> list[dict[str, Any]]:
    """Stateful part: the event first, then link events for earlier stories.

    ``now`` is the threading clock (broker time in the worker).  Never raises:
    an internal error becomes a rejected event under the dispatch's own id.
    """
    try:
        decision = threader.thread(prepared.threading, now)
        return [threaded_event(prepared.event, decision), *decision.link_events]
    except Exception as e:  # noqa: BLE001
        log.exception("unexpected error while threading %s", prepared.dispatch_id)
        err = DispatchError("internal_error", f"threading: {type(e).__name__}: {e}")
        ev = prepared.event if isinstance(prepared.event, dict) else {}
        return [rejected_event(str(prepared.dispatch_id), err, source=ev.get("source"),
                               received_at=ev.get("received_at"))]


class OfflineClock:
    """The threading clock offline: the envelope's ``received_at`` when plausible, else the last one (monotonic
    fallback; the wall clock before any)."""

    def __init__(self) -> None:
        self.last: datetime | None = None

    def now_for(self, received_at: datetime | None) -> datetime:
        if received_at_is_sane(received_at):
            self.last = _aware(received_at)  # type: ignore[arg-type]
            return self.last
        if self.last is None:
            self.last = datetime.now(timezone.utc)
        return self.last


class Pipeline:
    """In-process pipeline with in-memory story state (the offline mode)."""

    def __init__(self, state: MutableMapping[str, Any] | None = None, *, window: timedelta = DEFAULT_WINDOW,
                 max_bytes: int = MAX_BYTES, duplicate_window: timedelta = DEFAULT_DUPLICATE_WINDOW) -> None:
        self.threader = StoryThreader({} if state is None else state, window=window,
                                      duplicate_window=duplicate_window)
        self.max_bytes = max_bytes
        self.clock = OfflineClock()

    def process(self, message: bytes | str | Envelope, position: str | None = None) -> list[dict[str, Any]]:
        prepared = prepare(message, position, max_bytes=self.max_bytes)
        if isinstance(prepared, dict):
            return [prepared]
        return thread(prepared, self.threader, self.clock.now_for(prepared.received_at))


def route(event: dict[str, Any]) -> str:
    """Which output an event goes to: ``enriched``, ``duplicates`` or ``dead-letter``."""
    kind = event.get("kind")
    if kind == "rejected":
        return "dead-letter"
    if kind == "duplicate" or (kind == "repeat" and event.get("duplicate_of")):
        return "duplicates"
    return "enriched"
