"""Desk routing: the routes file (strict YAML, validation), matching, version following, reload."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.routing import (DeskMemory, Router, Routes, RoutesError, RoutesWatcher, load_routes, parse_routes,
                             routable)
from streams.routing import areas
from streams.routing.routes import routes_from_obj
from streams.routing.yamlload import load_yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "routes.yml"


def region(code, role="subject", score=0.9, **kw):
    return {"code": code, "role": role, "score": score, **kw}


def topic(code, score=0.9, label=None):
    return {"code": code, "label": label or code, "score": score}


def event(kind="new", story="s-1", regions=(), topics=(), language="en", version=1, **kw):
    ev = {"schema": "wirefeed.event/v1", "event_id": f"e-{story}-{kind}-{version}", "dispatch_id": f"d-{story}-{version}",
          "kind": kind, "story_id": story, "version": version, "language": language, "headline": "h", "flags": [],
          "regions": list(regions), "topics": list(topics), "received_at": "2026-03-12T07:40:00+00:00"}
    ev.update(kw)
    return ev


THREE_DESKS = """
desks:
  syria:
    regions: [SY]
  west-asia:
    regions: ["145"]
  rates:
    topics: [medtop:20000344]   # economy; interest rate (medtop:20000371) is narrower, via macro economics
"""


# --- the strict YAML loader -----------------------------------------------------------------------

def test_yaml_keeps_norway_and_leading_zero_m49_codes():
    doc = load_yaml("regions: [NO, no, 013, '053', 150, yes]\nflag: true")
    assert doc == {"regions": ["NO", "no", "013", "053", 150, "yes"], "flag": True}


def test_yaml_refuses_a_desk_given_twice():
    with pytest.raises(RoutesError) as e:
        parse_routes("desks:\n  a: {regions: [FR]}\n  a: {regions: [DE]}\n")
    assert "given twice" in str(e.value) and "line 3" in str(e.value)


# --- validation --------------------------------------------------------------------------------------

def test_example_routes_file_is_valid_and_explained():
    routes = load_routes(str(EXAMPLE))
    assert routes.names == ["france", "middle-east", "europe-economy", "football"]
    assert routes.topics() == ["wire.desk.france", "wire.desk.middle-east", "wire.desk.europe-economy",
                               "wire.desk.football"]
    me = routes.get("middle-east")
    assert me.regions == ("145",) and me.min_region_score == 0.5 and me.exclude_topics == ("medtop:15000000",)
    assert routes.get("france").region_roles == ("subject", "dateline")
    assert routes.get("europe-economy").region_roles == ("subject",)  # from defaults
    assert routes.topics("acme.") == ["acme.france", "acme.middle-east", "acme.europe-economy", "acme.football"]
    text = routes.describe()
    assert "- france -> wire.desk.france" in text
    assert "- france -> acme.france" in routes.describe("acme.")  # WIREFEED_TOPIC_DESK_PREFIX
    assert "145 (Western Asia)" in text and "medtop:04000000 (economy, business and finance)" in text
    assert not routes.warnings


def test_codes_are_normalised():
    r = parse_routes("desks:\n  d:\n    regions: [fr, 150, '2', 013]\n    topics: ['20000639', "
                     "'http://cv.iptc.org/newscodes/mediatopic/04000000']\n    languages: [FR]\n")
    d = r.get("d")
    assert d.regions == ("FR", "150", "002", "013")
    assert d.topics == ("medtop:20000639", "medtop:04000000")
    assert d.languages == ("fr",)


def test_every_problem_is_reported_with_its_place():
    text = """
version: 1
desks:
  Bad Name: {regions: [FR]}
  ok:
    regions: [FR, XX, 43]
    topics: [medtop:99999999, football]
    min_topic_score: 2
    kinds: [new, duplicate]
    languages: [french]
    exlude: {regions: [DE]}
    exclude: {regions: [ZZ], flag: [ALERT]}
