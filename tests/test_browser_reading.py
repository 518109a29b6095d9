"""Reading a chapter as a reader does, in a real browser (Debian's headless Chromium).

The session-built book is served on 127.0.0.1 and looked at the way a reader
meets it: at desktop width (1280px) the paragraph numbers sit in the left
margin (the annotations: test_browser_notes.py); at phone width (375px)
nothing covers the text and nothing scrolls sideways; glossary terms,
paragraph numbers and citations lead where they say; no request leaves the
machine; axe-core finds no serious or critical accessibility problem in the
light or the dark theme.  Screenshots of the chapter, each checked to show
what it is meant to, are written to pytest's temporary folder
(``screenshots/`` under ``pytest --basetemp``, or the path the test
prints) for a person to look at.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.helpers.book import SLUGS, facts
from tests.helpers.browser import (
    DESKTOP,
    PHONE,
    TEXT_RECTS,
    away,
    axe_script,
    open_page,
    serious_problems,
    settled,
    tabs_fixture,
)

pytestmark = pytest.mark.browser

# The margin layout is tested on the chapter whose annotations are dense
# enough to crowd the margin (its facts say so); the per-page checks (no
# request leaves the machine, accessibility) run on every chapter.
DENSE = next(slug for slug in SLUGS if facts(slug).get("dense_annotations"))
CHAPTER = f"interviews/{DENSE}.html"
NOTED = facts(DENSE)["annotated_paragraph"]  # a paragraph with a sidenote
SHOWN = facts(DENSE)["screenshot_paragraph"]  # where the screenshots look
CHAPTERS = [f"interviews/{slug}.html" for slug in SLUGS]
tabs = tabs_fixture()

NOTES = """
() => Array.from(document.querySelectorAll(".bd-article span.sidenote")).map((note) => {
  const label = note.previousElementSibling.previousElementSibling;
  const para = note.closest("p");
  const box = (el) => { const r = el.getBoundingClientRect();
                        return [r.left, r.top, r.right, r.bottom]; };
  return {
    id: para.id,
    visible: getComputedStyle(note).display !== "none",
    note: box(note), label: box(label), para: box(para),
  };
})
"""


def overlaps(a, b, slack: float = 1.0) -> bool:
    """Whether two [left, top, right, bottom] boxes overlap by more than slack."""
    return (
        min(a[2], b[2]) - max(a[0], b[0]) > slack
        and min(a[3], b[3]) - max(a[1], b[1]) > slack
    )


@pytest.fixture(scope="module")
def desktop(browser, site: str):
    page = open_page(browser, f"{site}/{CHAPTER}", notes=True)
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def phone(browser, site: str):
    page = open_page(browser, f"{site}/{CHAPTER}", viewport=PHONE, notes=True)
    yield page
    page.context.close()


def test_page_language_is_chinese(desktop) -> None:
    assert desktop.evaluate("document.documentElement.lang") == "zh-CN"


def test_questions_and_answers_look_different(desktop) -> None:
    style = """(sel) => { const s = getComputedStyle(document.querySelector(sel));
                          return [s.fontWeight, s.borderLeftWidth, s.paddingLeft]; }"""
    question = desktop.evaluate(style, "p.turn-question")
    answer = desktop.evaluate(style, "p.turn-answer")
    assert question != answer, (question, answer)


def test_paragraph_numbers_sit_in_the_left_margin(desktop) -> None:
    boxes = desktop.evaluate(
        """() => Array.from(document.querySelectorAll("p.interview-paragraph"))
           .map((p) => {
             const n = p.querySelector(":scope > .paranum").getBoundingClientRect();
             const t = p.getBoundingClientRect();
             const side = document.querySelector(".bd-sidebar-primary")
               .getBoundingClientRect();
             return [p.id, n.left, n.right, n.width, t.left, side.right, n.top - t.top];
           })"""
    )
    assert len(boxes) > 50
    for pid, left, right, width, text_left, sidebar_right, drop in boxes:
        assert width > 0, pid
        assert right <= text_left + 0.5, f"¶ number of {pid} runs into the text"
        assert left >= sidebar_right, f"¶ number of {pid} runs into the sidebar"
        assert abs(drop) < 12, f"¶ number of {pid} is not on its first line"


def test_phone_width_has_no_sideways_scroll_and_notes_on_demand(phone) -> None:
    assert phone.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    notes = phone.evaluate(NOTES)
    assert notes and not any(n["visible"] for n in notes), (
        "notes shown before asked for"
    )
    # Paragraph numbers open their paragraph, inside the column.
    number = phone.locator(f"#{NOTED} > .paranum").bounding_box()
    para = phone.locator(f"#{NOTED}").bounding_box()
    assert number["x"] >= para["x"] - 0.5
    # A note opens under its line, inside the column, covering nothing.
    label = phone.locator(f"#{NOTED} label.margin-toggle")
    label.scroll_into_view_if_needed()
    label.click()
    note = phone.locator(f"#{NOTED} span.sidenote")
    assert note.is_visible()
    box = note.bounding_box()
    assert para["x"] - 0.5 <= box["x"]
    assert box["x"] + box["width"] <= para["x"] + para["width"] + 0.5
    rect = [box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"]]
    text = phone.evaluate(TEXT_RECTS, phone.query_selector(f"#{NOTED}"))
    assert not [r for r in text if overlaps(rect, r)], "the opened note covers text"
    assert phone.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    label.click()  # close it again for the screenshot
    assert not note.is_visible()


def follow(page, link, url: str):
    """Click ``link``; the element its fragment names, once the page's URL
    matches ``url`` (a regular expression) and the element is visible."""
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url(re.compile(url))
    entry = page.locator(f"[id='{urlsplit(page.url).fragment}']")
    assert entry.is_visible()
    return entry


def test_glossary_term_leads_to_its_entry(tabs, site: str) -> None:
    page = tabs.open(f"{site}/{CHAPTER}", notes=True)
    term = page.locator('.bd-article a[href*="glossary.html#term-"]').first
    entry = follow(page, term, r"glossary\.html#term-")
    box = entry.bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"], "the entry is not on screen"


def test_paragraph_number_links_to_its_paragraph(desktop) -> None:
    desktop.locator("#p12 > .paranum a").click()
    assert desktop.url.endswith("#p12")


def test_citation_leads_to_a_bibliography_entry_with_a_doi(tabs, site: str) -> None:
    bib = tabs.open(f"{site}/bibliography.html")
    with_doi = set(
        bib.evaluate(
            """() => Array.from(document.querySelectorAll("[id]"))
                 .filter((e) => e.querySelector(':scope a[href^="https://doi.org/"]')
                                && e.querySelectorAll("[id]").length === 0)
                 .map((e) => e.id)"""
        )
    )
    page = tabs.open(f"{site}/{CHAPTER}", notes=True)
    hrefs = page.evaluate(
        """() => Array.from(
               document.querySelectorAll('.bd-article a[href*="bibliography.html#"]')
             ).map((a) => a.getAttribute("href"))"""
    )
    target = next((h for h in hrefs if h.split("#", 1)[1] in with_doi), None)
    assert target, "no citation in the chapter leads to an entry with a DOI"
    link = page.locator(f'.bd-article a[href="{target}"]').first
    entry = follow(page, link, r"bibliography\.html#")
    doi = entry.locator('a[href^="https://doi.org/"]').first
    assert doi.is_visible()


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        *CHAPTERS,
        "glossary.html",
        "bibliography.html",
        "search.html?q=%E8%81%94%E9%82%A6%E5%AD%A6%E4%B9%A0",
    ],
)
def test_no_request_leaves_the_machine(tabs, site: str, path: str) -> None:
    page = tabs.open(f"{site}/{path}")
    page.wait_for_load_state("networkidle")
    assert page.requests
    assert not away(page.requests), away(page.requests)


@pytest.mark.parametrize(
    "path", ["index.html", *CHAPTERS, "glossary.html", "bibliography.html"]
)
def test_no_serious_accessibility_problem(tabs, site: str, path: str) -> None:
    """In the light scheme, then in the dark one, as a returning reader who
    chose it meets the page: stored, the page's own from the start."""
    axe_script()  # skip (fail on CI) before opening the page without it
    for theme in ("light", "dark"):
        page = tabs.open(
            f"{site}/{path}", notes=path.startswith("interviews/"), dark=theme == "dark"
        )
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        serious = serious_problems(page)
        assert not serious, f"{theme}:\n" + "\n".join(serious)


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from a PNG's header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


