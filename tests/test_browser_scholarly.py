"""The scholarly tools in a real browser (Debian's headless Chromium): previews of
glossary terms, citations and ¶ references on hover, focus and tap, closed by
Escape, their own links next in the tab order; the paragraph menu, opened by
a click, a tap or Enter (not by focus or hover), its citations, issue link
and edit link, by mouse and by keyboard; axe-core with a card and the menu
open.

Every chapter of the test book (the real ones and the fixture interviews),
both languages; expected values come from the chapter's front matter and the
built pages, never from this file.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from tests.helpers.browser import (
    PHONE,
    away,
    axe_script,
    serious_problems,
    settled,
    tabs_fixture,
)
from tests.helpers.pages import CHAPTERS, EDITIONS, ISSUE_FORM, base, value

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
tabs = tabs_fixture()
CARD = "#book-preview"
MENU = "#book-para-menu"


def chapter_url(site: str, folder: str, docname: str) -> str:
    return f"{site}/{folder + '/' if folder else ''}{docname}.html"


def open_chapter(tabs, site, folder, docname, ready=True, **options):
    """The chapter, loaded afresh in a tab that may use the clipboard (its
    menu copies)."""
    url = chapter_url(site, folder, docname)
    return tabs.open(url, notes=ready, clipboard=True, **options)


def first_visible(page, selector: str):
    links = page.locator(selector)
    for index in range(links.count()):
        link = links.nth(index)
        if link.is_visible():
            link.scroll_into_view_if_needed()
            return link
    raise AssertionError(f"no visible {selector}")


# A paragraph's own text: without its number, notes, menu or card.
OWN_TEXT = """(p) => { const c = p.cloneNode(true);
  c.querySelectorAll('.paranum, label, input, span.sidenote, #book-para-menu, #book-preview')
    .forEach(n => n.remove());
  return c.textContent.trim(); }"""
# The own text of the paragraph an address names, as its page has it.
PARAGRAPH_AT = f"""async (href) => {{
  const html = await (await fetch(href)).text();
  const doc = new DOMParser().parseFromString(html, "text/html");
  return ({OWN_TEXT})(doc.getElementById(new URL(href).hash.slice(1)));
}}"""


def paragraph_text(page, pid: str) -> str:
    return page.evaluate(f"(pid) => ({OWN_TEXT})(document.getElementById(pid))", pid)


@pytest.mark.parametrize(("language", "folder"), EDITIONS)
@pytest.mark.parametrize("docname", CHAPTERS)
def test_previews_on_hover_and_focus_close_on_escape(
    tabs, site, docname, language, folder
) -> None:
    page = open_chapter(tabs, site, folder, docname)
    card = page.locator(CARD)
    assert card.is_hidden()

    # a glossary term, on hover: its definition, as the glossary page has it
    term = first_visible(
        page, ".bd-article p.interview-paragraph a[href*='glossary.html#term-']"
    )
    term.hover()
    card.wait_for(state="visible")
    definition = page.evaluate(  # the entry, as the glossary page has it
        """async (href) => {
             const html = await (await fetch(href)).text();
             const doc = new DOMParser().parseFromString(html, "text/html");
             let e = doc.getElementById(new URL(href).hash.slice(1));
             while (e.tagName !== 'DD') e = e.nextElementSibling;
             return e.textContent;
           }""",
        term.evaluate("(a) => a.href"),
    )
    assert " ".join(definition.split())[:20] in " ".join(card.inner_text().split())
    assert term.get_attribute("aria-describedby") == "book-preview"
    box, viewport = card.bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    page.keyboard.press("Escape")
    card.wait_for(state="hidden")
    page.mouse.move(1, 1)

    # a citation, on keyboard focus: the bibliography's entry, its DOI a link
    cite = first_visible(
        page, ".bd-article .bibtex-citation a[href*='bibliography.html#']"
    )
    assert cite.get_attribute("title") is None  # the card says it, not a tooltip
    reference, hrefs = page.evaluate(  # the entry, as the bibliography page has it
        """async (a) => {
             const html = await (await fetch(a.href)).text();
             const page = new DOMParser().parseFromString(html, "text/html");
             const p = page.getElementById(new URL(a.href).hash.slice(1)).querySelector("p");
             return [p.textContent,
                     [...p.querySelectorAll("a[href^='https://']")].map((l) => l.href)];
           }""",
        cite.element_handle(),
    )
    cite.focus()
    card.wait_for(state="visible")
    shown = card.locator(":scope > div").first.inner_text()
    assert " ".join(reference.split()) == " ".join(shown.split())
    assert hrefs and all(card.locator(f"a[href='{h}']").count() == 1 for h in hrefs)
    # the card's own links are next in the tab order; Escape gives focus back
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.href") == hrefs[0]
    assert card.is_visible(), "the card closes when the keyboard enters it"
    page.keyboard.press("Escape")
    card.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.href") == cite.evaluate("a => a.href")

    assert not away(page.requests), away(page.requests)


@pytest.mark.parametrize(("language", "folder"), EDITIONS)
def test_previews_of_paragraph_references(
    tabs, built_book, site, language, folder
) -> None:
    """A ¶N on its own page (read from the page) and on another page (from
    the preview data) shows the paragraph it names."""
    edition = built_book / folder if folder else built_book
    pattern = re.compile(r'href="([^"]*#p\d+)"><span class="std std-ref">¶\d+<')
    same, other = None, None
    for path in sorted(edition.glob("**/*.html")):
        if folder == "" and path.relative_to(edition).parts[0] == "en":
            continue
        for href in pattern.findall(path.read_text(encoding="utf-8")):
            name = path.relative_to(edition).with_suffix("").as_posix()
            if href.startswith("#"):
                same = same or (name, href)
            else:
                other = other or (name, href)
    assert same and other, "the book has no ¶ reference on its own page and another"
    for docname, href in (same, other):
        page = open_chapter(tabs, site, folder, docname, ready=False)
        link = first_visible(page, f".bd-article :not(.paranum) > a[href='{href}']")
        link.hover()
        card = page.locator(CARD)
        card.wait_for(state="visible")
        text = page.evaluate(PARAGRAPH_AT, link.evaluate("(a) => a.href"))
        assert " ".join(text.split())[:30] in " ".join(card.inner_text().split())
        page.keyboard.press("Escape")
        card.wait_for(state="hidden")
        assert not away(page.requests), away(page.requests)


@pytest.mark.parametrize("docname", CHAPTERS)
def test_previews_on_tap_at_phone_width(tabs, site, docname) -> None:
    page = open_chapter(tabs, site, "", docname, viewport=PHONE, touch=True)
    card = page.locator(CARD)
    term = first_visible(
        page, ".bd-article p.interview-paragraph a[href*='glossary.html#term-']"
    )
    url = page.url
    term.tap()
    card.wait_for(state="visible")
    assert page.url == url, "the first tap must preview, not leave the page"
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    # a tap elsewhere closes it
    tap_on_plain_text(page)
    card.wait_for(state="hidden")
    # a tap on a paragraph's number opens its menu, on the screen
    number = page.locator("p.interview-paragraph > .paranum > a").nth(3)
    number.scroll_into_view_if_needed()
    number.tap()
    menu = page.locator(MENU)
    menu.wait_for(state="visible")
    box = menu.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert menu.locator("button, a").count() == 4
    tap_on_plain_text(page)
    menu.wait_for(state="detached")
    # a second tap on the same link follows it
    term.scroll_into_view_if_needed()
    term.tap()
    card.wait_for(state="visible")
    term.tap()
    page.wait_for_url(re.compile(r"glossary\.html#term-"))


def tap_on_plain_text(page) -> None:
    """Tap the start of the chapter's title: text, not a link."""
    title = page.locator(".bd-article h1").first
    title.scroll_into_view_if_needed()
    title.tap(position={"x": 2, "y": 2})


