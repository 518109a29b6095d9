"""``sitemap.xml`` lists every page after every build (``tools/sphinxext/sitemap.py``).

sphinx-sitemap, which the book replaced, listed only the pages a build
wrote, so an incremental build published a sitemap of one page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

LISTED = [
    "https://example.org/book/chapter.html",
    "https://example.org/book/index.html",
]


def listed(outdir: Path) -> list[str]:
    from xml.etree import ElementTree

    tree = ElementTree.parse(outdir / "sitemap.xml")
    return [
        loc.text
        for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]


def test_a_rebuild_that_writes_one_page_lists_them_all(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    site = Path(shutil.copytree(rootdir / "test-sitemap", tmp_path / "site"))

    def build() -> SphinxTestApp:
        app = make_app("html", srcdir=site)
        app.build()
        return app

    first = build()
    sitemap = Path(first.outdir) / "sitemap.xml"
    assert listed(first.outdir) == LISTED
    clean = sitemap.read_bytes()
    written = {p.name: p.stat().st_mtime_ns for p in Path(first.outdir).glob("*.html")}
    chapter = site / "chapter.rst"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nMore words.\n", "utf-8")
    again = build()
    rewritten = {
        p.name
        for p in Path(again.outdir).glob("*.html")
        if written.get(p.name) != p.stat().st_mtime_ns
    }
    # the case sphinx-sitemap got wrong: the index page was not written
    assert "chapter.html" in rewritten and "index.html" not in rewritten
    assert sitemap.read_bytes() == clean


@pytest.mark.sphinx("html", testroot="sitemap", confoverrides={"html_baseurl": ""})
def test_without_a_base_address_the_build_says_so(app, warning) -> None:
    app.build()
    assert not (Path(app.outdir) / "sitemap.xml").exists()
    assert strip_escape_sequences(warning.getvalue()).strip() == (
        "WARNING: no html_baseurl in conf.py, so no sitemap.xml [sitemap]"
    )
