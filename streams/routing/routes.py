"""The routes file: desks, each a subscription to part of the enriched stream.

Pure (no Kafka, no file watching): :func:`parse_routes` turns the YAML text into a
validated :class:`Routes` or raises :class:`RoutesError` listing every problem with
its place in the file.  The file format (``examples/routes.yml`` is a commented
example)::

    version: 1                      # optional
    defaults:                       # optional: any desk key, applied to desks that do not set it
      region_roles: [subject]
    desks:
      france:                       # the desk's name: lower-case letters, digits, - and _
        description: Stories about France
        regions: [FR]               # ISO 3166-1 alpha-2 countries and UN M49 regions ("150" Europe)
      markets:
        topics: [medtop:20000385]   # a Media Topic matches its narrower topics too
        min_topic_score: 0.4
        languages: [en, fr]
        exclude:
          regions: [US]

A desk receives an event when every criterion it sets matches (within one list, any
value will do) and no exclusion matches; see :meth:`Desk.matches`.  Versions follow
their story: see :mod:`streams.routing.router`.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import yaml

from . import areas
from .yamlload import load_yaml

# The kinds of event that reach the enriched topic, hence desks.  ``duplicate`` and
# ``rejected`` (and a ``repeat`` of a story already published) never reach a desk.
ROUTABLE_KINDS = ("new", "update", "correction", "repeat", "link")
REGION_ROLES = ("subject", "dateline", "mentioned", "prior")
DEFAULT_REGION_ROLES = ("subject",)
DESK_TOPIC_PREFIX = "wire.desk."
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
LANG_RE = re.compile(r"^[a-z]{2,3}$")

DESK_KEYS = ("description", "regions", "region_roles", "min_region_score", "topics", "min_topic_score",
             "languages", "kinds", "sources", "exclude")
EXCLUDE_KEYS = ("regions", "topics", "languages", "sources", "flags")
TOP_KEYS = ("version", "defaults", "desks")


class RoutesError(ValueError):
    """A routes file that cannot be used; ``errors`` lists every problem (``where: what``)."""

    def __init__(self, errors: list[str], source: str | None = None) -> None:
        self.errors = list(errors)
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}invalid routes ({len(self.errors)} problem{'s' if len(self.errors) != 1 else ''}): "
                         + "; ".join(self.errors))


@dataclass(frozen=True)
class Desk:
    name: str
    description: str | None = None
    regions: tuple[str, ...] = ()
    region_roles: tuple[str, ...] = DEFAULT_REGION_ROLES
    min_region_score: float = 0.0
    topics: tuple[str, ...] = ()
    min_topic_score: float = 0.0
    languages: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ROUTABLE_KINDS
    sources: tuple[str, ...] = ()
    exclude_regions: tuple[str, ...] = ()
    exclude_topics: tuple[str, ...] = ()
    exclude_languages: tuple[str, ...] = ()
    exclude_sources: tuple[str, ...] = ()
    exclude_flags: tuple[str, ...] = ()

    @property
    def has_criteria(self) -> bool:
        return bool(self.regions or self.topics or self.languages or self.sources)

    # -- matching -------------------------------------------------------------------------------
    def matches(self, event: dict[str, Any]) -> bool:
        """Does the event's own content match this desk (kind, criteria, exclusions)?"""
        return self.check(event)[0]

    def check(self, event: dict[str, Any], explain: bool = False) -> tuple[bool, list[str]]:
        """(matches, reasons).  Reasons (only built when ``explain``) say what matched or what did not."""
        why: list[str] = []
        kind = event.get("kind")
        if kind not in self.kinds:
            if explain:
                why.append(f"kind {kind} is not one of {', '.join(self.kinds)}")
            return False, why
        if kind == "link":  # a link carries no content: it only follows its story (see Router)
            if explain:
                why.append("a link event only reaches the desks that got its story")
            return False, why
        ok = True
        for field, allowed in (("language", self.languages), ("source", self.sources)):
            if ok and allowed:
                value = (event.get(field) or "").lower()
                hit = value in allowed
                ok &= hit
                if explain:
                    why.append(f"{field} {value or '?'} {'is' if hit else 'is not'} one of {', '.join(allowed)}")
        if ok and self.regions:
            found = self._regions_in(event, self.regions)
            ok &= bool(found)
            if explain:
                score = f", score >= {self.min_region_score:g}" if self.min_region_score else ""
                why.append(f"regions: {', '.join(found)}" if found else
                           f"no region ({'/'.join(self.region_roles)}{score}) "
                           f"in {', '.join(self.regions)}; the event has {_regions_str(event)}")
        if ok and self.topics:
            found = self._topics_in(event, self.topics)
            ok &= bool(found)
            if explain:
                score = f" (score >= {self.min_topic_score:g})" if self.min_topic_score else ""
                why.append(f"topics: {', '.join(found)}" if found else
                           f"no topic{score} in or under {', '.join(self.topics)}; "
                           f"the event has {_topics_str(event)}")
        if not ok:
            return False, why
        excluded = self._excluded(event)
        if excluded:
            if explain:
                why.append(f"excluded: {excluded}")
            return False, why
        if explain and not self.has_criteria:
            why.append("the desk takes every event of its kinds")
        return True, why

    def _regions_in(self, event: dict[str, Any], codes: Iterable[str]) -> list[str]:
        want = set(codes)
        found = []
        for r in event.get("regions") or ():
            if not isinstance(r, dict):
                continue
            role = "prior" if r.get("prior") else r.get("role")
            if role not in self.region_roles:
                continue
            score = r.get("score")
            if self.min_region_score and not (isinstance(score, (int, float)) and score >= self.min_region_score):
                continue
            hit = areas.areas_of_region(r) & want
            if hit:
                found.append(f"{r.get('code')} ({role}, {score}) in {', '.join(sorted(hit))}")
        return found

    def _topics_in(self, event: dict[str, Any], codes: Iterable[str]) -> list[str]:
        from ..topics.taxonomy import load_taxonomy

        tax = load_taxonomy()
        want = set(codes)
        found = []
        for t in event.get("topics") or ():
            if not isinstance(t, dict) or not isinstance(t.get("code"), str):
                continue
            score = t.get("score")
            if self.min_topic_score and not (isinstance(score, (int, float)) and score >= self.min_topic_score):
                continue
            code = t["code"]
            hit = ({code} | set(tax.ancestors(code))) & want
            if hit:
                found.append(f"{code} {t.get('label') or ''} ({score}) under {', '.join(sorted(hit))}".replace("  ", " "))
        return found

    def _excluded(self, event: dict[str, Any]) -> str | None:
        if self.exclude_languages and (event.get("language") or "").lower() in self.exclude_languages:
            return f"language {event.get('language')}"
        if self.exclude_sources and (event.get("source") or "").lower() in self.exclude_sources:
            return f"source {event.get('source')}"
        if self.exclude_flags:
            for f in event.get("flags") or ():
                word = str(f).split(" ")[0].upper()
                if word in self.exclude_flags or str(f).upper() in self.exclude_flags:
                    return f"flag {f}"
        if self.exclude_regions:
            found = self._regions_in(event, self.exclude_regions)
            if found:
                return "region " + found[0]
        if self.exclude_topics:
            found = self._topics_in(event, self.exclude_topics)
            if found:
                return "topic " + found[0]
        return None

    # -- explanation ----------------------------------------------------------------------------
    def describe(self) -> list[str]:
        """What the desk receives, in words (``wirefeed routes check``)."""
        out = []
        if self.description:
            out.append(self.description)
        if self.regions:
            score = f", score >= {self.min_region_score:g}" if self.min_region_score else ""
            out.append(f"regions ({'/'.join(self.region_roles)}{score}): {areas.describe(self.regions)}")
        if self.topics:
            score = f", score >= {self.min_topic_score:g}" if self.min_topic_score else ""
            out.append(f"topics (or narrower{score}): {_topics_describe(self.topics)}")
        if self.languages:
            out.append(f"languages: {', '.join(self.languages)}")
        if self.sources:
            out.append(f"sources: {', '.join(self.sources)}")
        if not self.has_criteria:
            out.append("every event (no region, topic, language or source criterion)")
        out.append(f"kinds: {', '.join(self.kinds)}")
        ex = []
        if self.exclude_regions:
            ex.append(f"regions {areas.describe(self.exclude_regions)}")
        if self.exclude_topics:
            ex.append(f"topics {_topics_describe(self.exclude_topics)}")
        if self.exclude_languages:
            ex.append(f"languages {', '.join(self.exclude_languages)}")
        if self.exclude_sources:
            ex.append(f"sources {', '.join(self.exclude_sources)}")
        if self.exclude_flags:
            ex.append(f"flags {', '.join(self.exclude_flags)}")
        if ex:
            out.append("except " + "; ".join(ex))
        return out


