"""The string pre-checks before the headline regexes only skip searches that cannot match."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.parsing.headline import _ATTRIBUTION, _TRAIL, parse_headline

_WORDS = st.sampled_from(["Oil", "prices", "rise", "-", "–", "—", ":", "sources", "presse", "(CORRECTED)", "[UPDATE 2]",
                          "(", ")", "]", "officials", "Syrie", "x", " ", "\u00a0", "- sources", ": officials"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=10).map(" ".join))
def test_skipped_searches_find_nothing(s):
    if not ("-" in s or ":" in s or "–" in s or "—" in s):
        assert _ATTRIBUTION.search(s) is None
    if s.rstrip()[-1:] not in (")", "]"):
        assert _TRAIL.search(s) is None


def test_headlines_still_split():
    assert parse_headline("Oil prices rise - sources") == ("Oil prices rise", [], "sources")
    assert parse_headline("Oil prices rise (CORRECTED)")[1] == ["CORRECTED"]
    assert parse_headline("Oil prices rise") == ("Oil prices rise", [], None)
