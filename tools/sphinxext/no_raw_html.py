"""Refuse raw HTML in the book's sources.

MyST passes HTML written in Markdown (``<script>``, ``<iframe>``, inline
styles…) straight into the page.  The book never needs it, and a pull request
that smuggles a script into a chapter must not build.  Every ``raw`` node is
reported with its file and line, and removed, so that even a build without
``-W`` publishes none of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


class RefuseRawMarkup(SphinxTransform):
    """Warn about and drop every raw node."""

    default_priority = 100

    def apply(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.raw)):
            snippet = " ".join(node.astext().split())[:60]
            logger.warning(
                "raw %s is not allowed in the book (%r); write Markdown, or ask "
                "for a Sphinx extension if something cannot be expressed",
                node.get("format", "markup"),
                snippet,
                location=node,
                type="raw",
            )
            node.parent.remove(node)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the transform."""
    app.add_transform(RefuseRawMarkup)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
