"""Fast paths of the topic tagger pinned against the straightforward code they replace (issue 9)."""
from __future__ import annotations

from contextlib import contextmanager

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.model import ParsedDispatch
from streams.topics import tagger


def _fields_reference(parsed: ParsedDispatch, max_chars: int, lead_chars: int) -> tuple[str, list]:
    """The zone builder as first written: three passes (budget, lead split, positions)."""
    sep = tagger._SEP
    items = [((parsed.headline or "")[:1000], tagger.HEADLINE_WEIGHT)]
    paras = parsed.paragraphs or []
    if max_chars:
        budget = max_chars
        kept = []
        for p in paras:
            if budget <= 0:
                break
            if len(p) > budget:
                cut = p.rfind(" ", 0, budget)
                p = p[:cut if cut > 0 else budget]
            kept.append(p)
            budget -= len(p)
        paras = kept
    if paras:
        lead = paras[0]
        if len(lead) > lead_chars:
            cut = lead.rfind(" ", 0, lead_chars)
            cut = cut if cut > 0 else lead_chars
            items.append((lead[:cut], tagger.LEAD_WEIGHT))
            items.append((lead[cut:], tagger.BODY_WEIGHT))
        else:
            items.append((lead, tagger.LEAD_WEIGHT))
        items.extend((p, tagger.BODY_WEIGHT) for p in paras[1:])
    parts, starts, pos = [], [], 0
    for text, w in items:
        if not text:
            continue
        parts += [text, sep]
        starts.append((pos, w))
        pos += len(text) + len(sep)
    zones = [(st, starts[i + 1][0] if i + 1 < len(starts) else pos, w) for i, (st, w) in enumerate(starts)]
    return "".join(parts), zones


@contextmanager
def _limits(max_chars: int, lead_chars: int):
    saved = tagger.MAX_CHARS, tagger.LEAD_CHARS
    tagger.MAX_CHARS, tagger.LEAD_CHARS = max_chars, lead_chars
    try:
        yield
    finally:
        tagger.MAX_CHARS, tagger.LEAD_CHARS = saved


_words = st.text(alphabet="ab .", max_size=40)


@settings(max_examples=400, deadline=None)
@given(headline=_words, paragraphs=st.lists(_words, max_size=6),
       max_chars=st.sampled_from([0, 1, 7, 30, 2000]), lead_chars=st.sampled_from([1, 5, 12, 500]))
def test_fields_agrees_with_the_reference(headline, paragraphs, max_chars, lead_chars):
    parsed = ParsedDispatch(headline=headline, paragraphs=paragraphs)
    with _limits(max_chars, lead_chars):
        assert tagger._fields(parsed) == _fields_reference(parsed, max_chars, lead_chars)


def test_fields_zones_cover_the_text():
    parsed = ParsedDispatch(headline="Storm hits coast", paragraphs=["word " * 150, "", "Second paragraph."])
    text, zones = tagger._fields(parsed)
    assert zones[0][0] == 0 and zones[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(zones, zones[1:]))
    assert [w for _, _, w in zones] == [tagger.HEADLINE_WEIGHT, tagger.LEAD_WEIGHT, tagger.BODY_WEIGHT,
                                        tagger.BODY_WEIGHT]
