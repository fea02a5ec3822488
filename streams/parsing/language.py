"""The dispatch's language: detected from the text, checked against what the envelope declares.

Detection is py3langid (its model ships in the package), on the first few hundred characters
of the body.  It was measured against lingua (``lingua-language-detector``, high and low
accuracy modes) with ``benchmarks/bench_language.py``: on wire-dev dispatches and 12-word leads
both are right every time; on 5-word leads, headlines and Reuters-21578 all-capitals titles
py3langid is as good or better (97.8 % / 100 % / 96.1 % against 95.6 % / 100 % / 94.0 %), it is
2-10 times faster per call (0.07-0.4 ms against 0.5-1.7 ms) and loads in 2 s and ~100 MB
against 21 s and ~400 MB.  So py3langid stays.

Most copy does not need the model: a sample of Latin copy whose function words (:data:`FUNCTION_WORDS`,
each word of one language only) are clearly those of one language we tag gets that language at once
(:func:`clear_language`: enough of them, several different ones, far more than of any other language,
the Latin-script languages we do not tag included, in both halves of the sample).  The model decides
the rest: fewer words (headlines, tables of figures), mixed or other languages.  Measured with
``benchmarks/bench_language.py --shortcut`` on every sample the pipeline detects on (Reuters-21578,
wire-dev, declared, undeclared and wrongly declared): the shortcut decides 69-82 % of them and agrees
with the model on every one; so it does on 217 texts written to break it, in 50 languages
(``tests/fixtures/language/invented-multilingual.jsonl``).  It costs ~10 us where the model costs
60-180 us (the model's numpy calls and its 40 MB table are cold again after the other stages of a
dispatch).

The text's script comes first: Latin copy is detected among the languages wire services file
in (:data:`LATIN`); copy in another script (Cyrillic, Arabic, Hebrew, Greek, CJK, Hangul,
Devanagari, Thai ...) among that script's languages.  Detection never looks at the envelope, so
identical text always gets the same detected language.

:func:`check_language` decides, and says why in ``warnings`` (``{code, message}``):

* ``unknown_language``: the envelope's ``language`` is not an ISO 639-1 code (``en``, ``en-GB``,
  ``pt_BR`` and ISO 639-2 codes such as ``fra`` / ``ger`` are read as their ISO 639-1 code); the
  detected language is used;
* ``language_mismatch``: the envelope says one language and the text is clearly another (at least
  :data:`STRONG_LETTERS` letters and a py3langid log-probability margin of :data:`STRONG_MARGIN`
  over the declared language): the detected language is used.  On shorter text (a headline, an
  alert) a disagreement is too weak to overrule the sender: detection is wrong on 4 % of
  short all-capitals headlines, with margins up to 46;
* ``unsupported_language``: the language is not one wirefeed tags (:data:`SUPPORTED`): the
  dispatch is parsed and published, but regions and topics may be missing or incomplete.
"""
from __future__ import annotations

import copy
import re
import threading
from collections import Counter
from functools import lru_cache
from operator import itemgetter