"""
    with pytest.raises(RoutesError) as e:
        parse_routes(text, "r.yml")
    errs = e.value.errors
    joined = "\n".join(errs)
    assert str(e.value).startswith("r.yml: invalid routes")
    assert "desks.Bad Name: bad desk name" in joined
    assert any(x.startswith("desks.ok.regions[1]: 'XX' is neither") for x in errs)
    assert any(x.startswith("desks.ok.regions[2]: 43 is not a UN M49 region code") for x in errs)
    assert any(x.startswith("desks.ok.topics[0]:") for x in errs)
    assert any(x.startswith("desks.ok.topics[1]:") for x in errs)
    assert any(x.startswith("desks.ok.min_topic_score: must be a number between 0 and 1") for x in errs)
    assert any("duplicate events never reach a desk" in x for x in errs)
    assert any(x.startswith("desks.ok.languages[0]:") for x in errs)
    assert "desks.ok.exlude: unknown key (did you mean 'exclude'?)" in errs
    assert any(x.startswith("desks.ok.exclude.regions[0]: 'ZZ'") for x in errs)
    assert "desks.ok.exclude.flag: unknown key (did you mean 'flags'?)" in errs


@pytest.mark.parametrize("text,needle", [
    ("", "empty"),
    ("desks: [a, b]", "mapping of desk name"),
    ("desks: {}", "declare at least one desk"),
    ("- a\n- b", "top level must be a mapping"),
    ("desks:\n  a: {regions: [FR]\n", "not valid YAML: line"),
    ("version: 2\ndesks: {a: {regions: [FR]}}", "unsupported version"),
    ("desks: {a: {region_roles: [subjects]}}", "did you mean 'subject'?"),
    ("desks: {a: {kinds: []}}", "the desk would receive nothing"),
])
def test_bad_files_give_clear_errors(text, needle):
    with pytest.raises(RoutesError) as e:
        parse_routes(text)
    assert needle in str(e.value)


def test_warnings_do_not_refuse_the_file():
    r = parse_routes("desks:\n  all: {}\n  odd: {regions: [FR], exclude: {regions: [FR]}}\n"
                     "  subj: {topics: ['subj:04000000']}\n")
    assert r.names == ["all", "odd", "subj"]
    w = "\n".join(r.warnings)
    assert "desks.all: no region, topic, language or source criterion" in w
    assert "FR both wanted and excluded" in w
    assert "subj:04000000 is not a Media Topic code: mapped to medtop:04000000" in w


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers(-5, 2000) | st.floats(allow_nan=False) |
                    st.sampled_from(["FR", "150", "medtop:20000639", "new", "subject", "desks", "regions", "x y"]),
                    lambda children: st.lists(children, max_size=4)
                    | st.dictionaries(st.sampled_from(["desks", "regions", "topics", "kinds", "exclude", "a",
                                                      "languages", "min_region_score", "defaults", "version"]),
                                      children, max_size=4),
                    max_leaves=20))
def test_any_document_gives_routes_or_a_routes_error(doc):
    try:
        r = routes_from_obj(doc)
    except RoutesError as e:
        assert e.errors and all(isinstance(x, str) and x for x in e.errors)
    else:
        assert isinstance(r, Routes) and r.desks


# --- regions ---------------------------------------------------------------------------------------

def test_region_table_is_current():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_routing_regions", ROOT / "scripts" / "build_routing_regions.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.render(mod.build()) == (ROOT / "streams" / "routing" / "data" / "regions.json").read_text("utf-8")


def test_countries_lie_in_their_m49_regions():
    assert areas.m49_of("FR") == ("150", "155")
    assert areas.m49_of("KE") == ("002", "202", "014")
    assert areas.m49_of("GB") == ("150", "154")  # the gazetteer has none: filled from UN M49
    assert areas.m49_of("GR") == ("150", "039")
    assert areas.name("145") == "Western Asia" and areas.name("001") == "World"
    # every country the tagger can emit, but Antarctica and the EU (supranational), is in some M49 region
    assert [c for c in areas.countries() if not areas.m49_of(c)] == ["AQ", "EU"]  # EU: supranational, in no M49 region
    assert {"001"} < areas.areas_of_region({"code": "AQ"})


# --- matching --------------------------------------------------------------------------------------

def routes(text: str) -> Router:
    return Router(parse_routes(text))


def test_country_region_and_narrower_topic_desks():
    r = routes(THREE_DESKS)
    assert r.match(event(regions=[region("SY")])) == ["syria", "west-asia"]
    assert r.match(event(regions=[region("AE")])) == ["west-asia"]
    assert r.match(event(regions=[region("FR")])) == []
    # interest rate -> macro economics -> economy (the desk's topic) -> economy, business and finance
    assert r.match(event(topics=[topic("medtop:20000371")])) == ["rates"]
    assert r.match(event(topics=[topic("medtop:20000344")])) == ["rates"]
    assert r.match(event(topics=[topic("medtop:04000000")])) == []  # broader: not the desk's topic


def test_m49_regions_subregions_and_intermediate_regions():
    r = routes("desks:\n  africa: {regions: ['002']}\n  east-africa: {regions: ['014']}\n"
               "  europe: {regions: [150]}\n  world: {regions: ['001']}\n")
    assert r.match(event(regions=[region("KE")])) == ["africa", "east-africa", "world"]
    assert r.match(event(regions=[region("NG")])) == ["africa", "world"]
    assert r.match(event(regions=[region("IT")])) == ["europe", "world"]
    assert r.match(event(regions=[region("GB")])) == ["europe", "world"]
    # the event's own M49 fields count too (as the region tagger writes them)
    tagged = region("XK", m49_region={"code": "150"}, m49_subregion={"code": "039"})
    assert r.match(event(regions=[tagged])) == ["europe", "world"]


def test_roles_priors_and_scores():
    r = routes("desks:\n  fr: {regions: [FR]}\n  fr-any: {regions: [FR], region_roles: [subject, dateline, "
               "mentioned, prior]}\n  fr-strong: {regions: [FR], min_region_score: 0.8}\n")
    assert r.match(event(regions=[region("FR", score=0.9)])) == ["fr", "fr-any", "fr-strong"]
    assert r.match(event(regions=[region("FR", score=0.5)])) == ["fr", "fr-any"]
    assert r.match(event(regions=[region("FR", role="dateline", score=0.35)])) == ["fr-any"]
    assert r.match(event(regions=[region("FR", role="mentioned", score=0.1)])) == ["fr-any"]
    assert r.match(event(regions=[region("FR", score=0.5, prior=True)])) == ["fr-any"]


def test_languages_sources_kinds_and_all_criteria_together():
    r = routes("""
