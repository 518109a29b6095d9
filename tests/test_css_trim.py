"""Trimming the stylesheets (tools/trim_css.mjs) changes no pixel.

The session's book (trimmed after Sphinx, as ``nox -s html`` does) and the
same book with the stylesheets Sphinx wrote put back are photographed in
Debian's headless Chromium: the landing page, an interview, the glossary and the
search page with results, at phone and desktop width, in the light and the
dark scheme; every pair must match pixel for pixel, but for a sliver of
anti-aliasing in any window's height of the page (in practice the pictures
are the same bytes).

Pixels, not what makes them: reading every element's computed style (about
480 properties each) took 2 to 3.5 s for the interview's page alone, 7 to
9.5 s with its ::before, ::after and ::marker, where its picture takes
about a second.
"""

from __future__ import annotations

import base64
import io
import os
import shutil
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

import pytest

from tests.helpers.book import ROOT
from tests.helpers.browser import serve, wait_for_notes

pytestmark = pytest.mark.browser

WIDTHS = (375, 1280)
SCHEMES = ("light", "dark")
CHANNEL = 24  # a channel may differ this much (0-255) before a pixel counts
SHARE = 0.0005  # ...and this share of the pixels in any BAND may count
BAND = 900  # px: the window's height


@pytest.fixture(scope="module")
def whole_css_book(tmp_path_factory: pytest.TempPathFactory, built_book: Path) -> Path:
    """The Chinese edition of the session's book, stylesheets left whole: the
    trimmed one (each of its files linked, not copied) with the stylesheets
    Sphinx wrote put back (``built_book`` keeps them in ``whole-css/``).  The
    pages differ from a build left untrimmed only in their links' ``?v=``,
    made from the trimmed files; a page is drawn the same whatever the query
    string."""
    whole = built_book.parent / "whole-css"
    sheets = sorted(whole.rglob("*.css"))
    assert sheets, f"no stylesheet kept in {whole}"
    copy = tmp_path_factory.mktemp("untrimmed") / "html"
    shutil.copytree(
        built_book,
        copy,
        ignore=lambda folder, _names: ["en"] if Path(folder) == built_book else [],
        copy_function=os.symlink,
    )
    for sheet in sheets:
        (copy / sheet.relative_to(whole)).unlink(missing_ok=True)
        shutil.copy2(sheet, copy / sheet.relative_to(whole))
    return copy


def test_trimming_cuts_the_stylesheets(built_book: Path, whole_css_book: Path) -> None:
    sheet = "_static/styles/pydata-sphinx-theme.css"
    trimmed = (built_book / sheet).stat().st_size
    whole = (whole_css_book / sheet).stat().st_size
    assert trimmed < whole / 3, (trimmed, whole)


def test_each_page_names_the_trimmed_stylesheet_it_is_served(
    built_book: Path,
) -> None:
    """A page's ``?v=`` (Sphinx's) or ``?digest=`` (the PyData theme's) is
    made from the trimmed file, not from the whole one: a reader's cache
    must not keep an older cut."""
    import hashlib
    import re

    for sheet in ("pydata-sphinx-theme.css", "sphinx-book-theme.css"):
        served = (built_book / "_static" / "styles" / sheet).read_bytes()
        version = hashlib.sha256(served).hexdigest()[:8]
        for page in ("index.html", "glossary.html", "search.html"):
            html = (built_book / page).read_text(encoding="utf-8")
            found = re.findall(rf'{re.escape(sheet)}\?(?:v|digest)=([0-9a-f]+)"', html)
            assert found == [version], (page, sheet, found)


def differences(a: bytes, b: bytes):
    """The pixels of two PNGs in which a channel differs by more than
    CHANNEL, as a mask (None when the pictures differ in size)."""
    from PIL import Image, ImageChops

    first = Image.open(io.BytesIO(a)).convert("RGB")
    second = Image.open(io.BytesIO(b)).convert("RGB")
    if first.size != second.size:
        return None
    red, green, blue = ImageChops.difference(first, second).split()
    most = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return most.point(lambda v: 255 if v > CHANNEL else 0)


