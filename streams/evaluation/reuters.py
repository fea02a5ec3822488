"""Read Reuters-21578 SGML files (``reut2-*.sgm``) into documents.

The corpus is for research use only: it is never copied into this project;
every tool takes its path.  ``to_wire`` rebuilds each story the way it came
over the wire (headline, then the dateline glued to an indented body).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

_DOC = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def _tag(block: str, name: str) -> str | None:
    m = re.search(rf"<{name}>(.*?)</{name}>", block, re.S)
    return m.group(1) if m else None


def _list(block: str, name: str) -> list[str]:
    inner = _tag(block, name) or ""
    return re.findall(r"<D>(.*?)</D>", inner)


@dataclass
class ReutersDoc:
    newid: int
    date: datetime | None
    topics: list[str]
    places: list[str]
    title: str | None
    dateline: str | None
    body: str | None
    text_type: str | None  # None (normal), BRIEF or UNPROC
    raw_text: str  # the raw <TEXT> content, entities decoded
    attrs: dict[str, str] = field(default_factory=dict)

    def to_wire(self) -> str:
        """The dispatch as a desk would receive it: headline line, then the body."""
        if self.title is None and self.body is None:
            return self.raw_text
        parts = []
        if self.title:
            parts.append(self.title.strip())
            parts.append("")
        dl = (self.dateline or "").rstrip()
        body = self.body or ""
        if dl:
            parts.append(dl + " " + body.lstrip())
        else:
            parts.append(body)
        return "\n".join(parts)

    @property
    def received_at(self) -> str | None:
        return self.date.isoformat() if self.date else None


def _decode(s: str | None) -> str | None:
    if s is None:
        return None
    return html.unescape(s)


def _date(s: str | None) -> datetime | None:
    if not s:
        return None
    try:
        return datetime.strptime(s.strip().split(".")[0], "%d-%b-%Y %H:%M:%S").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def iter_file(path: Path) -> Iterator[ReutersDoc]:
    data = path.read_bytes().decode("latin-1")
    for m in _DOC.finditer(data):
        attrs = dict(_ATTR.findall(m.group(1)))
        block = m.group(2)
        text_m = re.search(r"<TEXT([^>]*)>(.*?)</TEXT>", block, re.S)
        text_attrs = dict(_ATTR.findall(text_m.group(1))) if text_m else {}
        text = text_m.group(2) if text_m else ""
        yield ReutersDoc(
            newid=int(attrs.get("NEWID", "0")),
            date=_date(_tag(block, "DATE")),
            topics=_list(block, "TOPICS"),
            places=_list(block, "PLACES"),
            title=_decode(_tag(text, "TITLE")),
            dateline=_decode(_tag(text, "DATELINE")),
            body=_decode(_tag(text, "BODY")),
            text_type=text_attrs.get("TYPE"),
            raw_text=_decode(re.sub(r"</?(TITLE|DATELINE|BODY|AUTHOR)>", "", text)) or "",
            attrs=attrs,
        )


def iter_corpus(corpus: Path | str) -> Iterator[ReutersDoc]:
    """All documents of ``reut2-*.sgm`` under ``corpus``, in NEWID order of the files."""
    corpus = Path(corpus)
    files = sorted(corpus.glob("reut2-*.sgm"))
    if not files:
        raise FileNotFoundError(f"no reut2-*.sgm files under {corpus}")
    for f in files:
        yield from iter_file(f)


def load_json(corpus: Path | str, name: str) -> dict:
    import json

    return json.loads((Path(corpus) / name).read_text())
