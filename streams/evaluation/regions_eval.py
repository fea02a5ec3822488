"""Evaluate the region tagger against the Reuters-21578 PLACES labels.

Which documents count: every document with at least one PLACES label (documents
without a label are skipped: an empty label set there means "not labelled", not
"about no country").  Labels are mapped to ISO 3166-1 alpha-2 with the corpus's
``places-iso3166.json`` as given (``ussr`` -> RU, ``west-germany`` -> DE ...).
Predicted = regions whose role is ``subject`` or ``dateline``, plus
``dateline.country``; supranational regions (``EU``, kind ``supranational``) are left out of the
comparison (PLACES lists countries).  Each document goes through the real pipeline
(``streams.parsing.parse`` then ``streams.regions.tag_regions``, exactly what
``streams.pipeline.prepare`` calls, without the unrelated topic tagging).

The corpus is read from its path (never copied into the project)::

    python -m streams.evaluation.regions_eval --corpus ../shared/data/reuters21578
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from ..model import Envelope
from .reuters import iter_corpus, load_json

PREDICTED_ROLES = ("subject", "dateline")


def predicted_codes(regions: list[dict[str, Any]], dateline_country: str | None) -> set[str]:
    # supranational regions (the EU) are no country: PLACES cannot confirm or refute them
    out = {r["code"] for r in regions if r.get("role") in PREDICTED_ROLES and r.get("kind") != "supranational"}
    if dateline_country:
        out.add(dateline_country)
    return out


def _note(counts, examples, code: str, doc, regions: list[dict], other_name: str, other: set[str],
          default_role: str | None) -> None:
    """Count an error for ``code`` and keep up to three examples (with the other side's codes)."""
    counts[code] += 1
    ex = examples.setdefault(code, [])
    if len(ex) < 3:
        r = next((r for r in regions if r["code"] == code), {})
        ex.append({"newid": doc.newid, "title": (doc.title or "").strip()[:80], other_name: sorted(other),
                   "role": r.get("role", default_role), "evidence": r.get("evidence", [])[:4]})


def evaluate(corpus: Path, *, limit: int | None = None, progress: bool = False, headline_only: bool = True) -> dict:
    """Micro P/R/F1 of the predicted countries against PLACES.

    ``headline_only``: the parser rejects headline-only stories (``no_body``); with this
    flag (the default) their headline is still tagged, otherwise they predict nothing.
    """
    from ..model import DispatchError, ParsedDispatch
    from ..parsing import parse
    from ..regions import tag_regions

    def prepare(env: Envelope):
        try:
            parsed = parse(env)
        except DispatchError as e:
            if not headline_only or e.code != "no_body":
                return {"kind": "rejected", "error": e.as_dict()}
            # a headline-only BRIEF: the parser rejects it, the headline still names places
            text = env.text if isinstance(env.text, str) else env.text.decode("utf-8", "replace")
            head = next((line.strip() for line in text.splitlines() if line.strip()), "")
            parsed = ParsedDispatch(headline=head)
            headline_docs.append(1)
        return parsed, tag_regions(parsed, source=env.source)

    corpus = Path(corpus)
    mapping = {k.lower(): v for k, v in load_json(corpus, "places-iso3166.json").items()}
    tp = fp = fn = 0
    n_docs = n_skipped = n_rejected = n_exact = 0
    fp_codes: Counter[str] = Counter()
    fn_codes: Counter[str] = Counter()
    fp_examples: dict[str, list[dict]] = {}
    fn_examples: dict[str, list[dict]] = {}
    unmapped: Counter[str] = Counter()
    t0 = time.perf_counter()
    tag_time = 0.0
    headline_docs: list[int] = []
    for doc in iter_corpus(corpus):
        if not doc.places:
            n_skipped += 1
            continue
        if limit is not None and n_docs >= limit:
            break
        gold = set()
        for p in doc.places:
            code = mapping.get(p.lower())
            if code:
                gold.add(code)
            else:
                unmapped[p] += 1
        received = doc.date if isinstance(doc.date, datetime) else None
        t = time.perf_counter()
        prepared = prepare(Envelope(id=f"reuters-{doc.newid}", text=doc.to_wire(), received_at=received))
        tag_time += time.perf_counter() - t
        n_docs += 1
        if isinstance(prepared, dict):  # rejected by the parser
            n_rejected += 1
            pred: set[str] = set()
            regions: list[dict] = []
        else:
            parsed, regions = prepared
            pred = predicted_codes(regions, parsed.dateline.country)
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        n_exact += pred == gold
        for code in pred - gold:
            _note(fp_codes, fp_examples, code, doc, regions, "gold", gold, "dateline")
        for code in gold - pred:
            _note(fn_codes, fn_examples, code, doc, regions, "pred", pred, None)
        if progress and n_docs % 1000 == 0:
            print(f"  {n_docs} docs ...", file=sys.stderr)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "documents": n_docs, "skipped_unlabelled": n_skipped, "rejected": n_rejected,
        "headline_only": len(headline_docs), "exact_match": n_exact,
        "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f1,
        "fp_codes": fp_codes.most_common(15), "fn_codes": fn_codes.most_common(15),
        "fp_examples": fp_examples, "fn_examples": fn_examples, "unmapped_labels": dict(unmapped),
        "seconds": time.perf_counter() - t0, "pipeline_seconds": tag_time,
    }


def report(result: dict) -> str:
    lines = [
        "Region tagging vs Reuters-21578 PLACES (documents with at least one PLACES label;",
        "predicted = roles subject|dateline + dateline.country; labels mapped by places-iso3166.json)",
        f"documents: {result['documents']} (skipped without label: {result['skipped_unlabelled']}, "
        f"rejected by the parser: {result['rejected']}, headline-only tagged from the headline: "
        f"{result.get('headline_only', 0)}, exact set match: {result['exact_match']})",
        f"micro  P={result['precision']:.4f}  R={result['recall']:.4f}  F1={result['f1']:.4f}   "
        f"(tp={result['tp']} fp={result['fp']} fn={result['fn']})",
        f"time: {result['seconds']:.1f} s total, {result['pipeline_seconds']:.1f} s in parse+tag",
        "",
        "most frequent false positives (code: count; examples newid [gold] role evidence):",
    ]
    for code, n in result["fp_codes"][:10]:
        exs = "; ".join(f"{e['newid']} {e['gold']} {e['role']} {e['evidence']}" for e in result["fp_examples"].get(code, [])[:2])
        lines.append(f"  {code}: {n}   {exs}")
    lines.append("most frequent false negatives (code: count; examples newid [pred] role evidence):")
    for code, n in result["fn_codes"][:10]:
        exs = "; ".join(f"{e['newid']} {e['pred']} {e['role']} {e['evidence']}" for e in result["fn_examples"].get(code, [])[:2])
        lines.append(f"  {code}: {n}   {exs}")
    if result.get("unmapped_labels"):
        lines.append(f"unmapped labels (ignored): {result['unmapped_labels']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Evaluate region tagging against Reuters-21578 PLACES")
    ap.add_argument("--corpus", required=True, help="folder with reut2-*.sgm and places-iso3166.json")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--progress", action="store_true")
    ap.add_argument("--no-headline-only", action="store_true",
                    help="count headline-only stories rejected by the parser as predicting nothing")
    args = ap.parse_args(argv)
    print(report(evaluate(Path(args.corpus), limit=args.limit, progress=args.progress,
                          headline_only=not args.no_headline_only)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
