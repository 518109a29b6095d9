"""The chapter from the keyboard and under a finger, in Debian's chromium.

One Tab stop per paragraph number (its menu opens only when asked for);
every control the keyboard reaches shows a focus ring, in the light and the
dark scheme, at desktop and phone width; the targets a reader taps — the
paragraph numbers, the note markers on a phone, the header's controls, the
menu's rows — are at least 24 by 24 px (WCAG 2.2, 2.5.8; links inside a
sentence are exempt); and nothing floats over the text as the reader scrolls.
"""

from __future__ import annotations

import pytest

from tests.helpers.book import SLUGS, facts
from tests.helpers.browser import open_page

pytestmark = pytest.mark.browser

DENSE = next(slug for slug in SLUGS if facts(slug).get("dense_annotations"))
CHAPTER = f"interviews/{DENSE}.html"
EDITIONS = {"zh": "", "en": "en/"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
STOPS = 80  # Tab presses from the top of the page: the header and the first paragraphs

# What the keyboard is on, and how it is drawn there.
FOCUSED = """
() => {
  const e = document.activeElement;
  // a note's checkbox is unseen: its number (the label before it) is ringed
  const shown = e.matches("input.margin-toggle") ? e.previousElementSibling : e;
  const s = getComputedStyle(shown), r = shown.getBoundingClientRect();
  const inline = !!e.closest(".bd-article p, .bd-article dd, .bd-article li, #book-preview")
    && !e.closest(".paranum") && !e.matches("input.margin-toggle");
  return {
    name: `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent || "").trim().slice(0, 24)}"`,
    ring: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none",
    width: r.width, height: r.height, inline,
    paranum: !!e.closest(".paranum"), menu: !!e.closest("#book-para-menu"),
  };
}
"""


def tab_through(page, stops: int = STOPS) -> list[dict]:
    """What each of the first ``stops`` Tab presses lands on."""
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("body").focus()
    seen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED))
    return seen


@pytest.mark.parametrize("edition", EDITIONS)
def test_one_tab_stop_per_paragraph_number(browser, site: str, edition: str) -> None:
    page = open_page(browser, f"{site}/{EDITIONS[edition]}{CHAPTER}", notes=True)
    numbers = page.locator("p.interview-paragraph > .paranum > a")
    first, last = 0, 10
    numbers.nth(first).focus()
    stops = 0
    on_numbers = 0
    while True:
        here = page.evaluate(FOCUSED)
        assert not here["menu"], "Tab entered a paragraph menu nobody opened"
        on_numbers += here["paranum"]
        if page.evaluate(
            "(a) => document.activeElement === a", numbers.nth(last).element_handle()
        ):
            break
        page.keyboard.press("Tab")
        stops += 1
        assert stops < 400, "Tab never reached the eleventh paragraph number"
    assert on_numbers == last - first + 1, (
        f"{on_numbers} Tab stops on {last - first + 1} paragraph numbers"
    )
    print(f"{edition}: {stops} Tab presses across paragraphs 1-{last}")
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_stop_shows_a_focus_ring_and_is_big_enough(
    browser, site: str, viewport, scheme: str
) -> None:
    page = open_page(
        browser,
        f"{site}/{CHAPTER}",
        viewport=viewport,
        notes=True,
        dark=scheme == "dark",
        touch=viewport is PHONE,
    )
    seen = tab_through(page)
    # the paragraph menu, opened from the keyboard, and its rows
    page.locator("p.interview-paragraph > .paranum > a").nth(1).focus()
    page.keyboard.press("Enter")
    for _ in range(4):
        seen.append(page.evaluate(FOCUSED))
        page.keyboard.press("Tab")
    assert sum(s["paranum"] for s in seen) >= 3 and sum(s["menu"] for s in seen) == 4
    if viewport is PHONE:
        assert any(s["name"].startswith("input.margin-toggle") for s in seen)
    no_ring = sorted({s["name"] for s in seen if not s["ring"]})
    assert not no_ring, f"no focus ring ({scheme}, {viewport['width']}px): {no_ring}"
    small = sorted(
        {
            f"{s['name']} {s['width']:.0f}x{s['height']:.0f}"
            for s in seen
            if not s["inline"] and (s["width"] < 24 or s["height"] < 24)
        }
    )
    # the theme's skip link, seen only while focused, stands alone at the top
    small = [s for s in small if "skip-link" not in s and "跳转" not in s]
    assert not small, f"targets under 24x24px: {small}"
    page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_nothing_covers_the_text(browser, site: str, edition: str, viewport) -> None:
    page = open_page(
        browser,
        f"{site}/{EDITIONS[edition]}{CHAPTER}",
        viewport=viewport,
        notes=True,
        touch=viewport is PHONE,
    )
    for share in (0.3, 0.6):
        page.evaluate(
            f"window.scrollTo(0, document.documentElement.scrollHeight * {share})"
        )
        page.wait_for_timeout(400)  # the theme's scroll-driven widgets appear
        covered = page.evaluate(
            """() => {
              const header = document.querySelector(".bd-header-article, .bd-header");
              const top = Math.max(...[...document.querySelectorAll(
                ".bd-header, .bd-header-article")].map((h) => h.getBoundingClientRect().bottom));
              const out = [];
              for (const p of document.querySelectorAll(".bd-article p.interview-paragraph")) {
                const range = document.createRange();
                range.selectNodeContents(p);
                for (const r of range.getClientRects()) {
                  const x = r.left + r.width / 2, y = r.top + r.height / 2;
                  if (y <= top + 4 || y >= innerHeight - 1 || r.width < 4) continue;
                  const hit = document.elementFromPoint(x, y);
                  if (hit && !p.contains(hit)) out.push(`${p.id} under ${hit.tagName}.${hit.className}`);
                }
              }
              return out;
            }"""
        )
        assert not covered, covered[:5]
    assert page.locator("#pst-back-to-top").count() == 0
    page.context.close()
