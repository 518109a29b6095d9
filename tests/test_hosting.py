"""The hosted site behaves like a published book: 404 page, sitemap, link
previews, repository buttons, the citation block."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import conf
from tests.helpers.book import SLUGS, facts


def soup(book: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((book / name).read_text(encoding="utf-8"), "html.parser")


def test_the_404_page_works_from_any_depth(built_book: Path) -> None:
    page = soup(built_book, "404.html")
    assert "找不到这一页" in page.get_text()
    # Absolute links under the site's prefix, so /a/b/missing.html still finds the styles.
    prefix = "/" + conf.html_baseurl.split("/", 3)[3]
    stylesheets = [link["href"] for link in page.select("link[rel=stylesheet]")]
    assert stylesheets and all(href.startswith(prefix) for href in stylesheets)


@pytest.mark.parametrize("folder", ["", "en/"])
def test_every_link_of_the_404_page_works_from_any_depth(
    built_book: Path, folder: str
) -> None:
    """Its text's links ("首页") and the language switch too, in both editions:
    from the site's root, into the edition they name."""
    page = soup(built_book, f"{folder}404.html")
    prefix = "/" + conf.html_baseurl.split("/", 3)[3]
    links = [
        a["href"]
        for a in page.select("article a[href], .edition-switch a[href]")
        if not a["href"].startswith(("#", "https://"))
    ]
    assert links and all(href.startswith(prefix) for href in links), links
    home = page.select_one("article a[href$='index.html']")["href"]
    assert home == f"{prefix}{folder}index.html"
    other = "" if folder else "en/"
    switch = page.select_one(".edition-switch a")["href"]
    assert switch == f"{prefix}{other}404.html"


def test_sitemap_lists_every_page_of_the_book(built_book: Path) -> None:
    tree = ET.parse(built_book / "sitemap.xml")
    urls = {
        loc.text
        for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    chapters = [f"interviews/{slug}.html" for slug in SLUGS]
    for name in ("index.html", *chapters, "glossary.html", "bibliography.html"):
        assert conf.html_baseurl + name in urls
    assert not any(url.endswith(("search.html", "404.html")) for url in urls)


@pytest.mark.parametrize("slug", SLUGS)
def test_pages_carry_open_graph_metadata(built_book: Path, slug: str) -> None:
    chapter = f"interviews/{slug}.html"
    page = soup(built_book, chapter)
    meta = {
        tag["property"]: tag["content"] for tag in page.select("meta[property^='og:']")
    }
    assert meta["og:url"] == conf.html_baseurl + chapter
    assert meta["og:title"].startswith(facts(slug)["og_title_starts"])
    assert meta["og:description"].startswith(facts(slug)["og_description_starts"])
    assert meta["og:site_name"] == conf.project
    # what search engines show: the same sentence, once (not the source
    # card's fields joined with commas)
    descriptions = page.select("meta[name=description]")
    assert [tag["content"] for tag in descriptions] == [meta["og:description"]]


@pytest.mark.parametrize("slug", SLUGS)
def test_buttons_point_to_the_repository(built_book: Path, slug: str) -> None:
    page = soup(built_book, f"interviews/{slug}.html")
    hrefs = [a["href"] for a in page.select(".article-header-buttons a[href]")]
    assert any(
        href.startswith(conf.repository_url) and "/edit/" in href for href in hrefs
    )
    assert any(href.startswith(conf.repository_url + "/issues") for href in hrefs)


def test_landing_page_says_how_to_cite_the_edition(built_book: Path) -> None:
    page = soup(built_book, "index.html")
    section = page.select_one("#home-cite")
    assert section is not None and "@book{" in section.get_text()


@pytest.mark.parametrize("page", ["index.html", "en/index.html", "404.html"])
def test_every_page_has_the_books_favicon(built_book: Path, page: str) -> None:
    """The book's own mark, made in the repository: an SVG of shapes, with
    no text (no font to fetch) and nothing from elsewhere."""
    icon = soup(built_book, page).select_one("link[rel=icon]")
    assert icon is not None and icon["href"].endswith("_static/favicon.svg")
    svg = BeautifulSoup(
        (built_book / "_static" / "favicon.svg").read_text("utf-8"), "xml"
    )
    assert svg.svg is not None and svg.find("path") is not None
    assert svg.find(["text", "image", "use", "foreignObject"]) is None
    assert "http" not in str(svg).replace("http://www.w3.org/2000/svg", "")
