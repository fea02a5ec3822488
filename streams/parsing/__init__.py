"""Parsing: raw wire copy -> :class:`~streams.model.ParsedDispatch` (issue 3).

The pure core: no I/O but the rule files of ``data/`` read once at import.

``parse(envelope, max_bytes=...)`` reads a dispatch the way a desk does:

1. decode (:mod:`.decoding`: UTF-8, cp1252 / Latin-1, wire controls, entities; ``binary``);
2. the first real line is the headline (:mod:`.headline`: flags, attribution);
3. body lines: contact blocks ``((...))``, web furniture, slug lines, stray page lines
   and sign-offs go; see-also blocks are taken out (:mod:`.body`);
4. hard-wrapped lines are unwrapped into paragraphs;
5. leading advisories, the dateline (:mod:`.dateline`), trailing credits / advisories;
6. language (:mod:`.language`): detected, checked against the envelope's (``warnings``).

Errors are :class:`~streams.model.DispatchError` with code ``empty``, ``too_large``,
``binary``, ``no_body`` (``invalid_envelope`` for a text that is neither str nor
bytes); anything unexpected becomes ``parse_error``: nothing else leaves ``parse``.
"""
from __future__ import annotations

from ..model import Dateline, DispatchError, Envelope, ParsedDispatch
from .body import (advisory_of, build_paragraphs, clean_lines, credit_paragraph, extract_see_also, indent_of,
                   strip_contacts, trailing_credit)
from .dateline import match_dateline
from .decoding import decode
from .headline import parse_headline
from .language import check_language
from .page import agency_only, analyse_head, clean_paragraphs, cut_page_tail, displaced_headline, join_broken, strip_lead_tag
from .rules import RULES

__all__ = ["parse", "decode", "MAX_BYTES"]

MAX_BYTES = 1 << 20


def _size(raw: bytes | bytearray | str, max_bytes: int) -> int:
    """Size in bytes (UTF-8 for text); exact only when it matters (near the limit)."""
    if isinstance(raw, str):
        n = len(raw)
        return n if n * 4 <= max_bytes else len(raw.encode("utf-8", "surrogatepass"))
    return len(raw)


def parse(envelope: Envelope, *, max_bytes: int = MAX_BYTES) -> ParsedDispatch:
    """Parse one dispatch.  Raises only :class:`DispatchError`."""
    try:
        return _parse(envelope, max_bytes)
    except DispatchError:
        raise
    except Exception as e:  # noqa: BLE001 - a bad dispatch must never crash the stream
        raise DispatchError("parse_error", f"unexpected {type(e).__name__} while parsing: {e}") from None


