"""Story threading: new / update / correction / repeat / duplicate (stub, issue 6 deepens it)."""
from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any, MutableMapping

from ..model import TaggedDispatch, ThreadDecision

DEFAULT_WINDOW = timedelta(days=7)


class StoryThreader:
    """Decides how a dispatch relates to the stories already seen.

    ``state`` is any ``MutableMapping[str, JSON value]``: a dict offline and in
    unit tests, a Faust Table (changelog-backed) in the worker.  Values are
    never mutated in place, always reassigned, so that every change reaches
    the changelog.
    """

    def __init__(self, state: MutableMapping[str, Any], window: timedelta = DEFAULT_WINDOW) -> None:
        self.state = state
        self.window = window

    def thread(self, doc: TaggedDispatch) -> ThreadDecision:
        seen = self.state.get("dispatch:" + doc.dispatch_id)
        if seen is not None:
            return ThreadDecision(**seen)
        body = "\n".join(doc.parsed.paragraphs).lower().split()
        fp = hashlib.blake2b(" ".join(body).encode(), digest_size=12).hexdigest()
        original = self.state.get("fp:" + fp)
        if original is not None:
            d = ThreadDecision(kind="duplicate", story_id=original["story_id"], version=original["version"],
                               duplicate_of=original["dispatch_id"], publish=False)
        else:
            story_id = "s-" + fp[:16]
            d = ThreadDecision(kind="new", story_id=story_id, version=1)
            self.state["fp:" + fp] = {"story_id": story_id, "version": 1, "dispatch_id": doc.dispatch_id}
        self.state["dispatch:" + doc.dispatch_id] = {
            "kind": d.kind, "story_id": d.story_id, "version": d.version, "supersedes": d.supersedes,
            "duplicate_of": d.duplicate_of, "publish": d.publish,
        }
        return d
