"""The search tests' fixture queries (tests/data/search_queries.yaml): invented
words that only the test fixtures hold, each with what it must find, and how
a query is run on a built book.

Used by the browser tests: ``query_results`` opens the search page of a
served edition with ``?q=`` as the search box sends it, waits for the
results (the book's Pagefind page writes Sphinx's ``#search-results``
markup) and returns their addresses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml

QUERIES = Path(__file__).resolve().parents[2] / "tests" / "data" / "search_queries.yaml"
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


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(**entry) for entry in data["queries"]]


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
