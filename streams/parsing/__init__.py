"""Parsing: raw wire copy -> :class:`~streams.model.ParsedDispatch` (stub, issue 3 deepens it)."""
from __future__ import annotations

import re

from ..model import Dateline, DispatchError, Envelope, ParsedDispatch

MAX_BYTES = 1 << 20

_DATELINE = re.compile(r"^\s*([A-Z][A-Za-z .'-]+),[^()]*?\((\w+)\)\s*[-–]\s*")


def decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    if b"\x00" in data:
        raise DispatchError("binary", "the input contains NUL bytes: not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse(envelope: Envelope, *, max_bytes: int = MAX_BYTES) -> ParsedDispatch:
    raw = envelope.text
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise DispatchError("too_large", f"the dispatch is {size} bytes, over the limit of {max_bytes}")
    text = decode(raw)
    if not text.strip():
        raise DispatchError("empty", "the dispatch is empty")
    lines = [l.strip() for l in text.splitlines()]
    lines = [l for l in lines if l]
    headline = lines[0]
    body = lines[1:]
    if not body:
        raise DispatchError("no_body", "the dispatch has a headline but no body")
    dateline = Dateline()
    first = body[0]
    m = _DATELINE.match(first)
    if m:
        dateline = Dateline(city=m.group(1).title(), agency=m.group(2))
        body[0] = first[m.end():]
    return ParsedDispatch(headline=headline, dateline=dateline, language=envelope.language, paragraphs=[" ".join(body)])
