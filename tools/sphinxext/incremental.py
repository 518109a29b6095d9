"""Keep a rebuild with nothing to do fast.

Sphinx's HTML builder renders the general index and the search page on every
build, even when no page changed; with the book's theme that is about half a
second of template rendering, most of a no-change rebuild.  When no document
was read and none is out of date, those two pages and the search index from
the previous build are still exact, so this module leaves them as they are.
Any change — a source, the configuration, a template — still rebuilds them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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


def setup(app: Sphinx) -> ExtensionMetadata:
    """Connect the two hooks."""
    app.connect("env-before-read-docs", note_documents_read)
    app.connect("write-started", keep_unchanged_pages)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
