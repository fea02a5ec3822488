"""Evaluate the dispatch parser on Reuters-21578 (read by path, never copied).

For every document with a ``DATELINE``, the story is rebuilt as it came over the
wire (``doc.to_wire()``: headline, then the dateline glued to the indented body)
and parsed with ``received_at`` from the document's ``DATE``.  Gold, from the
``DATELINE`` element alone:

- city: the text before the first comma (or before the dash), compared
  case-insensitively with spaces normalised;
- date: month and day written in the dateline (English month names, or their
  first three letters; typos such as ``Narch`` resolved by the nearest name), the
  year of ``DATE`` when the document has one; without ``DATE`` no date is expected (the
  parser invents no partial ``--MM-DD`` date);
  a dateline without a date expects no date.

Measured: the share with city and date both right (target >= 99%), city alone,
date alone, and the share whose body came out clean: the dateline is not left at the
start of the first paragraph and no sign-off (``Reuter``, ``REUTER``) is left at the end.
"""
from __future__ import annotations

import difflib
import re
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..model import DispatchError, Envelope
from ..parsing import parse
from .reuters import iter_corpus

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_GOLD_DATE = re.compile(r"\b([A-Za-z]{3,10})\.?\s*(\d{1,3})\b|\b(\d{1,2})\s+([A-Za-z]{3,10})\b")
_CORE = re.compile(r"^(.*?\d{1,2}\s*,?\s*-+|.*?\s-+)")
# A sign-off left over: alone, or after the end of a sentence ("... ounce. REUTER"), not "told Reuters."
_SIGNOFF = re.compile(r"(?:^|[.!?\"')\]]\s+)(?:REUTERS?|Reuters?|reuters?)\W{0,5}(?:\^M)?\s*$")


def _gold_city(dl: str) -> str:
    s = dl.strip()
    m = _GOLD_DATE.search(s)
    if m and _month(m.group(1) or m.group(4)):
        s = s[:m.start()]
    cut = s.find(",")
    if cut < 0:
        m = re.search(r"\s[-–]", s)
        cut = m.start() if m else len(s)
    city = re.sub(r"^[^A-Za-z]+", "", s[:cut])
    return " ".join(city.split()).lower()


def _month(word: str) -> int | None:
    word = word.lower()
    month = next((i + 1 for i, name in enumerate(_MONTHS) if name.startswith(word[:3]) and len(word) >= 3), None)
    if month is None:
        close = difflib.get_close_matches(word, _MONTHS, n=1, cutoff=0.75)
        month = _MONTHS.index(close[0]) + 1 if close else None
    return month


def _gold_date(dl: str, received: datetime | None) -> str | None:
    for m in _GOLD_DATE.finditer(dl):
        month = _month(m.group(1) or m.group(4))
        if month is None:
            continue
        day = int(m.group(2) or m.group(3))
        if not 1 <= day <= 31:
            return None
        if received is None:
            return None  # no year known: the parser gives no date rather than a partial one
        ref = received.date()
        cands = []
        for y in (ref.year - 1, ref.year, ref.year + 1):
            try:
                cands.append(date(y, month, day))
            except ValueError:
                pass
        if not cands:
            return None
        return min(cands, key=lambda c: abs((c - ref).days)).isoformat()
    return None


def _norm(s: str | None) -> str:
    return " ".join((s or "").split()).lower()


