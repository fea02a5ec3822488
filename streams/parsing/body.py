"""The body of a dispatch: lines -> paragraphs, with see-also blocks, credits,
advisories, sign-offs, contact blocks, slug lines and web furniture taken out.

Credit roles (the small canonical vocabulary of :class:`~streams.model.Credit`):

- ``reporting``: the reporter(s): ``Reporting by X``, ``Par X``, ``Berichterstattung von X``,
  ``Reporte de X``, and a bare name in a credit line (``(David Brunnstrom; ...)``);
- ``additional reporting``: ``Additional reporting by X``, ``Avec X``, ``Mitarbeit: X``;
- ``writing``: ``Writing by X``, ``Rédigé par X``, ``Geschrieben von X``, ``Redacción de X``;
- ``editing``: ``Editing by X``, ``Édité par X``, ``Redigiert von X``, ``Editado por X``;
- ``translation``: the language service that adapted the story:
  ``X pour le service français``, ``Traduit par X``, ``Editado en español por X``;
- ``compiling``, ``photography``, ``graphics``, ``research``: rarer credits.
"""
from __future__ import annotations

import re

from ..model import Credit, SeeAlso
from ..text.fold import loose_key
from .headline import split_tags
from .rules import RULES

_STRAY = re.compile(r"^(?:\d{1,4}|[^\w\s]{1,5}|[a-zà-ÿ'’]{1,3})$")
_STORY_ID = re.compile(r"\s*(?:\[\s*(?:ID:)?(?P<a>n?[A-Z0-9]{6,16})\s*\]|\bID:\s*(?P<b>n[A-Z0-9]{6,16}))\s*")
_INLINE_SIGNOFF = re.compile(r"(?<=[.!?\"')\]»”])\s+(?:REUTERS?|Reuters?|AFP|DPA|dpa|EFE|ANSA|AP)\W{0,3}(?:\^M)?$")
# _INLINE_SIGNOFF ends its match with the agency, at most 3 non-word characters, "^M" and a final newline (``$``):
# the agency lies in the last 13 characters of a line (7 + 3 + 2 + 1).  Without one of these words there, the
# search over the whole line (a look-behind tried at every position) cannot match.  Pinned in test_parsing_fast.py.
_SIGNOFF_WORDS = ("REUTER", "Reuter", "AFP", "DPA", "dpa", "EFE", "ANSA", "AP")
_BULLET = re.compile(r"^\s*(?:[-*•>·]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?][\"'»”’)]?$")
_PAREN = re.compile(r"^\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)\.?$", re.S)
_TRAILING_PAREN = re.compile(r"\s\((?P<inner>[^()]{4,300})\)\.?$")
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|\bet\b|\bund\b|\by\b|\be\b|&|/)\s*")
_LOCATION = re.compile(r"\s+(?:in|at|à|a|en|em|aus|da|de|desde|from|in der|im)\s+[A-ZÀ-Þ][\w .'’-]*$")
_NAME = re.compile(r"^[A-ZÀ-ÞĀ-ſ][\w'’.-]*(?:\s+(?:[A-ZÀ-ÞĀ-ſ][\w'’.-]*|de|da|do|dos|das|del|della|di|du|des|la|le|von|van|der|den|ter|bin|al|el|y|e)){0,5}$")


def _may_end_with_signoff(line: str) -> bool:
    """Whether ``_INLINE_SIGNOFF`` may match ``line``: one of its agency words lies in the last 13 characters."""
    tail = line[-13:]
    return any(w in tail for w in _SIGNOFF_WORDS)


_ORG = re.compile(r"\b(?:Inc|Corp|Co|Ltd|LLC|Plc|PLC|AG|SA|NV|GmbH|Group|Bank|Association|Ministry|Company|"
                  r"Corporation|Holdings?|International|Savings|Loans?|Trust|Fund)\b\.?")


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def strip_contacts(text: str, max_len: int = 3000) -> str:
    """Remove ``((contact blocks))`` (at most ``max_len`` characters each); linear time."""
    start = text.find("((")
    if start < 0:
        return text
    out = []
    pos = 0
    end = -1
    while start >= 0:
        if end < start + 2:
            end = text.find("))", start + 2)
            if end < 0:
                break
        if end - start - 2 > max_len:
            start = text.find("((", start + 2)
            continue
        out.append(text[pos:start])
        pos = end + 2
        start = text.find("((", pos)
    out.append(text[pos:])
    return "".join(out)


