"""The wire rules on invented copy they were not tuned on (tests/fixtures/wire-invented): a regression floor."""
from __future__ import annotations

from pathlib import Path

import pytest

from streams.evaluation.wire_eval import evaluate

GOLD = Path(__file__).parent / "fixtures" / "wire-invented" / "wire-invented.jsonl"

# measured 2026-11-30: headline 0.93, dateline 0.94, lead 0.97, region F1 0.96 (traps 2.4 %),
# first topic 0.95, topic traps 4.8 %, threads 6/10
FLOORS = {"language": 1.0, "headline": 0.90, "dateline": 0.90, "no_invented_dateline": 0.98, "lead": 0.92,
          "region_f1": 0.92, "first_topic": 0.90, "threads": 0.5}
CEILINGS = {"region_traps": 0.05, "topic_traps": 0.08}


@pytest.fixture(scope="module")
def measures():
    result = evaluate(GOLD)
    assert result["dispatches"] == 60
    return result["measures"]["all"] if "all" in result["measures"] else result["measures"]


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_no_measure_falls_below_its_floor(measures, key):
    assert measures[key] >= FLOORS[key], f"{key} {measures[key]:.3f} < {FLOORS[key]}"


@pytest.mark.parametrize("key", sorted(CEILINGS))
def test_no_trap_rate_rises_above_its_ceiling(measures, key):
    assert measures[key] <= CEILINGS[key], f"{key} {measures[key]:.3f} > {CEILINGS[key]}"
