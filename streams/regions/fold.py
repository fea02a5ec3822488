"""Case- and accent-folding that keeps string positions (one char in, one char out).

Used both by ``scripts/build_gazetteer.py`` (to fold the gazetteer keys) and at
run time (to fold the dispatch text), so that a match at ``[i:j]`` in the
folded text is the same span ``[i:j]`` of the original.
"""
from __future__ import annotations

import unicodedata

_DASHES = "-‐‑‒–—−"
_APOS = "'’‘ʼ`´"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x20, 0x2FFF):
        c = chr(cp)
        if c in _DASHES:
            table[cp] = " "
            continue
        if c in _APOS:
            table[cp] = "'"
            continue
        if c == "\u00a0":
            table[cp] = " "
            continue
        base = unicodedata.normalize("NFD", c)[0]
        low = base.lower()
        if len(low) != 1:
            low = c.lower() if len(c.lower()) == 1 else c
        if low == "ß":
            low = "ß"
        if low != c:
            table[cp] = low
    table[ord("\n")] = " "
    table[ord("\t")] = " "
    table[ord("\r")] = " "
    return table


FOLD_TABLE = _build_table()


def fold(text: str) -> str:
    """Lower-case, strip accents, dashes and newlines to spaces; same length as ``text``."""
    return text.translate(FOLD_TABLE)


def fold_key(text: str) -> str:
    """Fold a gazetteer key: like :func:`fold`, with runs of spaces collapsed."""
    return " ".join(fold(text).split())
