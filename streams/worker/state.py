"""Story state as a Faust Table, seen by the pure threader as a plain mapping."""
from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

_ABSENT = object()  # cached: the table has no such key

# values a threader's view keeps decoded, per language (the worker drops its threaders on every rebalance)
THREADER_CACHE_SIZE = 1024  # ~6 KB per decoded record: at most ~6 MB per language


class ScopedState(MutableMapping):
    """A view of a table restricted to keys that start with ``prefix``.

    The worker scopes state by language, the repartition key of the tagged
    topic: every key of one language is written while processing an event of
    that language, so it lives in that partition of the table and its
    changelog, and expiry (which deletes keys) only ever touches keys of the
    partition of the event being processed.

    With ``cache_size`` > 0 the view keeps the last values it read or wrote
    (and the keys it found absent), most recently used last, so that the
    threader's repeated lookups of the same stories do not each pay the
    store's key encoding, RocksDB read and JSON decoding.  It is a
    write-through cache: every write and delete goes to the table (and its
    changelog) first, so the table stays the truth and a crash loses nothing
    the cache held.  It is only correct while this view is the sole writer of
    its keys in the process and the values are never mutated in place: the
    threader builds a new record for every write, and the worker drops its
    threaders (and their views) on every rebalance, so that a value recovered
    from the changelog is never shadowed by a cached one.
    """

    __slots__ = ("table", "prefix", "cache", "cache_size")

    def __init__(self, table: MutableMapping, prefix: str, cache_size: int = 0) -> None:
        self.table = table
        self.prefix = prefix
        self.cache: dict[str, Any] = {}
        self.cache_size = cache_size

    def _remember(self, key: str, value: Any) -> None:
        cache = self.cache
        cache.pop(key, None)
        cache[key] = value
        if len(cache) > self.cache_size:
            del cache[next(iter(cache))]  # the least recently used

    def _lookup(self, key: str) -> Any:
        """The value, or ``_ABSENT``."""
        if self.cache_size > 0:
            value = self.cache.pop(key, None)
            if value is not None:
                self.cache[key] = value  # most recently used
                return value
        value = self.table.get(self.prefix + key)
        if value is None:
            value = _ABSENT
        if self.cache_size > 0:
            self._remember(key, value)
        return value

    def __getitem__(self, key: str) -> Any:
        value = self._lookup(key)
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        value = self._lookup(key)
        return default if value is _ABSENT else value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._lookup(key) is not _ABSENT

    def __setitem__(self, key: str, value: Any) -> None:
        self.table[self.prefix + key] = value
        if self.cache_size > 0:
            self._remember(key, _ABSENT if value is None else value)

    def __delitem__(self, key: str) -> None:
        self.cache.pop(key, None)
        del self.table[self.prefix + key]

    def __iter__(self) -> Iterator[str]:
        n = len(self.prefix)
        for key in list(self.table.keys()):
            if isinstance(key, str) and key.startswith(self.prefix):
                yield key[n:]

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def items(self):  # type: ignore[override]
        """This view's keys and values (a threader's rebuild after a rebalance).  Keys are listed from the
        whole table, values read for this view's keys only: a RocksDB table decodes every value it iterates,
        and each language's rebuild decoded every language's records."""
        n, prefix, get = len(self.prefix), self.prefix, self.table.get
        out = []
        for k in [k for k in list(self.table.keys()) if isinstance(k, str) and k.startswith(prefix)]:
            v = get(k)
            if v is not None:
                out.append((k[n:], v))
        return out
