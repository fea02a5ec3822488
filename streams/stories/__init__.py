"""Story threading: how each dispatch relates to the stories already seen.

``StoryThreader(state, window=DEFAULT_WINDOW, duplicate_window=DEFAULT_DUPLICATE_WINDOW).thread(inp, now)
-> ThreadDecision``, where ``inp`` is the
stateless :class:`ThreadingInput` of a dispatch (``threading_input(tagged)``, computed by
``pipeline.prepare``) and ``now`` the threading clock (broker time in the worker).
Pure: no Kafka, no Faust, no I/O.  All durable memory is in ``state``, a flat
``MutableMapping[str, JSON value]`` (a dict offline, a Faust Table in the worker);
the lookup indexes are derived from it in memory.

Decisions
---------
Dispatches are compared only with dispatches of the same threading language
(``ThreadingInput.lang``: in the pipeline, the language detected on the cleaned
copy, else the parsed / declared one, else ``"und"``) whose story was last
versioned within ``window`` (default 7 days) before ``now``.  A story is found, in this order, by: the agency's story id
(``envelope.agency_story_id``, plus ``agency_version`` to recognise a version
already seen); an exact *content fingerprint* (normalised headline without
flags, normalised body paragraphs; the dateline is furniture, so a copy re-sent
the next day with a new dateline date is still the same); MinHash LSH
candidates over word 3-shingles of headline + body (32 permutations, 16 bands
of 2 rows), plus the same normalised headline, *confirmed* on the content that
matters -- figures (tokens with a digit, spelt-out numbers) and names
(capitalised words not starting a sentence, tickers):

* unflagged: estimated Jaccard >= 0.5 (>= 0.7 when the story's last version is
  more than 12 hours old), >= 80 % of the last version's figures and >= 50 % of
  its names present again;
* flagged UPDATE / CORRECTED / RPT...: the same normalised headline; or >= 75 %
  of the headline words in the story's headlines (desks shorten a headline to
  fit the tag; candidates also come from an index of the first headline
  word) with >= 40 % of the figures or >= 50 % of the names or Jaccard >= 0.5;
  or Jaccard >= 0.5 with >= 50 % of the figures;
* the best candidate is the one with most figures and names in common, then
  the same headline, then the most recent.

So recurring templated stories (``FED ADDS RESERVES VIA CUSTOMER
REPURCHASES`` on two days, daily market reports) that share a headline and most
words but not their figures stay separate stories.  An unflagged rewrite that
replaces most of the figures is a new story as well (agencies flag updates).

``new``
    No story found.  Opens ``story_id`` = ``"s-" + blake2b(language, dispatch_id)``
    (``"s-" + blake2b(language, source, agency_story_id)`` when the agency gives one).
``duplicate``
    Same fingerprint as a version already seen, or same paragraphs and headline as
    the latest version: differences only in whitespace, case, accents,
    punctuation, furniture, credits, flags such as UPDATE without new text, or an
    added / removed see-also block (the parser separates those; a ``VOIR AUSSI:``
    / ``SEE ALSO:`` marker left in the body is cut here too).
    ``publish=False``, ``duplicate_of`` = dispatch_id of the version it equals,
    ``version`` = that version.
``update``
    Same story, substantive change (new, removed or rewritten paragraphs, a
    changed lead or headline): ``version`` = latest + 1, ``supersedes`` = the
    latest version's dispatch_id, ``changes`` = ``{"added", "removed", "changed"}``
    paragraph counts (a paragraph that keeps its first or last six words is
    "changed"), plus ``"headline": true`` when the headline changed.
``correction``
    Flag CORRECTED / CORRECTION / CORRECTS / RECTIFICATIF / CORRECTIF / REFILE
    (from ``parsed.flags`` or the headline).  Linked like an update (version + 1,
    ``supersedes``, ``changes``) even when the text is unchanged; an exact
    re-send of the correction itself is a ``duplicate``.  With no original
    found, it opens the story (kind ``correction``, version 1).
``repeat``
    Flag RPT / REPEAT / REPLAY / REPETITION.  Original found: ``duplicate_of`` =
    the version it repeats (the latest one unless it equals an earlier one),
    ``publish=False`` (routed to the duplicates topic).  Original never seen (or
    expired): published, kind ``repeat``, opens the story.

Related stories: each ``parsed.see_also[i].headline`` (flags and genre labels
such as ECLAIRAGE- stripped, case/accents/punctuation folded) is looked up in
the headline index; a hit is ``see_also_story_ids[i]`` and goes into
``related``.  A miss is remembered, and a later story with that headline is
linked back.  Links are made in both directions once both stories are known:
the current decision's ``related`` lists the other story, and a ``link`` event
``{"kind": "link", "story_id": <earlier>, "related": [<current>]}`` is appended
to ``link_events`` for the earlier story (for an unpublished duplicate/repeat,
a link event for the current story as well).  ``related`` on later versions
carries the story's accumulated links.

Follow-ups: a new story sharing at least ``RELATED_MIN_NAMES`` (3) specific names
(carried by fewer than ``COMMON_NAME`` (32) stories in the state) and ``RELATED_MIN_SHARE``
(40 %) of the specific names of the story with fewer is related to that earlier story,
both ways, with link events (at most ``MAX_AUTO_RELATED`` (3) per new story).

Content, not the page: features come from the cleaned headline and body
(:func:`features.threading_input`): a headline longer than ``HEADLINE_MAX_WORDS``
is body text, page stubs (at most three words, no figure, no sentence
punctuation) are dropped, an agency correction notice ending the copy flags a
correction.  Besides the rules above: a *body fingerprint* finds the same body
under another headline or none; the same day (``SAME_DAY``), a candidate is
also confirmed when one text is mostly inside the other (MinHash containment
>= 0.75, from the Jaccard estimate and the shingle counts) with >= 80 % of the
shorter one's figures and >= 50 % of its names, or when a longer version keeps
>= 75 % of the earlier text, >= 80 % of its names and >= 50 % of its figures (a
new toll), or when flagged UPDATE, it keeps a paragraph (of more than six words)
of the earlier version, >= 60 % of its names and >= 40 % of its figures.  An unflagged dispatch whose paragraphs equal the latest version's
(whatever the headline), or whose text is >= 75 % inside it adding at most
max(1, 20 %) new figures and max(2, 20 %) new names, is a ``duplicate``.
Within ``CUT_WINDOW`` (the same day, 12 h), an unflagged dispatch is another site's *cut* of the
story's dispatch, a ``duplicate``, when its lead paragraph is the story's (equal, or the
same first or last six words), some of the story's paragraphs are missing from it, half
or more of the shorter copy's paragraphs (two or more, one unchanged) are in the other,
it adds at most max(1, 20 %) figures, and >= 50 % of the shorter copy's names recur.
Within ``TOLL_WINDOW`` (24 h), a dispatch with no story found that states a toll
(``features.TOLL_WORDS`` and figures) is an ``update`` of a story of the same wire agency
(``features.wire_of``: the dateline's agency, else the envelope's source before
" via ") that stated a toll, shares >= ``TOLL_MIN_NAMES`` (2) specific names and half of
the specific names of the one with fewer, and to which it brings new figures.

Look-back for copies: past the window, within ``duplicate_window`` (default 30 days, at least the window;
``None``: the window), a dispatch that matches no live story and is unflagged (or RPT) is a ``duplicate``
of a *closed* story (:meth:`StoryThreader._identity`) with the same fingerprint or body fingerprint, or
with estimated Jaccard >= ``IDENTITY_MIN_JACCARD`` (0.7) whose shorter text has >= ``IDENTITY_MIN_KEPT``
(80 %) of its figures and names in the other.  Never: texts under ``IDENTITY_MIN_SIZE`` (20) shingles,
copies whose dateline dates differ (``ThreadingInput.date``: a templated story filed again), versions or
related links of a closed story.

Time: ``thread(inp, now)`` and ``expire_some(now)`` run on the caller's ``now``
(broker time in the worker); a dispatch's own dates never move the clock.

State (typed records, ``v`` = 1, JSON dicts; ``t`` = epoch seconds of ``now``)
-----------------------------------------------------------------------------
``dispatch:<dispatch_id>`` :class:`threader.DispatchRecord`: the decision (kind, story, version,
                           supersedes, duplicate_of, related, see-also ids, changes, publish),
                           its links, its agency id and unresolved see-also keys, an arrival ``seq``.
``story:<story_id>``       :class:`threader.StoryRecord`: the latest version's paragraph signatures,
                           figures, names, MinHash signature and shingle count; the headline,
                           first-word, band and fingerprint keys of its versions; related stories;
                           agency id and versions; unresolved see-also keys.

Writes: the dispatch record first (1 write), then, for a new story or a new
version, the story record (1 more): 2 per new story or version, 1 per duplicate
or repeat.  Values are never mutated in place: every change is a reassignment,
so it reaches the changelog of a Faust Table.

Idempotence and crash consistency: the dispatch record is the single source of
truth on replay.  A dispatch already recorded returns the recorded decision
(same event ids, same link events) and re-applies the story write if a crash
interrupted it (skipped when the story record already holds this dispatch).

Indexes (memory only): LSH buckets, headline keys, first headline words, names
(all names of the latest versions, a set per name), fingerprints, agency ids, unresolved
see-also keys, related stories (both ways), and an index by expiry time (a
heap).  Buckets keep the ``BUCKET_CAP`` most recent stories.  They are rebuilt
from the records on first use (:meth:`StoryThreader.load`); values of another
shape (the pre-record layout) are skipped and deleted by the next expiry slice.

Expiry: dispatch records older than ``window`` before ``now``, and story records older than
``duplicate_window``, are skipped when read and deleted; a story record older than ``window`` is first
*closed* (out of the in-memory indexes but its fingerprints and LSH bands; no write; a rebuild closes
at once the stories past the window before the latest record).  Both are done
by :meth:`StoryThreader.expire_some` in slices of about ``budget_s``, popping the index by due time
(no scan; the cost is what expires).
"""
from __future__ import annotations

from .features import ThreadingInput, threading_input
from .threader import DEFAULT_DUPLICATE_WINDOW, DEFAULT_WINDOW, StoryThreader, link_event

__all__ = ["DEFAULT_DUPLICATE_WINDOW", "DEFAULT_WINDOW", "StoryThreader", "ThreadingInput", "link_event",
           "threading_input"]
