"""Page layout: which of the first lines are headline, dateline, lead, and which are page furniture.

Wire copy taken from a web page arrives with the page around it: site names, menus,
breadcrumbs, section labels and kickers, dates and times, bylines, photo captions,
share and comment boxes, a standfirst, sometimes the headline twice.  The desk reads
it line by line; so does :func:`analyse_head`, with features that do not depend on
the site:

- position (the headline comes before the lead, the dateline opens the lead);
- length in words and characters, case (all capitals, every word capitalised,
  words glued by a page without spaces: ``FinancialGovernment``);
- punctuation (a headline does not end with a full stop; breadcrumbs have ``>``);
- the share of function words in the line's language (``stopwords`` in ``data/page.json``):
  menus and tag lists have none, running text has many;
- repetition (a headline shown twice is the headline);
- link-like text, date / time / agency-only lines, bylines, caption markers;
- likeness to the next paragraph (a standfirst says what the lead says).

Nothing here knows a site.  The vocabulary is data (``data/page.json``); every
function is linear in its input.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources

from ..model import Dateline
from .body import advisory_of
from .dateline import is_country, is_place, match_dateline, match_inline_dateline, match_place_line, resolve_date
from .headline import split_tags
from ..text.fold import loose_fold, words as folded_words
from .rules import RULES, _split_bars, by_first_atom

_DATA = json.loads(resources.files(__package__).joinpath("data", "page.json").read_text(encoding="utf-8"))


def _alt(words) -> str:
    uniq = sorted({w for w in words}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in uniq)


AGENCIES: frozenset[str] = frozenset(loose_fold(a) for a in _DATA["agencies"])
_AGENCY_WORDS = frozenset(loose_fold(a) for a in _DATA["agency_words"]) | AGENCIES
_DATE_WORDS = (frozenset(loose_fold(w) for w in _DATA["date_words"]) | frozenset(loose_fold(w) for w in _DATA["weekdays"])
               | frozenset(RULES.months))
_WEEKDAYS = frozenset(loose_fold(w) for w in _DATA["weekdays"] if len(w) > 3)
STOPWORDS: dict[str, frozenset[str]] = {lang: frozenset(loose_fold(w) for w in ws) for lang, ws in _DATA["stopwords"].items()}
_ALL_STOP = frozenset().union(*STOPWORDS.values())
_LOWER = re.compile(r"[a-zà-ÿ]")
_FURNITURE_SINGLE = frozenset(loose_fold(w) for w in _DATA["furniture_words"] if " " not in w)
_FURNITURE_STRONG = frozenset(loose_fold(w) for w in _DATA["furniture_strong"] if " " not in w)
_SHARE_NETWORKS = frozenset(loose_fold(w) for w in _DATA["share_networks"])
_COOKIE_WORDS = frozenset(("cookie", "cookies"))
_FURNITURE_STRONG_PHRASES = tuple(loose_fold(w) for w in _DATA["furniture_strong"] if " " in w)
_FURNITURE_PHRASES = tuple(loose_fold(w) for w in _DATA["furniture_words"] if " " in w)
# Is any of the phrases in a folded line (one search instead of a substring test per phrase)?
_ANY_FURNITURE_PHRASE = re.compile(by_first_atom([re.escape(p) for p in _FURNITURE_PHRASES + _FURNITURE_STRONG_PHRASES]))
# Cheap pre-checks before the caption expressions (most lines have none of these).
_CAPTION_HINTS = ("/", "©", "(c)", "copyright", "photo", "foto", "image", "imagen", "immagine", "bild", "crédit", "credit",
                  "illustration", "pictured", "photograph", "getty", ".jp", ".png", ".gif", ".webp")
_CAPTION_HINT = re.compile(by_first_atom([re.escape(h) for h in _CAPTION_HINTS])).search  # is any hint in a text
# Used for yes/no full matches only: as tries over their first atoms (rules.by_first_atom, same answers).
CUT_PLAIN = r"(?:" + "|".join(_DATA["cut_lines"]) + r")"
CUT_RE = re.compile(r"(?:" + by_first_atom(_DATA["cut_lines"]) + r")", re.I)
DROP_PLAIN = r"(?:" + "|".join(_DATA["drop_lines"]) + r")"
_DROP_RE = re.compile(r"(?:" + by_first_atom(_DATA["drop_lines"]) + r")", re.I)
CAPTION_PLAIN = r"(?:" + "|".join(_DATA["caption_markers"]) + r")"
# Used for a yes/no search only: as a trie over first atoms (rules.by_first_atom, same answers; the plain
# alternation tried its ~60 alternatives at every position of the line, ~0.2 ms a search).
_CAPTION = re.compile(r"(?:" + by_first_atom(_DATA["caption_markers"]) + r")", re.I)
# Strong caption / credit marks, safe anywhere in a body: a credit in parentheses ending the
# line "( AFP / JULIEN DE ROSA )", "© Name/dpa", "Photo: ...", "Photograph: ...", an image file.
_CAPTION_CREDIT_END = re.compile(
    r"\(\s*[^()]{0,60}/\s*(?:AFP|AP|Reuters|REUTERS|EFE|dpa|DPA|ANSA|Lusa|LUSA|Belga|BELGA|Keystone|KEYSTONE|EPA|"
    r"Getty Images|Xinhua|XINHUA)\s*\)\s*$|\(\s*[A-ZÀ-Þ][^()]{1,40}\s/\s[A-ZÀ-Þ][^()]{1,40}\)\s*$", re.I)
_CAPTION_LABEL = re.compile(r"(?:^|[.!?]\s+)(?:Photo|Photograph|Foto|Bild|Imagen|Crédits?|Credit)\s*:\s*\S", re.I)
_IMAGE_FILE = re.compile(r"\b[\w-]+\.(?:jpe?g|png|gif|webp)\b", re.I)


class _CaptionStrong:
    """Strong caption / credit marks, safe anywhere in a body: a credit in parentheses ending the line
    ``( AFP / JULIEN DE ROSA )``, ``© Name/dpa``, ``Photo: ...``, an image file name.  Cheap string tests
    first: it runs on every paragraph."""

    @staticmethod
    def search(p: str) -> bool:
        if "©" in p and re.search(r"©\s*\S", p):
            return True
        tail = p[-90:]
        if tail.rstrip().endswith(")") and "/" in tail and _CAPTION_CREDIT_END.search(tail):
            return True
        low = p.lower()
        if ":" in p and ("photo" in low or "foto" in low or "bild" in low or "imagen" in low or "crédit" in low
                         or "credit" in low) and _CAPTION_LABEL.search(p):
            return True
        return (".jp" in low or ".png" in low or ".gif" in low or ".webp" in low) and bool(_IMAGE_FILE.search(p))


_CAPTION_STRONG = _CaptionStrong()

_CONTINUED = re.compile(r"[a-zà-ÿ][\w'’-]+(?:[\s,.;:!?]|$)")
_WORDS = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.U)
_CAMEL = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")
_LINK = re.compile(r"https?://|www\.|\[[\w.-]+\.(?:com|net|org)\]|^[\w.-]+\.(?:com|net|org|de|fr|es|it|pt|be|ch|at|"
                   r"co\.uk|uk|ca|br|mx|ar|info|news|site|tv|eu|lu|ma|sn|ci|cd)(?:\s|$|/)", re.I)
_BREADCRUMB = re.compile(r"\S\s*[>›»]\s*\S.*\s[>›»]\s|^\s*\S[^>›»]{0,30}\s[>›»]\s*\S|\s/$|^(?:home|accueil|startseite|inicio|"
                         r"início)\b\s*[/>›»|]", re.I)
_BREADCRUMB_MARK = re.compile(r"[>›»/|]").search  # each alternative of _BREADCRUMB has one of these
# The first two alternatives of _BREADCRUMB need an arrow (>, ›, »); a line with "/" or "|" only (``GRAIN/OILSEED``,
# common in wire headlines) is searched for the other two alone, which are cheaper than the whole (same answer).
_BREADCRUMB_ARROW = re.compile(r"[>›»]").search
_BREADCRUMB_NO_ARROW = re.compile("|".join(_split_bars(_BREADCRUMB.pattern)[2:]), re.I)


def _breadcrumb(s: str) -> bool:
    """``_BREADCRUMB.search(s) is not None``, faster (see _BREADCRUMB_ARROW)."""
    if _BREADCRUMB_ARROW(s):
        return _BREADCRUMB.search(s) is not None
    return _BREADCRUMB_MARK(s) is not None and _BREADCRUMB_NO_ARROW.search(s) is not None
_COUNTER = re.compile(r"^\d+\s*(?:-\s*\d+\s*)?(?:min(?:ute)?s?|minutos?|minuti|minuten|mots|words|wörter|palabras|parole|"
                      r"palavras|photos?|fotos?|images?|imágenes|bilder|vid[eé]os?|comments?|commentaires?|kommentare|"
                      r"comentarios?|commenti|shares?|partages?)\b.{0,20}$"
                      r"|^(?:estimated )?read(?:ing)? time\b|^temps de lecture|^lesezeit|^tiempo de lectura|^tempo di lettura|"
                      r"^tempo de leitura", re.I)
_CLOSERS = "\"'»”’)] \t"


class _SentEnd:
    """Does a line end a sentence (``.``, ``!``, ``?``, ``…``, ``:``, ``;``, before closing quotes or brackets)?
    A string test, not a regular expression: it runs on every line of every dispatch."""

    @staticmethod
    def search(s: str) -> bool:
        return s.rstrip(_CLOSERS)[-1:] in (".", "!", "?", "…", ":", ";")


_SENT_END = _SentEnd()
_ENDERS = (".", "!", "?", "…", ":", ";")
_FULL_STOP_END = re.compile(r"(?P<w>\S*)\.[\"'»”’]?$")
_ABBREV = frozenset("gov sen rep mr mrs dr st jr co inc ltd corp u.s u.k u.n".split())


_QUOTES_AFTER_STOP = "\"'»”’"


def _ends_with_full_stop(s: str) -> bool:
    """A sentence's full stop (not ``U.S.``, ``Inc.``, ``...``)."""
    # _FULL_STOP_END can only match a text ending (before one optional newline, for ``$``) with a full stop, or
    # a full stop and a quote: anything else is answered without its search (it runs on every headline).
    t = s[:-1] if s.endswith("\n") else s
    if not (t.endswith(".") or (t[-1:] in _QUOTES_AFTER_STOP and t[-2:-1] == ".")):
        return False
    m = _FULL_STOP_END.search(s)
    if not m:
        return False
    w = m.group("w")
    if w.endswith("..") or s.endswith("..."):
        return False
    return loose_fold(w.lstrip("(\"'«“")) not in _ABBREV and not (len(w) >= 2 and w[-2] == "." and w[-1].isupper())
