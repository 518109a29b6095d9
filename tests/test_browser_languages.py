"""Each language drawn in its own faces, and marked as what it is.

Every run of Chinese on an English page carries ``lang="zh-CN"``
(``tools/sphinxext/text/cjk_text.py``), and the style names simplified-Chinese
faces for it (``docs/_static/book.css``): Chromium, asked through the
DevTools protocol which font it used for the text of each run
(``CSS.getPlatformFontsForNode``), must name a simplified-Chinese face and
nothing else for the Chinese, never a Kai, Japanese, Korean or traditional
one.  The interface names a note in the reader's language.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers.book import SLUGS
from tests.helpers.browser import PHONE, tabs_fixture

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# the simplified-Chinese faces of book.css's --book-font-zh (Debian's is the first)
SIMPLIFIED = re.compile(
    r"Noto Sans CJK SC|Noto Sans SC|Source Han Sans (SC|CN)|PingFang SC"
    r"|Hiragino Sans GB|Microsoft YaHei|WenQuanYi"
)
tabs = tabs_fixture()
ENGLISH_PAGES = [
    *(f"en/interviews/{slug}.html" for slug in SLUGS),
    "en/glossary.html",
    "en/people.html",
    "en/bibliography.html",
    "en/genindex.html",
]


def unmarked_chinese(html: str) -> list[str]:
    """The text of an English page that holds Chinese outside a zh run."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for text in soup.body.find_all(string=HAN):
        if text.find_parent(["script", "style", "pre", "code"]):
            continue
        if text.find_parent(attrs={"lang": re.compile(r"^zh")}) is None:
            found.append(text.strip()[:40])
    return found


@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_every_run_of_chinese_on_an_english_page_is_marked(
    built_book: Path, page: str
) -> None:
    html = (built_book / page).read_text(encoding="utf-8")
    assert HAN.search(html)
    assert unmarked_chinese(html) == []


def test_english_runs_of_the_chinese_glossary_are_marked(built_book: Path) -> None:
    soup = BeautifulSoup(
        (built_book / "glossary.html").read_text("utf-8"), "html.parser"
    )
    names = [span.get_text() for span in soup.select('article [lang="en"]')]
    assert "federated learning" in names


def fonts_of_runs(page, selector: str) -> Counter:
    """Glyphs drawn per font family in the text of every element matching
    ``selector``, as Chromium reports them."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    found = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})
    used: Counter = Counter()
    for node in found["nodeIds"]:
        for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            used[font["familyName"]] += font["glyphCount"]
    cdp.detach()  # the kept tab's later pages report nothing to it
    return used


@pytest.mark.browser
@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_chinese_on_english_pages_is_drawn_in_a_simplified_chinese_face(
    tabs, site: str, page: str
) -> None:
    tab = tabs.open(f"{site}/{page}")
    # a folded run (the chapter's source card) is drawn only when unfolded
    tab.eval_on_selector_all("details", "(all) => all.forEach((d) => (d.open = true))")
    used = fonts_of_runs(tab, 'article [lang|="zh"]')
    assert used, "no Chinese run found"
    assert all(SIMPLIFIED.search(family) for family in used), used


@pytest.mark.browser
def test_an_english_reader_sees_no_chinese_note_label(tabs, site: str) -> None:
    tab = tabs.open(f"{site}/en/interviews/{SLUGS[0]}.html", viewport=PHONE)
    labels = tab.eval_on_selector_all(
        "label.margin-toggle sup",
        "(sups) => sups.map((s) => getComputedStyle(s, '::before').content)",
    )
    assert labels and all(label == '"Note "' for label in labels), set(labels)


def test_the_chinese_entries_of_the_english_index_are_marked(built_book: Path) -> None:
    """The index page is Sphinx's template, not a doctree: its entries are
    marked when the page is written.  Its group headings are the Latin
    initials of the entries' pinyin or English, English like the page."""
    html = (built_book / "en" / "genindex.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    entries = [
        a for a in soup.select("table.genindextable li a") if HAN.search(a.get_text())
    ]
    assert entries
    assert all(a.find(attrs={"lang": "zh-CN"}) for a in entries), entries[:3]
    headings = [h.get_text() for h in soup.select("article h2")]
    assert headings and all(re.fullmatch("[A-Z]", h) for h in headings), headings


def test_the_english_entries_of_the_chinese_index_are_marked(built_book: Path) -> None:
    """The fixture glossary's English names (tests/fixtures/contribution/)
    are marked ``en``; an acronym, which Chinese text uses as its own, is not."""
    html = (built_book / "genindex.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    names = [span.get_text() for span in soup.select('table.genindextable [lang="en"]')]
    assert "Fictitious Quantum Institute" in names and "Ceshi Chen" in names, names
    entries = [a.get_text() for a in soup.select("table.genindextable li a")]
    assert "XQFIXNET" in entries, entries
    assert "XQFIXNET" not in names, names
