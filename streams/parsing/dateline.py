"""Datelines at the start of the first paragraph.

``PARIS, 14 juillet (Reuters) -``, ``WASHINGTON, July 14 (Reuters) -``,
``SALVADOR, Feb 26 -``, ``WASHINGTON (Reuters) -``, ``SOCHI, Russia (Reuters) -``,
``Paris (AFP) -``, ``BERLIN, 14. Juli (Reuters) -``, ``MADRID, 14 de julio (EFE) -``,
``Damaskus –``.  Month names in en/fr/de/es/it/pt/nl (``data/months.json``, one typo
tolerated: ``Narch 2``).  A dateline without date and agency is only taken when the
city is written in capitals or followed by an en/em dash.  The year comes from the
dateline, else the one putting the date nearest ``received_at``, else ``--MM-DD``.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from ..model import Dateline
from ..text.fold import loose_fold, words as folded_words
from .rules import RULES

_WORD = r"[^\W\d_][\w'’.&]*(?:[-/][^\W\d_][\w'’.&]*)*(?![\w'’&/-])"
_MON = r"(?<!\w)[^\W\d_]{3,10}(?!\w)"
_DATE = (
    r"(?:(?P<d1>\d{1,3})(?:\.|er|º|°|st|nd|rd|th)?\s*(?:de\s+)?(?P<m1>" + _MON + r")\.?"
    r"(?:,?\s*(?:de\s+)?(?P<y1>(?:19|20)\d\d)\b)?"
    r"|(?P<m2>" + _MON + r")\.?\s*(?P<d2>\d{1,3})(?:st|nd|rd|th)?\b(?:\s*,?\s*(?P<y2>(?:19|20)\d\d)\b)?"
    r"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d))"
)
_AGENCIES = r"Reuters?|REUTERS?|AFP|AP|dpa|DPA|EFE|ANSA|Lusa|UPI"
# A city word must not be a month followed by a day ("BRAZZAVILLE Jan 25 Congo ...").
_MONTHS_ALT = "|".join(sorted(RULES.months, key=len, reverse=True))  # longest first
_NOT_MONTH = r"(?!(?i:" + _MONTHS_ALT + r")\.?\s*\d)"
_CWORD = _NOT_MONTH + _WORD
_MONTH_NAME = re.compile(r"(?i:" + _MONTHS_ALT + r")")
_DIGIT = re.compile(r"\d")


def _month_before_digit(s: str) -> bool:
    """Could the look-ahead of _NOT_MONTH refuse a city word of ``s``?  Without such a place, _DATELINE and
    _DATELINE_FAST (the same without the look-ahead) match alike.

    The look-ahead refuses a word (city words start after a non-letter) that is a month name followed by
    ``\\.?\\s*\\d``: from each digit back over spaces, an optional full stop and the letters before."""
    for d in _DIGIT.finditer(s):
        j = d.start()
        while j and s[j - 1].isspace():
            j -= 1
        if j and s[j - 1] == ".":
            j -= 1
        k = j
        while k and s[k - 1].isalpha():
            k -= 1
        if k < j and _MONTH_NAME.fullmatch(s, k, j):
            return True
    return False


_PQUAL = r"(?:\s*\((?P<pqual>[^\W\d_][^()\d]{1,40})\))?"
_DATE_PART = r"(?:\s*[,.]{0,2}\s*(?:[-–]\s*)?" + _DATE + r")?"  # after the city: taken out by _DATELINE_NODATE
_DATELINE = re.compile(
    r"^[\s*#>•]{0,8}"
    r"(?:\((?P<agency0>[^\W\d_][^()\d]{0,30}?)\)\s*[-–—]\s*)?"  # "(ANSA) - ROMA, 13 NOV -"
    r"(?P<city>" + _CWORD + r"(?: " + _CWORD + r"){0,4})"
    r"(?P<qual>(?:\s*,\s*" + _CWORD + r"(?: " + _CWORD + r"){0,3}){1,3})?"
    + _PQUAL + _DATE_PART +
    r"(?:\s*[-–]\s*(?=\())?"  # "03 apr. - (Adnkronos) -"
    r"\s*,?\s*(?:\((?P<agency>[^\W\d_][^()\d]{0,38}?)\)|(?<=,)\s*(?P<agency2>" + _AGENCIES + r")"
    r"|\s*\|\s*(?P<agency3>[^\W\d_][^|()\d]{0,30}?)\s*\|)?"
    r"\s*(?:(?P<sep>\.?-{1,2}|–|—|(?<=[^\W\d_.])\.(?=\s+[A-ZÀ-Þ])|(?<=\w):(?=\s+[A-ZÀ-Þ\"«“]))(?=\s|$|[^\W\d_\"'«“(])"
    r"|(?P<nosep>(?=\s+[A-ZÀ-ÞĀ-Ž\"«“„¿¡])))\s*"
)
# The same without the month look-ahead in city words, 2-3x cheaper: tried first, the full one only when
# a month was taken for a city word ("BRAZZAVILLE Jan 25 ...") or nothing matched.
_DATELINE_FAST = re.compile(_DATELINE.pattern.replace(_NOT_MONTH, ""))
_DATELINE_NODATE = re.compile(_DATELINE.pattern.replace(_DATE_PART, ""))
# Every match of _DATELINE (and of its two variants) ends with a separator or, without one, before a capital: a dash
# (``-``, ``–``, ``—``), or a look-ahead ``\s+X`` (after ``.`` or ``:``, or for ``nosep``) with X among the
# characters below.  A text with none of these cannot hold a dateline: this one search answers for it, before
# the expression that would try every split of its first words into city, qualifier and date (~300 k
# instructions for a line of a table, ~30 k for running text in lower case).  Pinned in tests/test_datelines.py.
_MAY_END = re.compile(r"[-–—]|\s[A-ZÀ-ÞĀ-Ž\"«“„¿¡]").search
_LOWER = re.compile(r"[a-zà-ÿ]")
_TITLE_SMALL = frozenset("de da do dos das del della di du des la le les el von van der den am im upon on sur sul es y".split())


@lru_cache(maxsize=4096)
def city_case(city: str) -> str:
    """``NEW YORK`` -> ``New York``, ``RIO DE JANEIRO`` -> ``Rio de Janeiro``; mixed case is kept.

    Memoised: the same few hundred cities open most datelines."""
    if _LOWER.search(city):
        return city
    out = []
    for i, word in enumerate(city.split(" ")):
        lw = word.lower()
        if i and lw in _TITLE_SMALL:
            out.append(lw)
            continue
        parts = []
        for part in lw.replace("/", "-/-").split("-"):
            if len(part) > 2 and part[1] in "'’" and part[0].isalpha():  # O'HARE, D'ARCY
                part = part[0].upper() + part[1] + part[2:3].upper() + part[3:]
            elif part[:2] == "mc" and len(part) > 3:
                part = "Mc" + part[2].upper() + part[3:]
            else:
                part = part[:1].upper() + part[1:]
            parts.append(part)
        out.append("-".join(parts).replace("-/-", "/"))
    return " ".join(out)


def resolve_date(month: int, day: int, year: int | None, received_at: datetime | None) -> str | None:
    """ISO date; without a year written, the year putting the date nearest ``received_at``.

    Without ``received_at`` and without a written year there is no date: a partial
    ``--MM-DD`` would be invented precision nobody can file.
    """
    if year is not None:
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    if received_at is None:
        return None
    return _nearest_year(month, day, received_at.date())


@lru_cache(maxsize=4096)
def _nearest_year(month: int, day: int, ref: date) -> str | None:
    """The ISO date of ``month``/``day`` in the year putting it nearest ``ref`` (memoised: a day of copy has the
    same ``ref``, and a handful of dates)."""
    best: date | None = None
    for y in (ref.year, ref.year - 1, ref.year + 1):
        try:
            cand = date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - ref).days) < abs((best - ref).days):
            best = cand
    return best.isoformat() if best else None


def _agency_name(a: str | None) -> str | None:
    if not a:
        return None
    a = " ".join(a.split())
    return a or None


@lru_cache(maxsize=1)
def _agency_names() -> frozenset[str]:
    """:data:`.page.AGENCIES` (``page`` imports this module: looked up on first use, then kept; an import
    statement in the functions below cost more than the rest of them on a line)."""
    from .page import AGENCIES

    return AGENCIES


def known_agency(a: str) -> bool:
    """``AFP``, ``dpa/lno``, ``awp/afp``, ``dts Nachrichtenagentur``, ``EUROPA PRESS``, ``EP/AP``."""
    AGENCIES = _agency_names()
    f = loose_fold(a).strip()
    if f in AGENCIES:
        return True
    first = re.split(r"[\s/,]+", f)[0]
    return first in AGENCIES or first.split("-")[0] in AGENCIES


_MAX_DATELINE = 400


def match_dateline(text: str, received_at: datetime | None = None, *, dot_ok: bool = False,
                   place_check: bool = True) -> tuple[Dateline, int] | None:
    """The dateline at the start of ``text`` and where the body starts, or None.

    ``dot_ok``: a full stop may end the dateline (``Ciudad de México. Las ...``), only
    after an agency credit.  ``place_check``: a mixed-case city with a plain hyphen and
    no date or agency (``Madrid - El ...``) is only taken when it is a known place.
    """
    head = text[:_MAX_DATELINE]
    m = _DATELINE_FAST.match(head) if _MAY_END(head) else None  # (without a separator: no dateline, see _MAY_END)
    if not m:
        return None  # _DATELINE only adds a condition: it cannot match either
    mon = m.group("m1") or m.group("m2")
    if ((mon and RULES.month_for(mon) is None) or (not mon and " " in m.group("city"))) and _month_before_digit(head):
        m = _DATELINE.match(head)
        if not m:
            return None
        mon = m.group("m1") or m.group("m2")
    if mon and RULES.month_for(mon) is None:
        # "Grabow (dpa/sa) - Ein 32-Jähriger": what looked like a date is the text.
        m = _DATELINE_NODATE.match(text[:_MAX_DATELINE])
        if not m:
            return None
    g = m.groupdict()  # (one call for the ~15 groups read below)
    city = g["city"]
    if len(city) > 40:
        return None
    sep = g["sep"]
    agency = g["agency"] or g["agency2"] or g["agency3"] or g["agency0"]
    pqual = g["pqual"]
    if pqual and not agency and known_agency(pqual):
        agency, pqual = pqual, None  # "Paris (AFP) -"
    month = day = year = None
    dated = "iso" in g  # not _DATELINE_NODATE
    iso = g["iso"] if dated else None
    mon = (g["m1"] or g["m2"]) if dated else None
    if mon:
        month = RULES.month_for(mon)
        if month is None:
            return None  # "Frankfurt, Main 3 -" is no date: do not guess
        day = int(g["d1"] or g["d2"])
        y = g["y1"] or g["y2"]
        year = int(y) if y else None
        if not 1 <= day <= 31:  # "March 187": a typo; the city stands, the date is unknown
            month = None
    qual = g["qual"]
    if qual:
        qual = ", ".join(q.strip() for q in qual.split(",") if q.strip())
    if qual and not mon and loose_fold(qual).rstrip(".") in RULES.months:
        return None
    if pqual:
        qual = f"{qual}, {pqual.strip()}" if qual else pqual.strip()
    if agency:
        agency = " ".join(agency.split())
        if len(agency.split()) > 4 or not (agency[0].isupper() or known_agency(agency)):
            return None
    if sep is None and dot_ok and city.endswith(".") and not (g["qual"] or pqual or agency or mon):
        city, sep = city[:-1], "."  # "Ciudad de México. Las ..."
    caps = not _LOWER.search(city) and (len(city) >= 3 and city[:3].isalpha() or sum(c.isalpha() for c in city) >= 3)
    if sep is None:
        # No separator: "Ruhpolding (dpa) Die ...", "BRAZZAVILLE Jan 25 Congo ...", "LONDON, May 18 An ...";
        # running text must follow ("IN CALGARY STORY OF FEB 27 HEADLINED ..." is no dateline).
        if not ((agency and known_agency(agency)) or ((mon or iso) and caps)):
            return None
        if len(city.split()) > 3 or not _LOWER.search(text[m.end():m.end() + 80]):
            return None
    elif sep == ".":
        if not dot_ok:
            return None
    elif sep == ":":
        if not caps or mon or agency or not is_place(city):
            return None
    if not (mon or iso or agency):
        # "WOODBRIDGE, N.J. - ", "Damaskus – ": capitals, or a typographic dash, and a short name.
        if len(city.split()) > 3:
            return None
        if len(text[m.end():].split(None, 2)) < 2:  # "DEBT - OFFICIAL" is a wrapped headline, not a dateline
            return None
        if not caps and not (sep in ("–", "—") and all(w[:1].isupper() for w in city.split())):
            if not (place_check and sep in ("-", ".", ".-", "--") and all(w[:1].isupper() or w in _TITLE_SMALL for w in city.split())
                    and is_place(city)):
                return None
    if iso:
        try:
            d = date.fromisoformat(iso).isoformat()
        except ValueError:
            d = None
    elif month and day:
        d = resolve_date(month, day, year, received_at)
    else:
        d = None
    return Dateline(city=city_case(city.strip()), date=d, agency=agency,
                    qualifier=qual.strip() if qual else None), m.end()


_PLACE_KINDS = frozenset("PKCS")


def is_place(name: str) -> bool:
    """Is ``name`` a known place (country, capital, city of the shipped gazetteer)?

    Only asked for the rare doubtful datelines; the gazetteer is loaded on first use.
    """
    try:
        from ..regions.gazetteer import get_gazetteer

        cands = get_gazetteer().lookup(name)
    except Exception:  # noqa: BLE001 - no gazetteer: no doubtful dateline
        return False
    return any(c.kind in _PLACE_KINDS for c in cands)


def is_country(name: str) -> bool:
    """Is ``name`` a country's name (``France``, ``Frankreich``, ``RDC``) in the shipped gazetteer?"""
    try:
        from ..regions.gazetteer import get_gazetteer

        cands = get_gazetteer().lookup(name)
    except Exception:  # noqa: BLE001 - no gazetteer: no country
        return False
    return any(c.kind in ("C", "K") for c in cands)


