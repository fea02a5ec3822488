"""Score IPTC Media Topics for a parsed dispatch from lexicon matches and agency codes.

1. Match: the headline, the lead and the body (its first ``MAX_CHARS`` characters) go through
   the automaton in one pass; each hit weighs ``term weight x zone weight`` (headline 2, lead
   1.5, body 1); a term repeated adds a little (``REPEAT_FACTOR``, capped).
2. Score: a topic's raw evidence is its terms' plus its narrower topics' (a narrower topic
   implies its ancestors); negative evidence subtracts (negative weights, and ``against``:
   e.g. sport evidence against terrorism); a topic with ``needs`` counts only where that context
   has evidence of its own (a "traspaso" is a sports transfer only in a sports story); ``with``
   makes two topics together evidence for a third (accident + motorway: a road accident);
   ``also`` passes a share on to a related topic;
   ``score = 1 - exp(-raw / SCALE)``.
3. Select: topics at ``THRESHOLD`` or above, and at least ``RELATIVE`` of the main topic's own
   evidence (or named in the headline strongly enough, ``HEADLINE_KEEP``); only the most specific are given (a broad topic whose evidence mostly comes from
   one narrower topic is replaced by it, ``REFINE``); agency codes are merged last.
"""
from __future__ import annotations

import math
from operator import itemgetter
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterable

from ..model import ParsedDispatch
from ..text.fold import fold
from .lexicon import ACCENTS, ALL, CASE, NEUTRAL, Lexicon, build_automaton, load_lexicon
from .taxonomy import Taxonomy, load_taxonomy

# Where a term is found multiplies its weight.
HEADLINE_WEIGHT = 2.0
LEAD_WEIGHT = 1.5
BODY_WEIGHT = 1.0
LEAD_CHARS = 500  # the lead is the first paragraph, at most this long (a parser may give one block)
# News is written top-down (inverted pyramid): only the first MAX_CHARS characters of the body
# are read (0: all of it).  On Reuters-21578 reading 2,000 or all makes no difference to F1.
MAX_CHARS = 2000
REPEAT_FACTOR = 0.3  # each further occurrence of the same term adds this share of its best one
REPEAT_CAP = 2.0  # ... up to this multiple of its best one
# Evidence -> score: score = 1 - exp(-raw / SCALE); a topic is kept at THRESHOLD or above.
SCALE = 3.0
THRESHOLD = 0.55  # raw evidence ~2.4: one strong term in the headline, or a few in the body
RELATIVE = 0.6  # drop topics whose evidence is below this share of the main topic's own evidence
AGENCY_SCORE = 1.0
MAX_TOPICS = 8
REFINE = 0.6  # share of a broad topic's evidence one narrower topic needs to replace it
_SEP = "\n\n"
WITH_MIN = 1.0  # raw evidence a topic with ``with`` needs before it makes the other topic specific
NEEDS_MIN = 1.5  # raw evidence the context of a topic with ``needs`` must have (a clear term, or two weak ones)
ACTOR_EVENT_MIN = 0.75  # an actor topic is ranked below another topic only when that one is this clear
BROAD_BY_BEST = True  # a broad topic's score shows its own evidence and its best narrower topic's, not their sum
HEADLINE_KEEP = 1.5  # a topic with this multiple of the threshold in the headline alone is always kept (0: off)
_CAPS_WORDS = frozenset({"WHO", "CAN", "ICE", "ALL", "ONE", "AIM", "ACT", "ART", "WAR", "SUN", "OUR", "CUT", "OAS", "AMA",
                         "COI", "CIO", "UPS", "BID"})


