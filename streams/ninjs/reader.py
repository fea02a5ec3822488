"""NINJS in: a NINJS 2.x document (IPTC News in JSON) as a dispatch.

Detected by shape (:func:`is_ninjs`): a JSON object without the envelope's ``text``
field that carries NINJS content (``headlines``, ``bodies``, NINJS 1.x ``headline`` /
``body_text`` / ``body_html``, or ``uri`` with ``descriptions``).  NINJS 3.x's camelCase
names (``versionCreated``, ``firstCreated``, ``pubStatus``, ``copyrightHolder``) are read too.

:func:`envelope_from_ninjs` maps it to an :class:`~streams.model.Envelope` whose text is
what a desk would see on the wire: the main headline, a blank line, the body paragraphs
(the plain-text body, or the HTML body reduced to its paragraphs when it keeps more of
them; the descriptions when there is no body), so the very same parser reads it.  Besides:

* ``uri`` -> the agency's story id (a second ``version`` of the same ``uri`` is an update);
  ``uri`` + ``version`` (or + ``versioncreated``) -> the dispatch id;
* ``version`` -> the agency version; ``versioncreated`` (else ``firstcreated``) -> ``received_at``;
* ``language`` (a BCP 47 tag, ``nb-NO``) -> its primary subtag (``nb``);
* ``copyrightholder`` -> ``source`` (else the domain of a ``urn:newsml:<domain>:`` uri);
* corrections: a ``signal`` / ``signals`` value ``correction`` (``sig:correction``, or an IPTC
  signal NewsCode URI; not part of NINJS 2.2, sent by some producers) makes the headline
  ``CORRECTED-...``; ``pubstatus: canceled`` makes it ``WITHDRAWN-...`` (the threader then
  links it to its story like any flagged copy);
* ``subjects`` -> agency subject hints (IPTC Media Topic or Subject Code URIs / literals, which
  the topic tagger maps and merges with ``source: "agency"``);
* ``places`` -> place hints: ISO 3166-1 alpha-2 codes from an ISO 3166 URI, a two-letter literal
  or a country name; :func:`apply_place_hints` merges them into the tagged regions.
"""
from __future__ import annotations

import functools

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html.parser import HTMLParser
from typing import Any

from ..model import DispatchError, Envelope

_CONTENT_KEYS = ("headlines", "bodies", "body_text", "body_html", "headline")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xhtml", "html", "xhtml")
_BLOCKS = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr",
           "header", "footer", "ul", "ol", "table", "dd", "dt", "aside"}
_SKIP = {"script", "style", "figure", "figcaption", "head", "title", "noscript", "template"}
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")
_ISO_URI = re.compile(r"iso3166(?:-1a2|-1)?[/:]([A-Za-z]{2})/?$", re.I)
_CODE_LITERAL = re.compile(r"^(?:medtop:\d{8}|subj(?:ect)?(?:code)?:\d{8}|\d{8})$", re.I)
_IPTC_TOPIC_URI = re.compile(r"cv\.iptc\.org/newscodes/(?:mediatopic|subjectcode)/\d{8}/?$", re.I)
_CORRECTION = re.compile(r"(?:^|[:/])correction$", re.I)


@dataclass
class NinjsEnvelope(Envelope):
    """An envelope read from a NINJS document: also its place hints ``[[ISO code, rel], ...]``."""

    place_hints: list[list[str]] = field(default_factory=list)


def _get(obj: dict[str, Any], name: str) -> Any:
    """A NINJS 2.x property, or its NINJS 3.x camelCase spelling."""
    if name in obj:
        return obj[name]
    camel = _CAMEL.get(name)
    return obj.get(camel) if camel else None


_CAMEL = {"versioncreated": "versionCreated", "firstcreated": "firstCreated", "pubstatus": "pubStatus",
          "copyrightholder": "copyrightHolder"}


def is_ninjs(obj: Any) -> bool:
    """A NINJS document, by shape (not a wirefeed envelope: no ``text``)."""
    if not isinstance(obj, dict) or "text" in obj:
        return False
    if any(k in obj for k in _CONTENT_KEYS):
        return True
    return isinstance(obj.get("uri"), str) and "descriptions" in obj


def _html_paragraphs(html: str) -> list[str]:
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.paragraphs


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.buf: list[str] = []
        self.skip = 0

    def flush(self) -> None:
        text = "".join(self.buf)
        self.buf = []
        # a single <br> breaks a line inside the paragraph; <br><br> separates paragraphs
        for part in re.split(r"\n[ \t\u00a0]*\n", text):
            part = _WS.sub(" ", part.replace("\n", " ")).strip()
            if part:
                self.paragraphs.append(part)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCKS:
            self.flush()
        elif tag == "br" and not self.skip:
            self.buf.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br" and not self.skip:
            self.buf.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.buf.append(data.replace("\n", " "))


