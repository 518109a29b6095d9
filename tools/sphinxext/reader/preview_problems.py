"""The live preview shows the build's problems in the browser.

``nox -s serve`` (``tools.lib.build.preview_args``) builds with
``-D book_preview_problems=1``; only then does this extension do anything,
so the published book never carries it.  During such a build every warning
and error Sphinx logs is collected as ``nox -s check`` collects it
(``tools.lib.problems.Collector``: ``file:line: what is wrong; what to do``), and at
the end of the build the list is written to ``_static/preview-problems.json``
beside a small script of the book's own, ``_static/preview-problems.js``,
which every page of the preview loads.  The script fetches the list (never
cached) and, if it is not empty, lays a banner over the page naming each
problem; the next build without problems writes an empty list and the
reloaded page shows none.  Nothing is loaded from another host; the
banner's text is set with ``textContent``, never parsed as HTML.

A page that warned is read again in every build until it is clean
(``incremental``), so the list is always the book's, not only the last
edit's.
"""

from __future__ import annotations

import json
import logging
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from tools.lib.problems import Collector

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

SCRIPT = "preview-problems.js"
DATA = "preview-problems.json"
JS = """\
// The live preview's problem banner (tools/sphinxext/reader/preview_problems.py):
// only nox -s serve builds pages that load this script.
(function () {
  "use strict";
  const here = document.currentScript && document.currentScript.src;
  if (!here) return;
  fetch(new URL("preview-problems.json", here), { cache: "no-store" })
    .then((response) => (response.ok ? response.json() : []))
    .then((problems) => {
      if (!Array.isArray(problems) || problems.length === 0) return;
      const box = document.createElement("div");
      box.id = "preview-problems";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;top:0;left:0;right:0;z-index:10000;max-height:50vh;" +
        "overflow:auto;background:#fff3f3;color:#5a0000;border-bottom:3px " +
        "solid #b00020;padding:0.75em 1em;font:14px/1.45 monospace;";
      const title = document.createElement("strong");
      title.textContent =
        "The book has " + problems.length + " problem(s); the build refuses " +
        "it until they are fixed (nox -s check says the same):";
      box.appendChild(title);
      const list = document.createElement("ul");
      list.style.margin = "0.5em 0 0";
      for (const problem of problems) {
        const item = document.createElement("li");
        item.textContent = String(problem);
        list.appendChild(item);
      }
      box.appendChild(list);
      document.body.appendChild(box);
    })
    .catch(() => {});
})();
"""


# this build's collector, keyed by the app (as the other extensions keep
# per-build state), not an attribute set on Sphinx's object
COLLECTORS: weakref.WeakKeyDictionary[Sphinx, Collector] = weakref.WeakKeyDictionary()


def start(app: Sphinx) -> None:
    """Collect every warning of this build; make every page load the script."""
    if not app.config.book_preview_problems or app.builder.format != "html":
        return
    collector = Collector(app, Path(app.confdir))
    logging.getLogger("sphinx").addHandler(collector)
    COLLECTORS[app] = collector
    app.add_js_file(SCRIPT)


def finish(app: Sphinx, exception: Exception | None) -> None:
    """Write the list of problems (empty when the book is clean)."""
    collector = COLLECTORS.pop(app, None)
    if collector is None:
        return
    logging.getLogger("sphinx").removeHandler(collector)
    problems = [str(finding) for finding in collector.findings]
    if exception is not None:
        problems.append(f"the build stopped: {exception}")
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / SCRIPT).write_text(JS, encoding="utf-8")
    (static / DATA).write_text(
        json.dumps(problems, ensure_ascii=False, indent=0), encoding="utf-8"
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    # "" : a preview setting, not part of the book; it changes no page's text
    app.add_config_value("book_preview_problems", False, "", types=frozenset({bool}))
    app.connect("builder-inited", start)
    app.connect("build-finished", finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
