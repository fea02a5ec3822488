"""Story threading on Reuters-21578 (read from ../shared, never copied): the issue's targets."""
from __future__ import annotations

import pytest

from streams.evaluation.threading_eval import evaluate, report

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def result(corpus):
    return evaluate(corpus)


def test_exact_resends_are_duplicates(result):
    rs = result["exact_resends"]
    assert rs["total"] > 100
    # copies the parser rejects (title-only items) and copies outside the 7-day window cannot be threaded
    assert rs["share_threaded_in_window"] >= 0.95


def test_corrections_and_repeats_linked_to_their_originals(result):
    fl = result["flagged"]
    assert fl["with_original"] >= 20
    assert fl["threaded_linked"] == fl["threaded_with_original"]


def test_templated_recurring_stories_not_merged(result):
    tp = result["templated"]
    assert tp["pairs"] > 100
    assert tp["share_merged"] <= 0.02


def test_report_renders(result):
    text = report(result)
    assert "Exact re-sends" in text and "Templated" in text
