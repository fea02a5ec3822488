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


def test_listing_a_language_decodes_only_its_own_values():
    """A RocksDB table decodes the values it iterates: each language's rebuild after a rebalance read every
    language's records."""
    import orjson

    class Stored(dict):  # values kept encoded, decoded on every read, like a RocksDB store
        decoded = 0

        def __setitem__(self, k, v):
            super().__setitem__(k, orjson.dumps(v))

        def get(self, k, default=None):
            v = super().get(k)
            if v is None:
                return default
            Stored.decoded += 1
            return orjson.loads(v)

        def items(self):
            return [(k, self.get(k)) for k in self.keys()]

    table = Stored()
    for lang in ("en", "fr", "de", "es", "it", "pt"):
        for i in range(10):
            table[f"{lang}:story:{i}"] = {"lang": lang, "i": i}
    Stored.decoded = 0
    got = ScopedState(table, "fr:").items()
    assert got == [(f"story:{i}", {"lang": "fr", "i": i}) for i in range(10)]
    assert Stored.decoded == 10


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


class CountingTable(dict):
    """A table that decodes a fresh copy on every read, like the RocksDB store, and counts its reads."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def get(self, key, default=None):
        import orjson

        self.reads += 1
        v = super().get(key)
        return default if v is None else orjson.loads(orjson.dumps(v))


def test_a_cached_view_writes_through_and_reads_each_key_once():
    table = CountingTable()
    fr = ScopedState(table, "fr:", cache_size=2)
    fr["s:1"] = {"v": 1}
    assert dict(table) == {"fr:s:1": {"v": 1}}  # written to the table at once
    assert fr["s:1"] == {"v": 1} and fr.get("s:1") == {"v": 1} and "s:1" in fr
    assert table.reads == 0  # what it wrote, it reads back from the cache
    assert fr.get("s:2") is None and "s:2" not in fr
    assert table.reads == 1  # an absent key is looked up once
    fr["s:2"] = {"v": 2}
    assert fr.get("s:2") == {"v": 2} and table.reads == 1
    fr["s:3"] = {"v": 3}  # over the size: the least recently used (s:1) is dropped from the cache only
    assert len(fr.cache) == 2 and "fr:s:1" in table
    assert fr["s:1"] == {"v": 1} and table.reads == 2
    del fr["s:1"]
    assert "fr:s:1" not in table and "s:1" not in fr and fr.get("s:1") is None
    try:
        del fr["s:9"]
        raise AssertionError("deleting an absent key must raise KeyError")
    except KeyError:
        pass


def test_threading_through_a_cached_view_matches_plain_state():
    """Same decisions and event ids as the in-process state on a mix with re-sends; the table holds the same
    records (the cache never changes what is written), with far fewer table reads."""
    from faults.dispatches import generate
    from streams.pipeline import Pipeline

    items = generate(120, languages=("fr",), resend_ratio=0.2, seed=7, prefix="c")
    plain_state: dict = {}
    plain = Pipeline(state=plain_state)
    uncached_table, cached_table = CountingTable(), CountingTable()
    uncached = Pipeline(state=ScopedState(uncached_table, "fr:"))
    cached = Pipeline(state=ScopedState(cached_table, "fr:", cache_size=64))
    for it in items:
        a = plain.process(it.value)
        b = cached.process(it.value)
        c = uncached.process(it.value)
        assert [(e["kind"], e["event_id"], e.get("story_id")) for e in a] == \
            [(e["kind"], e["event_id"], e.get("story_id")) for e in b] == \
            [(e["kind"], e["event_id"], e.get("story_id")) for e in c]
    assert {k[3:]: v for k, v in cached_table.items()} == plain_state
    assert dict(cached_table) == dict(uncached_table)
    assert cached_table.reads < uncached_table.reads / 2
