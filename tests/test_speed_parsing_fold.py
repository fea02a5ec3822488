"""The C-speed combining-mark removal of streams/text/fold.py agrees with its definition."""
from __future__ import annotations

import importlib
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.text.fold import loose_fold

fold_mod = importlib.import_module("streams.text.fold")  # the module (``streams.text.fold`` is also a function)


def _slow_strip_marks(s: str) -> str:
    """The definition: NFKD, then every character with a non-zero combining class dropped."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def test_table_is_exactly_the_combining_characters():
    table = fold_mod._marks().table
    expected = {cp for cp in range(sys.maxunicode + 1) if unicodedata.combining(chr(cp))}
    assert set(table) == expected
    assert all(v is None for v in table.values())


def test_every_code_point_alone_and_after_a_letter():
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp < 0xE000:
            continue  # lone surrogates: below, in random text
        c = chr(cp)
        s = "a" + c
        assert fold_mod._strip_marks(s) == _slow_strip_marks(s), hex(cp)


def test_astral_marks():
    for s in ("a\U0001D165\U0001D16Db", "\U0001E000x", "\U0001F600 \u0301e\U000E0100", "\U00010000"):
        assert fold_mod._strip_marks(s) == _slow_strip_marks(s)


def test_known_texts():
    assert fold_mod._strip_marks("Élysée Ñandú Ｔｏｋｙｏ ﬁ") == "Elysee Nandu Tokyo fi"
    assert fold_mod._strip_marks("e\u0301\u0327") == "e"
    assert loose_fold("L’Élysée à Zürich") == "l’elysee a zurich"


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_random_text_agrees_with_the_definition(s):
    assert fold_mod._strip_marks(s) == _slow_strip_marks(s)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x52F)))
def test_random_latin_greek_cyrillic_text(s):
    assert fold_mod._strip_marks(s) == _slow_strip_marks(s)
    slow = _slow_strip_marks(s).casefold()
    slow = slow if slow.isascii() else _slow_strip_marks(slow)
    assert loose_fold(s) == slow