_BULLET = re.compile(r"^\s*[•·▪►■◆●*]\s*")
_TEASERS = ("read more", "lire la suite", "lire plus", "weiterlesen", "mehr lesen", "leer más", "seguir leyendo",
            "continua a leggere", "leggi tutto", "ler mais", "leia mais", "continue reading")
TEASER_END_PLAIN = r"(?:" + "|".join(_TEASERS) + r")\s*[»›>…]*\s*$"
# Its matches are only tested (truthy or not): the teasers as a trie over first atoms (rules.by_first_atom, same yes/no).
_TEASER_END_RE = re.compile(r"(?:" + by_first_atom(list(_TEASERS)) + r")\s*[»›>…]*\s*$", re.I)
_TEASER_LAST = frozenset(t[-1] for t in _TEASERS) | frozenset(t[-1].upper() for t in _TEASERS)


class _TeaserEnd:
    """``Read More »`` ending a line.  The expression only after a look at the last letter before the
    closing marks (it runs on many lines): ASCII, it must be the last letter of a teaser in either case."""

    @staticmethod
    def search(s: str) -> re.Match | None:
        c = s.rstrip().rstrip("»›>…").rstrip()[-1:]
        if c.isascii() and c not in _TEASER_LAST:
            return None
        return _TEASER_END_RE.search(s)


_TEASER_END = _TeaserEnd()
_PAREN_AGENCY = re.compile(r"^[\s(]*\((?P<a>[^()]{2,30})\)[\s.]*$")
_LEAD_AGENCY = re.compile(r"^\s*\((?P<a>[^()\d]{2,30})\)\s*(?:[-–—]+\s*|\.-\s*|:\s*)?(?=[^\W\d_]|[\"«“„¿¡])")
_LEAD_DATE = re.compile(r"^\s*(?P<d>\d{1,2})\.?\s+(?P<m>[^\W\d_]{3,10})\.?(?:\s+(?P<y>(?:19|20)\d\d))?\s*[-–—]+\s*(?=[^\W\d_]|[\"«“„])")
_KICKER_SLUG = re.compile(r"^\s*[^\W\d_][\w ]{0,30}(?:/[^\W\d_][\w ]{0,30})*\.-\s*(?=\S)")
_KICKER_COLON = re.compile(r"^\s*(?P<k>[^:]{1,60}?)\s*:\s+(?P<rest>\S.*)$")
_KICKER_CODE = re.compile(r"^[A-ZÀ-Þ]{1,3}$")
# AFP filing headers and slugs: "AFP 251430 GMT AUG 11", "Syrie-conflit-Russie,PREV", "FRA-POL-gouvernement".
_FILING = re.compile(r"^(?:[A-Z]{2,6}\s+)?\d{6}\s*(?:GMT|UTC|HEC|HEO)\b.{0,30}$|^[^\W\d_]{2,}(?:-[^\W\d_]{2,}){2,6}(?:,[A-Z]{2,8}){0,3}$"
                     r"|^[^\W\d_]{2,}(?:-[^\W\d_]{2,}){1,6}(?:,[A-Z]{2,8}){1,3}$")
