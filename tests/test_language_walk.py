"""The vectorised DFA walk of language detection (``_Walker._walk``) is py3langid's byte-by-byte walk.

Pinned here: the table of byte pairs (the first two steps from the root at once), the padding byte
that keeps the root at the root, and the walk itself against a plain Python walk of py3langid's
tables (the features of every position, -1 dropped, in order).
"""
from __future__ import annotations

import copy

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.parsing import language as L


def _walker():
    L._ranked(L._identifier(L.LATIN), "Le gouvernement a annoncé mercredi une série de mesures.")
    assert L._walker_ok and L._walker is not None
    return L._walker


def _slow_walk(data: bytes) -> list[int]:
    """py3langid's ``visit_counts`` loop without the count: the feature of every position."""
    ident = L._model()
    nm, rowbase, out = ident.tk_nextmove, ident._rowbase, ident.tk_output
    state, feats = 0, []
    for byte in data:
        state = nm[rowbase[state] + byte]
        if out[state] >= 0:
            feats.append(out[state])
    return feats


def test_the_pad_byte_keeps_the_root_and_the_window_covers_the_depth():
    w = _walker()
    ident = L._model()
    assert w.window >= max(w.depth, 3) and len(w._pad) == w.window - 1
    assert ident.tk_nextmove[ident._rowbase[0] + w._pad[0]] == 0


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=255), st.integers(min_value=0, max_value=255))
def test_the_pair_table_is_two_steps_from_the_root(x, y):
    w = _walker()
    ident = L._model()
    nm, rowbase = ident.tk_nextmove, ident._rowbase
    assert w._pair_rows[x << 8 | y] == rowbase[nm[rowbase[nm[rowbase[0] + x]] + y]]


def test_the_whole_pair_table_against_two_numpy_steps():
    w = _walker()
    nm, rb = np.asarray(w.nextmove, dtype=np.intp), w.rowbase
    xs, ys = np.divmod(np.arange(65536), 256)
    assert np.array_equal(w._pair_rows, rb[nm[rb[nm[rb[0] + xs]] + ys]])


walk_texts = st.one_of(
    st.binary(max_size=40),  # shorter than a window, the pad byte itself, any byte
    st.text(max_size=300).map(lambda t: t.encode("utf8", "surrogatepass")),
    st.text(alphabet="aeiou nrst\x00\xe9", max_size=200).map(str.encode),
)


@settings(max_examples=300, deadline=None)
@given(walk_texts)
def test_the_walk_is_the_byte_by_byte_walk(data):
    assert _walker()._walk(data).tolist() == _slow_walk(data)


def test_the_walk_of_real_copy_and_edge_cases():
    w = _walker()
    for text in (*L._CHECK_TEXTS, "x", "xy", "xyz", "\x00\x00\x00abc", "Çà et là, São Paulo — Łódź; Škoda."):
        data = text.encode("utf8")
        assert w._walk(data).tolist() == _slow_walk(data), text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=100_052), max_size=400), st.booleans())
def test_rows_gathered_as_opaque_items_are_the_fancy_indexed_rows(feats, wide):
    # the product must see the very array table[feats] is: values, dtype, shape and C order
    w = _walker()
    if wide:
        ident = copy.copy(L._model())
        ident.set_languages(None)  # 142 languages: the float16 table
    else:
        ident = L._identifier(L.LATIN)
    table, _, rows = w._table(ident)
    f = np.array(feats, dtype=np.intp)
    got, want = w._rows(table, rows, f), table[f]
    assert got.dtype == want.dtype and got.shape == want.shape and got.flags.c_contiguous
    assert got.tobytes() == want.tobytes()
    counts = np.log1p(np.arange(1, len(f) + 1), dtype=np.float32)
    assert (counts @ got).tobytes() == (counts @ want).tobytes()


def _paths() -> dict[int, bytes]:
    """The shortest bytes from the root to every state (breadth first, in plain Python)."""
    ident = L._model()
    nm, rowbase = ident.tk_nextmove, ident._rowbase
    paths, frontier = {0: b""}, [0]
    while frontier:
        new = []
        for s in frontier:
            for x in range(256):
                t = nm[rowbase[s] + x]
                if t not in paths:
                    paths[t] = paths[s] + bytes([x])
                    new.append(t)
        frontier = new
    return paths


def test_the_walk_through_the_deepest_states_is_the_byte_by_byte_walk():
    # the deepest states (6 bytes in py3langid's model: pairs of kana and CJK characters) need the
    # whole window: rare in random text, so walked on purpose here
    w = _walker()
    paths = _paths()
    assert max(len(p) for p in paths.values()) == w.depth == w.window
    deepest = sorted(p for p in paths.values() if len(p) == w.depth)
    for i, p in enumerate(deepest):
        data = b"ab " * (i % 3) + p + b" x" + p[:-1] + bytes([i % 256])
        assert w._walk(data).tolist() == _slow_walk(data)
    short = copy.copy(w)
    short.window, short._pad = w.window - 1, w._pad[1:]
    data = b" ".join(deepest[:20])
    assert short._walk(data).tolist() != _slow_walk(data) == w._walk(data).tolist()


def _check_fails(w, monkeypatch) -> bool:
    """Whether the load check of ``_ranked`` rejects walker ``w`` (and so keeps py3langid's rank)."""
    monkeypatch.setattr(L, "_Walker", lambda ident: w)
    monkeypatch.setattr(L, "_walker", None)
    monkeypatch.setattr(L, "_walker_ok", None)
    L._ranked(L._identifier(L.LATIN), "The company said it expects a net profit.")
    assert L._walker_ok is (L._walker is w)
    return not L._walker_ok


def test_the_load_check_rejects_a_walker_with_a_wrong_pair_table_or_window(monkeypatch):
    w = _walker()
    assert not _check_fails(w, monkeypatch)
    wrong = copy.copy(w)
    wrong._pair_rows = w._pair_rows.copy()
    wrong._pair_rows[ord("t") << 8 | ord("h")] = w.rowbase[0]  # "th" read as if it led back to the root
    assert _check_fails(wrong, monkeypatch)
    short = copy.copy(w)
    short.window, short._pad = w.window - 1, w._pad[1:]  # windows one byte short of the deepest states
    assert _check_fails(short, monkeypatch)