def filled(template: str, n: int, page) -> str:
    today = page.evaluate(
        """() => { const d = new Date(), p = (n) => String(n).padStart(2, '0');
                   const m = ['January','February','March','April','May','June','July',
                     'August','September','October','November','December'];
                   return [`${d.getFullYear()}-${p(d.getMonth()+1)}-${p(d.getDate())}`,
                           `${d.getDate()} ${m[d.getMonth()]} ${d.getFullYear()}`]; }"""
    )
    return (
        template.replace("{n}", str(n))
        .replace("{accessed}", today[0])
        .replace("{accessed_en}", today[1])
    )


@pytest.mark.parametrize(("language", "folder"), EDITIONS)
@pytest.mark.parametrize("docname", CHAPTERS)
def test_paragraph_menu_by_mouse(
    tabs, site, test_book, test_chapters, docname, language, folder
) -> None:
    import json

    meta = test_chapters[docname.split("/")[-1]].meta
    page = open_chapter(tabs, site, folder, docname)
    data = json.loads(page.locator("#book-paragraph-actions").text_content())
    pids = page.evaluate(
        "Array.from(document.querySelectorAll('p.interview-paragraph')).map(p => p.id)"
    )
    pid = pids[len(pids) // 2]
    n = int(pid[1:])
    number = page.locator(f"#{pid} > .paranum > a")
    number.scroll_into_view_if_needed()
    number.hover()
    page.wait_for_timeout(400)
    menu = page.locator(MENU)
    assert menu.count() == 0, "pointing at the ¶ number opens the menu"
    top = page.evaluate("scrollY")
    number.click()
    menu.wait_for(state="visible")
    assert number.get_attribute("aria-expanded") == "true"
    assert page.url.endswith(f"#{pid}")
    assert page.evaluate("scrollY") == top, "the click made the page jump"
    buttons = menu.locator("button")
    assert buttons.count() == 2
    # styled as a menu, not as the number it opens from: no generated ¶, the
    # text's colour, rows of at least 24px
    rows = menu.evaluate(
        """(m) => Array.from(m.querySelectorAll("a, button"), (e) => {
             const s = getComputedStyle(e), r = e.getBoundingClientRect();
             return [getComputedStyle(e, "::before").content, s.color,
                     r.width, r.height, s.textDecorationLine]; })"""
    )
    text = page.evaluate("getComputedStyle(document.body).color")
    for before, color, width, height, line in rows:
        assert before in ("none", "normal"), f"a menu item is drawn with {before}"
        assert color == text and line == "none"
        assert width >= 24 and height >= 24

    # the two citations, as copied
    for index, key in enumerate(("zh", "en")):
        buttons.nth(index).click()
        page.wait_for_function(
            "() => document.querySelector('.book-para-status').textContent"
        )
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == filled(data["citation"][key], n, page)
        assert "{" not in copied
        assert f"¶{n}" in copied and f"{base(folder)}{docname}.html#p{n}" in copied
        assert value(meta, "interviewee", key == "en") in copied

    # suggest an annotation: every parameter of the issue form's URL
    suggest = urlsplit(menu.locator("a.book-para-suggest").get_attribute("href"))
    assert (suggest.scheme, suggest.netloc) == ("https", "github.com")
    assert suggest.path.endswith("/issues/new")
    query = parse_qs(suggest.query, strict_parsing=True)
    assert all(len(v) == 1 for v in query.values())
    query = {k: v[0] for k, v in query.items()}
    form = yaml.safe_load(ISSUE_FORM.read_text(encoding="utf-8"))
    fields = {f["id"] for f in form["body"] if "id" in f}
    assert query.pop("template") == ISSUE_FORM.name
    assert query.pop("title") == f"[注释] {meta['interviewee']} ¶{n}"
    assert query.pop("chapter") == f"{meta['interviewee']}（{docname}）"
    assert query.pop("paragraph") == f"¶{n} {base(folder)}{docname}.html#p{n}"
    assert not query, f"parameters the form does not know: {query}"
    assert {"chapter", "paragraph"} <= fields

    # edit the source: the file and line that hold the paragraph
    edit = urlsplit(menu.locator("a.book-para-edit").get_attribute("href"))
    assert edit.netloc == "github.com" and edit.query == "plain=1"
    path = unquote(edit.path.split("/blob/main/", 1)[1])
    line = int(re.fullmatch(r"L(\d+)", edit.fragment).group(1))
    source = (test_book / path).read_text(encoding="utf-8").splitlines()[line - 1]
    if language == "zh_CN" or path.endswith(".md"):
        assert path == f"docs/{docname}.md"
        plain = re.sub(r"\{term\}`([^`<]*?)(?: <[^>]*>)?`", r"\1", source)
        assert paragraph_text(page, pid)[:8] in plain
    else:
        assert path == f"locales/en/LC_MESSAGES/{docname}.po"
        assert source.startswith("msgid ")
    number.click()  # a second click closes it
    menu.wait_for(state="detached")
    assert number.get_attribute("aria-expanded") == "false"
    assert not away(page.requests), away(page.requests)


@pytest.mark.parametrize("docname", CHAPTERS)
def test_paragraph_menu_by_keyboard(tabs, site, docname) -> None:
    import json

    page = open_chapter(tabs, site, "", docname)
    data = json.loads(page.locator("#book-paragraph-actions").text_content())
    number = page.locator("p.interview-paragraph > .paranum > a").nth(2)
    pid = number.evaluate("(a) => a.closest('p').id")
    number.focus()
    menu = page.locator(MENU)
    assert menu.count() == 0, "focus alone opens the menu"
    page.keyboard.press("Enter")
    menu.wait_for(state="visible")
    focused = page.evaluate(
        "document.activeElement.closest('#book-para-menu') !== null"
    )
    assert focused, "Enter on the ¶ number does not put focus in its menu"
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.book-para-status').textContent"
    )
    assert page.evaluate("navigator.clipboard.readText()") == filled(
        data["citation"]["zh"], int(pid[1:]), page
    )
    # Tab reaches every item, then leaves the menu, which closes
    for _ in range(3):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "document.activeElement.closest('#book-para-menu') !== null"
        )
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Escape")
    menu.wait_for(state="detached")
    assert page.evaluate("document.activeElement.closest('p').id") == pid


