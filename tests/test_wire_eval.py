"""`wirefeed eval wire`: the measures of the reference wire scorer, on an invented gold file."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from streams.cli.main import main as cli_main
from streams.evaluation import wire_eval

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "wire_score.py"

ART, ART_CHILD, ART_GRANDCHILD = "medtop:01000000", "medtop:20000002", "medtop:20000003"
ECONOMY, LABOUR = "medtop:04000000", "medtop:09000000"


def _gold(id_, language, headline, dateline, lead, subjects, *, also_ok=(), not_subject=(), first_ok=(), wrong=(),
          thread=None):
    return {"id": id_, "text": "(invented)", "received_at": "2024-03-05T10:00:00Z", "source": "test",
            "gold": {"language": language, "headline": headline, "headline_flags": [], "dateline": dateline,
                     "lead": lead, "subjects": list(subjects), "also_ok": list(also_ok),
                     "not_subject": list(not_subject), "topics_first_ok": list(first_ok), "topics_wrong": list(wrong),
                     "thread": thread}}


GOLD = [
    _gold("a1", "fr", "Le Sénat vote la réforme", {"city": "Paris", "country": "FR", "agency": "AFP"},
          "Le Sénat a adopté mardi soir la réforme des retraites par 200 voix contre 100", ["FR"], also_ok=["DE"],
          first_ok=[ART_CHILD]),
    _gold("a2", "en", None, None, "Shares in the company fell sharply on Monday after the results were released",
          ["US"], not_subject=["FR"], first_ok=[ECONOMY], wrong=[ART], thread={"kind": "duplicate", "of": "a1"}),
    _gold("a3", "de", "Streik bei der Post", {"city": "Frankfurt/Main", "country": "DE", "agency": "dpa"},
          "Die Beschäftigten der Post haben am Montag ihre Arbeit niedergelegt", ["DE"], not_subject=["FR"],
          first_ok=[LABOUR], thread={"kind": "related", "of": "a1"}),
    _gold("a4", "de", "Post-Streik geht weiter", {"city": "Bonn", "country": "DE", "agency": "dpa"},
          "Der Streik bei der Post geht auch am Dienstag weiter", ["DE"], first_ok=[LABOUR], wrong=[ART],
          thread={"kind": "related", "of": "a1"}),
]


def _ev(id_, kind, story, language, headline, city, country, paragraphs, regions, topics, **extra):
    return {"schema": "wirefeed.event/v1", "event_id": "e-" + id_ + kind, "dispatch_id": id_, "kind": kind,
            "story_id": story, "version": 1, "supersedes": None, "duplicate_of": None, "related": [],
            "language": language, "headline": headline, "flags": [],
            "dateline": {"city": city, "country": country, "date": None, "agency": None},
            "paragraphs": paragraphs, "regions": [{"code": c, "role": r, "score": 0.5} for c, r in regions],
            "topics": [{"code": t, "label": t, "score": 0.5} for t in topics], **extra}


EVENTS = [
    _ev("a1", "new", "s1", "fr", "LE SENAT VOTE LA REFORME", "PARIS", "FR",
        ["Le Sénat a adopté mardi soir la réforme des retraites, a-t-on appris."],
        [("FR", "subject"), ("DE", "subject"), ("IT", "mentioned")], [ART_GRANDCHILD]),
    # a second event with the same dispatch id: only the first one counts
    _ev("a1", "new", "s9", "en", "", None, None, [], [], []),
    _ev("a2", "duplicate", "s1", "en-GB", "Home", "London", "GB", ["Shares in the company rose"],
        [("US", "subject"), ("FR", "subject")], [ART_GRANDCHILD], duplicate_of="a1"),
    {"schema": "wirefeed.event/v1", "event_id": "e-a3", "dispatch_id": "a3", "kind": "rejected",
     "error": {"code": "no_body", "message": "no body"}},
    _ev("a4", "new", "s4", "de", "Post-Streik geht weiter", "Bonn", "DE",
        ["Der Streik bei der Post geht auch am Dienstag weiter, sagte ein Sprecher."], [], [LABOUR]),
    {"schema": "wirefeed.event/v1", "event_id": "e-link", "dispatch_id": "a4", "kind": "link", "story_id": "s1",
     "related": ["s4"]},
    _ev("zz", "new", "s5", "fr", "Pas dans l'or", None, None, ["Rien."], [("FR", "subject")], []),
]

# Worked out by hand from the cases above (see the comments of each measure).
EXPECTED_SUMMARY = ("real wire copy (4 dispatches): language 0.75, headline 0.50, dateline 0.67, no_invented_dateline "
                    "0.00, lead 0.50, region_f1 0.57, region_traps 0.50, first_topic 0.50, topic_traps 0.50, "
                    "threads 0.67 (region P 0.67 R 0.50)")


def test_measures_by_hand():
    r = wire_eval.score(GOLD, EVENTS)
    m = r["measures"]["all"]
    assert r["dispatches"] == 4
    assert m["language"] == 3 / 4  # a3 rejected; "en-GB" counts as "en"
    assert m["headline"] == 2 / 4  # a1 by folded words; a2 wants no headline; a3 rejected
    assert (m["dateline_count"], m["dateline_n"]) == (2, 3)
    assert (m["no_invented_dateline_count"], m["no_invented_dateline_n"]) == (0, 1)
    assert m["lead"] == 2 / 4  # first 8 folded words of the lead
    # regions: a1 tp FR (DE also ok), a2 tp US fp FR, a3 fn DE, a4 fn DE
    assert (m["region_p"], m["region_r"]) == (2 / 3, 2 / 4)
    assert m["region_f1"] == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert (m["region_traps_count"], m["region_traps_n"]) == (1, 2)
    # first topic: a1's medtop:20000003 is narrower than the accepted medtop:20000002
    assert (m["first_topic_count"], m["first_topic_n"]) == (2, 4)
    # topic traps: a2's medtop:20000003 is under medtop:01000000
    assert (m["topic_traps_count"], m["topic_traps_n"]) == (1, 2)
    # threads: a2 duplicate ok, a3 rejected, a4 related through a link event
    assert (m["threads_count"], m["threads_n"]) == (2, 3)
    assert wire_eval.summary_line(r) == EXPECTED_SUMMARY

    assert r["languages"] == ["de", "en", "fr"]
    de, fr = r["measures"]["de"], r["measures"]["fr"]
    assert (de["language"], de["region_f1"], de["threads_count"], de["threads_n"]) == (0.5, 0.0, 1, 2)
    assert fr["region_f1"] == 1.0 and fr["threads_n"] == 0
    assert not r["passed"] and "no_invented_dateline" in r["short"] and "threads" in r["short"]
    # measures with no gold item are never "short": fr alone has no thread, no trap
    only_fr = wire_eval.score(GOLD[:1], EVENTS)
    assert only_fr["passed"] and only_fr["short"] == []


def test_same_figures_and_misses_as_the_reference_scorer(tmp_path):
    """On the invented gold and events, the reference scorer (when the workplace has it) gives the
    same summary line and the same misses; without it, the hand-made figures above stand."""
    r = wire_eval.score(GOLD, EVENTS)
    assert wire_eval.summary_line(r) == EXPECTED_SUMMARY
    if not REFERENCE.is_file():
        return
    gold, events = tmp_path / "gold.jsonl", tmp_path / "events.jsonl"
    gold.write_bytes(b"".join(orjson.dumps(g) + b"\n" for g in GOLD))
    events.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in EVENTS))
    out = subprocess.run([sys.executable, str(REFERENCE), str(gold), str(events), "--details"],
                         capture_output=True, text=True, check=False).stdout.splitlines()
    assert out[-1].split("; short of goal")[0] == wire_eval.summary_line(r)
    ref_notes = sorted(line.strip() for line in out[:-1])
    ours = sorted(m["text"] for m in r["misses"] if m["measure"] != "region_traps")
    assert ours == ref_notes


def test_report_table_marks_short_measures():
    r = wire_eval.score(GOLD, EVENTS)
    text = wire_eval.report(r, details=True)
    assert "misses: headline (2)" in text and "a2: headline 'Home' != None" in text
    row = next(line for line in text.splitlines() if line.startswith("thread relations found"))
    assert row.split()[3:] == ["1/2*", "1/1", "-", "2/3", ">=", "14/16", "✗", "short"]
    row = next(line for line in text.splitlines() if line.startswith("subject countries"))
    assert "✗ short" in row
    assert EXPECTED_SUMMARY in text


def _write(path: Path, lines) -> Path:
    path.write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in lines))
    return path


def test_cli_runs_the_real_pipeline(tmp_path, capsys):
    """Invented Reuters-style copy through the real offline pipeline; gold that the output cannot
    meet (a wrong language) makes the exit code 1; the events are written."""
    copy = ("Le port de Marseille rouvre après la grève\n\nMARSEILLE, 5 mars (Reuters) - Le port de Marseille a "
            "rouvert mardi après dix jours de grève des dockers, a annoncé la direction, qui évoque un accord "
            "sur les salaires conclu dans la nuit avec les syndicats.\n\nLes navires en attente au large "
            "devraient accoster d'ici jeudi, selon la capitainerie.\n")

    def item(id_, received_at, language, thread):
        return {"id": id_, "received_at": received_at, "source": "Reuters", "text": copy,
                "gold": {"language": language, "headline": "Le port de Marseille rouvre après la grève",
                         "dateline": {"city": "Marseille", "country": "FR", "agency": "Reuters"},
                         "lead": "Le port de Marseille a rouvert mardi après dix jours", "subjects": ["FR"],
                         "topics_first_ok": [], "topics_wrong": [], "thread": thread}}

    # the same copy twice: the second is a duplicate; the first one's gold language is wrong on purpose
    lines = [item("t1", "2024-03-05T10:00:00Z", "en", None),
             item("t2", "2024-03-05T11:00:00Z", "fr", {"kind": "duplicate", "of": "t1"})]
    gold = _write(tmp_path / "gold.jsonl", lines)
    out = tmp_path / "events.jsonl"
    code = cli_main(["eval", "wire", "--gold", str(gold), "--events", str(out), "--details"])
    text = capsys.readouterr().out
    assert code == 1
    events = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    assert [e["dispatch_id"] for e in events[:2]] == ["t1", "t2"]
    assert events[0]["language"] == "fr" and events[1]["kind"] == "duplicate"
    assert "t1: language fr != en" in text
    row = next(line for line in text.splitlines() if line.startswith("language"))
    assert row.split()[1:] == ["0.00*", "1.00", "0.50", ">=", "1.00", "✗", "short"]
    assert "headline right" in text and "thread relations found" in text


def test_cli_exit_code_zero_when_every_target_is_met(tmp_path, monkeypatch, capsys):
    gold = _write(tmp_path / "gold.jsonl", GOLD[:1])
    monkeypatch.setattr(wire_eval, "run_pipeline", lambda g, **kw: EVENTS[:1])
    assert cli_main(["eval", "wire", "--gold", str(gold)]) == 0
    assert "all targets met" in capsys.readouterr().out
    monkeypatch.setattr(wire_eval, "run_pipeline", lambda g, **kw: [])  # no event at all
    assert cli_main(["eval", "wire", "--gold", str(gold), "--json"]) == 1
    result = orjson.loads(capsys.readouterr().out)
    assert result["misses"][0]["text"] == "a1: no event or rejected"


def test_cli_needs_gold():
    with pytest.raises(SystemExit):
        cli_main(["eval", "wire"])
    with pytest.raises(SystemExit):
        cli_main(["eval", "parse"])