# Languages the taggers (gazetteer casing rules, topic lexicons, desk vocabulary) are made for.
SUPPORTED = ("en", "fr", "de", "es", "it", "pt")
# Latin-script languages wire copy comes in: the candidates for Latin text.
# (Adding ro and ca costs 1 point on 5-word leads and Reuters titles: Italian and Spanish copy read as them.)
LATIN = ("en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "tr")
LANGUAGES = LATIN  # kept for callers of the former name
CANDIDATES = LATIN
# Other scripts: the candidate languages of each (a single one is taken without a model).
SCRIPTS: dict[str, tuple[str, ...]] = {
    "Cyrillic": ("ru", "uk", "bg", "sr", "mk", "be", "kk"),
    "Greek": ("el",),
    "Arabic": ("ar", "fa", "ur", "ps"),
    "Hebrew": ("he",),
    "Han": ("zh",),
    "Japanese": ("ja",),
    "Hangul": ("ko",),
    "Devanagari": ("hi", "mr", "ne"),
    "Thai": ("th",),
    "Armenian": ("hy",),
    "Georgian": ("ka",),
    "Bengali": ("bn",),
    "Tamil": ("ta",),
}
SAMPLE_CHARS = 300  # a few sentences: as accurate as 2,000 chars on news prose, 5x faster (pure-Python DFA walk)
MIN_LETTERS = 12  # fewer letters in the first 120 characters: too little text to tell
STRONG_LETTERS = 80
STRONG_MARGIN = 30.0
PRIOR_MARGIN = 10.0  # a Latin-script language we do not tag must beat the best one we do by this much

# Function words of news copy, each of one language only among those of LATIN and three more the model is
# not asked about but whose copy would be read as one of them (ro, ca, gl): a word two of them share ("de",
# "la", "en", "per", "das", "der" in Danish, "to" in Polish ...) is left out or in one list only, where
# the other language's own words outweigh it.  See clear_language.
FUNCTION_WORDS = {
    "en": "the and that with said from which were would has have this its been are not but after they their who "
          "there more than about into could when what of to for by it will was his",
    "fr": "les une est dans pour qui sur aux pas avec ont été cette leur sont selon ces elle ils lors depuis plus "
          "fait être aussi très sans sous au des du",
    "de": "der die und ist nicht mit von auf für sich ein eine wird wurde auch im nach bei sagte werden hat sind "
          "zum zur einen einer noch aus dass wie oder über am vom beim seit gegen sie ihre seine",
    "es": "el los las y fue más pero sus según también muy hasta están dijo aunque cuando mientras hay ya año años "
          "sin eso esto ese esa había ayer fueron",
    "it": "della delle degli dei che di sono è nel nella anche gli più dopo ed ai dal dalla questo questa stato "
          "essere hanno sul sulla non tra fra anni ieri aveva già sui nei negli",
    "pt": "os do não em uma ao é pelo pela foi são também já aos disse ainda seu sua pelos pelas com ele eles mas "
          "há após até isso estão foram tem têm",
    # the languages we do not tag (and ro, ca, gl, which the model is not asked about): their words only
    # stop the shortcut
    None: "het een van niet zijn werd ook naar heeft wordt maar voor worden deze dat uit "  # nl
          "och att som är inte med till den det av på ett "  # sv (and da, no)
          "og ikke af også efter eller "  # da, no
          "että oli ei myös mutta hän kuin joka ja "  # fi
          "się jest że przez nie jak oraz który została został "  # pl
          "ve bir bu için ile olan olarak çok daha "  # tr
          "și în este care pentru nu cu fost sunt "  # ro
          "els amb però més això seva aquesta perquè "  # ca
          "unha dunha cunha pola polo polos polas xa dixo tamén súa coa cos cun ata hai mentres despois onte hoxe",  # gl
}
CLEAR_WORDS = 5
CLEAR_RATIO = 4
CLEAR_DISTINCT = 4

# ISO 639-1 (all 183 codes) and the ISO 639-2 B/T codes of the languages wire copy comes in.
ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en
eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv
ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne
ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st
su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())
ISO_639_2 = {
    "eng": "en", "fre": "fr", "fra": "fr", "ger": "de", "deu": "de", "spa": "es", "ita": "it", "por": "pt",
    "dut": "nl", "nld": "nl", "swe": "sv", "dan": "da", "nor": "no", "nob": "nb", "nno": "nn", "fin": "fi",
    "pol": "pl", "tur": "tr", "rum": "ro", "ron": "ro", "cat": "ca", "rus": "ru", "ukr": "uk", "gre": "el",
    "ell": "el", "ara": "ar", "heb": "he", "chi": "zh", "zho": "zh", "jpn": "ja", "kor": "ko", "per": "fa",
    "fas": "fa", "hin": "hi", "ces": "cs", "cze": "cs", "hun": "hu", "por-br": "pt",
}
# Codes that changed: the one the detector and the taggers use.
_ALIASES = {"iw": "he", "in": "id", "ji": "yi"}

_NON_LETTERS = re.compile(r"[\W\d_]+")  # what is not a letter ([^\W\d_]): see _count_letters
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_lock = threading.Lock()
_base = None
# script of each non-Latin language code
_CODE_SCRIPT = {code: script for script, codes in SCRIPTS.items() for code in codes}


