"""Desk vocabulary loaded from ``data/`` (per language JSON) and compiled once at import.

All languages are merged: a dispatch's language is only known after it is parsed,
and a Spanish desk may well file a ``SEE ALSO`` block.  See ``data/rules/README.md``.
"""
from __future__ import annotations

import json
import re
from importlib import resources

from ..text.fold import loose_fold

LANGS = ("en", "fr", "de", "es", "it", "pt", "nl")


def _load(name: str) -> dict:
    return json.loads(resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8"))


def _alt(words) -> str:
    """A regex alternation, longest first, spaces matching any whitespace."""
    uniq = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in uniq)


class Rules:
    def __init__(self) -> None:
        per_lang = {lang: _load(f"rules/{lang}.json") for lang in LANGS}
        self.months: dict[str, int] = {}
        for lang, table in _load("months.json").items():
            for name, num in table.items():
                prev = self.months.setdefault(loose_fold(name), num)
                if prev != num:  # pragma: no cover - data sanity
                    raise ValueError(f"month name {name!r} is ambiguous ({prev} vs {num})")
        self.month_full = sorted({n for n in self.months if len(n) >= 4})

        self.flags: dict[str, str] = {}  # tag as written (folded, upper-case) -> canonical flag
        self.attributions: list[str] = []
        self.see_also: list[str] = []
        self.credit_roles: dict[str, str] = {}
        self.credit_suffix_roles: dict[str, str] = {}
        self.advisory_starts: list[str] = []
        furniture: list[str] = []
        cut: list[str] = []
        self.signoffs: list[str] = []
        signoff_patterns: list[str] = []
        slugs: list[str] = []
        self.ambiguous_flags: set[str] = set()
        self.attribution_not_after: set[str] = set()
        role_forms: set[str] = set()
        suffix_forms: set[str] = set()
        for lang, d in per_lang.items():
            for tag, v in d.get("flags", {}).items():
                self.flags.setdefault(loose_fold(tag).upper(), v)
            self.attributions += d.get("attributions", [])
            self.see_also += d.get("see_also", [])
            for k, v in d.get("credit_roles", {}).items():
                self.credit_roles.setdefault(loose_fold(k), v)
                role_forms.add(k)
            for k, v in d.get("credit_suffix_roles", {}).items():
                self.credit_suffix_roles.setdefault(loose_fold(k), v)
                suffix_forms.add(k)
            self.advisory_starts += d.get("advisory_starts", [])
            furniture += d.get("furniture_lines", [])
            cut += d.get("furniture_cut", [])
            self.signoffs += d.get("signoffs", [])
            signoff_patterns += d.get("signoff_patterns", [])
            slugs += d.get("slug_prefixes", [])
            self.ambiguous_flags |= {loose_fold(t).upper() for t in d.get("ambiguous_flags", [])}
            self.attribution_not_after |= {loose_fold(t) for t in d.get("attribution_not_after", [])}

        # Tags as written (accents and all), for the regex; looked up through loose_fold().
        tag_forms = set()
        for lang, d in per_lang.items():
            for tag in d.get("flags", {}):
                tag_forms.add(tag)
                tag_forms.add(loose_fold(tag).upper())
        self.tag_alt = _alt(tag_forms)
        self.attribution_alt = _alt(self.attributions)
        self.see_also_re = re.compile(
            r"^[\s*>•-]*(?:" + _alt(self.see_also) + r")\s*(?::|\.{3}|-|–)?\s*(?P<rest>.*)$", re.I | re.S)
        # Credit role phrases at the start of a segment: "Reporting by", "Rédigé par".
        self.credit_role_re = re.compile(
            r"^\s*(?:with\s+|and\s+|et\s+)?(?P<phrase>" + _alt(role_forms | set(self.credit_roles)) + r")\s*:?\s+(?P<rest>.+)$", re.I | re.S)
        self.credit_suffix_re = re.compile(
            r"^(?P<rest>.+?)[\s,]+(?P<phrase>" + _alt(suffix_forms | set(self.credit_suffix_roles)) + r")\s*$", re.I | re.S)
        self.advisory_re = re.compile(r"^(?:" + _alt(self.advisory_starts) + r")\b", re.I)
        self.furniture_re = re.compile(r"(?:" + "|".join(f"(?:{p})" for p in furniture) + r")", re.I)
        self.cut_re = re.compile(r"(?:" + "|".join(f"(?:{p})" for p in cut) + r")", re.I) if cut else None
        sign = _alt({s.upper() for s in self.signoffs})
        extra = "".join(f"|(?:{p})" for p in signoff_patterns)
        self.signoff_re = re.compile(
            r"^[-–—\s]*(?:\(?(?:" + sign + r")\)?\.{0,3}\s*(?:\^M)?" + extra + r")\s*$", re.I)
        self.slug_re = re.compile(r"^\s*(?:" + _alt(slugs) + r")", re.I)
        # One pass over a whole lower-cased text: is there anything for the line by line rules to do?
        # (Without re.I the regex engine can skip most positions: 3x faster.)
        low = [_lower_pattern(p) for p in furniture + cut]
        self.any_furniture_re = re.compile(
            r"^ *(?:(?:" + "|".join(f"(?:{p})" for p in low) + r") *$|(?:" + _alt({x.lower() for x in slugs}) + r"))",
            re.M)
        self.any_see_also_re = re.compile(r"^[ *>•-]*(?:" + _alt({x.lower() for x in self.see_also}) + r")", re.M)
        # The same two searches as tests (pattern.search(t) is not None), faster: see _after_newline.
        self.has_furniture = _after_newline(self.any_furniture_re)
        self.has_see_also = _after_newline(self.any_see_also_re)

    def flag_for(self, tag: str) -> str | None:
        return self.flags.get(loose_fold(" ".join(tag.split()).replace("’", "'")).upper())

    def month_for(self, word: str) -> int | None:
        w = loose_fold(word).rstrip(".")
        m = self.months.get(w)
        if m is not None:
            return m
        if len(w) < 3 or len(w) > 10 or not w.isalpha():
            return None
        for full in self.month_full:  # one typo: "Narch", "Mach", "Fenruary"
            if abs(len(full) - len(w)) <= 1 and _within_one(w, full):
                return self.months[full]
        return None