HARD_WRAP = 90  # a block whose lines are all this short may be hard-wrapped wire copy


def _text_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain-text body: blocks separated by blank lines.  Inside a block, lines
    longer than a wire line are paragraphs of their own; a block of short lines is kept as it
    is, for the wire parser to unwrap (or not) as in any raw dispatch."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = []
    for block in re.split(r"\n[ \t\u00a0]*\n", text):
        lines = [line for line in (_WS.sub(" ", x).strip() for x in block.split("\n")) if line]
        if not lines:
            continue
        if max(len(line) for line in lines) > HARD_WRAP:
            blocks.extend(lines)
        else:
            blocks.append("\n".join(lines))
    return blocks


def _count(blocks: list[str]) -> int:
    return len(blocks) if len(blocks) != 1 else blocks[0].count("\n") + 1


def _is_html(item: dict[str, Any]) -> bool:
    ct = str(item.get("contenttype") or item.get("contentType") or "").lower()
    role = str(item.get("role") or "").lower()
    if ct:
        return any(ct.startswith(h) for h in _HTML_TYPES)
    value = item.get("value")
    return role in ("html", "richtext", "xhtml") or (isinstance(value, str) and bool(re.match(r"\s*<[a-zA-Z]", value)))


def _items(value: Any, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        raise DispatchError("invalid_envelope", f"NINJS: '{where}' must be an array of objects")
    return value


def _value(item: dict[str, Any]) -> str:
    v = item.get("value")
    return v if isinstance(v, str) else ""


def _headline(obj: dict[str, Any]) -> str:
    items = [h for h in _items(obj.get("headlines"), "headlines") if _value(h).strip()]
    if items:
        main = next((h for h in items if str(h.get("role") or "main").lower() in ("main", "headline")), items[0])
        text = _value(main)
        return " ".join(_html_paragraphs(text)) if _is_html(main) else _WS.sub(" ", text.replace("\n", " ")).strip()
    h = obj.get("headline")  # NINJS 1.x
    if isinstance(h, str):
        return _WS.sub(" ", h.replace("\n", " ")).strip()
    title = obj.get("title")
    return _WS.sub(" ", title).strip() if isinstance(title, str) else ""


def _body(obj: dict[str, Any]) -> list[str]:
    bodies = [b for b in _items(obj.get("bodies"), "bodies") if _value(b).strip()]
    plain = [b for b in bodies if not _is_html(b)]
    html = [b for b in bodies if _is_html(b)]
    if plain or html:
        # the plain-text body, unless it lost the paragraphs the HTML body keeps (one long line)
        p = _text_paragraphs(_value(plain[0])) if plain else []
        h = _html_paragraphs(_value(html[0])) if html else []
        return h if len(h) > _count(p) else p
    if isinstance(obj.get("body_text"), str) and obj["body_text"].strip():  # NINJS 1.x
        return _text_paragraphs(obj["body_text"])
    if isinstance(obj.get("body_html"), str) and obj["body_html"].strip():
        return _html_paragraphs(obj["body_html"])
    out: list[str] = []
    for d in _items(obj.get("descriptions"), "descriptions"):
        out.extend(_html_paragraphs(_value(d)) if _is_html(d) else _text_paragraphs(_value(d)))
    return out


def _datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _version(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _signals(obj: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for key in ("signal", "signals"):
        v = obj.get(key)
        for item in v if isinstance(v, list) else [v]:
            if isinstance(item, str):
                out.append(item.strip())
            elif isinstance(item, dict):
                out.extend(str(item[k]).strip() for k in ("qcode", "uri", "literal", "name", "value")
                           if isinstance(item.get(k), str))
    return out


def subject_hints(obj: dict[str, Any]) -> list[str]:
    """Agency topic codes from ``subjects``: IPTC Media Topic / Subject Code URIs and code literals."""
    out: list[str] = []
    for s in _items(obj.get("subjects"), "subjects"):
        for key in ("uri", "literal", "code", "qcode"):
            v = s.get(key)
            if not isinstance(v, str):
                continue
            v = v.strip()
            if (key == "uri" and _IPTC_TOPIC_URI.search(v)) or (key != "uri" and _CODE_LITERAL.match(v)):
                if v not in out:
                    out.append(v)
    return out


def place_hints(obj: dict[str, Any]) -> list[list[str]]:
    """``[[ISO 3166-1 alpha-2, rel], ...]`` from ``places`` (URI, two-letter literal or country name)."""
    from ..routing import areas

    names = _country_names()
    out: list[list[str]] = []
    seen: set[str] = set()
    for p in _items(obj.get("places"), "places"):
        code = None
        uri = p.get("uri")
        if isinstance(uri, str):
            m = _ISO_URI.search(uri.strip())
            if m:
                code = m.group(1).upper()
        lit = p.get("literal")
        if code is None and isinstance(lit, str) and re.fullmatch(r"[A-Za-z]{2}", lit.strip()):
            code = lit.strip().upper()
        if code is None:
            for key in ("name", "literal"):
                v = p.get(key)
                if isinstance(v, str) and v.strip().casefold() in names:
                    code = names[v.strip().casefold()]
                    break
        if code and areas.is_country(code) and code not in seen:
            seen.add(code)
            out.append([code, str(p.get("rel") or "").strip().lower()])
    return out


@functools.cache
def _country_names() -> dict[str, str]:
    """Casefolded country name -> ISO code, built once (read only)."""
    from ..routing import areas

    return {c["name"].casefold(): code for code, c in areas.countries().items()}


def _source(obj: dict[str, Any]) -> str | None:
    holder = _get(obj, "copyrightholder")
    if isinstance(holder, str) and holder.strip():
        return holder.strip()
    uri = obj.get("uri")
    if isinstance(uri, str):
        m = re.match(r"urn:newsml:([^:]+):", uri)
        if m:
            return m.group(1).split(".")[0]
    return None


def _language(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def envelope_from_ninjs(obj: dict[str, Any]) -> NinjsEnvelope:
    """Map a NINJS document to an envelope.  Raises :class:`DispatchError` (``invalid_envelope``
    for a malformed document, ``missing_text`` when it has neither headline nor body)."""
    if not isinstance(obj, dict):
        raise DispatchError("invalid_envelope", f"NINJS: a document must be a JSON object, got {type(obj).__name__}")
    uri = obj.get("uri")
    if uri is not None and not isinstance(uri, str):
        raise DispatchError("invalid_envelope", f"NINJS: 'uri' must be a string, got {type(uri).__name__}")
    uri = uri.strip() if isinstance(uri, str) and uri.strip() else None
    headline = _headline(obj)
    paragraphs = _body(obj)
    if not headline and not paragraphs:
        raise DispatchError("missing_text", "the NINJS document has no headline, body or description")
    signals = _signals(obj)
    pubstatus = str(_get(obj, "pubstatus") or "").strip().lower()
    tag = None
    if any(_CORRECTION.search(s) for s in signals):
        tag = "CORRECTED"
    elif pubstatus == "canceled":
        tag = "WITHDRAWN"
    if tag and headline:
        headline = f"{tag}-{headline}"
    text = "\n\n".join(([headline] if headline else []) + paragraphs) + "\n"
    version = _version(obj.get("version"))
    versioncreated = _get(obj, "versioncreated")
    received = _datetime(versioncreated) or _datetime(_get(obj, "firstcreated"))
    ident = None
    if uri:
        if version is not None:
            ident = f"{uri}#{version}"
        elif isinstance(versioncreated, str) and versioncreated.strip():
            ident = f"{uri}@{versioncreated.strip()}"
    return NinjsEnvelope(
        id=ident,
        text=text,
        received_at=received,
        source=_source(obj),
        language=_language(obj.get("language")),
        subjects=subject_hints(obj),
        agency_story_id=uri,
        agency_version=version,
        place_hints=place_hints(obj),
    )


# ---------------------------------------------------------------------------------------------
# place hints -> regions (called by the pipeline after region tagging)

HINT_SUBJECT_SCORE = 0.5  # an agency "about" place the text does not name: a weak subject, like a home-market prior
HINT_MENTION_SCORE = 0.2


def apply_place_hints(regions: list[dict[str, Any]], hints: list[list[str]] | None,
                      language: str | None = None) -> list[dict[str, Any]]:
    """Merge the agency's places into the tagged regions: a place the text names too is marked
    ``"agency": true``; one it does not name is added (``subject`` when the agency says the story is
    about it, else ``mentioned``; low score, no evidence, ``"agency": true``).  Returns a new list."""
    if not hints:
        return regions
    from ..routing import areas

    out = [dict(r) for r in regions]
    have = {r.get("code"): r for r in out}
    for code, rel in hints:
        if code in have:
            have[code]["agency"] = True
            continue
        subject = rel in ("about", "subject", "")
        region: dict[str, Any] = {
            "code": code, "role": "subject" if subject else "mentioned",
            "score": HINT_SUBJECT_SCORE if subject else HINT_MENTION_SCORE,
            "name": areas.name(code), "mentions": 0, "evidence": [], "agency": True,
        }
        region.update(_m49(code, language))
        out.append(region)
        have[code] = region
    out.sort(key=lambda r: -(r.get("score") or 0))
    return out


def _m49(code: str, language: str | None) -> dict[str, Any]:
    try:
        from ..regions import get_gazetteer

        gaz = get_gazetteer()
        region, sub = gaz.m49_info(code, language)
        name_local = gaz.country_name(code, language)
    except Exception:  # noqa: BLE001 - hints are best effort
        return {}
    out: dict[str, Any] = {"m49_region": region, "m49_subregion": sub}
    if name_local:
        out["name_local"] = name_local
    return out
