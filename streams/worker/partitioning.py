"""Which partition of the internal tagged topic a language goes to.

Threading needs every candidate of a story in one place, and a story never
changes language, so the tagged topic is partitioned by language.  Kafka's key
hash would put languages together by accident (with 4 partitions ``en``,
``fr``, ``pt`` and ``und`` all hash to one), so the assignment is explicit:
``WIREFEED_LANGUAGE_PARTITIONS`` (default ``en=0,fr=4,de=1,es=5,it=2,pt=6,und=3``)
gives each supported language its own partition of ``WIREFEED_TAGGED_PARTITIONS``
(default 8).  Any other language hashes (CRC-32, stable across processes) over
the partitions the list leaves free (7 by default), or over all of them when
none is free.

The default interleaves the languages because Faust's assignor gives workers
contiguous blocks of partitions (two workers: 0-3 and 4-7; four workers: pairs):
with two workers each gets three of the six languages (en, de, it | fr, es, pt).

Changing the assignment of a language moves its threading state to another
partition: do it only with a fresh app id (a new consumer group and table).
"""
from __future__ import annotations

import zlib


class LanguagePartitions:
    def __init__(self, spec: str, partitions: int) -> None:
        if partitions < 1:
            raise ValueError("the tagged topic needs at least one partition")
        self.partitions = partitions
        self.fixed: dict[str, int] = {}
        for item in (x.strip() for x in spec.split(",") if x.strip()):
            lang, sep, part = item.partition("=")
            lang = lang.strip().lower()
            if not sep or not lang or not part.strip().isdigit():
                raise ValueError(f"language partition {item!r} is not language=partition")
            p = int(part)
            if p >= partitions:
                raise ValueError(f"language {lang!r} is assigned partition {p}, but the tagged topic has {partitions}")
            self.fixed[lang] = p
        free = [p for p in range(partitions) if p not in set(self.fixed.values())]
        self.spare = free or list(range(partitions))

    def __call__(self, language: str | None) -> int:
        lang = (language or "und").lower()
        p = self.fixed.get(lang)
        if p is not None:
            return p
        return self.spare[zlib.crc32(lang.encode("utf-8", "replace")) % len(self.spare)]

    def describe(self) -> str:
        fixed = ", ".join(f"{k}->{v}" for k, v in sorted(self.fixed.items(), key=lambda kv: kv[1]))
        return f"{fixed}; other languages -> {self.spare}"
