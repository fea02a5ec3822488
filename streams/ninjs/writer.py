"""NINJS out: a wirefeed event as a NINJS 2.2 document (IPTC News in JSON).

:func:`event_to_ninjs` maps an event of the enriched topic; it validates against IPTC's
NINJS 2.2 JSON Schema (``data/ninjs-schema_2.2.json``, MIT, see ``data/NOTICE``; the
tests check every event of the bundled samples).  The mapping:

==================  ==========================================================================
NINJS               from the event
==================  ==========================================================================
``uri``             ``urn:wirefeed:story:<story_id>``: every version of a story has the same uri
``version``         the story version (``"1"``, ``"2"`` ...)
``versioncreated``  ``received_at``
``pubstatus``       ``usable``; ``canceled`` for a ``KILL`` / ``WITHDRAWN`` dispatch
``ednote``          the advisory; for a correction ``Correction: replaces version N`` (NINJS 2.2
                    has no signal property)
``headlines``       ``[{"role": "main", "value": headline}]``
``bodies``          ``main`` plain text (paragraphs separated by a blank line, with char and word
                    counts) and ``richtext`` HTML (one ``<p>`` per paragraph)
``language``        the dispatch language
``subjects``        the Media Topics: ``uri`` ``http://cv.iptc.org/newscodes/mediatopic/NNNNNNNN``,
                    ``literal`` ``medtop:NNNNNNNN``, ``name``, ``relevance`` = score x 100,
                    ``creator`` ``wirefeed`` (lexicon) or the agency
``places``          the countries: ``uri`` ``http://cvx.iptc.org/iso3166-1a2/xx``, ``literal``
                    the ISO 3166-1 alpha-2 code, ``name``, ``rel`` ``about`` / ``located`` /
                    ``mentions`` (subject / dateline / mentioned), in score order (NINJS 2.2
                    places have no relevance property)
``by``              the credits (``Reporting by A; Editing by B``)
``located``         the dateline: city and country or qualifier
``associations``    related stories: ``{"name": headline or "related story", "uri": story uri}``
``altids``          ``dispatch`` and ``event`` ids
``infosources``     the source (agency)
==================  ==========================================================================

A ``link`` event becomes a partial document (``representationtype: partial``): the earlier
story's uri with its new associations.  ``duplicate`` and ``rejected`` events are not
NINJS documents (:func:`event_to_ninjs` returns None).
"""
from __future__ import annotations

from datetime import datetime, timezone
from html import escape
from typing import Any

URI_PREFIX = "urn:wirefeed:story:"
MEDIATOPIC_URI = "http://cv.iptc.org/newscodes/mediatopic/"
ISO3166_URI = "http://cvx.iptc.org/iso3166-1a2/"
PROFILE = "wirefeed"
_PLACE_REL = {"subject": "about", "dateline": "located", "mentioned": "mentions"}
_CANCEL_FLAGS = ("KILL", "WITHDRAWN")


def story_uri(story_id: str, prefix: str = URI_PREFIX) -> str:
    return prefix + story_id


