"""The shipped gazetteer (``data/gazetteer.json.gz``) and its Aho-Corasick automaton.

Built by ``scripts/build_gazetteer.py``; loaded once per process (about 0.3 s).
Each key (surface form folded by ``streams.text.fold.fold_key(form, ".")``) maps to candidates
``[kind, code, langs, flags, place_idx, common_langs, form]``:

kind   C country name, D demonym/adjective, K capital or short name (Newsmap),
       M metonym/alias (curated), S sub-national unit, Q qualifier-only abbreviation
       (``Calif.``), P populated place (GeoNames), V veto (stands for no country)
langs  "" any language, else the comma-separated languages the form belongs to
flags  c capitalised in mixed-case text, u exact case (acronyms), a capital city,
       k weak (counts as a mention, never makes a subject alone)
common languages in which the form is also a common (lower-case) word
"""
from __future__ import annotations

import gc
import gzip
import json
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick_rs

from ..text.fold import fold_key
from .cues import CUE_WORDS

DATA_FILE = "gazetteer.json.gz"
TOWNS_FILE = "towns.json.gz"  # towns below the gazetteer's size, for dateline geocoding only (loaded on first use: a RegionTagger's creation)

try:  # orjson is a wirefeed dependency; it parses the gazetteer ~3x faster
    from orjson import loads as _loads
except ImportError:  # pragma: no cover
    _loads = json.loads


@dataclass(frozen=True, slots=True)
class Candidate:
    kind: str
    code: str
    langs: frozenset[str]  # empty: any language
    cap: bool  # must be capitalised in mixed-case text
    exact: str | None  # exact original form required (acronyms)
    capital: bool
    weak: bool
    place: int  # index in Gazetteer.places or -1
    common: frozenset[str]


class _LazyCands:
    """Candidates per key index, turned into :class:`Candidate` objects on first use."""

    __slots__ = ("raw", "done", "fs")

    def __init__(self, raw: list[list]) -> None:
        self.raw = raw
        self.done: dict[int, tuple[Candidate, ...]] = {}
        self.fs: dict[str, frozenset[str]] = {"": frozenset()}

    def _fs(self, s: str) -> frozenset[str]:
        v = self.fs.get(s)
        if v is None:
            v = self.fs[s] = frozenset(s.split(","))
        return v

    def __getitem__(self, i: int) -> tuple[Candidate, ...]:
        v = self.done.get(i)
        if v is None:
            fs = self._fs
            v = self.done[i] = tuple(
                Candidate(kind=k, code=code, langs=fs(langs), cap="c" in flags, exact=form or None,
                          capital="a" in flags, weak="k" in flags, place=pidx, common=fs(common))
                for k, code, langs, flags, pidx, common, form in self.raw[i])
        return v

    def __len__(self) -> int:
        return len(self.raw)


