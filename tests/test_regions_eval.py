"""Region tagging against Reuters-21578 PLACES (read from ../shared, never copied)."""
from __future__ import annotations

import pytest

from streams.evaluation.regions_eval import evaluate, predicted_codes, report


def test_predicted_codes_rule():
    regions = [{"code": "SY", "role": "subject"}, {"code": "FR", "role": "dateline"}, {"code": "JO", "role": "mentioned"}]
    assert predicted_codes(regions, "FR") == {"SY", "FR"}
    assert predicted_codes(regions, None) == {"SY", "FR"}
    assert predicted_codes([], "GB") == {"GB"}


@pytest.mark.corpus
def test_reuters_places_micro_f1(corpus):
    result = evaluate(corpus)
    text = report(result)
    assert "micro" in text and "false positives" in text
    assert result["documents"] > 9000
    assert result["f1"] >= 0.93, text
    assert result["precision"] >= 0.92 and result["recall"] >= 0.91, text


@pytest.mark.corpus
def test_reuters_limit_and_headline_only_flag(corpus):
    a = evaluate(corpus, limit=300)
    b = evaluate(corpus, limit=300, headline_only=False)
    assert a["documents"] == b["documents"] == 300
    assert b["headline_only"] == 0
    assert a["tp"] >= b["tp"]
