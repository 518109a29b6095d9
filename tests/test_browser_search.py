"""Search, proven in a real browser (Debian's headless Chromium), on the book as built.

Two kinds of test, so that no content a contributor adds can break them:

* What holds for every valid book: each chapter is found by a phrase read
  from its own text (the first run of words that no other passage of the
  edition holds), in each edition.
* How the search ranks and groups, on fixture content only: the fixture
  queries (tests/data/search_queries.yaml, run by tests/helpers/search_queries.py)
  name words that only the fixture interview (tests/fixtures/interviews/
  chen-fixture) and the fixture glossary entries (tests/fixtures/contribution)
  hold, invented for the purpose, so the real book's passages can only come
  after the expected ones.

The queries run on a clean build only: tests/test_rebuild.py shows that a
rebuild writes what a clean build writes, byte for byte, the Pagefind bundle
included (on the small test book in both editions, on the whole test book in
English), and, on the small book, that the two are still the same once
their stylesheets are trimmed as ``nox -s html`` trims the site.
Results are passages: an interview paragraph's ``#pN`` with that
paragraph's own text, one result per glossary entry, phrase and compound
matches first.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.helpers.book import SLUGS, facts
from tests.helpers.search_queries import VIEWPORT, Query, load_queries, query_results
from tools.sphinxext.search.pagefind_search import NOISE

pytestmark = pytest.mark.browser

QUERIES = load_queries()
WIDTHS = (320, 375, 768, 1280)
# The fixture's words the tests below search for (tests/fixtures).
FIXTURE_NOTE_WORD = "pseudo-fixtural"  # only in a fixture annotation
FIXTURE_COMPOUND = "测试折叠能"  # in two fixture paragraphs
FIXTURE_NAME_EN = "Fictitious Quantum Institute"  # in four English paragraphs


@pytest.fixture(scope="module")
def window(browser):
    """One browser window for the module's searches, each in a tab of its
    own, as one reader searches: the tabs share the window's cache."""
    context = browser.new_context(viewport=VIEWPORT)
    yield context
    context.close()


@pytest.fixture(scope="module")
def tab(window):
    """A tab of that window for the searches that need no other: each search
    is a new document in it, as a reader's next search from the field is."""
    page = window.new_page()
    yield page
    page.close()


def results(tab, site: str, path: str) -> list[str]:
    """The links the search page at ``path`` lists, once it has finished."""
    return listed(tab, site, path)


def listed(page, site: str, path: str) -> list[str]:
    """The links the search page at ``path`` lists, opened in ``page``."""
    requests: list[str] = []
    errors: list[str] = []

    def request(request) -> None:
        requests.append(request.url)

    def error(error) -> None:
        errors.append(str(error))

    page.on("request", request)
    page.on("pageerror", error)
    try:
        return listing(page, site, path, requests, errors)
    finally:
        page.remove_listener("request", request)
        page.remove_listener("pageerror", error)


def listing(page, site: str, path: str, requests, errors) -> list[str]:
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
    return links


HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{8}")
LATIN_RUN = re.compile(r"(?<![\w'’-])(?:[A-Za-z]+ ){4}[A-Za-z]+(?![\w'’-])")


@functools.cache
def edition_texts(built_book: Path, edition: str) -> dict[str, str]:
    """Each page of an edition (its path under the edition's root) with the
    text of its article, as one line."""
    root = built_book / edition if edition else built_book
    texts = {}
    for page in sorted(root.rglob("*.html")):
        name = page.relative_to(root).as_posix()
        if not edition and name.startswith("en/"):
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.bd-article")
        if article is not None:
            texts[name] = " ".join(article.get_text("").split())
    return texts


def own_phrase(built_book: Path, edition: str, slug: str) -> str:
    """A phrase of the chapter's own text that no other passage of the
    edition holds: the first run of eight Chinese characters (five Latin
    words in the English edition) in its paragraphs that occurs once in the
    whole edition."""
    root = built_book / edition if edition else built_book
    everything = "\n".join(edition_texts(built_book, edition).values())
    page = f"interviews/{slug}.html"
    soup = BeautifulSoup((root / page).read_text(encoding="utf-8"), "html.parser")
    runs = LATIN_RUN if edition else HAN_RUN
    for paragraph in soup.select("p.interview-paragraph[id]"):
        for match in runs.finditer(paragraph_text(root, page, paragraph["id"])):
            if everything.count(match.group()) == 1:
                return match.group()
    raise AssertionError(
        f"{page}: no phrase of its own in the {edition or 'zh'} edition"
    )


