"""Fast paths of the region and topic taggers, pinned against the plain code they stand for."""
from __future__ import annotations

import math
import re

from hypothesis import example, given, settings, strategies as st

from streams.regions import tagger as rt
from streams.topics import tagger as tt

# ---------------------------------------------------------------------------------------------
# regions: the cheap pre-checks before _ORG_TAIL and _CURRENCY in RegionTagger._orgs

_SUFFIXES = ("Co", "Corp", "Corporation", "Inc", "Ltd", "Plc", "PLC", "AG", "SA", "S.A.", "NV", "N.V.", "BV",
             "GmbH", "SpA", "S.p.A.", "Cos", "Industries", "Airlines", "Airways", "Holdings", "Group", "Bancorp",
             "Bancshares", "Fund", "Trust")


def test_org_tail_suffixes_are_the_ones_listed_here() -> None:
    # if the pattern changes, _ORG_SECOND must be checked again (and this list updated)
    tail = rt._ORG_TAIL.pattern.rsplit("(?:", 1)[1]
    assert tuple(w.replace("\\", "") for w in tail.split(")")[0].split("|")) == _SUFFIXES


def test_org_second_holds_every_second_character_org_tail_can_match() -> None:
    # [A-Z] and the literals of _ORG_TAIL are ASCII: only ASCII characters can be the second one of
    # a match; Latin-1 is tried too.  Every way the pattern can go on after its first character:
    # a word (capitalised, of, and, de, &), more separators, or a company suffix.
    goes_on = ["o Co", "f Co", "nd Co", "e Co", "x Co", " Co", ", Co", "Co"] + [s[1:] for s in _SUFFIXES] \
        + [s[1:] + " Co" for s in _SUFFIXES]
    for cp in range(256):
        c = chr(cp)
        for sep in " -,":
            if any(rt._ORG_TAIL.match(sep + c + rest) for rest in goes_on):
                assert c in rt._ORG_SECOND, (sep, c)


def test_currency_first_holds_every_character_a_currency_word_can_start_with() -> None:
    words = rt._CURRENCY.pattern.split("(?:", 1)[1].rsplit(")", 1)[0].split("|")
    assert "dlrs" in words and "kronen" in words
    initials = {w[0].lower() for w in words}
    assert initials <= set("dfmypsckglr")
    first = re.compile("[" + "".join(sorted(initials)) + "]", re.IGNORECASE)
    for cp in range(0x110000):
        c = chr(cp)
        if first.match(c):
            assert c in rt._CURRENCY_FIRST, hex(cp)


def _orgs_reference(tagger: rt.RegionTagger, text: str, matches: list) -> None:
    """RegionTagger._orgs before the pre-checks (the plain rule)."""
    org_keys: set[int] = set()
    gaz = tagger.gaz
    for m in matches:
        if m.caseless or not m.cands:
            continue
        if m.kinds <= rt._TOWN_ONLY and text[m.start - 4:m.start - 1].lstrip() in rt._PARTICLES:
            pm = rt._PARTICLE_BEFORE.search(text, max(0, m.start - 40), m.start)
            if pm and gaz.key_index(pm.group(1)) is None and pm.group(1).lower() not in rt._MODIFIERS:
                m.org = True
                continue
        tail = rt._ORG_TAIL.match(text, m.end) or (
            rt._CURRENCY.match(text, m.end) and rt._AMOUNT_BEFORE.search(text, max(0, m.start - 20), m.start))
        if tail:
            m.org = True
            org_keys.add(m.key_idx)
    if org_keys:
        plain = {m.key_idx for m in matches if not m.caseless and not m.org and m.cands}
        for m in matches:
            if m.caseless and m.key_idx in org_keys and m.key_idx not in plain:
                m.org = True


_WORDS = ["Japan", "France", "Canada", "Paris", "Texas", "American", "said", "and", "of", "de", "&", "Co", "Inc",
          "Corp", "S.A.", "Group", "Fund", "Trust", "dlrs", "DOLLARS", "yen", "\u017fterling", "\u212aronor", "15",
          "mln", "billion", "the", "Express", "Bank", "-", ",", "sales", "rose", "d", "o", "a", "Ltd"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14),
       st.lists(st.sampled_from(["", " ", ",", "-", ", ", "  "]), min_size=14, max_size=14))
