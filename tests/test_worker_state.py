"""The worker's view of the stories table: language-scoped keys over one mapping."""
from __future__ import annotations

from streams.worker.state import ScopedState


def test_scoped_state_isolates_languages_and_lists_only_its_keys():
    table: dict = {}
    fr, en = ScopedState(table, "fr:"), ScopedState(table, "en:")
    fr["story:1"] = {"v": 1}
    en["story:1"] = {"v": 2}
    assert table == {"fr:story:1": {"v": 1}, "en:story:1": {"v": 2}}
    assert fr["story:1"] == {"v": 1} and en.get("story:1") == {"v": 2}
    assert "story:1" in fr and "story:2" not in fr and fr.get("story:2") is None
    assert list(fr) == ["story:1"] and len(en) == 1
    assert fr.items() == [("story:1", {"v": 1})]
    del fr["story:1"]
    assert "story:1" not in fr and "en:story:1" in table


def test_threading_through_scoped_state_matches_plain_state(sample_bytes):
    from streams.pipeline import Pipeline

    plain = Pipeline()
    table: dict = {}
    scoped = Pipeline(state=ScopedState(table, "fr:"))
    for i in range(2):
        a = plain.process(sample_bytes, f"p{i}")
        b = scoped.process(sample_bytes, f"p{i}")
        assert [e["kind"] for e in a] == [e["kind"] for e in b]
        assert a[0]["event_id"] == b[0]["event_id"]
    assert table and all(k.startswith("fr:") for k in table)