@dataclass(frozen=True)
class Routes:
    desks: tuple[Desk, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)
    source: str | None = field(default=None, compare=False)

    @property
    def names(self) -> list[str]:
        return [d.name for d in self.desks]

    def get(self, name: str) -> Desk | None:
        for d in self.desks:
            if d.name == name:
                return d
        return None

    def topics(self, prefix: str = DESK_TOPIC_PREFIX) -> list[str]:
        """The Kafka topics of the desks (``prefix`` + name: ``WIREFEED_TOPIC_DESK_PREFIX``)."""
        return [desk_topic(d.name, prefix) for d in self.desks]

    def describe(self, prefix: str = DESK_TOPIC_PREFIX) -> str:
        """The desks in words, with the topics they get under ``prefix`` (``WIREFEED_TOPIC_DESK_PREFIX``)."""
        lines = [f"{len(self.desks)} desk{'s' if len(self.desks) != 1 else ''}"
                 + (f" in {self.source}" if self.source else "")]
        for d in self.desks:
            lines.append(f"- {d.name} -> {desk_topic(d.name, prefix)}")
            lines.extend(f"    {x}" for x in d.describe())
        lines.append("later versions, corrections and link events of a story go to the desks that got its first "
                     "version (and only to those)")
        for w in self.warnings:
            lines.append(f"warning: {w}")
        return "\n".join(lines)


