"""Topic evaluation on Reuters-21578 (read from ../shared, never copied) and taxonomy rebuild."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from _external import require

ROOT = Path(__file__).resolve().parent.parent
XLSX = ROOT.parent / "shared" / "data" / "iptc-mediatopics" / "IPTC-MediaTopic-NewsCodes-2023-10-24.xlsx"


@pytest.mark.corpus
def test_reuters_topics_micro_f1(corpus: Path) -> None:
    from streams.evaluation.topics_eval import evaluate, report

    res = evaluate(corpus)
    text = report(res)
    assert 'TOPICS="YES"' in text and "micro" in text
    assert res["documents"] > 7000
    assert set(res["groups"]) == {"earnings", "acquisitions", "forex", "energy", "agriculture", "metals", "trade",
                                  "interest", "shipping", "indicators"}
    assert res["micro"]["f1"] >= 0.85, text
    for g, v in res["groups"].items():
        assert v["f1"] >= 0.4, (g, text)


@pytest.mark.corpus
def test_evaluate_limit(corpus: Path) -> None:
    from streams.evaluation.topics_eval import evaluate

    res = evaluate(corpus, limit=200)
    assert res["documents"] == 200
    assert 0.0 <= res["micro"]["f1"] <= 1.0


@pytest.mark.corpus
def test_taxonomy_build_is_reproducible(tmp_path: Path) -> None:
    require(XLSX.exists(), f"the IPTC spreadsheet at {XLSX}")
    import openpyxl  # noqa: F401 - the [data] extra, installed by `make install` (and so in CI)
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_taxonomy", ROOT / "scripts" / "build_taxonomy.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = tmp_path / "mediatopics.json.gz"
    assert mod.main(["--xlsx", str(XLSX), "--out", str(out)]) == 0
    shipped = ROOT / "streams" / "topics" / "data" / "mediatopics.json.gz"
    assert json.loads(gzip.decompress(out.read_bytes())) == json.loads(gzip.decompress(shipped.read_bytes()))