def differing_share(a: bytes, b: bytes) -> float:
    """The share of pixels that differ by more than CHANNEL between two
    PNGs, in the window's height (900 px, BAND) of the page where most do:
    a change on one screen is not drowned in a tall page."""
    if a == b:  # the same picture, as most are: nothing to decode
        return 0.0
    mask = differences(a, b)
    if mask is None:
        return 1.0
    width, height = mask.size
    return max(
        mask.crop((0, top, width, min(top + BAND, height))).histogram()[255]
        / (width * (min(top + BAND, height) - top))
        for top in range(0, height, BAND)
    )


def where(a: bytes, b: bytes) -> str:
    """Where two pictures differ, for a reader of the failure."""
    from PIL import Image

    mask = differences(a, b)
    if mask is None:
        sizes = [Image.open(io.BytesIO(png)).size for png in (a, b)]
        return f"sizes {sizes[0]} and {sizes[1]}"
    left, top, right, bottom = mask.getbbox()
    return f"between x {left}-{right}, y {top}-{bottom} px"


class Shot(NamedTuple):
    png: bytes


def screenshot_pages(
    browser, site: Path, paths: list[str], width: int, schemes=SCHEMES
) -> dict[tuple[str, str], Shot]:
    """Full-page PNGs of ``paths`` of ``site`` in each of ``schemes``, by
    (path, scheme), once fonts, results and notes are in.

    Each page is loaded once; the colour scheme is then switched as a
    reader's system switches it (the theme follows ``prefers-color-scheme``
    in its "auto" mode), and the page photographed in each.
    """
    shots = {}
    with serve(site) as url:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme=schemes[0]
        )
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        for path in paths:
            # "load", then what comes after it, each awaited (not half a
            # second of network silence per page: 16 s of the module's time)
            page.goto(f"{url}/{path}", wait_until="load")
            if path.startswith("search.html"):
                page.wait_for_selector("#search-results .search-summary")
            page.evaluate("document.fonts.ready")
            if page.query_selector(".bd-article span.sidenote"):
                wait_for_notes(page)
            for scheme in schemes:
                page.emulate_media(color_scheme=scheme)
                page.wait_for_function(
                    "(scheme) => document.documentElement.dataset.theme === scheme",
                    arg=scheme,
                )
                shots[path, scheme] = photograph(page, cdp, width)
            # the next page starts in a reader's window, the tall page gone
            # first (not laid out again for nothing)
            page.goto("about:blank")
            page.emulate_media(color_scheme=schemes[0])
            page.set_viewport_size({"width": width, "height": 900})
        context.close()
    return shots


# What Playwright's screenshot(animations="disabled") does first: the
# transitions the last switch set going (the scheme's colours) are ended,
# endless animations stopped.  (Its caret="hide" is not needed: no field of
# these pages has the focus, and a caret would be far below SHARE.)
STILL = """() => {
  for (const animation of document.getAnimations()) {
    if (animation.effect?.getComputedTiming().endTime < Infinity) animation.finish();
    else animation.cancel();
  }
}"""


def photograph(page, cdp, width: int) -> Shot:
    """The whole page, photographed in a window as tall as the page (left
    so for the page's next picture).

    Playwright's full-page screenshot resizes the window while it takes the
    picture, and the page is laid out again in the middle of it.  The
    picture is asked of chromium directly, a PNG made for speed
    (``optimizeForSpeed``: the same pixels, less compressed): Playwright's
    own screenshot took three times as long (its extra round trips, and a
    PNG compressed harder).
    """
    for _ in range(3):  # the page may grow with its window (vh units)
        height = page.evaluate("document.documentElement.scrollHeight")
        if page.viewport_size["height"] == height:
            break
        page.set_viewport_size({"width": width, "height": height})
        if page.query_selector(".bd-article span.sidenote"):
            wait_for_notes(page)  # placed again for the new window
    # The contents list marks the section in view from an
    # IntersectionObserver's callback, which runs at a frame after the
    # resize: two frames later it has run, in both books alike.
    page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )
    page.evaluate(STILL)
    shot = cdp.send(
        "Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True}
    )
    return Shot(base64.b64decode(shot["data"]))


