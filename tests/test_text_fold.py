"""The shared text folding (streams/text/fold.py): positions, case, accents, apostrophes, hyphens."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.text.fold import APOSTROPHES, HYPHENS, fold, fold_key, loose_fold, loose_key, tokens, word_list, words

# -- position-keeping fold ------------------------------------------------------------------------


@pytest.mark.parametrize("text, folded", [
    ("Élysée", "elysee"),
    ("SÃO PAULO", "sao paulo"),
    ("Zürich", "zurich"),
    ("Ñandú", "nandu"),
    ("Straße", "straße"),  # one character stays one character
    ("Œuvre", "œuvre"),
    ("İstanbul", "istanbul"),
    ("x²", "x2"),
    ("Ｔｏｋｙｏ", "tokyo"),  # full-width letters
    ("Kraków", "krakow"),
    ("Łódź", "łodz"),
])
def test_fold_case_and_accents(text, folded):
    assert fold(text) == folded


def test_fold_separators_become_spaces_unless_kept():
    s = "l’armée d'Irak — Saint‐Denis, U.S. (A/B)"
    assert fold(s) == "l armee d irak   saint denis  u s   a b "
    assert fold(s, ".") == "l armee d irak   saint denis  u.s.  a b "
    assert fold(s, "'") == "l'armee d'irak   saint denis  u s   a b "
    assert fold(s, "-") == "l armee d irak   saint-denis  u s   a b "
    assert fold(s, "'-.") == fold(s, ".-'") == "l'armee d'irak   saint-denis  u.s.  a b "


@pytest.mark.parametrize("apostrophe", list(APOSTROPHES))
def test_every_apostrophe_is_one(apostrophe):
    assert fold(f"aujourd{apostrophe}hui", "'") == "aujourd'hui"
    assert fold(f"aujourd{apostrophe}hui") == "aujourd hui"


@pytest.mark.parametrize("hyphen", list(HYPHENS))
def test_every_hyphen_is_one_but_dashes_separate(hyphen):
    assert fold(f"Baden{hyphen}Württemberg", "-") == "baden-wurttemberg"
    assert fold("Paris – Berlin — Rom", "-") == "paris   berlin   rom"


def test_fold_rejects_unknown_keep():
    with pytest.raises(ValueError):
        fold("a,b", ",")


def test_fold_paths_agree():
    """ASCII, Latin-1 and general paths give the same result for the same characters."""
    latin = "Dépêche de l'AFP à Genève: 3,5 % µ"
    assert fold(latin) == "".join(fold(c) for c in latin)
    assert fold("µ") == "μ"  # micro sign folds to the Greek letter, on every path
    assert fold("µ €") == "μ  "
    assert fold("é") == fold("é€")[0]


def test_fold_key():
    assert fold_key("  Côte d’Ivoire \n") == "cote d ivoire"
    assert fold_key("Côte d’Ivoire", "'") == "cote d'ivoire"


def test_non_latin_scripts_are_letters():
    assert fold("Москва, 5 мая") == "москва  5 мая"
    assert fold("北京市") == "北京市"
    assert fold("القاهرة") == "القاهرة"


# -- tokens -------------------------------------------------------------------------------------


def test_tokens_with_spans():
    text = "L’armée a quitté Saint-Étienne (U.S. 3.5%) aujourd'hui."
    toks = tokens(text)
    assert [t.text for t in toks] == ["l'armee", "a", "quitte", "saint-etienne", "u.s", "3.5", "aujourd'hui"]
    for t in toks:
        assert fold(text[t.start:t.end], "'-.") == t.text
    assert text[toks[3].start:toks[3].end] == "Saint-Étienne"


def test_a_trailing_apostrophe_or_hyphen_is_not_in_the_word():
    assert [t.text for t in tokens("CITTA' DEL - VATICANO")] == ["citta", "del", "vaticano"]


# -- loose fold and words --------------------------------------------------------------------------


def test_loose_fold_and_words():
    assert loose_fold("Straße ﬁnale Élysée") == "strasse finale elysee"
    assert words("L’Élysée dément!") == ["l", "elysee", "dement"]
    assert words(None) == []
    assert word_list("Les U.S. ont payé 6-1/16 dollars, l’armée") == ["les", "u.s", "ont", "paye", "6-1/16",
                                                                         "dollars", "l’armee"]


def test_loose_key():
    assert loose_key("  Rédigé\n par ") == "redige par"
    assert loose_key("Additional  reporting\tby") == "additional reporting by"
    assert loose_key(None) == ""


def test_keep_variants_give_the_same_tables_however_written():
    assert fold("U.S.-Côte d’Ivoire", ".-'") == fold("U.S.-Côte d’Ivoire", "'-.") == fold("U.S.-Côte d’Ivoire", "'.-'")
    with pytest.raises(ValueError):
        fold("a", "!")
    with pytest.raises(ValueError):  # a refused variant is not remembered
        fold("a", "!")


# -- properties -----------------------------------------------------------------------------------

_texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80) | st.text(
    alphabet="aàâäeéèêëiîïoôöuùûüçñßœæAÀÉÈÇÑ '’‘´-‐‑–—.,;:!?()«»\"\n\t0123456789µ", max_size=80)


@settings(max_examples=300, deadline=None)
@given(_texts, st.sampled_from(["", ".", "'", "-", "'-.", "-."]))
def test_fold_keeps_positions(text, keep):
    f = fold(text, keep)
    assert len(f) == len(text)
    for i, c in enumerate(text):
        assert f[i] == fold(c, keep)  # position i folds character i, whatever surrounds it
        assert f[i] == " " or f[i].isalnum() or f[i] in keep
    assert f == fold(f, keep)  # idempotent


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_tokens_map_back_to_the_text(text):
    toks = tokens(text)
    folded = fold(text, "'-.")
    prev_end = 0
    for t in toks:
        assert 0 <= prev_end <= t.start < t.end <= len(text)
        assert folded[t.start:t.end] == t.text == fold(text[t.start:t.end], "'-.")
        assert t.text[0].isalnum() and t.text[-1].isalnum()
        # nothing alphanumeric between two tokens
        assert not any(c.isalnum() for c in folded[prev_end:t.start])
        prev_end = t.end
    assert not any(c.isalnum() for c in folded[prev_end:])


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_loose_fold_is_caseless_and_accentless(text):
    f = loose_fold(text)
    assert f == loose_fold(f)
    assert loose_fold(text.upper()) == loose_fold(f.upper()) or not text.isascii()
    assert words(text) == words(text.swapcase()) or not text.isascii()
