"""Warm-up: load the parsers' and taggers' data before a process takes its first dispatch.

Used by the worker (when it prepares in its own loop) and by each prepare process
(:mod:`.offload`); kept apart from :mod:`.app` so that a prepare process does not import Faust.
"""
from __future__ import annotations

import gc
import logging
import time

from .. import pipeline
from . import guards

log = logging.getLogger("wirefeed.worker")


def warm_up() -> float:
    """Load the parsers' and taggers' data (gazetteer, topic tables, language models, compiled patterns) by
    running the bundled sample dispatches through an in-memory pipeline, so that the worker says Ready only
    when its first dispatch costs what the others do (it took several seconds on a loaded machine, paid by
    the first dispatch and queued behind it).  Never raises; returns the seconds spent."""
    t0 = time.monotonic()
    try:
        from importlib import resources

        from ..parsing import language

        language.load()  # most copy is clear from its function words: the model would wait for the first that is not
        text = (resources.files("streams") / "samples" / "dispatches.jsonl").read_text(encoding="utf-8")
        warm = pipeline.Pipeline()
        for line in text.splitlines():
            if line.strip():
                for ev in warm.process(line.encode("utf-8"), "warm-up"):
                    guards.encode(ev)
    except Exception:  # noqa: BLE001 - without it the first dispatches load the data instead
        log.exception("warm-up failed")
    # what is loaded now (gazetteer, lexicons, models, compiled patterns, modules: ~330k objects) lives as long
    # as the process: frozen, a full collection no longer walks it (it took 116-147 ms per collection in a
    # worker, 47 ms frozen; a full collection stops the event loop, so every dispatch in flight waits)
    gc.collect()
    gc.freeze()
    return time.monotonic() - t0
