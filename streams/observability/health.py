"""Liveness, readiness and metrics pages on the worker's Faust web server (issue 10).

* ``GET /healthz``: 200 while the event loop runs (the page is served by it; the body also gives
  the loop's lag, measured by a ticker, and 503 when the ticker has not run for ``STALL_S``);
* ``GET /readyz``: 200 once the worker joined its consumer group (partitions assigned), its
  tables are recovered from their changelogs and no rebalance is in progress; 503 before;
* ``GET /metrics``: the Prometheus text format of :class:`~.metrics.Metrics`.

The web server binds ``WIREFEED_WEB_BIND`` (127.0.0.1 by default, 0.0.0.0 in the container
image) on ``WIREFEED_WEB_PORT``.
"""
from __future__ import annotations

import asyncio
import time
from typing import Any

from .metrics import CONTENT_TYPE, Metrics

TICK_S = 1.0
STALL_S = 10.0


class Health:
    """The state behind /healthz and /readyz, kept current by the app's signals and a ticker."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.assigned_once = False
        self.last_tick = time.monotonic()
        self.loop_lag = 0.0

    def alive(self) -> tuple[bool, dict[str, Any]]:
        since = time.monotonic() - self.last_tick
        ok = since < STALL_S
        return ok, {"status": "ok" if ok else "stalled", "loop_lag_s": round(self.loop_lag, 4),
                    "since_tick_s": round(since, 3)}

    def ready(self) -> tuple[bool, dict[str, Any]]:
        app = self.app
        recovery = getattr(getattr(app, "tables", None), "recovery", None)
        recovered = bool(recovery is not None and recovery.completed.is_set() and not recovery.in_recovery)
        rebalancing = bool(getattr(app, "rebalancing", False))
        try:
            assigned = len(app.consumer.assignment()) if self.assigned_once else 0
        except Exception:  # noqa: BLE001 - no consumer yet
            assigned = 0
        ok = self.assigned_once and recovered and not rebalancing
        return ok, {"status": "ready" if ok else "not ready", "partitions_assigned": self.assigned_once,
                    "assigned": assigned, "tables_recovered": recovered, "rebalancing": rebalancing}

    async def tick(self) -> None:
        expected = time.monotonic() + TICK_S
        await asyncio.sleep(TICK_S)
        now = time.monotonic()
        self.loop_lag = max(0.0, now - expected)
        self.last_tick = now


def install_web(app: Any, metrics: Metrics, health: Health | None = None) -> Health:
    """Add /healthz, /readyz and /metrics to the app's web server and keep the health state current.
    Call once, from ``create_app``, before the app starts."""
    from faust.web import Request, Response, View

    health = health or Health(app)

    @app.on_partitions_assigned.connect
    async def _assigned(sender: Any = None, assigned: Any = None, **kw: Any) -> None:
        health.assigned_once = True

    @app.task
    async def _ticker() -> None:
        health.last_tick = time.monotonic()  # the loop runs from now: the warm-up before it is no stall
        while True:
            await health.tick()
            metrics.ready.set(1 if health.ready()[0] else 0)

    @app.page("/healthz")
    class Healthz(View):
        async def get(self, request: Request) -> Response:
            ok, body = health.alive()
            return self.json(body, status=200 if ok else 503)

    @app.page("/readyz")
    class Readyz(View):
        async def get(self, request: Request) -> Response:
            ok, body = health.ready()
            metrics.ready.set(1 if ok else 0)
            return self.json(body, status=200 if ok else 503)

    @app.page("/metrics")
    class MetricsPage(View):
        async def get(self, request: Request) -> Response:
            return self.bytes(metrics.render(), content_type=CONTENT_TYPE.split(";")[0])

    return health