def test_the_menu_is_unseen_until_it_is_placed(tabs, site) -> None:
    """Until Floating UI has loaded and placed it, the menu is in the page
    but not seen (it would show at the window's corner, where its style
    puts it); then it shows right under its number."""
    page = open_chapter(tabs, site, "", CHAPTERS[0])
    held = []
    page.route("**/floating-ui.dom.umd.min.js", lambda route: held.append(route))
    number = page.locator("p.interview-paragraph > .paranum > a").nth(3)
    number.evaluate("(a) => scrollTo(0, a.getBoundingClientRect().top + scrollY - 200)")
    number.click()
    menu = page.locator(MENU)
    menu.wait_for(state="attached")
    for _ in range(50):  # until the browser asks for Floating UI
        if held:
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(200)  # time enough for the menu to be drawn
    assert held, "the menu did not ask for Floating UI"
    assert not menu.is_visible(), "the menu shows before it is placed"
    held[0].continue_()
    menu.wait_for(state="visible")
    box, at = menu.bounding_box(), number.bounding_box()
    assert 0 <= box["y"] - (at["y"] + at["height"]) <= 12, (box, at)
    assert abs(box["x"] - at["x"]) <= 12, (box, at)


def held_floating_ui(page) -> list:
    """Floating UI's requests from now on, held until the test lets them go."""
    held = []
    page.route("**/floating-ui.dom.umd.min.js", lambda route: held.append(route))
    return held