desks:
  fr-eco:
    regions: [FR]
    topics: [medtop:04000000]
    min_topic_score: 0.5
    languages: [fr]
    sources: [AFP]
    kinds: [new, update]
""")
    ok = event(regions=[region("FR")], topics=[topic("medtop:20000371", 0.7)], language="fr", source="afp")
    assert r.match(ok) == ["fr-eco"]
    assert r.match({**ok, "language": "en"}) == []
    assert r.match({**ok, "source": "reuters"}) == []
    assert r.match({**ok, "topics": [topic("medtop:20000371", 0.4)]}) == []
    assert r.match({**ok, "regions": [region("DE")]}) == []
    assert r.match({**ok, "kind": "repeat"}) == []


def test_exclusions():
    r = routes("""
desks:
  mideast:
    regions: ["145"]
    exclude:
      topics: [medtop:15000000]
      flags: [ALERT]
      languages: [ar]
      regions: [IL]
""")
    base = event(regions=[region("SY")], topics=[topic("medtop:20000639")])
    assert r.match(base) == ["mideast"]
    assert r.match({**base, "topics": [topic("medtop:20001065")]}) == []  # soccer is under sport
    assert r.match({**base, "flags": ["ALERT"]}) == []
    assert r.match({**base, "flags": ["UPDATE 2"]}) == ["mideast"]
    assert r.match({**base, "language": "ar"}) == []
    assert r.match({**base, "regions": [region("SY"), region("IL")]}) == []
    assert r.match({**base, "regions": [region("SY"), region("IL", role="mentioned")]}) == ["mideast"]


def test_explanations_say_why():
    r = routes(THREE_DESKS)
    desks, why = r.route_explained(event(regions=[region("SY", score=0.93)]), {}, explain=True)
    assert desks == ["syria", "west-asia"]
    assert why["west-asia"] == ["regions: SY (subject, 0.93) in 145"]
    assert why["rates"][0].startswith("no topic in or under medtop:20000344; the event has no topic")


# --- version following -----------------------------------------------------------------------------

def test_update_follows_the_desks_of_its_first_version():
    r = routes(THREE_DESKS)
    mem: dict = {}
    assert r.route(event(regions=[region("SY")]), mem) == ["syria", "west-asia"]
    # UPDATE 1 now tagged only with Lebanon and interest rates: it still goes where its original went, and only there
    upd = event(kind="update", version=2, regions=[region("LB")], topics=[topic("medtop:20000371")])
    assert r.route(upd, mem) == ["syria", "west-asia"]
    assert r.route(event(kind="correction", version=3), mem) == ["syria", "west-asia"]
    assert r.route({"kind": "link", "story_id": "s-1", "related": ["s-2"], "event_id": "e"}, mem) == ["syria",
                                                                                                      "west-asia"]


def test_a_desk_never_gets_an_update_whose_original_it_did_not_get():
    r = routes(THREE_DESKS)
    mem: dict = {}
    assert r.route(event(story="s-9", regions=[region("FR")]), mem) == []
    assert mem["s-9"]["d"] == []
    assert r.route(event(kind="update", story="s-9", version=2, regions=[region("SY")]), mem) == []


def test_unknown_story_routes_by_its_own_tags_and_is_remembered():
    r = routes(THREE_DESKS)
    mem: dict = {}
    assert r.route(event(kind="update", story="s-5", version=4, regions=[region("SY")]), mem) == ["syria", "west-asia"]
    assert mem["s-5"]["d"] == ["syria", "west-asia"]
    # a correction of a story never seen opens it like a new one
    assert r.route(event(kind="correction", story="s-6", regions=[region("AE")]), mem) == ["west-asia"]
    # a link for a story the memory does not know goes nowhere (a link has no content)
    assert r.route({"kind": "link", "story_id": "s-7", "related": ["s-1"]}, mem) == []
    assert "s-7" not in mem


def test_duplicates_rejects_and_seen_repeats_go_nowhere():
    r = routes("desks:\n  all: {}\n")
    mem: dict = {}
    assert r.route(event(kind="duplicate", duplicate_of="d-0"), mem) == []
    assert r.route({"kind": "rejected", "dispatch_id": "d", "error": {"code": "empty", "message": ""}}, mem) == []
    assert r.route(event(kind="repeat", duplicate_of="d-0"), mem) == []
    assert r.route(event(kind="repeat", story="s-r"), mem) == ["all"]  # a repeat of a story never seen is published
    assert not routable(event(kind="duplicate")) and routable(event())
    assert list(mem) == ["s-r"]


def test_memory_is_written_once_per_story_and_replays_are_stable():
    class Counting(dict):
        writes = 0

        def __setitem__(self, k, v):
            Counting.writes += 1
            super().__setitem__(k, v)

    r = routes(THREE_DESKS)
    mem = Counting()
    first = event(regions=[region("SY")])
    assert r.route(first, mem) == ["syria", "west-asia"]
    for v in range(2, 6):
        r.route(event(kind="update", version=v, regions=[region("SY")]), mem)
    assert Counting.writes == 1
    # routes change (syria removed, a new desk); replaying the first event gives its remembered desks still there
    r.set_routes(parse_routes("desks:\n  west-asia: {regions: ['145']}\n  levant: {regions: [SY]}\n"))
    assert r.route(first, mem) == ["west-asia"]
    assert r.route(event(kind="update", version=6, regions=[region("SY")]), mem) == ["west-asia"]


def test_kinds_still_apply_to_followers():
    r = routes("desks:\n  firsts: {regions: [SY], kinds: [new]}\n  all: {regions: [SY]}\n")
    mem: dict = {}
    assert r.route(event(regions=[region("SY")]), mem) == ["firsts", "all"]
    assert r.route(event(kind="update", version=2), mem) == ["all"]


def test_memory_expiry_is_bounded_and_complete():
    mem = DeskMemory({}, window=__import__("datetime").timedelta(days=7))
    day = 86400
    for i in range(50):
        mem.remember(f"s-{i}", ["a"], t=i * day)
    assert mem.expire_some(now=30 * day, budget_s=1.0) == 23  # t < 23 days
    assert len(mem.state) == 27 and mem.get("s-23") == ["a"] and mem.get("s-22") is None
    assert mem.expire_some(now=30 * day, budget_s=1.0) == 0


def test_updates_refresh_a_long_running_story():
    mem = DeskMemory({}, window=__import__("datetime").timedelta(days=4))
    r = routes(THREE_DESKS)
    r.route(event(regions=[region("SY")], received_at="2026-03-01T00:00:00+00:00"), mem)
    r.route(event(kind="update", version=2, received_at="2026-03-04T00:00:00+00:00"), mem)
    assert mem.state["s-1"]["t"] == 1772582400  # 2026-03-04
    mem.expire_some(now=1772582400 + 3 * 86400, budget_s=1.0)
    assert mem.get("s-1") == ["syria", "west-asia"]


# --- reload ----------------------------------------------------------------------------------------

def test_watcher_reloads_valid_files_and_keeps_the_old_routes_otherwise(tmp_path, caplog):
    path = tmp_path / "routes.yml"
    path.write_text("desks:\n  a: {regions: [FR]}\n")
    router = Router(Routes())
    w = RoutesWatcher(str(path), router)
    assert w.load().names == ["a"] and router.routes.names == ["a"]
    assert w.poll() is None  # unchanged

    path.write_text("desks:\n  a: {regions: [FR]}\n  b: {regions: ['150']}\n")
    res = w.poll()
    assert res.status == "loaded" and res.added == ("b",) and router.routes.names == ["a", "b"]

    with caplog.at_level(logging.ERROR, logger="wirefeed.routing"):
        path.write_text("desks:\n  a: {regions: [XX]}\n")
        res = w.poll()
    assert res.status == "refused" and "'XX' is neither" in str(res.error)
    assert router.routes.names == ["a", "b"]  # the old routes stay
    assert "previous routes stay" in caplog.text and "desks.a.regions[0]" in caplog.text
    assert w.poll() is None  # the same bad content is not reported again

    path.unlink()
    res = w.poll()
    assert res.status == "refused" and "cannot read" in str(res.error) and router.routes.names == ["a", "b"]
    assert w.poll() is None

    path.write_text("desks:\n  c: {topics: [medtop:15000000]}\n")
    res = w.poll()
    assert res.status == "loaded" and res.added == ("c",) and res.removed == ("a", "b")
    assert router.routes.names == ["c"]


def test_first_load_of_a_bad_file_raises(tmp_path):
    path = tmp_path / "routes.yml"
    path.write_text("desks: nope\n")
    with pytest.raises(RoutesError):
        RoutesWatcher(str(path)).load()
    with pytest.raises(RoutesError) as e:
        load_routes(str(tmp_path / "missing.yml"))
    assert "cannot read the file" in str(e.value)


def test_memory_in_a_language_scoped_table_as_the_worker_keeps_it():
    from streams.worker.state import ScopedState

    table: dict = {}
    r = routes(THREE_DESKS)
    fr, en = ScopedState(table, "fr:"), ScopedState(table, "en:")
    assert r.route(event(story="s-fr", regions=[region("SY")], received_at="2026-03-01T00:00:00+00:00"), fr) == \
        ["syria", "west-asia"]
    assert r.route(event(story="s-en", regions=[region("AE")], received_at="2026-03-09T00:00:00+00:00"), en) == \
        ["west-asia"]
    assert set(table) == {"fr:s-fr", "en:s-en"}
    assert r.route(event(kind="update", story="s-fr", version=2, received_at="2026-03-01T02:00:00+00:00"), fr) == \
        ["syria", "west-asia"]
    # expiry through the French view only ever deletes French keys
    assert DeskMemory(fr).expire_some(now=1773100800, budget_s=1.0) == 1  # 2026-03-10: s-fr is 9 days old
    assert set(table) == {"en:s-en"}
    assert DeskMemory(en).expire_some(now=1773100800, budget_s=1.0) == 0