def _after_newline(pattern: re.Pattern):
    r"""A test equal to ``pattern.search(t) is not None`` for a MULTILINE pattern ``^R`` (one ``^`` before
    everything, no top-level ``|``): ``\nR`` searched in ``"\n" + t``, faster (the regex engine jumps from
    newline to newline instead of trying ``^`` at every position).

    Why it is the same: ``^R`` can match only at a line start p of t (p = 0, or t[p - 1] is a newline), and
    the line starts of t are exactly the positions p + 1 after the newlines of s = "\n" + t (s[p] is that
    newline).  R then sees the same text after it, and before its first position a newline (in s) or the
    start of t: for \b, \B and ^, the only ways R could look back, the same; lookbehinds and \A are
    refused here.  Any doubt about the pattern's shape: the plain search.
    """
    p = pattern.pattern
    plain = lambda t: pattern.search(t) is not None  # noqa: E731
    try:
        from re import _constants as c, _parser  # CPython 3.11+

        items = _parser.parse(p, pattern.flags)
        first = items[0]
        ok = (p.startswith("^") and bool(pattern.flags & re.M) and "(?<" not in p and "\\A" not in p
              and first[0] is c.AT and first[1] is c.AT_BEGINNING
              and all(op is not c.BRANCH and op is not c.AT for op, _ in list(items)[1:2]))
    except Exception:  # noqa: BLE001 - another re: the plain search
        ok = False
    if not ok:
        return plain
    fast = re.compile("\n" + p[1:], pattern.flags).search
    return lambda t: fast("\n" + t) is not None


def _lower_pattern(p: str) -> str:
    """Lower-case a regex written for re.I; refuses escapes whose meaning depends on case (\\D, \\S, \\W ...)."""
    if re.search(r"\\[A-Z]", p):  # pragma: no cover - data sanity
        raise ValueError(f"furniture pattern {p!r} uses an upper-case escape")
    return p.lower()


def _within_one(a: str, b: str) -> bool:
    """Levenshtein distance <= 1."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


RULES = Rules()
