#!/usr/bin/env python3
"""Check or rewrite the README's configuration table from the declarations in ``streams/config.py``.

    python scripts/config_table.py            # exit 1 and show a diff when the README's table is stale
    python scripts/config_table.py --write    # rewrite the table in README.md

The table is the first Markdown table under ``## Configuration``; it is exactly what
``wirefeed config --markdown`` prints.  ``tests/test_config_readme.py`` runs the check.
"""
from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streams.config import markdown_table  # noqa: E402

README = ROOT / "README.md"


def table_span(text: str) -> tuple[int, int]:
    """Character offsets of the configuration table (its lines, newline included) in the README."""
    head = text.index("\n## Configuration\n")
    nxt = text.find("\n## ", head + 1)
    start = text.index("\n|", head) + 1
    if nxt != -1 and start > nxt:
        raise ValueError("no table under ## Configuration")
    end = start
    while end < len(text) and text.startswith("|", end):
        end = text.index("\n", end) + 1
    return start, end


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="rewrite README.md's table")
    ap.add_argument("--readme", type=Path, default=README)
    a = ap.parse_args(argv)
    text = a.readme.read_text(encoding="utf-8")
    start, end = table_span(text)
    want = markdown_table()
    if text[start:end] == want:
        print(f"{a.readme}: configuration table up to date")
        return 0
    if a.write:
        a.readme.write_text(text[:start] + want + text[end:], encoding="utf-8")
        print(f"{a.readme}: configuration table rewritten")
        return 0
    sys.stdout.writelines(difflib.unified_diff(text[start:end].splitlines(True), want.splitlines(True),
                                               "README.md", "generated"))
    print(f"{a.readme}: configuration table is stale: run python scripts/config_table.py --write", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
