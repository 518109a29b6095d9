"""Chinese search, proven in a real browser (Debian's chromium)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.conftest import SLUGS
from tests.helpers.book import facts

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("slug", "query"),
    [(slug, query) for slug in SLUGS for query in facts(slug)["browser_queries"]],
)
def test_search_finds_the_chapter(browser, site: str, slug: str, query: str) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site}/search.html?q={quote(query)}")
    # Results are appended one by one; Sphinx writes the summary when all are in.
    page.wait_for_function(
        "() => document.querySelector('#search-results .search-summary')"
        "?.innerText.trim().length > 0",
        timeout=15000,
    )
    results = page.locator("#search-results ul.search li")
    links = [a.get_attribute("href") for a in results.locator("a").all()]
    assert any(f"interviews/{slug}.html" in (href or "") for href in links), links
    snippet = results.locator(".context").first
    assert snippet.is_visible()
    assert all(url.startswith(site) for url in requests), [
        u for u in requests if not u.startswith(site)
    ]
    page.close()
