"""A built book served on 127.0.0.1, and how Debian's headless Chromium is launched.

Shared by the browser tests (``tests/helpers/browser.py``) and the benchmark
(``tools/bench.py``): Playwright for Python drives the system browser through
``executable_path``; no browser is ever downloaded.  The browser is Debian's
``chromium-headless-shell``, Chromium's "old" headless mode as a program of
its own: what Playwright itself runs for a headless Chromium since 1.49
(microsoft/playwright#33566, when no channel is asked for).  The four
biggest browser test files took about a third less processor time in it
than in ``chromium --headless`` (the new headless mode, the whole browser
without its windows), the whole suite about a seventh less (December 2026).
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import (
    BaseHTTPRequestHandler,
    SimpleHTTPRequestHandler,
    ThreadingHTTPServer,
)
from pathlib import Path

# Beside what Playwright passes itself (--headless, --no-sandbox, no sync, no
# first-run screens, background networking or component updates): no GPU
# acceleration, which the machines that run the tests do not have.
CHROMIUM_ARGS = ["--disable-gpu"]


def find_chromium() -> str | None:
    """The path of Debian's chromium-headless-shell, or None."""
    return shutil.which("chromium-headless-shell")


class QuietHandler(SimpleHTTPRequestHandler):
    """A static file handler that does not log every request to stderr."""

    def log_message(self, format: str, *args) -> None:
        pass


@contextmanager
def serve_with(handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[str]:
    """Answer with ``handler`` on a free loopback port; yield the base URL.

    The tests' fake web sites (``tests/test_linkcheck.py``) and the served
    book both run on this one server.
    """
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # shutdown() waits for serve_forever's next poll: half a second at its
    # default interval, spent at the end of every test that serves a site.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free loopback port; yield the base URL."""
    with serve_with(functools.partial(QuietHandler, directory=str(directory))) as url:
        yield url