def clean_lines(lines: list[str], lowered: str | None = None) -> list[str]:
    """Drop furniture / slug lines (blank in their place), cut at page-end markers, drop sign-offs.

    ``lowered``: the lines joined and lower-cased, when the caller has it already.
    """
    if lowered is None:
        lowered = "\n".join(lines).lower()
    if RULES.has_furniture(lowered):  # RULES.any_furniture_re.search(lowered), faster
        furniture = RULES.furniture_re.fullmatch
        cut = RULES.cut_re.fullmatch if RULES.cut_re else None
        slug = RULES.slug_re.match
        out: list[str] = []
        for line in lines:
            s = line.strip()
            if not s:
                out.append("")
                continue
            if len(s) <= 140:
                if cut and cut(s):
                    break
                if furniture(s):
                    out.append("")
                    continue
            if slug(s):
                out.append("")
                continue
            out.append(line)
    else:
        out = list(lines)
    # Sign-offs and blank lines at the end.
    signoff = RULES.signoff_re.match
    while out:
        s = out[-1].strip()
        if not s or (len(s) <= 30 and signoff(s)):
            out.pop()
            continue
        break
    if out and _may_end_with_signoff(out[-1]):
        m = _INLINE_SIGNOFF.search(out[-1])
        if m:
            out[-1] = out[-1][:m.start()].rstrip()
    # Stray page lines before the first real line ("le", "0").
    for i, line in enumerate(out):
        s = line.strip()
        if not s:
            continue
        if _STRAY.match(s):
            out[i] = ""
            continue
        break
    return out