def _count_letters(text: str) -> int:
    """The letters (``[^\\W\\d_]``) of ``text``, counted as what is left once the rest is removed: no
    string per letter (half the time of a ``findall``)."""
    return len(_NON_LETTERS.sub("", text))


def _function_words() -> tuple[tuple[str | None, ...], dict[str, int]]:
    """The languages of FUNCTION_WORDS and each word's position among them (a word in two: an error)."""
    langs = tuple(FUNCTION_WORDS)
    index: dict[str, int] = {}
    for i, words in enumerate(FUNCTION_WORDS.values()):
        for word in words.split():
            if index.setdefault(word, i) != i:
                raise ValueError(f"function word {word!r} in two languages")
    return langs, index


_WORD_LANGS, _WORD_INDEX = _function_words()


def _model():
    """The py3langid identifier with its full model (loaded once, shared)."""
    global _base
    if _base is None:
        with _lock:
            if _base is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                base = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
                base.tk_nextmove = _on_huge_pages(base.tk_nextmove)
                _base = base
    return _base


def _on_huge_pages(table):
    """py3langid's DFA table (40 MB, an ``array('I')`` on 4 KB pages) moved to a numpy copy, as a
    memoryview of it: numpy asks the kernel for (transparent) huge pages for blocks of 4 MB and more,
    and :class:`_Walker` reads ~1,800 scattered entries of it per sample, so the walk misses the TLB
    far less (-8 % per sample with the caches disturbed between calls, as in the pipeline).  The
    values are the same and py3langid indexes the memoryview as its array, to the same ints; the
    array is freed, so no memory is added."""
    try:
        import numpy as np

        copy_ = memoryview(np.array(memoryview(table)))  # same item type, same values
        return copy_ if copy_.format == memoryview(table).format else table
    except Exception:  # noqa: BLE001 - keep py3langid's own table
        return table


@lru_cache(maxsize=16)
def _identifier(languages: tuple[str, ...]):
    """An identifier restricted to ``languages`` sharing the loaded model (a shallow copy)."""
    ident = copy.copy(_model())
    ident.set_languages(list(languages))
    return ident