def _datetime(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.isoformat()


def _relevance(score: Any) -> int | None:
    if isinstance(score, bool) or not isinstance(score, (int, float)):
        return None
    return max(0, min(100, round(score * 100)))


def _by(credits: list[dict[str, Any]]) -> str | None:
    groups: dict[str, list[str]] = {}
    for c in credits or ():
        if isinstance(c, dict) and c.get("name"):
            groups.setdefault(str(c.get("role") or "reporting"), []).append(str(c["name"]))
    if not groups:
        return None
    parts = []
    for role, names in groups.items():
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        parts.append(f"{role[:1].upper()}{role[1:]} by {who}")
    return "; ".join(parts)


def _located(event: dict[str, Any]) -> str | None:
    dl = event.get("dateline") or {}
    city = dl.get("city")
    if not city:
        return None
    where = dl.get("qualifier")
    if not where and dl.get("country"):
        region = next((r for r in event.get("regions") or () if isinstance(r, dict) and r.get("code") == dl["country"]),
                      None)
        where = (region or {}).get("name_local") or (region or {}).get("name") or dl["country"]
    return f"{city}, {where}" if where and where != city else str(city)


def _subjects(event: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for t in event.get("topics") or ():
        code = t.get("code") if isinstance(t, dict) else None
        if not isinstance(code, str) or not code.startswith("medtop:"):
            continue
        s: dict[str, Any] = {"name": t.get("label_local") or t.get("label") or code, "rel": "about",
                             "uri": MEDIATOPIC_URI + code.split(":", 1)[1], "literal": code}
        rel = _relevance(t.get("score"))
        if rel is not None:
            s["relevance"] = rel
        s["creator"] = (event.get("source") or "agency") if t.get("source") == "agency" else "wirefeed"
        out.append(s)
    return out


def _places(event: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for r in event.get("regions") or ():
        code = r.get("code") if isinstance(r, dict) else None
        if not isinstance(code, str) or len(code) != 2:
            continue
        p: dict[str, Any] = {"name": r.get("name_local") or r.get("name") or code,
                             "rel": _PLACE_REL.get(str(r.get("role")), "mentions"),
                             "uri": ISO3166_URI + code.lower(), "literal": code}
        out.append(p)
    return out


def _associations(event: dict[str, Any], prefix: str) -> list[dict[str, Any]]:
    names = {s.get("story_id"): s.get("headline") for s in event.get("see_also") or ()
             if isinstance(s, dict) and s.get("story_id")}
    out = []
    for sid in event.get("related") or ():
        if isinstance(sid, str) and sid:
            out.append({"name": names.get(sid) or "related story", "uri": story_uri(sid, prefix), "type": "text"})
    return out


def event_to_ninjs(event: dict[str, Any], *, uri_prefix: str = URI_PREFIX) -> dict[str, Any] | None:
    """The NINJS 2.2 document for an event of the enriched topic (None for duplicates and rejects)."""
    kind = event.get("kind")
    sid = event.get("story_id")
    if kind in (None, "rejected", "duplicate") or not isinstance(sid, str) or not sid:
        return None
    if kind == "repeat" and event.get("duplicate_of"):
        return None
    uri = story_uri(sid, uri_prefix)
    if kind == "link":
        doc: dict[str, Any] = {"uri": uri, "type": "text", "representationtype": "partial", "profile": PROFILE}
        assoc = _associations(event, uri_prefix)
        if assoc:
            doc["associations"] = assoc
        doc["altids"] = [{"role": "event", "value": str(event.get("event_id"))}]
        return doc

    flags = [str(f) for f in event.get("flags") or ()]
    doc = {"uri": uri, "type": "text", "representationtype": "full", "profile": PROFILE}
    if event.get("version") is not None:
        doc["version"] = str(event["version"])
    vc = _datetime(event.get("received_at"))
    if vc:
        doc["versioncreated"] = vc
    doc["pubstatus"] = "canceled" if any(f.split(" ")[0] in _CANCEL_FLAGS for f in flags) else "usable"
    notes = []
    if kind == "correction":
        prev = (event.get("version") or 1) - 1
        notes.append(f"Correction: replaces version {prev}" if prev >= 1 else "Correction")
    if event.get("advisory"):
        notes.append(str(event["advisory"]))
    if notes:
        doc["ednote"] = ". ".join(notes)
    lang = event.get("language")
    if isinstance(lang, str) and lang and lang != "und":
        doc["language"] = lang
    doc["headlines"] = [{"role": "main", "contenttype": "text/plain", "value": str(event.get("headline") or "")}]
    paragraphs = [str(p) for p in event.get("paragraphs") or () if p]
    if paragraphs:
        plain = "\n\n".join(paragraphs)
        doc["bodies"] = [
            {"role": "main", "contenttype": "text/plain", "charcount": len(plain),
             "wordcount": sum(len(p.split()) for p in paragraphs), "value": plain},
            {"role": "richtext", "contenttype": "text/html",
             "value": "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs)},
        ]
    subjects = _subjects(event)
    if subjects:
        doc["subjects"] = subjects
    places = _places(event)
    if places:
        doc["places"] = places
    by = _by(event.get("credits") or [])
    if by:
        doc["by"] = by
    located = _located(event)
    if located:
        doc["located"] = located
    assoc = _associations(event, uri_prefix)
    if assoc:
        doc["associations"] = assoc
    doc["altids"] = [{"role": "dispatch", "value": str(event.get("dispatch_id"))},
                     {"role": "event", "value": str(event.get("event_id"))}]
    if event.get("source"):
        doc["infosources"] = [{"name": str(event["source"])}]
    return doc