@example(["15", "mln", "Canadian", "DOLLARS"], [" "] * 14)
@example(["2", "billion", "Japan", "\u017fterling"], [" "] * 14)
@example(["15", "Canada", "\u212aronor"], [" "] * 14)
@example(["Japan", "&", "Co", "France", "of", "Paris", "Ltd", "Texas", "and", "Bank", "Group"], [" "] * 14)
@example(["Canada", "Corp", "France", "Inc"], [" ", " ", ", ", " "] + [" "] * 10)
@example(["American", "Express", "S.A.", "Canada", "Trust"], ["-", ", ", " ", ",", " "] + [" "] * 9)
def test_orgs_agrees_with_the_plain_rule(words: list[str], seps: list[str]) -> None:
    text = " " + "".join(w + s for w, s in zip(words, seps)) + "\n\n"
    tagger = rt.get_tagger()
    folded = rt.fold(text, ".")
    segs = [(1, len(text) - 2, "l", False)]

    def scan() -> list:
        return tagger._scan(text, folded, segs, "en", [])

    fast, slow = scan(), scan()
    tagger._orgs(text, fast)
    _orgs_reference(tagger, text, slow)
    assert [m.org for m in fast] == [m.org for m in slow]


def test_an_amount_in_a_currency_after_a_place_still_counts_as_a_firm_use() -> None:
    text = " It paid 15 mln Canadian dlrs for the stake and the Japan Fund Inc said so.\n\n"
    tagger = rt.get_tagger()
    ms = tagger._scan(text, rt.fold(text, "."), [(1, len(text) - 2, "l", False)], "en", [])
    tagger._orgs(text, ms)
    assert [(m.surface, m.org) for m in ms] == [("Canadian", True), ("Japan", True)]


def test_home_prior_memo_gives_what_the_rule_gives() -> None:
    for source in (None, "", "reuters", "Reuters-fr", "afp", "AP", "dpa-AFX", "efe_es", "x", "agencia brasil",
                   "reuters de", "bloomberg-en"):
        for lang in ("en", "fr", "de", "pt", "xx", ""):
            assert rt._home_prior(source, lang) == rt._home_prior_raw(source, lang)
            assert rt._home_prior(source, lang) == rt._home_prior_raw(source, lang)  # from the memo


# ---------------------------------------------------------------------------------------------
# topics: one pass for the strongest narrower topics (refine and strength)

def _refine_reference(chosen, kept, total, limit, eng):
    best_child: dict[str, tuple[float, str]] = {}
    for c, raw in total.items():
        ch = eng.chains[c]
        if raw >= limit and len(ch) > 1 and raw > best_child.get(ch[1], (0.0, ""))[0]:
            best_child[ch[1]] = (raw, c)
    out = set()
    for c in chosen:
        while c in best_child and best_child[c][0] >= tt.REFINE * total[c]:
            c = best_child[c][1]
            kept[c] = total[c]
        out.add(c)
    return out


def _best_kid_reference(total, eng):
    best_kid: dict[str, float] = {}
    for k, raw in total.items():
        ch = eng.chains[k]
        if len(ch) > 1 and raw > best_kid.get(ch[1], 0.0):
            best_kid[ch[1]] = raw
    return best_kid


_CODES = None