class _Walker:
    """py3langid's ``rank`` (``norm_probs=False``) with the feature count and the score done in a few
    numpy calls instead of one Python step per byte and per feature, with the same result bit for bit.

    The feature count (``visit_counts``) is a DFA walk over the text's bytes.  The DFA is an
    Aho-Corasick automaton over byte n-grams: its state after a byte is the longest suffix of the text
    read so far that is a node of the n-gram trie, so it depends only on the last ``depth`` bytes
    (``depth``: the longest n-gram, found by a breadth-first walk of the automaton at load).  The state
    at every position is then ``depth`` vectorised steps from the root over a sliding window: one
    look-up in a table of byte pairs for the first two, one numpy gather pass each for the others.

    The score is ``log1p(counts) @ table[features]`` with the features in order of first occurrence,
    as ``collections.Counter`` keeps them: the order of the float32 sum, so it is kept (see
    :meth:`_count`).  Checked against py3langid's ``rank`` at load; on any doubt ``rank`` is used.
    """

    # tables of at most this many languages are copied as float32 (5 MB for 13 languages, at most
    # 8 tables cached), wider ones (the full model: 142) are kept as float16 and cast by the
    # product, as py3langid does
    FLOAT32_COLUMNS = 32

    def __init__(self, ident) -> None:
        import numpy as np

        self.np = np
        itemsize = memoryview(ident.tk_nextmove).itemsize
        nm = np.frombuffer(ident.tk_nextmove, dtype={2: np.uint16, 4: np.uint32, 8: np.uint64}[itemsize])
        self.nextmove = nm  # a view of py3langid's table (40 MB): no copy
        self.rowbase = np.asarray(ident._rowbase, dtype=np.intp)
        self.output = np.asarray(ident.tk_output, dtype=np.intp)
        self.n_features = int(self.output.max()) + 1
        self._tables: dict[int, tuple] = {}
        self.depth = self._depth(nm.reshape(-1, 256), np.asarray(ident.tk_row, dtype=np.intp), len(ident.tk_output))
        # _walk reads windows of `window` bytes (any length >= depth gives the same state), the first
        # two of them at once through `_pair_rows`; it needs a byte that leaves the root where it is
        # to pad the text's start with
        self.window = max(self.depth, 3)
        stay = np.flatnonzero(nm[self.rowbase[0] + np.arange(256)] == 0)
        if not len(stay):
            raise ValueError("no byte keeps the DFA at its root: no padding for _walk")
        self._pad = bytes([int(stay[0])]) * (self.window - 1)
        self._pair_rows = self._pairs()
        self._positions = np.arange(1024)
        self._scratch = threading.local()  # per thread: see _count()

    def _depth(self, rows, row_of, n_states: int) -> int:
        """The largest number of bytes from the root to reach a state (breadth first, one visit per row)."""
        np = self.np
        seen = np.zeros(n_states, bool)
        seen[0] = True
        rows_seen = np.zeros(len(rows), bool)
        frontier = np.zeros(1, np.intp)
        depth = 0
        while True:
            rm = np.zeros(len(rows), bool)
            rm[row_of[frontier]] = True
            rm &= ~rows_seen
            rows_seen |= rm
            new = np.zeros(n_states, bool)
            new[rows[np.flatnonzero(rm)].ravel()] = True
            new &= ~seen
            if not new.any():
                return depth
            depth += 1
            seen |= new
            frontier = np.flatnonzero(new)

    def _pairs(self):
        """The row offset (``rowbase``) of the state two bytes ``x``, ``y`` lead to from the root, at
        ``x << 8 | y``: the first two of _walk's steps in one look-up (65,536 entries, 512 KB)."""
        np = self.np
        nm, rb = self.nextmove, self.rowbase
        first = nm[rb[0] + np.arange(256)].astype(np.intp)  # the state after one byte
        return rb[nm[(rb[first][:, None] + np.arange(256)).ravel()]]

    def _walk(self, data: bytes):
        """The feature of every byte position that has one (-1 dropped), in the text's order.

        Position i's state is the state reached from the root over the `window` bytes ending at i.
        The text is padded in front with `window - 1` bytes that keep the root at the root, so every
        position has a full window: position i's window is padded bytes i .. i + window - 1."""
        np = self.np
        n = len(data)
        w = self.window
        b = np.frombuffer(self._pad + data, dtype=np.uint8).astype(np.intp)
        pair = b[:n] << 8
        pair |= b[1:n + 1]
        offsets = self._pair_rows[pair]  # the row of each window's state after its first two bytes
        states = np.empty(n, np.intp)
        nm, rb = self.nextmove, self.rowbase
        # (all in intp: numpy gathers fastest with intp indexes, and int32 tables, half the cache
        # lines, cost more in the mixed-type sums than they save: measured)
        for k in range(2, w):
            offsets += b[k:k + n]
            states[:] = nm[offsets]  # uint32 -> intp
            if k < w - 1:
                offsets = rb[states]
        feats = self.output[states]
        return feats[feats >= 0]

    def features(self, data: bytes):
        """``visit_counts`` as two arrays: the features seen in order of first occurrence and their
        counts (what ``Counter(...).keys()`` / ``.values()`` give); None when there is none."""
        f = self._walk(data)
        return self._count(f) if len(f) else None

    def _count(self, f):
        """The distinct values of ``f`` (a non-empty array of features) in order of first occurrence,
        and how many times each occurs, without a Python object per value.

        Every feature's slot (a scratch array over all features) gets a position where it occurs,
        written in reverse order so that in practice the first one stays; ``first[i]``, the slot read
        back at position i, is then proved to be the first occurrence of position i's feature by
        ``first[i] <= i`` everywhere (the slot holds a position of that very feature, and none comes
        before the first).  Should numpy ever write in another order, the check fails and the
        features are counted with ``Counter`` (:meth:`_count_with_counter`)."""
        np = self.np
        m = len(f)
        if m > len(self._positions):
            self._positions = np.arange(max(m, 2 * len(self._positions)))
        pos = self._positions[:m]
        slot = getattr(self._scratch, "slot", None)
        if slot is None:  # one per thread: numpy may release the GIL while it writes
            slot = self._scratch.slot = np.zeros(self.n_features, np.intp)
        slot[f[::-1]] = pos[::-1]
        first = slot[f]
        if (first > pos).any():
            return self._count_with_counter(f)
        starts = first == pos  # a mask: one numpy call less than the positions of its trues
        return f[starts], np.bincount(first, minlength=m)[starts]

    def _count_with_counter(self, f):
        """:meth:`_count` the slow way, through ``collections.Counter`` as py3langid counts."""
        np = self.np
        visits = Counter(f.tolist())
        return (np.fromiter(visits.keys(), dtype=np.intp, count=len(visits)),
                np.fromiter(visits.values(), dtype=np.intp, count=len(visits)))

    def counts(self, data: bytes) -> Counter | None:
        """``visit_counts``: the features seen, counted in order of first occurrence; None when there is none."""
        got = self.features(data)
        return Counter(dict(zip(got[0].tolist(), got[1].tolist()))) if got is not None else None

    def _table(self, ident):
        """``ident``'s (table, nb_pc, rows): the table as a C-contiguous copy, float32 when it is
        narrow, and ``rows``, the same memory seen as one item per row (see :meth:`_rows`).

        The product casts the float16 table to float32 anyway (exactly), and its rows are gathered
        from a row-major copy (``set_languages`` makes it column-major: a row's values lie in as many
        cache lines as there are languages).  Keyed by the table object itself (kept in the entry, so
        its id is never reused while cached).
        """
        np = self.np
        src = ident.nb_ptc
        t = self._tables.get(id(src))
        if t is None or t[3] is not src or t[1] is not ident.nb_pc:
            if src.shape[1] <= self.FLOAT32_COLUMNS:
                table = np.ascontiguousarray(src, dtype=np.float32)
            else:
                table = src if src.flags.c_contiguous else np.ascontiguousarray(src)
            rows = table.view(np.dtype((np.void, table.shape[1] * table.itemsize))).ravel()
            t = (table, ident.nb_pc, rows, src)
            if len(self._tables) >= 8:
                self._tables.clear()
            self._tables[id(src)] = t
        return t[0], t[1], t[2]

    def _rows(self, table, rows, feats):
        """``table[feats]``: the same array (values, shape, dtype, C order), gathered as one opaque
        item per row: numpy copies rows of a 2-D array by index with a per-call set-up several times
        slower (10 µs against 2 µs for 160 rows of 13 floats)."""
        return rows[feats].view(table.dtype).reshape(len(feats), table.shape[1])

    def rank(self, ident, text: str) -> list[tuple[str, float]]:
        """``ident.rank(text)`` (py3langid 0.4, ``norm_probs=False``)."""
        np = self.np
        got = self.features(ident._encode(text))
        if got is not None:
            # ``ident._sparse_score(visits, ident.nb_ptc)``: the same product on the same values, in
            # the same order (log1p of float32 counts, float32 rows)
            table, pc, rows = self._table(ident)
            feats, counts = got
            scores = np.log1p(counts, dtype=np.float32) @ self._rows(table, rows, feats) + pc
        else:
            scores = np.full(len(ident.nb_classes), _RAW_FLOOR, dtype=np.float32)
        if ident._alias_pairs:
            for i, j in ident._alias_pairs:
                scores[i] = max(scores[i], scores[j])
                scores[j] = _RAW_FLOOR
            merged: dict[str, float] = {}
            for lang, score in zip(ident.nb_classes, scores.tolist()):
                merged.setdefault(lang, score)
            return sorted(merged.items(), key=itemgetter(1), reverse=True)
        # no label twice: the pairs are the merged dict's items in the same order, without the dict
        return sorted(zip(ident.nb_classes, scores.tolist()), key=itemgetter(1), reverse=True)


