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
        self._month_memo: dict[str, int | None] = {}

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
        # "Does see_also_re match?": all after the phrase is optional (``.*$`` under re.S always matches), so the
        # phrase at the start is enough; as a trie over first atoms (same language, faster).
        self.see_also_test = re.compile(r"^[\s*>•-]*(?:" + by_first_atom([_alt(self.see_also)]) + r")", re.I).match
        # Credit role phrases at the start of a segment: "Reporting by", "Rédigé par".
        role_alt = _alt(role_forms | set(self.credit_roles))
        credit_role = r"^\s*(?:with\s+|and\s+|et\s+)?(?P<phrase>{})\s*:?\s+(?P<rest>.+)$"
        self.credit_role_re = re.compile(credit_role.format(role_alt), re.I | re.S)
        # The same yes/no test with the ~100 role phrases as a trie over first atoms (by_first_atom: same
        # language, so the same answer; ~2x faster): asked of every short paragraph at both ends of a body.
        self.credit_role_test = re.compile(credit_role.format(by_first_atom([role_alt])), re.I | re.S).match
        self.credit_suffix_re = re.compile(
            r"^(?P<rest>.+?)[\s,]+(?P<phrase>" + _alt(suffix_forms | set(self.credit_suffix_roles)) + r")\s*$", re.I | re.S)
        self.advisory_re = re.compile(r"^(?:" + _alt(self.advisory_starts) + r")\b", re.I)
        # Used for yes/no full matches only: as tries (see by_first_atom); the plain forms for the tests.
        self.furniture_plain = r"(?:" + "|".join(f"(?:{p})" for p in furniture) + r")"
        self.furniture_re = re.compile(r"(?:" + by_first_atom(furniture) + r")", re.I)
        self.cut_plain = r"(?:" + "|".join(f"(?:{p})" for p in cut) + r")" if cut else None
        self.cut_re = re.compile(r"(?:" + by_first_atom(cut) + r")", re.I) if cut else None
        sign = _alt({s.upper() for s in self.signoffs})
        extra = "".join(f"|(?:{p})" for p in signoff_patterns)
        self.signoff_re = re.compile(
            r"^[-–—\s]*(?:\(?(?:" + sign + r")\)?\.{0,3}\s*(?:\^M)?" + extra + r")\s*$", re.I)
        self.slug_re = re.compile(r"^\s*(?:" + _alt(slugs) + r")", re.I)
        # One pass over a whole lower-cased text: is there anything for the line by line rules to do?
        # (Without re.I the regex engine can skip most positions: 3x faster.)
        low = [_lower_pattern(p) for p in furniture + cut]
        low_slugs = _alt({x.lower() for x in slugs})
        # The test as written, and the same alternations as tries over their first atoms (same yes/no, ~3x
        # faster: the ~170 alternatives were tried one by one at every line start); pinned against each
        # other in tests/test_speed_parsing_rules.py.
        self.any_furniture_plain = r"^ *(?:(?:" + "|".join(f"(?:{p})" for p in low) + r") *$|(?:" + low_slugs + r"))"
        self.any_furniture_re = re.compile(
            r"^ *(?:(?:" + by_first_atom(low) + r") *$|(?:" + by_first_atom([low_slugs]) + r"))", re.M)
        see_also_low = _alt({x.lower() for x in self.see_also})
        self.any_see_also_plain = r"^[ *>•-]*(?:" + see_also_low + r")"
        # As a trie over first atoms (same yes/no answer, ~2x faster: see by_first_atom).
        self.any_see_also_re = re.compile(r"^[ *>•-]*(?:" + by_first_atom([see_also_low]) + r")", re.M)
        # The same two searches as tests (pattern.search(t) is not None), faster: see _after_newline, and
        # _possessive_lead (the line's leading spaces or bullets are taken once, not given back one by one).
        self.has_furniture = _after_newline(_possessive_lead(self.any_furniture_re))
        self.has_see_also = _after_newline(_possessive_lead(self.any_see_also_re))

    def flag_for(self, tag: str) -> str | None:
        return self.flags.get(loose_fold(" ".join(tag.split()).replace("’", "'")).upper())

    def month_for(self, word: str) -> int | None:
        """The month a word names (``Mar``, ``März``, ``sept.``, one typo tolerated), or None.  Memoised:
        called several times per dateline candidate, on few distinct words."""
        try:
            return self._month_memo[word]
        except KeyError:
            pass
        if len(self._month_memo) >= 4096:
            self._month_memo.clear()
        m = self._month_memo[word] = self._month_for(word)
        return m

    def _month_for(self, word: str) -> int | None:
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
    refused here, and a top-level ``|`` (:func:`_split_bars`).  Any doubt about the pattern's shape: the
    plain search.
    """
    p = pattern.pattern
    plain = lambda t: pattern.search(t) is not None  # noqa: E731
    ok = (p.startswith("^") and p[1:2] not in ("^", "$") and bool(pattern.flags & re.M)
          and "(?<" not in p and "\\A" not in p and len(_split_bars(p)) == 1)
    if not ok:
        return plain
    fast = re.compile("\n" + p[1:], pattern.flags).search
    return lambda t: fast("\n" + t) is not None


# -- a possessive lead for yes/no searches -----------------------------------------------------------
# ``^ *R`` first takes all the spaces of a line, then, when R fails, gives them back one by one and tries R
# after each shorter run: Reuters lines open with 4 spaces, so R was tried 5 times per line.  ``^ *+R`` takes
# the run once.  Both find a match at a line start exactly when R matches right after some k of its n spaces
# (k <= n); when no match of R can begin with a space (every match of R consumes a first character, and none
# is a space), R can only match after all n of them: the same answer.  _can_begin_with decides this from the
# parsed pattern, conservatively (anything it does not know: "yes, it might", and the plain pattern stays).

try:  # re's own parser (private, Python >= 3.11) for _can_begin_with
    from re import _constants as _sre, _parser as _sre_parser
except ImportError:  # pragma: no cover - another Python
    _sre = _sre_parser = None

# "^ *" or "^[...]*" with plain characters in the class (no range, escape or negation; a "-" only last).
_LEAD = re.compile(r"\^(?P<lead> |\[[^\]\\^-]+-?\])\*(?![*+?])")


def _possessive_lead(pattern: re.Pattern) -> re.Pattern:
    """``^C*R`` (C a space or a class of plain characters) as ``^C*+R`` when that is the same search (see above),
    else ``pattern`` itself.  Only for yes/no searches (which match is found is not asked)."""
    m = _LEAD.match(pattern.pattern)
    if not m:
        return pattern
    lead = m.group("lead")
    chars = [lead] if lead == " " else list(lead[1:-1])
    rest = pattern.pattern[m.end():]
    if pattern.flags & re.I or _can_begin_with(rest, pattern.flags, chars):
        return pattern
    return re.compile(pattern.pattern[:m.end()] + "+" + rest, pattern.flags)


def _can_begin_with(p: str, flags: int, chars: list[str]) -> bool:
    """Might a match of ``p`` be empty or begin with one of ``chars``?  True when unsure."""
    if _sre_parser is None:  # pragma: no cover - another Python: unsure, and the plain pattern stays
        return True
    c = _sre

    def one(op, av, ch: str) -> bool | None:
        """Can the item match a text beginning with ``ch``?  None: it can match the empty string."""
        if op is c.LITERAL:
            return chr(av) == ch
        if op is c.NOT_LITERAL:
            return chr(av) != ch
        if op is c.IN:
            hit = False
            neg = False
            for iop, iav in av:
                if iop is c.NEGATE:
                    neg = True
                elif iop is c.LITERAL:
                    hit = hit or chr(iav) == ch
                elif iop is c.RANGE:
                    hit = hit or iav[0] <= ord(ch) <= iav[1]
                elif iop is c.CATEGORY and iav in _CATEGORIES:
                    hit = hit or _CATEGORIES[iav](ch) is not None
                else:
                    return True
            return hit != neg
        if op is c.CATEGORY and av in _CATEGORIES:
            return _CATEGORIES[av](ch) is not None
        if op is c.BRANCH:
            res = [seq(items, ch) for items in av[1]]
            return True if True in res else None if None in res else False
        if op is c.SUBPATTERN and not av[1] and not av[2]:  # (no inline flags)
            return seq(av[3], ch)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            r = seq(av[2], ch)
            return None if av[0] == 0 and r is not True else r
        return True  # anchors, look-arounds, references, anything else: unsure

    def seq(items, ch: str) -> bool | None:
        for op, av in items:
            r = one(op, av, ch)
            if r is not None:
                return r
        return None  # every item can match the empty string

    items = _sre_parser.parse(p, flags)
    return any(seq(items, ch) is not False for ch in chars)


# the categories _can_begin_with knows, as their matchers
_CATEGORIES = {} if _sre is None else {
    getattr(_sre, "CATEGORY_" + name): re.compile(rx).match
    for name, rx in (("SPACE", r"\s"), ("NOT_SPACE", r"\S"), ("DIGIT", r"\d"), ("NOT_DIGIT", r"\D"),
                     ("WORD", r"\w"), ("NOT_WORD", r"\W"))}


def _lower_pattern(p: str) -> str:
    """Lower-case a regex written for re.I; refuses escapes whose meaning depends on case (\\D, \\S, \\W ...)."""
    if re.search(r"\\[A-Z]", p):  # pragma: no cover - data sanity
        raise ValueError(f"furniture pattern {p!r} uses an upper-case escape")
    return p.lower()


# -- yes/no searches over many alternatives, as tries ------------------------------------------------
# ``re`` tries the alternatives of ``a|b|...`` one after the other at every position.  Grouped under
# their first atom (``comments?|copyright ...|click here`` -> ``c(?:omments?|opyright ...|lick here)``,
# recursively), it tries a handful of first characters instead.  The rewrite keeps the language of the
# alternation (each step is an identity of regular expressions: ``(?:x|y)r`` = ``xr|yr``, ``(?:x)?r`` =
# ``xr|r``, ``a+`` = ``aa*``, ``ar|as`` = ``a(?:r|s)``), so a search finds a match exactly when the
# original finds one; which alternative matches, and group numbers, may differ: only for yes/no tests
# of patterns without capturing groups or back-references (anything else is left as it is).

_QUANT = ("*", "+", "?", "{")
_MAX_SPREAD = 16  # a leading group of more alternatives is left whole (the trie must stay small)


def _structure(p: str, i: int = 0):
    """``(index, char, depth)`` of each ``(``, ``)`` and ``|`` of ``p`` from ``i``, escapes and character
    classes skipped; ``depth`` is the group depth before the character."""
    depth, n = 0, len(p)
    while i < n:
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(p, i)
            continue
        if c in "()|":
            yield i, c, depth
            depth += 1 if c == "(" else -1 if c == ")" else 0
        i += 1


def _group_end(p: str, i: int) -> int:
    """Index after the group opening at ``p[i] == "("``."""
    for j, c, depth in _structure(p, i):
        if c == ")" and depth == 1:
            return j + 1
    raise ValueError(f"unbalanced group in {p!r}")


def _class_end(p: str, i: int) -> int:
    """Index after the character class opening at ``p[i] == "["``."""
    i += 1
    if p[i:i + 1] == "^":
        i += 1
    if p[i:i + 1] == "]":
        i += 1
    while p[i] != "]":
        i += 2 if p[i] == "\\" else 1
    return i + 1


def _split_bars(p: str) -> list[str]:
    """The top-level alternatives of ``p``."""
    out, start = [], 0
    for i, c, depth in _structure(p):
        if c == "|" and depth == 0:
            out.append(p[start:i])
            start = i + 1
    out.append(p[start:])
    return out


def _first_atom(a: str) -> tuple[str, str] | list[str] | None:
    """``(atom, rest)`` with ``a`` == ``atom rest`` and atom one character's test; or the alternatives
    ``a`` is the union of (a leading ``(?:x|y)`` or ``(?:x)?`` spread out); or None."""
    if not a:
        return None
    c = a[0]
    if c == "\\":
        if a[1:2] in ("", "A", "Z", "b", "B", "x", "u", "U", "N") or a[1].isdigit():  # anchors, long escapes
            return None
        atom = a[:2]
    elif c == "[":
        atom = a[:_class_end(a, 0)]
    elif c == "(":
        if not a.startswith("(?:"):
            return None
        j = _group_end(a, 0)
        inner, rest = a[3:j - 1], a[j:]
        alts = _split_bars(inner)
        if len(alts) > _MAX_SPREAD:
            return None
        if rest[:1] == "?" and rest[1:2] not in ("?", "+"):
            return [x + rest[1:] for x in alts] + [rest[1:]]
        if rest[:1] in _QUANT:
            return None
        return [x + rest for x in alts]
    elif c in ")|^$*+?{":
        return None
    else:
        atom = c
    rest = a[len(atom):]
    q = rest[:1]
    if q == "+":  # x+ is x x*
        return atom, atom + "*" + rest[1:]
    if q in _QUANT:
        return None
    return atom, rest


def by_first_atom(alts: list[str]) -> str:
    """The alternation ``alts`` rewritten for a faster search: alternatives sharing a first atom are
    grouped under it, recursively (a trie over atoms), so that the regex engine tries a handful of
    first characters at each position instead of every alternative.  Same language, so the same
    answer to "does it match anywhere"; which alternative matches, and groups' numbers, may differ:
    use it only for yes/no searches over non-capturing patterns."""
    todo = list(dict.fromkeys(x for a in alts for x in _split_bars(a)))
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    seen: set[str] = set()
    while todo:
        a = todo.pop()
        if a in seen:
            continue
        seen.add(a)
        r = _first_atom(a)
        if r is None:
            others.append(a)
        elif isinstance(r, list):
            todo.extend(r)
        else:
            groups.setdefault(r[0], []).append(r[1])
    parts = []
    for atom, rests in groups.items():
        if len(rests) == 1:
            parts.append(atom + rests[0])
        else:
            parts.append(f"{atom}(?:{by_first_atom(rests)})")
    parts.extend(others)
    return "|".join(f"(?:{p})" for p in parts) if parts else "(?!)"


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
