"""Chinese search, proven in a real browser (Debian's chromium).

On the book as built once, and on the same book built again with nothing
changed (a second ``nox -s html``): a rebuild once wrote ``language_data.js``
without its stemmer, and every query then failed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import SLUGS
from tests.helpers.book import facts
from tests.rebuild_support import sphinx
from tools import build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def rebuilt_book(
    built_book: Path, test_book: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The session's book, copied with its doctrees and rebuilt, both languages."""
    out = built_book.parent
    copy = tmp_path_factory.mktemp("rebuilt")
    shutil.copytree(out / "doctrees" / "html", copy / "zh" / "doctrees")
    shutil.copytree(built_book, copy / "zh" / "html")
    shutil.rmtree(copy / "zh" / "html" / "en")
    shutil.copytree(out / "english" / "doctrees" / "html", copy / "en" / "doctrees")
    shutil.copytree(built_book / "en", copy / "en" / "html")
    for language in build.LANGUAGES:
        # as the session's book was built: the same environment, so that
        # nothing changed and nothing is read again
        sphinx(test_book, copy / language.partition("_")[0], language, epoch=None)
    shutil.move(copy / "en" / "html", copy / "zh" / "html" / "en")
    return copy / "zh" / "html"


@pytest.fixture(scope="session")
def rebuilt_site(rebuilt_book: Path) -> Iterator[str]:
    from tests.browser import serve

    with serve(rebuilt_book) as url:
        yield url


@pytest.fixture(params=["built", "rebuilt"])
def any_site(request: pytest.FixtureRequest) -> str:
    """The book served as built once, then as built again."""
    return request.getfixturevalue(
        "site" if request.param == "built" else "rebuilt_site"
    )


def results(browser, site: str, path: str) -> list[str]:
    """The links the search page at ``path`` lists, once it has finished."""
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site}/{path}")
    # Results are appended one by one; Sphinx writes the summary when all are in.
    page.wait_for_function(
        "() => document.querySelector('#search-results .search-summary')"
        "?.innerText.trim().length > 0",
        timeout=15000,
    )
    found = page.locator("#search-results ul.search li")
    links = [a.get_attribute("href") or "" for a in found.locator("a").all()]
    if links:
        # Sphinx fetches each hit's page for its snippet after listing it,
        # so the snippet may still be on its way when the summary is written.
        found.locator(".context").first.wait_for(state="visible", timeout=10000)
    assert all(u.startswith(site) for u in requests), [
        u for u in requests if not u.startswith(site)
    ]
    assert not errors, errors
    page.close()
    return links


@pytest.mark.parametrize(
    ("slug", "query"),
    [(slug, query) for slug in SLUGS for query in facts(slug)["browser_queries"]],
)
def test_search_finds_the_chapter(
    browser, any_site: str, slug: str, query: str
) -> None:
    links = results(browser, any_site, f"search.html?q={quote(query)}")
    assert any(f"interviews/{slug}.html" in href for href in links), links


@pytest.mark.parametrize(
    ("slug", "query"),
    [
        (slug, query)
        for slug in SLUGS
        for query in facts(slug)["browser_queries"]
        if query.isascii()  # a word the English edition has too
    ],
)
def test_english_search_finds_the_chapter(
    browser, any_site: str, slug: str, query: str
) -> None:
    links = results(browser, any_site, f"en/search.html?q={quote(query)}")
    assert any(f"interviews/{slug}.html" in href for href in links), links
