"""One text folding for the whole package: case, accents, apostrophes, hyphens.

Two families:

* **position-keeping** (:func:`fold`, :func:`tokens`): one character in, one character out,
  so that a match at ``folded[i:j]`` is the span ``text[i:j]`` of the original.  Used where
  matches must point back into the text (gazetteer and lexicon automata, evidence).
  Each character is lower-cased and loses its accents (NFKD, combining marks dropped, kept only
  when that leaves exactly one character: ``é`` -> ``e``, ``Ö`` -> ``o``, ``²`` -> ``2``, ``ß``
  and ``œ`` stay), and every character that is not a letter or a digit becomes a space, except
  the separators listed in ``keep``: ``"."`` keeps full stops (``U.S.``), ``"'"`` keeps every
  apostrophe, written as ``'`` (``’``, ``ʼ``, ``‘``, ``´``, backtick, prime), ``"-"`` keeps every
  hyphen, written as ``-`` (``‐``, non-breaking ``‑``; dashes ``–`` ``—`` stay separators).
  A combining mark written as its own character (NFD input) becomes a space like any other
  non-letter: give NFC text.
* **loose** (:func:`loose_fold`, :func:`loose_key`, :func:`words`): NFKD without combining marks, ``casefold``,
  punctuation kept; the length may change (``ß`` -> ``ss``, ``ﬁ`` -> ``fi``).  For comparing
  strings (headlines, fingerprints, evaluation), never for offsets.

Pure functions; tables are built once at import (the Latin-1 range) and memoised for the rest.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

APOSTROPHES = "'\u2019\u02bc\u2018\u00b4\u0060\u2032"
HYPHENS = "-\u2010\u2011"
_KEEPABLE = {".": ".", "'": APOSTROPHES, "-": HYPHENS}
_SEPARATORS = frozenset(APOSTROPHES + HYPHENS)  # separators even when a letter by Unicode (modifier letter apostrophe)


def _fold_char(c: str) -> str:
    """The folded form of one character (always one character)."""
    base = "".join(ch for ch in unicodedata.normalize("NFKD", c) if not unicodedata.combining(ch))
    low = base.lower()
    if len(low) == 1:
        f = low
    else:
        low = c.lower()
        f = low if len(low) == 1 else c
    return f if f.isalnum() else " "


class _Table(dict):
    """A ``str.translate`` table that folds any code point, memoised on first sight."""

    def __init__(self, keep: str) -> None:
        super().__init__()
        self.keep: dict[str, str] = {}
        for k in keep:
            if k not in _KEEPABLE:
                raise ValueError(f"fold can keep only {sorted(_KEEPABLE)}, not {k!r}")
            for variant in _KEEPABLE[k]:
                self.keep[variant] = k
        for cp in range(256):
            self[cp]  # noqa: B018 - fill the Latin-1 range now

    def __missing__(self, cp: int) -> str:
        c = chr(cp)
        f = self.keep.get(c) or (" " if c in _SEPARATORS else _fold_char(c))
        self[cp] = f
        return f


@lru_cache(maxsize=None)
def _tables(keep: str) -> tuple[_Table, bytes | None, bytes | None]:
    table = _Table(keep)
    ascii_t = bytes(ord(table[i]) for i in range(128)) + bytes(128)
    ok = all(ord(table[i]) < 256 for i in range(256) if i != 0xB5)
    latin1 = bytes(ord(table[i]) if ord(table[i]) < 256 else 32 for i in range(256)) if ok else None
    return table, ascii_t, latin1


def _norm_keep(keep: str) -> str:
    return "".join(sorted(set(keep)))


_BY_KEEP: dict[str, tuple[_Table, bytes | None, bytes | None]] = {}  # keep as the caller wrote it -> tables


def _tables_for(keep: str) -> tuple[_Table, bytes | None, bytes | None]:
    t = _BY_KEEP.get(keep)
    if t is None:
        t = _tables(_norm_keep(keep) if keep else "")  # raises ValueError for a separator fold cannot keep
        if len(_BY_KEEP) < 64:
            _BY_KEEP[keep] = t
    return t


def fold(text: str, keep: str = "") -> str:
    """Position-keeping fold (see the module doc): ``len(fold(t)) == len(t)`` and
    ``fold(t)[i]`` is the fold of ``t[i]``.  ``keep`` is any of ``.``, ``'``, ``-``."""
    table, ascii_t, latin1 = _tables_for(keep)
    if text.isascii():
        return text.encode("ascii").translate(ascii_t).decode("ascii")
    if latin1 is not None and "\u00b5" not in text:  # micro sign: its fold (Greek mu) is not Latin-1
        try:
            return text.encode("latin-1").translate(latin1).decode("latin-1")
        except UnicodeEncodeError:
            pass
    return text.translate(table)


