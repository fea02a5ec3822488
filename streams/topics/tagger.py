"""Score IPTC Media Topics for a parsed dispatch from lexicon matches and agency codes."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterable

from ..model import ParsedDispatch
from .lexicon import NEUTRAL, Lexicon, build_automaton, fold, load_lexicon
from .taxonomy import Taxonomy, load_taxonomy

# Where a term is found multiplies its weight.
HEADLINE_WEIGHT = 2.0
LEAD_WEIGHT = 1.5
BODY_WEIGHT = 1.0
LEAD_CHARS = 500  # the lead is the first paragraph, at most this long (a parser may give one block)
REPEAT_FACTOR = 0.3  # each further occurrence of the same term adds this share of its best one
REPEAT_CAP = 2.0  # ... up to this multiple of its best one
# Evidence -> score: score = 1 - exp(-raw / SCALE); a topic is kept at THRESHOLD or above.
SCALE = 3.0
THRESHOLD = 0.55  # raw evidence ~2.4: one strong term in the headline, or a few in the body
RELATIVE = 0.35  # drop topics whose evidence is below this share of the dispatch's main topic
AGENCY_SCORE = 1.0
MAX_TOPICS = 8
TOP_MODE = "level"
_SEP = "\n\n"
_CAPS_WORDS = frozenset({"WHO", "CAN", "ICE", "ALL", "ONE", "AIM", "ACT", "ART", "WAR", "SUN", "OUR", "CUT", "OAS", "AMA",
                         "COI", "CIO"})


@dataclass
class Engine:
    taxonomy: Taxonomy
    lexicon: Lexicon
    automaton: Any
    against: dict[str, tuple[str, ...]] = field(default_factory=dict)
    languages: frozenset[str] = frozenset()
    also: dict[str, dict[str, float]] = field(default_factory=dict)


@cache
def engine() -> Engine:
    tax = load_taxonomy()
    lex = load_lexicon()
    return Engine(tax, lex, build_automaton(lex),
                  {c: e.against for c, e in lex.topics.items() if e.against}, frozenset(lex.languages),
                  {c: e.also for c, e in lex.topics.items() if e.also})


def _fields(parsed: ParsedDispatch) -> tuple[str, list[tuple[int, float]]]:
    """One text for the automaton and the (end offset, weight) of each zone in it."""
    parts: list[str] = []
    zones: list[tuple[int, float]] = []
    pos = 0

    def add(text: str, w: float) -> None:
        nonlocal pos
        if not text:
            return
        parts.append(text)
        pos += len(text)
        zones.append((pos, w))
        parts.append(_SEP)
        pos += len(_SEP)

    add(parsed.headline or "", HEADLINE_WEIGHT)
    paras = parsed.paragraphs or []
    if paras:
        lead = paras[0]
        if len(lead) > LEAD_CHARS:
            cut = lead.rfind(" ", 0, LEAD_CHARS)
            cut = cut if cut > 0 else LEAD_CHARS
            add(lead[:cut], LEAD_WEIGHT)
            add(lead[cut:], BODY_WEIGHT)
        else:
            add(lead, LEAD_WEIGHT)
        for p in paras[1:]:
            add(p, BODY_WEIGHT)
    return "".join(parts), zones


def match(parsed: ParsedDispatch, eng: Engine | None = None) -> dict[str, dict[str, float]]:
    """Per topic, per term: the weighted evidence found in the dispatch (own terms only)."""
    eng = eng or engine()
    text, zones = _fields(parsed)
    if not text:
        return {}
    folded = fold(text)
    n = len(folded)
    lang = (parsed.language or "").lower()[:2] or None
    if lang is not None and lang not in eng.languages:
        lang = None  # a language we have no lexicon for: try them all
    shouting: dict[int, bool] = {}
    hits: list[tuple[int, int, tuple]] = []
    for end, (length, terms) in eng.automaton.iter(folded):
        start = end - length + 1
        if start > 0 and folded[start - 1].isalnum():
            continue
        whole = end + 1 >= n or not folded[end + 1].isalnum()
        hits.append((start, end, terms, whole))
    if not hits:
        return {}
    hits.sort(key=lambda h: (h[0], -h[1]))
    evidence: dict[str, dict[str, list[float]]] = {}
    max_end = -1
    zi = 0
    for start, end, terms, whole in hits:
        if end <= max_end:
            continue  # contained in a longer match
        used = False
        for t in terms:
            if not whole and not t.prefix:
                continue
            if lang is not None and t.lang != lang and t.lang != NEUTRAL:
                continue
            if t.case_sensitive:
                orig = text[start:end + 1]
                if orig != t.text:
                    if not orig.isupper():
                        continue
                    zone_end = next(z for z, _ in zones if z > start)
                    if zone_end not in shouting:
                        zs = max((z for z, _ in zones if z < zone_end), default=-2) + 2
                        shouting[zone_end] = text[max(zs, 0):zone_end].isupper()
                    if not shouting[zone_end] or orig != t.text.upper():
                        continue
                if t.text.isupper() and (len(t.text) <= 2 or t.text in _CAPS_WORDS):
                    # an acronym that is also a word: in an all-capitals zone it is just the word
                    zone_end = next(z for z, _ in zones if z > start)
                    if zone_end not in shouting:
                        zs = max((z for z, _ in zones if z < zone_end), default=-2) + 2
                        shouting[zone_end] = text[max(zs, 0):zone_end].isupper()
                    if shouting[zone_end]:
                        continue
            used = True
            if t.topic is None:
                continue  # stop phrase: absorbs what it contains, counts for nothing
            while zones[zi][0] <= start:
                zi += 1
            evidence.setdefault(t.topic, {}).setdefault(t.text, []).append(t.weight * zones[zi][1])
        if used:
            max_end = end
    out: dict[str, dict[str, float]] = {}
    for topic, per_term in evidence.items():
        d = out[topic] = {}
        for term, vals in per_term.items():
            if vals[0] < 0:
                d[term] = min(vals)
                continue
            best = max(vals)
            d[term] = min(best + REPEAT_FACTOR * (sum(vals) - best), REPEAT_CAP * best)
    return out


def _score(raw: float) -> float:
    return 1.0 - math.exp(-raw / SCALE) if raw > 0 else 0.0


def score_topics(evidence: dict[str, dict[str, float]], eng: Engine | None = None) -> dict[str, tuple[float, list[str]]]:
    """Raw evidence per topic including what its narrower topics found, after negative evidence."""
    eng = eng or engine()
    tax = eng.taxonomy
    own = {c: sum(v.values()) for c, v in evidence.items()}
    subtree: dict[str, float] = {}
    terms: dict[str, list[str]] = {}
    for c, raw in own.items():
        for a in (c, *tax.ancestors(c)):
            subtree[a] = subtree.get(a, 0.0) + raw
    # negative evidence: a topic's own evidence minus the evidence of the topics it is "against"
    if eng.against:
        adjusted = dict(own)
        for c in own:
            for other in eng.against.get(c, ()):
                penalty = subtree.get(other, 0.0)
                if _score(penalty) >= THRESHOLD:  # only evidence strong enough to be a topic counts against
                    adjusted[c] -= penalty
        own = {c: max(v, 0.0) for c, v in adjusted.items()}
    # related topics: a share of a topic's evidence also counts for another (e.g. dividends -> earnings)
    if eng.also:
        for c in [c for c in own if c in eng.also and own[c] > 0]:
            for other, factor in eng.also[c].items():
                own[other] = own.get(other, 0.0) + factor * own[c]
                evidence.setdefault(other, {}).update({t: w * factor for t, w in evidence[c].items() if w > 0})
    total: dict[str, float] = {}
    for c, raw in own.items():
        if raw <= 0:
            continue
        pos_terms = [t for t, w in sorted(evidence[c].items(), key=lambda kv: -kv[1]) if w > 0]
        for a in (c, *tax.ancestors(c)):
            total[a] = total.get(a, 0.0) + raw
            terms.setdefault(a, []).extend(pos_terms)
    return {c: (raw, terms.get(c, [])) for c, raw in total.items()}


def _most_specific(codes: Iterable[str], tax: Taxonomy) -> set[str]:
    codes = set(codes)
    covered: set[str] = set()
    for c in codes:
        covered.update(tax.ancestors(c))
    return codes - covered


def tag(parsed: ParsedDispatch, subjects: Iterable[str] = (), *, threshold: float | None = None,
        eng: Engine | None = None) -> list[dict[str, Any]]:
    eng = eng or engine()
    threshold = THRESHOLD if threshold is None else threshold
    tax = eng.taxonomy
    evidence = match(parsed, eng)
    own_codes = set(evidence)
    scored = score_topics(evidence, eng)
    kept = {c: v for c, v in scored.items() if _score(v[0]) >= threshold}
    if RELATIVE and kept:
        # the main topic: the strongest topic below the top level (top-level sums are not comparable)
        if TOP_MODE == "level":
            top = max((v[0] for c, v in kept.items() if tax.parent(c) is not None), default=0.0)
        else:
            top = max((v[0] for c, v in kept.items() if c in own_codes), default=0.0)
        kept = {c: v for c, v in kept.items() if v[0] >= RELATIVE * top}
    agency: set[str] = set()
    for s in subjects or ():
        code = tax.resolve(str(s)) if s else None
        if code:
            agency.add(code)
    lang = (parsed.language or "").lower()[:2] or None
    results: dict[str, dict[str, Any]] = {}
    for c in _most_specific(kept, tax):
        raw, ev = kept[c]
        results[c] = {"code": c, "score": round(_score(raw), 3), "evidence": list(dict.fromkeys(ev))[:10],
                      "source": "lexicon"}
    for c in agency:
        # an agency code confirms what the lexicon found under it, or is added as given
        narrower = [r for r in results if c in tax.ancestors(r)]
        if narrower:
            for r in narrower:
                results[r]["score"] = round(max(results[r]["score"], 0.5 + results[r]["score"] / 2), 3)
                results[r]["agency"] = c
            continue
        if any(a in results for a in tax.ancestors(c)):
            for a in tax.ancestors(c):
                results.pop(a, None)
        prev = results.get(c)
        results[c] = {"code": c, "score": AGENCY_SCORE, "evidence": prev["evidence"] if prev else [],
                      "source": "agency"}
    out = []
    for c, r in results.items():
        r["label"] = tax.label(c, "en") or c
        r["label_local"] = tax.label(c, lang) if lang else None
        out.append(r)
    out.sort(key=lambda r: (-r["score"], r["code"]))
    return [{k: r[k] for k in ("code", "label", "label_local", "score", "evidence", "source")} |
            ({"agency_code": r["agency"]} if "agency" in r else {}) for r in out[:MAX_TOPICS]]
