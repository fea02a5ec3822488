"""Language detection: py3langid (what wirefeed ships) against lingua, on real wire copy and short texts.

    python benchmarks/bench_language.py --gold ../shared/data/wire-dev/dev.jsonl [--corpus ../shared/data/reuters21578]

Needs ``pip install lingua-language-detector`` for the lingua rows (not a wirefeed dependency).
Test sets, all read from the given paths (never copied):

* ``dispatch``: the first 300 characters of each raw dispatch (furniture and all), gold language;
* ``lead-12`` / ``lead-5``: the first 12 / 5 words of each gold lead;
* ``headline``: the gold headlines (where the page has one);
* ``reuters-title``: Reuters-21578 headlines (English, often all capitals), with ``--corpus``.

Both detectors choose among the same candidate languages (``streams.parsing.language.CANDIDATES``).
Prints accuracy and the median time per call.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streams.parsing import language as L  # noqa: E402


def sets(gold: Path, corpus: Path | None, limit: int) -> dict[str, list[tuple[str, str]]]:
    lines = [orjson.loads(x) for x in gold.read_bytes().splitlines() if x.strip()]
    out = {
        "dispatch": [(x["text"][:300], x["gold"]["language"]) for x in lines],
        "lead-12": [(" ".join(x["gold"]["lead"].split()[:12]), x["gold"]["language"]) for x in lines if x["gold"].get("lead")],
        "lead-5": [(" ".join(x["gold"]["lead"].split()[:5]), x["gold"]["language"]) for x in lines if x["gold"].get("lead")],
        "headline": [(x["gold"]["headline"], x["gold"]["language"]) for x in lines if x["gold"].get("headline")],
    }
    if corpus:
        from streams.evaluation.reuters import iter_corpus

        titles = []
        for doc in iter_corpus(corpus):
            if doc.title and len(doc.title.split()) >= 3:
                titles.append((doc.title.strip(), "en"))
            if len(titles) >= limit:
                break
        out["reuters-title"] = titles
    return out


def py3langid_detector():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    ident.set_languages(list(L.CANDIDATES))

    def detect(text: str) -> str:
        return ident.classify(text.lower() if text.isupper() else text)[0]

    return detect


def lingua_detector(low_accuracy: bool = False):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    langs = [getattr(IsoCode639_1, {"no": "NB"}.get(c, c.upper())) for c in L.CANDIDATES]
    b = LanguageDetectorBuilder.from_iso_codes_639_1(*langs).with_preloaded_language_models()
    if low_accuracy:
        b = b.with_low_accuracy_mode()
    det = b.build()

    def detect(text: str) -> str | None:
        lang = det.detect_language_of(text)
        return {"nb": "no"}.get(lang.iso_code_639_1.name.lower(), lang.iso_code_639_1.name.lower()) if lang else None

    return detect


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--limit", type=int, default=2000)
    a = ap.parse_args(argv)
    data = sets(a.gold, a.corpus, a.limit)
    detectors = {"py3langid": py3langid_detector, "wirefeed (detect)": lambda: lambda t: L.detect(t)}
    try:
        import lingua  # noqa: F401

        detectors["lingua high"] = lingua_detector
        detectors["lingua low"] = lambda: lingua_detector(True)
    except ImportError:
        print("(lingua-language-detector not installed: its rows are left out)")
    print(f"{'detector':18} {'load s':>7} " + " ".join(f"{k + f' ({len(v)})':>19}" for k, v in data.items()))
    for name, make in detectors.items():
        t0 = time.perf_counter()
        det = make()
        det("warm up the model")
        load = time.perf_counter() - t0
        cells = []
        for items in data.values():
            ok, times = 0, []
            for text, want in items:
                t = time.perf_counter()
                got = det(text)
                times.append(time.perf_counter() - t)
                ok += got == want
            cells.append(f"{ok / len(items):6.1%} {statistics.median(times) * 1e6:7.0f} µs")
        print(f"{name:18} {load:7.2f} " + " ".join(f"{c:>19}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