_STORY_CODE = re.compile(r"\s*\[\s*ID:\s*n?[A-Z0-9]{6,20}\s*\]")
_INITIALS_LINE = re.compile(r"^(?:/\s*)?[a-zà-ÿ]{2,5}(?:\s*/\s*[a-zà-ÿA-Z]{2,5}){1,5}$|^/\s*[A-Za-z-]{2,12}$")


class _WordFolds(dict):
    """``loose_fold`` of single words, memoised: the tests of a line fold its words again and again (stop words,
    agency, date, section and furniture vocabularies), and words recur from line to line.  ``_FOLD[w]`` is
    ``loose_fold(w)``; a hit is a plain dictionary look-up."""

    def __missing__(self, w: str) -> str:
        if len(self) >= 1 << 16:
            self.clear()
        f = self[w] = loose_fold(w)
        return f


_FOLD = _WordFolds()


@lru_cache(maxsize=512)
def _words(s: str) -> tuple[str, ...]:
    """The words of ``s`` (memoised: a line is asked for its words by several tests)."""
    return tuple(_WORDS.findall(s))


def stop_ratio(words: list[str]) -> float:
    if not words:
        return 0.0
    n = sum(1 for w in words if _FOLD[w] in _ALL_STOP)
    return n / len(words)


def is_agency_word(w: str) -> bool:
    return _FOLD[w] in AGENCIES


def is_agency_tag(a: str) -> bool:
    """An agency tag's text (``Belga``, ``dpa/lno``, ``EFE-Madrid``): the whole of it or its first word is an agency."""
    a = a.strip()
    return loose_fold(a) in AGENCIES or loose_fold(re.split(r"[\s/-]+", a)[0]) in AGENCIES


def _agency_only(words: list[str]) -> bool:
    """``Reuters Staff``, ``PA Sport``, ``par AFP FR``, ``By The Associated Press``, ``DPA``."""
    if not words or len(words) > 6:
        return False
    f = [_FOLD[w] for w in words]
    if not all(w in _AGENCY_WORDS or w in _DATE_WORDS for w in f):
        return False
    return any(w in AGENCIES for w in f) or " ".join(f) in AGENCIES or len(words) <= 3


def agency_only(s: str) -> bool:
    """A line naming only an agency: ``Por Agencia EFE``, ``par AFP FR``, ``Reuters Staff``."""
    words = _words(s)
    return bool(words) and _agency_only(words)


_DATE_NUMBER = re.compile(r"\d{1,4}(?:[-/.:h]\d{1,4}){0,2}(?:am|pm|h|hs|uhr)?|\d{1,2}(?:er|st|nd|rd|th|º)")


def _date_only(s: str, words: list[str]) -> bool:
    """``Updated: 2013-03-18 08:19``, ``Tue Sep 6, 2016 3:26pm EDT``, ``AFP | 25/08/2011``."""
    if not words or len(words) > 16:
        return False
    has_digit = False
    has_day = False
    for w in words:
        f = _FOLD[w]
        if not w.isalpha() and any(c.isdigit() for c in w):  # (no letter is a digit: words of letters skip the scan)
            # 2016, 15:44, 3:26pm, 08h00, 2013-03-18, 25/08/2011, 18. (day)
            if len(w) > 12 or not _DATE_NUMBER.fullmatch(f):
                return False
            has_digit = True
            continue
        if f in _WEEKDAYS or f in ("today", "yesterday", "heute", "hoy", "oggi", "hoje", "aujourd'hui", "uhr"):
            has_day = True
            continue
        if f in _DATE_WORDS or f in AGENCIES:
            continue
        return False
    return has_digit or has_day


_BYLINE = re.compile(r"^(?:by|par|von|por|di|de|texte|text|texto|testo)\s*:?\s+(?P<n>.+)$", re.I)


def _byline(s: str, words: list[str]) -> bool:
    m = _BYLINE.match(s)
    if not m:
        return False
    if "|" in s:
        # "di Redazione | 12 Marzo 2025", "Par Jean Dupont | 12/05/2025 à 10h": the name, then the date.
        name, _, rest = s.partition("|")
        rest = rest.strip()
        if name.strip() != s.strip() and rest and _date_only(rest, _words(rest)):
            s = name.strip()
            words = _words(s)
            m = _BYLINE.match(s)
            if not m:
                return False
    if len(words) > 8:
        return False
    rest = [w for w in _words(m.group("n")) if _FOLD[w] not in ("and", "et", "und", "y", "e", "de", "da", "del", "van", "von", "der", "the")]
    return bool(rest) and all(w[:1].isupper() or _FOLD[w] in _AGENCY_WORDS for w in rest)


_SECTION_WORDS = frozenset(loose_fold(w) for w in _DATA["section_words"])
_MENU_SEP = re.compile(r"\s[|·•]\s|\s[—–]\s")
_MENU_GAP = re.compile(r"\s{2,}|\t")


def _gapped_menu(s: str, words: list[str]) -> bool:
    """Menu items laid out by the page with wide gaps between them: ``Football   Cricket   Rugby   Golf   More``,
    ``Le Fil   Charente-Maritime   Sports   Annonces légales   Se connecter``.  Five items or more (four with a
    section name), each of one to three words, capitalised, none a sentence; at most one with a figure (a table
    row has figures) and at most one of function words only (``More``); function words half of the words at most."""
    if "  " not in s and "\t" not in s:
        return False
    parts = _MENU_GAP.split(s)
    if len(parts) < 4 or (len(parts) == 4 and not any(_FOLD[w] in _SECTION_WORDS for w in words)):
        return False  # (four column heads of a table are no menu: four items need a section name)
    figures = 0
    bare = 0  # items of function words only ("More", "Plus")
    for p in parts:
        pw = _words(p)
        if not p[:1].isupper() or not 0 < len(pw) <= 3 or _SENT_END.search(p):
            return False
        if not p.isalpha() and any(c.isdigit() for c in p):
            figures += 1
        if all(_FOLD[w] in _ALL_STOP for w in pw):
            bare += 1
    return figures <= 1 and bare <= 1 and stop_ratio(words) <= 0.5


