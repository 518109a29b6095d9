"""Serve a built book on 127.0.0.1 and open its pages in Debian's headless Chromium.

Playwright for Python drives the system browser (``chromium-headless-shell``,
``tools/lib/loopback.py``) through ``executable_path``; no browser is ever
downloaded.  Without it the browser tests are skipped locally but fail on CI
(``CI`` set), where ``.ci/run`` installs it.
``open_page`` opens a page the way the browser tests read it (loaded, fonts
ready, a chapter's notes laid out, every request recorded); ``tabs_fixture``
makes a module's ``tabs``, whose ``open`` does the same in a tab kept from
one test to the next (a new document each time, at less than half the cost
of a new window: a tab serves every size of window, light or dark);
``away`` lists the requests that left the machine; ``serious_problems``
runs axe-core.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.helpers.support import skip_or_fail
from tools.lib.loopback import CHROMIUM_ARGS, QuietHandler, find_chromium, serve

__all__ = [
    "CHROMIUM_ARGS",
    "QuietHandler",
    "away",
    "axe_script",
    "chromium_path",
    "open_page",
    "serious_problems",
    "serve",
    "settled",
    "tabs_fixture",
    "wait_for_notes",
]

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
# What a page may load: the loopback server's files and what it makes itself.
LOCAL = ("http://127.0.0.1:", "data:", "blob:")


def chromium_path() -> str:
    """Debian's chromium-headless-shell, or a skip (a failure on CI) when it
    is missing."""
    path = find_chromium()
    if path is None:
        skip_or_fail(
            "chromium-headless-shell is not installed "
            "(apt-get install chromium-headless-shell)"
        )
    return path


def axe_script() -> Path:
    """axe-core from ``npm ci``, or a skip (a failure on CI) when it is missing."""
    path = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        skip_or_fail("axe-core is not installed (npm ci)")
    return path


def open_page(
    browser,
    url: str,
    *,
    viewport: dict[str, int] = DESKTOP,
    notes: bool = False,
    dark: bool = False,
    touch: bool = False,
    clipboard: bool = False,
):
    """A fresh page at ``url`` in a context of its own, loaded, fonts ready.

    ``notes``: wait until the chapter's notes are laid out;
    ``dark``: the reader chose the dark theme; ``touch``: a phone's touch
    screen; ``clipboard``: the page may read and write the clipboard.  The
    URL of every request the page makes is in ``page.requests``.
    """
    # the theme reads the reader's choice from localStorage first
    stored_dark = (
        "localStorage.setItem('mode', 'dark');localStorage.setItem('theme', 'dark');"
    )
    page = new_window(
        browser,
        url,
        viewport=viewport,
        touch=touch,
        clipboard=clipboard,
        init_script=stored_dark if dark else None,
    )
    return load(page, url, notes=notes)


def new_window(
    browser,
    url: str,
    *,
    viewport: dict[str, int],
    touch: bool,
    clipboard: bool,
    init_script: str | None,
):
    """An empty tab in a new window (a context) for ``url``'s site, each
    request's URL recorded in ``page.requests``; ``init_script`` runs at
    the start of every document."""
    context = browser.new_context(viewport=viewport, has_touch=touch, is_mobile=touch)
    if clipboard:
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    return page


def load(page, url: str, *, notes: bool = False):
    """``url`` loaded in ``page``, fonts ready (and notes placed)."""
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready")
    if notes:
        wait_for_notes(page)
    return page


# Run at the start of every document in a kept tab's context: the first
# document after ``Tabs.open`` set the ``book-fresh`` cookie starts from empty
# storage (and, when the cookie says ``dark``, with the reader's stored dark
# choice), before the page's own scripts read it; the cookie goes with it.
FRESH = """
if (location.protocol === "http:") {
  const fresh = document.cookie.split("; ")
    .find((c) => c.startsWith("book-fresh="))?.slice("book-fresh=".length);
  if (fresh) {
    document.cookie = "book-fresh=; max-age=0; path=/";
    localStorage.clear();
    sessionStorage.clear();
    if (fresh === "dark") {
      localStorage.setItem("mode", "dark");
      localStorage.setItem("theme", "dark");
    }
  }
}
"""


class Tabs:
    """A tab for each kind of window the tests ask for (a touch screen or
    not, a clipboard or not: what only a new window can change), kept from
    one test to the next.  ``open`` takes ``open_page``'s arguments and
    loads the page as a new document: the new navigation stops one the
    last test left going; it goes by way of ``about:blank`` when it would
    only scroll the page the tab is at (to a fragment of it) and when the
    tab must change its size (done before the new page starts).  The last
    test's scroll, focus, open notes and menus are gone, and so are its
    cookies, local and session storage (emptied as the new page starts,
    before its scripts run; the reader's stored dark choice is put in, for
    ``dark``); the pointer is put back at the corner and the media back to
    ``screen``.  What stays is the browser's cache and the window's grants.
    The URLs the page asked for since it was opened are in
    ``page.requests``.  A new window costs twice what a new document in a
    kept tab does, the hop to ``about:blank`` a quarter of it."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self.pages: dict[tuple, object] = {}

    def open(
        self,
        url: str,
        *,
        viewport: dict[str, int] = DESKTOP,
        notes: bool = False,
        dark: bool = False,
        touch: bool = False,
        clipboard: bool = False,
    ):
        key = (touch, clipboard)
        page = self.pages.get(key)
        if page is None or page.is_closed():
            page = new_window(
                self.browser,
                url,
                viewport=viewport,
                touch=touch,
                clipboard=clipboard,
                init_script=FRESH,
            )
            self.pages[key] = page
        else:
            page.unroute_all(behavior="ignoreErrors")
            if page.viewport_size != viewport or same_page(page.url, url):
                page.goto("about:blank")
            page.emulate_media(media="screen")
            if page.viewport_size != viewport:
                page.set_viewport_size(viewport)
            page.mouse.move(0, 0)
            page.context.clear_cookies()
        host = urlsplit(url).hostname
        fresh = "dark" if dark else "light"
        cookie = {"name": "book-fresh", "value": fresh, "domain": host, "path": "/"}
        page.context.add_cookies([cookie])
        page.requests = []
        return load(page, url, notes=notes)

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


