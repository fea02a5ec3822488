"""Hand-written topic lexicons (``lexicons/*.yml``) compiled into one Aho-Corasick automaton.

See ``lexicons/README.md`` for the file format.  In short::

    medtop:20000639:            # diplomacy
      en: [diplomat*, "foreign minister^2", summit^1.5]
      fr: [diplomat*, "ministre des affaires etrangeres^2"]
      against: [medtop:15000000]   # optional: evidence for these topics counts against this one
      also: {medtop:20000178: 0.7}  # optional: this share of the evidence also counts for that topic
      needs: [medtop:15000000]     # optional: counts only where that topic has evidence of its own
      with: {medtop:20000139: medtop:20000147}  # optional: together with evidence for the first, also counts for the second
      actor: true                  # optional: names who acts (unions, police): never ranked above what happens
    _stop:                      # phrases that only absorb the shorter terms they contain
      en: [market share, lion's share]
    _not_near:                  # a term does not count with one of these words close to it
      en: {lockdown: [school*, campus, gunman, shooter*]}

Term syntax: ``term`` (weight 1), ``term^2.5`` (weight), ``term*`` (prefix stem: the word may
go on), ``*term`` (a word ending: ``*brand`` matches *Großbrand*), ``=Term`` (case-sensitive; an all-capitals field also matches ``TERM``), ``~term``
(accents as written: ``~maïs`` is not *mais*); weights may be negative (evidence against the
topic).  Language keys are ISO 639-1 codes; ``xx`` holds
language-neutral terms.  Text and terms are folded the same way (``streams.text.fold``: lower case, no
accents, every non-alphanumeric character a space) and keys carry their separators, so that every
automaton hit is on word boundaries; when a match is contained in a longer match, only the
longer one counts.

The lexicons are YAML: ``pyyaml`` is needed at run time to load them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import ahocorasick_rs

from ..text.fold import fold_key

NEUTRAL = "xx"
STOP = "_stop"
NOT_NEAR = "_not_near"
# how a term is compared with the text beyond the folded match
PLAIN, CASE, ACCENTS = 0, 1, 2
_TERM = re.compile(r"^(?P<cs>[=~])?(?P<suffix>\*)?(?P<text>.+?)(?P<prefix>\*)?(?:\^(?P<w>-?\d+(?:\.\d+)?))?$")


@dataclass(frozen=True, slots=True)
class Term:
    topic: str | None  # None for a stop phrase
    lang: str
    text: str  # as written (without markers)
    weight: float
    prefix: bool
    case_sensitive: bool
    accents: bool = False  # accents must be as written (``~maïs``), case is free
    suffix: bool = False  # ``*brand``: the end of a word (German compounds: Großbrand, Waldbrand)

    @property
    def mode(self) -> int:
        return CASE if self.case_sensitive else ACCENTS if self.accents else PLAIN


def parse_term(raw: str, topic: str | None, lang: str) -> Term:
    if not isinstance(raw, str):
        raise ValueError(f"{topic} {lang}: term {raw!r} is not a string (quote it in YAML)")
    m = _TERM.match(raw.strip())
    if not m:
        raise ValueError(f"{topic} {lang}: bad term {raw!r}")
    text = re.sub(r"\s+", " ", m.group("text").strip())
    if m.group("suffix") and (m.group("cs") or m.group("prefix") or " " in text):
        raise ValueError(f"{topic} {lang}: a word ending (*term) is one plain word: {raw!r}")
    return Term(topic, lang, text, float(m.group("w")) if m.group("w") else 1.0, bool(m.group("prefix")),
                m.group("cs") == "=", m.group("cs") == "~", bool(m.group("suffix")))


@dataclass
class TopicEntry:
    code: str
    terms: list[Term]
    against: tuple[str, ...] = ()
    also: dict[str, float] = field(default_factory=dict)
    source: str = ""
    needs: tuple[str, ...] = ()
    with_: dict[str, str] = field(default_factory=dict)  # other topic -> topic the two together are evidence for
    actor: bool = False  # the topic names who acts (unions, police, the media), not what happens


@dataclass
class Lexicon:
    topics: dict[str, TopicEntry]
    stops: list[Term]
    # language -> folded term -> words that cancel it nearby (a trailing ``*``: a prefix)
    not_near: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    @property
    def languages(self) -> set[str]:
        return {t.lang for e in self.topics.values() for t in e.terms}


def _load_file(name: str, text: str, topics: dict[str, TopicEntry], stops: list[Term],
               not_near: dict[str, dict[str, tuple[str, ...]]]) -> None:
    import yaml  # the lexicons are YAML: pyyaml is a runtime dependency of the topic tagger

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(text, Loader=loader) or {}
    for key, body in data.items():
        if key == STOP:
            for lang, terms in (body or {}).items():
                stops.extend(parse_term(t, None, str(lang)) for t in terms or [])
            continue
        if key == NOT_NEAR:
            for lang, rules in (body or {}).items():
                for term, words in (rules or {}).items():
                    d = not_near.setdefault(str(lang), {})
                    k = fold_key(str(term))
                    d[k] = tuple(dict.fromkeys(d.get(k, ()) + tuple(fold_key(str(w)) + ("*" if str(w).endswith("*") else "")
                                                                    for w in words or [])))
            continue
        if not str(key).startswith("medtop:"):
            raise ValueError(f"{name}: unknown key {key!r}")
        if key in topics:
            raise ValueError(f"{name}: {key} already defined in {topics[key].source}")
        body = body or {}
        against = tuple(body.pop("against", None) or ())
        needs = tuple(body.pop("needs", None) or ())
        with_ = {str(k): str(v) for k, v in (body.pop("with", None) or {}).items()}
        actor = bool(body.pop("actor", False))
        also = {str(k): float(v) for k, v in (body.pop("also", None) or {}).items()}
        terms: list[Term] = []
        for lang, items in body.items():
            if lang in ("label", "note"):
                continue
            terms.extend(parse_term(t, key, str(lang)) for t in items or [])
        topics[key] = TopicEntry(key, terms, against, also, name, needs, with_, actor)


@cache
def load_lexicon() -> Lexicon:
    topics: dict[str, TopicEntry] = {}
    stops: list[Term] = []
    not_near: dict[str, dict[str, tuple[str, ...]]] = {}
    root = resources.files(__package__).joinpath("lexicons")
    for ref in sorted(root.iterdir(), key=lambda r: r.name):
        if ref.name.endswith(".yml"):
            _load_file(ref.name, ref.read_text(encoding="utf-8"), topics, stops, not_near)
    return Lexicon(topics, stops, not_near)


ALL = "*"


class Matcher:
    """The lexicon's keys in one Aho-Corasick automaton (ahocorasick_rs, every overlapping match)
    and a value per key: ``matches(folded)`` gives ``(key index, start, end)`` (end exclusive),
    ``values[key index]`` the key's value."""

    __slots__ = ("keys", "values", "_ac", "_by_lang")

    def __init__(self, keys: list[str], values: list[tuple]) -> None:
        self.keys = keys
        self.values = values
        # The default automaton (a contiguous NFA) in the lexicon's order, on purpose (measured, 2026-12
        # pass, per story with the cache partly evicted between stories): a DFA runs 14 k instead of
        # 40 k instructions but misses the cache more (259 against 186 LL read misses) for +20 MB;
        # the keys sorted (189) or by length (200) touch more memory than in this order.
        self._ac = ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.Standard)
        self._by_lang: dict[str, list[tuple | None]] = {}

    def for_language(self, lang: str) -> list[tuple | None]:
        """Per key index: ``(length, entries, not_near)`` with the entries for ``lang`` (a language
        key of the values, or ``ALL``), or None when the key has none (computed once per language)."""
        got = self._by_lang.get(lang)
        if got is None:
            got = self._by_lang[lang] = [(length, by_lang[lang], near) if lang in by_lang else None
                                         for length, by_lang, near in self.values]
        return got

    def matches(self, folded: str) -> list[tuple[int, int, int]]:
        return self._ac.find_matches_as_indexes(folded, overlapping=True)

    def __len__(self) -> int:
        return len(self.keys)