_PLACE_LINE = re.compile(r"^(?P<city>[A-ZÀ-Þ][\w'’.-]*(?: [\w'’.-]+){0,2})(?:\s*/\s*[A-ZÀ-Þ][\w'’.-]*(?: [\w'’.-]+){0,2}){0,3}$")


def match_place_line(line: str) -> Dateline | None:
    """A line that is only a place, or places (``Singapore/Seoul``): the dateline of a web page."""
    m = _PLACE_LINE.match(line.strip())
    if not m:
        return None
    parts = [p.strip() for p in line.split("/")]
    if not all(is_place(p) for p in parts):
        return None
    return Dateline(city=city_case(parts[0]))


# "VERS LA FORMATION ... ÉLECTIONS BRUXELLES (Reuters) - La ..." : a dateline after the headline on one line.
_INLINE = re.compile(r"(?<=\s)(?P<tail>[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+(?: [A-ZÀ-Þ][A-ZÀ-Þ'’.-]+){0,3}(?:, [^(),]{2,30})? \((?P<a>[^()\d]{2,30})\)\s*[-–—])")
_AGENCY_PREFIX = re.compile(r"^\s*(?P<a>[^\W\d_][\w-]{1,15}(?:\s+[^\W\d_][\w-]{1,15})??)\s*(?:[/|]\s*(?P<site>[^|/]{2,40}?)\s+|\s+)(?=[^\W\d_])")


