"""Tests that need something outside the repository: a tool (docker-compose, Java) or data in ../shared.

Outside this workplace such a test is skipped, with the reason; in CI (``CI=true``, set by
``.ci/run``) the same absence is a failure, so that no regression hides behind a skip.
"""
from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(present: bool, what: str) -> None:
    """Skip (outside CI) or fail (in CI) unless ``present``; ``what`` names the missing tool or data."""
    if present:
        return
    if in_ci():
        pytest.fail(f"missing in CI, where it must be: {what}")
    pytest.skip(f"missing (outside this workplace): {what}")