def _menu_like(s: str, words: list[str]) -> bool:
    """Menus and tag lists: words glued by the page (``FinancialGovernment``), capitalised words without
    function words, section names (``Sport Wetter``), short items between ``|`` / ``·`` separators."""
    camel = len(_CAMEL.findall(s))
    if camel >= 2:
        return True
    if len(words) >= 2 and sum(1 for w in words if _FOLD[w] in _SECTION_WORDS) >= 2 and stop_ratio(words) < 0.15:
        return True
    parts = _MENU_SEP.split(s)
    if len(parts) >= 2 and all(0 < len(_words(p)) <= 3 for p in parts) and stop_ratio(words) == 0 \
            and all(w[:1].isupper() or w[:1].isdigit() for w in words) or (len(parts) >= 3 and all(0 < len(_words(p)) <= 3 for p in parts)):
        return True
    if camel and len(words) >= 4 and all(w[:1].isupper() for w in words) and stop_ratio(words) < 0.1:
        return True
    return _gapped_menu(s, words)


def _furniture_words(words: list[str], s: str) -> int:
    """How much of a short line is page furniture vocabulary (a cookie or newsletter prompt counts double)."""
    f = [_FOLD[w] for w in words]
    n = sum(1 for w in f if w in _FURNITURE_SINGLE) + 2 * sum(1 for w in f if w in _FURNITURE_STRONG)
    low = loose_fold(s)
    if not _ANY_FURNITURE_PHRASE.search(low):
        return n
    return (n + sum(1 for p in _FURNITURE_PHRASES if p in low)
            + 2 * sum(1 for p in _FURNITURE_STRONG_PHRASES if p in low))


def _caption(s: str) -> bool:
    if not _CAPTION_HINT(s.lower()):  # any(h in s.lower() for h in _CAPTION_HINTS), faster
        return False
    return bool(_CAPTION_STRONG.search(s) or _CAPTION.search(s))


_UNSET = object()


class Line:
    """One non-blank line of the head of a page; its kind is worked out on first use.

    Kinds: furniture | date | byline | caption | bullet | title | body | short.
    """

    __slots__ = ("i", "s", "_kind", "_n", "nxt", "ind", "_dl")

    def __init__(self, i: int, s: str, ind: int = 0) -> None:
        self.i = i
        self.s = s
        self.ind = ind  # indentation of the raw line
        self._kind: str | None = None
        self._n = 0
        self.nxt: Line | None = None
        self._dl: object = _UNSET

    def dateline(self, received_at: datetime | None) -> tuple[Dateline, int] | None:
        """:func:`match_dateline` of the line, worked out once (``received_at`` is the same for every line
        of a dispatch)."""
        if self._dl is _UNSET:
            self._dl = match_dateline(self.s, received_at)
        return self._dl  # type: ignore[return-value]

    def _classify(self) -> None:
        kind, self._n = classify(self.s)
        nxt = self.nxt
        # A title-like line continued by a line starting in lower case is a hard-wrapped paragraph.
        if (kind in ("title", "short", "byline") and nxt is not None and nxt.i - self.i <= 2
                and _CONTINUED.match(nxt.s) and not _SENT_END.search(self.s) and _LOWER.search(self.s)
                and nxt.kind in ("body", "title", "short")):
            kind = "body"
        elif (kind in ("title", "short") and self.ind >= 2 and nxt is not None and nxt.i == self.i + 1
              and nxt.ind < 2 and self._n >= 4):
            kind = "body"  # an indented wire paragraph, hard-wrapped: its next line is not indented
        self._kind = kind

    @property
    def kind(self) -> str:
        if self._kind is None:
            self._classify()
        return self._kind  # type: ignore[return-value]

    @property
    def nwords(self) -> int:
        if self._kind is None:
            self._classify()
        return self._n


@lru_cache(maxsize=256)
def classify(s: str) -> tuple[str, int]:
    """The kind of one stripped, non-blank line (see :class:`Line`), and its number of words.

    Memoised: page furniture (site names, menus, sign-offs) comes back dispatch after dispatch."""
    words = _words(s)
    n = len(words)
    if len(s) <= 140 and RULES.furniture_re.fullmatch(s):
        return "furniture", n
    if CUT_RE.fullmatch(s):
        return "furniture", n
    if n == 0:
        return "furniture", n
    if len(s) <= 200:
        # (_breadcrumb: _BREADCRUMB.search, faster; _LINK needs a full stop or "://"; every _COUNTER alternative opens with ^.)
        if (_breadcrumb(s) or (("." in s or "://" in s) and _LINK.search(s))
                or _COUNTER.match(s) or _INITIALS_LINE.match(s) or _FILING.match(s)):
            return "furniture", n
        if _TEASER_END.search(s[-40:]):
            return "furniture", n
        if _date_only(s, words):
            return "date", n
        if _agency_only(words) or _PAREN_AGENCY.match(s):
            return "byline", n
        if _byline(s, words):
            return "byline", n
        if n <= 14 and _furniture_words(words, s) >= (1 if n <= 5 else 2):
            return "furniture", n
        if _menu_like(s, words):
            return "furniture", n
    if len(s) <= 400 and _caption(s):
        return "caption", n
    m = _LEAD_AGENCY.match(s)
    if m and n >= 5 and is_agency_tag(m.group("a")):
        return "body", n  # "(Belga) Une colonne ...": a lead opened by a bare agency tag
    if _BULLET.match(s):
        return "bullet", n
    if n <= 3 and not s.isupper():
        return "short", n
    ends = _SENT_END.search(s)
    if (n >= 8 and (ends or len(s) >= 160)) or (n >= 4 and ends and stop_ratio(words) >= 0.2 and not s.isupper()):
        return "body", n
    if n <= 40 and len(s) <= 300 and (not _ends_with_full_stop(s) or not _LOWER.search(s)):
        return "title", n  # a wire headline in capitals may end with a full stop
    return "body", n


# ---------------------------------------------------------------------------------------------


@dataclass
class Head:
    headline: str  # the headline line as written (tags and all), "" for none
    start: int  # index of the first body line
    first: str | None = None  # the text that replaces lines[start] (what follows the dateline), or None
    dateline: Dateline | None = None
    headline_at: int | None = None  # index of the headline line
    wire: bool = False  # plain wire layout (headline, then the lead with its dateline): no page around it


