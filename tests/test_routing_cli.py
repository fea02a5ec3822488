"""`wirefeed routes check` and `wirefeed routes test` (offline, no Kafka)."""
from __future__ import annotations

import json
from pathlib import Path

from streams.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "streams" / "samples"

ROUTES = """\
desks:
  syria:                       # a country desk
    regions: [SY]
  west-asia:                   # a region desk on a UN M49 code
    regions: ["145"]
  economy:                     # a topic desk: interest rate, economic growth ... are narrower topics
    topics: [medtop:20000344]
"""


def test_check_explains_a_valid_file(tmp_path, capsys):
    f = tmp_path / "routes.yml"
    f.write_text(ROUTES)
    assert main(["routes", "check", str(f)]) == 0
    out = capsys.readouterr().out
    assert "valid" in out and "- west-asia -> wire.desk.west-asia" in out and "145 (Western Asia)" in out
    assert "medtop:20000344 (economy)" in out


def test_check_refuses_an_invalid_file_with_every_error(tmp_path, capsys):
    f = tmp_path / "routes.yml"
    f.write_text("desks:\n  a: {regions: [XX]}\n  b: {topics: [nope], kinds: [rejected]}\n")
    assert main(["routes", "check", str(f)]) == 1
    err = capsys.readouterr().err
    assert "is not a valid routes file" in err
    assert "desks.a.regions[0]" in err and "desks.b.topics[0]" in err and "rejected events never reach a desk" in err


def test_the_example_file_checks(capsys):
    assert main(["routes", "check", "--quiet", str(ROOT / "examples" / "routes.yml")]) == 0


def test_routes_test_shows_the_desks_of_each_dispatch(tmp_path, capsys):
    f = tmp_path / "routes.yml"
    f.write_text(ROUTES)
    assert main(["routes", "test", str(f), str(SAMPLES), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_headline: dict[str, list] = {}
    for r in rows:
        by_headline.setdefault(r["headline"] or r["kind"], []).append((r["kind"], r["desks"]))
    syria_story = by_headline["Washington prêt à renforcer sa coopération avec Moscou en Syrie"]
    assert syria_story == [("new", ["syria", "west-asia"])]
    rates = by_headline["Central bank holds rates, signals cut as inflation eases"]
    assert rates == [("new", ["economy"]), ("update", ["economy"]), ("duplicate", [])]
    # the link event of the earlier story follows that story's desks
    links = [r for r in rows if r["kind"] == "link"]
    assert links and all(r["desks"] == ["syria", "west-asia"] for r in links)
    assert [r["desks"] for r in rows if r["kind"] == "rejected"] == [[]]


def test_routes_test_explains(tmp_path, capsys):
    f = tmp_path / "routes.yml"
    f.write_text(ROUTES)
    assert main(["routes", "test", str(f), str(SAMPLES), "--explain"]) == 0
    out = capsys.readouterr()
    assert "+ west-asia: regions: SY (subject" in out.out
    assert "follows story" in out.out
    assert "per desk: syria=" in out.err