@dataclass
class Engine:
    taxonomy: Taxonomy
    lexicon: Lexicon
    automaton: Any
    against: dict[str, tuple[str, ...]] = field(default_factory=dict)
    languages: frozenset[str] = frozenset()
    also: dict[str, dict[str, float]] = field(default_factory=dict)
    top_level: frozenset[str] = frozenset()
    also_from: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # target -> [(source, factor)]
    chains: dict[str, tuple[str, ...]] = field(default_factory=dict)
    needs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    with_: dict[str, dict[str, str]] = field(default_factory=dict)
    with_from: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # target -> [(topic, other)]
    actors: frozenset[str] = frozenset()  # topics that name who acts, and every topic under them
    # top-level and actor topics: never the main topic when another kept topic can be (see tag)
    not_main: frozenset[str] = field(init=False, default=frozenset())
    labels: dict[tuple[str, str | None], tuple[str, str | None]] = field(default_factory=dict)  # (code, lang) -> names

    def names(self, code: str, lang: str | None) -> tuple[str, str | None]:
        """The English name of a topic (the code when it has none) and its name in ``lang``."""
        k = (code, lang)
        got = self.labels.get(k)
        if got is None:
            tax = self.taxonomy
            got = self.labels[k] = (tax.label(code, "en") or code, tax.label(code, lang) if lang else None)
        return got

    def __post_init__(self) -> None:
        self.not_main = self.top_level | self.actors
        if not isinstance(self.chains, _Chains):
            self.chains = _Chains(self.taxonomy, self.chains)

    def chain(self, code: str) -> tuple[str, ...]:
        """The code and its ancestors, nearest first."""
        return self.chains[code]


class _Chains(dict):
    """Code -> the code and its ancestors, nearest first; every taxonomy code computed at load
    (a plain dict lookup in the hot loops), any other code on first sight."""

    def __init__(self, taxonomy: Taxonomy, known: dict[str, tuple[str, ...]] | None = None) -> None:
        super().__init__(known or {})
        self.taxonomy = taxonomy
        for code in taxonomy.topics:
            self[code]  # noqa: B018 - fill now

    def __missing__(self, code: str) -> tuple[str, ...]:
        ch = self[code] = (code, *self.taxonomy.ancestors(code))
        return ch


@cache
def engine() -> Engine:
    tax = load_taxonomy()
    lex = load_lexicon()
    return Engine(tax, lex, build_automaton(lex),
                  {c: e.against for c, e in lex.topics.items() if e.against}, frozenset(lex.languages),
                  {c: e.also for c, e in lex.topics.items() if e.also}, frozenset(tax.top_level()),
                  _also_from(lex), needs={c: e.needs for c, e in lex.topics.items() if e.needs},
                  with_={c: e.with_ for c, e in lex.topics.items() if e.with_}, with_from=_with_from(lex),
                  actors=_under(tax, {c for c, e in lex.topics.items() if e.actor}))


def _under(tax: Taxonomy, codes: set[str]) -> frozenset[str]:
    """The codes and every topic narrower than one of them."""
    return frozenset(c for c in tax.topics if c in codes or set(tax.ancestors(c)) & codes)


def _with_from(lex: Lexicon) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for c, e in lex.topics.items():
        for other, target in e.with_.items():
            out.setdefault(target, []).append((c, other))
    return out


def _also_from(lex: Lexicon) -> dict[str, list[tuple[str, float]]]:
    out: dict[str, list[tuple[str, float]]] = {}
    for c, e in lex.topics.items():
        for target, factor in e.also.items():
            out.setdefault(target, []).append((c, factor))
    return out


def _fields(parsed: ParsedDispatch) -> tuple[str, list[tuple[int, int, float]]]:
    """One text for the automaton and the (start, end, weight) of each zone in it.

    The zones are the headline, the lead (its first ``LEAD_CHARS`` characters, cut at a space;
    the rest is body) and the body paragraphs within ``MAX_CHARS``, each followed by ``_SEP``
    (the separator belongs to the zone before it); empty pieces are left out."""
    items: list[tuple[str, float]] = [((parsed.headline or "")[:1000], HEADLINE_WEIGHT)]
    # news is written top-down: the tail of a long story adds little evidence (MAX_CHARS 0: all of it)
    budget = MAX_CHARS or math.inf
    for i, p in enumerate(parsed.paragraphs or ()):
        if budget <= 0:
            break
        if len(p) > budget:
            cut = p.rfind(" ", 0, budget)
            p = p[:cut if cut > 0 else budget]
        budget -= len(p)
        if i:
            items.append((p, BODY_WEIGHT))
        elif len(p) > LEAD_CHARS:
            cut = p.rfind(" ", 0, LEAD_CHARS)
            cut = cut if cut > 0 else LEAD_CHARS
            items.append((p[:cut], LEAD_WEIGHT))
            items.append((p[cut:], BODY_WEIGHT))
        else:
            items.append((p, LEAD_WEIGHT))
    parts: list[str] = []
    zones: list[tuple[int, int, float]] = []
    pos = 0
    sep_len = len(_SEP)
    for piece, weight in items:
        if piece:
            end = pos + len(piece) + sep_len
            zones.append((pos, end, weight))
            parts.append(piece)
            pos = end
    return (_SEP.join(parts) + _SEP if parts else ""), zones


