"""tools/sphinxext/editions/editions.py on a tiny site: what the book builders drop.

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


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_book_downloads_must_hold_both_files(make_app, rootdir, tmp_path, language):
    """A ``book_downloads`` folder without this language's PDF (or EPUB) fails
    the build with the missing file and how to make it."""
    from tools.lib import build

    (tmp_path / f"{build.edition_basename(language)}.epub").write_bytes(b"PK")
    app = make_app(
        "html",
        srcdir=rootdir / "test-editions-virtual",
        builddir=tmp_path / "_build",
        freshenv=True,
        warningiserror=True,
        confoverrides={"book_downloads": str(tmp_path), "language": language},
    )
    app.build()
    assert app.statuscode != 0
    missing = tmp_path / f"{build.edition_basename(language)}.pdf"
    assert re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()) == (
        f"WARNING: book_downloads: {missing} not found; build it first (nox -s "
        "build builds the PDF and the EPUB, then the HTML that offers them) "
        "[editions]\n"
    )


BIBLIOGRAPHY_PAGE = "# References\n\n```{bibliography}\n:all:\n```\n"
REFERENCE = (
    "@article{dill2012protein,\n  author = {Dill, Ken A.},\n  title = {The Protein-Folding Problem, 50 Years "
    "On},\n  journal = {Science},\n  year = {2012},\n  doi = "
    "{10.1126/science.1219021}\n}\n"
)


@pytest.mark.parametrize(
    ("toctree", "last"),
    [("bibliography\nchapter\n", False), ("chapter\nbibliography\n", True)],
)
def test_the_bibliography_must_be_the_last_chapter(
    make_app, rootdir, tmp_path, toctree: str, last: bool
) -> None:
    """In the PDF every citation is printed at the end of the book: a
    bibliography page anywhere else fails the LaTeX build, naming it."""
    import shutil

    site = shutil.copytree(rootdir / "test-editions-virtual", tmp_path / "site")
    (site / "refs.bib").write_text(REFERENCE, encoding="utf-8")
    (site / "bibliography.md").write_text(BIBLIOGRAPHY_PAGE, encoding="utf-8")
    index = site / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("chapter\n", toctree),
        encoding="utf-8",
    )
    app = make_app(
        "latex",
        srcdir=site,
        freshenv=True,
        warningiserror=True,
        confoverrides={
            "extensions": [
                "myst_parser",
                "sphinxcontrib.bibtex",
                "tools.sphinxext.editions.editions",
            ],
            "bibtex_bibfiles": ["refs.bib"],
        },
    )
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    if last:
        assert (app.statuscode, warnings) == (0, ""), warnings
    else:
        assert app.statuscode != 0
        assert warnings == (
            f"{site / 'bibliography.md'}:1: WARNING: the bibliography (bibliography) "
            "must be the last page of the toctree: in the PDF every citation is "
            "printed at the end of the book, which would leave its chapter empty "
            "and put the references under chapter [editions]\n"
        )
