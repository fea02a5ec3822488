"""Story threading: how each dispatch relates to the stories already seen.

``StoryThreader(state, window=DEFAULT_WINDOW).thread(inp, now) -> ThreadDecision``, where ``inp`` is the
stateless :class:`ThreadingInput` of a dispatch (``threading_input(tagged)``, computed by
``pipeline.prepare``) and ``now`` the threading clock (broker time in the worker).
Pure: no Kafka, no Faust, no I/O.  All memory is in ``state``, a flat
``MutableMapping[str, JSON value]`` (a dict offline, a Faust Table in the worker).

Decisions
---------
Dispatches are compared only with dispatches of the same language
(``parsed.language``, else ``envelope.language``, else ``"und"``) whose story was
last versioned within ``window`` (default 7 days) of this dispatch's
``received_at``.  A story is found, in this order, by: the agency's story id
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

Idempotence: a ``dispatch:<id>`` already in state returns the recorded decision
(including its link events) and changes nothing, so a message reprocessed after
a crash yields the same event ids.

State layout (all values JSON; ``t`` = epoch seconds; L = language)
--------------------------------------------------------------------
``story:<sid>``            ``{"t", "l", "v", "d": latest dispatch_id, "f": flag kinds, "p": [[h, head, tail]...]
                           paragraph hashes, "n": figure hashes, "e": name hashes, "h": headline key,
                           "hw": headline word hashes (all versions), "r": related sids,
                           "av": {agency_version: [dispatch_id, v]}}`` -- of the latest version
``dispatch:<dispatch_id>`` the decision, for replay
``fp:<L>:<fingerprint>``   ``[sid, version, dispatch_id, t, "c" if a correction]``
``lsh:<L>:<band>:<hash>``  ``[[sid, t], ...]`` (at most 64, newest last)
``hl:<L>:<headline key>``  ``[[sid, t], ...]`` stories with this normalised headline
``hp:<L>:<key>``           ``[[sid, t], ...]`` stories whose headline starts with this word
``sa:<L>:<headline key>``  ``[[sid, t], ...]`` stories whose see-also names this headline, still unresolved
``agency:<L>:<source>:<id>`` ``[sid, t]``
``clock``                  ``{"t"}``: the largest ``received_at`` seen (or ``expire`` time); the time of a
                           dispatch without ``received_at``

Expiry: entries older than ``window`` are skipped when read, pruned from a
bucket when it is written, and deleted by :meth:`StoryThreader.expire` (a full
scan, meant for a timer).  Values are never mutated in place: every change is
a reassignment, so it reaches the changelog of a Faust Table.
"""
from __future__ import annotations

from .features import ThreadingInput, threading_input
from .threader import DEFAULT_WINDOW, StoryThreader, link_event

__all__ = ["DEFAULT_WINDOW", "StoryThreader", "ThreadingInput", "link_event", "threading_input"]