_CHECK_TEXTS = (
    "The company said it expects to report a net profit for the first quarter, compared with a loss a year ago.",
    "Le gouvernement a annoncé mercredi une série de mesures pour l'économie, a indiqué le ministre à Paris.",
    "Straße über Köln: Die Bundesregierung hat am Mittwoch neue Maßnahmen beschlossen, sagte ein Sprecher.",
    "ab", "", "12 34 -- ;;", "MOSCOW (Reuters) - Москва, 5 мая: правительство России объявило о мерах.",
    "a\x00b\x00\x00Zürich",  # the walk's pad byte inside the text
    "東京で記者会見があり、首相はこう述べた。",  # DFA states at the greatest depth (6 bytes: pairs of kana)
)
_walker: _Walker | None = None
_walker_ok: bool | None = None
_RAW_FLOOR = float("-inf")


def _ranked(ident, text: str) -> list[tuple[str, float]]:
    """``ident.rank(text)``, through :class:`_Walker` once it has been checked to agree with py3langid."""
    global _walker, _walker_ok, _RAW_FLOOR
    if _walker_ok is None:
        with _lock:
            if _walker_ok is None:
                try:
                    from py3langid.langid import RAW_FLOOR, visit_counts

                    _RAW_FLOOR = RAW_FLOOR
                    base = _model()
                    w = _Walker(base)
                    full = copy.copy(base)
                    full.set_languages(None)
                    ok = all(w.rank(i, t) == i.rank(t) for i in (ident, full) for t in _CHECK_TEXTS)

                    # the features themselves too, in order: scores may hide a wrong one (the unseen
                    # n-grams of a language share one smoothed score)
                    def items(visits):
                        return None if visits is None else list(visits.items())

                    tables = base.tk_nextmove, base._rowbase, base.tk_output
                    ok = ok and all(items(w.counts(data)) == items(visit_counts(*tables, data))
                                    for data in map(base._encode, _CHECK_TEXTS))
                    _walker = w if ok else None
                    _walker_ok = ok
                except Exception:  # noqa: BLE001 - another py3langid: its own rank
                    _walker_ok = False
    if _walker_ok and _walker is not None:
        return _walker.rank(ident, text)
    return ident.rank(text)