def build_automaton(lex: Lexicon) -> Matcher:
    """Keys are `` term `` (a whole word or phrase, between separators) or `` stem`` (a prefix);
    matched against `` text `` folded the same way, so every hit is on word boundaries.

    Value: ``(length, {language: entries}, not_near)`` where ``entries`` are the terms of that
    language plus the language-neutral ones (``"*"``: all of them), each entry a plain tuple
    ``(topic, text, weight, mode, (topic, text))`` (topic None for a stop phrase; mode PLAIN,
    CASE or ACCENTS), and ``not_near`` is None or ``{language: words}`` (``"*"``: all of them).
    """
    groups: dict[str, list[Term]] = {}
    topic_terms = [t for e in lex.topics.values() for t in e.terms]
    known = {fold_key(t.text) for t in topic_terms}
    # a stop phrase that is also a topic term would only duplicate it (same key): the term counts
    stops = [t for t in lex.stops if fold_key(t.text) not in known]
    for t in topic_terms + stops:
        # a word ending has no separator before it: "brand " ends "grossbrand "
        key = ("" if t.suffix else " ") + fold_key(t.text) + ("" if t.prefix else " ")
        if key.strip():
            groups.setdefault(key, []).append(t)
    langs = sorted({t.lang for ts in groups.values() for t in ts} - {NEUTRAL})
    keys: list[str] = []
    values: list[tuple] = []
    for key, terms in groups.items():
        def entries(ts: list[Term]) -> tuple:
            # one entry per topic (the same words in several languages, or spelled with and
            # without accents, count once): the strongest weight wins
            best: dict[tuple, Term] = {}
            for t in ts:
                k = (t.topic, t.mode, t.text if t.topic is None else None)
                if k not in best or abs(t.weight) > abs(best[k].weight):
                    best[k] = t
            return tuple((t.topic, t.text, t.weight, t.mode, (t.topic, t.text)) for t in best.values())
        by_lang = {ALL: entries(terms)}
        for lang in langs:
            sel = [t for t in terms if t.lang in (lang, NEUTRAL)]
            if sel:
                by_lang[lang] = entries(sel)
        folded = key.strip()
        near = {lang: words[folded] for lang, words in lex.not_near.items() if folded in words}
        if near:
            near[ALL] = tuple(dict.fromkeys(w for ws in near.values() for w in ws))
        # the length counts a separator before a word ending too, so that a hit's start is the
        # position of its first character in the text, as for the other keys
        keys.append(key)
        values.append((len(key) + (0 if key.startswith(" ") else 1), by_lang, near or None))
    return Matcher(keys, values)
