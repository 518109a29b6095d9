"""The offline check of the built site's internal links (tools/check_site.py).

It must pass on the book as built, and fail, naming the page and the link,
when a copy of the build is broken: a paragraph anchor, a glossary id, a
citation id or a file removed.  The optional PDF part is checked on a tiny
PDF made here with pypdf.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers.book import SLUGS
from tools import check_site
from tools.check_site import Problem

# The checker is tested on one chapter of the test book; any would do.
CHAPTER = f"interviews/{SLUGS[0]}.html"


def test_the_built_book_has_no_broken_internal_link(built_book: Path) -> None:
    assert [str(p) for p in check_site.check(built_book)] == []


@pytest.fixture
def site(built_book: Path, tmp_path: Path) -> Path:
    """A private copy of the built HTML, free to be broken."""
    return Path(shutil.copytree(built_book, tmp_path / "html"))


def first_link(site: Path, page: str, pattern: str) -> str:
    """The first href on ``page`` matching ``pattern``."""
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    return next(a["href"] for a in soup.find_all("a", href=re.compile(pattern)))


def remove_id(site: Path, page: str, anchor: str) -> None:
    path = site / page
    html = path.read_text(encoding="utf-8")
    assert f'id="{anchor}"' in html
    path.write_text(html.replace(f'id="{anchor}"', 'id="gone"'), encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "pattern", "target"),
    [
        ("people.html", rf"^{re.escape(CHAPTER)}#p\d+$", CHAPTER),
        (CHAPTER, r"^\.\./glossary\.html#term-", "glossary.html"),
        (CHAPTER, r"^\.\./bibliography\.html#", "bibliography.html"),
    ],
    ids=["paragraph", "glossary term", "citation"],
)
def test_a_missing_anchor_is_reported(
    site: Path, page: str, pattern: str, target: str
) -> None:
    link = first_link(site, page, pattern)
    anchor = link.split("#")[1]
    remove_id(site, target, anchor)
    assert Problem(page, link, f'no id "{anchor}" on {target}') in check_site.check(
        site
    )


def test_a_missing_file_is_reported_on_every_page_that_needs_it(site: Path) -> None:
    (site / "_static" / "book.css").unlink()
    problems = [p for p in check_site.check(site) if "book.css" in p.link]
    assert {p.where for p in problems} >= {"index.html", CHAPTER, "glossary.html"}
    assert {p.reason for p in problems} == {"no file _static/book.css"}


def test_a_missing_page_is_reported(site: Path) -> None:
    (site / "glossary.html").unlink()
    problems = check_site.check(site)
    assert Problem("index.html", "glossary.html", "no file glossary.html") in problems


def test_the_cli_names_page_and_link(site: Path, capsys: pytest.CaptureFixture) -> None:
    link = first_link(site, CHAPTER, r"^#p\d+$")
    remove_id(site, CHAPTER, link[1:])
    assert check_site.main([str(site)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f'{CHAPTER}: broken link {link} (no id "{link[1:]}" on {CHAPTER})' in out
    assert re.fullmatch(
        r"check_site: \d+ pages, no PDF in .*, PDF links not checked: \d+ broken",
        out[-1],
    )


def test_external_links_are_left_to_linkcheck(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<a href="https://example.org/missing">x</a><a href="mailto:a@b.c">m</a>'
        '<a href="#">top</a><img src="data:image/png;base64,AAAA">'
        '<a href="nowhere.html">broken</a>',
        encoding="utf-8",
    )
    assert check_site.check(tmp_path) == [
        Problem("index.html", "nowhere.html", "no file nowhere.html")
    ]


def test_links_to_the_published_address_are_checked_in_the_build(
    tmp_path: Path,
) -> None:
    base = "https://example.github.io/book/"
    (tmp_path / "index.html").write_text(
        f'<link rel="canonical" href="{base}index.html">'
        '<a href="/book/index.html">root-relative</a>'
        '<a href="/book/gone.html">gone</a>'
        '<a href="/elsewhere/index.html">not under the site</a>'
        f'<a href="{base}gone.html#x">absolute</a>',
        encoding="utf-8",
    )
    assert check_site.check(tmp_path) == [
        Problem("index.html", "/book/gone.html", "no file gone.html"),
        Problem(
            "index.html", "/elsewhere/index.html", "points outside the site (/book/)"
        ),
        Problem("index.html", f"{base}gone.html#x", "no file gone.html"),
    ]


# -- PDF ------------------------------------------------------------------------


def tiny_pdf(path: Path) -> Path:
    """Two pages; links to a named destination that exists and two that do not."""
    import pypdf  # in the test group: missing it is a failure, not a skip
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        TextStringObject,
    )

    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_blank_page(200, 200)
    writer.add_named_destination("term-federated-learning", 1)

    def link(**entries) -> DictionaryObject:
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject(
                    [FloatObject(v) for v in (0, 0, 9, 9)]
                ),
            }
        )
        annotation.update({NameObject(f"/{k}"): v for k, v in entries.items()})
        return annotation

    goto = DictionaryObject(
        {
            NameObject("/S"): NameObject("/GoTo"),
            NameObject("/D"): TextStringObject("p99"),
        }
    )
    uri = DictionaryObject(
        {
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("https://doi.org/"),
        }
    )
    page_two = writer.pages[1].indirect_reference
    for annotation in (
        link(Dest=TextStringObject("term-federated-learning")),
        link(Dest=TextStringObject("term-missing")),
        link(A=goto),
        link(A=uri),
        link(Dest=ArrayObject([page_two, NameObject("/Fit")])),
    ):
        writer.add_annotation(0, annotation)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        writer.write(stream)
    return path


def test_pdf_links_to_missing_destinations_are_reported(tmp_path: Path) -> None:
    pdf = tiny_pdf(tmp_path / "book.pdf")
    assert check_site.check_pdf(pdf) == [
        Problem("book.pdf: page 1", "term-missing", "no such named destination"),
        Problem("book.pdf: page 1", "p99", "no such named destination"),
    ]


def test_a_pdf_beside_the_html_build_is_checked_too(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "index.html").write_text("<p>book</p>", encoding="utf-8")
    tiny_pdf(tmp_path / "pdf" / "book.pdf")
    assert [p.link for p in check_site.check(tmp_path / "html")] == [
        "term-missing",
        "p99",
    ]