@lru_cache(maxsize=16)
def _ranked_recent(langs: tuple[str, ...], sample: str) -> tuple[tuple[str, float], ...]:
    """``_ranked`` for the last few samples.  The worker detects twice on the same copy: the parser
    (:func:`check_language`) and the threading scope (``pipeline.threading_scope``, :func:`detect`)
    on the cleaned paragraphs, whose first :data:`SAMPLE_CHARS` characters are nearly always the
    parser's sample (all of wire-dev; 719 of 725 Reuters stories).  Detection is a pure function of
    (languages, sample), so the second call is a look-up.  Small on purpose: it only has to bridge
    one dispatch's stages (a benchmark cycling over a corpus gets no hits)."""
    return tuple(_ranked(_identifier(langs), sample))


@lru_cache(maxsize=1)
def _labels() -> frozenset[str]:
    return frozenset(_model().labels)


def _script(ch: str) -> str | None:
    """The script of a letter, for the scripts of :data:`SCRIPTS` (None for Latin and the rest)."""
    o = ord(ch)
    if o < 0x370:
        return None
    if o < 0x400:
        return "Greek"
    if o < 0x530:
        return "Cyrillic"
    if o < 0x590:
        return "Armenian"
    if o < 0x600:
        return "Hebrew"
    if o < 0x700 or 0x750 <= o < 0x780 or 0x8A0 <= o < 0x900 or 0xFB50 <= o < 0xFE00 or 0xFE70 <= o < 0xFF00:
        return "Arabic"
    if 0x900 <= o < 0x980:
        return "Devanagari"
    if 0x980 <= o < 0xA00:
        return "Bengali"
    if 0xB80 <= o < 0xC00:
        return "Tamil"
    if 0xE00 <= o < 0xE80:
        return "Thai"
    if 0x10A0 <= o < 0x1100:
        return "Georgian"
    if 0x1100 <= o < 0x1200 or 0xAC00 <= o < 0xD7B0 or 0x3130 <= o < 0x3190:
        return "Hangul"
    if 0x1F00 <= o < 0x2000:
        return "Greek"
    if 0x3040 <= o < 0x3100 or 0x31F0 <= o < 0x3200 or 0xFF66 <= o < 0xFFA0:
        return "Japanese"
    if 0x3400 <= o < 0xA000 or 0xF900 <= o < 0xFB00 or 0x20000 <= o < 0x30000:
        return "Han"
    return None


