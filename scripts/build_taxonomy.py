#!/usr/bin/env python3
"""Convert the IPTC Media Topics spreadsheet into the data file shipped in the package.

    python scripts/build_taxonomy.py [--xlsx PATH] [--out streams/topics/data/mediatopics.json.gz]

Needs ``openpyxl`` (the ``data`` extra); the runtime only reads the gzipped JSON.

Output (gzipped JSON, deterministic bytes)::

    {"source": ..., "version": "2023-10-24", "licence": ..., "languages": [...],
     "topics": {"medtop:20000639": {
         "parent": "medtop:20000638",            # absent for the 17 top-level topics
         "level": 3,
         "name": {"en-GB": "diplomacy", "fr": "diplomatie", ...},   # every language the file has
         "def": {"en-GB": "...", "fr": "..."},    # definitions: en-GB (or en-US) and fr only
         "retired": "2021-09-30",                 # only when retired
         "subj": "subj:11002000",                 # old IPTC Subject Code, when mapped
         "wikidata": "Q..."}}}

Names whose en-US (resp. pt-BR, no-NN) form equals en-GB (pt-PT, no-NB) are not repeated.
Language tags are normalised: dk -> da, se -> sv, no-NB -> nb, no-NN -> nn.
IPTC NewsCodes are (c) IPTC, licensed CC BY 4.0: see streams/topics/data/NOTICE.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_XLSX = ROOT.parent / "shared" / "data" / "iptc-mediatopics" / "IPTC-MediaTopic-NewsCodes-2023-10-24.xlsx"
DEFAULT_OUT = ROOT / "streams" / "topics" / "data" / "mediatopics.json.gz"

LANG_TAGS = {"ar": "ar", "de": "de", "dk": "da", "en-GB": "en-GB", "en-US": "en-US", "es": "es", "fr": "fr",
             "no-NB": "nb", "no-NN": "nn", "pt-PT": "pt-PT", "pt-BR": "pt-BR", "se": "sv", "zh-Hans": "zh-Hans"}
# variants dropped when identical to their base
VARIANT_OF = {"en-US": "en-GB", "pt-BR": "pt-PT", "nn": "nb"}
DEF_LANGS = ("en-GB", "fr")


def _clean(v: object) -> str | None:
    if v is None:
        return None
    s = re.sub(r"\s+", " ", str(v)).strip()
    return s or None


def build(xlsx: Path) -> dict:
    import openpyxl

    wb = openpyxl.load_workbook(xlsx, read_only=True)
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    title = str(rows[0][0] or "")
    header = [str(h) if h is not None else "" for h in rows[1]]
    col = {h: i for i, h in enumerate(header)}
    level_cols = [i for i, h in enumerate(header) if re.fullmatch(r"Level\d/NewsCode", h)]
    name_cols = {}
    def_cols = {}
    for h, i in col.items():
        m = re.fullmatch(r"(Name|Definition) \((.+)\)", h)
        if m:
            tag = LANG_TAGS.get(m.group(2), m.group(2))
            (name_cols if m.group(1) == "Name" else def_cols)[tag] = i
    topics: dict[str, dict] = {}
    stack: list[str] = []  # stack[k] = last code seen at level k+1
    for r in rows[2:]:
        code = _clean(r[col["NewsCode-QCode (flat)"]])
        if not code or not code.startswith("medtop:"):
            continue
        level = next(k + 1 for k, i in enumerate(level_cols) if r[i])
        del stack[level - 1:]
        if len(stack) != level - 1:
            raise ValueError(f"{code}: level {level} without a parent row before it")
        t: dict = {}
        if stack:
            t["parent"] = stack[-1]
        t["level"] = level
        stack.append(code)
        names = {tag: _clean(r[i]) for tag, i in name_cols.items()}
        for var, base in VARIANT_OF.items():
            if names.get(var) and names.get(var) == names.get(base):
                names[var] = None
        t["name"] = {k: v for k, v in sorted(names.items()) if v}
        defs = {tag: _clean(r[def_cols[tag]]) for tag in DEF_LANGS if tag in def_cols}
        if not defs.get("en-GB") and "en-US" in def_cols:
            defs["en-GB"] = _clean(r[def_cols["en-US"]])
        defs = {k: v for k, v in defs.items() if v}
        if defs:
            t["def"] = defs
        retired = _clean(r[col["RetiredDate"]])
        if retired:
            t["retired"] = retired[:10]
        subj = _clean(r[col["SubjectCode mapping"]])
        if subj:
            m = re.search(r"subjectcode/(\d{8})", subj)
            if m:
                t["subj"] = "subj:" + m.group(1)
        wd = _clean(r[col.get("Wikidata mapping", -1)]) if "Wikidata mapping" in col else None
        if wd:
            m = re.search(r"(Q\d+)", wd)
            if m:
                t["wikidata"] = m.group(1)
        topics[code] = t
    version = (re.search(r"(\d{4}-\d{2}-\d{2})", title) or [None, None])[1]
    return {
        "source": "IPTC Media Topics NewsCodes, " + xlsx.name,
        "version": version,
        "licence": "IPTC NewsCodes (c) International Press Telecommunications Council, CC BY 4.0 "
                   "https://creativecommons.org/licenses/by/4.0/ (derived, reformatted file)",
        "languages": sorted(name_cols),
        "definition_languages": list(DEF_LANGS),
        "topics": topics,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--xlsx", type=Path, default=DEFAULT_XLSX)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    a = ap.parse_args(argv)
    data = build(a.xlsx)
    raw = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":")).encode("utf-8")
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with open(a.out, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as gz:
            gz.write(raw)
    n = len(data["topics"])
    nret = sum(1 for t in data["topics"].values() if "retired" in t)
    print(f"{a.out}: {n} topics ({nret} retired), {len(raw)} bytes JSON, {a.out.stat().st_size} bytes gzipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
