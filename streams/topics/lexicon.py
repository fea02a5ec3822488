"""Hand-written topic lexicons (``lexicons/*.yml``) compiled into one Aho-Corasick automaton.

File format (one file per area, reviewed by hand)::

    medtop:20000639:            # diplomacy
      en: [diplomat*, "foreign minister^2", summit^1.5]
      fr: [diplomat*, "ministre des affaires etrangeres^2"]
      against: [medtop:15000000]   # optional: evidence for these topics counts against this one
      also: {medtop:20000178: 0.6}  # optional: this share of the evidence also counts for that topic
    _stop:                      # phrases that only absorb the shorter terms they contain
      en: [market share, lion's share]

Term syntax: ``term`` (weight 1), ``term^2.5`` (weight), ``term*`` (prefix stem: the word may
go on), ``=Term`` (case-sensitive; an all-capitals field also matches ``TERM``); weights may
be negative (evidence against the topic).  Language keys are ISO 639-1 codes; ``xx`` holds
language-neutral terms (acronyms, names).  Matching folds case and accents and respects word
boundaries; when a match is contained in a longer match, only the longer one counts.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import ahocorasick

NEUTRAL = "xx"
STOP = "_stop"
_TERM = re.compile(r"^(?P<cs>=)?(?P<text>.+?)(?P<prefix>\*)?(?:\^(?P<w>-?\d+(?:\.\d+)?))?$")


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x80, 0x2500):
        c = chr(cp)
        if unicodedata.category(c).startswith("M"):
            continue
        base = "".join(ch for ch in unicodedata.normalize("NFKD", c) if not unicodedata.combining(ch))
        low = base.lower()
        if len(low) == 1 and low != c:
            table[cp] = low
        elif len(c.lower()) != 1:
            table[cp] = c  # never let lower() change the length
    for ch in "\u2018\u2019\u02bc\u00b4`":
        table[ord(ch)] = "'"
    for ch in "\u201c\u201d\u00ab\u00bb":
        table[ord(ch)] = '"'
    for ch in "\u2010\u2011\u2012\u2013\u2014":
        table[ord(ch)] = "-"
    table[0xA0] = " "
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower-case, strip accents, normalise quotes; always the same length as ``text``."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD).lower()


@dataclass(frozen=True, slots=True)
class Term:
    topic: str | None  # None for a stop phrase
    lang: str
    text: str  # as written (without markers)
    weight: float
    prefix: bool
    case_sensitive: bool


def parse_term(raw: str, topic: str | None, lang: str) -> Term:
    if not isinstance(raw, str):
        raise ValueError(f"{topic} {lang}: term {raw!r} is not a string (quote it in YAML)")
    m = _TERM.match(raw.strip())
    if not m:
        raise ValueError(f"{topic} {lang}: bad term {raw!r}")
    text = re.sub(r"\s+", " ", m.group("text").strip())
    return Term(topic, lang, text, float(m.group("w")) if m.group("w") else 1.0, bool(m.group("prefix")),
                bool(m.group("cs")))


@dataclass
class TopicEntry:
    code: str
    terms: list[Term]
    against: tuple[str, ...] = ()
    also: dict[str, float] = field(default_factory=dict)
    source: str = ""


@dataclass
class Lexicon:
    topics: dict[str, TopicEntry]
    stops: list[Term]

    @property
    def languages(self) -> set[str]:
        return {t.lang for e in self.topics.values() for t in e.terms}


def _load_file(name: str, text: str, topics: dict[str, TopicEntry], stops: list[Term]) -> None:
    import yaml  # the lexicons are YAML: pyyaml is a runtime dependency of the topic tagger

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(text, Loader=loader) or {}
    for key, body in data.items():
        if key == STOP:
            for lang, terms in (body or {}).items():
                stops.extend(parse_term(t, None, str(lang)) for t in terms or [])
            continue
        if not str(key).startswith("medtop:"):
            raise ValueError(f"{name}: unknown key {key!r}")
        if key in topics:
            raise ValueError(f"{name}: {key} already defined in {topics[key].source}")
        body = body or {}
        against = tuple(body.pop("against", None) or ())
        also = {str(k): float(v) for k, v in (body.pop("also", None) or {}).items()}
        terms: list[Term] = []
        for lang, items in body.items():
            if lang in ("label", "note"):
                continue
            terms.extend(parse_term(t, key, str(lang)) for t in items or [])
        topics[key] = TopicEntry(key, terms, against, also, name)


@cache
def load_lexicon() -> Lexicon:
    topics: dict[str, TopicEntry] = {}
    stops: list[Term] = []
    root = resources.files(__package__).joinpath("lexicons")
    for ref in sorted(root.iterdir(), key=lambda r: r.name):
        if ref.name.endswith(".yml"):
            _load_file(ref.name, ref.read_text(encoding="utf-8"), topics, stops)
    return Lexicon(topics, stops)


def build_automaton(lex: Lexicon) -> ahocorasick.Automaton:
    """Key: the folded term; value: ``(length, tuple_of_terms)``."""
    groups: dict[str, list[Term]] = {}
    for e in lex.topics.values():
        for t in e.terms:
            groups.setdefault(fold(t.text), []).append(t)
    for t in lex.stops:
        groups.setdefault(fold(t.text), []).append(t)
    a = ahocorasick.Automaton()
    for key, terms in groups.items():
        a.add_word(key, (len(key), tuple(terms)))
    a.make_automaton()
    return a