_MAX_LINES = 80
_MAX_CHARS = 8000


def _content(words: list[str]) -> set[str]:
    return {_FOLD[w] for w in words if len(w) >= 4 and _FOLD[w] not in _ALL_STOP}


def likeness(a: str, b: str) -> float:
    """Share of ``a``'s content words found in ``b`` (a standfirst says what the lead says)."""
    ca = _content(_words(a))
    if not ca:
        return 0.0
    cb = _content(_words(b))
    return len(ca & cb) / len(ca)


@lru_cache(maxsize=256)
def _folded_words(s: str) -> tuple[str, ...]:
    """Folded words of a line (memoised: the teaser test and the headline choice ask them of the same lines)."""
    return tuple(folded_words(s))


_FIRST_WORD = re.compile(r"\w+").search


def _same_start(a: str, b: str) -> bool:
    """Do ``a`` and ``b`` start with the same 12 words (folded)?"""
    if a.isascii() and b.isascii():
        # Most pairs differ in their first word: for ASCII text the folded words are the \w+ runs lower-cased
        # (loose_fold is casefold, which is lower() on ASCII), so the first ones are compared without folding
        # the two lines.
        fa, fb = _FIRST_WORD(a), _FIRST_WORD(b)
        if fa is not None and fb is not None and fa.group().lower() != fb.group().lower():
            return False
    return _folded_words(a)[:12] == _folded_words(b)[:12]


def strip_kicker(s: str) -> str:
    """``Economía/Bolsa.- Headline``, ``Kirchen Papst Vatikan: Headline``, ``AG: headline``."""
    # (Each expression only when the text has its separator: ".-" for a slug, ":" for a colon.)
    m = _KICKER_SLUG.match(s) if ".-" in s else None
    if m and len(s) - m.end() >= 15:
        return s[m.end():].strip()
    m = _KICKER_COLON.match(s) if ":" in s else None
    if m:
        k, rest = m.group("k"), m.group("rest")
        kw = _words(k)
        if len(rest) >= 15 and kw:
            if _KICKER_CODE.match(k) and rest[:1].islower() and not m.group(0)[len(k):].startswith(" "):
                return rest  # "AG: tamponamento sull'A1"
            if (len(kw) >= 3 and all(w[:1].isupper() for w in kw) and stop_ratio(kw) == 0
                    and not any(c in k for c in "-–—,'’\"") and not k.isupper()):
                return rest  # keyword tags "Kirchen Papst Vatikan:"
    return s


# A country's name, a colon, and a new sentence opened by a capitalised function word: the country slug of
# ``France: La croissance du PIB ...`` (a headline that goes on after the colon, ``RDC : les rebelles ...``,
# ``Cannes: "un très bon cru"``, keeps its place).
_COUNTRY_SLUG = re.compile(r"^(?P<k>[^\W\d_][\w'’. -]{1,30}?)\s?:\s+(?P<w>[^\W\d_][\w'’]*)\s+\S")


def _kicker_off(s: str, lead: str) -> str:
    """:func:`strip_kicker`, unless what it takes off is a name the lead repeats word for word: ``Deutsche Hanse
    Bank: Gewinn bricht ein`` over ``... Immobilienfinanzierer Deutsche Hanse Bank ...`` (a company or a person
    before the colon, the dpa-AFX / APA style, is part of the headline; a list of keyword tags such as ``Kirchen
    Papst Vatikan:`` or a section slug never stands in running text as written).  A country slug goes too:
    ``France: La croissance ...`` (see _COUNTRY_SLUG)."""
    k = strip_kicker(s)
    if k is s or k == s:
        m = _COUNTRY_SLUG.match(s) if ":" in s else None
        w = m.group("w") if m else ""
        # (capitalised, not in capitals: "La", "O", not "les" nor "THE" of a headline in capitals)
        if w[:1].isupper() and not w[1:].isupper() and _FOLD[w] in _ALL_STOP and is_country(m.group("k")):
            return s[m.start("w"):]
        return s
    if not s.endswith(k):
        return k
    gone = _words(s[:len(s) - len(k)])
    if len(gone) >= 2 and lead:
        phrase = re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in gone) + r"(?!\w)", re.I)
        if phrase.search(lead):
            return s
    return k


_HOST = re.compile(r"(?:^|[\s/@(])(?:www\.)?(?P<h>[^\W_][\w-]*(?:\.[^\W_][\w-]*)*\.[a-z]{2,6})(?=[/\s)]|$)", re.I)
_SECOND_LEVEL = frozenset(("co", "com", "org", "net", "gov", "ac", "gob", "gouv"))


@lru_cache(maxsize=256)
def site_key(source: str | None) -> str:
    """The name of the web site a dispatch was taken from, as letters and figures only, from the envelope's
    ``source`` (``AFP via sahel-actu24.net`` -> ``sahelactu24``, ``PA via touchline-daily.co.uk`` ->
    ``touchlinedaily``); "" when the source names no site."""
    if not source:
        return ""
    hosts = _HOST.findall(source)
    if not hosts:
        return ""
    labels = hosts[-1].lower().split(".")[:-1]  # without the top-level domain
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels.pop()  # "co.uk", "com.br"
    key = "".join(c for c in labels[-1] if c.isalnum()) if labels else ""
    return key if len(key) >= 4 else ""


def _is_site_name(s: str, site: str) -> bool:
    """Is the line the site's name (``Sahel Actu 24 | L'info du Sahel``, ``TOUCHLINE DAILY``) for a site key?"""
    name = _TAGLINE_SEP.split(s, 1)[0]
    return "".join(c for c in loose_fold(name) if c.isalnum()) == site


_TAGLINE_SEP = re.compile(r"\s[|—–-]\s|\s*[|—–]\s*")


def _navigation(s: str) -> bool:
    """A furniture line that is the page's navigation: a breadcrumb or a menu."""
    return _breadcrumb(s) or _menu_like(s, _words(s))