# What the screenshot's viewport shows: the passage, how wide the page is, the theme.
IN_VIEW = """(selector) => {
  const r = document.querySelector(selector).getBoundingClientRect();
  const notes = Array.from(document.querySelectorAll(".bd-article span.sidenote"))
    .filter((n) => { const b = n.getBoundingClientRect();
                     return getComputedStyle(n).display !== "none"
                            && b.bottom > 0 && b.top < innerHeight; });
  return {top: r.top, bottom: r.bottom, height: innerHeight, width: innerWidth,
          scrollWidth: document.documentElement.scrollWidth,
          theme: document.documentElement.dataset.theme, notes: notes.length};
}"""


@pytest.mark.parametrize(
    ("name", "viewport", "dark", "media"),
    [
        ("chapter-desktop", DESKTOP, False, "screen"),
        ("chapter-phone", PHONE, False, "screen"),
        ("chapter-desktop-dark", DESKTOP, True, "screen"),
        ("chapter-print", {"width": 794, "height": 1123}, False, "print"),
    ],
)
def test_screenshots(
    tabs,
    site: str,
    name: str,
    viewport,
    dark: bool,
    media: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The chapter where annotations are dense, for a person to look at.

    Each screenshot is checked to show what it is for: the passage (the
    title in print) in view, nothing wider than the window, the theme asked
    for, and, at desktop width, margin notes beside the text.
    """
    page = tabs.open(f"{site}/{CHAPTER}", viewport=viewport, notes=True, dark=dark)
    page.emulate_media(media=media)
    if media == "print":
        page.evaluate("window.scrollTo(0, 0)")
        target = ".bd-article h1"
    else:
        page.evaluate(f"document.getElementById('{SHOWN}').scrollIntoView()")
        page.evaluate("window.scrollBy(0, -70)")
        target = f"#{SHOWN}"
    settled(page)  # the theme's sidebar eases in and out
    shown = page.evaluate(IN_VIEW, target)
    assert 0 <= shown["top"] < shown["height"], (name, shown)
    assert shown["scrollWidth"] <= shown["width"], (name, shown)
    assert shown["theme"] == ("dark" if dark else "light"), (name, shown)
    if viewport is DESKTOP and media == "screen":
        assert shown["notes"] >= 1, (name, shown)
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    assert png_size(path) == (viewport["width"], viewport["height"])
    assert path.stat().st_size > 10_000  # not a blank page
    print(f"screenshot: {path}")
