"""Rejected events that can always be built, whatever the message.

Every path of the agents ends in a publishable event: these helpers never
raise on any input (any key, any value, any exception), so that a message can
never make an agent crash and vanish.
"""
from __future__ import annotations

import base64
from typing import Any

import orjson

from ..events import rejected_event
from ..model import DispatchError

RAW_ROOM = 8 * 1024  # room kept for the rest of the dead-letter event


def position_of(msg: Any) -> str:
    try:
        return f"{msg.topic}/{msg.partition}/{msg.offset}"
    except Exception:  # noqa: BLE001
        return "unknown-position"


def _b64(data: Any, limit: int) -> tuple[str | None, int | None, bool]:
    if data is None:
        return None, None, False
    try:
        b = data if isinstance(data, bytes) else (data.encode("utf-8", "surrogatepass") if isinstance(data, str)
                                                   else bytes(data))
    except Exception:  # noqa: BLE001
        b = repr(data).encode("utf-8", "replace")
    room = max(0, (limit // 4) * 3)
    return base64.b64encode(b[:room]).decode("ascii"), len(b), len(b) > room


def raw_block(msg: Any, max_bytes: int) -> dict[str, Any]:
    """Where a message came from and its bytes (base64, cut to fit the size limit)."""
    budget = max(1024, max_bytes - RAW_ROOM)
    key, key_size, _ = _b64(getattr(msg, "key", None), 4096)
    value, size, truncated = _b64(getattr(msg, "value", None), budget)
    return {"topic": getattr(msg, "topic", None), "partition": getattr(msg, "partition", None),
            "offset": getattr(msg, "offset", None), "key_b64": key, "value_b64": value, "size": size,
            "truncated": truncated}


def rejected(dispatch_id: Any, code: str, message: str, *, msg: Any = None, max_bytes: int = 1 << 20,
             source: Any = None, received_at: Any = None, with_raw: bool = False) -> dict[str, Any]:
    """A rejected event under ``dispatch_id`` (or the message's position when it is not a usable string)."""
    if not isinstance(dispatch_id, str) or not dispatch_id or len(dispatch_id) > 512:
        dispatch_id = "raw-" + position_of(msg)
    ev = rejected_event(dispatch_id, DispatchError(str(code)[:64], str(message)[:2000]),
                        source=source if isinstance(source, str) else None,
                        received_at=received_at if isinstance(received_at, str) else None)
    if with_raw and msg is not None:
        ev["raw"] = raw_block(msg, max_bytes)
    return ev


def error_text(e: BaseException) -> str:
    try:
        if isinstance(e, DispatchError):
            return e.message
        return f"{type(e).__name__}: {e}"[:2000]
    except Exception:  # noqa: BLE001
        return type(e).__name__


def event_key(ev: Any) -> bytes:
    """The output key: the story id, else the dispatch id; bytes whatever the event holds."""
    try:
        k = ev.get("story_id") or ev.get("dispatch_id") or ""
        if not isinstance(k, str):
            k = str(k)
        return k.encode("utf-8", "replace")[:512] or b"-"
    except Exception:  # noqa: BLE001
        return b"-"


def encode(ev: dict[str, Any]) -> bytes:
    """orjson, falling back to a lossy encoding of anything orjson refuses (never raises)."""
    try:
        return orjson.dumps(ev)
    except Exception:  # noqa: BLE001
        return orjson.dumps(ev, default=repr, option=orjson.OPT_NON_STR_KEYS)
