"""Cue words of the region tagger, found in the folded copy by the gazetteer's automaton.

The gazetteer's Aho-Corasick automaton also holds these words (``Gazetteer.load`` adds them), so
that one pass over the folded text finds the place names and the cues together.  A cue says what
the copy speaks of: likeness (a country named after it is a comparison), a win (an opponent's
nationality), deaths or injuries (a victim's nationality), an amount in a national currency.
Words are folded like the text (``streams.text.fold.fold(t, ".")``) and match anywhere, not only
on word boundaries (the tagger checks what each kind needs).
"""
from __future__ import annotations

SIMILAR, BEAT, VICTIM, CURRENCY = 0, 1, 2, 3

_CURRENCY_WORDS = frozenset({
    "franchi", "franken", "yen", "yuan", "renminbi", "rubles", "roubles", "rubel", "rublos", "rubli", "reais",
    "zlotys", "zloty", "zlotych", "forint", "forints", "hryvnia", "hryvnias", "naira", "rand", "shekel", "shekels",
    "kwanzas", "meticais", "bolivares", "ringgit", "baht", "rupiah", "won", "lire", "lira", "liras", "rupees",
    "rupias", "roupies", "dirhams"})

_SIMILAR_FOLDED = ("simil", "semblab", "analog", "ahnlich", "vergleichbar", "parecid", "semelhant", "identic",
                   "the same as")
_VICTIM_FOLDED = ("kill", "dead", "died", "dies", "death", "injur", "wound", "victim", "missing", "hurt", "tue",
                  "mort", "decede", "blesse", "perdu la vie", "disparu", "getotet", "tot", "gestorben", "starb",
                  "verletzt", "opfer", "leben", "vermisst", "muert", "fallecid", "herid", "victima", "perdio",
                  "desaparecid", "mort", "decedut", "ferit", "vittim", "dispers", "ferid", "vitima", "involved",
                  "implique", "concerne", "betroffen", "afectad", "coinvolt", "atingid")
_BEAT_FOLDED = ("beat", "defeat", "thrash", "routed", "edged", "eliminat", "battu", " bat ", "battant", "schlug",
                "besiegt", "bezwang", "goleo", "vencio", "derroto", "batio", "battendo", "sconfitt", "venceu",
                "derrotou", "goleou", "elimino", "elimine", "supero", "gano a", "domine")

_CUE_KINDS = ((SIMILAR, _SIMILAR_FOLDED), (BEAT, _BEAT_FOLDED), (VICTIM, _VICTIM_FOLDED),
              (CURRENCY, tuple(sorted(_CURRENCY_WORDS))))


def _cue_words() -> dict[str, tuple[int, ...]]:
    found: dict[str, set[int]] = {}
    for kind, words in _CUE_KINDS:
        for w in words:
            found.setdefault(w, set()).add(kind)
    return {w: tuple(sorted(kinds)) for w, kinds in found.items()}


# cue word -> the kinds it is a cue of (SIMILAR, BEAT, VICTIM, CURRENCY)
CUE_WORDS: dict[str, tuple[int, ...]] = _cue_words()