# letters of the scripts of SCRIPTS (a quick count before the per-character look)
_NON_LATIN = re.compile("[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f"
                        "\u08a0-\u08ff\u0900-\u09ff\u0b80-\u0bff\u0e00-\u0e7f\u10a0-\u11ff\u1f00-\u1fff"
                        "\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff"
                        "\ufb50-\ufdff\ufe70-\ufeff\uff66-\uff9f\U00020000-\U0002ffff]")


def script_of(text: str, letters: int | None = None) -> str:
    """The dominant script of the letters of ``text``: ``Latin`` or a key of :data:`SCRIPTS`
    (Han with some kana is ``Japanese``)."""
    if text.isascii():
        return "Latin"
    others = _NON_LATIN.findall(text)
    if not others:
        return "Latin"
    if letters is None:
        letters = _count_letters(text)
    if 2 * len(others) <= letters:
        return "Latin"
    counts: dict[str, int] = {}
    for ch in others:
        sc = _script(ch)
        if sc is not None:
            counts[sc] = counts.get(sc, 0) + 1
    if not counts:
        return "Latin"
    if counts.get("Japanese") and counts.get("Han"):
        counts["Japanese"] += counts.pop("Han")
    return max(counts, key=lambda k: counts[k])


def clear_language(sample: str) -> str | None:
    """The language we tag whose function words (:data:`FUNCTION_WORDS`) ``sample`` is clearly
    written with, None when that is not clear (the model decides then).  Clear means:

    * at least :data:`CLEAR_WORDS` of its words and :data:`CLEAR_RATIO` times as many as of any other
      language (the languages we do not tag included);
    * at least :data:`CLEAR_DISTINCT` different ones: one word that is also common in a language
      without a list (Afrikaans ``die``, Indonesian ``di``, Swahili ``ya``, Welsh ``y``) is no proof;
    * leading in both halves of the sample, with at least 2 words and twice as many as any other
      language in each: an English sentence after a long quote in Spanish is not clearly English.

    Words are split at white space only (C speed): a function word glued to punctuation
    (``"the``, ``l'``) is not counted, which only leaves more samples to the model."""
    words = sample.lower().split()
    marks = list(map(_WORD_INDEX.get, words))
    mid = len(marks) // 2
    n = len(_WORD_LANGS)
    # per half, counted among the few words found (list.count over the Nones of every other word costs more)
    halves = [[i for i in half if i is not None] for half in (marks[:mid], marks[mid:])]
    counts = [[half.count(i) for i in range(n)] for half in halves]
    hits = [a + b for a, b in zip(*counts)]
    top = max(hits)
    if top < CLEAR_WORDS:
        return None
    best = hits.index(top)
    hits[best] = 0
    if top < CLEAR_RATIO * max(hits) or _WORD_LANGS[best] is None:
        return None
    if len({w for w, i in zip(words, marks) if i == best}) < CLEAR_DISTINCT:
        return None
    for half in counts:
        mine = half[best]
        if mine < 2 or mine < 2 * max(c for i, c in enumerate(half) if i != best):
            return None
    return _WORD_LANGS[best]


def _rank(text: str, also: str | None = None) -> tuple[str | None, dict[str, float], int, str]:
    """(detected language or None, score per language, letters in the sample, script).

    The detected language is the best of the candidates of the text's script; ``also`` (the
    declared language) only adds its score, for :func:`check_language`: it is never detected.
    A language clear from the function words (:func:`clear_language`) is the detected one, taken
    without the model (no scores then) unless another one is declared: the model's scores then
    weigh the declared language against it.
    """
    sample = text[:SAMPLE_CHARS]
    if sample.isascii():
        # the letters of ASCII text are a-z A-Z: counted by C-speed byte deletion, not a regex
        b = sample.encode("ascii")
        letters = len(b) - len(b.translate(None, _ASCII_LETTERS))
        head = b[:120]
        head_letters = len(head) - len(head.translate(None, _ASCII_LETTERS))
    else:
        letters = _count_letters(sample)
        head_letters = _count_letters(sample[:120])
    script = script_of(sample, letters)
    if letters < MIN_LETTERS or head_letters < MIN_LETTERS:
        return None, {}, letters, script
    clear = clear_language(sample) if script == "Latin" else None
    if clear is not None and also in (None, clear):
        return clear, {clear: 0.0}, letters, script
    candidates = LATIN if script == "Latin" else SCRIPTS[script]
    if len(candidates) == 1 and also in (None, candidates[0]):
        return candidates[0], {candidates[0]: 0.0}, letters, script
    langs = candidates
    if also and also not in candidates and also in _labels():
        langs = (*candidates, also)
    try:
        ranked = _ranked_recent(langs, sample.lower() if sample.isupper() else sample)
    except Exception:  # noqa: BLE001 - detection is best effort
        return None, {}, letters, script
    scores = dict(ranked)  # (language, float) pairs
    # the clear language stays the detected one whatever the envelope declares (the model only
    # weighs the declared one against it)
    detected = clear or next((lang for lang, _ in ranked if lang in candidates), None)
    if detected is not None and detected not in SUPPORTED and script == "Latin":
        # tables of figures and lists of names read as Danish or Swedish by a hair: wire copy is
        # far more often in a language we tag, so such a language has to win clearly
        best = max(SUPPORTED, key=lambda lang: scores.get(lang, float("-inf")))
        if scores[detected] - scores[best] < PRIOR_MARGIN:
            detected = best
    return detected, scores, letters, script


