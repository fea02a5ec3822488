"""Topic tagging: IPTC Media Topics (stub, issue 5 deepens it)."""
from __future__ import annotations

from typing import Any, Iterable

from ..model import ParsedDispatch


def tag_topics(parsed: ParsedDispatch, subjects: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Return topics ``[{code, label, score, ...}]``, most specific first."""
    return []