def desk_topic(name: str, prefix: str = DESK_TOPIC_PREFIX) -> str:
    return prefix + name


# ---------------------------------------------------------------------------------------------
# parsing and validation


def parse_routes(text: str | bytes, source: str | None = None) -> Routes:
    """Parse and validate a routes file's text.  Raises :class:`RoutesError` with every problem."""
    try:
        doc = load_yaml(text)
    except yaml.YAMLError as e:
        raise RoutesError([f"not valid YAML: {_yaml_msg(e)}"], source) from None
    return routes_from_obj(doc, source)


def load_routes(path: str) -> Routes:
    """Read and validate a routes file (raises :class:`RoutesError`, also for an unreadable file)."""
    try:
        with open(path, "rb") as fh:
            text = fh.read()
    except OSError as e:
        raise RoutesError([f"cannot read the file: {e.strerror or e}"], str(path)) from None
    return parse_routes(text, str(path))


def routes_from_obj(doc: Any, source: str | None = None) -> Routes:
    v = _Validator()
    if doc is None:
        raise RoutesError(["the file is empty: it needs a 'desks' mapping"], source)
    if not isinstance(doc, dict):
        raise RoutesError([f"the top level must be a mapping with 'desks', not {_tname(doc)}"], source)
    v.unknown_keys(doc, TOP_KEYS, "")
    version = doc.get("version", 1)
    if version != 1:
        v.err("version", f"unsupported version {version!r} (this wirefeed reads version 1)")
    defaults_raw = doc.get("defaults") or {}
    if not isinstance(defaults_raw, dict):
        v.err("defaults", f"must be a mapping of desk keys, not {_tname(defaults_raw)}")
        defaults_raw = {}
    if "description" in defaults_raw:
        v.err("defaults.description", "a description belongs to one desk")
    v.unknown_keys(defaults_raw, DESK_KEYS, "defaults")
    desks_raw = doc.get("desks")
    desks: list[Desk] = []
    if desks_raw is None:
        v.err("desks", "missing: declare at least one desk")
    elif not isinstance(desks_raw, dict):
        v.err("desks", f"must be a mapping of desk name -> subscription, not {_tname(desks_raw)}")
    else:
        if not desks_raw:
            v.err("desks", "empty: declare at least one desk")
        for name, body in desks_raw.items():
            where = f"desks.{name}"
            if not isinstance(name, str) or not NAME_RE.match(name):
                v.err(where, f"bad desk name {name!r}: use 1-64 lower-case letters, digits, '-' or '_' "
                             "(it names the Kafka topic wire.desk.<name>)")
                continue
            if body is None:
                body = {}
            if not isinstance(body, dict):
                v.err(where, f"must be a mapping of criteria, not {_tname(body)}")
                continue
            merged = {k: val for k, val in defaults_raw.items() if k != "description"}
            merged.update(body)
            desk = v.desk(name, merged, body, where)
            if desk is not None:
                desks.append(desk)
    if v.errors:
        raise RoutesError(v.errors, source)
    return Routes(desks=tuple(desks), warnings=tuple(v.warnings), source=source)


