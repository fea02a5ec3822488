"""The parser on Reuters-21578 (read from ../shared, never copied; skipped when absent)."""
from __future__ import annotations

import pytest

from streams.evaluation.parse_eval import evaluate, report

pytestmark = pytest.mark.corpus


def test_parse_eval_meets_targets(corpus):
    result = evaluate(corpus)
    text = report(result)
    assert "city and date right" in text
    counts, shares = result["counts"], result["shares"]
    assert counts["documents"] > 9000
    assert counts["rejected"] == 0
    assert shares["city_and_date_ok"] >= 0.99, text
    assert shares["body_clean"] >= 0.99, text


def test_parse_eval_limit(corpus):
    result = evaluate(corpus, limit=50)
    assert result["counts"]["documents"] == 50
