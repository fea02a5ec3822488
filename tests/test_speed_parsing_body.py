"""Fast paths of streams/parsing/body.py agree with their plain definitions."""
from __future__ import annotations

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