class _Validator:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}" if where else msg)

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"{where}: {msg}" if where else msg)

    def unknown_keys(self, d: dict, allowed: Iterable[str], where: str) -> None:
        allowed = list(allowed)
        for k in d:
            if k not in allowed:
                close = difflib.get_close_matches(str(k), allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(allowed)})"
                self.err(f"{where}.{k}" if where else str(k), f"unknown key{hint}")

    def _where(self, where: str, key: str, own: dict) -> str:
        return f"{where}.{key}" if key in own else f"defaults.{key}"

    def listing(self, value: Any, where: str) -> list[Any] | None:
        if value is None:
            return []
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return [value]
        if isinstance(value, list):
            return value
        self.err(where, f"must be a list, not {_tname(value)}")
        return None

    def score(self, value: Any, where: str) -> float:
        if value is None:
            return 0.0
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            self.err(where, f"must be a number between 0 and 1, not {value!r}")
            return 0.0
        return float(value)

    def regions(self, value: Any, where: str) -> tuple[str, ...]:
        out: list[str] = []
        for i, item in enumerate(self.listing(value, where) or ()):
            code, error = areas.normalise(item)
            if error:
                self.err(f"{where}[{i}]", error)
            elif code not in out:
                out.append(code)  # type: ignore[arg-type]
        return tuple(out)

    def topics(self, value: Any, where: str) -> tuple[str, ...]:
        from ..topics.taxonomy import load_taxonomy

        tax = load_taxonomy()
        out: list[str] = []
        for i, item in enumerate(self.listing(value, where) or ()):
            w = f"{where}[{i}]"
            if isinstance(item, int) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                self.err(w, f"{item!r} is not a topic code (IPTC Media Topic, e.g. medtop:20000639)")
                continue
            s = item.strip()
            direct = s if s.startswith("medtop:") else (f"medtop:{s}" if re.fullmatch(r"2\d{7}", s) else None)
            if direct is None:
                m = re.search(r"mediatopic/(\d{8})$", s)
                direct = f"medtop:{m.group(1)}" if m else None
            if direct is not None and direct in tax:
                code = direct
                if not tax.is_active(direct):
                    active = tax.active_or_ancestor(direct)
                    if active is None:
                        self.err(w, f"{s} is a retired Media Topic with no active broader topic")
                        continue
                    self.warn(w, f"{s} is a retired Media Topic: using its nearest active broader topic "
                                 f"{active} ({tax.label(active)})")
                    code = active
            else:
                code = tax.resolve(s)
                if code is None:
                    self.err(w, f"{s!r} is not an IPTC Media Topic code known to the taxonomy "
                                "(write medtop:NNNNNNNN; an IPTC Subject Code such as subj:04000000 is mapped)")
                    continue
                self.warn(w, f"{s} is not a Media Topic code: mapped to {code} ({tax.label(code)})")
            if code not in out:
                out.append(code)
        return tuple(out)

    def words(self, value: Any, where: str, what: str, pattern: re.Pattern | None = None,
              allowed: Iterable[str] | None = None, upper: bool = False) -> tuple[str, ...]:
        out: list[str] = []
        allowed = tuple(allowed) if allowed is not None else None
        for i, item in enumerate(self.listing(value, where) or ()):
            if not isinstance(item, str) or not item.strip():
                self.err(f"{where}[{i}]", f"{item!r} is not a {what}")
                continue
            s = item.strip().upper() if upper else item.strip().lower()
            if pattern is not None and not pattern.match(s):
                self.err(f"{where}[{i}]", f"{item!r} is not a {what}")
                continue
            if allowed is not None and s not in allowed:
                close = difflib.get_close_matches(s, allowed, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.err(f"{where}[{i}]", f"{item!r} is not a {what} ({hint}one of {', '.join(allowed)})")
                continue
            if s not in out:
                out.append(s)
        return tuple(out)

    def desk(self, name: str, d: dict[str, Any], own: dict[str, Any], where: str) -> Desk | None:
        n0 = len(self.errors)
        self.unknown_keys(own, DESK_KEYS, where)
        w = lambda k: self._where(where, k, own)  # noqa: E731
        description = d.get("description")
        if description is not None and not isinstance(description, str):
            self.err(w("description"), "must be text")
            description = None
        kinds = ROUTABLE_KINDS
        if d.get("kinds") is not None:
            raw = self.listing(d.get("kinds"), w("kinds")) or []
            never = [k for k in raw if isinstance(k, str) and k.strip().lower() in ("duplicate", "rejected")]
            for k in never:
                self.err(w("kinds"), f"{k} events never reach a desk (they go to the duplicates and dead-letter "
                                     f"topics); routable kinds: {', '.join(ROUTABLE_KINDS)}")
            kinds = self.words([k for k in raw if k not in never], w("kinds"), "routable kind", allowed=ROUTABLE_KINDS)
            if not kinds and len(self.errors) == n0:
                self.err(w("kinds"), "empty: the desk would receive nothing")
        roles = self.words(d.get("region_roles"), w("region_roles"), "region role", allowed=REGION_ROLES) \
            if d.get("region_roles") is not None else DEFAULT_REGION_ROLES
        if d.get("region_roles") is not None and not roles and len(self.errors) == n0:
            self.err(w("region_roles"), "empty: no region could match")
        exclude = d.get("exclude") or {}
        if not isinstance(exclude, dict):
            self.err(w("exclude"), f"must be a mapping ({', '.join(EXCLUDE_KEYS)}), not {_tname(exclude)}")
            exclude = {}
        xw = w("exclude")
        self.unknown_keys(exclude, EXCLUDE_KEYS, xw)
        desk = Desk(
            name=name,
            description=description,
            regions=self.regions(d.get("regions"), w("regions")),
            region_roles=roles,
            min_region_score=self.score(d.get("min_region_score"), w("min_region_score")),
            topics=self.topics(d.get("topics"), w("topics")),
            min_topic_score=self.score(d.get("min_topic_score"), w("min_topic_score")),
            languages=self.words(d.get("languages"), w("languages"), "language code (ISO 639-1, e.g. fr)", LANG_RE),
            kinds=kinds,
            sources=self.words(d.get("sources"), w("sources"), "source name"),
            exclude_regions=self.regions(exclude.get("regions"), f"{xw}.regions"),
            exclude_topics=self.topics(exclude.get("topics"), f"{xw}.topics"),
            exclude_languages=self.words(exclude.get("languages"), f"{xw}.languages",
                                         "language code (ISO 639-1, e.g. fr)", LANG_RE),
            exclude_sources=self.words(exclude.get("sources"), f"{xw}.sources", "source name"),
            exclude_flags=self.words(exclude.get("flags"), f"{xw}.flags", "headline flag (e.g. ALERT)", upper=True),
        )
        if len(self.errors) > n0:
            return None
        if not desk.has_criteria:
            self.warn(where, "no region, topic, language or source criterion: the desk receives every event")
        for field_, xfield in (("regions", "exclude_regions"), ("topics", "exclude_topics"),
                               ("languages", "exclude_languages"), ("sources", "exclude_sources")):
            both = set(getattr(desk, field_)) & set(getattr(desk, xfield))
            if both:
                self.warn(where, f"{', '.join(sorted(both))} both wanted and excluded: excluded wins")
        return desk


def _topics_describe(codes: Iterable[str]) -> str:
    from ..topics.taxonomy import load_taxonomy

    tax = load_taxonomy()
    return ", ".join(f"{c} ({tax.label(c) or '?'})" for c in codes)


def _regions_str(event: dict[str, Any]) -> str:
    rs = [f"{r.get('code')} ({'prior' if r.get('prior') else r.get('role')}, {r.get('score')})"
          for r in event.get("regions") or () if isinstance(r, dict)]
    return ", ".join(rs) if rs else "no region"


def _topics_str(event: dict[str, Any]) -> str:
    ts = [f"{t.get('code')} ({t.get('score')})" for t in event.get("topics") or () if isinstance(t, dict)]
    return ", ".join(ts) if ts else "no topic"


def _tname(v: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number",
            bool: "true/false", type(None): "nothing"}.get(type(v), type(v).__name__)


def _yaml_msg(e: yaml.YAMLError) -> str:
    mark = getattr(e, "problem_mark", None)
    problem = getattr(e, "problem", None) or str(e).splitlines()[0]
    ctx = getattr(e, "context", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return f"{where}{(ctx + ': ') if ctx and ctx != problem else ''}{problem}"