def fold_key(text: str, keep: str = "") -> str:
    """A dictionary key: :func:`fold` with whitespace runs collapsed and the ends stripped."""
    return " ".join(fold(text, keep).split())


class Token(NamedTuple):
    text: str  # folded (apostrophes and hyphens written ``'`` and ``-``)
    start: int  # span in the original text
    end: int


# A word of loosely folded text: letters and digits with inner joiners (l'armee, u.s, 3.5, 6-1/16, 10:30, 1,000).
_TOKEN = re.compile(r"[^\W_]+(?:[.,/:'’-][^\W_]+)*")
_TOKEN_KEEP = re.compile(r"[^\W_]+(?:['\-.][^\W_]+)*")


def tokens(text: str) -> list[Token]:
    """Word tokens with their spans in ``text``: ``Token.text == fold(text[start:end], "'-.")``.

    Inner apostrophes, hyphens and full stops join (``aujourd'hui``, ``Saint-Denis``, ``3.5``,
    ``U.S``); a trailing full stop does not belong to the word.
    """
    folded = fold(text, "'-.")
    return [Token(m.group(), *m.span()) for m in _TOKEN_KEEP.finditer(folded)]


def loose_fold(text: str | None) -> str:
    """Case- and accent-folded text for comparisons (NFKD, no combining marks, casefold: the
    reference wire scorer's fold).  Not position-keeping; punctuation is kept."""
    s = text or ""
    if s.isascii():
        return s.casefold()
    s = _strip_marks(s).casefold()
    return s if s.isascii() else _strip_marks(s)  # casefold may give back marks (idempotence)


def loose_key(text: str | None) -> str:
    """A dictionary key for loosely folded text: :func:`loose_fold` with whitespace runs collapsed and
    the ends stripped (``"Rédigé  par"`` -> ``"redige par"``)."""
    return " ".join(loose_fold(text).split())


class _Marks(NamedTuple):
    table: dict[int, None]  # every code point with a non-zero combining class -> None (a delete table)
    bmp: re.Pattern[str]  # a run of those below U+10000


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
@lru_cache(maxsize=1)
def _marks() -> _Marks:
    """The combining marks, found on first use by asking ``unicodedata.combining`` about every code
    point (~0.15 s, once per process), so they are exactly those of the running Python's Unicode."""
    combining = unicodedata.combining
    cps = [cp for cp in range(0x110000) if combining(chr(cp))]
    ranges: list[list[int]] = []
    for cp in cps:
        if cp >= 0x10000:
            break
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    cls = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)
    return _Marks(dict.fromkeys(cps), re.compile(f"[{cls}]+"))


def _strip_marks(s: str) -> str:
    """NFKD without combining marks, i.e. exactly
    ``"".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))``
    (pinned against it in tests/test_speed_parsing_fold.py), at C speed: that generator was a hot
    spot of the threading features on non-ASCII copy.  The marks below U+10000 go by one regex
    character class (a bitmap in ``re``, ~5x faster than the generator; ``str.translate`` with a
    dict is no faster than the generator); the rare text with astral characters then goes through
    the full delete table."""
    t = unicodedata.normalize("NFKD", s)
    if t.isascii():
        return t
    marks = _marks()
    t = marks.bmp.sub("", t)
    return t.translate(marks.table) if _ASTRAL.search(t) else t


_WORD = re.compile(r"\w+")


def words(text: str | None) -> list[str]:
    """Loosely folded ``\\w+`` words: what "the same words" means when comparing outputs
    (``l’Élysée`` -> ``['l', 'elysee']``)."""
    return _WORD.findall(loose_fold(text or ""))


def word_list(text: str) -> list[str]:
    """Loosely folded words with inner joiners kept (``U.S``, ``6-1/16``, ``l'armee``): the
    threading tokens."""
    return _TOKEN.findall(loose_fold(text))