def _wire_dated(win: list[Line], received_at: datetime | None, site: str = "") -> Head | None:
    """The wire layout: headline, then the lead opening with a dateline (Reuters, AFP, AP ...).  Only the first
    two lines of ``win`` are read."""
    if len(win) >= 2 and win[1].i - win[0].i <= 2 and len(win[0].s) <= 300 and len(_words(win[0].s)) >= 4:
        h = win[0].s
        m = win[1].dateline(received_at)
        if (m and (m[0].agency or m[0].date) and (not _ends_with_full_stop(h) or not _LOWER.search(h))
                and _LOWER.search(win[1].s[m[1]:])
                and not RULES.furniture_re.fullmatch(h) and not _date_only(h, _words(h))
                and not (site and _is_site_name(h, site))):
            rest = win[1].s[m[1]:].strip()
            if not rest:
                return Head(headline=_kicker_off(h, win[1].s), start=win[1].i + 1, dateline=m[0], headline_at=win[0].i,
                            wire=True)
            return Head(headline=_kicker_off(h, rest), start=win[1].i, first=rest, dateline=m[0], headline_at=win[0].i,
                        wire=True)
    return None


def _wire_indented(win: list[Line]) -> Head | None:
    """Indented wire paragraphs under a headline that is not indented: the plain wire layout, with or
    without a dateline (the paragraphs are read as they are).  Only the first six lines of ``win`` are read."""
    if (len(win) >= 2 and win[0].ind == 0 and len(win[0].s) <= 300 and _LOWER.search(win[0].s) is None
            and not RULES.furniture_re.fullmatch(win[0].s)):
        nxt = [ln for ln in win[1:6]]
        if sum(1 for ln in nxt if ln.ind >= 2) >= max(1, 0.6 * len(nxt)):
            return Head(headline=win[0].s, start=win[1].i, headline_at=win[0].i, wire=True)
    return None


def analyse_head(lines: list[str], received_at: datetime | None, source: str | None = None) -> Head | None:
    """Headline, dateline and where the body starts, from the first lines of a page passage.

    ``lines``: the dispatch's lines (right-stripped); ``source``: the envelope's (the site a page
    was taken from names its banner line).  Returns None when the passage has no body line at all
    in its first lines (the caller falls back to the plain layout).
    """
    site = site_key(source)
    win: list[Line] = []
    chars = 0
    i = 0
    n = len(lines)
    # The wire layout first (its dated form reads two lines, the indented one six), then the page's first lines.
    for size in (2, 6):
        while i < n and len(win) < size:
            s = lines[i].strip()
            if s:
                win.append(Line(i, s, len(lines[i]) - len(lines[i].lstrip())))
                chars += len(s)
            i += 1
        fast = _wire_dated(win, received_at, site) if size == 2 else _wire_indented(win)
        if fast is not None:
            return fast
    while i < n and len(win) < _MAX_LINES and chars < _MAX_CHARS:
        s = lines[i].strip()
        if s:
            win.append(Line(i, s, len(lines[i]) - len(lines[i].lstrip())))
            chars += len(s)
        i += 1
    if len(win) <= 1:
        # One line: a dispatch of one paragraph (with its dateline, or long running text), else a
        # headline-only alert (the plain layout decides).
        if not win:
            return None
        one = win[0]
        m = match_dateline(one.s, received_at)
        if m and (m[0].agency or m[0].date) and len(_words(one.s[m[1]:])) >= 8:
            return Head(headline="", start=one.i, first=one.s[m[1]:].strip(), dateline=m[0])
        mi = match_inline_dateline(one.s, received_at, []) if not m else None
        if mi and not mi[0] and len(_words(one.s[mi[2]:])) >= 8:
            return Head(headline="", start=one.i, first=one.s[mi[2]:].strip(), dateline=mi[1])
        if (len(one.s) > 200 and one.kind == "body") or (_LEAD_DATE.match(one.s) and len(_words(one.s)) >= 8):
            return Head(headline="", start=one.i)
        return None
    for a, b in zip(win, win[1:]):
        a.nxt = b

    # 1. The dateline: anywhere in the first lines, before the running text has clearly begun.
    d_at = None
    dl = None
    end = 0
    prefix = ""
    long_body = 0
    for k, ln in enumerate(win):
        m = ln.dateline(received_at) if len(ln.s) >= 6 else None
        if m:
            rest = ln.s[m[1]:].strip()
            running = bool(rest) and len(_words(rest)) >= 5 and _LOWER.search(rest) is not None
            nxt = win[k + 1] if k + 1 < len(win) else None
            if (not running and rest and _LOWER.search(rest) and nxt is not None and nxt.i == ln.i + 1
                    and len(ln.s) >= 35 and len(_words(rest)) >= 3):
                running = True  # a hard-wrapped lead: "BRAZZAVILLE Jan 25 Congo Republic's ruling"
            if m[0].agency or m[0].date:
                # A headline in capitals with a date is no dateline: running text, or nothing, follows one.
                ok = running or not rest or k > 0
            else:
                ok = long_body <= 1 and (running or (not rest and nxt is not None and nxt.kind == "body"))
            if ok:
                d_at, (dl, end) = k, m
                break
        if ln.kind in ("title", "body") and long_body <= 1:
            m2 = match_inline_dateline(ln.s, received_at, [w.s for w in win[:k]])
            if m2:
                d_at = k
                prefix, dl, end = m2
                break
        if ln.kind == "body" and len(ln.s) >= 150:
            long_body += 1
            if long_body >= 2:
                break
    if dl is None:
        # A line that is only a place ("Singapore/Seoul") right before the lead.
        for k, ln in enumerate(win[:-1]):
            if ln.kind in ("short", "title") and ln.nwords <= 4 and win[k + 1].kind == "body" and k <= 12:
                m = match_place_line(ln.s)
                if m:
                    d_at, dl, end = k, m, len(ln.s)
                    break
            if ln.kind == "body" and len(ln.s) >= 150:
                break

    # A teaser of the body before the headline: the dateline line, a headline, the same line again.
    # (The words first: cheaper than the kind, which may classify the lines below too.)
    if (d_at is not None and d_at + 2 < len(win) and _same_start(win[d_at + 2].s, win[d_at].s)
            and win[d_at + 1].kind == "title"):
        d_at += 2

    # 2. The lead.
    if d_at is not None:
        ln = win[d_at]
        rest = ln.s[end:].strip()
        if rest:
            start, first = ln.i, rest
        else:
            nxt = next((w for w in win[d_at + 1:] if w.kind not in ("furniture", "date", "byline")), None)
            if nxt is None:
                start, first = (win[d_at + 1].i if d_at + 1 < len(win) else ln.i + 1), None
            else:
                start, first = nxt.i, None
        head_lines = win[:d_at]
        head_end = d_at
    else:
        lead_k = _find_lead(win)
        if lead_k is None:
            return None
        start, first = win[lead_k].i, None
        head_lines = win[:lead_k]
        head_end = lead_k

    # 3. The headline, among the lines above the lead.
    headline, at = _pick_headline(head_lines, win, head_end, prefix, site)
    return Head(headline=headline, start=start, first=first, dateline=dl, headline_at=at)


