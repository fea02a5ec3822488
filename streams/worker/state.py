"""Story state as a Faust Table, seen by the pure threader as a plain mapping."""
from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any


class ScopedState(MutableMapping):
    """A view of a table restricted to keys that start with ``prefix``.

    The worker scopes state by language, the repartition key of the tagged
    topic: every key of one language is written while processing an event of
    that language, so it lives in that partition of the table and its
    changelog, and expiry (which deletes keys) only ever touches keys of the
    partition of the event being processed.
    """

    __slots__ = ("table", "prefix")

    def __init__(self, table: MutableMapping, prefix: str) -> None:
        self.table = table
        self.prefix = prefix

    def __getitem__(self, key: str) -> Any:
        return self.table[self.prefix + key]

    def get(self, key: str, default: Any = None) -> Any:
        value = self.table.get(self.prefix + key)
        return default if value is None else value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (self.prefix + key) in self.table

    def __setitem__(self, key: str, value: Any) -> None:
        self.table[self.prefix + key] = value

    def __delitem__(self, key: str) -> None:
        del self.table[self.prefix + key]

    def __iter__(self) -> Iterator[str]:
        n = len(self.prefix)
        for key in list(self.table.keys()):
            if isinstance(key, str) and key.startswith(self.prefix):
                yield key[n:]

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def items(self):  # type: ignore[override]
        n = len(self.prefix)
        return [(k[n:], v) for k, v in list(self.table.items()) if isinstance(k, str) and k.startswith(self.prefix)]
