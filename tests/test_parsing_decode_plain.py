"""decode's plain-text fast path (regexes skipped for ASCII printable text, tab, LF, CR) changes nothing."""
from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.model import DispatchError
from streams.parsing import decoding as d


def _reference(text: str) -> str:
    """decode() of a str as it was before the fast path."""
    d._check_text(text)
    if not text.isascii() and d._MOJIBAKE.search(text):
        text = d._fix_mojibake(text)
    if d.looks_like_html(text):
        text = d.html_to_text(text)
    if "&" in text:
        text = html.unescape(text)
    if "\r" in text or d._NEWLINES.search(text):
        text = d._NEWLINES.sub("\n", text)
    text = d._CONTROLS.sub("", text)
    if "\t" in text:
        text = text.replace("\t", "    ")
    if not text.isascii():
        text = d._SPACES.sub(" ", text)
    return text


def _outcome(f, text):
    try:
        return f(text)
    except DispatchError as e:
        return ("error", e.code)


def test_plain_characters_are_in_no_skipped_pattern() -> None:
    for c in map(chr, d._ASCII_PLAIN):
        assert not d._BAD.search(c) and not d._CONTROLS.search(c)
        assert (d._NEWLINES.search(c) is not None) == (c == "\r")


_PIECES = st.sampled_from(["Reuters", " ", "\n", "\r\n", "\r", "\t", "&amp;", "&#11;", "<p>", "</p>", "\x0b",
                           "\x1e", "\x03", "\x7f", "é", "Ã©", "\u200b", "\xa0", "\u2028", "A", "1987", "-"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=30).map("".join))
def test_decode_is_unchanged(text: str) -> None:
    assert _outcome(d.decode, text) == _outcome(_reference, text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x7F), max_size=200))
def test_decode_ascii_is_unchanged(text: str) -> None:
    assert _outcome(d.decode, text) == _outcome(_reference, text)
