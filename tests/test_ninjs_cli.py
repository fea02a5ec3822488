"""`wirefeed process --format ninjs`, .json inputs (NINJS documents), `tail --desk/--format` options."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from streams.cli.inputs import read_inputs
from streams.cli.main import main
from streams.ninjs import NinjsEnvelope, load_schema

FIX = Path(__file__).parent / "fixtures" / "ninjs"


def test_json_files_are_one_document_or_an_array(tmp_path):
    arr = tmp_path / "two.json"
    arr.write_text(json.dumps([json.loads((FIX / "harbour-v1.json").read_text()),
                               {"text": "Headline here\n\nA body paragraph of the envelope.", "id": "e-1"}]))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    items = list(read_inputs([str(FIX / "vineyard-html.json"), str(arr), str(bad)]))
    assert [i.position for i in items] == ["vineyard-html.json", "two.json[1]", "two.json[2]", "bad.json"]
    assert isinstance(items[0].message, NinjsEnvelope) and isinstance(items[1].message, NinjsEnvelope)
    assert items[2].message.id == "e-1" and not isinstance(items[2].message, NinjsEnvelope)
    assert items[3].message is None and items[3].error.code == "invalid_json"


def test_process_format_ninjs(capsys):
    assert main(["process", "--format", "ninjs", "--summary", str(FIX)]) == 0
    out = capsys.readouterr()
    docs = [json.loads(line) for line in out.out.splitlines()]
    validator = jsonschema.Draft202012Validator(load_schema())
    for d in docs:
        assert not list(validator.iter_errors(d))
    assert [d["version"] for d in docs if "harbour" in d["altids"][0]["value"]] == ["1", "2", "3"]
    assert len({d["uri"] for d in docs if "harbour" in d["altids"][0]["value"]}) == 1
    assert "rejected d-" in out.err and "missing_text" in out.err  # no-content.json: reported, not printed
    assert "correction=1" in out.err and "rejected=1" in out.err


def test_tail_desk_and_ninjs_options(monkeypatch):
    import pytest

    import streams.cli.kafka_tools as kt
    from streams.ninjs import event_to_ninjs

    seen = []

    async def fake_tail(s, a):
        seen.append(a)

    monkeypatch.setattr(kt, "tail", fake_tail)
    assert main(["tail", "--desk", "france", "--format", "ninjs"]) == 0
    assert seen[-1].topic_name == "wire.desk.france" and seen[-1].render is event_to_ninjs
    assert main(["tail", "--format", "json"]) == 0
    assert seen[-1].json is True and not hasattr(seen[-1], "topic_name")
    with pytest.raises(SystemExit):
        main(["tail", "--desk", "../etc"])


def test_send_keys_ninjs_documents_by_their_agency():
    from streams.cli.kafka_tools import source_key

    v1 = (FIX / "harbour-v1.json").read_bytes()
    assert source_key(v1) == b"Example Agency"
    assert source_key(b'{"uri": "urn:x:1", "headlines": [{"value": "h"}]}') == b"urn:x:1"
    assert source_key(b'{"text": "t", "source": "afp"}') == b"afp"
    assert source_key(b'{"text": "t"}') is None
