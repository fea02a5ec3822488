"""RULES.has_furniture / has_see_also (the "\\n"-anchored searches) agree with the ^-anchored regexes."""
from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.parsing.rules import RULES, _after_newline, _can_begin_with, _possessive_lead

_LINES = st.sampled_from(["", " ", "  ", "see also", " * related coverage", "read more", "share", "tweet",
                          "12 comments", "jan 5, 1987", "10:30 gmt", "the company said", "- see also:",
                          "advertisement  ", "by our staff", "reuter", "x", "(c) reuters 1987", "menu"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=12)), max_size=12).map("\n".join))
def test_same_answer_as_the_regex(text: str) -> None:
    t = text.lower()
    assert RULES.has_furniture(t) == (RULES.any_furniture_re.search(t) is not None)
    assert RULES.has_see_also(t) == (RULES.any_see_also_re.search(t) is not None)


def test_a_top_level_alternation_keeps_the_plain_search() -> None:
    p = re.compile(r"^a|b", re.M)
    f = _after_newline(p)
    for t in ("b", "xb", "a", "\na", "x"):
        assert f(t) == (p.search(t) is not None)


# -- _possessive_lead: "^ *R" as "^ *+R" only when no match of R can begin with a space ----------------------

def test_the_shipped_searches_take_their_lead_once() -> None:
    assert _possessive_lead(RULES.any_furniture_re).pattern.startswith("^ *+")
    assert _possessive_lead(RULES.any_see_also_re).pattern.startswith("^[ *>•-]*+")


_CASES = [r"^ *a", r"^ * a", r"^ *(?:a|)b", r"^ *\s", r"^ *x?", r"^ *(?:\d+ x|y) *$", r"^[ *-]*(?:-x|y)",
          r"^[ *-]*(?:x|y)", r"^ *$", r"^ *(?:a|b)?c", r"^ *[^a]", r"^ *\S", r"^ *.", r"^ *(?=a)", r"^[ab]*b",
          r"^[ *]*(?:\*a|b)", r"^ *(?:x*|y)z", r"^ *\W", r"^[ -]*a", r"^ *(?:(?:ab)+ |c)"]


def test_the_possessive_lead_answers_as_the_plain_one_exhaustively() -> None:
    """Every text up to 5 characters over an alphabet with the lead's characters: the same yes/no."""
    for p in _CASES:
        plain = re.compile(p, re.M)
        fast = _possessive_lead(plain)
        for n in range(6):
            for t in itertools.product(" *-abxy1\n", repeat=n):
                s = "".join(t)
                assert (fast.search(s) is None) == (plain.search(s) is None), (p, s, fast.pattern)


def test_can_begin_with_is_careful() -> None:
    assert _can_begin_with(r"a|b", 0, [" "]) is False
    assert _can_begin_with(r"a| ", 0, [" "]) is True
    assert _can_begin_with(r"a?", 0, [" "]) is True  # may be empty
    assert _can_begin_with(r"(?i:a)", 0, [" "]) is True  # inline flags: unsure
    assert _can_begin_with(r"[^x]", 0, [" "]) is True
    assert _can_begin_with(r"\d+", 0, [" "]) is False
    assert _can_begin_with(r"(?:x*)y", 0, ["y"]) is True


_LEADS = st.sampled_from(["", " ", "    ", " * ", "- ", "•", ">", "  -  "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_LEADS, st.one_of(_LINES, st.text(max_size=10))).map("".join), max_size=10).map("\n".join))
def test_indented_lines_same_answer_as_the_plain_search(text: str) -> None:
    t = text.lower()
    assert RULES.has_furniture(t) == (re.search(RULES.any_furniture_plain, t, re.M) is not None)
    assert RULES.has_see_also(t) == (re.search(RULES.any_see_also_plain, t, re.M) is not None)
