"""Incremental rebuilds that are fast and still strict.

* A page that warned in the last build is read again in the next one, even
  if its file did not change.  Sphinx re-reads only changed pages, so
  without this a second ``nox -s html`` after a mistake (an edited sentence,
  an undefined term) would pass silently; the docnames that warned are kept
  in ``book-warned-docs.json`` beside the doctrees.
* Sphinx's HTML builder renders the general index and the search page on
  every build, even when no page changed; with the book's theme that is
  about half a second of template rendering, most of a no-change rebuild.
  When no document was read and none is out of date, those two pages and the
  search index from the previous build are still exact, so they are kept.
  Any change — a source, the configuration, a template — rebuilds them.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


def note_documents_read(
    app: Sphinx, env: BuildEnvironment, docnames: list[str]
) -> None:
    app.builder.book_documents_read = bool(docnames)


def keep_unchanged_pages(app: Sphinx, builder: Builder) -> None:
    """Skip the index and search pages when the build has nothing to write."""
    if builder.format != "html" or getattr(builder, "book_documents_read", True):
        return
    if next(iter(builder.get_outdated_docs()), None) is not None:
        return
    builder.use_index = False  # genindex.html of the last build stays
    builder.search = False  # so do search.html and searchindex.js


class WarnedDocuments(logging.Handler):
    """Collects the docnames that warnings point at."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(logging.WARNING)
        self.app = app
        self.docnames: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        location = getattr(record, "location", None)
        env = self.app.env
        if isinstance(location, tuple) and location and location[0]:
            docname = location[0] if location[0] in env.found_docs else None
        else:
            if isinstance(location, nodes.Node):
                location = location.source or ""
            path = str(location or "").rsplit(":", 1)[0].split(":", 1)[0]
            docname = env.path2doc(path) if path else None
        if docname:
            self.docnames.add(docname)


def _record(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "book-warned-docs.json"


def start_collecting(app: Sphinx) -> None:
    app.book_warned = WarnedDocuments(app)
    logging.getLogger("sphinx").addHandler(app.book_warned)


def reread_warned(
    app: Sphinx, env: BuildEnvironment, added, changed, removed
) -> list[str]:
    """The pages that warned last time are out of date until they build cleanly."""
    try:
        warned = json.loads(_record(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return sorted(set(warned) & env.found_docs)


def save_warned(app: Sphinx, exception: Exception | None) -> None:
    logging.getLogger("sphinx").removeHandler(app.book_warned)
    _record(app).parent.mkdir(parents=True, exist_ok=True)
    _record(app).write_text(
        json.dumps(sorted(app.book_warned.docnames)), encoding="utf-8"
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Connect the hooks."""
    app.connect("builder-inited", start_collecting)
    app.connect("env-get-outdated", reread_warned)
    app.connect("build-finished", save_warned)
    app.connect("env-before-read-docs", note_documents_read)
    app.connect("write-started", keep_unchanged_pages)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
