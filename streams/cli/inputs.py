"""Offline inputs: .txt files, .jsonl files, directories of them, or ``-`` (JSONL on stdin)."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..envelope import envelope_from_json
from ..model import DispatchError, Envelope

SUFFIXES = (".txt", ".jsonl")


@dataclass
class InputItem:
    position: str  # where it came from, e.g. "samples.jsonl:3"
    message: Envelope | bytes | None  # None when the line could not be read (error is set)
    raw: bytes
    error: DispatchError | None = None


def expand(paths: list[str]) -> list[str]:
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix in SUFFIXES)
            if not files:
                raise SystemExit(f"error: no .txt or .jsonl files under {p}")
            out.extend(str(f) for f in files)
        elif path.is_file():
            out.append(str(path))
        else:
            raise SystemExit(f"error: {p}: no such file or directory")
    return out


def _jsonl(lines: Iterator[bytes], name: str) -> Iterator[InputItem]:
    for n, line in enumerate(lines, 1):
        line = line.rstrip(b"\r\n")
        if not line.strip():
            continue
        pos = f"{name}:{n}"
        try:
            yield InputItem(pos, envelope_from_json(line), line)
        except DispatchError as e:
            yield InputItem(pos, None, line, e)


def read_inputs(paths: list[str]) -> Iterator[InputItem]:
    for p in expand(paths):
        if p == "-":
            yield from _jsonl(iter(sys.stdin.buffer), "stdin")
        elif p.endswith(".jsonl"):
            with open(p, "rb") as fh:
                yield from _jsonl(iter(fh), Path(p).name)
        else:
            data = Path(p).read_bytes()
            yield InputItem(Path(p).name, Envelope(id=None, text=data), data)


def count_messages(paths: list[str]) -> int | None:
    total = 0
    for p in expand(paths):
        if p == "-":
            return None
        if p.endswith(".jsonl"):
            with open(p, "rb") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            total += 1
    return total
