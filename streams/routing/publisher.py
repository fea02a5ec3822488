"""The worker's desk publisher: the thin Kafka shell around :class:`~.router.Router` (issue 10).

``create_app`` makes one :class:`DeskPublisher`; the threading agent calls
:meth:`DeskPublisher.publish` for every event it publishes; the rest happens here:

* the routes come from ``WIREFEED_ROUTES``; the file is polled every ``POLL_S`` seconds and
  reloaded when its content changes (validated first: a bad file is refused, logged, counted in
  ``wirefeed_routes_reloads_total{status="refused"}``, and the routes in force stay);
* the desk topics (``WIREFEED_TOPIC_DESK_PREFIX`` + name, ``wire.desk.<name>`` by default) are
  created on start and before a reloaded file with new desks takes effect;
* the story memory (which desks a story's first version went to) is the Faust table ``desks``,
  co-partitioned with the tagged topic and scoped by language like the ``stories`` table, its
  changelog writes tracked by the delivery of the event that made them;
* with ``WIREFEED_TOPIC_NINJS`` set, every event of the enriched topic is also published there
  as a NINJS 2.2 document.

A worker that starts with an invalid routes file logs why and runs without desks until the file
is fixed: desk routing never stops the main stream.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any, Awaitable, Callable

import orjson

from ..ninjs import event_to_ninjs
from ..worker import guards
from .reload import RoutesWatcher
from .router import DeskMemory, Router, routable
from .routes import Routes, desk_topic

log = logging.getLogger("wirefeed.routing")
POLL_S = 2.0
EXPIRE_BUDGET_S = 0.002  # longest expiry slice per event
EXPIRE_EVERY_S = 60.0  # a new pass over a language's memory at most this often

SendFn = Callable[..., Awaitable[None]]  # send(d, topic, key, value)


class DeskPublisher:
    def __init__(self, app: Any, settings: Any, *, table_cls: Any = None, metrics: Any = None,
                 scoped: Callable[[Any, str], Any] | None = None) -> None:
        self.app = app
        self.s = settings
        self.metrics = metrics
        self.router = Router(Routes(), window=settings.window)
        self.path = getattr(settings, "routes", "") or ""
        self.watcher = RoutesWatcher(self.path) if self.path else None
        self.prefix = getattr(settings, "desk_topic_prefix", "") or "wire.desk."
        self.ninjs_topic_name = getattr(settings, "ninjs_topic", "") or ""
        self._topics: dict[str, Any] = {}
        self._memories: dict[str, DeskMemory] = {}
        self._last_expiry: dict[str, float] = {}
        if scoped is None:
            from ..worker.state import ScopedState as scoped  # noqa: N813
        self._scoped = scoped
        self.table = None
        if self.watcher is not None:
            kw = dict(name="desks", default=None, partitions=settings.tagged_partitions, key_type=str,
                      value_type=None, help="desk routing memory: the desks each story's first version went to")
            self.table = app.tables.add(table_cls(app, **kw)) if table_cls is not None else app.Table(**kw)

    @property
    def enabled(self) -> bool:
        return self.watcher is not None or bool(self.ninjs_topic_name)

    def topic_names(self, routes: Routes | None = None) -> list[str]:
        names = (routes or self.router.routes).topics(self.prefix)
        if self.ninjs_topic_name:
            names.append(self.ninjs_topic_name)
        return names

    def _topic(self, name: str) -> Any:
        t = self._topics.get(name)
        if t is None:
            from ..cli.kafka_tools import topic_config

            t = self._topics[name] = self.app.topic(
                name, key_type=bytes, value_type=bytes, partitions=self.s.partitions,
                config=topic_config(self.s))
        return t

    async def _ensure(self, names: list[str]) -> None:
        if not names:
            return
        from ..cli.kafka_tools import ensure_topics

        await ensure_topics(self.s, names)

    # -- routes -----------------------------------------------------------------------------------
    async def start(self) -> None:
        """Load the routes (if any) and create the desk and NINJS topics."""
        if self.watcher is not None:
            await self.poll()
        elif self.ninjs_topic_name:
            await self._ensure([self.ninjs_topic_name])

    async def poll(self) -> None:
        """Re-read the routes file; a valid new file takes effect once its new topics exist."""
        if self.watcher is None:
            return
        first = self.watcher.routes is None and not self._topics
        res = self.watcher.poll(force=first)
        if res is None:
            return
        if res.status == "refused":
            if self.metrics is not None:
                self.metrics.record_routes("refused", len(self.router.routes.desks))
            return
        try:
            await self._ensure(self.topic_names(res.routes))
        except Exception as e:  # noqa: BLE001 - the broker is down: keep the old routes, try again later
            log.warning("could not create the desk topics (%s); the previous routes stay for now", e)
            self.watcher.retry_later(self.router.routes)
            return
        self.router.set_routes(res.routes)
        if self.metrics is not None:
            self.metrics.record_routes("loaded", len(res.routes.desks))

    def on_rebalance(self) -> None:
        self._memories.clear()
        self._last_expiry.clear()

    # -- per event --------------------------------------------------------------------------------
    async def publish(self, d: Any, event: dict[str, Any], language: str, now: datetime | None,
                      send: SendFn, *, key: bytes | None = None, value: bytes | None = None) -> list[str]:
        """Publish an event to its desks (and the NINJS topic); returns the desk names.

        Call it for every event of the threading agent, inside the processing of its message (the
        memory write must reach that message's partition), with the key and bytes it was published
        with on its own topic (the desks get the same message; computed here when not given)."""
        if not self.enabled or not routable(event):
            return []
        desks: list[str] = []
        if key is None:
            key = guards.event_key(event)
        if self.router.routes.desks and self.table is not None:
            mem = self._memories.get(language)
            if mem is None:
                mem = self._memories[language] = DeskMemory(self._scoped(self.table, language + ":"),
                                                            window=self.s.window)
            self.table.collector = d  # type: ignore[attr-defined]
            try:
                desks = self.router.route(event, mem, now)
                mono = time.monotonic()
                if now is not None and (mem.scanning or mono - self._last_expiry.get(language, 0.0) >= EXPIRE_EVERY_S):
                    self._last_expiry[language] = mono
                    mem.expire_some(now, EXPIRE_BUDGET_S)  # a bounded slice, in this event's partition
            finally:
                self.table.collector = None  # type: ignore[attr-defined]
            if desks:
                if value is None:
                    value = guards.encode(event)
                for name in desks:
                    await send(d, self._topic(desk_topic(name, self.prefix)), key, value)
                    if self.metrics is not None:
                        self.metrics.record_desk(name, event)
        if self.ninjs_topic_name:
            doc = event_to_ninjs(event)
            if doc is not None:
                await send(d, self._topic(self.ninjs_topic_name), key, orjson.dumps(doc))
        return desks


def install_desks(app: Any, settings: Any, *, table_cls: Any = None, metrics: Any = None) -> DeskPublisher:
    """Create the publisher, load the routes on start, poll the file, forget memories on rebalance."""
    pub = DeskPublisher(app, settings, table_cls=table_cls, metrics=metrics)
    if not pub.enabled:
        return pub

    @app.task
    async def _desks_start() -> None:
        await pub.start()

    if pub.watcher is not None:
        @app.timer(interval=POLL_S)
        async def _desks_poll() -> None:
            try:
                await pub.poll()
            except Exception:  # noqa: BLE001 - routing must never stop the worker
                log.exception("routes poll failed")

    @app.on_partitions_revoked.connect
    async def _desks_revoked(sender: Any = None, revoked: Any = None, **kw: Any) -> None:
        pub.on_rebalance()

    return pub