def _find_lead(win: list[Line]) -> int | None:
    for k, ln in enumerate(win):
        if ln.kind != "body":
            continue
        # A teaser of the body before the headline: body, title, the same body again.
        if k + 2 < len(win) and _same_start(ln.s, win[k + 2].s) and win[k + 1].kind == "title" \
                and win[k + 2].kind == "body":
            return k + 2
        # A standfirst: short, followed (photo and furniture between) by a paragraph saying the same.
        if len(ln.s) <= 220:
            nxt = None
            gap = 0
            for w in win[k + 1:]:
                if w.kind == "body":
                    nxt = w
                    break
                gap += 1
                if gap > 3:
                    break
            if nxt is not None and len(ln.s) <= 0.6 * len(nxt.s) and likeness(ln.s, nxt.s) >= 0.15:
                continue
        return k
    return None


def _is_advisory(ln: Line) -> bool:
    return ln.s[:1] in "([" and advisory_of(ln.s) is not None


def _title_ok(ln: Line, relaxed: bool) -> bool:
    """A headline: a title-like line of 4 words or more (3 in capitals); right above the lead, 2 will do;
    a line with desk tags (``UPDATE 1-``) is one with a single word."""
    s = ln.s
    if ln.kind not in ("title", "short"):
        return False
    core, flags = split_tags(s)
    n = len(_words(core))
    if flags and n >= 1:
        return True
    if not _LOWER.search(s):
        return ln.kind == "title" and n >= 3 and not _agency_only(_words(s))
    if ln.kind == "title":
        return n >= (2 if relaxed else 4)
    return relaxed and n >= 2


def _pick_headline(head: list[Line], win: list[Line], head_end: int, prefix: str,
                   site: str = "") -> tuple[str, int | None]:
    """The headline line (as written, kicker removed) and its index, or ("", None).

    The page's banner is no headline: a line that is the site's name, the title-like lines above the
    page's navigation (menu, breadcrumb) when a title-like line follows it (site name, tagline, section
    label: the headline comes after the navigation), and a short label in capitals that shares no word
    with the lead when a title-like line below it does."""
    cands = [ln for ln in head if _title_ok(ln, False)]
    # The line right above the dateline or lead (blank lines and advisories only between) may be short: "Oil down".
    above = [ln for ln in head if ln.kind != "date" and not _date_only(ln.s, _words(ln.s)) and not _is_advisory(ln)]
    if above:
        last = above[-1]
        between = [ln for ln in head if ln.i > last.i]
        if win[head_end].i - last.i <= 2 + 2 * len(between) and last not in cands and _title_ok(last, True):
            cands.append(last)
    if prefix:
        pw = _folded_words(prefix)
        for ln in cands:
            if _folded_words(ln.s) == pw:
                return ln.s, ln.i
        # The headline repeated in capitals before the dateline: as written above, when it is there.
        if len(pw) >= 3:
            pat = re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in _words(prefix)) + r"(?!\w)", re.I)
            for ln in head:
                m = pat.search(ln.s)
                if m:
                    return m.group(0), None
            return prefix, None
    if site and cands:
        cands = [ln for ln in cands if not _is_site_name(ln.s, site)]
    if len(cands) >= 2 and cands[0].i < cands[-1].i:
        nav = None
        for ln in head:
            if ln.i > cands[0].i and ln.i < cands[-1].i and ln.kind == "furniture" and _navigation(ln.s):
                nav = ln.i
        if nav is not None:
            cands = [ln for ln in cands if ln.i > nav]
    lead = win[head_end].s if head_end < len(win) else ""
    if len(cands) >= 2 and lead:
        # A short label in capitals over the headline (site name, section) says nothing the lead says; the
        # headline under it does.
        first = cands[0]
        if (not _LOWER.search(first.s) and len(_words(first.s)) <= 4 and likeness(first.s, lead) == 0
                and any(_LOWER.search(ln.s) and likeness(ln.s, lead) > 0 for ln in cands[1:])):
            cands = cands[1:]
    if not cands:
        return "", None
    seen: dict[tuple[str, ...], int] = {}
    kicked: dict[int, tuple[str, tuple[str, ...]]] = {}  # line index -> (without kicker, its folded words)
    for ln in head:
        k = _kicker_off(ln.s, lead)
        key = _folded_words(k)
        kicked[ln.i] = k, key
        seen[key] = seen.get(key, 0) + 1
    for ln in cands:
        k, key = kicked[ln.i]
        if seen.get(key, 0) >= 2:
            return k, ln.i
    return kicked[cands[0].i][0], cands[0].i


def strip_lead_tag(text: str, received_at: datetime | None) -> tuple[str, Dateline | None]:
    """A bare agency tag or a bare date opening the lead: ``(Belga) Une ...``, ``6 nov – A partire ...``.

    Neither is a dateline (no city); the tag or date goes, the agency (or date) is kept.
    """
    m = _LEAD_AGENCY.match(text)
    if m:
        if is_agency_tag(m.group("a")):
            return text[m.end():], Dateline(agency=m.group("a").strip())
    m = _LEAD_DATE.match(text)
    if m:
        month = RULES.month_for(m.group("m"))
        if month:
            d = resolve_date(month, int(m.group("d")), int(m.group("y")) if m.group("y") else None, received_at)
            return text[m.end():], Dateline(date=d)
    return text, None


def join_broken(paras: list[str]) -> list[str]:
    """Join a paragraph cut in the middle of a sentence by the page (``... della finale del`` / ``festival di ...``)."""
    if len(paras) < 2:
        return paras
    out = [paras[0]]
    for p in paras[1:]:
        prev = out[-1]
        if _CONTINUED.match(p) and prev and not _SENT_END.search(prev) and prev[-1:].isalpha():
            out[-1] = prev + " " + p
        else:
            out.append(p)
    return out


def displaced_headline(paras: list[str]) -> int | None:
    """A page that shows the headline after the first paragraphs: a title-like paragraph among
    the next three that restates the lead (a subhead does not)."""
    for j in range(1, min(4, len(paras))):
        p = paras[j]
        words = _words(p)
        if 6 <= len(words) <= 25 and len(p) <= 200 and not _SENT_END.search(p) and _LOWER.search(p):
            if likeness(p, paras[0]) >= 0.5:
                return j
    return None


