"""The fast paths of language detection agree with py3langid bit for bit.

``_Walker.features`` (first-occurrence counting with a scratch array), the float32 copy of narrow
restricted tables and the huge-page copy of the DFA table are pinned here against py3langid's own
``visit_counts`` / ``rank`` and against the slow ``Counter`` way.
"""
from __future__ import annotations

import copy
import threading

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.parsing import language as L

LATIN_TEXT = ("Le gouvernement a annoncé mercredi une série de mesures pour soutenir l'économie, a indiqué le "
              "ministre des Finances lors d'une conférence de presse à Paris.")
CYRILLIC_TEXT = "Правительство России объявило в среду о новых мерах поддержки экономики, сообщил министр."


def _walker():
    L._ranked(L._identifier(L.LATIN), LATIN_TEXT)
    assert L._walker_ok and L._walker is not None
    return L._walker


def _bits(ranked):
    return [(lang, float(score).hex()) for lang, score in ranked]


def _full():
    ident = copy.copy(L._model())
    ident.set_languages(None)
    return ident


texts = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(max_codepoint=0x24F), max_size=600),
    st.text(alphabet="abcdefghij klmnop", min_size=900, max_size=1500),  # more positions than the first scratch
)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_features_are_py3langid_visit_counts_in_the_same_order(text):
    from py3langid.langid import visit_counts

    w = _walker()
    ident = L._identifier(L.LATIN)
    data = ident._encode(text)
    theirs = visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, data)
    got = w.features(data)
    if theirs is None:
        assert got is None
    else:
        feats, counts = got
        assert list(zip(feats.tolist(), counts.tolist())) == list(theirs.items())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=300), st.booleans())
def test_the_scratch_count_is_the_counter_count(values, spread):
    # _count falls back to _count_with_counter when its order check fails: both must give
    # the distinct values in order of first occurrence and their counts
    w = _walker()
    f = np.array(values, dtype=np.intp) * (2_400 if spread else 1)  # features far apart too
    want = (list(dict.fromkeys(f.tolist())), [f.tolist().count(x) for x in dict.fromkeys(f.tolist())])
    assert [a.tolist() for a in w._count(f)] == list(want)
    assert [a.tolist() for a in w._count_with_counter(f)] == list(want)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.sampled_from([L.LATIN, (*L.LATIN, "ro"), L.SCRIPTS["Cyrillic"], L.SCRIPTS["Arabic"]]))
def test_restricted_ranks_are_py3langid_ranks_bit_for_bit(text, languages):
    ident = L._identifier(languages)
    assert _bits(_walker().rank(ident, text)) == _bits(ident.rank(text))


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_full_model_ranks_are_py3langid_ranks_bit_for_bit(text):
    # 142 languages: the float16 table, cast by the product as py3langid does
    ident = _full()
    assert _bits(_walker().rank(ident, text)) == _bits(ident.rank(text))


def test_narrow_tables_are_float32_copies_wide_ones_stay_float16():
    w = _walker()
    narrow = L._identifier(L.LATIN)
    table, pc, _ = w._table(narrow)
    assert table.dtype == np.float32 and table.flags.c_contiguous and pc is narrow.nb_pc
    assert np.array_equal(table, narrow.nb_ptc.astype(np.float32))
    full = _full()
    wide, _, _ = w._table(full)
    assert wide.dtype == full.nb_ptc.dtype == np.float16 and np.array_equal(wide, full.nb_ptc)


def test_the_load_check_runs_through_the_fast_count(monkeypatch):
    # the texts checked at load count their features with the scratch array, not the fallback
    w = _walker()

    def no_fallback(f):
        raise AssertionError("the Counter fallback was used")

    monkeypatch.setattr(w, "_count_with_counter", no_fallback)
    ident = L._identifier(L.LATIN)
    assert any(w.features(ident._encode(t)) is not None for t in L._CHECK_TEXTS)
    for i in (ident, _full()):
        for t in L._CHECK_TEXTS:
            assert _bits(w.rank(i, t)) == _bits(i.rank(t))


def test_ranks_from_several_threads_are_the_single_thread_ones():
    w = _walker()
    ident = L._identifier(L.LATIN)
    cyr = L._identifier(L.SCRIPTS["Cyrillic"])
    jobs = [(ident, LATIN_TEXT[i:]) for i in range(0, 60, 3)] + [(cyr, CYRILLIC_TEXT[i:]) for i in range(0, 60, 3)]
    want = [_bits(w.rank(i, t)) for i, t in jobs]
    results: dict[int, list] = {}

    def run(k: int) -> None:
        results[k] = [_bits(w.rank(i, t)) for _ in range(20) for i, t in jobs][-len(jobs):]

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == want for k in range(4))


def test_the_huge_page_table_holds_py3langids_values():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    fresh = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    ours = L._model().tk_nextmove
    assert memoryview(ours).format == memoryview(fresh.tk_nextmove).format
    assert np.array_equal(np.frombuffer(ours, np.uint32), np.frombuffer(fresh.tk_nextmove, np.uint32))
    assert L._on_huge_pages(fresh.tk_nextmove)[12345] == fresh.tk_nextmove[12345]