def _single_spaced(text: str) -> str:
    """``" ".join(text.split())``: whitespace runs become one space, the ends go.  A text that is so already
    (printable, so that its only whitespace is " ", without two spaces in a row or at an end: most wire lines)
    is returned as it is, without splitting it into words (two C scans instead of an object per word)."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _join(parts: list[str]) -> str:
    """Unwrap lines; ``anti-`` + ``nuclear`` -> ``anti-nuclear``."""
    if len(parts) == 1:
        return _single_spaced(parts[0])
    spaced = " ".join(parts)
    # No line ends with a hyphen (most copy): the loop below would only add spaces.  (A hyphen ending a line is
    # followed by a space in ``spaced``: without "- " in it, no need to look at the line ends.)
    if "- " not in spaced or "-\n" not in "\n".join(parts):
        return _single_spaced(spaced)  # (the same words as "\n".join(parts).split())
    out = [parts[0]]
    prev = parts[0]
    for s in parts[1:]:
        if len(prev) > 1 and prev[-1] == "-" and prev[-2].isalpha() and s[:1].isalpha():
            out.append(s)
        else:
            out.append(" ")
            out.append(s)
        prev = s
    return _single_spaced("".join(out))


def _parse_entry(text: str) -> SeeAlso | None:
    text = _BULLET.sub("", text, count=1)
    story_id = None
    m = _STORY_ID.search(text)
    if m:
        story_id = m.group("a") or m.group("b")
        text = (text[:m.start()] + " " + text[m.end():]).strip()
    headline, flags = split_tags(text)
    headline = headline.strip(" -–—:;")
    if not headline:
        return None
    return SeeAlso(headline=headline, flags=flags, story_id=story_id)


def extract_see_also(lines: list[str], lowered: str | None = None) -> tuple[list[str], list[SeeAlso]]:
    """Find see-also blocks; return the lines without them and the entries."""
    if lowered is None:
        lowered = "\n".join(lines).lower()
    if not RULES.has_see_also(lowered):  # RULES.any_see_also_re.search(lowered), faster
        return lines, []
    width = max((len(line.rstrip()) for line in lines), default=0)
    out = list(lines)
    entries: list[SeeAlso] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        m = _header(line)
        if not m:
            i += 1
            continue
        out[i] = ""
        block: list[list[str]] = []
        rest = m.group("rest").strip()
        if rest:
            block.append([rest])
        prev_len = len(line.rstrip()) if rest else 0
        prev_indent = None
        j = i + 1
        blank_run = 0
        while j < n and j - i <= 20:
            raw = lines[j]
            s = raw.strip()
            if not s:
                if block:
                    blank_run += 1
                    if blank_run >= 1:
                        break
                j += 1
                continue
            if s.startswith("(") or _header(raw) or RULES.signoff_re.match(s) or len(s) > 300:
                break
            ind = indent_of(raw)
            if not block or _BULLET.match(raw) or split_tags(s)[1]:
                new = True
            elif prev_indent is not None and prev_indent >= 2 and ind < 2:
                new = False  # Reuters layout: an entry starts indented, its wrapped lines do not
            elif prev_indent is not None and ind >= 2 and ind >= prev_indent:
                new = True
            else:
                new = prev_len < 0.75 * width or bool(_SENTENCE_END.search(block[-1][-1]))
            if new:
                block.append([s])
                prev_indent = ind
            else:
                block[-1].append(s)
            prev_len = len(raw.rstrip())
            out[j] = ""
            j += 1
        for parts in block:
            e = _parse_entry(_join(parts))
            if e:
                entries.append(e)
        i = j
    return out, entries


def _header(line: str) -> re.Match | None:
    m = RULES.see_also_re.match(line)
    if not m:
        return None
    head = line[:m.start("rest")]
    # "VOIR AUSSI", or "Voir aussi:"; not a sentence starting "See also the ..."
    if head.strip().upper() == head.strip() or ":" in head:
        return m
    return None


def build_paragraphs(lines: list[str]) -> list[str]:
    """Unwrap hard-wrapped lines; a paragraph starts after a blank line or on an indented line."""
    # (A line not starting with a space has indentation 0: no lstrip copy of it, as for most wrapped lines.)
    indents = [-1 if not line else 0 if line[0] != " " else len(line) - len(line.lstrip(" ")) for line in lines]
    nonblank = [ind for line, ind in zip(lines, indents) if line and ind < len(line)]
    if not nonblank:
        return []
    base = min(nonblank)
    stripped = [line.strip() for line in lines]
    lens = [len(line) for line, s in zip(lines, stripped) if s]
    width = max(lens)
    line_mode = sum(1 for n in lens if n > 120) * 3 > len(lens)
    indented = max(nonblank) - base >= 2  # any(ind - base >= 2 for ind in nonblank)
    short_break = not indented and not line_mode
    paras: list[str] = []
    cur: list[str] = []
    prev_short_end = False
    for line, ind, s in zip(lines, indents, stripped):
        if not s:
            if cur:
                paras.append(_join(cur))
                cur = []
            continue
        new = (not cur or line_mode or ind - base >= 2 or prev_short_end)
        if new and cur:
            paras.append(_join(cur))
            cur = []
        cur.append(s)
        prev_short_end = short_break and len(line.rstrip()) < 0.7 * width and bool(_SENTENCE_END.search(s))
    if cur:
        paras.append(_join(cur))
    return paras


def _names(text: str) -> list[str] | None:
    names = []
    for part in _NAME_SPLIT.split(text.strip().rstrip(".")):
        part = part.strip()
        if not part:
            continue
        part = _LOCATION.sub("", part).strip()
        if not _NAME.match(part):
            return None
        names.append(part)
    return names or None


def parse_credits(text: str, *, bare_ok: bool) -> list[Credit] | None:
    """Credits of one credit line (without its parentheses), or None if it is not one."""
    credits: list[Credit] = []
    any_role = False
    segments = [s for s in re.split(r"\s*;\s*", text.strip()) if s]
    if not segments:
        return None
    last_role = "reporting"
    for seg in segments:
        role = None
        m = RULES.credit_role_re.match(seg)
        if m:
            role = RULES.credit_roles.get(loose_key(m.group("phrase")))
            seg = m.group("rest")
        else:
            m = RULES.credit_suffix_re.match(seg)
            if m:
                role = RULES.credit_suffix_roles.get(loose_key(m.group("phrase")))
                seg = m.group("rest")
        names = _names(seg)
        if names is None:
            return None
        if role:
            any_role = True
        else:
            if not bare_ok:
                return None
            role = last_role if credits else "reporting"
        last_role = role
        credits.extend(Credit(name=n, role=role) for n in names)
    if not any_role and len(segments) < 2:
        # Bare names need a credit line's shape: "(David Brunnstrom; Jean Dupont)".  A lone
        # "(Reuters)" or "(Moduline International Inc)" is not a credit.
        return None
    if any(_ORG.search(c.name) for c in credits):
        return None
    return credits


def credit_paragraph(text: str) -> list[Credit] | None:
    m = _PAREN.match(text) if text[:1] == "(" else None  # (_PAREN opens with one: most paragraphs skip the call)
    if m:
        return parse_credits(m.group("inner"), bare_ok=True)
    if len(text) <= 300 and RULES.credit_role_test(text):  # RULES.credit_role_re.match(text), faster
        return parse_credits(text, bare_ok=False)
    return None


def trailing_credit(text: str) -> tuple[str, list[Credit]] | None:
    """``... said. (Reporting by X; Editing by Y)`` at the end of a paragraph."""
    if not text.endswith((")", ").")):
        return None
    m = _TRAILING_PAREN.search(text)
    if not m or not RULES.credit_role_re.match(m.group("inner")):
        return None
    credits = parse_credits(m.group("inner"), bare_ok=False)
    if not credits:
        return None
    return text[:m.start()].rstrip(), credits


def advisory_of(text: str) -> str | None:
    m = _PAREN.match(text) if text[:1] == "(" else None  # (_PAREN opens with one: most paragraphs skip the call)
    if not m:
        if text.startswith("[") and text.endswith("]"):
            inner = text[1:-1]
        else:
            return None
    else:
        inner = m.group("inner")
    inner = inner.strip()
    if len(inner) > 400 or not RULES.advisory_re.match(inner):
        return None
    return inner
