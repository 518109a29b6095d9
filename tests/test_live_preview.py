"""The live preview (``nox -s serve``): an edit shows up, search keeps working.

The server is the one ``nox -s serve`` runs, sphinx-autobuild with the same
arguments (``tools.lib.build.preview_args``), on 127.0.0.1 and a free port, on a
private copy of the small test book (the book's configuration and every
extension on two chapters, ``tests/helpers/small_book.py``): the preview
rebuilds one edited page, whatever the size of the book.  An annotation is edited; the page it serves must
change, the search page must find the new words in the chapter, and the
server must stop cleanly on Ctrl+C.  One server, started once for the
file's tests (each edits the book and waits for its own rebuild).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.helpers.rebuild import EPOCH, MARK, edit_annotation
from tests.helpers.small_book import make_small_book
from tools.lib import build

pytestmark = pytest.mark.browser

# The marker the edit appends, as a reader would type it into the search box
# (the index holds its words, 重建 and 测试).
QUERY = MARK.strip("（）")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """The server on a private copy of the small test book, free to be
    edited, once its first build is served."""
    tmp_path = tmp_path_factory.mktemp("preview")
    with preview(make_small_book(tmp_path / "book"), tmp_path) as server:
        wait_for(
            "the first build was not served",
            lambda: bool(fetch(server.page)),
            server.log,
            240,
        )
        yield server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def finished_builds(log: Path) -> int:
    """How many builds the server has finished: sphinx-autobuild says where
    it serves at the end of each, after the post-build trim."""
    return log.read_text(encoding="utf-8").count("Serving on ")


def wait_for_rebuild(what: str, log: Path, before: int) -> None:
    """Wait, reading only the server's log, until it has finished more than
    ``before`` builds.  Nothing is fetched meanwhile: the server would read
    a page as Sphinx rewrites it in place, and starlette, having sent the
    old length, fails on the longer file ("Too much data for declared
    Content-Length", a traceback in the log)."""
    wait_for(what, lambda: finished_builds(log) > before, log, 120)


def wait_for(what: str, ready: Callable[[], bool], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} within {seconds:.0f} s; the server said:\n{log.read_text()}")


@dataclass
class Preview:
    base: str  # the server's address
    page: str  # the first chapter's page
    chapter: Path  # that chapter's source
    root: Path  # the book
    log: Path  # what the server printed


@contextmanager
def preview(root: Path, tmp_path: Path) -> Iterator[Preview]:
    """``nox -s serve``'s server on ``root``, stopped with Ctrl+C as a
    contributor stops it, then checked: a clean exit and no traceback."""
    port = free_port()
    out = tmp_path / "serve"
    args = build.preview_args(
        out / "html", doctrees=out / "doctrees", root=root, port=port
    )
    log = tmp_path / "server.log"
    chapter = sorted((root / "docs" / "interviews").glob("*.md"))[0]
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "sphinx_autobuild", *args],
            cwd=root,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield Preview(
            base, f"{base}/interviews/{chapter.stem}.html", chapter, root, log
        )
    finally:
        server.send_signal(signal.SIGINT)
        try:
            returncode = server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            pytest.fail(f"the server did not stop on Ctrl+C:\n{log.read_text()}")
    assert returncode == 0, log.read_text()
    assert "Traceback" not in log.read_text(), log.read_text()


def test_the_preview_shows_an_edit_and_search_still_works(
    served: Preview, browser
) -> None:
    log = served.log
    entry = f"{served.base}/pagefind/pagefind-entry.json"
    wait_for("no search index was served", lambda: bool(fetch(entry)), log, 240)
    index = fetch(entry)
    assert MARK not in (fetch(served.page) or MARK)
    built = log.read_text(encoding="utf-8")
    where = edit_annotation(served.root)
    wait_for_rebuild(
        f"the rebuild after the edit of {where}", log, built.count("Serving on ")
    )
    rebuilt = log.read_text(encoding="utf-8")[len(built) :]
    # the search index is written whatever the warnings: the build's own
    # last word is read too
    assert "build succeeded" in rebuilt, rebuilt
    assert "finished with problems" not in rebuilt, rebuilt
    assert MARK in (fetch(served.page) or ""), f"the edit of {where} did not show"
    assert fetch(entry) not in (None, index), "the search index did not change"

    tab = browser.new_page()
    tab.goto(f"{served.base}/search.html?q={quote(QUERY)}")
    tab.wait_for_function(
        "() => document.querySelector('#search-results .search-summary')"
        "?.innerText.trim().length > 0",
        timeout=15000,
    )
    links = [
        a.get_attribute("href") or ""
        for a in tab.locator("#search-results ul.search li a").all()
    ]
    tab.close()
    chapter_page = f"interviews/{served.chapter.stem}.html"
    assert any(chapter_page in href for href in links), links


def test_the_preview_shows_a_broken_word_in_the_browser_until_it_is_fixed(
    served: Preview, browser
) -> None:
    # tools/sphinxext/reader/preview_problems.py: an edited interview word (which
    # the build refuses) is named in a banner over the page, file:line and
    # what to do; the next good save clears it.
    chapter, log = served.chapter, served.log
    problems = f"{served.base}/_static/preview-problems.json"
    good = chapter.read_text(encoding="utf-8")
    # the first character of the first interview paragraph, changed
    start = good.index(":::{turn}")
    first = good.index("\n", start) + 1
    broken = good[:first] + "某" + good[first + 1 :]
    assert broken != good
    line = good[:first].count("\n") + 1
    tab = browser.new_page()
    wait_for(
        "the first build was not served",
        lambda: bool(fetch(served.page)),
        log,
        240,
    )
    # the stylesheets trimmed after the build, as nox -s html trims them
    wait_for(
        "the preview did not trim the stylesheets (--post-build)",
        lambda: "trim_css: " in log.read_text(encoding="utf-8"),
        log,
        240,
    )
    tab.goto(served.page)
    tab.wait_for_load_state("load")
    assert tab.locator("#preview-problems").count() == 0
    # no page open while the server rebuilds: the page's live-reload script
    # would reload it as the rebuild ends, racing the next goto
    tab.goto("about:blank")
    before = finished_builds(log)
    chapter.write_text(broken, encoding="utf-8")
    wait_for_rebuild("the rebuild with the broken word", log, before)
    listed = fetch(problems) or ""
    assert f"{chapter.name}:{line}" in listed, listed
    tab.goto(served.page)
    banner = tab.locator("#preview-problems")
    banner.wait_for(timeout=30000)
    text = banner.inner_text()
    assert f"docs/interviews/{chapter.name}:{line}" in text, text
    assert "restore the source's words" in text, text
    tab.goto("about:blank")
    before = finished_builds(log)
    chapter.write_text(good, encoding="utf-8")
    wait_for_rebuild("the rebuild with the word restored", log, before)
    assert (fetch(problems) or "x").strip() == "[]", "the problems list was not cleared"
    tab.goto(served.page)
    tab.wait_for_load_state("networkidle")
    assert tab.locator("#preview-problems").count() == 0
    tab.close()