_AGENCY_ALT = _alt(a for a in _DATA["agencies"] if len(a) >= 2)
# Agency codes and sign-offs glued to the end of a paragraph: "aufgerufen./maa/DP/stw", "Gisenyi. (JAV)",
# "portugués).EFE", "Martino. adnk", "bambini. (ANSA).", "(Belga)".
_TRAIL_CODE_AFTER = r"\s*(?:(?:/[A-Za-z]{{2,5}}){{2,6}}/?|\([A-Z]{{2,4}}\)|\((?i:{0})\)\.?|(?i:{0})\.?)\s*$"
_TRAIL_CODE = re.compile(r"(?<=[.!?\"'»”)\]])" + _TRAIL_CODE_AFTER.format(_AGENCY_ALT))


def _reversed_alt(alt: str) -> str:
    """An alternation of escaped words (``_alt``: ``\\s+`` for a space) written backwards: ``x`` matches a word
    exactly when the reversed text ``x[::-1]`` matches the reversed pattern."""
    out = []
    for a in _split_bars(alt):
        toks = re.findall(r"\\s\+|\\.|.", a, re.S)  # \s+, an escaped character, or a plain one
        if any(t[0] == "\\" and t != r"\s+" and not re.escape(t[1]) == t for t in toks):  # pragma: no cover
            raise ValueError(f"not a plain escaped word: {a!r}")
        out.append("".join(reversed(toks)))
    return "|".join(out)


# The same yes/no search, faster (it runs on every paragraph; a match is rare): the ~140 agency names as a trie
# over first atoms (rules.by_first_atom: same language), the punctuation before the code matched instead of looked
# behind at (a match of one at q - 1 is a match of the other at q), and read from the end: a code can only end the
# text (``\s*$``), so the text is reversed and the reversed expression matched at its start: one try instead of
# a search that tries the code after every full stop, quote and bracket of the tail (3-4x fewer instructions).  Reversing a regular
# expression keeps its language reversed (sequences backwards, ``/?(?:[A-Za-z]{2,5}/){2,6}`` for
# ``(?:/[A-Za-z]{2,5}){2,6}/?``); ``\s*$`` (the rest is white space) becomes ``\s*`` at the start.  Pinned
# against _TRAIL_CODE.search in tests/test_parsing_fast.py.
_TRAIL_CODE_REV = re.compile(r"\s*(?:/?(?:[A-Za-z]{2,5}/){2,6}|\)[A-Z]{2,4}\(|\.?\)(?i:{0})\(|\.?(?i:{0}))\s*[.!?\"'»”)\]]"
                             .replace("{0}", by_first_atom([_reversed_alt(_AGENCY_ALT)]))).match


def _TRAIL_CODE_TEST(t: str) -> re.Match | None:
    """Truthy exactly when ``_TRAIL_CODE.search(t)`` finds a match (see _TRAIL_CODE_REV)."""
    return _TRAIL_CODE_REV(t[::-1])


_LEAD_CODE = re.compile(r"^\s*\((?i:" + _AGENCY_ALT + r")\)\s*(?=[A-ZÀ-Þ])")


def clean_paragraphs(paras: list[str], *, light: bool = False) -> list[str]:
    """Page furniture among the paragraphs: teaser and comment blocks (cut), captions, share / date /
    link lines, sign-off codes glued to paragraphs, and paragraphs the page showed twice.

    ``light``: plain wire copy (no page around it): short paragraphs are not classified line by line
    (wire tables are short lines too)."""
    out: list[str] = []
    seen: set[tuple[str, ...]] = set()
    n = len(paras)
    for j, p in enumerate(paras):
        if "[" in p and "ID:" in p:
            p = _STORY_CODE.sub("", p)
        if _TRAIL_CODE_TEST(p[-60:]):  # _TRAIL_CODE.search(p[-60:]), faster
            p = (p[:-60] + _TRAIL_CODE.sub("", p[-60:])).rstrip() if len(p) > 60 else _TRAIL_CODE.sub("", p).rstrip()
        if j and "(" in p and _LEAD_CODE.match(p):  # (_LEAD_CODE needs a "(": many paragraphs skip the call)
            p = _LEAD_CODE.sub("", p)
        if not p:
            continue
        if j and len(p) <= 140:
            if CUT_RE.fullmatch(p):
                break
            if _DROP_RE.fullmatch(p) or _INITIALS_LINE.match(p):
                continue
            if (not light and not _SENT_END.search(p)) or "©" in p:
                kind, _ = classify(p)
                if kind in ("furniture", "date", "caption"):
                    continue
        elif j and len(p) <= 400 and _CAPTION_STRONG.search(p):
            continue
        if len(p) >= 40:
            key = p.lower() if p.isascii() else p.casefold()  # the same key (ASCII: casefold is lower), faster
            if key in seen:
                continue
            seen.add(key)
        out.append(p)
    return out


def _boxed(s: str) -> bool:
    """A longer line after the story that is a share box (``Artikel teilen: Facebook WhatsApp E-Mail``: two or
    more of the services a share box lists) or a cookie prompt (``We use cookies ... Settings | Accept all``: a
    cookie word and a menu separator); never a line that ends a sentence or continues one in lower case (a
    hard-wrapped line about subscriptions or shares stays)."""
    if not s[0].isupper() or _SENT_END.search(s):
        return False
    folded = {_FOLD[w] for w in _words(s)}
    if len(folded & _SHARE_NETWORKS) >= 2:
        return classify(s)[0] == "furniture"
    return bool(folded & _COOKIE_WORDS) and "|" in s and classify(s)[0] == "furniture"


def cut_page_tail(lines: list[str]) -> list[str]:
    """Lines up to an end-of-article block heading (``Últimas Noticias``, ``Empfehlungen der Redaktion``,
    ``Les plus commentés`` ...) standing as a line of its own; short furniture lines standing alone
    (``Read More »``, ``Share this``) become blank, so that they are not glued to a paragraph."""
    prev_end = True
    out = lines
    for k, raw in enumerate(lines):
        s = raw.strip()
        if not s:
            prev_end = True
            continue
        if prev_end and len(s) <= 140 and k and not RULES.see_also_test(s):  # see_also_re.match(s), faster
            if CUT_RE.fullmatch(s):
                return out[:k]
            if ((len(s) <= 40 and not s[0].islower() and not _SENT_END.search(s)
                    and (_TEASER_END.search(s) or _DROP_RE.fullmatch(s) or classify(s)[0] == "furniture")
                    and not split_tags(s)[1]) or (len(s) > 40 and _boxed(s))):
                if out is lines:
                    out = list(lines)
                out[k] = ""
                continue
        prev_end = len(s) < 60 or s.rstrip(_CLOSERS)[-1:] in _ENDERS  # _SENT_END, inlined
    return out
