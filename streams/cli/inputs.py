"""Offline inputs: .txt files, .jsonl files, .json files (one JSON envelope or NINJS document, or an
array of them), directories of them, or ``-`` (JSONL on stdin)."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..envelope import envelope_from_json
from ..model import DispatchError, Envelope

SUFFIXES = (".txt", ".jsonl", ".json")


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
                raise SystemExit(f"error: no .txt, .jsonl or .json files under {p}")
            out.extend(str(f) for f in files)
        elif path.is_file():
            out.append(str(path))
        else:
            raise SystemExit(f"error: {p}: no such file or directory")
    return out


def iter_raw(paths: list[str]) -> Iterator[tuple[str, bytes, bool]]:
    """(position, raw bytes, is JSON) for every message of the inputs, in order.

    A ``.txt`` file is one message; every non-blank line of a ``.jsonl`` file or of
    stdin (``-``) is one; a ``.json`` file is one JSON document (a JSON envelope or a
    NINJS document, possibly pretty-printed), or one message per element when it holds
    an array.  Shared by ``process`` and ``send``.
    """
    for p in expand(paths):
        if p.endswith(".json") and p != "-":
            yield from _json_file(Path(p))
            continue
        if p == "-":
            lines, name = iter(sys.stdin.buffer), "stdin"
        elif p.endswith(".jsonl"):
            with open(p, "rb") as fh:
                lines, name = fh.readlines(), Path(p).name
        else:
            yield Path(p).name, Path(p).read_bytes(), False
            continue
        for n, line in enumerate(lines, 1):
            if line.strip():
                yield f"{name}:{n}", line.rstrip(b"\r\n"), True


def _json_file(path: Path) -> Iterator[tuple[str, bytes, bool]]:
    import orjson

    raw = path.read_bytes()
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError:
        yield path.name, raw, True  # rejected later as invalid_json, with its position
        return
    if isinstance(doc, list):
        for n, item in enumerate(doc, 1):
            yield f"{path.name}[{n}]", orjson.dumps(item), True
    else:
        yield path.name, orjson.dumps(doc), True


def read_inputs(paths: list[str]) -> Iterator[InputItem]:
    for pos, raw, is_line in iter_raw(paths):
        if not is_line:
            yield InputItem(pos, Envelope(id=None, text=raw), raw)
            continue
        try:
            yield InputItem(pos, envelope_from_json(raw), raw)
        except DispatchError as e:
            yield InputItem(pos, None, raw, e)


def count_messages(paths: list[str]) -> int | None:
    """How many messages the inputs hold (None for stdin, which can be read once only)."""
    if "-" in paths:
        return None
    return sum(1 for _ in iter_raw(paths))
