"""The reader keeps their place (``tools/sphinxext/static/book-place.js``).

The language switch lands on the same paragraph in the other edition, with
the fragment the reader followed or, without one, the paragraph at the top
of the window; on the search page it keeps the query.  A link to a note (a
search hit on ``#note-…``) opens it and brings it into view, on a phone
where notes hide behind their numbers and at desktop width.
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.helpers.book import SLUGS, facts
from tests.helpers.browser import DESKTOP, PHONE, settled, tabs_fixture

pytestmark = pytest.mark.browser

DENSE = next(slug for slug in SLUGS if facts(slug).get("dense_annotations"))
CHAPTER = f"interviews/{DENSE}.html"
tabs = tabs_fixture()

NOTE_IN_VIEW = """(id) => {
  const box = document.getElementById(id).closest(".sidenote").getBoundingClientRect();
  return box.width > 0 && box.bottom > 0 && box.top < innerHeight;
}"""
IN_VIEW = """(id) => {
  const box = document.getElementById(id).getBoundingClientRect();
  return box.height > 0 && box.bottom > 0 && box.top < innerHeight;
}"""


def switch(page) -> None:
    """Follow the language switch, as a reader clicks it (the element's own
    click: Playwright's would scroll the page to bring the sticky header's
    link into view first, which a reader's click does not)."""
    with page.expect_navigation(wait_until="load"):
        page.eval_on_selector(".edition-switch-link", "(link) => link.click()")
    page.evaluate("document.fonts.ready")


def a_paragraph_halfway(page) -> str:
    return page.evaluate(
        "(() => { const all = document.querySelectorAll('p.interview-paragraph[id]');"
        " return all[Math.floor(all.length / 2)].id; })()"
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_switch_keeps_the_fragment(tabs, site: str, viewport) -> None:
    page = tabs.open(f"{site}/{CHAPTER}", viewport=viewport)
    here = a_paragraph_halfway(page)
    page.goto(f"{site}/{CHAPTER}#{here}")
    switch(page)
    assert page.url == f"{site}/en/{CHAPTER}#{here}"
    assert page.evaluate(IN_VIEW, here)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_switch_takes_the_paragraph_in_view(tabs, site: str, viewport) -> None:
    page = tabs.open(f"{site}/en/{CHAPTER}", viewport=viewport, notes=True)
    here = a_paragraph_halfway(page)
    # the paragraph's first line just under the header, as a reader scrolls
    page.evaluate(
        """(id) => {
          const header = document.querySelector('.bd-header-article');
          const below = header ? header.getBoundingClientRect().bottom : 0;
          const box = document.getElementById(id).getBoundingClientRect();
          window.scrollBy(0, box.top - below - 2);
        }""",
        here,
    )
    switch(page)
    assert page.url == f"{site}/{CHAPTER}#{here}"
    assert page.evaluate(IN_VIEW, here)


def test_the_switch_at_the_top_of_a_page_adds_no_fragment(tabs, site: str) -> None:
    page = tabs.open(f"{site}/{CHAPTER}")
    switch(page)
    assert page.url == f"{site}/en/{CHAPTER}"


def test_the_switch_keeps_the_search_query(tabs, site: str) -> None:
    page = tabs.open(f"{site}/search.html?q=%E6%95%B0%E6%8D%AE")
    switch(page)
    assert page.url == f"{site}/en/search.html?q=%E6%95%B0%E6%8D%AE"
    assert page.input_value("form.bd-search input[name=q] >> nth=0") == "数据"


@pytest.mark.parametrize("edition", ["", "en/"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_link_to_a_note_opens_it_in_view(
    tabs, site: str, viewport, edition: str
) -> None:
    page = tabs.open(f"{site}/{edition}{CHAPTER}", viewport=viewport)
    # the last note of the chapter: far below the top on every screen
    anchor = page.evaluate(
        "[...document.querySelectorAll('.sidenote .note-anchor[id]')].at(-1).id"
    )
    page.goto(f"{site}/{edition}{CHAPTER}#{anchor}", wait_until="load")
    # the script's two frames, and the smooth scroll: until the note is in
    # view (a second at most: the assertions below say what is wrong)
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(NOTE_IN_VIEW, arg=anchor, timeout=1000)
    settled(page)
    note = page.evaluate_handle(
        f"document.getElementById('{anchor}').closest('.sidenote')"
    )
    box = note.evaluate(
        "(n) => { const r = n.getBoundingClientRect();"
        " return [r.top, r.bottom, r.width, innerHeight]; }"
    )
    top, bottom, width, height = box
    assert width > 0, "the note is not shown"
    assert bottom > 0 and top < height, f"the note is out of view: {box}"
