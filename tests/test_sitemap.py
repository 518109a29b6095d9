"""``sitemap.xml`` lists every page after every build (``tools/sphinxext/editions/sitemap.py``).

sphinx-sitemap, which the book replaced, listed only the pages a build
wrote, so an incremental build published a sitemap of one page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.util.console import strip_escape_sequences

from tests.helpers.rebuild import mtimes, rewritten

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
    html = site / "_build" / "html"  # sphinx.testing's output folder

    def rebuild() -> set[str]:
        """Build; the files it wrote (all of them, the first time)."""
        before = mtimes(html) if html.is_dir() else {}
        app = make_app("html", srcdir=site)
        app.build()
        assert Path(app.outdir) == html
        return rewritten(html, before)

    rebuild()
    assert listed(html) == LISTED
    clean = (html / "sitemap.xml").read_bytes()
    # an edited page, and only it written (sphinx-sitemap then listed only it)
    chapter = site / "chapter.rst"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nMore words.\n", "utf-8")
    written = rebuild()
    assert "chapter.html" in written and "index.html" not in written
    assert (html / "sitemap.xml").read_bytes() == clean
    # a new page, and only it written: the sitemap is written again, whole
    (site / "added.rst").write_text(":orphan:\n\nAdded\n=====\n\nNew.\n", "utf-8")
    written = rebuild()
    assert "added.html" in written and "index.html" not in written
    assert listed(html) == ["https://example.org/book/added.html", *LISTED]


def test_without_a_base_address_the_build_says_so(
    make_app, rootdir: Path, tmp_path: Path
) -> None:
    site = Path(shutil.copytree(rootdir / "test-sitemap", tmp_path / "site"))
    app = make_app("html", srcdir=site, confoverrides={"html_baseurl": ""})
    app.build()
    warning = app.warning
    assert not (Path(app.outdir) / "sitemap.xml").exists()
    assert strip_escape_sequences(warning.getvalue()).strip() == (
        "WARNING: no html_baseurl in conf.py, so no sitemap.xml [sitemap]"
    )
