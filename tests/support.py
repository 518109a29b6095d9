"""Shared test helpers that are not fixtures."""

from __future__ import annotations

import os

import pytest


def skip_or_fail(message: str) -> None:
    """Skip a test whose tool is missing here; on CI (``CI`` set), fail it.

    ``.ci/run`` installs every tool the tests need, so a missing one there is
    a broken install step, never a reason to pass.
    """
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
