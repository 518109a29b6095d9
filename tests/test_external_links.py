"""Every external link a reader can follow is well formed.

The rules themselves are ``tools/lib/link_rules.py`` (tested rule by rule in
``tests/test_link_rules.py``), run by ``nox -s lint`` through
``tools.contribution_rules``; here they are applied to the book's own
sources, and what only the build shows is checked on the build:

* every DOI of the bibliography is rendered as an https doi.org link;
* no page links anywhere over http;
* a URL into the book's own published site (``html_baseurl``), such as the
  citation example on the home page, names a page and anchor that exist in
  the build (no link checker would see it: it is text, not a link).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from tools import check_site
from tools.lib import link_rules

ROOT = Path(__file__).resolve().parent.parent
BIB = ROOT / "references.bib"


def sources() -> list[Path]:
    return sorted((ROOT / "docs").rglob("*.md"))


# -- The sources --------------------------------------------------------------


@pytest.mark.parametrize(
    "path", sources(), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_markdown_links_are_well_formed(path: Path) -> None:
    assert list(link_rules.markdown_links(path)) == []


def test_conf_links_are_well_formed() -> None:
    assert list(link_rules.text_links(ROOT / "conf.py")) == []


def test_bibliography_links_are_well_formed() -> None:
    assert list(link_rules.bibliography_links(BIB)) == []


# -- The built book -----------------------------------------------------------


def test_every_doi_is_rendered_as_an_https_doi_org_link(built_book: Path) -> None:
    soup = BeautifulSoup(
        (built_book / "bibliography.html").read_text(encoding="utf-8"), "html.parser"
    )
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    dois = {
        entry.fields["doi"]
        for entry in parse_file(BIB, "bibtex").entries.values()
        if "doi" in entry.fields
    }
    assert dois
    assert {doi for doi in dois if f"https://doi.org/{doi}" not in hrefs} == set()


def test_the_built_book_links_nowhere_over_http(built_book: Path) -> None:
    insecure = set()
    for page in built_book.rglob("*.html"):
        for a in BeautifulSoup(
            page.read_text(encoding="utf-8"), "html.parser"
        ).find_all(href=True):
            if a["href"].startswith("http://"):
                insecure.add(f"{page.relative_to(built_book)}: {a['href']}")
    assert insecure == set()


def test_addresses_of_the_book_itself_resolve_in_the_build(built_book: Path) -> None:
    site = check_site.Site.of(built_book)
    if not site.url:
        pytest.skip("the build names no published address (html_baseurl)")
    own = [
        (f"{path.relative_to(ROOT).as_posix()}:{number}", url)
        for path in sources()
        for number, url in link_rules.markdown_urls(path)
        if url.startswith(site.url)
    ]
    if not own:  # the citation example names a versioned address as a template
        pytest.skip("the sources link to no address of the book itself")
    broken = [
        f"{where}: {url}: {why}"
        for where, url in own
        if (why := check_site.check_link(site, built_book / "index.html", url))
    ]
    assert broken == []