def match_inline_dateline(line: str, received_at: datetime | None,
                          before: list[str]) -> tuple[str, Dateline, int] | None:
    """A dateline inside a line: after an agency credit (``EFE París, Francia.- ...``,
    ``EFE / Site Ciudad de México. ...``) or after the headline written again in capitals.

    Returns (the headline written before the dateline, or "" after a credit; the dateline; where the body starts).
    """
    if len(line) < 30:
        return None
    head = line[:_MAX_DATELINE]
    m = _AGENCY_PREFIX.match(head)
    if m and loose_fold(m.group("a")) in _agency_names():
        rest_at = m.end()
        if m.group("site"):
            # "EFE / La Voz de Michoacán Ciudad de México. Las ...": the city is the longest known place ending
            # the site credit.
            words = (m.group("site") + " " + head[rest_at:]).split(" ")
            for j in range(min(len(words), 8)):
                w = words[j]
                if w.endswith((".", ".-")):
                    cand = [x for x in words[:j + 1]]
                    for k in range(len(cand)):
                        name = " ".join(cand[k:]).rstrip(".-")
                        if name and name[0].isupper() and is_place(name):
                            sub = " ".join(words[k:])
                            off = head.find(sub[:20], rest_at - len(m.group("site")) - 1)
                            d = match_dateline(head[off:], received_at, dot_ok=True) if off >= 0 else None
                            if d:
                                if not d[0].agency:
                                    d[0].agency = m.group("a")
                                return "", d[0], off + d[1]
                    break
        else:
            d = match_dateline(head[rest_at:], received_at, dot_ok=True)
            if d and (d[0].date or d[0].agency or d[0].qualifier or head[rest_at:][d[1] - 3:d[1]].strip().endswith("-")):
                dl = d[0]
                if not dl.agency:
                    dl.agency = m.group("a")
                return "", dl, rest_at + d[1]
    mi = _INLINE.search(head) if "(" in head else None  # (_INLINE needs an agency in parentheses)
    if mi and known_agency(mi.group("a")) and mi.start() > 10:
        toks = list(re.finditer(r"\S+", head[:mi.start("a") - 1]))
        seen = " " + " ".join(folded_words(" ".join(before))) + " "
        # The headline is the longest run of the capitals already seen above; the city follows it.
        cut = len(toks) - 1
        while cut >= 3 and " " + " ".join(folded_words(" ".join(t.group() for t in toks[:cut]))) + " " not in seen:
            cut -= 1
        if cut < 3 or len(toks) - cut > 4:
            return None
        at = toks[cut].start()
        d = match_dateline(head[at:], received_at)
        if d and d[0].agency:
            return head[:at].strip(), d[0], at + d[1]
    return None