def chapter() -> str:
    """The first interview's page (any chapter would do)."""
    chapters = sorted((ROOT / "docs" / "interviews").glob("*.md"))
    return f"interviews/{chapters[0].stem}.html"


# The trimmed book's pictures, by width, for test_the_comparison_sees_a_change
# to look at as well (taken again when test_no_visible_change did not run).
TRIMMED: dict[int, dict[tuple[str, str], Shot]] = {}


@pytest.mark.long
@pytest.mark.parametrize("width", WIDTHS)
def test_no_visible_change(
    browser,
    built_book: Path,
    whole_css_book: Path,
    width: int,
    tmp_path: Path,
) -> None:
    """Each page in the light and the dark scheme (SCHEMES)."""
    paths = [
        "index.html",
        chapter(),
        "glossary.html",
        f"search.html?q={quote('联邦学习')}",
    ]
    trimmed = TRIMMED[width] = screenshot_pages(browser, built_book, paths, width)
    whole = screenshot_pages(browser, whole_css_book, paths, width)
    changed = {
        shot: share
        for shot in trimmed
        if (share := differing_share(trimmed[shot].png, whole[shot].png)) > SHARE
    }
    # what a reader of the failure needs: where, the two pictures, and
    # the pixels that differ (white on black)
    report = []
    for number, shot in enumerate(changed):
        a, b = trimmed[shot].png, whole[shot].png
        report.append(f"{shot} {where(a, b)}")
        for name, png in (("trimmed", a), ("whole", b)):
            picture = tmp_path / f"{number}-{name}.png"
            picture.write_bytes(png)
            report.append(f"{shot} {name}: {picture}")
        if (mask := differences(a, b)) is not None:
            mask.save(tmp_path / f"{number}-differ.png")
            report.append(f"{shot} differ: {tmp_path / f'{number}-differ.png'}")
    assert not changed, (
        f"at {width} px, share of pixels that differ in the worst {BAND} px band:"
        f" {changed}\n" + "\n".join(report)
    )


def test_the_comparison_sees_a_change(browser, built_book: Path) -> None:
    """The comparison is not blind: the dark scheme, switched to on the
    loaded page as the comparison switches it, differs from the light one
    on the landing page (so the dark screenshots are dark); and on the tall
    interview page, one square in which only the blue of each pixel
    changed, just past CHANNEL, is caught: too small to count against the
    whole page, twice SHARE in its window's height (BAND), and a grey level
    would hardly have changed (0.114 of the blue)."""
    from PIL import Image

    page = chapter()
    shots = TRIMMED.get(375) or screenshot_pages(
        browser, built_book, ["index.html", page], 375
    )
    light, dark = shots["index.html", "light"], shots["index.html", "dark"]
    dark_share = differing_share(light.png, dark.png)
    assert dark_share > 0.2

    light = shots[page, "light"]
    image = Image.open(io.BytesIO(light.png)).convert("RGB")
    width, height = image.size
    side = int((width * BAND * SHARE * 2) ** 0.5) + 1
    assert side * side / (width * height) < SHARE, "the page is not tall enough"
    red, green, blue = image.crop((0, 0, side, side)).split()
    step = CHANNEL + 1
    blue = blue.point(lambda v: v + step if v < 128 else v - step)
    image.paste(Image.merge("RGB", (red, green, blue)), (0, 0))
    changed = io.BytesIO()
    image.save(changed, format="PNG", compress_level=1)
    share = differing_share(light.png, changed.getvalue())
    assert share > SHARE
    found = where(light.png, changed.getvalue())
    assert found == f"between x 0-{side}, y 0-{side} px"
