"""The small cache of language ranks (parser + threading scope detect on the same sample)."""
from __future__ import annotations

from streams.parsing import language as L
from streams.parsing.language import LATIN, check_language, detect

TEXT = ("Le gouvernement a annoncé mercredi une série de mesures pour soutenir l'économie, a indiqué le "
        "ministre des Finances lors d'une conférence de presse à Paris.")


def test_second_detection_of_the_same_sample_is_a_hit_with_the_same_result():
    L._ranked_recent.cache_clear()
    language, _ = check_language("fr", TEXT)
    before = L._ranked_recent.cache_info()
    assert detect(TEXT) == language == "fr"
    after = L._ranked_recent.cache_info()
    assert after.hits == before.hits + 1


def test_cached_ranks_are_the_uncached_ones():
    L._ranked_recent.cache_clear()
    for text in (TEXT, "The company said it expects a net profit for the first quarter of the year.",
                 "Die Bundesregierung hat am Mittwoch neue Maßnahmen beschlossen, sagte ein Sprecher in Berlin."):
        assert list(L._ranked_recent(LATIN, text)) == L._ranked(L._identifier(LATIN), text)
        assert L._ranked_recent(LATIN, text) == L._ranked_recent(LATIN, text)


def test_the_cache_stays_small():
    L._ranked_recent.cache_clear()
    for i in range(100):
        detect(f"The company number {i} said it expects a net profit for the first quarter of the year.")
    assert L._ranked_recent.cache_info().currsize <= 16
