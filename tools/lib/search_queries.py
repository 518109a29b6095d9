"""The reader's queries (tests/data/search_queries.yaml), run on a built book.

Shared by the browser tests and the bench: ``query_results`` opens the
search page of a served edition with ``?q=`` as the search box sends it,
waits for the results (Sphinx's search page and the book's Pagefind page
write the same ``#search-results`` markup) and returns their addresses;
``run_query`` does so in a fresh browser context and also counts what the
browser downloaded for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml

QUERIES = Path(__file__).resolve().parents[2] / "tests" / "data" / "search_queries.yaml"
# What belongs to the search machinery, as opposed to the page and its theme.
SEARCH_FILES = (
    "/pagefind/",
    "book-search.js",
    "searchindex.js",
    "searchtools.js",
    "language_data.js",
    "stemmer.js",
)
VIEWPORT = {"width": 1280, "height": 900}


@dataclass
class Query:
    query: str
    edition: str = ""  # "" for the original, "en" for the English edition
    first: str | None = None
    top3: list[str] = field(default_factory=list)
    term: str | None = None  # the glossary entry that leads the glossary's results

    def passes(self, results: list[str]) -> bool:
        """Whether ``results`` (addresses relative to the edition) lead right."""
        if self.first and (not results or results[0] != self.first):
            return False
        if self.term:
            entries = [r for r in results if r.startswith("glossary.html#")]
            if not entries or entries[0] != self.term:
                return False
        wanted = set(self.top3) | ({self.first} if self.first else set())
        return not wanted or bool(wanted & set(results[:3]))


@dataclass
class Outcome:
    results: list[str]
    search_bytes: int  # what the search machinery downloaded
    total_bytes: int  # everything the search page downloaded


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(**entry) for entry in data["queries"]]


def run_query(browser, base: str, query: Query, timeout: float = 15000) -> Outcome:
    """Search ``query`` on the book served at ``base`` in a fresh context,
    so that every file the search needs is downloaded and counted."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    sizes: dict[str, int] = {}

    def finished(request) -> None:
        sizes[request.url] = request.sizes()["responseBodySize"]

    page.on("requestfinished", finished)
    results = query_results(page, base, query, timeout)
    page.wait_for_load_state("networkidle")
    context.close()
    search = sum(
        size for url, size in sizes.items() if any(s in url for s in SEARCH_FILES)
    )
    return Outcome(results, search, sum(sizes.values()))


def query_results(page, base: str, query: Query, timeout: float = 15000) -> list[str]:
    """The results of ``query`` on the book served at ``base``, searched in
    ``page``: addresses relative to the edition, best first."""
    root = f"{base}/{query.edition}/" if query.edition else f"{base}/"
    page.goto(f"{root}search.html?q={quote(query.query)}")
    page.wait_for_function(
        "() => document.querySelector('#search-results .search-summary')"
        "?.innerText.trim().length > 0",
        timeout=timeout,
    )
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search li > a", "links => links.map(a => a.href)"
    )
    results = []
    for href in hrefs:
        parts = urlsplit(href)
        path = parts.path.removeprefix(urlsplit(root).path)
        results.append(path + (f"#{parts.fragment}" if parts.fragment else ""))
    return results
