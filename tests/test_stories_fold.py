"""Threading folds text with the package's one folding module (issue 9): ``streams.text.fold``.

The fingerprints, paragraph signatures, figures and names in a restored state were computed with the
threader's former private fold; the shared ``loose_fold`` / ``word_list`` give the same result on every
character of the Latin scripts (the six languages threaded), so those keys keep their meaning.
"""
from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings, strategies as st

from streams.stories import features
from streams.text.fold import loose_fold, word_list

# the threader's fold before the migration, kept here as the reference
_OLD_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_OLD_TOKEN = re.compile(r"[^\W_]+(?:[.,/:'’-][^\W_]+)*")


def old_fold(s: str) -> str:
    s = s.casefold()
    return s if s.isascii() else _OLD_COMBINING.sub("", unicodedata.normalize("NFKD", s))


def old_tokens(s: str) -> list[str]:
    return _OLD_TOKEN.findall(old_fold(s))


# Basic Latin to Latin Extended-B, IPA, spacing modifiers, combining diacritics (but the Greek ypogegrammeni and
# the grapheme joiner), Latin Extended Additional, general punctuation, super- and subscripts, currency signs (but
# the rupee sign), Latin ligatures
LATIN = [chr(c) for r in ((0x20, 0x345), (0x346, 0x34F), (0x350, 0x370), (0x1E00, 0x1F00), (0x2000, 0x20A8),
                          (0x20A9, 0x20D0), (0xFB00, 0xFB07)) for c in range(*r)]
# where the two differ: symbols whose compatibility form is in capitals kept them in the former fold (a case leak),
# combining marks outside the Latin diacritics block were kept or dropped the other way round
DIFFERENT = {"\u2122": ("tm", "TM"), "\u2116": ("no", "No"), "\u2103": ("°c", "°C"), "\u20a8": ("rs", "Rs"),
             "\u0345": ("", "\u03b9"), "\u05b8": ("", "\u05b8"), "\u064e": ("", "\u064e")}


def test_every_latin_character_folds_as_before():
    assert [c for c in LATIN if loose_fold(c) != old_fold(c)] == []
    assert {c: (loose_fold(c), old_fold(c)) for c in DIFFERENT} == DIFFERENT


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(LATIN), max_size=60))
def test_latin_text_gives_the_same_threading_tokens(text):
    assert word_list(text) == old_tokens(text) and loose_fold(text) == old_fold(text)


def test_threading_uses_the_shared_module():
    assert not hasattr(features, "fold") and not hasattr(features, "tokens")
    assert features.normalise_headline("REFILE-L’Élysée dément: 6-1/16 pct, U.S. «Straße»") == \
        "l’elysee dement 6-1/16 pct u.s strasse"
    # outside the Latin scripts the shared fold is the better one: marks of other scripts go too
    assert loose_fold("\U0001d400BC") == "abc" and old_fold("\U0001d400BC") == "Abc"  # mathematical bold A
