"""Region tagging: which countries a dispatch is about (stub, issue 4 deepens it)."""
from __future__ import annotations

from typing import Any

from ..model import ParsedDispatch


def tag_regions(parsed: ParsedDispatch, *, source: str | None = None) -> list[dict[str, Any]]:
    """Return regions ``[{code, role, score, ...}]`` and fill ``parsed.dateline.country``."""
    return []
