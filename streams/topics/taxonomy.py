"""The IPTC Media Topics taxonomy, read from the data file shipped in the package.

``data/mediatopics.json.gz`` is built by ``scripts/build_taxonomy.py`` from the IPTC
spreadsheet (IPTC NewsCodes, CC BY 4.0: see ``data/NOTICE``).
"""
from __future__ import annotations

import gzip
import json
import re
from functools import cache, cached_property
from importlib import resources
from typing import Any, Iterable, Iterator

# ISO 639-1 dispatch language -> the language tag used in the data file
LANG_TAG = {"en": "en-GB", "pt": "pt-PT", "no": "nb", "nb": "nb", "nn": "nn", "da": "da", "sv": "sv",
            "zh": "zh-Hans", "ar": "ar", "de": "de", "es": "es", "fr": "fr"}

_SUBJ = re.compile(r"(?:subj(?:ect)?(?:code)?[:/])?\s*(\d{8})\s*$", re.I)
_MEDTOP = re.compile(r"(?:medtop[:/]|mediatopic/)(\d{8})\s*$", re.I)


class Taxonomy:
    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str | None = data.get("version")
        self.languages: list[str] = data.get("languages", [])
        self.topics: dict[str, dict[str, Any]] = data["topics"]

    # -- lookups -------------------------------------------------------------
    def __contains__(self, code: object) -> bool:
        return code in self.topics

    def get(self, code: str) -> dict[str, Any] | None:
        return self.topics.get(code)

    def is_active(self, code: str) -> bool:
        t = self.topics.get(code)
        return t is not None and "retired" not in t

    def parent(self, code: str) -> str | None:
        t = self.topics.get(code)
        return t.get("parent") if t else None

    @cached_property
    def _ancestors(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for code in self.topics:
            chain = []
            p = self.topics[code].get("parent")
            while p is not None and p not in chain:
                chain.append(p)
                p = self.topics.get(p, {}).get("parent")
            out[code] = tuple(chain)
        return out

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Parent, grand-parent, ... up to the top-level topic (nearest first)."""
        return self._ancestors.get(code, ())

    def closure(self, codes: Iterable[str]) -> set[str]:
        """The codes and all their ancestors."""
        out: set[str] = set()
        for c in codes:
            out.add(c)
            out.update(self.ancestors(c))
        return out

    def is_under(self, code: str, ancestor: str) -> bool:
        return code == ancestor or ancestor in self.ancestors(code)

    def top_level(self) -> list[str]:
        return [c for c, t in self.topics.items() if "parent" not in t]

    def children(self, code: str) -> list[str]:
        return [c for c, t in self.topics.items() if t.get("parent") == code]

    def label(self, code: str, language: str | None = "en") -> str | None:
        """The topic name in ``language`` (ISO 639-1 or a data-file tag); None when missing."""
        t = self.topics.get(code)
        if t is None:
            return None
        names = t["name"]
        if language is None:
            return None
        tag = LANG_TAG.get(language.lower(), language)
        name = names.get(tag)
        if name is None and tag == "en-GB":
            name = names.get("en-US")
        return name

    def definition(self, code: str, language: str = "en") -> str | None:
        t = self.topics.get(code) or {}
        return (t.get("def") or {}).get(LANG_TAG.get(language, language))

    # -- old IPTC Subject Codes ---------------------------------------------
    @cached_property
    def _by_subject(self) -> dict[str, str]:
        out: dict[str, str] = {}
        # prefer active topics, then the shallowest one, when several map to the same subject code
        for code, t in sorted(self.topics.items(), key=lambda kv: ("retired" in kv[1], kv[1]["level"], kv[0])):
            s = t.get("subj")
            if s and s not in out:
                out[s] = code
        return out

    def active_or_ancestor(self, code: str) -> str | None:
        """``code`` if active, otherwise its nearest active ancestor."""
        if self.is_active(code):
            return code
        for a in self.ancestors(code):
            if self.is_active(a):
                return a
        return None

    def from_subject(self, subj: str) -> str | None:
        """Media Topic for an IPTC Subject Code (``subj:04006000``, ``04006000``, URI); walks up
        the subject-code hierarchy (``04006012`` -> ``04006000`` -> ``04000000``) when unmapped."""
        m = _SUBJ.search(subj.strip())
        if not m:
            return None
        digits = m.group(1)
        candidates = [digits]
        if digits[5:] != "000":
            candidates.append(digits[:5] + "000")
        if digits[2:5] != "000":
            candidates.append(digits[:2] + "000000")
        for d in candidates:
            code = self._by_subject.get("subj:" + d)
            if code:
                return self.active_or_ancestor(code)
        return None

    def resolve(self, code: str) -> str | None:
        """A Media Topic code for an agency code: ``medtop:...``, a Media Topic URI, a subject code,
        or 8 bare digits (``2xxxxxxx`` is read as a Media Topic, others as a Subject Code)."""
        s = code.strip()
        m = _MEDTOP.search(s)
        if m:
            c = "medtop:" + m.group(1)
            return self.active_or_ancestor(c) if c in self.topics else None
        if re.fullmatch(r"\d{8}", s) and s.startswith("2"):
            c = "medtop:" + s
            return self.active_or_ancestor(c) if c in self.topics else None
        return self.from_subject(s)

    def __iter__(self) -> Iterator[str]:
        return iter(self.topics)

    def __len__(self) -> int:
        return len(self.topics)


@cache
def load_taxonomy() -> Taxonomy:
    ref = resources.files(__package__).joinpath("data", "mediatopics.json.gz")
    with ref.open("rb") as f:
        data = json.loads(gzip.decompress(f.read()))
    return Taxonomy(data)