@dataclass
class Gazetteer:
    countries: dict[str, dict[str, Any]]
    m49: dict[str, dict[str, str]]
    places: list[list[Any]]  # [name, cc, population, lat, lon]
    keys: list[str]
    cands: _LazyCands
    # Aho-Corasick automaton (ahocorasick_rs, all overlapping matches): pattern i < len(keys) is
    # " " + keys[i] (a match always starts at a word start), pattern len(keys) + j is cue word j
    automaton: Any
    allcap: list[bool]  # every candidate of the key must be capitalised in mixed-case text
    postal: dict[str, str] = field(default_factory=dict)  # "CA" -> US (after a town only)
    titles: dict[str, frozenset[str]] = field(default_factory=dict)
    given_names: frozenset[str] = frozenset()
    person_like: frozenset[str] = frozenset()
    index: dict[str, int] = field(default_factory=dict)
    towns_path: Path | None = None
    _towns: dict[str, list] | None = None
    # cue_kinds[j]: the kinds of cue word j (cues.CUE_WORDS)
    cue_kinds: list[tuple[int, ...]] = field(default_factory=list)
    _key_memo: dict[str, int | None] = field(default_factory=dict, repr=False)  # surface -> key index

    def towns(self, surface: str) -> list[list]:
        """Small towns named ``surface``: ``[[cc, population, lat, lon], ...]`` (dateline geocoding only)."""
        return self.load_towns().get(fold_key(surface, "."), [])

    def load_towns(self) -> dict[str, list[list]]:
        """The small-town table, loaded on first call (a RegionTagger's creation: see its ``__init__``)."""
        if self._towns is None:
            with _LOCK:
                if self._towns is None:
                    if self.towns_path is not None:
                        raw = self.towns_path.read_bytes() if self.towns_path.exists() else None
                    else:
                        f = resources.files(__package__).joinpath("data", TOWNS_FILE)
                        raw = f.read_bytes() if f.is_file() else None
                    self._towns = _load_towns(raw) if raw else {}
        return self._towns

    def is_supranational(self, code: str) -> bool:
        return (self.countries.get(code) or {}).get("kind") == "supranational"

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Gazetteer":
        if path is None:
            raw = resources.files(__package__).joinpath("data", DATA_FILE).read_bytes()
        else:
            raw = Path(path).read_bytes()
        data = _loads(gzip.decompress(raw))
        entries = data["entries"]
        keys = list(entries)
        raw_cands = list(entries.values())
        index = {k: i for i, k in enumerate(keys)}
        allcap = [all("c" in c[3] or "u" in c[3] for c in cands) for cands in raw_cands]
        # the region tagger's cue words, found in the same pass (no leading space: they match anywhere;
        # a key always starts with a space and never ends with one, so no cue word is a key)
        patterns = [" " + key for key in keys]
        cue_kinds = list(CUE_WORDS.values())
        for word in CUE_WORDS:
            if word[:1] == " " and word[1:] in index:
                raise ValueError(f"cue word {word!r} is also a gazetteer key")
            patterns.append(word)
        # The library's default automaton (a contiguous NFA, ~6 MB) with the keys in sorted order, on
        # purpose (measured, 2026-12 pass): a DFA costs +177 MB at rest and walks slower once evicted
        # from the cache; inserting the keys by length instead (the state layout follows insertion
        # order) touched more memory: 261 against 239 LL read misses per story in the walk.
        automaton = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard)
        cur = data.get("curated", {})
        return cls(
            countries=data["countries"], m49=data["m49"], places=data["places"], keys=keys,
            cands=_LazyCands(raw_cands), automaton=automaton, allcap=allcap, postal=data.get("postal", {}),
            titles={lang: frozenset(v) for lang, v in cur.get("titles", {}).items()},
            given_names=frozenset(cur.get("given_names", [])),
            person_like=frozenset(cur.get("person_like", [])),
            index=index, towns_path=None if path is None else Path(path).with_name(TOWNS_FILE),
            cue_kinds=cue_kinds,
        )

    def key_index(self, surface: str) -> int | None:
        """The index of the key ``surface`` folds to (``fold_key(surface, ".")``), or None (memoised)."""
        memo = self._key_memo
        try:
            return memo[surface]
        except KeyError:
            pass
        if len(memo) > 200_000:
            memo.clear()
        i = memo[surface] = self.index.get(fold_key(surface, "."))
        return i

    def lookup(self, surface: str) -> tuple[Candidate, ...]:
        i = self.key_index(surface)
        return self.cands[i] if i is not None else ()

    def country_name(self, code: str, lang: str | None) -> str | None:
        c = self.countries.get(code)
        if not c:
            return None
        names = c["n"]
        return names.get(lang or "en") or names.get("en")

    def m49_info(self, code: str, lang: str | None) -> tuple[dict | None, dict | None]:
        c = self.countries.get(code)
        if not c:
            return None, None
        region, sub, inter = c["m49"]
        out = []
        for m in (region, sub):
            if not m:
                out.append(None)
                continue
            names = self.m49.get(m, {})
            d = {"code": m, "name": names.get("en"), "name_local": names.get(lang or "en") or names.get("en")}
            if m == sub and inter:
                inames = self.m49.get(inter, {})
                d["intermediate"] = {"code": inter, "name": inames.get("en"),
                                     "name_local": inames.get(lang or "en") or inames.get("en")}
            out.append(d)
        return out[0], out[1]


def _load_towns(raw: bytes) -> dict[str, list[list]]:
    """Parse the gzipped towns table with the collector paused: the 63,000 lists made on the way
    would otherwise trigger collections that walk them all (the load took ~2x the CPU time).
    (Converting it to tuples, which the collector stops tracking, showed no gain once the table is
    loaded before a worker's warm-up freezes it: callgrind counts differed only in obmalloc, which
    swings by +-0.3 M instructions per story with the heap's layout.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _loads(gzip.decompress(raw))
    finally:
        if enabled:
            gc.enable()


_LOCK = threading.Lock()
_GAZ: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use."""
    global _GAZ
    if _GAZ is None:
        with _LOCK:
            if _GAZ is None:
                _GAZ = Gazetteer.load()
    return _GAZ