@pytest.mark.parametrize("edition", ["", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_search_finds_the_chapter_by_its_own_words(
    tab, site: str, built_book: Path, slug: str, edition: str
) -> None:
    """Every chapter, in each edition, by a phrase read from its text."""
    phrase = own_phrase(built_book, edition, slug)
    prefix = f"{edition}/" if edition else ""
    links = results(tab, site, f"{prefix}search.html?q={quote(phrase)}")
    assert any(f"interviews/{slug}.html#p" in href for href in links[:3]), (
        phrase,
        links[:5],
    )


@pytest.mark.parametrize("query", QUERIES, ids=[q.query for q in QUERIES])
def test_query_leads_to_the_passage(tab, site: str, query: Query) -> None:
    found = query_results(tab, site, query)
    entries = [r for r in found if r.startswith("glossary.html")]
    assert query.passes(found), (
        f"{query.query!r}: want {query.first or query.top3 or '-'} in the top "
        f"three and {query.term or '-'} first of the glossary's results; got "
        f"{found[:5]}, glossary {entries[:3]}"
    )
    assert len(entries) == len(set(entries)), f"an entry twice: {entries}"
    assert "glossary.html" not in entries, "the glossary page as a whole"


GROUP_ORDER = ("interview", "note", "term", "page")


def kind_of(href: str) -> str:
    """What a result is, from its address."""
    fragment = urlsplit(href).fragment
    if re.fullmatch(r"p\d+", fragment):
        return "interview"
    if fragment.startswith("note-"):
        return "note"
    if fragment.startswith("term-"):
        return "term"
    return "page"


@pytest.mark.parametrize(
    ("slug", "query", "paragraph", "edition"),
    [
        (slug, *entry)
        for slug in SLUGS
        for entry in facts(slug).get("ranked_queries", [])
    ],
)
def test_the_interview_text_comes_first(
    tab, site: str, slug: str, query: str, paragraph: str, edition: str
) -> None:
    """A name the interview discusses leads to the paragraph that discusses
    it, and the results come in groups: the interview's text, the notes, the
    glossary, the other pages, each group under its heading."""
    found = query_results(tab, site, Query(query=query, edition=edition))
    headings = tab.eval_on_selector_all(
        "#search-results h3.search-group", "hs => hs.map(h => h.innerText)"
    )
    assert f"interviews/{slug}.html#{paragraph}" in found[:3], found[:5]
    kinds = [GROUP_ORDER.index(kind_of(href)) for href in found]
    assert kinds == sorted(kinds), found
    assert len(headings) == len(set(kinds)), headings
    english = edition == "en"
    assert headings[0] == ("Interview text" if english else "访谈正文"), headings


@pytest.mark.parametrize("edition", ["", "en/"])
def test_a_note_is_titled_as_a_note(tab, site: str, edition: str) -> None:
    """Its number and its paragraph, in the edition's words (not "¶28 [9]")."""
    page = tab
    page.goto(f"{site}/{edition}search.html?q={quote(FIXTURE_NOTE_WORD)}")
    page.wait_for_selector("#search-results .search-summary")
    titles = page.eval_on_selector_all(
        "#search-results ul.search li > a[href*='#note-']",
        "links => links.map(a => a.innerText)",
    )
    pattern = r"Note \d+ \(¶\d+\)$" if edition else r"注\d+（¶\d+）$"
    assert titles and all(re.search(pattern, title) for title in titles), titles


def test_excerpts_start_at_a_word(tab, site: str, built_book: Path) -> None:
    """An excerpt cut out of a passage begins and ends between words."""
    page = tab
    page.goto(f"{site}/en/search.html?q={quote(FIXTURE_NAME_EN)}")
    page.wait_for_selector("#search-results .search-summary")
    shown = page.eval_on_selector_all(
        "#search-results ul.search li",
        "items => items.map(li => [li.querySelector('a').href,"
        " li.querySelector('.context').innerText])",
    )
    checked = 0
    for href, context in shown:
        parts = urlsplit(href)
        if kind_of(href) not in ("interview", "note"):
            continue
        chapter = parts.path.removeprefix(urlsplit(site).path).lstrip("/")
        full = passage_text(built_book, chapter, parts.fragment)
        excerpt = context.strip("…").strip()
        at = full.find(excerpt)
        assert at >= 0, (excerpt, full)
        assert at == 0 or not full[at - 1].isalnum(), f"starts inside a word: {context}"
        end = at + len(excerpt)
        assert end == len(full) or not full[end].isalnum(), (
            f"ends inside a word: {context}"
        )
        assert excerpt[:1] not in ",.;:，。；：", f"starts with a mark: {context}"
        checked += 1
    assert checked >= 3, shown


def passage_text(built_book: Path, page: str, anchor: str) -> str:
    """The text of a paragraph or of the note an anchor stands in, as the
    search record holds it."""
    if not anchor.startswith("note-"):
        return paragraph_text(built_book, page, anchor)
    soup = BeautifulSoup((built_book / page).read_text(encoding="utf-8"), "html.parser")
    note = soup.find(id=anchor).find_parent(class_="sidenote")
    for sup in note.select("sup"):
        sup.decompose()
    return " ".join(note.get_text("").split())


def paragraph_text(built_book: Path, page: str, anchor: str) -> str:
    """A paragraph's text as the reader sees it, without number or notes."""
    soup = BeautifulSoup((built_book / page).read_text(encoding="utf-8"), "html.parser")
    paragraph = soup.find(id=anchor)
    for noise in paragraph.select(f"{NOISE}, .sidenote"):
        noise.decompose()
    return " ".join(paragraph.get_text("").split())


def test_result_shows_the_paragraph_not_its_number(
    tab, site: str, built_book: Path
) -> None:
    page = tab
    page.goto(f"{site}/search.html?q={quote(FIXTURE_COMPOUND)}")
    page.wait_for_selector("#search-results .search-summary")
    items = page.locator("#search-results ul.search li")
    checked = 0
    for i in range(items.count()):
        item = items.nth(i)
        href = item.locator("a").first.get_attribute("href")
        parts = urlsplit(href)
        if not parts.fragment.startswith("p") or not parts.fragment[1:].isdigit():
            continue
        chapter = parts.path.removeprefix(urlsplit(site).path).lstrip("/")
        title = item.locator("a").first.inner_text()
        heading = BeautifulSoup(
            (built_book / chapter).read_text(encoding="utf-8"), "html.parser"
        ).select_one("article h1")
        assert title.startswith(heading.get_text("").rstrip("#")), title
        assert title.endswith(f"¶{parts.fragment[1:]}"), title
        shown = item.locator(".context").inner_text().strip("…")
        assert FIXTURE_COMPOUND in shown
        assert shown in paragraph_text(built_book, chapter, parts.fragment), shown
        checked += 1
    assert checked >= 2, "no paragraph among the results"


def test_search_loads_nothing_from_elsewhere(window, site: str) -> None:
    outcome_requests: list[str] = []
    page = window.new_page()
    page.on("request", lambda request: outcome_requests.append(request.url))
    page.goto(f"{site}/search.html?q={quote('联邦学习 ' + FIXTURE_NOTE_WORD)}")
    page.wait_for_selector("#search-results .search-summary")
    page.wait_for_load_state("networkidle")
    assert any("/pagefind/" in url for url in outcome_requests)
    away = [u for u in outcome_requests if not u.startswith((site, "data:", "blob:"))]
    assert not away, away
    assert not any("searchindex.js" in url for url in outcome_requests)
    page.close()


@pytest.fixture(scope="module")
def resized(window):
    """A tab of the search window for the widths: each width a new
    document in it, opened once the tab has that width."""
    page = window.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_magnifier_leaves_the_text_alone(resized, site: str, width: int) -> None:
    """The search field's icon stands before the typed text, at every width,
    on the search page and in the Ctrl+K dialog."""
    page = resized
    page.goto("about:blank")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site}/search.html?q={quote(FIXTURE_COMPOUND)}")
    page.wait_for_selector("#search-results .search-summary")
    overlap = """(form) => {
        const icon = form.querySelector('.fa-magnifying-glass').getBoundingClientRect();
        const input = form.querySelector('input');
        const box = input.getBoundingClientRect();
        const text = box.left + parseFloat(getComputedStyle(input).paddingLeft);
        return [icon.width > 0, icon.right, text];
    }"""
    shown, icon_right, text_left = page.locator(
        ".bd-search-container form.bd-search"
    ).evaluate(overlap)
    assert shown and icon_right <= text_left, (width, icon_right, text_left)
    page.goto(f"{site}/glossary.html")
    page.keyboard.press("Control+k")
    dialog = page.locator("#pst-search-dialog form.bd-search")
    dialog.wait_for(state="visible")
    shown, icon_right, text_left = dialog.evaluate(overlap)
    assert shown and icon_right <= text_left, (width, icon_right, text_left)
