"""Regenerate ``data/months.json`` from CLDR (Babel).  Build time only: ``python -m streams.parsing.build_months``.

Run time never imports Babel; the parser reads the JSON this writes.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..text.fold import loose_fold

LANGS = ["en", "fr", "de", "es", "it", "pt", "nl"]
# Forms desks write that CLDR does not list.
EXTRA = {
    "en": {"sept": 9, "febr": 2, "janu": 1},
    "fr": {"fev": 2, "juil": 7, "aou": 8, "dec": 12, "janv": 1, "sep": 9},
    "de": {"sep": 9, "mrz": 3, "jänner": 1, "jän": 1},
    "es": {"set": 9, "setiembre": 9},
    "it": {},
    "pt": {},
    "nl": {"mrt": 3},
}


def build() -> dict[str, dict[str, int]]:
    from babel import Locale  # build-time only

    out: dict[str, dict[str, int]] = {}
    for lang in LANGS:
        loc = Locale.parse(lang)
        names: dict[str, int] = {}
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for i, name in loc.months[ctx][width].items():
                    n = name.lower().rstrip(".")
                    names[n] = i
                    names[loose_fold(n)] = i
        for n, i in EXTRA.get(lang, {}).items():
            names[n] = i
            names[loose_fold(n)] = i
        out[lang] = dict(sorted(names.items(), key=lambda kv: (kv[1], kv[0])))
    return out


if __name__ == "__main__":
    path = Path(__file__).with_name("data") / "months.json"
    path.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")
