"""The furniture pre-check as a trie over first atoms (rules.by_first_atom) answers as the plain alternation."""
from __future__ import annotations

import itertools
import random
import re
from re import _constants as c, _parser

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.parsing.rules import RULES, _split_bars, by_first_atom

PLAIN = re.compile(RULES.any_furniture_plain, re.M)


def _example(items, rng: random.Random) -> str:
    """A string the parsed pattern ``items`` (usually) matches: a random walk of its tree."""
    out = []
    for op, av in items:
        if op is c.LITERAL:
            out.append(chr(av))
        elif op is c.ANY:
            out.append(rng.choice("ax1 ."))
        elif op is c.IN and av and av[0][0] is c.NEGATE:  # [^...]: the rules negate punctuation and space, not "k"
            out.append("k")
        elif op is c.IN:
            chars = []
            for iop, iav in av:
                if iop is c.LITERAL:
                    chars.append(chr(iav))
                elif iop is c.RANGE:
                    chars.append(chr(rng.randint(*iav)))
                elif iop is c.CATEGORY:
                    chars.append({c.CATEGORY_DIGIT: "7", c.CATEGORY_SPACE: " "}.get(iav, "k"))
            out.append(rng.choice(chars or ["q"]))
        elif op is c.CATEGORY:
            out.append({c.CATEGORY_DIGIT: "4", c.CATEGORY_SPACE: " "}.get(av, "w"))
        elif op is c.BRANCH:
            out.append(_example(rng.choice(av[1]), rng))
        elif op is c.SUBPATTERN:
            out.append(_example(av[3], rng))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, hi, sub = av
            n = rng.randint(lo, min(hi, lo + 3))
            out.extend(_example(sub, rng) for _ in range(n))
    return "".join(out)


def _examples(n_each: int = 6) -> list[str]:
    rng = random.Random(7)
    pattern = RULES.any_furniture_plain
    alts = _split_bars(pattern[len("^ *(?:(?:"):-len(") *$|(?:") - len(pattern.split(") *$|(?:", 1)[1])])
    slugs = _split_bars(pattern.split(") *$|(?:", 1)[1][:-2])
    out = []
    for a in alts + slugs:
        items = _parser.parse(a)
        out += [_example(items, rng) for _ in range(n_each)]
    return out


EXAMPLES = _examples()


def test_examples_cover_the_alternatives():
    hits = sum(PLAIN.search(e) is not None for e in EXAMPLES)
    assert hits >= 0.9 * len(EXAMPLES)


def test_every_example_and_its_near_misses_agree():
    rng = random.Random(11)
    for e in EXAMPLES:
        variants = {e, "  " + e + "  ", e[:-1], e[1:], e + "x", "x" + e, e + " the company said",
                    e.replace(" ", "  "), e[:len(e) // 2]}
        if e:
            i = rng.randrange(len(e))
            variants.add(e[:i] + rng.choice("a1 .é") + e[i + 1:])
        for v in variants:
            t = "the company said\n" + v + "\nin a statement"
            assert (RULES.any_furniture_re.search(t) is None) == (PLAIN.search(t) is None), v
            assert RULES.has_furniture(t) == (PLAIN.search(t) is not None), v


_PIECES = st.sampled_from(EXAMPLES[::7] + ["the company said", "read more", "12", " ", "\n", "x", "é", "."])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=10).map("".join))
def test_random_text_agrees(text: str) -> None:
    t = text.lower()
    assert RULES.has_furniture(t) == (PLAIN.search(t) is not None)


def test_rewrite_keeps_the_language_exhaustively():
    """Every string up to 5 characters over a small alphabet: same full match as the plain alternation."""
    alts = ["ab+c", "(?:x|y)?ab", "a[bc]d", r"\d+ x", "(?:u|v)w", "ab", "a(?:b|c)?", "x.y", "uw|uv", "b{2}a",
            "(?:ab)*c", r"\.a", "a$", "(?:x|yy)+"]
    plain = re.compile("|".join(f"(?:{a})" for a in alts))
    fast = re.compile(by_first_atom(alts))
    assert fast.pattern != plain.pattern
    for n in range(6):
        for t in map("".join, itertools.product("abcxyuvw1 .", repeat=n)):
            assert (plain.fullmatch(t) is None) == (fast.fullmatch(t) is None), t


def test_what_is_not_rewritten_stays():
    for a in (r"(a|b)c", r"(?=a)b", r"\1a", r"a{2,3}", r"\x41b", r"(?i:ab)"):
        assert by_first_atom([a]) == f"(?:{a})"


def test_memoised_month_for_is_the_plain_one():
    words = ["Mar", "MARCH", "Narch", "sept.", "März", "juillet", "Fenruary", "Grabow", "de", "x", "", "Mai", "maio"]
    for w in words + words:
        assert RULES.month_for(w) == RULES._month_for(w)
    assert RULES.month_for("Narch") == 3 and RULES.month_for("Grabow") is None


def _fullmatch_pairs():
    from streams.parsing import page

    pairs = [(RULES.furniture_plain, RULES.furniture_re), (page.CUT_PLAIN, page.CUT_RE), (page.DROP_PLAIN, page._DROP_RE)]
    if RULES.cut_re is not None:
        pairs.append((RULES.cut_plain, RULES.cut_re))
    return [(re.compile(p, re.I), fast) for p, fast in pairs]


def test_fullmatch_tries_answer_as_the_plain_alternations():
    rng = random.Random(5)
    for plain, fast in _fullmatch_pairs():
        assert plain.pattern != fast.pattern and fast.flags & re.I
        alts = _split_bars(plain.pattern[3:-1])
        examples = [_example(_parser.parse(a), rng) for a in alts for _ in range(6)]
        assert sum(plain.fullmatch(e) is not None for e in examples) >= 0.9 * len(examples)
        for e in examples:
            for v in {e, e.upper(), e.title(), e[:-1], e[1:], e + ".", " " + e, e + " x", e[:len(e) // 2]}:
                assert (plain.fullmatch(v) is None) == (fast.fullmatch(v) is None), (plain.pattern[:40], v)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=4).map("".join))
def test_fullmatch_tries_on_random_text(text: str) -> None:
    for plain, fast in _FULL:
        assert (plain.fullmatch(text) is None) == (fast.fullmatch(text) is None)


_FULL = _fullmatch_pairs()
