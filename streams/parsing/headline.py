"""Headline: desk tags -> flags, trailing source attribution -> attribution.

Forms: ``UPDATE 2-Headline``, ``REFILE-UPDATE 1-Headline``, ``(TAG) - HEADLINE``,
``TAG - HEADLINE``, ``Factbox: Headline``, and trailing ``Headline (CORRECTED)``;
attribution ``Headline-presse``, ``Headline - sources``, ``Headline: officials``.
Flags are canonical upper-case words (``UPDATE 2`` keeps its number).  An all-caps
headline keeps its text; there an unspaced ``TAG-`` is only a tag when the tag is not
also a common compound head (``SNAP-ON TOOLS``, ``LEAD-FREE``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..text.fold import loose_fold
from .rules import RULES

_TAG = RULES.tag_alt
# "UPDATE 2-", "(CORRECTED) - ", "TAG - ", "TAG-" ; group sep tells which separator was used.
_LEAD = re.compile(
    r"^\s*(?P<open>[(\[])?\s*(?P<tag>" + _TAG + r")(?:\s*(?P<num>\d{1,2}))?\s*(?(open)[)\]])"
    r"(?P<sep>\s+[-–—:]\s*|\s*[-–—]\s+|\s*[-–—]|\s*:\s+|(?(open)\s+|(?!)))")
_LEAD_COLON = re.compile(r"^\s*(?P<tag>" + _TAG + r")(?:\s*(?P<num>\d{1,2}))?\s*:\s+", re.I)
_TRAIL = re.compile(
    r"\s*(?:[-–—]\s*)?[(\[]\s*(?P<tag>" + _TAG + r")(?:\s*(?P<num>\d{1,2}))?\s*[)\]]\s*$")
_ATTRIBUTION = re.compile(
    r"(?P<sep>\s+[-–—]\s*|\s*[-–—]\s+|(?<=[\w)'’\"»])[-–]|\s*:\s+)(?P<attr>" + RULES.attribution_alt + r")\s*[.!]?\s*$",
    re.I)
_SITE = re.compile(r"\s+\|\s+[^|]{2,40}$")
_LOWER = re.compile(r"[a-zà-ÿ]")


def _flag(tag: str, num: str | None) -> str | None:
    f = RULES.flag_for(tag)
    if f is None:
        return None
    return f"{f} {int(num)}" if num else f  # "UPDATE 2", "WRAPUP 3", "LEAD 1"


def split_tags(text: str) -> tuple[str, list[str]]:
    """Leading and trailing desk tags of a headline (or a see-also entry) -> (text, flags)."""
    s, flags = _split_tags(text)
    return s, list(flags)


@lru_cache(maxsize=256)
def _split_tags(text: str) -> tuple[str, tuple[str, ...]]:
    """:func:`split_tags`, memoised: the page layout asks it of a headline several times, and the
    headline parser once more."""
    s = " ".join(text.split())  # re.sub(r"\s+", " ", text).strip(), faster (re's \s is str.isspace)
    flags: list[str] = []
    all_caps = not _LOWER.search(s)
    for _ in range(6):
        m = _LEAD.match(s)
        colon = False
        if not m:
            m = _LEAD_COLON.match(s) if ":" in s else None  # (without a colon it cannot match)
            colon = True
            if not m:
                break
        rest = s[m.end():].strip()
        if not rest or not (rest[0].isalnum() or rest[0] in "\"'«“‘(<[¿¡"):
            break
        tag = m.group("tag")
        num = m.group("num")
        if not colon:
            sep = m.group("sep")
            if tag != tag.upper():
                break  # tags are written upper-case except in "Factbox: ..."
            if sep and sep.strip() in "-–—" and sep == sep.strip():  # unspaced "TAG-"
                ambiguous = loose_fold(tag).upper() in RULES.ambiguous_flags and not num
                if ambiguous and all_caps:
                    break
                if not all_caps and rest[0].islower():
                    break
        f = _flag(tag, num)
        if f is None:
            break
        flags.append(f)
        s = rest
    for _ in range(3):
        # _TRAIL ends with a closing bracket and spaces: without one at the end, no need to search
        m = _TRAIL.search(s) if s.rstrip()[-1:] in (")", "]") else None
        if not m or m.start() == 0:
            break
        f = _flag(m.group("tag"), m.group("num"))
        if f is None:
            break
        flags.append(f)
        s = s[:m.start()].rstrip()
    return s, tuple(flags)


MAX_HEADLINE = 400  # a longer first line is no headline to dissect (and must not cost regex time)


def parse_headline(text: str) -> tuple[str, list[str], str | None]:
    """(headline, flags, attribution)."""
    if len(text) > MAX_HEADLINE:
        return " ".join(text.split()), [], None
    if "|" in text:  # a web page title: "Headline | Reuters"
        text = _SITE.sub("", text)
    s, flags = split_tags(text)
    attribution = None
    # every separator of _ATTRIBUTION has a dash or a colon: without one, no need to search
    m = _ATTRIBUTION.search(s) if ("-" in s or ":" in s or "–" in s or "—" in s) else None
    if m and m.start() > 0:
        head = s[:m.start()].rstrip(" -–—:")
        sep = m.group("sep")
        ok = len(head.split()) >= 2
        if ok and sep in "-–":  # unspaced: "Syrie-presse" but not "open-source"
            prev = head.rsplit(" ", 1)[-1]
            ok = loose_fold(prev) not in RULES.attribution_not_after
        if ok:
            s = head
            attribution = m.group("attr")
    return s, flags, attribution
