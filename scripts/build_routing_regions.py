"""Build ``streams/routing/data/regions.json`` from the shipped gazetteer (no download).

Desk routing validates region codes and expands a country to its UN M49 regions
without loading the whole gazetteer (80,000 names, ~1 s): this small table holds,
for each ISO 3166-1 alpha-2 code the region tagger can emit, its M49 region,
sub-region and intermediate region, and the English names of the M49 codes.
``tests/test_routing.py`` checks that the shipped table equals a fresh build.

    python scripts/build_routing_regions.py            # rewrite the table
    python scripts/build_routing_regions.py --check    # exit 1 when it is stale
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "streams" / "regions" / "data" / "gazetteer.json.gz"
OUT = ROOT / "streams" / "routing" / "data" / "regions.json"
WORLD = ("001", "World")
# Countries the gazetteer leaves without an M49 assignment (country_converter gives none for them):
# the UN M49 standard's own values, so that a Europe desk (150) gets British and Greek stories.
MISSING_M49 = {"GB": ["150", "154"], "GR": ["150", "039"]}


def build(gazetteer: Path = GAZETTEER) -> dict:
    data = json.loads(gzip.decompress(gazetteer.read_bytes()))
    countries = {}
    for code, c in sorted(data["countries"].items()):
        m49 = [m for m in c.get("m49") or [] if m] or MISSING_M49.get(code, [])
        countries[code] = {"name": c["n"].get("en") or code, "m49": m49}
    m49 = {WORLD[0]: WORLD[1]}
    for code, names in sorted(data["m49"].items()):
        m49[code] = names.get("en") or code
    return {"source": "streams/regions/data/gazetteer.json.gz (scripts/build_routing_regions.py)",
            "countries": countries, "m49": m49}


def render(table: dict) -> str:
    """Stable JSON, one country or M49 code per line (readable diffs)."""
    def block(d: dict) -> str:
        return "{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False, sort_keys=True)}"
                                   for k, v in sorted(d.items())) + "\n }"
    return ('{\n "source": ' + json.dumps(table["source"]) + ',\n "countries": ' + block(table["countries"])
            + ',\n "m49": ' + block(table["m49"]) + "\n}\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--check", action="store_true", help="only check that the shipped table is up to date")
    a = p.parse_args(argv)
    text = render(build())
    if a.check:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is stale: run python scripts/build_routing_regions.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