def load() -> None:
    """Load the model and check the fast walk now (2-3 s), not on the first dispatch that the
    function words leave to the model (the worker's warm-up calls it)."""
    _ranked(_identifier(LATIN), "The model is loaded and its walk checked before the first dispatch.")


def detect(text: str) -> str | None:
    """ISO 639-1 code of ``text`` or None when there is too little text to tell."""
    return _rank(text)[0]


def normalise_code(code: str | None) -> str | None:
    """The ISO 639-1 code of a declared language (``EN``, ``en-GB``, ``pt_BR``, ``fra``), or None
    when it is not one."""
    if not code:
        return None
    c = code.strip().lower().replace("_", "-")
    primary = c.split("-")[0]
    if len(primary) == 2 and primary in ISO_639_1:
        return _ALIASES.get(primary, primary)
    if len(primary) == 3 and primary in ISO_639_2:
        return _ALIASES.get(ISO_639_2[primary], ISO_639_2[primary])
    if primary in _ALIASES:
        return _ALIASES[primary]
    return None


def _w(code: str, message: str) -> dict[str, str]:
    return {"code": code, "message": message}


_MACRO = {"nb": "no", "nn": "no"}


def check_language(declared: str | None, text: str) -> tuple[str | None, list[dict[str, str]]]:
    """The dispatch's language and the warnings about it (see the module doc).

    ``declared`` is the envelope's ``language`` (anything a sender may put there); ``text`` the
    sample to detect on (the body, or the headline of an alert).
    """
    warnings: list[dict[str, str]] = []
    code = normalise_code(declared)
    detected, scores, letters, script = _rank(text, code)
    if declared and code is None:
        shown = declared if len(declared) <= 40 else declared[:40] + "..."
        warnings.append(_w("unknown_language", f"the envelope's language {shown!r} is not an ISO 639-1 code; "
                           + (f"the text is detected as {detected!r}" if detected else "the text is too short to detect")))
    language = code or detected
    # a more specific code of the same macrolanguage (Bokmål `nb` for detected `no`) is no disagreement
    if code and detected and _MACRO.get(code, code) != _MACRO.get(detected, detected):
        other_script = _CODE_SCRIPT.get(code, "Latin") != script
        # how far the declared language is behind the detected one (as far as can be when the
        # model does not know it)
        gap = scores[detected] - scores[code] if code in scores else float("inf")
        if other_script or (letters >= STRONG_LETTERS and gap >= STRONG_MARGIN):
            language = detected
            warnings.append(_w("language_mismatch", f"the envelope says {declared!r} but the text is clearly "
                               f"{detected!r}" + (f" ({script} script)" if script != "Latin" else "")
                               + f": {detected!r} is used"))
    if language and language not in SUPPORTED:
        warnings.append(_w("unsupported_language", f"language {language!r}"
                           + (f" ({script} script)" if script != "Latin" else "")
                           + " is not one wirefeed tags (" + ", ".join(SUPPORTED)
                           + "): parsed as is; regions and topics may be missing or incomplete"))
    return language, warnings
