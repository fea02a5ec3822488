"""The fast paths of the threading features agree with their plain definitions."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.stories import features
from streams.stories.features import content_paragraphs, entities, indexed_content, shingles
from streams.text.fold import loose_fold

# paragraphs built from pieces that exercise every rule: datelines, see-also blocks, credits, boilerplate,
# page stubs, upper-case tables, tickers and capitalised names in several scripts
_PIECES = ["PARIS, 3 mars (Reuters) - ", "VOIR AUSSI: ", "SEE ALSO :", "(Reporting by Ann Lee)", "Reuters",
           "Home /", "• Facebook", "Le gouvernement", "a annoncé", "la Banque de France", "<ABC.PA>", "ÉTATS-UNIS",
           "SIX MTHS 1.2 VS 3.4", "Der Bundestag", "in Köln", ". ", ", ", "\n", "  ", "Ἀθῆναι", "İstanbul", "x"]
_paragraph = st.lists(st.sampled_from(_PIECES), min_size=0, max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_paragraph, max_size=14))
def test_the_scope_content_is_the_indexed_prefix(paragraphs):
    """threading_scope takes the content of the first 8 paragraphs from the content computed once."""
    assert [p for i, p in indexed_content(paragraphs) if i < 8] == content_paragraphs(paragraphs[:8])
    assert [p for _, p in indexed_content(paragraphs)] == content_paragraphs(paragraphs)


def _entities_reference(paragraphs):
    """entities() as first written: both per-character counts on every paragraph."""
    out: dict[str, None] = {}
    for p in paragraphs:
        letters = sum(map(str.isalpha, p))
        if letters and sum(map(str.isupper, p)) > 0.6 * letters:
            continue
        for m in features._CAP.finditer(p):
            w = m.group(2)
            if w[0] == "<" or (m.group(1).isspace() and len(w) > 1):
                fw = loose_fold(w)
                if fw in features.NUMBER_WORDS:
                    continue
                out.setdefault(fw, None)
                if len(out) >= features._MAX_KEYS:
                    return list(out)
    return list(out)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_paragraph, st.text(max_size=80)), max_size=10))
def test_entities_skip_the_counts_only_where_they_cannot_matter(paragraphs):
    assert entities(paragraphs) == _entities_reference(paragraphs)


def test_entities_still_skip_upper_case_paragraphs():
    assert entities(["SIX MTHS NET PROFIT VS LOSS", "Shares of Acme rose in London"]) == ["acme", "london"]


@given(st.lists(st.sampled_from(["a", "b", "c", "d", "l'armee", "6-1/16", "u.s"]), max_size=12))
def test_shingles_of_three_are_the_joined_windows(toks):
    expected = {" ".join(toks[i:i + 3]) for i in range(len(toks) - 2)} if len(toks) >= 3 else (
        {" ".join(toks)} if toks else set())
    assert shingles(toks) == expected
    assert shingles(toks, 2) == ({" ".join(toks[i:i + 2]) for i in range(len(toks) - 1)} if len(toks) >= 2
                                 else ({" ".join(toks)} if toks else set()))


def test_the_characters_re_ignorecase_takes_for_ascii_letters_are_the_four_known():
    """The pre-checks of the boilerplate and see-also searches rely on it (lower-cased words, else the regex)."""
    import re
    import sys

    letter = re.compile("[a-z]", re.I).fullmatch
    found = {chr(cp) for cp in range(128, sys.maxunicode + 1) if letter(chr(cp))}
    assert found == set(features._RE_I_SPECIALS)


_NOISY = ["Reporting by", "EDITING BY", "wRiTiNg By", "(c) Copyright", "ALL RIGHTS RESERVED", "Devenez membre",
          "Vous devez être membre", "VOUS DEVEZ ÊTRE MEMBRE", "aucun commentaire", "Connectez-vous", "Reuters", "REUTERS ",
          "reuterſ", "REUTERİ", "rıghts", "VOIR AUSSI :", "voir aussi:", "Lire aussi", "See also:", "Véase también:",
          "VEASE TAMBIEN:", "Siehe auch :", "SİEHE AUCH:", "ſee alſo:", "LIRE AUSSİ:", "\u212a", ":", " ", "\n", ".",
          "x", "12", "»", "”", ")", "\u00a0", "\u2003", "Le gouvernement a annoncé", "Home /", "• Facebook"]
_noisy = st.lists(st.one_of(st.sampled_from(_NOISY), st.text(max_size=6)), max_size=8).map("".join)


@settings(max_examples=600, deadline=None)
@given(_noisy)
def test_boilerplate_see_also_and_stub_pre_checks_agree_with_their_patterns(p):
    assert features._boiler(p) == (features._BOILER.search(p) is not None)
    m, ref = features._see_also(p), (features._SEE_ALSO.search(p) if ":" in p else None)
    assert (m and m.span()) == (ref and ref.span())
    words = features.word_list(p)
    assert features._stub(p) == (len(words) <= 3 and not any(c.isdigit() for c in p)
                                 and not features._SENTENCE_END.search(p))
