"""Module-level Faust app, for ``faust -A streams.worker.main worker`` and ``wirefeed worker``."""
from __future__ import annotations

from .app import create_app

app = create_app()
