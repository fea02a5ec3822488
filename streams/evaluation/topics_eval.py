"""Evaluate the topic tagger against Reuters-21578 TOPICS.

    python -m streams.evaluation.topics_eval --corpus ../shared/data/reuters21578 [--limit N] [--progress]

Only documents with ``TOPICS="YES"`` are scored (the stories Reuters' indexers actually
labelled for topics; ``TOPICS="NO"`` stories carry no topic judgement).  The ten groups of
``topic-groups.json`` are used exactly as given: a document is a gold positive for a group
when any of its Reuters topics is in the group (so a document whose topics fall in no group
is a negative for every group); a prediction counts for a group when one of the predicted
codes, or one of their ancestors, is one of the group's IPTC codes.  The tagger is run on the
wire text through the parser (``parse`` + ``tag_topics``), with no envelope language and no
agency subject codes.  The corpus is read from its path, never copied.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from ..model import DispatchError, Envelope, ParsedDispatch
from ..parsing import parse
from ..topics import load_taxonomy, tag_topics
from .reuters import iter_corpus, load_json


def _groups(corpus: Path) -> dict[str, dict[str, list[str]]]:
    raw = load_json(corpus, "topic-groups.json")
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def evaluate(corpus: Path, *, limit: int | None = None, progress: bool = False,
             keep_errors: bool = False) -> dict[str, Any]:
    corpus = Path(corpus)
    groups = _groups(corpus)
    tax = load_taxonomy()
    counts = {g: {"tp": 0, "fp": 0, "fn": 0, "support": 0} for g in groups}
    errors: list[dict[str, Any]] = []
    n = skipped = rejected = 0
    t0 = time.perf_counter()
    tag_time = 0.0
    for doc in iter_corpus(corpus):
        if doc.attrs.get("TOPICS") != "YES":
            skipped += 1
            continue
        if limit is not None and n >= limit:
            break
        n += 1
        gold = {g for g, spec in groups.items() if set(doc.topics) & set(spec["reuters"])}
        env = Envelope(id=str(doc.newid), text=doc.to_wire())
        try:
            parsed = parse(env)
            t1 = time.perf_counter()
            topics = tag_topics(parsed, env.subjects)
            tag_time += time.perf_counter() - t1
        except DispatchError as e:
            # headline-only briefs (TYPE="BRIEF") are rejected by the parser (no body): tag the headline
            rejected += 1
            topics = tag_topics(ParsedDispatch(headline=(doc.title or doc.raw_text).strip()), env.subjects) \
                if e.code == "no_body" else []
        closure = tax.closure(t["code"] for t in topics)
        pred = {g for g, spec in groups.items() if closure & set(spec["iptc"])}
        for g in groups:
            c = counts[g]
            c["support"] += g in gold
            if g in gold and g in pred:
                c["tp"] += 1
            elif g in pred:
                c["fp"] += 1
            elif g in gold:
                c["fn"] += 1
        if keep_errors and gold != pred:
            errors.append({"newid": doc.newid, "title": doc.title, "reuters": doc.topics, "gold": sorted(gold),
                           "pred": sorted(pred), "topics": [(t["code"], t["label"], t["score"], t["evidence"][:5])
                                                            for t in topics]})
        if progress and n % 500 == 0:
            print(f"  {n} documents...", file=sys.stderr)
    per_group = {g: {**c, **_prf(c["tp"], c["fp"], c["fn"])} for g, c in counts.items()}
    tp = sum(c["tp"] for c in counts.values())
    fp = sum(c["fp"] for c in counts.values())
    fn = sum(c["fn"] for c in counts.values())
    macro_f1 = sum(v["f1"] for v in per_group.values()) / len(per_group) if per_group else 0.0
    result: dict[str, Any] = {
        "corpus": str(corpus),
        "documents": n,
        "skipped_topics_not_yes": skipped,
        "rejected_by_parser": rejected,
        "groups": per_group,
        "micro": {"tp": tp, "fp": fp, "fn": fn, **_prf(tp, fp, fn)},
        "macro_f1": round(macro_f1, 4),
        "seconds": round(time.perf_counter() - t0, 2),
        "tagging_docs_per_second": round(n / tag_time, 1) if tag_time else None,
    }
    if keep_errors:
        result["errors"] = errors
    return result


def report(result: dict[str, Any]) -> str:
    lines = [
        f"Reuters-21578 topics: {result['documents']} documents with TOPICS=\"YES\" "
        f"({result['skipped_topics_not_yes']} others skipped; {result['rejected_by_parser']} rejected by the parser, "
        f"headline-only ones tagged from their headline)",
        f"{'group':<14}{'support':>8}{'tp':>6}{'fp':>6}{'fn':>6}{'P':>8}{'R':>8}{'F1':>8}",
    ]
    for g, v in result["groups"].items():
        lines.append(f"{g:<14}{v['support']:>8}{v['tp']:>6}{v['fp']:>6}{v['fn']:>6}"
                     f"{v['precision']:>8.3f}{v['recall']:>8.3f}{v['f1']:>8.3f}")
    m = result["micro"]
    lines.append(f"{'micro':<14}{'':>8}{m['tp']:>6}{m['fp']:>6}{m['fn']:>6}"
                 f"{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}")
    lines.append(f"macro-F1 {result['macro_f1']:.3f}; {result['seconds']} s"
                 + (f"; tagging {result['tagging_docs_per_second']:.0f} docs/s" if result.get("tagging_docs_per_second") else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Evaluate topic tagging on Reuters-21578 TOPICS")
    ap.add_argument("--corpus", type=Path, default=Path("../shared/data/reuters21578"))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--progress", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("--errors", type=Path, help="write the misclassified documents (JSON lines) here")
    a = ap.parse_args(argv)
    res = evaluate(a.corpus, limit=a.limit, progress=a.progress, keep_errors=a.errors is not None)
    if a.errors:
        import json

        with open(a.errors, "w") as f:
            for e in res.pop("errors"):
                f.write(json.dumps(e) + "\n")
    if a.json:
        import json

        print(json.dumps(res, indent=1))
    else:
        print(report(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
