"""What CONTRIBUTING.md promises a newcomer, done on a copy of the book.

A contributor adds a reference and an annotation that cites it, exactly as
the guide's examples show; the book builds, the annotation is a sidenote
beside its paragraph, the reference is in the bibliography with its DOI, and
every rule still holds.

On the small test book (the book's configuration and extensions on two
chapters, tests/helpers/small_book.py): what a contribution meets (the
rules, the strict build, the sidenote, the bibliography, the fidelity
guard) is the same whatever the book holds.  That such a contribution also
lives in the whole book, in both editions, is tests/test_contribution_in_test_book.py's.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.helpers.book import run_sphinx
from tools import contribution_rules
from tools.lib import fidelity, interview

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


def unannotated_line_end(book: Path) -> tuple[interview.Interview, str]:
    """The first chapter with an answer paragraph that has no note, and
    that paragraph's last line: where the guide's contributor puts a
    marker (read off the chapters, never named here)."""
    return next(
        (chapter, paragraph.markup.splitlines()[-1])
        for chapter in interview.chapters(book)
        for paragraph in chapter.paragraphs()
        if paragraph.role == "answer" and "[^" not in paragraph.markup
    )


def test_a_new_annotation_with_a_new_reference_builds(
    small_book_copy: Path, tmp_path: Path
) -> None:
    book = small_book_copy
    with (book / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(NEW_REFERENCE)
    edited, sentence = unannotated_line_end(book)
    text = edited.path.read_text(encoding="utf-8")
    assert text.count(sentence + "\n") == 1
    text = text.replace(sentence + "\n", sentence + "[^teamwork]\n", 1)
    text += (
        "\n[^teamwork]: 蛋白质折叠问题提出已有五十年 {cite:p}`dill2012protein_copy`。\n"
    )
    edited.path.write_text(text, encoding="utf-8")

    assert contribution_rules.check(book) == []
    result = run_sphinx(book, tmp_path / "out", jobs="auto")
    assert result.returncode == 0, result.stderr

    html = tmp_path / "out" / "html"
    soup = BeautifulSoup(
        (html / "interviews" / f"{edited.slug}.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    note = soup.select_one("#note-teamwork")
    assert note is not None and note.find_parent("p", class_="interview-paragraph")
    bibliography = (html / "bibliography.html").read_text(encoding="utf-8")
    assert "https://doi.org/10.1126/science.1219021" in bibliography
    assert fidelity.check_html(html, book) == []