NEAR_CHARS = 60  # a negative context (``_not_near``) is looked for this many characters either side


def _near(folded: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """Is one of ``words`` (``w*``: a prefix) within ``NEAR_CHARS`` of the match ``folded[start:end]``?"""
    if not words:
        return False
    around = folded[max(0, start - NEAR_CHARS):start].split()[1:] + folded[end:end + NEAR_CHARS].split()[:-1]
    around_text = " " + " ".join(around) + " "
    for w in words:
        if w.endswith("*"):
            if " " + w[:-1] in around_text:
                return True
        elif " " + w + " " in around_text:
            return True
    return False


# hits by start, the longest first (a word and a word ending can share both ends): their first item
_FIRST = itemgetter(0)


def _bare(s: str) -> str:
    """Lower case, punctuation as spaces, accents kept."""
    return "".join(ch if ch.isalnum() else " " for ch in s.lower())


def _shouting(text: str, zones: list[tuple[int, int, float]], zi: int, cache: dict[int, bool]) -> bool:
    """Is zone ``zi`` written in capitals (a 1987 wire headline)?"""
    if zi not in cache:
        zs, ze, _ = zones[zi]
        cache[zi] = text[zs:ze].isupper()
    return cache[zi]


def match(parsed: ParsedDispatch, eng: Engine | None = None) -> dict[str, dict[str, float]]:
    """Per topic, per term: the weighted evidence found in the dispatch (own terms only)."""
    return _match(parsed, eng or engine())[0]


def _match(parsed: ParsedDispatch, eng: Engine) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """The evidence per topic and term, and the evidence per topic found in the headline."""
    text, zones = _fields(parsed)
    if not text:
        return {}, {}
    folded = " " + fold(text) + " "  # folded[i + 1] is text[i]
    lang = (parsed.language or "").lower()[:2] or None
    if lang is not None and lang not in eng.languages:
        lang = None  # a language we have no lexicon for: try them all
    key = lang or ALL
    # Sorted by start, then the longest first; a word and a word ending can share both ends (" brand "
    # and "brand "): then the longer key first.  A hit without entries for this language is no match.
    values = eng.automaton.for_language(key)
    hits: list[tuple] = []
    append = hits.append
    for i, ks, e in eng.automaton.matches(folded):
        v = values[i]
        if v is not None:
            length, entries, near = v
            start = e - length  # the separator before the term (see lexicon.build_automaton)
            append(((start << 48) - (e << 16) - (e - ks), start, e - 1, entries, near))
    if not hits:
        return {}, {}
    if len(hits) > 1:
        hits.sort(key=_FIRST)
    shouting: dict[int, bool] = {}
    head: dict[str, float] = {}  # evidence found in the headline, per topic
    head_zone = bool(parsed.headline)
    acc: dict[tuple[str, str], list[float]] = {}  # per (topic, term): [the strongest occurrence, the sum of all]
    max_end = -1
    zi = 0
    zone_end, zone_w = zones[0][1], zones[0][2]
    neutral = bool(lang)
    for _, start, end, entries, near in hits:
        if end <= max_end:
            continue  # contained in a longer match
        if near is not None and _near(folded, start, end, near.get(key, ()) + (near.get(NEUTRAL, ()) if neutral else ())):
            max_end = end  # a negative context: the term counts for nothing, like a stop phrase
            continue
        # start is the separator before the term: the term starts at text[start]
        while zone_end <= start:
            zi += 1
            zone_end, zone_w = zones[zi][1], zones[zi][2]
        used = False
        for topic, term, weight, mode, k in entries:
            if mode:
                if mode == ACCENTS:
                    if _bare(text[start:start + len(term)]) != _bare(term):
                        continue
                elif mode == CASE:
                    orig = text[start:start + len(term)]
                    if orig != term:
                        if not (orig.isupper() and orig == term.upper() and _shouting(text, zones, zi, shouting)):
                            continue
                    if term.isalpha() and term.isupper() and (len(term) <= 2 or term in _CAPS_WORDS) and \
                            _shouting(text, zones, zi, shouting):
                        continue  # an acronym that is also a word: in an all-capitals zone it is just the word
            used = True
            if topic is None:
                continue  # stop phrase: absorbs what it contains, counts for nothing
            v = weight * zone_w
            if zi == 0 and head_zone:
                head[topic] = head.get(topic, 0.0) + v
            a = acc.get(k)
            if a is None:
                acc[k] = [v, v]
            else:
                b = a[0]
                a[1] += v
                if (v > b) if v > 0 else (v < b):
                    a[0] = v
        if used:
            max_end = end
    out: dict[str, dict[str, float]] = {}
    for (topic, term), (b, summed) in acc.items():
        d = out.get(topic)
        if d is None:
            d = out[topic] = {}
        # repeated mentions add a little, up to a cap; negative evidence counts once
        d[term] = b if b < 0 else min(b + REPEAT_FACTOR * (summed - b), REPEAT_CAP * b)
    return out, head


def _score(raw: float) -> float:
    return 1.0 - math.exp(-raw / SCALE) if raw > 0 else 0.0


def _raw_threshold(threshold: float) -> float:
    """The raw evidence at which ``_score`` reaches ``threshold``."""
    return -SCALE * math.log(1.0 - threshold)


_LIMIT = _raw_threshold(THRESHOLD)  # the raw evidence of the default threshold, computed once


def score_topics(evidence: dict[str, dict[str, float]], eng: Engine | None = None
                 ) -> tuple[dict[str, float], dict[str, float]]:
    """Raw evidence per topic, including what its narrower topics found, after negative evidence
    and related-topic evidence.  Returns ``(total, own)``: per topic with its subtree, and its own."""
    eng = eng or engine()
    chain = eng.chains.__getitem__
    own = {c: sum(v.values()) for c, v in evidence.items()}
    if eng.needs and not eng.needs.keys().isdisjoint(own):
        # a topic whose words are ambiguous outside a context (a sports "transfer") counts only
        # when that context has evidence of its own (other topics under the needed one)
        for c in [c for c in own if c in eng.needs]:
            ctx = sum(raw for o, raw in own.items() if o != c and raw > 0 and any(n in chain(o) for n in eng.needs[c]))
            if ctx < NEEDS_MIN:
                own[c] = min(own[c], 0.0)
    if eng.against and not eng.against.keys().isdisjoint(own):
        # negative evidence: a topic's own evidence minus the evidence of the topics it is "against"
        subtree: dict[str, float] = {}
        for c, raw in own.items():
            for a in chain(c):
                subtree[a] = subtree.get(a, 0.0) + raw
        limit = _LIMIT
        for c in list(own):
            for other in eng.against.get(c, ()):
                penalty = subtree.get(other, 0.0)
                if penalty >= limit and eng.with_:
                    # a topic that makes this one specific is no evidence against it (a motorway
                    # is road transport, an economy topic, and makes an accident a road accident)
                    penalty -= sum(own[t] for t, pairs in eng.with_.items() if t in own and own[t] > 0
                                   and other in chain(t) and any(k in chain(c) for k in pairs))
                if penalty >= limit:  # only evidence strong enough to be a topic counts against
                    own[c] -= penalty
    if eng.with_ and not eng.with_.keys().isdisjoint(own):
        # two topics together are evidence for a third (an accident on a motorway: a road accident)
        sub: dict[str, float] = {}
        for c, raw in own.items():
            if raw > 0:
                for a in chain(c):
                    sub[a] = sub.get(a, 0.0) + raw
        for c in [c for c in own if c in eng.with_ and own[c] >= WITH_MIN]:
            for other, target in eng.with_[c].items():
                if sub.get(other, 0.0) > 0 and target not in chain(c):
                    # the other topic's evidence, made specific by this one (the accident was on a road)
                    own[target] = own.get(target, 0.0) + own[c] + sub[other] - sub.get(target, 0.0)
    if eng.also and not eng.also.keys().isdisjoint(own):
        # related topics: a share of a topic's evidence also counts for another (e.g. dividends -> earnings)
        for c in [c for c in own if c in eng.also and own[c] > 0]:
            for other, factor in eng.also[c].items():
                own[other] = own.get(other, 0.0) + factor * own[c]
    total: dict[str, float] = {}
    for c, raw in own.items():
        if raw > 0:
            for a in chain(c):
                total[a] = total.get(a, 0.0) + raw
    return total, own


def _evidence_terms(codes: Iterable[str], own: dict[str, float], evidence: dict[str, dict[str, float]],
                    eng: Engine) -> dict[str, list[str]]:
    """Per output topic, the matched terms behind it (its own and its narrower topics'), strongest first."""
    wanted = set(codes)
    chains = eng.chains
    weighted: dict[str, dict[str, float]] = {c: {} for c in wanted}
    for c, raw in own.items():
        if raw <= 0:
            continue
        chain = chains[c]
        if wanted.isdisjoint(chain):
            continue  # most topics with evidence are not under an output topic
        targets = [a for a in chain if a in wanted]
        sources = [(c, 1.0)]
        if eng.also_from.get(c):
            sources += [(src, f) for src, f in eng.also_from[c] if src in evidence]
        if eng.with_from.get(c):  # both halves of a pair that is evidence for this topic
            for src, other in eng.with_from[c]:
                if own.get(src, 0.0) > 0:
                    sources += [(src, 1.0)] + [(o, 1.0) for o in evidence if other in chains[o]]
        for src, factor in sources:
            for term, w in evidence.get(src, {}).items():
                if w > 0:
                    w *= factor
                    for a in targets:
                        d = weighted[a]
                        if w > d.get(term, 0.0):
                            d[term] = w
    # strongest first; equal weights keep their order (a stable sort, reversed stably)
    return {c: sorted(d, key=d.__getitem__, reverse=True) for c, d in weighted.items()}


_NO_CHILD = (0.0, "")


def _best_children(total: dict[str, float], eng: Engine) -> dict[str, tuple[float, str]]:
    """Per broad topic: the evidence of its strongest direct narrower topic in ``total`` and
    that topic (the first of equals in ``total``'s order).  One pass serves both :func:`_refine`
    and :func:`_strength` (``total`` holds positive sums only)."""
    best: dict[str, tuple[float, str]] = {}
    chains = eng.chains
    for c, raw in total.items():
        ch = chains[c]
        if len(ch) > 1 and raw > best.get(ch[1], _NO_CHILD)[0]:
            best[ch[1]] = (raw, c)
    return best


def _refine(chosen: set[str], kept: dict[str, float], total: dict[str, float], limit: float,
            eng: Engine, best: dict[str, tuple[float, str]] | None = None) -> set[str]:
    """A broad topic kept only through the evidence of its narrower topics is replaced by the
    narrower topic that brings most of that evidence (at least ``REFINE`` of it, and ``limit``).

    ``best``: :func:`_best_children` of ``total`` when the caller has it already."""
    if best is None:
        best = _best_children(total, eng)
    out = set()
    for c in chosen:
        while c in best and best[c][0] >= limit and best[c][0] >= REFINE * total[c]:
            c = best[c][1]
            kept[c] = total[c]
        out.add(c)
    return out


def _strength(code: str, raw: float, own: dict[str, float], best: dict[str, tuple[float, str]]) -> float:
    """The evidence a topic's score shows: its own and its strongest narrower topic's
    (``best``: :func:`_best_children`).

    A broad topic output because none of its narrower topics was strong enough sums many weak
    cues (a president, a ministry, a constitution ...); shown as that sum it would outrank the
    specific topic the story is about.  Selection still uses the whole sum."""
    kid = best.get(code)
    if kid is None:
        return raw
    return min(raw, max(own.get(code, 0.0), 0.0) + kid[0])


def _most_specific(codes: Iterable[str], eng: Engine) -> set[str]:
    codes = set(codes)
    covered: set[str] = set()
    chains = eng.chains
    for c in codes:
        covered.update(chains[c][1:])
    return codes - covered


def tag(parsed: ParsedDispatch, subjects: Iterable[str] = (), *, threshold: float | None = None,
        eng: Engine | None = None) -> list[dict[str, Any]]:
    eng = eng or engine()
    evidence, head = _match(parsed, eng)
    total, own = score_topics(evidence, eng) if evidence else ({}, {})
    limit = _LIMIT if threshold is None else _raw_threshold(threshold)
    kept = {c: raw for c, raw in total.items() if raw >= limit}
    if not kept and not subjects:
        return []  # nothing reaches the threshold and the agency sent no codes: no topic
    if RELATIVE and kept:
        # the main topic's strength: the largest evidence a topic found by its own terms (the sums
        # of broad topics are not comparable); topics far weaker than that are side remarks
        # (topics that name who acts, like unions, are not the main topic when something happens)
        not_main = eng.not_main
        top = max([own.get(c, 0.0) for c in kept if c not in not_main], default=None)
        if top is None:
            top = max((own.get(c, 0.0) for c in kept if c not in eng.top_level), default=0.0)
        if HEADLINE_KEEP and head:
            # a topic the headline names is never a side remark
            in_head: dict[str, float] = {}
            for c, v in head.items():
                for a in eng.chains[c]:
                    in_head[a] = in_head.get(a, 0.0) + v
        else:
            in_head = {}
        head_limit = HEADLINE_KEEP * limit if HEADLINE_KEEP else math.inf
        kept = {c: raw for c, raw in kept.items() if raw >= RELATIVE * top or in_head.get(c, 0.0) >= head_limit}
    lang = (parsed.language or "").lower()[:2] or None
    results: dict[str, dict[str, Any]] = {}
    chosen = _most_specific(kept, eng)
    # per topic: the evidence of its strongest direct narrower topic, and that topic
    best = _best_children(total, eng) if chosen else {}
    if REFINE and chosen:
        chosen = _refine(chosen, kept, total, limit, eng, best)
    terms = _evidence_terms(chosen, own, evidence, eng) if chosen else {}
    best_kid = best if BROAD_BY_BEST else {}
    for c in chosen:
        results[c] = {"code": c, "score": round(_score(_strength(c, kept[c], own, best_kid)), 3),
                      "evidence": terms[c][:10], "source": "lexicon"}
    if eng.actors and len(results) > 1:
        # a topic that names who acts (unions, police, the media, a head of state) is not ranked
        # above what happens in the story: its score is capped just below the best other topic
        best = max((r["score"] for c, r in results.items() if c not in eng.actors), default=None)
        if best is not None and best >= ACTOR_EVENT_MIN:
            for c, r in results.items():
                if c in eng.actors and r["score"] >= best:
                    r["score"] = round(max(best - 0.001, 0.0), 3)
    if subjects:
        _merge_agency(results, subjects, eng)
    out = []
    names = eng.names
    for c, r in results.items():
        r["label"], r["label_local"] = names(c, lang)
        out.append(r)
    out.sort(key=lambda r: (-r["score"], r["code"]))
    final = []
    for r in out[:MAX_TOPICS]:
        t = {"code": r["code"], "label": r["label"], "label_local": r["label_local"], "score": r["score"],
             "evidence": r["evidence"], "source": r["source"]}
        if "agency" in r:
            t["agency_code"] = r["agency"]
        final.append(t)
    return final


def _merge_agency(results: dict[str, dict[str, Any]], subjects: Iterable[str], eng: Engine) -> None:
    """Codes the agency sent (Subject Codes or Media Topics) confirm what the lexicon found under
    them (the lexicon topic's score is raised) or are added as given with ``source: "agency"``."""
    tax = eng.taxonomy
    agency: list[str] = []
    for s in subjects:
        code = tax.resolve(str(s)) if s else None
        if code and code not in agency:
            agency.append(code)
    # most specific agency codes first, so that a broader one finds them already there
    agency.sort(key=lambda c: -len(eng.chain(c)))
    for c in agency:
        narrower = [r for r in results if c in eng.chain(r)[1:]]
        if narrower:
            for r in narrower:
                results[r]["score"] = round(max(results[r]["score"], 0.5 + results[r]["score"] / 2), 3)
                results[r].setdefault("agency", c)
            continue
        for a in eng.chain(c)[1:]:
            results.pop(a, None)
        prev = results.get(c)
        results[c] = {"code": c, "score": AGENCY_SCORE, "evidence": prev["evidence"] if prev else [],
                      "source": "agency"}
