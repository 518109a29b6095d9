"""What CONTRIBUTING.md promises a newcomer, done on a copy of the book.

A contributor adds a reference and an annotation that cites it, exactly as
the guide's examples show; the book builds, the annotation is a sidenote
beside its paragraph, the reference is in the bibliography with its DOI, and
every rule still holds.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.helpers.book import EDIT, EDITED_CHAPTER, run_sphinx
from tools import contribution_rules
from tools.lib import fidelity

NEW_REFERENCE = """
@article{dill2012protein_copy,
  author   = {Dill, Ken A. and MacCallum, Justin L.},
  title    = {The Protein-Folding Problem, 50 Years On},
  journal  = {Science},
  year     = {2012},
  volume   = {338},
  number   = {6110},
  pages    = {1042--1046},
  doi      = {10.1126/science.1219021},
  verified = {test fixture: a copy of the entry dill2012protein}
}
"""
SENTENCE = EDIT["line_end"]


def test_a_new_annotation_with_a_new_reference_builds(book_copy: Path) -> None:
    with (book_copy / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(NEW_REFERENCE)
    chapter = book_copy / EDITED_CHAPTER
    text = chapter.read_text(encoding="utf-8")
    assert text.count(SENTENCE + "\n") == 1
    text = text.replace(SENTENCE + "\n", SENTENCE + "[^teamwork]\n", 1)
    text += (
        "\n[^teamwork]: 蛋白质折叠问题提出已有五十年 {cite:p}`dill2012protein_copy`。\n"
    )
    chapter.write_text(text, encoding="utf-8")

    assert contribution_rules.check(book_copy) == []
    result = run_sphinx(book_copy, book_copy / "_build", jobs="auto")
    assert result.returncode == 0, result.stderr

    html = book_copy / "_build" / "html"
    soup = BeautifulSoup(
        (html / EDITED_CHAPTER.removeprefix("docs/"))
        .with_suffix(".html")
        .read_text(encoding="utf-8"),
        "html.parser",
    )
    note = soup.select_one("#note-teamwork")
    assert note is not None and note.find_parent("p", class_="interview-paragraph")
    bibliography = (html / "bibliography.html").read_text(encoding="utf-8")
    assert "https://doi.org/10.1126/science.1219021" in bibliography
    assert fidelity.check_html(html, book_copy) == []
