"""Property tests for the page-layout functions (furniture, headline, dateline, lead, HTML):
nothing but DispatchError ever leaves the parser, the functions never raise, and the time
stays linear in the input on adversarial text."""
from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.model import Dateline, DispatchError, Envelope
from streams.parsing import parse
from streams.parsing.dateline import match_dateline, match_inline_dateline
from streams.parsing.page import (analyse_head, classify, clean_paragraphs, cut_page_tail, displaced_headline,
                                  join_broken, strip_kicker, strip_lead_tag)
from streams.parsing.webpage import html_to_text, looks_like_html

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_PIECES = [
    "Hamburg (dpa) - ", "(ANSA) - ROMA, 13 NOV - ", "Città del Vaticano, 03 apr. - (Adnkronos) - ", "BAIDOA (Somalie), ",
    "20 mars 2017 ", "(AFP) -", "(Territoires palestiniens) ", "(EFE).-", "MADRID, 7 Sep. ", "(EP/AP)", " | AFP | ",
    "SACO, Maine ", "Ariz. ", "KINSHASA, Congo — ", "BRAZZAVILLE Jan 25 ", "LONDON, May 18 ", "PARIS: ", "EFE / ",
    "Home > News", "Read More »", "© Copyright", "( AFP / X Y )", "/maa/DP/stw", "(JAV)", "((HABRÁ AMPLIACIÓN))",
    "Economía/Bolsa.- ", "Kirchen Papst Vatikan: ", "AG: ", "Últimas Noticias", "Share", "cookies", "• ", "By ", "Par ",
    "Updated: 2013-03-18 08:19", "1 Min Read", "[ID:nL5N1A2B3C]", "<p>", "</p>", "<div>", "<html>", "\u202e", "\u2066",
    "\n", "\n\n", "    ", "(", ")", "-", "–", "—", ".", ":", "|", "/", "É", "é", "A", "a", "1",
]
page_text = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=20)), max_size=60).map("".join)
received = st.one_of(st.none(), st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30),
                                             timezones=st.just(timezone.utc)))


@SETTINGS
@given(page_text, received)
def test_parse_raises_only_dispatch_error_on_page_like_text(text, received_at):
    try:
        p = parse(Envelope(id=None, text=text, received_at=received_at), max_bytes=8192)
    except DispatchError as e:
        assert e.code in {"empty", "binary", "too_large", "no_body"}, (e.code, e.message)
        return
    out = "\n".join([p.headline, *p.paragraphs, p.dateline.city or "", p.dateline.qualifier or ""])
    assert "\u202e" not in out and "\u2066" not in out
    if p.dateline.date is not None:
        assert len(p.dateline.date) == 10  # never a partial --MM-DD date


@SETTINGS
@given(page_text, received)
def test_head_functions_never_raise(text, received_at):
    lines = text.split("\n")
    head = analyse_head(lines, received_at)
    if head is not None:
        assert isinstance(head.headline, str) and 0 <= head.start <= len(lines)
        assert head.dateline is None or isinstance(head.dateline, Dateline)
    for line in lines[:20]:
        s = line.strip()
        if s:
            kind, n = classify(s)
            assert kind in {"furniture", "date", "byline", "caption", "bullet", "title", "body", "short"} and n >= 0
        assert isinstance(strip_kicker(line), str)
        m = match_dateline(line, received_at)
        assert m is None or (isinstance(m[0], Dateline) and 0 < m[1] <= len(line))
        mi = match_inline_dateline(line, received_at, lines[:3])
        assert mi is None or (isinstance(mi[1], Dateline) and mi[2] <= len(line))
        rest, tag = strip_lead_tag(line, received_at)
        assert isinstance(rest, str) and (tag is None or tag.city is None)
    paras = [x for x in lines if x.strip()]
    assert isinstance(clean_paragraphs(paras), list)
    assert isinstance(join_broken(paras), list)
    j = displaced_headline(paras)
    assert j is None or 0 < j < len(paras)
    assert len(cut_page_tail(lines)) <= len(lines)


@SETTINGS
@given(page_text)
def test_html_extraction_never_raises_and_keeps_no_markup(text):
    page = "<!DOCTYPE html><html><body><article><p>" + text + "</p></article></body></html>"
    assert looks_like_html(page)
    out = html_to_text(page)
    assert isinstance(out, str)
    assert "<p>" not in out and "<div>" not in out and "</p>" not in out


def _cost(make, n: int) -> float:
    text = make(n)
    started = time.process_time()
    try:
        parse(Envelope(id=None, text=text, received_at=datetime(2020, 1, 1, tzinfo=timezone.utc)), max_bytes=1 << 22)
    except DispatchError:
        pass
    return time.process_time() - started


_ADVERSARIAL = {
    "capitals_and_brackets": lambda n: "HEAD LINE HERE\n\n" + "ROME (" * n + "x",
    "dateline_pieces": lambda n: "(ANSA) - " * n + "ROMA, 13 NOV - text",
    "pipes_and_agencies": lambda n: "EFE / " + "La Voz " * n + "Ciudad de México. Las autoridades dijeron algo.",
    "many_title_lines": lambda n: "A title line with words here\n" * n + "Body text of the story, which is long enough.",
    "many_short_furniture_lines": lambda n: "Share\nHome > News\n1 Min Read\n" * n + "The body of the story goes here.",
    "inline_capitals": lambda n: "Vers un accord\n\n" + "VERS UN ACCORD " * n + "BRUXELLES (Reuters) - Le texte.",
    "one_long_body_line": lambda n: "Title of it all\n\n" + "word, " * (10 * n) + "end.",
    "html_nesting": lambda n: "<html><body>" + "<div><p>Some text of the page here.</p>" * n + "</body></html>",
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", sorted(_ADVERSARIAL))
def test_adversarial_page_text_stays_linear(name):
    make = _ADVERSARIAL[name]
    small = max(_cost(make, 2000), 1e-3)
    large = _cost(make, 8000)
    # 4x the input: linear is ~4x; quadratic would be ~16x.  Generous for noisy shared machines.
    assert large < 10 * small + 0.5, (small, large)
    assert large < 20
