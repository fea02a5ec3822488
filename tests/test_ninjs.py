"""NINJS in (detection, mapping to the envelope, through the pipeline) and out (NINJS 2.2, schema-valid)."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from _external import require

from streams.envelope import envelope_from_json, envelope_from_message
from streams.model import DispatchError
from streams.ninjs import (NinjsEnvelope, apply_place_hints, envelope_from_ninjs, event_to_ninjs, is_ninjs,
                           load_schema)
from streams.ninjs.reader import _html_paragraphs
from streams.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).parent / "fixtures" / "ninjs"
SHARED_NINJS = ROOT.parent / "shared" / "data" / "ninjs"
WIRE_DEV = ROOT.parent / "shared" / "data" / "wire-dev" / "dev.jsonl"
needs_shared_ninjs = pytest.mark.usefixtures("shared_ninjs")


@pytest.fixture
def shared_ninjs() -> Path:
    require((SHARED_NINJS / "dpa_text.json").exists(), f"the NINJS examples at {SHARED_NINJS}")
    return SHARED_NINJS

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")


def _checker() -> jsonschema.FormatChecker:
    """Format checks that do not depend on optional packages: uri and date-time are really checked."""
    fc = jsonschema.FormatChecker()

    @fc.checks("uri")
    def _uri(value) -> bool:
        return not isinstance(value, str) or bool(_URI.match(value))

    @fc.checks("date-time", raises=ValueError)
    def _dt(value) -> bool:
        if not isinstance(value, str):
            return True
        if not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", value):
            raise ValueError(value)
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    return fc


VALIDATOR = jsonschema.Draft202012Validator(load_schema(), format_checker=_checker())


def assert_valid(doc: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message[:200]}" for e in errors[:5])


def fixture(name: str) -> dict:
    return json.loads((FIX / name).read_text("utf-8"))


def run(*docs) -> list[dict]:
    pipe = Pipeline()
    out: list[dict] = []
    for i, d in enumerate(docs):
        out.extend(pipe.process(orjson.dumps(d), f"t:{i}"))
    return out


# --- the schema we ship -------------------------------------------------------------------------------

def test_the_shipped_schema_and_its_licence():
    schema = load_schema()
    assert "ninjs-schema_2.2.json" in schema["$id"] and schema["title"].endswith("2.2")
    data = ROOT / "streams" / "ninjs" / "data"
    assert "MIT License" in (data / "LICENSE").read_text() and "IPTC" in (data / "LICENSE").read_text()
    assert "ninjs-schema_2.2.json" in (data / "NOTICE").read_text()
    jsonschema.Draft202012Validator.check_schema(schema)
    # the validator is not a rubber stamp
    assert list(VALIDATOR.iter_errors({"uri": "urn:x:y", "signal": "correction"}))
    assert list(VALIDATOR.iter_errors({"uri": "urn:x:y", "places": [{"name": "x", "relevance": 3}]}))
    assert list(VALIDATOR.iter_errors({"uri": "urn:x:y", "versioncreated": "yesterday"}))
    assert list(VALIDATOR.iter_errors({"uri": "not a uri"}))


@needs_shared_ninjs
def test_the_shipped_schema_is_iptcs_file():
    assert load_schema() == json.loads((SHARED_NINJS / "ninjs-schema_2.2.json").read_text("utf-8"))


# --- NINJS in ------------------------------------------------------------------------------------------

def test_detection_by_shape():
    assert is_ninjs(fixture("harbour-v1.json"))
    assert is_ninjs({"headline": "x", "body_text": "y"})  # NINJS 1.x
    assert is_ninjs({"uri": "urn:a:b", "descriptions": [{"value": "x"}]})
    assert not is_ninjs({"text": "x", "headlines": []})  # a wirefeed envelope wins
    assert not is_ninjs({"uri": "urn:a:b"})
    assert not is_ninjs({"id": "1"})
    assert not is_ninjs(["headlines"])


def test_envelope_from_a_plain_text_ninjs_document():
    env = envelope_from_ninjs(fixture("harbour-v1.json"))
    assert isinstance(env, NinjsEnvelope)
    assert env.id == "urn:newsml:example-agency.org:20260312:harbour-strike#1"
    assert env.agency_story_id == "urn:newsml:example-agency.org:20260312:harbour-strike"
    assert env.agency_version == 1
    assert env.received_at == datetime(2026, 3, 12, 7, 40, tzinfo=timezone.utc)
    assert env.language == "en" and env.source == "Example Agency"
    assert env.subjects == ["http://cv.iptc.org/newscodes/mediatopic/20000530"]  # "Wirtschaft" is no code
    assert env.place_hints == [["NL", "about"], ["BE", "mentions"]]  # by URI, by country name
    text = env.text
    assert text.startswith("Dock workers in Rotterdam walk out over automation plans\n\nROTTERDAM, March 12")
    assert text.count("\n\n") == 3


def test_envelope_from_an_html_body():
    env = envelope_from_ninjs(fixture("vineyard-html.json"))
    paras = env.text.split("\n\n")
    assert paras[0] == "Vendanges précoces en Bourgogne après un été caniculaire"
    assert len(paras) == 4  # headline + 3 paragraphs; the figure caption is dropped
    assert "Beaune" not in env.text
    assert "d'avance" in paras[1] and "« très sains »" in paras[2]
    assert paras[3].endswith("principal souci des maisons de négoce.\n")  # a <br> is no paragraph break
    assert "Etats-Unis & le Japon" in paras[3]
    assert env.received_at.utcoffset().total_seconds() == 7200
    assert env.place_hints == [["FR", ""]] and env.subjects == ["medtop:20000210"]


def test_language_tags_signals_and_ids():
    base = {"uri": "urn:newsml:ntb.no:1", "headlines": [{"value": "Tittel"}], "bodies": [{"value": "Tekst her."}]}
    assert envelope_from_ninjs({**base, "language": "nb-NO"}).language == "nb"
    assert envelope_from_ninjs(base).id is None  # no version, no versioncreated: the raw bytes name it
    assert envelope_from_ninjs({**base, "versionCreated": "2026-01-01T10:00:00Z"}).id == \
        "urn:newsml:ntb.no:1@2026-01-01T10:00:00Z"  # NINJS 3.x spelling
    assert envelope_from_ninjs(base).source == "ntb"  # from the urn:newsml domain
    corr = envelope_from_ninjs({**base, "signal": "http://cv.iptc.org/newscodes/signal/correction"})
    assert corr.text.startswith("CORRECTED-Tittel")
    assert envelope_from_ninjs({**base, "signals": [{"qcode": "sig:correction"}]}).text.startswith("CORRECTED-")
    assert envelope_from_ninjs({**base, "pubstatus": "canceled"}).text.startswith("WITHDRAWN-Tittel")
    assert envelope_from_ninjs({**base, "pubstatus": "usable"}).text.startswith("Tittel")
    assert envelope_from_ninjs({**base, "version": "x"}).agency_version is None


def test_plain_text_lines_hard_wrapped_or_one_paragraph_each():
    wrapped = ("ROME, March 3 (Example Agency) - Italy's parliament approved on Tuesday a\n"
               "budget amendment that raises spending on railways by 2 billion euros.\n\n"
               "The opposition voted against.")
    ev = run({"uri": "urn:x:wrap", "headlines": [{"value": "Italy raises rail spending"}],
              "bodies": [{"contenttype": "text/plain", "value": wrapped}]})[0]
    assert ev["paragraphs"] == ["Italy's parliament approved on Tuesday a budget amendment that raises spending on "
                                "railways by 2 billion euros.", "The opposition voted against."]
    one_per_line = ("Italy's parliament approved on Tuesday a budget amendment that raises spending on railways.\n"
                    "The opposition voted against.\nA final vote is due in May.")
    ev = run({"uri": "urn:x:lines", "headline": "Italy raises rail spending", "body_text": one_per_line})[0]
    assert len(ev["paragraphs"]) == 3


def test_malformed_documents_are_structured_errors():
    with pytest.raises(DispatchError) as e:
        envelope_from_ninjs(fixture("no-content.json"))
    assert e.value.code == "missing_text"
    with pytest.raises(DispatchError) as e:
        envelope_from_ninjs({"uri": "urn:a:b", "headlines": "Title"})
    assert e.value.code == "invalid_envelope" and "headlines" in e.value.message
    with pytest.raises(DispatchError) as e:
        envelope_from_ninjs({"uri": 5, "headlines": [{"value": "x"}]})
    assert e.value.code == "invalid_envelope"


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["uri", "version", "versioncreated", "headlines", "bodies", "headline", "body_text", "body_html",
                     "descriptions", "language", "subjects", "places", "signal", "pubstatus", "copyrightholder"]),
    st.none() | st.booleans() | st.integers() | st.text(max_size=30)
    | st.lists(st.dictionaries(st.sampled_from(["value", "role", "contenttype", "uri", "literal", "name", "rel"]),
                               st.none() | st.integers() | st.text(max_size=30), max_size=4), max_size=3),
    min_size=1))
def test_any_ninjs_shaped_object_maps_or_fails_cleanly(doc):
    try:
        env = envelope_from_ninjs(doc)
    except DispatchError as e:
        assert e.code in ("invalid_envelope", "missing_text")
    else:
        assert isinstance(env.text, str) and env.text.strip()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)
                .map(lambda s: " ".join(s.split())).filter(bool), min_size=1, max_size=5))
def test_html_body_round_trip(paragraphs):
    """Paragraphs written as NINJS HTML by the writer are read back unchanged by the reader."""
    ev = {"kind": "new", "story_id": "s-1", "version": 1, "headline": "h", "paragraphs": paragraphs}
    html = next(b["value"] for b in event_to_ninjs(ev)["bodies"] if b["contenttype"] == "text/html")
    assert _html_paragraphs(html) == paragraphs


def test_the_envelope_hook_and_pretty_printed_messages():
    raw = json.dumps(fixture("harbour-v1.json"), indent=2).encode()
    env = envelope_from_message(b"\n  " + raw)
    assert isinstance(env, NinjsEnvelope) and env.agency_version == 1
    assert isinstance(envelope_from_json(raw), NinjsEnvelope)
    # a wirefeed envelope is still one
    plain = envelope_from_json(b'{"text": "Headline\\n\\nBody.", "id": "x"}')
    assert not isinstance(plain, NinjsEnvelope) and plain.id == "x"
    with pytest.raises(DispatchError) as e:
        envelope_from_json(b'{"id": "x"}')
    assert e.value.code == "missing_text"


def test_versions_of_one_uri_thread_as_one_story():
    v1, v2, v3 = fixture("harbour-v1.json"), fixture("harbour-v2.json"), fixture("harbour-v3-correction.json")
    evs = run(v1, v2, v3, v2)
    kinds = [(e["kind"], e.get("version")) for e in evs]
    assert kinds == [("new", 1), ("update", 2), ("correction", 3), ("update", 2)]
    assert len({e["story_id"] for e in evs}) == 1
    assert evs[3] == evs[1]  # uri + version name the dispatch: a re-sent version is a replay, the same event
    assert evs[0]["dispatch_id"] == "urn:newsml:example-agency.org:20260312:harbour-strike#1"
    first = evs[0]
    assert first["language"] == "en" and first["source"] == "Example Agency"
    assert first["dateline"]["city"] == "Rotterdam" and first["dateline"]["country"] == "NL"
    assert first["received_at"] == "2026-03-12T07:40:00+00:00"
    # the agency's subject is merged as an agency topic; its places as agency regions
    assert any(t["code"] == "medtop:20000530" and t.get("source") == "agency" for t in first["topics"])
    nl = next(r for r in first["regions"] if r["code"] == "NL")
    assert nl["role"] == "subject" and nl.get("agency") is True
    assert "CORRECTED" in evs[2]["flags"]


def test_place_hints_add_what_the_text_does_not_name():
    regions = [{"code": "FR", "role": "subject", "score": 0.9, "name": "France"}]
    out = apply_place_hints(regions, [["FR", "about"], ["BE", "mentions"], ["CH", "about"]], "fr")
    assert [r["code"] for r in out] == ["FR", "CH", "BE"]
    assert out[0]["agency"] is True and out[0]["score"] == 0.9
    ch = out[1]
    assert ch["role"] == "subject" and ch["score"] == 0.5 and ch["agency"] is True and ch["evidence"] == []
    assert ch["m49_region"]["code"] == "150" and ch["name_local"] == "Suisse"
    assert out[2]["role"] == "mentioned" and out[2]["score"] == 0.2
    assert regions == [{"code": "FR", "role": "subject", "score": 0.9, "name": "France"}]  # not mutated
    assert apply_place_hints(regions, [], "fr") is regions


@needs_shared_ninjs
@pytest.mark.parametrize("name,uri", [
    ("dpa_text.json", "urn:newsml:dpa.com:20090101:190510-99-167362"),
    ("ntb_text.json", "urn:8d19cf88-b3ab-4972-8fec-1207599f2872"),
    ("005_complex_text_article.json", "http://ninjs.example.com/newsitems/20130709med123"),
])
def test_iptc_and_agency_examples_as_input(name, uri):
    doc = json.loads((SHARED_NINJS / name).read_text("utf-8"))
    assert is_ninjs(doc)
    first = run(doc)[0]
    assert first["kind"] == "new" and first["dispatch_id"].startswith(uri)
    assert first["headline"] == doc["headlines"][0]["value"]
    assert first["paragraphs"]
    # a second version of the same uri is an update of the same story
    created = datetime.fromisoformat(doc["versioncreated"].replace("Z", "+00:00"))
    second = dict(doc, version=str(int(doc.get("version") or 1) + 1),
                  versioncreated=(created + timedelta(hours=2)).isoformat())
    if "bodies" in second:
        second["bodies"] = [dict(b, value=b["value"] + ("<p>Ein neuer Absatz mit 42 neuen Zahlen.</p>"
                                                         if "html" in b.get("contenttype", "") else
                                                         "\n\nA new paragraph with 42 new figures."))
                            for b in doc["bodies"]]
    else:
        second["descriptions"] = [dict(d, value=d["value"] + "\n\nNy tekst med 42 nye tall.")
                                  for d in doc["descriptions"]]
    evs = run(doc, second)
    assert [e["kind"] for e in evs[:2]] == ["new", "update"]
    assert evs[0]["story_id"] == evs[1]["story_id"] and evs[1]["version"] == 2
    assert_valid(event_to_ninjs(evs[1]))


@needs_shared_ninjs
def test_ntb_subject_codes_become_agency_topics():
    doc = json.loads((SHARED_NINJS / "ntb_text.json").read_text("utf-8"))
    ev = run(doc)[0]
    agency = {t["code"] for t in ev["topics"] if t.get("source") == "agency"}
    assert "medtop:13000000" in agency  # IPTC Subject Code 13010000 (technology) -> science and technology
    assert ev["language"] == "nb" and ev["source"] == "NTB"


# --- NINJS out ----------------------------------------------------------------------------------------

def sample_events() -> list[dict]:
    from streams.cli.inputs import read_inputs

    pipe = Pipeline()
    out = []
    for item in read_inputs([str(ROOT / "streams" / "samples"), str(ROOT / "tests" / "fixtures"),
                             str(FIX)]):
        if item.error is None:
            out.extend(pipe.process(item.message, item.position))
    return out


def test_every_sample_event_is_valid_ninjs_2_2():
    evs = sample_events()
    docs = [event_to_ninjs(e) for e in evs]
    assert sum(d is not None for d in docs) >= 12
    for ev, doc in zip(evs, docs):
        if ev["kind"] in ("rejected", "duplicate"):
            assert doc is None
            continue
        assert_valid(doc)


def test_event_to_ninjs_mapping():
    evs = run(fixture("harbour-v1.json"), fixture("harbour-v3-correction.json"))
    doc = event_to_ninjs(evs[0])
    assert doc["uri"] == f"urn:wirefeed:story:{evs[0]['story_id']}"
    assert doc["version"] == "1" and doc["versioncreated"] == "2026-03-12T07:40:00+00:00"
    assert doc["pubstatus"] == "usable" and doc["language"] == "en" and doc["type"] == "text"
    assert doc["headlines"] == [{"role": "main", "contenttype": "text/plain",
                                 "value": "Dock workers in Rotterdam walk out over automation plans"}]
    plain, html = doc["bodies"]
    assert plain["contenttype"] == "text/plain" and plain["value"] == "\n\n".join(evs[0]["paragraphs"])
    assert plain["charcount"] == len(plain["value"]) and plain["wordcount"] == len(plain["value"].split())
    assert html["contenttype"] == "text/html" and html["value"].count("<p>") == len(evs[0]["paragraphs"])
    strike = next(s for s in doc["subjects"] if s["literal"] == "medtop:20000530")
    assert strike["uri"] == "http://cv.iptc.org/newscodes/mediatopic/20000530"
    assert strike["creator"] == "Example Agency" and isinstance(strike["relevance"], int)
    assert all(0 <= s["relevance"] <= 100 for s in doc["subjects"])
    assert any(s["creator"] == "wirefeed" for s in doc["subjects"])
    nl = doc["places"][0]
    assert nl == {"name": "Netherlands", "rel": "about", "uri": "http://cvx.iptc.org/iso3166-1a2/nl", "literal": "NL"}
    assert doc["located"] == "Rotterdam, Netherlands"
    assert {"role": "dispatch", "value": evs[0]["dispatch_id"]} in doc["altids"]
    assert doc["infosources"] == [{"name": "Example Agency"}]
    corr = event_to_ninjs(evs[1])
    assert corr["uri"] == doc["uri"] and corr["version"] == "2"
    assert corr["ednote"].startswith("Correction: replaces version 1")
    assert_valid(doc)
    assert_valid(corr)


def test_html_escaping_credits_related_and_links():
    ev = {"kind": "new", "story_id": "s-a", "version": 1, "event_id": "e-1", "dispatch_id": "d-1",
          "headline": "Q&A", "paragraphs": ["Profits <up> 5% & more"], "language": "und",
          "credits": [{"name": "A. Writer", "role": "reporting"}, {"name": "B. Other", "role": "reporting"},
                      {"name": "C. Editor", "role": "editing"}],
          "related": ["s-b", "s-c"], "see_also": [{"headline": "Earlier story", "flags": [], "story_id": "s-b"}],
          "dateline": {"city": "SOCHI", "country": "RU", "qualifier": "Russia"}, "flags": ["KILL"],
          "received_at": "2026-01-01T10:00:00"}
    doc = event_to_ninjs(ev)
    assert doc["bodies"][1]["value"] == "<p>Profits &lt;up&gt; 5% &amp; more</p>"
    assert doc["by"] == "Reporting by A. Writer and B. Other; Editing by C. Editor"
    assert doc["located"] == "SOCHI, Russia"
    assert doc["associations"] == [{"name": "Earlier story", "uri": "urn:wirefeed:story:s-b", "type": "text"},
                                   {"name": "related story", "uri": "urn:wirefeed:story:s-c", "type": "text"}]
    assert doc["pubstatus"] == "canceled" and "language" not in doc
    assert doc["versioncreated"] == "2026-01-01T10:00:00+00:00"
    assert_valid(doc)
    link = event_to_ninjs({"kind": "link", "story_id": "s-b", "related": ["s-a"], "event_id": "e-2",
                           "dispatch_id": "d-1"})
    assert link["representationtype"] == "partial" and link["associations"][0]["uri"] == "urn:wirefeed:story:s-a"
    assert_valid(link)
    assert event_to_ninjs({"kind": "duplicate", "story_id": "s-a"}) is None
    assert event_to_ninjs({"kind": "rejected", "dispatch_id": "d"}) is None
    assert event_to_ninjs({"kind": "repeat", "story_id": "s-a", "duplicate_of": "d-0"}) is None


def test_headline_only_alert_has_no_body():
    doc = event_to_ninjs({"kind": "new", "story_id": "s-z", "version": 1, "headline": "QUAKE HITS", "flags": ["ALERT"],
                          "paragraphs": []})
    assert "bodies" not in doc and doc["headlines"][0]["value"] == "QUAKE HITS"
    assert_valid(doc)


def test_every_wire_dev_event_is_valid_ninjs():
    require(WIRE_DEV.exists(), f"wire-dev at {WIRE_DEV}")
    from streams.cli.inputs import read_inputs

    pipe = Pipeline()
    n = 0
    for item in read_inputs([str(WIRE_DEV)]):
        assert item.error is None
        for ev in pipe.process(item.message, item.position):
            doc = event_to_ninjs(ev)
            if doc is not None:
                assert_valid(doc)
                n += 1
    assert n >= 80
