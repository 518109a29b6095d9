"""Serve a built book on 127.0.0.1 and open its pages in Debian's chromium.

Playwright for Python drives the system browser through ``executable_path``;
no browser is ever downloaded.  Without chromium the browser tests are
skipped locally but fail on CI (``CI`` set), where ``.ci/run`` installs it.
``open_page`` opens a page the way the browser tests read it (loaded, fonts
ready, a chapter's notes laid out, every request recorded); ``away`` lists
the requests that left the machine; ``serious_problems`` runs axe-core.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

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
    "wait_for_notes",
]

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
# What a page may load: the loopback server's files and what it makes itself.
LOCAL = ("http://127.0.0.1:", "data:", "blob:")


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
    context = browser.new_context(viewport=viewport, has_touch=touch, is_mobile=touch)
    if clipboard:
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    if dark:  # the theme reads the reader's choice from localStorage first
        context.add_init_script(
            "localStorage.setItem('mode', 'dark');"
            "localStorage.setItem('theme', 'dark');"
        )
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready")
    if notes:
        wait_for_notes(page)
    page.requests = requests
    return page


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