def _parse(envelope: Envelope, max_bytes: int) -> ParsedDispatch:
    raw = envelope.text
    if raw is None:
        raise DispatchError("empty", "the dispatch has no text")
    if not isinstance(raw, (str, bytes, bytearray)):
        raise DispatchError("invalid_envelope", f"dispatch text must be str or bytes, got {type(raw).__name__}")
    size = _size(raw, max_bytes)
    if size > max_bytes:
        raise DispatchError("too_large", f"the dispatch is {size} bytes, over the limit of {max_bytes}")
    text = decode(raw)
    if not text.strip():
        raise DispatchError("empty", "the dispatch is empty or whitespace only")
    received_at = envelope.received_at

    lines = [line.rstrip() for line in strip_contacts(text).split("\n")]
    head = analyse_head(lines, received_at, envelope.source)
    head_dateline = None
    lead_prefix = ""
    head_advisories: list[str] = []
    head_credits: list = []
    if head is not None:
        head_line = head.headline
        if head_line:
            headline, flags, attribution = parse_headline(head_line)
        else:
            headline, flags, attribution = "", [], None
        body_lines = lines[head.start:] if head.wire else cut_page_tail(lines[head.start:])
        if head.first is not None and body_lines:
            # What precedes the lead on its line (dateline, credit) leaves the first paragraph once the
            # paragraphs are built: the lines are unwrapped as they came.
            raw = body_lines[0]
            if raw.endswith(head.first):
                lead_prefix = " ".join(raw[:len(raw) - len(head.first)].split())
            else:
                body_lines[0] = " " * indent_of(raw) + head.first
        head_dateline = head.dateline
        # Advisories and bylines above the lead: "(Adds quote in paragraph 4)", "Par Jean Dupont".
        for raw in lines[(head.headline_at + 1 if head.headline_at is not None else 0):head.start]:
            s = raw.strip()
            if not s or len(s) > 200 or s == head_line:
                continue
            adv = advisory_of(s)
            if adv:
                head_advisories.append(adv)
                continue
            c = credit_paragraph(s) if len(s) <= 120 and not agency_only(s) else None
            if c and not s.startswith("("):
                head_credits.extend(c)
    else:
        furniture = RULES.furniture_re.fullmatch
        first = next((i for i, line in enumerate(lines)
                      if line.strip() and not (len(line) <= 140 and furniture(line.strip()))), None)
        if first is None:
            raise DispatchError("empty", "the dispatch has only a contact block")
        head_line = lines[first].strip()
        headline, flags, attribution = parse_headline(head_line)
        body_lines = lines[first + 1:]

    if headline and not any(line.strip() for line in body_lines):
        # A headline-only item is a wire alert (Reuters BRIEF, AFP/AP alerts): the most
        # urgent copy of all, published with the ALERT flag and no paragraphs.
        if sum(1 for w in headline.split() if sum(c.isalpha() for c in w) >= 2) >= 2:
            if not {"ALERT", "FLASH", "URGENT", "BULLETIN"} & set(flags):
                flags = [*flags, "ALERT"]
            language, warnings = check_language(envelope.language, headline)
            return ParsedDispatch(headline=headline, flags=flags, attribution=attribution, language=language,
                                  warnings=warnings)

    lowered = "\n".join(body_lines).lower()
    body_lines = clean_lines(body_lines, lowered)
    body_lines, see_also = extract_see_also(body_lines, lowered)
    paras = build_paragraphs(body_lines)
    if head is not None and not head.wire:
        paras = join_broken(paras)
    if lead_prefix and paras and paras[0].startswith(lead_prefix):
        paras[0] = paras[0][len(lead_prefix):].strip()
        if not paras[0]:
            paras.pop(0)

    advisories: list[str] = head_advisories
    credits = head_credits
    # Leading advisories and bylines.
    while paras:
        adv = advisory_of(paras[0])
        if adv:
            advisories.append(adv)
            paras.pop(0)
            continue
        if len(paras[0]) <= 120 and len(paras) > 1:
            c = credit_paragraph(paras[0])
            if c and not paras[0].startswith("("):
                credits.extend(c)
                paras.pop(0)
                continue
        break

    dateline = head_dateline or Dateline()
    if paras and head_dateline is None:
        dl = match_dateline(paras[0], received_at)
        if dl:
            dateline, end = dl
            rest = paras[0][end:].strip()
            if rest:
                paras[0] = rest
            else:
                paras.pop(0)

    if paras and not dateline.city:
        rest, tag = strip_lead_tag(paras[0], received_at)
        if tag is not None:
            if rest.strip():
                paras[0] = rest.strip()
            else:
                paras.pop(0)
            dateline = Dateline(agency=tag.agency or dateline.agency, date=tag.date or dateline.date)

    if head is not None:
        paras = clean_paragraphs(paras, light=head.wire)
    if not headline and head is not None and len(paras) >= 3:
        j = displaced_headline(paras)
        if j is not None:
            headline, flags, attribution = parse_headline(paras.pop(j))

    # Trailing sign-offs, credits and advisories, scanning back from the end.
    tail_credits: list = []
    signoff = RULES.signoff_re.match
    scanned = 0
    i = len(paras) - 1
    while i >= 0 and scanned < 5:
        p = paras[i]
        scanned += 1
        if len(p) <= 30 and signoff(p):
            paras.pop(i)
        elif p.startswith("(") or len(p) <= 300:
            c = credit_paragraph(p)
            if c:
                tail_credits[:0] = c
                paras.pop(i)
            else:
                adv = advisory_of(p)
                if adv:
                    advisories.append(adv)
                    paras.pop(i)
        i -= 1
    if paras:
        tc = trailing_credit(paras[-1])
        if tc:
            paras[-1], c = tc
            tail_credits[:0] = c
    credits.extend(tail_credits)
    paras = [p for p in paras if p]
    if not paras:
        raise DispatchError("no_body", "the dispatch has no body text" + (f" under {headline[:80]!r}" if headline else ""))

    sample = " ".join(paras[:8])
    if len(sample) < 200 and headline:
        sample = headline + "\n" + sample
    language, warnings = check_language(envelope.language, sample)  # detected, checked against the envelope

    return ParsedDispatch(
        headline=headline, flags=flags, attribution=attribution, dateline=dateline, language=language,
        paragraphs=paras, see_also=see_also, credits=credits, advisory="; ".join(advisories) or None,
        warnings=warnings,
    )
