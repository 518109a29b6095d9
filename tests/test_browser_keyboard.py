"""The chapter from the keyboard and under a finger, in Debian's headless Chromium.

One Tab stop per paragraph number (its menu opens only when asked for);
every control the keyboard reaches shows a focus ring, in the light and the
dark scheme, at desktop and phone width; the targets a reader taps — the
paragraph numbers, the note markers on a phone, the header's controls, the
menu's rows — are at least 24 by 24 px (WCAG 2.2, 2.5.8; links inside a
sentence are exempt); nothing floats over the text as the reader scrolls;
and on a page with notes the theme's folded "Contents" list unfolds while
the keyboard is in it.
"""

from __future__ import annotations

import pytest

from tests.helpers.book import SLUGS, facts
from tests.helpers.browser import settled, tabs_fixture, wait_for_notes

pytestmark = pytest.mark.browser

DENSE = next(slug for slug in SLUGS if facts(slug).get("dense_annotations"))
CHAPTER = f"interviews/{DENSE}.html"
EDITIONS = {"zh": "", "en": "en/"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
STOPS = 80  # Tab presses from the top of the page: the header and the first paragraphs
SCHEMES = ("light", "dark")

tabs = tabs_fixture()

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
# Each place focus comes to from now on, as FOCUSED and whether it is
# ``target``, kept in the page (read with ``stops_so_far``): the Tab presses
# need no round trip each.
RECORD_STOPS = f"""
(target) => {{
  window.bookStops = [];
  window.bookTarget = target;
  if (window.bookRecording) return;
  window.bookRecording = true;
  document.addEventListener("focusin", () => bookStops.push(
    {{...({FOCUSED})(), target: document.activeElement === bookTarget}}));
}}
"""


def stops_so_far(page) -> list[dict]:
    return page.evaluate("window.bookStops")


def tab_through(page, stops: int = STOPS) -> list[dict]:
    """What each of the first ``stops`` Tab presses lands on, and how it is
    drawn in each scheme."""
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("body").focus()
    page.evaluate(RECORD_STOPS, None)
    for _ in range(stops):
        page.keyboard.press("Tab")
    seen = stops_so_far(page)
    assert len(seen) == stops, f"{stops} Tab presses, focus moved {len(seen)} times"
    return seen


@pytest.mark.parametrize("edition", EDITIONS)
def test_one_tab_stop_per_paragraph_number(tabs, site: str, edition: str) -> None:
    page = tabs.open(f"{site}/{EDITIONS[edition]}{CHAPTER}", notes=True)
    numbers = page.locator("p.interview-paragraph > .paranum > a")
    first, last = 0, 10
    page.evaluate(RECORD_STOPS, numbers.nth(last).element_handle())
    numbers.nth(first).focus()
    seen = stops_so_far(page)
    while not any(s["target"] for s in seen):
        assert len(seen) < 400, "Tab never reached the eleventh paragraph number"
        for _ in range(10):  # a few past the number do no harm
            page.keyboard.press("Tab")
        seen = stops_so_far(page)
    seen = seen[: next(i for i, s in enumerate(seen) if s["target"]) + 1]
    stops = len(seen) - 1
    assert not any(s["menu"] for s in seen), (
        "Tab entered a paragraph menu nobody opened"
    )
    on_numbers = sum(s["paranum"] for s in seen)
    assert on_numbers == last - first + 1, (
        f"{on_numbers} Tab stops on {last - first + 1} paragraph numbers"
    )
    print(f"{edition}: {stops} Tab presses across paragraphs 1-{last}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_stop_shows_a_focus_ring_and_is_big_enough(
    tabs, site: str, viewport
) -> None:
    """The stops in the light scheme, then in the dark one (the reader's
    stored choice, the page's own from the start)."""
    seen = {}
    for scheme in SCHEMES:
        page = tabs.open(
            f"{site}/{CHAPTER}",
            viewport=viewport,
            notes=True,
            touch=viewport is PHONE,
            dark=scheme == "dark",
        )
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        stops = tab_through(page)
        # the paragraph menu, opened from the keyboard, and its rows
        page.locator("p.interview-paragraph > .paranum > a").nth(1).focus()
        page.keyboard.press("Enter")
        for _ in range(4):
            stops.append(page.evaluate(FOCUSED))
            page.keyboard.press("Tab")
        assert sum(s["paranum"] for s in stops) >= 3
        assert sum(s["menu"] for s in stops) == 4
        if viewport is PHONE:
            assert any(s["name"].startswith("input.margin-toggle") for s in stops)
        no_ring = sorted({s["name"] for s in stops if not s["ring"]})
        assert not no_ring, (
            f"no focus ring ({scheme}, {viewport['width']}px): {no_ring}"
        )
        seen[scheme] = stops
    small = sorted(
        {
            f"{s['name']} {s['width']:.0f}x{s['height']:.0f} ({scheme})"
            for scheme, stops in seen.items()
            for s in stops
            if not s["inline"] and (s["width"] < 24 or s["height"] < 24)
        }
    )
    # the theme's skip link, seen only while focused, stands alone at the top
    small = [s for s in small if "skip-link" not in s and "跳转" not in s]
    assert not small, f"targets under 24x24px: {small}"


# The interview's text (its notes too) that something else is drawn over.
COVERED = """
() => {
  const top = Math.max(...[...document.querySelectorAll(".bd-header, .bd-header-article")]
    .map((h) => h.getBoundingClientRect().bottom));
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
}
"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_nothing_covers_the_text(tabs, site: str, edition: str, viewport) -> None:
    """Nothing, just after a jump down the page or once the page is at rest:
    the theme's "Contents" list, unfolded and folding, lay over the notes in
    the margin (docs/_static/book.css keeps it folded on a page with notes)."""
    page = tabs.open(
        f"{site}/{EDITIONS[edition]}{CHAPTER}",
        viewport=viewport,
        notes=True,
        touch=viewport is PHONE,
    )
    for share in (0.3, 0.6):
        page.evaluate(
            f"window.scrollTo(0, document.documentElement.scrollHeight * {share})"
        )
        # just after the jump (two frames), and once what it set going is at rest
        for moment in ("moving", "at rest"):
            if moment == "at rest":
                settled(page)  # the theme's scroll-driven widgets come and go
            else:
                wait_for_notes(page)
            covered = page.evaluate(COVERED)
            assert not covered, f"{moment}, {share:.0%} down: {covered[:5]}"
    assert page.locator("#pst-back-to-top").count() == 0


# The theme's "Contents" list in the notes' margin: how it is drawn, and
# whether its first link is seen (in the window, not under anything else).
CONTENTS = """
() => {
  const side = document.querySelector(".bd-sidebar-secondary");
  const toc = side.querySelector("nav.page-toc");
  const link = toc.querySelector("a");
  const r = link.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const inside = r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0
    && r.right <= innerWidth && r.bottom <= innerHeight;
  const hit = inside ? document.elementFromPoint(x, y) : null;
  return {
    opacity: parseFloat(getComputedStyle(toc).opacity),
    height: side.getBoundingClientRect().height,
    seen: inside && !!hit && link.contains(hit),
    focused: document.activeElement === link,
  };
}
"""


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_contents_list_unfolds_for_the_keyboard(
    tabs, site: str, edition: str
) -> None:
    """On a page with notes the Contents list is folded at rest
    (docs/_static/book.css), unfolded while the keyboard is in it, and
    folded again once focus has gone back to the text."""
    page = tabs.open(f"{site}/{EDITIONS[edition]}{CHAPTER}", notes=True)
    rest = page.evaluate(CONTENTS)
    assert rest["opacity"] == 0 and rest["height"] <= 64, f"at rest: {rest}"
    page.locator(".bd-sidebar-secondary nav.page-toc a").first.focus()
    settled(page)
    focused = page.evaluate(CONTENTS)
    assert focused["focused"], focused
    assert focused["opacity"] == 1 and focused["seen"], f"focused: {focused}"
    page.locator("p.interview-paragraph > .paranum > a").first.focus()
    settled(page)
    after = page.evaluate(CONTENTS)
    assert not after["focused"], after
    assert after["opacity"] == 0 and after["height"] <= 64, f"after: {after}"
