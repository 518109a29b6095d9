"""tools/sphinxext/editions.py on a tiny site: what the book builders drop.

The toctree directive lists the pages the HTML builder generates
(``genindex``) among its included files; ``drop_virtual_documents`` finds
them as the included files that are not ``env.found_docs`` and drops them
from the PDF's and EPUB's toctrees.  Sphinx keeps its list of those pages in
a private attribute, which this module no longer reads: if a Sphinx upgrade
changes how the directive records them, the warning comes back here.
"""

from __future__ import annotations

import re

import pytest


@pytest.mark.sphinx("latex", testroot="editions-virtual", freshenv=True)
def test_the_pdf_drops_the_generated_index_without_a_warning(app) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "book.tex").read_text(encoding="utf-8")
    assert re.search(r"\\chapter\{Chapter\}", tex)
    assert "genindex" not in tex


@pytest.mark.sphinx("html", testroot="editions-virtual", freshenv=True)
def test_the_web_edition_keeps_it(app) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    index = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="genindex.html"' in index
