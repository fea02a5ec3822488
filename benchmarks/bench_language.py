"""Language detection: py3langid (what wirefeed ships) against lingua, on real wire copy and short texts.

    python benchmarks/bench_language.py --gold ../shared/data/wire-dev/dev.jsonl [--corpus ../shared/data/reuters21578]
    python benchmarks/bench_language.py --speed --corpus ../shared/data/reuters21578 [--root PATH] [--repeat 7]
    python benchmarks/bench_language.py --shortcut --gold ../shared/data/wire-dev/dev.jsonl --corpus ../shared/data/reuters21578 --limit 100000

Needs ``pip install lingua-language-detector`` for the lingua rows (not a wirefeed dependency).
Test sets, all read from the given paths (never copied):

* ``dispatch``: the first 300 characters of each raw dispatch (furniture and all), gold language;
* ``lead-12`` / ``lead-5``: the first 12 / 5 words of each gold lead;
* ``headline``: the gold headlines (where the page has one);
* ``reuters-title``: Reuters-21578 headlines (English, often all capitals), with ``--corpus``.

Both detectors choose among the same candidate languages (``streams.parsing.language.CANDIDATES``).
Prints accuracy and the median time per call.

``--speed``: CPU time per 300-character sample (the first 300 characters of the first ``--limit``
Reuters-21578 stories as wire text; ``--gold`` dispatches instead without ``--corpus``), best of
``--repeat`` passes, of each step of wirefeed's detection: the DFA walk alone (``_Walker._walk``),
walk and feature count (``_Walker.features``), the whole numpy rank (``_Walker.rank``),
``_rank`` without its cache and ``check_language``; and py3langid's own ``rank`` for reference.
``--root`` times another checkout of the project (e.g. main) with the same script.

``--shortcut``: the function-word shortcut (``clear_language``) against the model on every sample the
pipeline detects on (``Pipeline.process`` over the ``--gold`` dispatches, with their declared language,
without one and with a wrong one, and over the first ``--limit`` ``--corpus`` stories): how many it decides, and every
sample where the detected language or ``check_language``'s answer would differ without it.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

if "--root" in sys.argv:
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--root") + 1]).resolve()))
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


def speed(samples: list[str], repeat: int) -> None:
    """CPU time per sample of each step, best of ``repeat`` passes over all samples."""
    ident = L._identifier(L.LATIN)
    walker_rank = L._ranked(ident, "warm up the model and the walker") and L._walker.rank

    def uncached(f):
        def g(text):
            L._ranked_recent.cache_clear()
            return f(text)
        return g

    walker = L._walker
    data = {t: ident._encode(t) for t in samples}  # the walk's input, encoded once
    steps = {
        "_Walker._walk": lambda t: walker._walk(data[t]),
        "_Walker.features": lambda t: walker.features(data[t]),
        "_Walker.rank": lambda t: walker_rank(ident, t),
        "clear_language": L.clear_language,
        "_rank (uncached)": uncached(L._rank),
        "check_language (uncached)": uncached(lambda t: L.check_language("en", t)),
        "py3langid rank": ident.rank,
    }
    best = dict.fromkeys(steps, float("inf"))
    for i in range(repeat):
        for name, f in steps.items():
            if name == "py3langid rank" and i >= 2:
                continue  # slow and not what we tune: two passes are enough
            t0 = time.process_time()
            for text in samples:
                f(text)
            best[name] = min(best[name], (time.process_time() - t0) / len(samples))
    print(f"{L.__file__}: {len(samples)} samples of <= {L.SAMPLE_CHARS} characters, CPU time per sample, "
          f"best of {repeat}")
    for name, t in best.items():
        print(f"  {name:28} {t * 1e6:7.1f} µs")


def pipeline_samples(gold: Path | None, corpus: Path | None, limit: int) -> dict[str, list[tuple[str, str | None]]]:
    """Every (text, declared language) the pipeline detects on, by set: the parser's sample and the
    threading scope's, as ``Pipeline.process`` passes them to ``_rank``."""
    from streams.model import Envelope
    from streams.pipeline import Pipeline

    seen: dict[str, list[tuple[str, str | None]]] = {}
    rank, current = L._rank, [""]

    def recording(text, also=None):
        seen.setdefault(current[0], []).append((text, also))
        return rank(text, also)

    envelopes: list[tuple[str, Envelope]] = []
    for line in (gold.read_bytes().splitlines() if gold else []):
        if line.strip():
            x = orjson.loads(line)
            # declared as the sender would (the envelope's language, else the gold one), not at all, and
            # wrongly (the next language we tag)
            right = x.get("language") or (x.get("gold") or {}).get("language")
            wrong = L.SUPPORTED[(L.SUPPORTED.index(right) + 1) % len(L.SUPPORTED)] if right in L.SUPPORTED else "en"
            for how, declared in (("declared", right), ("undeclared", None), ("mis-declared", wrong)):
                envelopes.append((f"{gold.name} ({how})",
                                  Envelope(id=f"{x['id']}-{how}", text=x["text"], language=declared)))
    if corpus:
        from streams.evaluation.reuters import iter_corpus

        for doc in iter_corpus(corpus):
            envelopes.append(("reuters21578", Envelope(id=f"reuters-{doc.newid}", text=doc.to_wire(), received_at=doc.date)))
            if len(envelopes) >= limit:
                break
    pipeline = Pipeline()
    L._rank = recording
    try:
        for i, (name, env) in enumerate(envelopes):
            current[0] = name
            pipeline.process(env, str(i))
    finally:
        L._rank = rank
    return seen


def shortcut(gold: Path | None, corpus: Path | None, limit: int) -> int:
    """The shortcut's share and its disagreements with the model (see the module doc); 1 if any."""
    clear = L.clear_language
    differ = 0
    for name, items in pipeline_samples(gold, corpus, limit).items():
        decided = wrong = 0
        for text, also in items:
            L.clear_language = lambda sample: None
            try:
                model = L._rank(text, also)[0], L.check_language(also, text)
            finally:
                L.clear_language = clear
            decided += clear(text[:L.SAMPLE_CHARS]) is not None
            got = L._rank(text, also)[0], L.check_language(also, text)
            if got != model:
                wrong += 1
                print(f"  differs: {name}: model {model}, with the shortcut {got}: {text[:100]!r}")
        differ += wrong
        print(f"{name:32} {len(items):6} samples  clear by function words {decided / len(items):6.1%}  differs on {wrong}")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--speed", action="store_true", help="time the steps of detection instead")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--root", help="project checkout to time (with --speed)")
    ap.add_argument("--shortcut", action="store_true",
                    help="the function-word shortcut against the model on the pipeline's samples instead")
    a = ap.parse_args(argv)
    if a.shortcut:
        if not (a.gold or a.corpus):
            ap.error("--shortcut needs --gold and/or --corpus")
        return shortcut(a.gold, a.corpus, a.limit)
    if a.speed:
        if a.corpus:
            from streams.evaluation.reuters import iter_corpus

            samples = []
            for doc in iter_corpus(a.corpus):
                samples.append(doc.to_wire()[:L.SAMPLE_CHARS])
                if len(samples) >= a.limit:
                    break
        elif a.gold:
            samples = [orjson.loads(x)["text"][:L.SAMPLE_CHARS] for x in a.gold.read_bytes().splitlines() if x.strip()]
        else:
            ap.error("--speed needs --corpus or --gold")
        speed(samples, a.repeat)
        return 0
    if not a.gold:
        ap.error("--gold is required")
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
