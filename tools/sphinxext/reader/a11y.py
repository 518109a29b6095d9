"""Accessibility fixes for markup the book's tools write (HTML only).

* The bibliography is a ``role="list"`` whose entries docutils marks
  ``role="doc-biblioentry"``, a role DPUB-ARIA 1.1 deprecated because a list
  may own only ``listitem`` children (axe: aria-required-children, critical).
  The entries are written as ``role="listitem"`` instead.
* The theme's search button is labelled "搜索" but shows "搜索 Ctrl+K"; a
  name that leaves out visible text fails speech input (axe:
  label-content-name-mismatch).  The book's copy of that template
  (``templates/search-button-field.html``, which ``page_assets`` puts first
  in ``templates_path``) names the button by its content instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def visit_citation_html(self, node: nodes.citation) -> None:
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(
        self.starttag(node, "div", classes=[node.tagname], role="listitem")
    )


def depart_citation_html(self, node: nodes.citation) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Override the HTML visitors of citations."""
    app.add_node(
        nodes.citation, override=True, html=(visit_citation_html, depart_citation_html)
    )
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
