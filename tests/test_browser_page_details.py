"""The small things a reader notices, measured in Chromium.

A first visit with a dark system paints dark from the start (before the
theme's deferred script) and logs no error; an English line holds at most
about 75 characters; an interviewer's question is set apart by its rule and
its speaker, not by a whole bold paragraph.
"""

from __future__ import annotations

import pytest

from tests.helpers.book import SLUGS, facts
from tests.helpers.browser import DESKTOP, tabs_fixture

pytestmark = pytest.mark.browser

DENSE = next(slug for slug in SLUGS if facts(slug).get("dense_annotations"))
CHAPTER = f"interviews/{DENSE}.html"
THEME_SCRIPT = "**/pydata-sphinx-theme.js*"
tabs = tabs_fixture()


def background_luminance(page) -> float:
    """The relative luminance of the page's background (0 black, 1 white)."""
    return page.evaluate(
        """() => {
          const colour = getComputedStyle(document.body).backgroundColor;
          const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map(Number)
            .map((c) => c / 255)
            .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        }"""
    )


@pytest.fixture(scope="module")
def dark_system(browser):
    """A window whose system is dark, kept for the module's first visits."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="dark")
    # every document starts as on a first visit: nothing stored
    context.add_init_script(
        "if (location.protocol === 'http:') {"
        " localStorage.clear(); sessionStorage.clear(); }"
    )
    page = context.new_page()
    yield page
    context.close()


def first_visit(page, url: str, *, wait_until: str = "load", abort: str = ""):
    """``url`` as a first visit sees it, in the dark system's tab: a new
    document (by way of about:blank), no cookie, nothing stored, no route
    left from the last test; requests for ``abort`` fail."""
    page.unroute_all(behavior="ignoreErrors")
    page.goto("about:blank")
    page.context.clear_cookies()
    if abort:
        page.route(abort, lambda route: route.abort())
    page.goto(url, wait_until=wait_until)
    return page


@pytest.mark.parametrize("page_path", [CHAPTER, "search.html", "404.html"])
def test_a_first_visit_with_a_dark_system_paints_dark(
    dark_system, site: str, page_path: str
) -> None:
    """Without the theme's script (which runs late, deferred), as the page
    is first painted: already dark."""
    page = first_visit(
        dark_system,
        f"{site}/{page_path}",
        wait_until="domcontentloaded",
        abort=THEME_SCRIPT,
    )
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert background_luminance(page) < 0.1


def test_a_first_visit_logs_no_error(browser, site: str) -> None:
    """In a window of its own: in the kept one, what the last test's page
    still had coming (the 404 page's files, at the published site's
    prefix) was logged while this test listened."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="dark")
    page = context.new_page()
    errors: list[str] = []

    def console(message) -> None:
        if message.type == "error":
            errors.append(message.text)

    def error(error) -> None:
        errors.append(str(error))

    page.on("console", console)
    page.on("pageerror", error)
    try:
        page.goto(f"{site}/{CHAPTER}", wait_until="load")
        page.wait_for_timeout(200)
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    finally:
        context.close()
    assert errors == []


LINE_LENGTHS = """() => {
  const longest = [];
  const range = document.createRange();
  for (const p of document.querySelectorAll('p.interview-paragraph')) {
    const lines = new Map();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode()); ) {
      if (n.parentElement.closest('.sidenote, .marginnote, .paranum, label')) continue;
      for (let i = 0; i < n.length; i++) {
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const box = range.getClientRects()[0];
        if (box) lines.set(Math.round(box.top), (lines.get(Math.round(box.top)) || 0) + 1);
      }
    }
    const counts = [...lines.values()];
    if (counts.length >= 3) longest.push(Math.max(...counts.slice(0, -1)));
  }
  return longest;
}"""


@pytest.mark.parametrize("width", [1024, 1280, 1440, 1920])
def test_an_english_line_holds_at_most_about_75_characters(
    tabs, site: str, width: int
) -> None:
    page = tabs.open(f"{site}/en/{CHAPTER}", viewport={"width": width, "height": 900})
    longest = page.evaluate(LINE_LENGTHS)
    assert len(longest) > 10
    assert max(longest) <= 78, sorted(longest)[-5:]


@pytest.mark.parametrize("edition", ["", "en/"])
def test_a_question_is_not_a_bold_paragraph(tabs, site: str, edition: str) -> None:
    page = tabs.open(f"{site}/{edition}{CHAPTER}", viewport=DESKTOP)
    weights = page.evaluate(
        """() => {
          const question = document.querySelector('p.turn-question');
          const speaker = question.querySelector('.speaker');
          return [getComputedStyle(question).fontWeight,
                  getComputedStyle(speaker).fontWeight];
        }"""
    )
    text, speaker = map(int, weights)
    assert text <= 400 < speaker, weights


TITLE_AND_NOTES = """() => {
  const title = document.querySelector('.bd-article h1').getBoundingClientRect();
  const notes = [...document.querySelectorAll('.bd-article span.sidenote')]
    .map((note) => note.getBoundingClientRect());
  const line = parseFloat(getComputedStyle(document.querySelector('.bd-article h1')).lineHeight);
  return {left: title.left, right: title.right, lines: Math.round(title.height / line),
          notesRight: Math.max(...notes.map((n) => n.right)),
          sideways: document.documentElement.scrollWidth > innerWidth};
}"""


@pytest.mark.parametrize("edition", ["", "en/"])
@pytest.mark.parametrize("width", [1024, 1920])
def test_a_chapter_title_spans_the_text_and_the_notes(
    tabs, site: str, edition: str, width: int
) -> None:
    """Where the notes stand in the margin, the chapter's title reaches as
    far right as they do (in the text's column alone an English title took
    five lines), and the page does not scroll sideways."""
    page = tabs.open(
        f"{site}/{edition}{CHAPTER}", viewport={"width": width, "height": 900}
    )
    found = page.evaluate(TITLE_AND_NOTES)
    assert abs(found["right"] - found["notesRight"]) <= 1, found
    assert found["lines"] <= 2, found
    assert not found["sideways"], found
