"""Fast paths of the page layout (streams/parsing/page.py) pinned against the plain code they replace (issue 9)."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.parsing import page
from streams.text.fold import words as folded_words

CAPTION = re.compile(page.CAPTION_PLAIN, re.I)
TEASER_END = re.compile(page.TEASER_END_PLAIN, re.I)

# Letters and marks the expressions care about, so that random lines come near their alternatives.
_ALPHABET = st.sampled_from(list("abcdefghilmoprstuyABCDEFGHIPRS ./>›»|-©():éÉ'’1\n") + ["photo", "Photo ", "credit",
                            "AFP", "/dpa", "Getty Images", "read more", "Lire la suite", "home", ".jpg", "»"])
_TEXT = st.lists(_ALPHABET, max_size=14).map("".join)


def test_caption_trie_answers_as_the_plain_alternation_on_its_markers():
    for marker in ["Photo: X", "foto :", "pictured", "is pictured here", "GETTY IMAGES", "x/Keystone", "Keystone/x",
                   "(AP Photo)", "by ap/ x", "© Jean", "a ©", "(c) 2020", "Copyright x", "file.JPG", "x.jpeg y",
                   "a/ap", "a/apx", "photographed", "Symbolbild", "crédits : x", "no marker here"]:
        for text in (marker, "Lead " + marker, marker.upper(), marker + " tail"):
            assert bool(page._CAPTION.search(text)) == bool(CAPTION.search(text)), text


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_caption_and_teaser_tries_on_random_text(text: str) -> None:
    assert bool(page._CAPTION.search(text)) == bool(CAPTION.search(text))
    assert bool(page._TEASER_END_RE.search(text)) == bool(TEASER_END.search(text))


def test_teaser_trie_on_every_teaser():
    for t in page._TEASERS:
        for text in (t, t.upper() + " »", "Story. " + t.title() + " …", t + " more words", t[:-1]):
            assert bool(page._TEASER_END_RE.search(text)) == bool(TEASER_END.search(text)), text


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_breadcrumb_answers_as_its_expression(text: str) -> None:
    assert page._breadcrumb(text) == (page._BREADCRUMB.search(text) is not None)


def test_breadcrumb_examples():
    for text in ["Home > News > World", "Accueil / Politique", "GRAIN/OILSEED REGISTRATIONS", "News /", "a | b",
                 "Sport » Football » Ligue 1", "Startseite | Politik", "1986/87 CROP", "x > y"]:
        assert page._breadcrumb(text) == (page._BREADCRUMB.search(text) is not None), text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aAbB1 ,.-'’éÉßİ_", max_size=30), st.text(alphabet="aAbB1 ,.-'’éÉßİ_", max_size=30))
def test_same_start_answers_as_the_folded_words(a: str, b: str) -> None:
    page._folded_words.cache_clear()
    assert page._same_start(a, b) == (folded_words(a)[:12] == folded_words(b)[:12])
    assert page._same_start(a, a + " x") == (folded_words(a)[:12] == folded_words(a + " x")[:12])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "de", "Sport", "Wetter", "cookies", "newsletter", "Reuters", "2016", "x1",
                                 "²", "Ab", "und"]), max_size=8))
def test_counts_in_c_agree_with_the_generators(words: list[str]) -> None:
    fold = page._FOLD
    assert page.stop_ratio(words) == (sum(1 for w in words if fold[w] in page._ALL_STOP) / len(words) if words else 0.0)
    s = " ".join(words)
    n = (sum(1 for w in words if fold[w] in page._FURNITURE_SINGLE)
         + 2 * sum(1 for w in words if fold[w] in page._FURNITURE_STRONG))
    low = page.loose_fold(s)
    n += sum(1 for p in page._FURNITURE_PHRASES if p in low) + 2 * sum(1 for p in page._FURNITURE_STRONG_PHRASES if p in low)
    assert page._furniture_words(words, s) == n


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="( )AFPafpReuters.-x", max_size=30))
def test_lead_code_guard(text: str) -> None:
    """clean_paragraphs tries _LEAD_CODE only on a paragraph with a "(": it cannot match one without."""
    if "(" not in text:
        assert page._LEAD_CODE.match(text) is None
