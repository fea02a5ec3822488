"""RULES.has_furniture / has_see_also (the "\\n"-anchored searches) agree with the ^-anchored regexes."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.parsing.rules import RULES, _after_newline

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
