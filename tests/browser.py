"""Serve a built book on 127.0.0.1 and open it in Debian's chromium.

Playwright for Python drives the system browser through ``executable_path``;
no browser is ever downloaded.  Without chromium the browser tests are
skipped locally but fail on CI (``CI`` set), where ``.ci/run`` installs it.
"""

from __future__ import annotations

from pathlib import Path

from tests.support import skip_or_fail
from tools.loopback import CHROMIUM_ARGS, QuietHandler, find_chromium, serve

__all__ = ["CHROMIUM_ARGS", "QuietHandler", "axe_script", "chromium_path", "serve"]

ROOT = Path(__file__).resolve().parent.parent


def chromium_path() -> str:
    """Debian's chromium, or a skip (a failure on CI) when it is missing."""
    path = find_chromium()
    if path is None:
        skip_or_fail("chromium is not installed (apt-get install chromium)")
    return path


def axe_script() -> Path:
    """axe-core from ``npm ci``, or a skip (a failure on CI) when it is missing."""
    path = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        skip_or_fail("axe-core is not installed (npm ci)")
    return path