def _some_codes() -> list[str]:
    global _CODES
    if _CODES is None:
        eng = tt.engine()
        roots = sorted(eng.top_level)[:4]
        _CODES = sorted(c for c in eng.taxonomy.topics if eng.chains[c][-1] in roots)[:60]
    return _CODES


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_best_children_refine_and_strength_agree_with_the_plain_loops(data) -> None:
    eng = tt.engine()
    codes = _some_codes()
    picked = data.draw(st.lists(st.sampled_from(codes), min_size=1, max_size=12, unique=True))
    raws = data.draw(st.lists(st.sampled_from([0.4, 1.0, 1.5, 2.4, 2.5, 3.0, 4.0, 7.5]),
                              min_size=len(picked), max_size=len(picked)))
    own = dict(zip(picked, raws))
    total: dict[str, float] = {}
    for c, raw in own.items():
        for a in eng.chains[c]:
            total[a] = total.get(a, 0.0) + raw
    limit = tt._LIMIT
    kept = {c: raw for c, raw in total.items() if raw >= limit}
    chosen = tt._most_specific(kept, eng)
    best = tt._best_children(total, eng)
    k1, k2 = dict(kept), dict(kept)
    assert tt._refine(chosen, k1, total, limit, eng, best) == _refine_reference(chosen, k2, total, limit, eng)
    assert k1 == k2
    assert tt._refine(chosen, dict(kept), total, limit, eng) == _refine_reference(chosen, dict(kept), total, limit, eng)
    kid = _best_kid_reference(total, eng)
    assert {p: v[0] for p, v in best.items()} == kid
    for c in total:
        ref = total[c] if c not in kid else min(total[c], max(own.get(c, 0.0), 0.0) + kid[c])
        assert tt._strength(c, total[c], own, best) == ref


def test_default_limit_is_the_default_threshold() -> None:
    assert tt._LIMIT == tt._raw_threshold(tt.THRESHOLD)
    assert math.isclose(tt._score(tt._LIMIT), tt.THRESHOLD)


def test_no_topic_without_evidence_but_agency_codes_still_count() -> None:
    from streams.model import ParsedDispatch

    parsed = ParsedDispatch(headline="Xyzzy plugh", paragraphs=["Qwerty uiop asdf."], language="en")
    assert tt.tag(parsed) == []
    got = tt.tag(parsed, ["medtop:04000000"])
    assert [t["code"] for t in got] == ["medtop:04000000"] and got[0]["source"] == "agency"


def test_not_main_is_top_level_and_actors() -> None:
    eng = tt.engine()
    assert eng.not_main == eng.top_level | eng.actors


# ---------------------------------------------------------------------------------------------
# regions: a cue found at the start of a word needs no search of the whole copy

def _cues_reference(folded: str, hits) -> tuple[bool, bool, bool, bool]:
    out = [False, False, False, False]
    n = len(folded)
    for end, klen, kinds in hits:
        start = end - klen + 1
        for kind in kinds:
            if kind == 3:
                if (start == 0 or rt._is_sep(folded[start - 1])) and (end + 1 >= n or rt._is_sep(folded[end + 1])):
                    out[3] = True
            else:  # some word of the copy starts with the cue's first three letters
                prefix = folded[start:end + 1].strip()[:3]
                if any(w.startswith(prefix) for w in folded.replace(".", " ").split()):
                    out[kind] = True
    return out[0], out[1], out[2], out[3]


_CUE_TEXT = ["killed", "skill", "skilled", "dead", "similar", "dissimilar", "the same as", "beat", "upbeat",
             "bat", "combat", "yen", "yenta", "wounded", "mort", "mortgage", "morte", "tue", "statue", "rand",
             "brand", "the", "a", "u.s.", "said", "tot", "total", "dollars", "eliminated", "opfer", "kiln",
             "simple", "deal", "beauty", "toto"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CUE_TEXT), min_size=1, max_size=12),
       st.lists(st.sampled_from([" ", ".", ". ", "", "  "]), min_size=12, max_size=12))
@example(["skill", "killed"], [" "] * 12)
@example(["skill", "kiln"], [" "] * 12)
@example(["upbeat", "skill", "beat"], [" "] * 12)
def test_cues_agree_with_a_search_for_every_cue(words: list[str], seps: list[str]) -> None:
    folded = "".join(w + s for w, s in zip(words, seps))
    gaz = rt.get_gazetteer()
    nkeys = len(gaz.allcap)
    hits = [(end - 1, end - start, gaz.cue_kinds[ki - nkeys])
            for ki, start, end in gaz.automaton.find_matches_as_indexes(folded, overlapping=True) if ki >= nkeys]
    assert rt._cues(folded, hits) == _cues_reference(folded, hits)
