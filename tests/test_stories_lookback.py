"""The duplicate look-back (issue 9, point 6): identity does not decay.

A story is open for versions, corrections and related links for the threading window (7 days); its content
identity (fingerprints, MinHash bands) is remembered for the longer duplicate look-back (30 days), so the same
agency copy re-published by another site weeks later is a ``duplicate``.  Past the window nothing else matches:
no versions, no related links, no duplicate of a short or re-dated templated text.

Dispatches are built by hand (no parser) with short invented English wire copy.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from streams.config import Settings
from streams.model import Dateline, Envelope, ParsedDispatch, SeeAlso, TaggedDispatch
from streams.pipeline import Pipeline
from streams.stories import DEFAULT_DUPLICATE_WINDOW, StoryThreader, threading_input
from streams.stories.features import ThreadingInput
from streams.stories.threader import DISPATCH, STORY

T0 = datetime(2025, 2, 3, 14, 0, tzinfo=timezone.utc)

H = "Harbor town votes to rebuild seawall after winter storms"
BODY = [
    "Voters in Millbrook Cove approved a $14 million bond on Tuesday to rebuild the town's seawall, "
    "two winters after storms flooded 230 homes along the Marlowe River estuary.",
    "Mayor Dana Whitfield said construction would begin in April and take about 18 months, with the state "
    "Coastal Resilience Office covering a third of the cost.",
    "The measure passed 2,114 to 1,380. Opponents, led by the Cove Taxpayers League, argued the town should "
    "wait for a federal study of the estuary due next year.",
    "Harbor master Luis Ortega said fishing boats would keep using the north pier during the work, "
    "although the ferry to Gull Island will move to Pelham Landing until the fall.",
]
# another site's page: the same copy, a page teaser of another story appended, a site line before the lead
TEASER = "Read next: Ridgefield council delays vote on school budget for a third time as 3 members resign."
H_COPY = "Millbrook Cove approves seawall bond"


def doc(i: str, headline: str, paras: list[str], at: datetime, *, flags=(), date: str | None = None,
        see_also=(), agency: str | None = "AP", source: str | None = None) -> TaggedDispatch:
    env = Envelope(id=i, text="x", received_at=at, language="en", source=source)
    parsed = ParsedDispatch(headline=headline, flags=list(flags), language="en", paragraphs=list(paras),
                            dateline=Dateline(city="Millbrook Cove", country="US", date=date, agency=agency),
                            see_also=[SeeAlso(headline=h) for h in see_also])
    return TaggedDispatch(dispatch_id=i, envelope=env, parsed=parsed, received_at=at)


def run(th: StoryThreader, d: TaggedDispatch):
    return th.thread(threading_input(d), d.received_at)


def test_the_same_copy_on_another_site_weeks_later_is_a_duplicate():
    th = StoryThreader({})
    d1 = run(th, doc("site-a", H, BODY, T0))
    # 25 days later, another site: another headline, a teaser of another story glued to the end
    d2 = run(th, doc("site-b", H_COPY, [*BODY, TEASER], T0 + timedelta(days=25)))
    assert (d2.kind, d2.story_id, d2.duplicate_of, d2.version, d2.publish) == \
        ("duplicate", d1.story_id, "site-a", 1, False)
    # an exact copy (same fingerprint) too, and a cut copy missing a paragraph
    d3 = run(th, doc("site-c", H, BODY, T0 + timedelta(days=26)))
    assert (d3.kind, d3.duplicate_of) == ("duplicate", "site-a")
    d4 = run(th, doc("site-d", H, BODY[:3], T0 + timedelta(days=27)))
    assert (d4.kind, d4.duplicate_of) == ("duplicate", "site-a")


def test_the_look_back_ends_and_can_be_switched_off():
    th = StoryThreader({})
    run(th, doc("site-a", H, BODY, T0))
    assert run(th, doc("late", H, BODY, T0 + DEFAULT_DUPLICATE_WINDOW + timedelta(hours=1))).kind == "new"
    th = StoryThreader({}, duplicate_window=None)
    run(th, doc("site-a", H, BODY, T0))
    assert run(th, doc("site-b", H, BODY, T0 + timedelta(days=8))).kind == "new"
    th = StoryThreader({}, window=timedelta(days=2), duplicate_window=timedelta(days=1))  # never below the window
    assert th.duplicate_window == timedelta(days=2)


def test_past_the_window_only_copies_match_not_versions_nor_related():
    th = StoryThreader({})
    d1 = run(th, doc("v1", H, BODY, T0))
    later = T0 + timedelta(days=10)
    # a longer version with new figures: an update inside the window, a new story past it
    longer = [*BODY, "On Friday the state added $2 million for a second pier, Whitfield said in Millbrook Cove."]
    d2 = run(th, doc("v2", "UPDATE 1-" + H, longer, later, flags=["UPDATE 1"]))
    assert d2.kind == "new" and d2.story_id != d1.story_id
    # a correction of the old text: never a version of the closed story (here: of the live one, v2)
    d3 = run(th, doc("v3", "CORRECTED-" + H, BODY, later + timedelta(hours=1), flags=["CORRECTED"]))
    assert d3.kind == "correction" and d3.story_id != d1.story_id
    # a see-also naming the headline finds the live story, never the closed one
    d4 = run(th, doc("v4", "Gull Island ferry moves to Pelham Landing",
                     ["The Gull Island ferry will leave from Pelham Landing from May, the operator said on Monday."],
                     later + timedelta(hours=2), see_also=[H]))
    assert d4.see_also_story_ids == [d2.story_id] and d1.story_id not in d4.related


def test_a_recurring_templated_text_with_a_new_dateline_date_is_a_new_story():
    """The same words filed again on another day (a weekly notice) are a new event, not a copy."""
    th = StoryThreader({})
    d1 = run(th, doc("w1", H, BODY, T0, date="2025-02-03"))
    d2 = run(th, doc("w2", H, BODY, T0 + timedelta(days=14), date="2025-02-17"))
    assert d2.kind == "new" and d2.story_id != d1.story_id
    # the same date (or none on one side) is the same filing
    for date in ("2025-02-03", None):
        th = StoryThreader({})
        run(th, doc("w1", H, BODY, T0, date="2025-02-03"))
        d3 = run(th, doc("w3", H, BODY, T0 + timedelta(days=15), date=date))
        assert (d3.kind, d3.duplicate_of) == ("duplicate", "w1")


def test_a_short_text_is_not_matched_past_the_window():
    th = StoryThreader({})
    flash = ["Trading in Millbrook Bancorp shares halted pending news."]
    run(th, doc("f1", "Millbrook Bancorp halted", flash, T0))
    d = run(th, doc("f2", "Millbrook Bancorp halted", flash, T0 + timedelta(days=9)))
    assert d.kind == "new"
    # inside the window an exact re-send is still a duplicate, whatever its length
    d = run(th, doc("f3", "Millbrook Bancorp halted", flash, T0 + timedelta(days=9, hours=1)))
    assert (d.kind, d.duplicate_of) == ("duplicate", "f2")


def test_closed_stories_survive_expiry_and_a_restart_with_one_write_per_copy():
    state: dict = {}
    th = StoryThreader(state)
    d1 = run(th, doc("site-a", H, BODY, T0))
    now = T0 + timedelta(days=12)
    assert th.expire(now) == 2  # the dispatch record deleted, the story closed (kept)
    assert set(state) == {STORY + d1.story_id}
    ix = th.load()
    assert d1.story_id in ix.closed and not any(d1.story_id in b for b in ix.headline.values())
    # a worker restart: the indexes are rebuilt from the records, the story is found again
    fresh = StoryThreader(state)
    n = len(state)
    d2 = run(fresh, doc("site-b", H_COPY, [*BODY, TEASER], now))
    assert (d2.kind, d2.story_id) == ("duplicate", d1.story_id)
    assert len(state) == n + 1 and DISPATCH + "site-b" in state  # one write: the dispatch record
    # replayed after a crash: the same decision from the dispatch record, no new write
    assert run(fresh, doc("site-b", H_COPY, [*BODY, TEASER], now)) == d2 and len(state) == n + 1
    # past the look-back the story record goes; the duplicate's record went at its own window
    assert fresh.expire(T0 + timedelta(days=31)) >= 1 and STORY + d1.story_id not in state


def test_an_agency_story_id_reused_past_the_window_opens_the_story_again():
    state: dict = {}
    th = StoryThreader(state)
    kw = dict(agency_story_id="AP-7731", source="AP")
    env = doc("x1", H, BODY, T0)
    env.envelope.agency_story_id, env.envelope.source = kw["agency_story_id"], kw["source"]
    d1 = run(th, env)
    th.expire(T0 + timedelta(days=8))
    other = ["Millbrook Cove opened its rebuilt library on Saturday after a two-year closure, Mayor Dana Whitfield "
             "said, with 40,000 books and a new archive of town records.",
             "The $3 million project was paid for by a bequest from the Ortega family."]
    env2 = doc("x2", "Millbrook Cove library reopens", other, T0 + timedelta(days=9))
    env2.envelope.agency_story_id, env2.envelope.source = kw["agency_story_id"], kw["source"]
    d2 = run(th, env2)
    assert (d2.kind, d2.story_id, d2.version) == ("new", d1.story_id, 1)
    ix = th.load()
    assert d1.story_id not in ix.closed and ix.story_t[d1.story_id] == int((T0 + timedelta(days=9)).timestamp())
    # the old text is no longer indexed under that story
    d3 = run(th, doc("x3", H, BODY, T0 + timedelta(days=10)))
    assert d3.kind == "new"


def test_pipeline_and_settings_carry_the_look_back():
    s = Settings(window_days=7, duplicate_window_days=3)
    assert s.duplicate_window == timedelta(days=7)  # never below the window
    assert Settings().duplicate_window == DEFAULT_DUPLICATE_WINDOW == timedelta(days=30)
    assert Pipeline(duplicate_window=timedelta(days=12)).threader.duplicate_window == timedelta(days=12)


def test_the_dateline_date_travels_in_the_internal_message_and_may_be_absent():
    inp = threading_input(doc("d1", H, BODY, T0, date="2025-02-03"))
    assert inp.date == "2025-02-03"
    d = inp.to_dict()
    assert ThreadingInput.from_dict(d) == inp
    del d["date"]  # a message from a worker of the previous release
    assert ThreadingInput.from_dict(d).date == ""


def test_a_rebuild_closes_the_stories_already_past_the_window():
    """After a restart the lookup indexes hold live stories only; the old ones stay in the look-back."""
    state: dict = {}
    th = StoryThreader(state)
    d1 = run(th, doc("old", H, BODY, T0))
    other = ["Ridgefield council delayed its vote on the $41 million school budget for a third time on Monday, "
             "after 3 of its 9 members resigned over the plan, chair Nora Lindqvist said."]
    d2 = run(th, doc("recent", "Ridgefield delays budget vote", other, T0 + timedelta(days=9)))
    fresh = StoryThreader(state)  # no expiry ran: both records are in the restored table
    ix = fresh.load()
    assert ix.closed == {d1.story_id}
    assert not any(d1.story_id in b for b in ix.headline.values()) and any(d2.story_id in b for b in ix.headline.values())
    assert d1.story_id in ix.story_t and any(d1.story_id in b for b in ix.lsh.values())
    now = T0 + timedelta(days=10)
    # closed already: the expiry slice deletes the old dispatch record only, and keeps the story
    assert fresh.expire(now) == 1 and STORY + d1.story_id in state and DISPATCH + "old" not in state
    d3 = run(fresh, doc("copy", H_COPY, [*BODY, TEASER], now))
    assert (d3.kind, d3.duplicate_of) == ("duplicate", "old")
    assert fresh.expire(T0 + timedelta(days=31)) >= 1 and STORY + d1.story_id not in state