def wait_for_request(page, held: list) -> None:
    for _ in range(50):  # until the browser asks for Floating UI
        if held:
            return
        page.wait_for_timeout(100)
    raise AssertionError("nothing asked for Floating UI")


def test_the_card_and_the_menu_are_placed_each_on_its_own(tabs, site) -> None:
    """The menu opened and a card shown while Floating UI still loads: once
    it has loaded, both show (one being placed does not keep the other
    unseen)."""
    page = open_chapter(tabs, site, "", CHAPTERS[0])
    held = held_floating_ui(page)
    number = page.locator("p.interview-paragraph > .paranum > a").nth(3)
    number.evaluate("(a) => scrollTo(0, a.getBoundingClientRect().top + scrollY - 200)")
    number.click()
    wait_for_request(page, held)
    term = first_visible(
        page, ".bd-article p.interview-paragraph a[href*='glossary.html#term-']"
    )
    term.hover()
    card, menu = page.locator(CARD), page.locator(MENU)
    card.wait_for(state="attached")
    page.wait_for_function(
        "(s) => !document.querySelector(s).hidden", arg=CARD
    )  # the card waits for Floating UI too
    assert not menu.is_visible() and not card.is_visible()
    for route in held:
        route.continue_()
    menu.wait_for(state="visible")
    card.wait_for(state="visible")
    page.wait_for_timeout(300)  # and they stay so
    assert menu.is_visible() and card.is_visible()


def test_the_menu_shows_without_floating_ui(tabs, site) -> None:
    """If Floating UI cannot be loaded, the menu still shows (unplaced)."""
    page = open_chapter(tabs, site, "", CHAPTERS[0])
    page.route("**/floating-ui.dom.umd.min.js", lambda route: route.abort())
    number = page.locator("p.interview-paragraph > .paranum > a").nth(3)
    number.scroll_into_view_if_needed()
    number.click()
    menu = page.locator(MENU)
    menu.wait_for(state="visible", timeout=5000)
    assert menu.locator("button, a").first.is_visible()


@pytest.mark.parametrize(("language", "folder"), EDITIONS)
def test_no_accessibility_problem_with_card_and_menu_open(
    tabs, site, language, folder
) -> None:
    axe_script()  # skip (fail on CI) before opening the pages without it
    docname = next(iter(CHAPTERS))
    page = open_chapter(tabs, site, folder, docname)
    term = first_visible(page, ".bd-article a[href*='glossary.html#term-']")
    term.focus()
    page.locator(CARD).wait_for(state="visible")
    number = page.locator("p.interview-paragraph > .paranum > a").nth(4)
    number.scroll_into_view_if_needed()
    number.click()
    page.locator(MENU).wait_for(state="visible")
    term.hover()
    page.locator(CARD).wait_for(state="visible")
    page.locator(CARD).hover(
        position={"x": 3, "y": 3}
    )  # off the link: its hover colour
    page.wait_for_timeout(300)  # past the moment it would close
    # the same card and menu in each scheme, as the theme's switch sets it
    for theme in ("light", "dark"):
        page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        settled(page)  # colours that ease from one scheme to the other
        assert page.locator(MENU).is_visible() and page.locator(CARD).is_visible()
        serious = serious_problems(page)
        assert not serious, f"{theme}:\n" + "\n".join(serious)
