"""What the threader compares: normalised text, flags, key tokens, paragraph and body signatures.

Pure functions, no state.  Everything here is deterministic across processes
(hashes are xxhash / blake2b, never Python's salted ``hash``), because the
values end up in the changelogged state and must mean the same thing to a
restarted or rebalanced worker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
import xxhash

from ..model import TaggedDispatch
from ..text.fold import loose_fold, loose_key, word_list

# --- flags --------------------------------------------------------------------------------------

CORRECTION_FLAGS = frozenset({"CORRECTED", "CORRECTION", "CORRECTS", "RECTIFICATIF", "CORRECTIF", "REFILE"})
REPEAT_FLAGS = frozenset({"RPT", "REPEAT", "REPLAY", "REPETITION"})
UPDATE_FLAGS = frozenset({"UPDATE", "MISE A JOUR", "ACTUALISATION", "NEWSALERT"})
# Furniture / genre labels: stripped from headlines for matching, never meaningful for threading.
LABELS = frozenset({
    "URGENT", "FLASH", "ALERTE", "BULLETIN", "ECLAIRAGE", "ANALYSE", "ANALYSIS", "INTERVIEW", "ENTRETIEN",
    "FACTBOX", "PREVIEW", "WRAPUP", "INSIGHT", "EXCLUSIVE", "EXCLUSIF", "INSTANTANE", "PORTRAIT", "CHRONOLOGIE",
    "TIMELINE", "SPECIAL REPORT", "BREAKINGVIEWS", "COLUMN", "EDITORIAL", "POINT", "REPORTAGE", "DIARY",
    "SNAPSHOT", "NEWSMAKER", "PROFILE",
})
_ALL = sorted(CORRECTION_FLAGS | REPEAT_FLAGS | UPDATE_FLAGS | LABELS, key=len, reverse=True)
_FLAG_ALT = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in _ALL)
# "UPDATE 1-", "REFILE-UPDATE 2-", "(CORRECTED) - ", "(RPT) ", "CORRECTED-", "ECLAIRAGE-"
_LEAD_FLAG = re.compile(
    rf"^\s*(?:\(\s*(?P<p>{_FLAG_ALT})(?:\s+\d+)?\s*\)\s*[-–—:]?\s*|(?P<b>{_FLAG_ALT})(?:\s+\d+)?\s*[-–—:]\s*)")
# "... (CORRECTED)", "... - REFILE"
_TRAIL_FLAG = re.compile(
    rf"(?:\s*\(\s*(?P<p>{_FLAG_ALT})(?:\s+\d+)?\s*\)|\s+[-–—]\s*(?P<b>{_FLAG_ALT})(?:\s+\d+)?)\s*$")


def _flag_word(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().upper())


def split_headline_flags(headline: str) -> tuple[str, list[str]]:
    """``"REFILE-UPDATE 2-Foo bar"`` -> ``("Foo bar", ["REFILE", "UPDATE 2"])``.

    Only upper-case flags are taken (``"GREECE REPEATS ..."`` keeps its verb);
    the parser may already have split them into ``parsed.flags``: both are used.
    """
    flags: list[str] = []
    h = headline or ""
    while True:
        m = _LEAD_FLAG.match(h)
        if not m or not (m.group("p") or m.group("b")).isupper() or m.end() == len(h.rstrip()):
            break
        flags.append(_flag_word(m.group(0).strip(" -–—:()")))
        h = h[m.end():]
    while True:
        m = _TRAIL_FLAG.search(h)
        if not m or not (m.group("p") or m.group("b")).isupper() or m.start() == 0:
            break
        flags.append(_flag_word(m.group(0).strip(" -–—:()")))
        h = h[:m.start()]
    return h.strip(), flags


def flag_kinds(flags: Iterable[str]) -> set[str]:
    """The threading-relevant kinds among flags: ``correction``, ``repeat``, ``update``."""
    kinds: set[str] = set()
    for f in flags:
        w = _flag_word(re.sub(r"\s*\d+$", "", f.strip(" -()")))
        if w in CORRECTION_FLAGS:
            kinds.add("correction")
        elif w in REPEAT_FLAGS:
            kinds.add("repeat")
        elif w in UPDATE_FLAGS:
            kinds.add("update")
    return kinds


# --- text normalisation -------------------------------------------------------------------------

_SEE_ALSO = re.compile(r"(?:^|\s)(?:VOIR AUSSI|SEE ALSO|LIRE AUSSI|VEASE TAMBIEN|SIEHE AUCH)\s*:", re.I)
_CREDIT = re.compile(r"^\s*[\[(][^()\[\]]{3,200}[\])]\s*$")
_BOILER = re.compile(
    r"vous devez être membre|devenez membre|aucun commentaire|connectez-vous|\(c\) copyright|all rights reserved|"
    r"reporting by|editing by|writing by|reuters\s*$",
    re.I,
)

# Cheap necessary conditions for the two case-insensitive searches above, which try every alternative at every
# position (~26 µs and ~9 µs on a 240-character paragraph): a match needs one of these words in the lower-cased
# text, unless the text holds one of the four characters that ``re.I`` also takes for an ASCII letter
# (İ and ı for i, K for k, ſ for s; checked over all of Unicode by the tests).
_RE_I_SPECIALS = ("\u0130", "\u0131", "\u212a", "\u017f")
_BOILER_WORDS = ("membre", "commentaire", "connectez", "copyright", "rights", "reporting", "editing", "writing",
                 "reuters")
_SEE_ALSO_WORDS = ("aussi", "also", "tambien", "auch")


def _may_hold(p: str, words: tuple[str, ...]) -> bool:
    low = p.lower()
    return any(w in low for w in words) or any(c in p for c in _RE_I_SPECIALS)


def _see_also(p: str) -> re.Match | None:
    """``_SEE_ALSO.search(p)``."""
    return _SEE_ALSO.search(p) if ":" in p and _may_hold(p, _SEE_ALSO_WORDS) else None


def _boiler(p: str) -> bool:
    """``_BOILER.search(p)`` found something."""
    return _may_hold(p, _BOILER_WORDS) and _BOILER.search(p) is not None


# Folding and the threading tokens come from the package's one folding module: ``loose_fold`` (NFKD without
# combining marks, casefold) and ``word_list`` (its words, inner joiners kept: ``u.s``, ``6-1/16``, ``l'armee``).


def normalise_headline(headline: str) -> str:
    h, _ = split_headline_flags(headline or "")
    return " ".join(word_list(h))


# "PARIS, 14 juillet (Reuters) - ", "NEW YORK, March 3 - ": a dateline the parser left in the first paragraph
_DATELINE = re.compile(r"^\s*[A-ZÀ-Ý][\w .'/&-]{1,40},[^\n()\-–—]{0,30}(?:\([^()]{1,30}\))?\s*[-–—]+\s+")


_SHORT = 300


_SENTENCE_END = re.compile(r"[.!?:;»\"”)]\s*$")


_SENTENCE_END_CHARS = frozenset(".!?:;»\"”)")


def _stub(p: str) -> bool:
    """A page line, not copy: at most three words, no figure, no sentence punctuation ("Home /", "• Facebook").

    The cheap tests first: the last character before trailing white space (``_SENTENCE_END``: ``\\s`` and
    ``str.rstrip`` strip the same characters), then the figures, then the words."""
    end = p.rstrip()[-1:]
    if end and end in _SENTENCE_END_CHARS:
        return False
    return not any(c.isdigit() for c in p) and len(word_list(p)) <= 3


# An agency's correction notice at the end of the copy (AP, CP: "This story has been corrected to show ...")
_CORRECTION_NOTICE = re.compile(
    r"^[\W_]*(?:this (?:story|article|version) (?:has been|was|is) corrected|this (?:story|version) corrects"
    r"|cette (?:dépêche|depeche|version) (?:a été|a ete) (?:corrigée|corrigee|rectifiée|rectifiee)"
    r"|(?:diese meldung|dieser artikel) wurde (?:korrigiert|berichtigt))\b", re.I)


def content_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """The substantive paragraphs: see-also blocks, credit lines and web furniture dropped.

    The parser already separates see-also blocks and credits; this is a
    defensive second pass so that a parser that leaves them in the body does
    not turn an appended ``VOIR AUSSI`` block into a "substantive change".
    """
    return [p for _, p in indexed_content(paragraphs)]


def indexed_content(paragraphs: Iterable[str]) -> list[tuple[int, str]]:
    """:func:`content_paragraphs` with the index of the paragraph each one comes from.

    Each output depends only on its paragraph and on whether it is the first one kept, so the content of
    the first ``n`` paragraphs is the prefix of these with an index below ``n`` (the threading scope takes
    it from the content computed once for the features)."""
    out: list[tuple[int, str]] = []
    for i, p in enumerate(paragraphs):
        if not out:
            p = _DATELINE.sub("", p, count=1)
        m = _see_also(p)
        if m:
            p = p[:m.start()]
            if p.strip():
                out.append((i, p))
            break  # everything after a see-also marker is furniture
        if not p.strip() or (len(p) < _SHORT and (_CREDIT.match(p) or _boiler(p) or _stub(p))):
            continue  # furniture is short
        out.append((i, p))
    return out


def h32(s: str) -> int:
    return xxhash.xxh32_intdigest(s.encode("utf-8", "surrogatepass"))


def h64hex(s: str) -> str:
    return xxhash.xxh64_hexdigest(s.encode("utf-8", "surrogatepass"))


_MAX_KEYS = 64
# a capitalised word or a <TICKER>, with what precedes it: nothing (paragraph start) or sentence punctuation
# means the capital is the sentence's, not a name's
_CAP = re.compile(r"(^|[.!?:;\"«»“”]\s+|\s)[\"'«“(\[]*(<[^<>\s]{1,12}>|[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’-][^\W\d_]+)*)")


_ASCII_LOWER = bytes(range(97, 123))


def entities(paragraphs: Iterable[str]) -> list[str]:
    """Capitalised words that do not start a sentence, tickers ``<ABC>`` (folded).

    A crude but language-agnostic proxy for named entities.  Paragraphs in
    upper case (wire headlines, tables) are skipped.
    """
    out: dict[str, None] = {}
    for p in paragraphs:
        # a-z are letters and not upper case: with at most 0.6 * (their count) other characters the paragraph
        # cannot be mostly upper case, and the two per-character counts below are left out (most prose)
        b = p.encode("utf-8", "surrogatepass")
        lower = len(b) - len(b.translate(None, _ASCII_LOWER))
        if len(p) - lower > 0.6 * lower:
            letters = sum(map(str.isalpha, p))
            if letters and sum(map(str.isupper, p)) > 0.6 * letters:
                continue
        for m in _CAP.finditer(p):
            w = m.group(2)
            if w[0] == "<" or (m.group(1).isspace() and len(w) > 1):
                fw = loose_fold(w)
                if fw in NUMBER_WORDS:
                    continue  # "Six mths" in a table
                out.setdefault(fw, None)
                if len(out) >= _MAX_KEYS:
                    return list(out)
    return list(out)


# Figures spelt out ("six pct" one day, "6-1/16 pct" the next): numbers too.  Folded (no accents).
NUMBER_WORDS = frozenset("""
two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred half quarter
deux trois quatre cinq sept huit neuf dix onze douze treize quatorze quinze seize vingt trente quarante cinquante
soixante cent demi moitie
dos tres cuatro cinco seis siete ocho nueve diez veinte treinta cuarenta cincuenta cien
zwei drei vier funf sechs sieben acht neun zehn elf zwolf zwanzig dreissig hundert
""".split())
_NUM_TOKEN = re.compile(r"[^ ]*\d[^ ]*")


def numbers(toks: list[str]) -> list[str]:
    """Tokens with a digit, and spelt-out numbers (at most 64, first seen first)."""
    out = dict.fromkeys(_NUM_TOKEN.findall(" ".join(toks)))
    words = NUMBER_WORDS.intersection(toks)
    if words:
        out.update(dict.fromkeys(t for t in toks if t in words))
    return list(out)[:_MAX_KEYS]


def paragraph_sig(norm: str) -> list[int]:
    """``[hash(paragraph), hash(first 6 words), hash(last 6 words)]``: equal, or rewritten, or new."""
    w = norm.split()
    return [h32(norm), h32(" ".join(w[:6])), h32(" ".join(w[-6:]))]


def diff_paragraphs(old: list[list[int]], new: list[list[int]]) -> dict[str, int]:
    """Paragraphs added / removed / changed from ``old`` to ``new`` (signatures from :func:`paragraph_sig`).

    Equal paragraphs are matched first (as multisets); a remaining old and new
    paragraph that share their first or last six words count as one "changed".
    """
    remaining: dict[int, int] = {}
    for s in old:
        remaining[s[0]] = remaining.get(s[0], 0) + 1
    new_left = []
    for s in new:
        if remaining.get(s[0]):
            remaining[s[0]] -= 1
        else:
            new_left.append(s)
    old_left = []
    for s in old:
        if remaining.get(s[0]):
            remaining[s[0]] -= 1
            old_left.append(s)
    changed = 0
    used = [False] * len(old_left)
    for s in new_left:
        for i, o in enumerate(old_left):
            if not used[i] and (o[1] == s[1] or o[2] == s[2]):
                used[i] = True
                changed += 1
                break
    return {"added": len(new_left) - changed, "removed": len(old_left) - changed, "changed": changed}


# --- MinHash LSH --------------------------------------------------------------------------------

NUM_PERM = 32
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 3
_rng = np.random.RandomState(20160714)  # fixed: the hash family is part of the state format
_A = _rng.randint(1, (1 << 64) - 1, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd 64-bit multipliers
_B = _rng.randint(0, (1 << 64) - 1, size=NUM_PERM, dtype=np.uint64)
_SHIFT = np.uint64(32)


def shingles(toks: list[str], k: int = SHINGLE) -> set[str]:
    if len(toks) < k:
        return {" ".join(toks)} if toks else set()
    if k == 3:  # the shingle size in use: the same strings without a slice and a join per position
        return {f"{a} {b} {c}" for a, b, c in zip(toks, toks[1:], toks[2:])}
    return {" ".join(toks[i:i + k]) for i in range(len(toks) - k + 1)}


def minhash(sh: set[str]) -> np.ndarray:
    """MinHash signature (``NUM_PERM`` 32-bit values): xxh64 of each shingle, multiply-shift permutations."""
    if not sh:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint64)
    xxh64 = xxhash.xxh64_intdigest
    h = np.array([xxh64(s.encode("utf-8", "surrogatepass")) for s in sh], dtype=np.uint64)
    return ((np.multiply.outer(h, _A) + _B) >> _SHIFT).min(axis=0)


def band_hashes(sig: np.ndarray) -> list[str]:
    """One short hex hash per band (band index included in the key by the caller)."""
    out = []
    for b in range(BANDS):
        out.append(xxhash.xxh32_hexdigest(sig[b * ROWS:(b + 1) * ROWS].tobytes()))
    return out


# --- the features of one dispatch ---------------------------------------------------------------

FORMAT = 1  # version of the ThreadingInput wire format


@dataclass
class ThreadingInput:
    """Everything the stateful threader needs about one dispatch, computed without state.

    Compact (hashes, no text): it travels in the internal message between the
    stateless and the stateful stage.  ``to_dict`` / ``from_dict`` give a
    JSON-safe form; ``from_dict`` checks every field's type.
    """

    dispatch_id: str
    lang: str  # threading scope
    headline_hash: str  # key of the normalised headline (flags stripped); "" when none
    headline_words: list[int]
    headline_prefix: str  # key of the first headline word: desks shorten headlines to fit a tag
    kinds: list[str]  # threading flag kinds: correction / repeat / update (sorted)
    fp: str  # content fingerprint: normalised headline (flags stripped) + normalised body paragraphs
    body_fp: str  # the same on the body alone (a copy whose page shows another headline or none)
    paragraphs: list[list[int]]
    numbers: list[int]
    entities: list[int]
    bands: list[str]
    signature: list[int]  # the MinHash signature (NUM_PERM values): estimates Jaccard and containment
    size: int  # distinct shingles of headline + body
    see_also: list[str] = field(default_factory=list)  # see-also headline keys (aligned with parsed.see_also)
    agency_source: str | None = None
    agency_story_id: str | None = None
    agency_version: int | None = None
    wire: str = ""  # the agency whose copy this is (dateline agency, else the envelope's source before " via ")
    toll: bool = False  # states a toll (dead, injured, missing ...) and has figures
    date: str = ""  # the dateline's date (ISO), "" when none: the day the agency filed the copy

    def to_dict(self) -> dict:
        return {
            "v": FORMAT, "dispatch_id": self.dispatch_id, "lang": self.lang, "headline_hash": self.headline_hash,
            "headline_words": self.headline_words, "headline_prefix": self.headline_prefix, "kinds": self.kinds,
            "fp": self.fp, "body_fp": self.body_fp, "paragraphs": self.paragraphs, "numbers": self.numbers,
            "entities": self.entities, "bands": self.bands, "signature": self.signature, "size": self.size,
            "see_also": self.see_also,
            "agency_source": self.agency_source, "agency_story_id": self.agency_story_id,
            "agency_version": self.agency_version, "wire": self.wire, "toll": self.toll, "date": self.date,
        }

    @classmethod
    def from_dict(cls, d: object) -> "ThreadingInput":
        """Rebuild from :meth:`to_dict`; raises ``ValueError("<field>: <why>")`` on a wrong shape."""
        if not isinstance(d, dict):
            raise ValueError(f"threading: expected an object, got {type(d).__name__}")
        if d.get("v") != FORMAT:
            raise ValueError(f"threading.v: unsupported format {d.get('v')!r}")

        def get(name: str, check, why: str):
            v = d.get(name)
            if not check(v):
                raise ValueError(f"threading.{name}: {why}, got {type(v).__name__}")
            return v

        def is_str(v):
            return isinstance(v, str)

        def is_opt_str(v):
            return v is None or isinstance(v, str)

        def is_int(v):
            return isinstance(v, int) and not isinstance(v, bool)

        def ints(v):
            return isinstance(v, list) and all(is_int(x) for x in v)

        def strs(v):
            return isinstance(v, list) and all(isinstance(x, str) for x in v)

        def sigs(v):
            return isinstance(v, list) and all(isinstance(x, list) and len(x) == 3 and ints(x) for x in v)

        bands = get("bands", strs, "expected a list of strings")
        if len(bands) != BANDS:
            raise ValueError(f"threading.bands: expected {BANDS} band hashes, got {len(bands)}")
        signature = get("signature", ints, "expected a list of integers")
        if len(signature) != NUM_PERM:
            raise ValueError(f"threading.signature: expected {NUM_PERM} values, got {len(signature)}")
        return cls(
            dispatch_id=get("dispatch_id", lambda v: is_str(v) and v != "", "expected a non-empty string"),
            lang=get("lang", lambda v: is_str(v) and v != "", "expected a non-empty string"),
            headline_hash=get("headline_hash", is_str, "expected a string"),
            headline_words=get("headline_words", ints, "expected a list of integers"),
            headline_prefix=get("headline_prefix", is_str, "expected a string"),
            kinds=get("kinds", lambda v: strs(v) and set(v) <= {"correction", "repeat", "update"},
                      "expected a list of flag kinds"),
            fp=get("fp", is_str, "expected a string"),
            body_fp=get("body_fp", is_str, "expected a string"),
            paragraphs=get("paragraphs", sigs, "expected a list of [int, int, int]"),
            numbers=get("numbers", ints, "expected a list of integers"),
            entities=get("entities", ints, "expected a list of integers"),
            bands=bands, signature=signature,
            size=get("size", lambda v: is_int(v) and v >= 0, "expected a non-negative integer"),
            see_also=get("see_also", strs, "expected a list of strings"),
            agency_source=get("agency_source", is_opt_str, "expected a string or null"),
            agency_story_id=get("agency_story_id", is_opt_str, "expected a string or null"),
            agency_version=get("agency_version", lambda v: v is None or is_int(v), "expected an integer or null"),
            wire=get("wire", lambda v: v is None or is_str(v), "expected a string") or "",
            toll=bool(get("toll", lambda v: v is None or isinstance(v, bool), "expected a boolean")),
            date=get("date", lambda v: v is None or is_str(v), "expected a string") or "",
        )


def language_of(doc: TaggedDispatch) -> str:
    return (doc.parsed.language or doc.envelope.language or "und").lower()


PREFIX_WORDS = 1


def headline_key(norm: str) -> str:
    return h64hex(norm)[:12]


# folded words stating a toll (people dead, injured, missing); money words such as bilan / balance are not
TOLL_WORDS = frozenset('''
dead killed death deaths injured wounded casualties victims missing
morts mort tues tue blesses victimes disparus
morti morto morte vittime feriti dispersi disperso
muertos muerto fallecidos victimas heridos desaparecidos
mortos vitimas feridos desaparecido
tote toten todesopfer verletzte vermisste
'''.split())


def wire_of(doc: TaggedDispatch) -> str:
    """The agency whose copy a dispatch is: the dateline's agency, else the envelope's source (a site
    re-publishing agency copy is named ``<agency> via <site>``)."""
    a = doc.parsed.dateline.agency if doc.parsed.dateline is not None else None
    if not a:
        a = (doc.envelope.source or "").split(" via ")[0]
    return loose_key(a).upper()[:40]


HEADLINE_MAX_WORDS = 24  # a longer "headline" is the lead the page showed first: threaded as body text


def threading_input(doc: TaggedDispatch, lang: str | None = None,
                    content: list[tuple[int, str]] | None = None) -> ThreadingInput:
    """The stateless threading features of a tagged dispatch (``lang``: the threading scope;
    ``content``: ``indexed_content(doc.parsed.paragraphs)`` when the caller has it already).

    Everything comes from the cleaned content, not the page: the headline
    without flags, the body without dateline, see-also blocks, credits and
    page stubs.  A "headline" as long as a paragraph is taken as body text.
    """
    p = doc.parsed
    head, head_flags = split_headline_flags(p.headline or "")
    flags = list(dict.fromkeys([*(f.upper() for f in p.flags), *head_flags]))
    hnorm = " ".join(word_list(head))
    if len(hnorm.split()) > HEADLINE_MAX_WORDS:
        paras = content_paragraphs([head, *p.paragraphs])
        hnorm = ""
    else:
        paras = [x for _, x in (indexed_content(p.paragraphs) if content is None else content)]
    kinds = flag_kinds(flags)
    if paras and _CORRECTION_NOTICE.search(paras[-1]):
        kinds.add("correction")
        paras = paras[:-1]
    norm_paras = [" ".join(word_list(x)) for x in paras]
    norm_paras = [x for x in norm_paras if x]
    body = " ".join(norm_paras)
    body_toks = body.split()
    fp = h64hex("\x1f".join([hnorm, body]))
    all_toks = [*hnorm.split(), *body_toks]
    nums = numbers(all_toks)
    sh = shingles(all_toks)
    sig = minhash(sh)
    see = [headline_key(n) if (n := normalise_headline(s.headline)) else "" for s in p.see_also]
    env = doc.envelope
    return ThreadingInput(
        dispatch_id=doc.dispatch_id, lang=(lang or language_of(doc)).lower(),
        headline_hash=headline_key(hnorm) if hnorm else "",
        headline_words=sorted({h32(w) for w in hnorm.split()})[:16],
        headline_prefix=headline_key("^" + " ".join(hnorm.split()[:PREFIX_WORDS])) if hnorm else "",
        kinds=sorted(kinds), fp=fp, body_fp=h64hex("\x1fbody\x1f" + body) if body else "",
        paragraphs=[paragraph_sig(x) for x in norm_paras],
        numbers=sorted({h32(n) for n in nums}), entities=sorted({h32(e) for e in entities(paras)}),
        bands=band_hashes(sig), signature=[int(x) for x in sig], size=len(sh), see_also=see,
        agency_source=env.source, agency_story_id=env.agency_story_id, agency_version=env.agency_version,
        wire=wire_of(doc), toll=bool(nums) and not TOLL_WORDS.isdisjoint(all_toks),
        date=(p.dateline.date or "")[:40] if p.dateline is not None else "",
    )


def jaccard(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two shingle sets from their MinHash signatures."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)


def containment(j: float, size_a: int, size_b: int) -> float:
    """Estimated share of the shingles of B found in A, from their Jaccard ``j`` and sizes."""
    if size_b <= 0:
        return 1.0
    inter = j * (size_a + size_b) / (1.0 + j)
    return min(1.0, inter / size_b)
