"""A chapter's first phone screen shows its text (Debian's headless Chromium, 390 px).

In both editions, every chapter's first paragraph starts on the first
screen of a 390 x 844 phone, with at least two of its lines; the title breaks
between words (after punctuation or at a space, never inside a run such as
"量子计/算", unless a run is wider than the line); the source card and the
machine-readable links after it are in the page, for citation tools, but
folded behind a closed disclosure that opens on a tap (and is printed open).
"""

from __future__ import annotations

import pytest

from tests.helpers.book import SLUGS
from tests.helpers.browser import tabs_fixture

pytestmark = pytest.mark.browser

EDITIONS = {"zh": "", "en": "en/"}
PHONE = {"width": 390, "height": 844}
tabs = tabs_fixture()
BREAK_AFTER = set(" ：、，。；！？）」』:,;!?)-–—/")

# The title's lines: the text of each, and whether it fills the width.
TITLE_LINES = """
() => {
  const h = document.querySelector(".bd-article h1");
  const text = h.firstChild;
  const lines = [];
  for (let i = 0; i < text.length; i++) {
    const r = document.createRange();
    r.setStart(text, i);
    r.setEnd(text, i + 1);
    const box = r.getBoundingClientRect();
    if (!box.width) continue;
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.top - box.top) < box.height / 2) {
      last.text += text.data[i];
      last.right = box.right;
      last.end = i;
    } else {
      lines.push({top: box.top, text: text.data[i], right: box.right, end: i});
    }
  }
  const width = h.getBoundingClientRect().right;
  // what ends the line: its last character, or the space after it
  return lines.map((l) => ({text: l.text, full: width - l.right < 30,
                            ends: text.data.slice(l.end, l.end + 2)}));
}
"""


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("edition", EDITIONS)
def test_the_first_paragraph_is_on_the_first_screen(
    tabs, site: str, edition: str, slug: str
) -> None:
    page = tabs.open(
        f"{site}/{EDITIONS[edition]}interviews/{slug}.html",
        viewport=PHONE,
        touch=True,
    )
    first = page.evaluate(
        """() => { const p = document.querySelector("p.interview-paragraph");
                   const r = p.getBoundingClientRect();
                   return {top: r.top, line: parseFloat(getComputedStyle(p).lineHeight)}; }"""
    )
    assert first["top"] + 2 * first["line"] <= PHONE["height"], (
        f"¶1 starts {first['top']:.0f}px down a {PHONE['height']}px screen"
    )
    print(f"{edition} {slug}: ¶1 starts {first['top']:.0f}px down")
    lines = page.evaluate(TITLE_LINES)
    for line in lines[:-1]:
        assert set(line["ends"]) & BREAK_AFTER or line["full"], (
            f"the title breaks inside a word after {line['text']!r}"
        )
    # the card is in the page, folded; a tap opens it
    details = page.locator("article details.interview-source")
    assert details.count() == 1
    assert details.locator(".interview-source-card dl").count() == 1
    assert details.locator("a.book-annotations-download").count() == 1
    assert details.evaluate("(d) => d.open") is False
    assert not details.locator(".interview-source-card").is_visible()
    page.emulate_media(media="print")  # printed, it is open
    assert details.locator(".interview-source-card").is_visible()
    page.emulate_media(media="screen")
    details.locator("summary").tap()
    assert details.locator(".interview-source-card").is_visible()
