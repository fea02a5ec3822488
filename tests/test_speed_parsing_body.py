"""Fast paths of streams/parsing/body.py agree with their plain definitions."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.parsing.body import _join


def _join_reference(parts: list[str]) -> str:
    """Unwrapping as first written: a space between lines, none after ``letter-`` before a letter."""
    if len(parts) == 1:
        return " ".join(parts[0].split())
    out = [parts[0]]
    prev = parts[0]
    for s in parts[1:]:
        if len(prev) > 1 and prev[-1] == "-" and prev[-2].isalpha() and s[:1].isalpha():
            out.append(s)
        else:
            out.append(" ")
            out.append(s)
        prev = s
    return " ".join("".join(out).split())


def test_hyphenated_line_ends():
    assert _join(["the anti-", "nuclear campaign"]) == "the anti-nuclear campaign"
    assert _join(["prices rose 3 -", "4 pct"]) == "prices rose 3 - 4 pct"
    assert _join(["a  b", " c"]) == "a b c"


_PART = st.one_of(st.sampled_from(["anti-", "nuclear", "-", "x-", "1-", "a -", "", " ", "é-", "Ölpreis", "-\n", "3"]),
                  st.text(alphabet="ab -\n\té1", max_size=8))


@settings(max_examples=500, deadline=None)
@given(st.lists(_PART, min_size=1, max_size=6))
def test_same_as_the_reference(parts):
    assert _join(parts) == _join_reference(parts)


_LINE = st.builds(lambda ind, words, n: " " * ind + " ".join(words) * n,
                  st.sampled_from([0, 0, 1, 2, 4, 6]), st.lists(st.sampled_from(["Oil", "rose.", "x-", "said", ""]), max_size=5),
                  st.sampled_from([1, 1, 1, 30]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE | st.sampled_from(["", "   ", "\t"]), max_size=12))
def test_build_paragraphs_agrees_with_the_reference(lines: list[str]) -> None:
    from streams.parsing.body import build_paragraphs
    from test_parsing_fast import _build_paragraphs_plain as _build_paragraphs_reference  # the one plain copy

    try:
        want = _build_paragraphs_reference(lines)
    except ValueError:
        with pytest.raises(ValueError):
            build_paragraphs(lines)
        return
    assert build_paragraphs(lines) == want


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="()[]aA .;\n", max_size=30))
def test_paren_guards_answer_as_the_expression(text: str) -> None:
    """advisory_of / credit_paragraph skip _PAREN when the text does not open with "(": it cannot match then."""
    from streams.parsing.body import _PAREN

    if text[:1] != "(":
        assert _PAREN.match(text) is None
