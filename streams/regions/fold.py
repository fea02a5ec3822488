"""Case- and accent-folding that keeps string positions (one char in, one char out).

Used both by ``scripts/build_gazetteer.py`` (to fold the gazetteer keys) and at
run time (to fold the dispatch text), so that a match at ``[i:j]`` in the
folded text is the same span ``[i:j]`` of the original.
"""
from __future__ import annotations

import unicodedata



def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x0, 0x2FFF):
        c = chr(cp)
        if not c.isalnum() and c != ".":
            table[cp] = " "  # every separator (dash, apostrophe, quote, bracket, newline) is a space
            continue
        base = unicodedata.normalize("NFD", c)[0]
        low = base.lower()
        if len(low) != 1:
            low = c.lower() if len(c.lower()) == 1 else c
        if low == "ß":
            low = "ß"
        if low != c:
            table[cp] = low
    return table


FOLD_TABLE = _build_table()
# Latin-1 fast path: a 256-byte table for bytes.translate (most wire copy is Latin-1)
_LATIN1 = bytes(ord(FOLD_TABLE.get(i, chr(i))) if ord(FOLD_TABLE.get(i, chr(i))) < 256 else 32 for i in range(256))
_LATIN1_OK = all(ord(FOLD_TABLE.get(i, chr(i))) < 256 for i in range(256))


def fold(text: str) -> str:
    """Lower-case, strip accents, every non-alphanumeric character but ``.`` to a space.

    The result has the same length as ``text``: position ``i`` folds character ``i``.
    """
    try:
        return text.encode("latin-1").translate(_LATIN1).decode("latin-1")
    except UnicodeEncodeError:
        return text.translate(FOLD_TABLE)


def fold_key(text: str) -> str:
    """Fold a gazetteer key: like :func:`fold`, with runs of spaces collapsed."""
    return " ".join(fold(text).split())