def evaluate(corpus: Path, *, limit: int | None = None, progress: bool = False) -> dict[str, Any]:
    """Parse every dated Reuters-21578 story; return counts, shares and a few failures of each kind."""
    docs = [d for d in iter_corpus(Path(corpus)) if d.dateline]
    if limit is not None:
        docs = docs[:limit]
    counts = {"documents": len(docs), "parsed": 0, "rejected": 0, "city_ok": 0, "date_ok": 0, "city_and_date_ok": 0,
              "dateline_removed": 0, "signoff_removed": 0, "body_clean": 0, "no_received_at": 0}
    failures: dict[str, list[dict[str, Any]]] = {"city_or_date": [], "body": [], "rejected": []}
    rejected_codes: dict[str, int] = {}

    def run(advance=lambda: None) -> None:
        for doc in docs:
            advance()
            received = doc.date
            if received is None:
                counts["no_received_at"] += 1
            env = Envelope(id=str(doc.newid), text=doc.to_wire(), received_at=received)
            try:
                p = parse(env)
            except DispatchError as e:
                counts["rejected"] += 1
                rejected_codes[e.code] = rejected_codes.get(e.code, 0) + 1
                if len(failures["rejected"]) < 20:
                    failures["rejected"].append({"newid": doc.newid, "code": e.code, "message": e.message})
                continue
            counts["parsed"] += 1
            gold_city = _gold_city(doc.dateline)
            gold_date = _gold_date(doc.dateline, received)
            city_ok = _norm(p.dateline.city) == gold_city
            date_ok = p.dateline.date == gold_date
            counts["city_ok"] += city_ok
            counts["date_ok"] += date_ok
            counts["city_and_date_ok"] += city_ok and date_ok
            if not (city_ok and date_ok) and len(failures["city_or_date"]) < 40:
                failures["city_or_date"].append({"newid": doc.newid, "gold": doc.dateline.strip()[:60],
                                                 "city": p.dateline.city, "date": p.dateline.date,
                                                 "gold_city": gold_city, "gold_date": gold_date})
            first = p.paragraphs[0] if p.paragraphs else ""
            m = _CORE.match(doc.dateline.strip())
            core = _norm(m.group(1) if m else doc.dateline)
            dl_removed = not _norm(first).startswith(core)
            last = p.paragraphs[-1] if p.paragraphs else ""
            so_removed = not _SIGNOFF.search(last)
            counts["dateline_removed"] += dl_removed
            counts["signoff_removed"] += so_removed
            counts["body_clean"] += dl_removed and so_removed
            if not (dl_removed and so_removed) and len(failures["body"]) < 40:
                failures["body"].append({"newid": doc.newid, "first": first[:80], "last": last[-60:]})

    started = time.perf_counter()
    if progress:
        from rich.progress import Progress

        with Progress() as bar:
            task = bar.add_task("parsing Reuters-21578", total=len(docs))
            run(lambda: bar.advance(task))
    else:
        run()
    elapsed = time.perf_counter() - started
    n = counts["documents"] or 1
    shares = {k: counts[k] / n for k in ("city_and_date_ok", "city_ok", "date_ok", "body_clean", "dateline_removed",
                                         "signoff_removed", "rejected")}
    return {"corpus": str(corpus), "counts": counts, "shares": shares, "rejected_codes": rejected_codes,
            "failures": failures, "seconds": elapsed, "target_city_and_date": 0.99,
            "passed": shares["city_and_date_ok"] >= 0.99}


def report(result: dict[str, Any]) -> str:
    """A human-readable table of :func:`evaluate`'s result."""
    c, s = result["counts"], result["shares"]
    n = c["documents"]
    rows = [
        ("documents with a DATELINE", f"{n}", ""),
        ("city and date right", f"{c['city_and_date_ok']}", f"{s['city_and_date_ok']:.2%}  (target >= 99%)"),
        ("  city right", f"{c['city_ok']}", f"{s['city_ok']:.2%}"),
        ("  date right", f"{c['date_ok']}", f"{s['date_ok']:.2%}"),
        ("body clean (no dateline, no sign-off)", f"{c['body_clean']}", f"{s['body_clean']:.2%}"),
        ("  dateline removed", f"{c['dateline_removed']}", f"{s['dateline_removed']:.2%}"),
        ("  sign-off removed", f"{c['signoff_removed']}", f"{s['signoff_removed']:.2%}"),
        ("rejected by the parser", f"{c['rejected']}", f"{s['rejected']:.2%}"),
        ("without DATE (year unknown: no date expected)", f"{c['no_received_at']}", ""),
    ]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    lines = [f"Parse evaluation on {result['corpus']}", ""]
    lines += [f"{a:<{w0}}  {b:>{w1}}  {cc}".rstrip() for a, b, cc in rows]
    if result.get("rejected_codes"):
        lines.append("rejections: " + ", ".join(f"{k} {v}" for k, v in sorted(result["rejected_codes"].items())))
    if result.get("seconds"):
        lines.append(f"{result['seconds']:.1f} s ({n / result['seconds']:.0f} documents/s, evaluation loop with model load;"
                     " see benchmarks/bench_parse.py for throughput)")
    lines.append("PASS" if result.get("passed") else "BELOW TARGET")
    return "\n".join(lines)
