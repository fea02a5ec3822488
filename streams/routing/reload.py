"""Reload the routes file when it changes, without restarting the worker.

:class:`RoutesWatcher` is polled (the worker calls :meth:`RoutesWatcher.poll` from a timer,
every couple of seconds): it reads the file (a few KB) and, when its content changed,
validates it.  A valid file replaces the
routes (and the router's, when one is attached); an invalid, unreadable or deleted file
is refused with a clear error and **the old routes stay**.  A refused content is not
reported again until the file changes once more.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from .router import Router
from .routes import Routes, RoutesError, parse_routes

log = logging.getLogger("wirefeed.routing")


@dataclass
class ReloadResult:
    status: str  # "loaded" (routes replaced) or "refused" (old routes kept)
    routes: Routes  # the routes in force afterwards
    error: RoutesError | None = None
    added: tuple[str, ...] = ()  # desks new in this version (their topics need creating)
    removed: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.status == "refused":
            return f"routes refused, the previous routes stay: {self.error}"
        parts = [f"routes loaded from {self.routes.source}: {len(self.routes.desks)} desk(s)"]
        if self.added:
            parts.append(f"added {', '.join(self.added)}")
        if self.removed:
            parts.append(f"removed {', '.join(self.removed)}")
        return "; ".join(parts)


class RoutesWatcher:
    """Keeps the routes of ``path`` current.  ``routes`` is None until a valid file was read."""

    def __init__(self, path: str, router: Router | None = None) -> None:
        self.path = str(path)
        self.router = router
        self.routes: Routes | None = router.routes if router is not None else None
        self._digest: str | None = None  # of the content in force or last refused

    def load(self) -> Routes:
        """First load: raises :class:`RoutesError` when the file is invalid (a worker should not start
        with a routes file it cannot read)."""
        res = self.poll(force=True)
        if res is not None and res.status == "refused":
            assert res.error is not None
            raise res.error
        assert self.routes is not None
        return self.routes

    def poll(self, force: bool = False) -> ReloadResult | None:
        """Check the file; None when nothing changed, else what happened (also logged)."""
        try:
            with open(self.path, "rb") as fh:
                text = fh.read()
        except OSError as e:
            if self._digest == "unreadable" and not force:
                return None
            self._digest = "unreadable"
            return self._refuse(RoutesError([f"cannot read the file: {e.strerror or e}"], self.path))
        digest = hashlib.sha256(text).hexdigest()
        if digest == self._digest and not force:
            return None
        self._digest = digest
        try:
            new = parse_routes(text, self.path)
        except RoutesError as e:
            return self._refuse(e)
        old = self.routes
        self.routes = new
        if self.router is not None:
            self.router.set_routes(new)
        old_names = set(old.names) if old is not None else set()
        res = ReloadResult("loaded", new, added=tuple(n for n in new.names if n not in old_names),
                           removed=tuple(n for n in (old.names if old is not None else []) if n not in new.names))
        log.info("%s", res)
        for w in new.warnings:
            log.warning("routes %s: %s", self.path, w)
        return res

    def retry_later(self, in_force: Routes | None) -> None:
        """The caller could not apply the last loaded routes: ``in_force`` stay, and the next poll
        reads the file again as if it had changed."""
        self.routes = in_force if in_force is not None and in_force.desks else None
        self._digest = None

    def _refuse(self, error: RoutesError) -> ReloadResult:
        current = self.routes if self.routes is not None else Routes()
        res = ReloadResult("refused", current, error=error)
        log.error("%s", res)
        return res
