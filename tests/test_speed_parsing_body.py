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


def _build_paragraphs_reference(lines: list[str]) -> list[str]:
    """build_paragraphs before its counts were taken in C (issue 9, fifth pass)."""
    from streams.parsing.body import _SENTENCE_END, _join

    indents = [-1 if not line else 0 if line[0] != " " else len(line) - len(line.lstrip(" ")) for line in lines]
    nonblank = [ind for line, ind in zip(lines, indents) if line and ind < len(line)]
    if not nonblank:
        return []
    base = min(nonblank)
    stripped = [line.strip() for line in lines]
    lens = [len(line) for line, s in zip(lines, stripped) if s]
    width = max(lens)
    line_mode = sum(1 for n in lens if n > 120) * 3 > len(lens)
    indented = any(ind - base >= 2 for ind in nonblank)
    short_break = not indented and not line_mode
    paras: list[str] = []
    cur: list[str] = []
    prev_short_end = False
    for line, ind, s in zip(lines, indents, stripped):
        if not s:
            if cur:
                paras.append(_join(cur))
                cur = []
            continue
        if (not cur or line_mode or ind - base >= 2 or prev_short_end) and cur:
            paras.append(_join(cur))
            cur = []
        cur.append(s)
        prev_short_end = short_break and len(line.rstrip()) < 0.7 * width and bool(_SENTENCE_END.search(s))
    if cur:
        paras.append(_join(cur))
    return paras


_LINE = st.builds(lambda ind, words, n: " " * ind + " ".join(words) * n,
                  st.sampled_from([0, 0, 1, 2, 4, 6]), st.lists(st.sampled_from(["Oil", "rose.", "x-", "said", ""]), max_size=5),
                  st.sampled_from([1, 1, 1, 30]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE | st.sampled_from(["", "   ", "\t"]), max_size=12))
def test_build_paragraphs_agrees_with_the_reference(lines: list[str]) -> None:
    from streams.parsing.body import build_paragraphs

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
