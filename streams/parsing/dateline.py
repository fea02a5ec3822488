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

from ..model import Dateline
from .rules import RULES, fold

_WORD = r"[^\W\d_][\w'’.&]*(?:[-/][^\W\d_][\w'’.&]*)*(?![\w'’&/-])"
_MON = r"(?<!\w)[^\W\d_]{3,10}(?!\w)"
_DATE = (
    r"(?:(?P<d1>\d{1,3})(?:\.|er|º|°|st|nd|rd|th)?\s*(?:de\s+)?(?P<m1>" + _MON + r")\.?"
    r"(?:,?\s*(?:de\s+)?(?P<y1>(?:19|20)\d\d)\b)?"
    r"|(?P<m2>" + _MON + r")\.?\s*(?P<d2>\d{1,3})(?:st|nd|rd|th)?\b(?:\s*,?\s*(?P<y2>(?:19|20)\d\d)\b)?"
    r"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d))"
)
_AGENCIES = r"Reuters?|REUTERS?|AFP|AP|dpa|DPA|EFE|ANSA|Lusa|UPI"
_DATELINE = re.compile(
    r"^[\s*#>•]{0,8}(?P<city>" + _WORD + r"(?: " + _WORD + r"){0,4})"
    r"(?P<qual>(?:\s*,\s*" + _WORD + r"(?: " + _WORD + r"){0,3}){1,3})?"
    r"(?:\s*[,.]{0,2}\s*(?:[-–]\s*)?" + _DATE + r")?"
    r"\s*,?\s*(?:\((?P<agency>[^\W\d_][^()\d]{0,38}?)\)|(?<=,)\s*(?P<agency2>" + _AGENCIES + r"))?"
    r"\s*(?P<sep>\.?-{1,2}|–|—)(?=\s|$|[^\W\d_\"'«“(])\s*"
)
_LOWER = re.compile(r"[a-zà-ÿ]")
_TITLE_SMALL = frozenset("de da do dos das del della di du des la le les el von van der den am im upon on sur sul es y".split())


def city_case(city: str) -> str:
    """``NEW YORK`` -> ``New York``, ``RIO DE JANEIRO`` -> ``Rio de Janeiro``; mixed case is kept."""
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


def _resolve(month: int, day: int, year: int | None, received_at: datetime | None) -> str | None:
    if year is not None:
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    if received_at is None:
        if not 1 <= month <= 12 or not 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
            return None
        return f"--{month:02d}-{day:02d}"
    ref = received_at.date()
    best: date | None = None
    for y in (ref.year, ref.year - 1, ref.year + 1):
        try:
            cand = date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - ref).days) < abs((best - ref).days):
            best = cand
    return best.isoformat() if best else None


def match_dateline(text: str, received_at: datetime | None = None) -> tuple[Dateline, int] | None:
    """The dateline at the start of ``text`` and where the body starts, or None."""
    m = _DATELINE.match(text)
    if not m:
        return None
    city = m.group("city")
    if len(city) > 40:
        return None
    agency = m.group("agency") or m.group("agency2")
    month = day = year = None
    iso = m.group("iso")
    mon = m.group("m1") or m.group("m2")
    if mon:
        month = RULES.month_for(mon)
        if month is None:
            return None  # "Frankfurt, Main 3 -" is no date: do not guess
        day = int(m.group("d1") or m.group("d2"))
        y = m.group("y1") or m.group("y2")
        year = int(y) if y else None
        if not 1 <= day <= 31:  # "March 187": a typo; the city stands, the date is unknown
            month = None
    qual = m.group("qual")
    if qual:
        qual = ", ".join(q.strip() for q in qual.split(",") if q.strip())
    if qual and not mon and fold(qual).rstrip(".") in RULES.months:
        return None
    if agency:
        agency = " ".join(agency.split())
        if len(agency.split()) > 4 or not agency[0].isupper():
            return None
    if not (mon or iso or agency):
        # "WOODBRIDGE, N.J. - ", "Damaskus – ": capitals, or a typographic dash, and a short name.
        if len(city.split()) > 3:
            return None
        if len(text[m.end():].split(None, 2)) < 2:  # "DEBT - OFFICIAL" is a wrapped headline, not a dateline
            return None
        caps = not _LOWER.search(city) and sum(c.isalpha() for c in city) >= 3
        if not caps and not (m.group("sep") in "–—" and all(w[:1].isupper() for w in city.split())):
            return None
    if iso:
        try:
            d = date.fromisoformat(iso).isoformat()
        except ValueError:
            d = None
    elif month and day:
        d = _resolve(month, day, year, received_at)
    else:
        d = None
    return Dateline(city=city_case(city.strip()), date=d, agency=agency,
                    qualifier=qual.strip() if qual else None), m.end()
