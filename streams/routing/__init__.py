"""Desk routing (issue 10): a routes file declares desks, each a subscription to part of the
enriched stream, published to its own topic ``wire.desk.<name>``.

Pure: no Kafka.  The worker keeps a :class:`Router` (routes from ``WIREFEED_ROUTES``, kept
current by a :class:`RoutesWatcher`) and, for each event it publishes to the enriched topic,
sends it to ``wire.desk.<name>`` for every name ``router.route(event, memory)`` returns, the
memory being a mapping it keeps in a Faust Table (scoped by language like the stories
table).  ``wirefeed routes check FILE`` and ``wirefeed routes test FILE PATH...`` use the
same code offline.
"""
from .reload import ReloadResult, RoutesWatcher
from .router import DeskMemory, Router, routable
from .routes import (DESK_TOPIC_PREFIX, REGION_ROLES, ROUTABLE_KINDS, Desk, Routes, RoutesError, desk_topic,
                     load_routes, parse_routes)

__all__ = ["Desk", "DeskMemory", "DESK_TOPIC_PREFIX", "REGION_ROLES", "ROUTABLE_KINDS", "ReloadResult",
           "Router", "Routes", "RoutesError", "RoutesWatcher", "desk_topic", "load_routes", "parse_routes",
           "routable"]
