"""What a reader's browser downloads for a chapter, read off the built book.

The chapter page and everything it loads stays within 100 KiB gzipped, as
readers receive it (about 340 KiB raw, reported beside it; the theme's
defaults made it 2.5 MB raw, 1.5 MB of it an icon script; the whole theme
stylesheet made it 651 KiB raw before tools/trim_css.mjs); only the
search page loads search, and it loads Pagefind, not Sphinx's index; scripts
wait until the text is parsed; and the subset icon fonts hold every icon a
page shows (``tools/icons.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers.book import SLUGS
from tools import bench, icons

BUDGET = 100 * 1024  # bytes, gzipped as a server sends them (issues 16, 25)
SEARCH_SCRIPTS = ("searchindex.js", "searchtools.js", "language_data.js")


def pages(book: Path) -> list[Path]:
    return sorted(p for p in book.rglob("*.html") if "_static" not in p.parts)


@pytest.mark.parametrize("folder", ["", "en"], ids=["zh_CN", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_chapter_page_weight_is_under_budget(
    built_book: Path, slug: str, folder: str, record_property
) -> None:
    edition = built_book / folder if folder else built_book
    raw, gzipped, by_kind = bench.page_weight(
        edition / "interviews" / f"{slug}.html", edition
    )
    record_property("chapter_bytes", f"{gzipped} gzipped, {raw} raw")
    assert gzipped <= BUDGET, (
        f"the chapter loads {gzipped} bytes gzipped ({raw} raw: {by_kind}); "
        f"budget {BUDGET} gzipped"
    )
    assert "search data" not in by_kind
    assert by_kind.get("fonts", 0) < 20_000, "the icon fonts are not the subset ones"


def test_only_the_search_page_loads_search(built_book: Path) -> None:
    for page in pages(built_book):
        srcs = [
            s["src"]
            for s in BeautifulSoup(page.read_text(), "html.parser").select(
                "script[src]"
            )
        ]
        loads = [
            name
            for name in SEARCH_SCRIPTS
            if any(s.split("?")[0].endswith(name) for s in srcs)
        ]
        if page.name == "search.html":
            assert loads == [], f"{page.relative_to(built_book)} loads {loads}"
            assert any(
                s.split("?")[0].endswith("_static/book-search.js") for s in srcs
            ), page
        else:
            assert not loads, f"{page.relative_to(built_book)} loads {loads}"


@pytest.mark.parametrize("slug", SLUGS)
def test_scripts_wait_for_the_text(built_book: Path, slug: str) -> None:
    soup = BeautifulSoup(
        (built_book / "interviews" / f"{slug}.html").read_text(), "html.parser"
    )
    blocking = [
        s["src"]
        for s in soup.select("script[src]")
        if not s.has_attr("defer") and not s.has_attr("async")
    ]
    assert [src.split("?")[0] for src in blocking] == [
        "../_static/documentation_options.js"
    ]


def test_icon_fonts_hold_every_icon_the_book_shows(built_book: Path) -> None:
    import fontTools  # noqa: F401  (in the test group: missing it is a failure)
    from fontTools.ttLib import TTFont

    static = built_book / "_static"
    shown: set[str] = set()
    for page in pages(built_book):
        for tag in BeautifulSoup(page.read_text(), "html.parser").select(
            "[class*='fa-']"
        ):
            shown |= {c for c in tag["class"] if c.startswith("fa-")}
    for script in (static / "scripts").glob("*.js"):
        shown |= set(re.findall(r"fa-solid (fa-[a-z0-9-]+)", script.read_text()))
    shown -= {"fa-fw", "fa-lg", "fa-solid", "fa-brands", "fa-regular"}
    missing = shown - set(icons.ICONS)
    assert not missing, (
        f"add {sorted(missing)} to ICONS in tools/icons.py, run nox -s icons"
    )

    css = [
        static / "styles" / "pydata-sphinx-theme.css",
        static / "styles" / "sphinx-book-theme.css",
    ]
    wanted = icons.wanted_code_points(css)
    # The built stylesheets are trimmed (tools/trim_css.mjs): an
    # icon no page of this build shows may have lost its rule, but every
    # icon shown must keep it.
    unstyled = {name for name in shown if wanted.get(name) is None}
    assert not unstyled, f"the trimmed stylesheets lost {sorted(unstyled)}"
    fonts = static / "vendor" / "fontawesome" / "webfonts"
    held: set[int] = set()
    for name in icons.FONTS:
        held |= set(TTFont(fonts / name).getBestCmap())
    lacking = {
        name
        for name, point in wanted.items()
        if point not in held and (point is not None or name in shown)
    }
    assert not lacking, f"the icon fonts lack {sorted(lacking)}: run nox -s icons"
