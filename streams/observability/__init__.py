"""Operating the worker (issue 10): Prometheus metrics and health pages on its web server.

:mod:`.metrics` holds the metrics and the helpers that feed them; :mod:`.health` installs
``/healthz``, ``/readyz`` and ``/metrics`` as Faust web pages.  :func:`install` does both and
the timers that sample consumer lag and state size; ``create_app`` calls it once.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Iterable

from .health import Health, install_web
from .metrics import (Metrics, count_state, instrument_pipeline, raw_ts_from, raw_ts_headers, sample_lag, sample_state,
                      watch_gc_pauses)

log = logging.getLogger("wirefeed.metrics")
LAG_EVERY_S = 5.0
STATE_EVERY_S = 60.0
_stop_gc_watch: Callable[[], None] | None = None


def install(app: Any, *, source_topics: Iterable[str], state_table: Any = None) -> Metrics:
    """Metrics, pipeline stage timing, web pages and sampling timers for one worker app."""
    metrics = Metrics()
    instrument_pipeline(metrics)
    global _stop_gc_watch
    if _stop_gc_watch is not None:
        _stop_gc_watch()  # one worker app per process: its latest metrics get the pauses
    _stop_gc_watch = watch_gc_pauses(metrics)
    health = install_web(app, metrics)
    topics = list(source_topics)

    @app.timer(interval=LAG_EVERY_S)
    async def _sample_lag() -> None:
        if not health.assigned_once:
            return
        try:
            await sample_lag(metrics, app.consumer, topics)
        except Exception as e:  # noqa: BLE001 - a metric must never stop the worker
            log.debug("lag sampling failed: %s", e)

    if state_table is not None:
        @app.timer(interval=STATE_EVERY_S)
        async def _sample_state() -> None:
            try:
                await sample_state(metrics, state_table)
            except Exception as e:  # noqa: BLE001 - e.g. the table changed size while counted
                log.debug("state sampling failed: %s", e)

    app.wirefeed_metrics = metrics  # type: ignore[attr-defined]
    app.wirefeed_health = health  # type: ignore[attr-defined]
    return metrics


__all__ = ["Health", "Metrics", "count_state", "install", "install_web", "instrument_pipeline", "raw_ts_from",
           "raw_ts_headers", "sample_lag", "sample_state", "watch_gc_pauses"]
