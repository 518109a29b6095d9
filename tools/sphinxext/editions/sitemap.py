"""``sitemap.xml``: every page of the book, in every build.

sphinx-sitemap collects the pages as they are written, so an incremental
build's sitemap lists only the pages that build rewrote (and, written in
parallel, in an order that changes from build to build).  The book's pages
are its documents, all known to the environment after every build, so the
sitemap is made from them instead: sorted, with the address each has under
``html_baseurl`` (for the English edition, the ``en/`` folder), leaving out
those that match ``sitemap_excludes`` (the search page, the 404 page).
"""

from __future__ import annotations

import fnmatch
import io
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def page_links(app: Sphinx) -> list[str]:
    """The address, relative to the site, of every page the sitemap lists."""
    links = (app.builder.get_target_uri(name) for name in app.env.found_docs)
    excludes = app.config.sitemap_excludes
    return sorted(
        link
        for link in links
        if not any(fnmatch.fnmatch(link, pattern) for pattern in excludes)
    )


def sitemap_xml(base: str, links: list[str]) -> bytes:
    """The sitemap listing ``links`` under ``base``."""
    root = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for link in links:
        url = ElementTree.SubElement(root, "url")
        ElementTree.SubElement(url, "loc").text = base + link
    out = io.BytesIO()
    ElementTree.ElementTree(root).write(out, xml_declaration=True, encoding="utf-8")
    return out.getvalue()


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    base = app.config.html_baseurl
    if not base:
        logger.warning("no html_baseurl in conf.py, so no sitemap.xml", type="sitemap")
        return
    base = base.rstrip("/") + "/"
    data = sitemap_xml(base, page_links(app))
    target = Path(app.outdir) / "sitemap.xml"
    if not target.is_file() or target.read_bytes() != data:
        target.write_bytes(data)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register ``sitemap_excludes`` and write the sitemap after each build."""
    app.add_config_value("sitemap_excludes", [], "", types=frozenset({list}))
    app.connect("build-finished", write_sitemap)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