def same_page(here: str, there: str) -> bool:
    """Whether going from ``here`` to ``there`` makes no new document: the
    same document (at most the fragments differ), to a fragment of it.
    (Going to the same URL without one loads the page again.)"""
    return urlsplit(here)[:4] == urlsplit(there)[:4] and bool(urlsplit(there).fragment)


def tabs_fixture():
    """A module's ``tabs`` fixture: ``tabs = tabs_fixture()``."""

    @pytest.fixture(scope="module", name="tabs")
    def tabs(browser):
        kept = Tabs(browser)
        yield kept
        kept.close()

    return tabs


def settled(page) -> None:
    """Until what the last scroll or click set going has come to rest: two
    frames (for the observers and the layout), then every transition and
    animation that has an end."""
    wait_for_notes(page)
    page.evaluate(
        """() => Promise.all(document.getAnimations()
             .filter((a) => a.effect?.getComputedTiming().endTime < Infinity)
             .map((a) => a.finished.catch(() => null)))"""
    )
    wait_for_notes(page)


def wait_for_notes(page) -> None:
    """Until the chapter's notes are placed: the stylesheet floats them, so
    two frames, for a resize or a move just made to be laid out and painted."""
    page.evaluate(
        "new Promise((done) => requestAnimationFrame(() =>"
        " requestAnimationFrame(done)))"
    )


def away(requests: list[str]) -> list[str]:
    """The requests that left the machine."""
    return [url for url in requests if not url.startswith(LOCAL)]


def serious_problems(page) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# Every text line box under an element (page.evaluate(TEXT_RECTS, element)),
# apart from the notes and paragraph numbers inside: what a note must never
# cover.
TEXT_RECTS = """
(root) => {
  const rects = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    if (!node.textContent.trim()) continue;
    if (node.parentElement.closest("span.sidenote, .paranum")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && r.height > 0) rects.push([r.left, r.top, r.right, r.bottom]);
    }
  }
  return rects;
}
"""
