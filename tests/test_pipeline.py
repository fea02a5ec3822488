"""The pure pipeline shell: envelopes, routing, identifiers, the event contract, the offline command."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from jsonschema import Draft202012Validator

from streams.envelope import envelope_from_json, envelope_from_message
from streams.model import DispatchError, Envelope
from streams.pipeline import Pipeline, prepare, route

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "streams" / "schema" / "event-v1.schema.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA)
SAMPLES = REPO / "streams" / "samples"


def test_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("line, code", [
    (b"{not json", "invalid_json"),
    (b'{"id": "x"}', "missing_text"),
    (b'["text"]', "invalid_envelope"),
    (b'{"text": 3}', "invalid_envelope"),
    (b'{"text": "a", "received_at": "yesterday"}', "invalid_envelope"),
])
def test_bad_envelopes_get_structured_errors(line, code):
    with pytest.raises(DispatchError) as e:
        envelope_from_json(line)
    assert e.value.code == code and e.value.message


def test_envelope_fields():
    env = envelope_from_json(orjson.dumps({"id": 7, "text": "x", "received_at": "2016-07-14T10:00:00Z",
                                           "language": "FR", "source": "afp", "subjects": "04006000"}))
    assert env.id == "7" and env.language == "fr" and env.source == "afp" and env.subjects == ["04006000"]
    assert env.received_at.year == 2016 and env.received_at.tzinfo is not None


def test_raw_message_is_text_and_json_message_is_envelope():
    assert envelope_from_message(b"HEADLINE\n\nbody").text == b"HEADLINE\n\nbody"
    assert envelope_from_message(b'{"text": "hi", "id": "a"}').id == "a"


def test_every_input_ends_in_exactly_one_output(sample_bytes):
    pipe = Pipeline()
    inputs = [sample_bytes, sample_bytes, b"", b"   \n  ", b"\x00\x01binary", b"{broken", b'{"id": "n"}']
    routes = []
    for i, raw in enumerate(inputs):
        events = pipe.process(raw, f"test:{i}")
        main = [e for e in events if e["kind"] != "link"]
        assert len(main) == 1, "one event per input"
        for e in events:
            VALIDATOR.validate(e)
        routes.append(route(main[0]))
    assert routes == ["enriched", "duplicates", "dead-letter", "dead-letter", "dead-letter", "dead-letter",
                      "dead-letter"]


def test_rejections_carry_codes():
    pipe = Pipeline(max_bytes=100)
    assert pipe.process(b"")[0]["error"]["code"] == "empty"
    assert pipe.process(b"H\n\n" + b"x" * 200)[0]["error"]["code"] == "too_large"
    assert pipe.process(b'{"id": "n"}')[0]["error"]["code"] == "missing_text"


def test_identifiers_are_deterministic(sample_bytes):
    a = Pipeline().process(sample_bytes, "raw/0/5")
    b = Pipeline().process(sample_bytes, "raw/0/5")
    assert a == b
    c = Pipeline().process(sample_bytes, "raw/0/6")
    assert c[0]["dispatch_id"] != a[0]["dispatch_id"], "another message with the same bytes is another dispatch"
    env = Envelope(id="agency-42", text=sample_bytes)
    assert Pipeline().process(env, "anywhere")[0]["dispatch_id"] == "agency-42"


def test_reprocessing_the_same_message_yields_the_same_event(sample_bytes):
    """After a crash the same message (same position) is read again: the same event, not a duplicate."""
    pipe = Pipeline()
    first = pipe.process(sample_bytes, "raw/0/5")
    again = pipe.process(sample_bytes, "raw/0/5")
    assert again[0]["event_id"] == first[0]["event_id"] and again[0]["kind"] == "new"


def test_internal_errors_are_routed_not_raised(monkeypatch, sample_bytes):
    import streams.pipeline as p

    def boom(*a, **k):
        raise RuntimeError("tagger exploded")

    monkeypatch.setattr(p, "tag_topics", boom)
    ev = p.Pipeline().process(sample_bytes, "x")[0]
    assert ev["kind"] == "rejected" and ev["error"]["code"] == "internal_error"
    assert "tagger exploded" in ev["error"]["message"]


def test_a_threading_error_is_a_rejected_event_under_the_dispatch_id(sample_bytes):
    from datetime import datetime, timezone

    import streams.pipeline as p

    class Broken:
        def thread(self, *a, **k):
            raise RuntimeError("state exploded")

    now = datetime(2016, 7, 14, tzinfo=timezone.utc)
    prepared = prepare(Envelope(id="a", text=sample_bytes, source="afp", received_at=now), "p")
    [ev] = p.thread(prepared, Broken(), now)
    assert ev["kind"] == "rejected" and ev["dispatch_id"] == prepared.dispatch_id
    assert ev["error"] == {"code": "internal_error", "message": "threading: RuntimeError: state exploded"}
    assert ev["source"] == "afp" and ev["received_at"] == now.isoformat()
    assert ev["event_id"] == p.thread(prepared, Broken(), now)[0]["event_id"]  # deterministic


def test_prepared_round_trips_through_bytes(sample_bytes):
    from datetime import datetime, timezone

    from streams.pipeline import Prepared

    t = prepare(Envelope(id="a", text=sample_bytes, received_at=datetime(2016, 7, 14, tzinfo=timezone.utc)), "p")
    assert isinstance(t, Prepared)
    b = t.to_bytes()
    back = Prepared.from_bytes(b)
    assert back == t
    assert back.language == "fr" and back.threading.lang == "fr" and back.dispatch_id == "a"
    # compact: the event body (paragraphs once) plus bounded threading features; never the raw text
    assert len(b) - len(orjson.dumps(back.event)) < 2000
    assert "Devenez membre".encode() in sample_bytes and "Devenez membre".encode() not in b  # page furniture
    assert "kind" not in back.event and "story_id" not in back.event and "event_id" not in back.event


@pytest.mark.parametrize("mutate, field", [
    (lambda d: d.update(dispatch_id=7), "dispatch_id"),
    (lambda d: d.update(dispatch_id=None), "dispatch_id"),
    (lambda d: d.update(language=["fr"]), "language"),
    (lambda d: d.update(v=99), "v"),
    (lambda d: d.update(received_at="yesterday"), "received_at"),
    (lambda d: d["event"].update(regions="XX"), "event.regions"),
    (lambda d: d["event"].update(paragraphs=[1, 2]), "event.paragraphs"),
    (lambda d: d["event"]["regions"].append({"code": "FR", "role": "subject", "score": "high"}), "event.regions"),
    (lambda d: d["event"]["dateline"].update(city=["Paris"]), "event.dateline.city"),
    (lambda d: d["event"]["see_also"].append({"headline": "x", "flags": [], "story_id": 3}), "event.see_also"),
    (lambda d: d["event"].update(warnings=[{"code": 1}]), "event.warnings"),
    (lambda d: d["event"].update(kind="new"), "event.kind"),
    (lambda d: d["threading"].update(bands=["x"]), "threading.bands"),
    (lambda d: d["threading"].update(numbers="12"), "threading.numbers"),
    (lambda d: d["threading"].update(kinds=["bogus"]), "threading.kinds"),
    (lambda d: d["threading"].update(dispatch_id="other"), "threading.dispatch_id"),
    (lambda d: d.pop("threading"), "threading"),
])
def test_prepared_from_bytes_rejects_wrong_types(sample_bytes, mutate, field):
    from streams.pipeline import Prepared

    d = orjson.loads(prepare(Envelope(id="a", text=sample_bytes), "p").to_bytes())
    mutate(d)
    with pytest.raises(DispatchError) as e:
        Prepared.from_bytes(orjson.dumps(d))
    assert e.value.code == "invalid_internal" and e.value.message.startswith(field), e.value.message


@pytest.mark.parametrize("raw", [b"", b"{", b"[1]", b"null", b"\xff\xfe"])
def test_prepared_from_bytes_rejects_garbage(raw):
    from streams.pipeline import Prepared

    with pytest.raises(DispatchError) as e:
        Prepared.from_bytes(raw)
    assert e.value.code == "invalid_internal"


def test_same_text_declared_in_another_language_is_the_same_story(sample_bytes):
    from datetime import datetime, timezone

    p = Pipeline()
    at = datetime(2016, 7, 14, 9, tzinfo=timezone.utc)
    e1 = p.process(Envelope(id="a", text=sample_bytes, received_at=at, language="fr"))[0]
    e2 = p.process(Envelope(id="b", text=sample_bytes, received_at=at, language="de"))[0]
    assert (e2["kind"], e2["duplicate_of"], e2["story_id"]) == ("duplicate", "a", e1["story_id"])


def test_implausible_received_at_is_data_with_a_warning_never_the_clock(sample_bytes):
    from datetime import datetime, timezone

    p = Pipeline()
    ok = datetime(2016, 7, 14, 9, tzinfo=timezone.utc)
    e1 = p.process(Envelope(id="a", text=sample_bytes, received_at=ok))[0]
    assert e1["kind"] == "new" and e1["warnings"] == []
    for i, when in enumerate([datetime(9999, 12, 31, tzinfo=timezone.utc), datetime(1, 1, 1, tzinfo=timezone.utc),
                              datetime(1975, 5, 1, tzinfo=timezone.utc)]):
        ev = p.process(Envelope(id=f"b{i}", text=sample_bytes, received_at=when))[0]
        assert ev["received_at"] == when.isoformat()  # kept as data
        assert [w["code"] for w in ev["warnings"]] == ["implausible_received_at"]
        VALIDATOR.validate(ev)
        # the clock stayed on the last plausible time: still a duplicate of "a", inside the window
        assert (ev["kind"], ev["duplicate_of"]) == ("duplicate", "a")
    assert p.clock.last == ok


def _process(*args: str, stdin: bytes | None = None) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "streams.cli.main", "process", *args], input=stdin,
                         capture_output=True, check=True, cwd=REPO)
    return [orjson.loads(line) for line in out.stdout.splitlines()]


def test_offline_command_on_the_sample_prints_one_new_event():
    events = _process(str(REPO / "tests" / "fixtures" / "reuters-fr-2016-07-14-washington-moscou-syrie.txt"))
    assert len(events) == 1
    assert events[0]["kind"] == "new"
    VALIDATOR.validate(events[0])


def test_offline_command_reads_directories_and_stdin_in_order():
    events = _process(str(SAMPLES))
    lines = sum(1 for line in (SAMPLES / "dispatches.jsonl").read_bytes().splitlines() if line.strip())
    assert len(events) == lines  # one per JSONL line
    kinds = [e["kind"] for e in events]
    assert kinds.count("rejected") == 1 and "duplicate" in kinds and "update" in kinds
    for e in events:
        VALIDATOR.validate(e)
    stdin = (SAMPLES / "dispatches.jsonl").read_bytes()
    piped = _process("-", stdin=stdin)
    assert [e["headline"] if "headline" in e else e["error"]["code"] for e in piped] == \
           [e["headline"] if "headline" in e else e["error"]["code"] for e in events[: len(piped)]]


def test_cli_help_teaches():
    out = subprocess.run([sys.executable, "-m", "streams.cli.main", "--help"], capture_output=True, text=True,
                         cwd=REPO).stdout
    for word in ("process", "worker", "send", "tail", "eval", "demo", "KAFKA_BOOTSTRAP_SERVERS"):
        assert word in out


def test_tail_filters_by_region_and_by_broader_topic(sample_bytes):
    from streams.cli.kafka_tools import matches

    ev = Pipeline().process(sample_bytes, "x")[0]
    assert matches(ev, ["SY"], []) and matches(ev, ["fr"], []) and not matches(ev, ["JP"], [])
    assert matches(ev, [], ["medtop:20000639"]) and matches(ev, [], ["11000000"])  # diplomacy, and politics above it
    assert not matches(ev, [], ["medtop:15000000"])  # sport
    assert not matches(ev, ["SY"], ["medtop:15000000"])


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_int = st.integers(min_value=-(2**63), max_value=2**63 - 1)
_json = st.recursive(st.none() | st.booleans() | _int | st.text(max_size=50),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                     max_leaves=12)
_envelopes = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.text(max_size=20), _int), "text": st.one_of(st.text(max_size=400), _int),
    "received_at": st.one_of(st.text(max_size=30), st.datetimes().map(lambda d: d.isoformat())),
    "language": st.sampled_from(["fr", "en", "DE", "", "xx"]), "subjects": _json, "source": st.text(max_size=10)})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_envelopes.map(orjson.dumps), _json.map(orjson.dumps), st.binary(max_size=300)))
def test_any_message_ends_in_exactly_one_output(message):
    """Whatever arrives on the raw topic yields one valid event, routed to one output, and nothing raises."""
    events = Pipeline().process(message, "prop")
    main = [e for e in events if e["kind"] != "link"]
    assert len(main) == 1
    VALIDATOR.validate(main[0])
    assert route(main[0]) in {"enriched", "duplicates", "dead-letter"}
    if main[0]["kind"] == "rejected":
        assert main[0]["error"]["code"] != "internal_error", main[0]["error"]
