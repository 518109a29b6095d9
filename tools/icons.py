"""Make the book's Font Awesome icons small: subset fonts, no icon script.

The PyData theme draws its icons twice: its stylesheet carries the whole
Font Awesome 7 icon font CSS (every icon as a ``--fa`` code point), and its
``scripts/fontawesome.js`` (1.5 MB, every icon as SVG) replaces each
``<i class="fa-…">`` with an ``<svg>`` once it has run.  The browser fetches
the icon fonts anyway (the ``<i>`` elements use them before the script runs),
so a chapter page loaded 1.5 MB of script plus 225 KB of fonts to show about
fifteen icons.

The fonts alone draw every icon, before any script runs, so the book keeps
the theme's stylesheet and replaces two things through ``html_static_path``
(Sphinx copies ``docs/_static`` over the theme's files of the same name):

* ``vendor/fontawesome/webfonts/fa-*.woff2`` — the theme's own fonts, cut
  down to the icons the book shows (``ICONS``) and the code points the
  theme's stylesheets draw by themselves (admonition and navigation icons);
* ``scripts/fontawesome.js`` — a stub, so nothing re-draws the icons.

Run ``nox -s icons`` after adding an icon, or after upgrading the theme, and
commit what it writes; ``tests/test_page_weight.py`` fails when a page shows
an icon the fonts lack.  Building the book needs neither this module nor
fontTools.  Font Awesome Free's fonts are under the SIL OFL 1.1, its icons
under CC BY 4.0, its code under the MIT licence; the subset fonts keep their
copyright and licence records, and ``LICENSE.txt`` beside them says so.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "docs" / "_static"
WEBFONTS = Path("vendor") / "fontawesome" / "webfonts"
FONTS = ("fa-solid-900.woff2", "fa-regular-400.woff2", "fa-brands-400.woff2")

# Every icon the book can show, by its Font Awesome class.  Most come from
# the theme's templates (header, sidebars, buttons); ``fa-xmark`` is added by
# the theme's script to dismissable banners; the last group is what a
# download or PDF/EPUB link would use.
ICONS = (
    "fa-angle-left",  # previous / next page
    "fa-angle-right",
    "fa-arrow-up",  # back to top
    "fa-bars",  # primary sidebar toggle
    "fa-circle-half-stroke",  # theme switch: auto
    "fa-moon",  # theme switch: dark
    "fa-sun",  # theme switch: light
    "fa-expand",  # full screen
    "fa-github",  # repository button
    "fa-lightbulb",  # open an issue
    "fa-list",  # contents of this page
    "fa-magnifying-glass",  # search
    "fa-outdent",  # secondary sidebar toggle
    "fa-pencil-alt",  # suggest an edit
    "fa-xmark",
    "fa-book",
    "fa-download",
    "fa-file",
    "fa-file-pdf",
)

LICENCE_RECORDS = {
    13: "This Font Software is licensed under the SIL Open Font License, "
    "Version 1.1. Subset of Font Awesome Free for this book (tools/icons.py).",
    14: "https://openfontlicense.org",
}

ICON_RULE = re.compile(r"([^{}]+)\{--fa:\"([^\"]+)\"\}")
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?")


def theme_static() -> Path:
    """The PyData theme's static folder, as installed."""
    import pydata_sphinx_theme

    package = Path(pydata_sphinx_theme.__file__).parent
    return package / "theme" / "pydata_sphinx_theme" / "static"


def book_theme_css() -> Path:
    import sphinx_book_theme

    styles = Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme"
    return styles / "static" / "styles" / "sphinx-book-theme.css"


def _unescape(value: str) -> str:
    return CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


def _is_private(char: str) -> bool:
    return 0xE000 <= ord(char) <= 0xF8FF


def icon_map(css: str) -> dict[str, int]:
    """``fa-name`` -> code point, from Font Awesome's rules in a stylesheet."""
    found: dict[str, int] = {}
    for selectors, value in ICON_RULE.findall(css):
        text = _unescape(value)
        if len(text) != 1:
            continue  # digits and letters such as .fa-0{--fa:"0"}
        for selector in selectors.split(","):
            selector = selector.strip()
            if re.fullmatch(r"\.fa-[a-z0-9-]+", selector):
                found[selector[1:]] = ord(text)
    return found


def drawn_by_css(css: str) -> set[int]:
    """Private-use code points a stylesheet draws itself (``content:``, variables).

    Font Awesome's own per-icon rules are left out: those are drawn only for
    an element that carries the icon's class.
    """
    rest = ICON_RULE.sub("", css)
    return {ord(c) for c in _unescape(rest) if _is_private(c)}


def wanted_code_points(css_files: list[Path], icons=ICONS) -> dict[str, int | None]:
    """Every code point the book needs, by name (``None``: not in the CSS)."""
    texts = [path.read_text(encoding="utf-8") for path in css_files]
    icons_by_name: dict[str, int] = {}
    for text in texts:
        icons_by_name.update(icon_map(text))
    wanted: dict[str, int | None] = {name: icons_by_name.get(name) for name in icons}
    for text in texts:
        for point in drawn_by_css(text):
            wanted.setdefault(f"U+{point:04X}", point)
    return wanted


def subset(source: Path, target: Path, points: set[int]) -> int:
    """Write ``source`` cut down to ``points`` (those it has) to ``target``."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, recalcTimestamp=False)  # the same bytes on every run
    keep = points & set(font.getBestCmap())
    options = ft_subset.Options()
    options.flavor = "woff2"
    options.name_IDs = ["*"]  # keep the copyright, version and licence records
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = ["*"]
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(keep))
    subsetter.subset(font)
    # The OFL travels with the font: its copyright record is kept above, and
    # the licence is named in the font's own licence records.
    for name_id, text in LICENCE_RECORDS.items():
        font["name"].setName(text, name_id, 3, 1, 0x409)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(target)
    return len(keep)


STUB = """\
/* Font Awesome's icons in this book are drawn by the theme's icon fonts
   (vendor/fontawesome/webfonts, cut down by tools/icons.py), so the theme's
   1.5 MB script that would re-draw them as SVG is replaced by this note.
   Font Awesome Free by @fontawesome - https://fontawesome.com
   License - https://fontawesome.com/license/free
   (Icons: CC BY 4.0, Fonts: SIL OFL 1.1, Code: MIT License) */
"""


def main(argv: list[str] | None = None) -> int:
    """Write the subset fonts and the script stub into docs/_static."""
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    static = theme_static()
    css_files = [static / "styles" / "pydata-sphinx-theme.css", book_theme_css()]
    wanted = wanted_code_points(css_files)
    missing = sorted(name for name, point in wanted.items() if point is None)
    if missing:
        print(f"not in the theme's CSS: {', '.join(missing)}", file=sys.stderr)
        return 1
    points = {point for point in wanted.values() if point is not None}
    for name in FONTS:
        source, target = static / WEBFONTS / name, STATIC / WEBFONTS / name
        kept = subset(source, target, points)
        before, after = source.stat().st_size / 1024, target.stat().st_size / 1024
        print(
            f"{target.relative_to(ROOT)}: {kept} glyphs, "
            f"{before:.0f} KiB -> {after:.1f} KiB"
        )
    stub = STATIC / "scripts" / "fontawesome.js"
    stub.parent.mkdir(parents=True, exist_ok=True)
    stub.write_text(STUB, encoding="utf-8")
    print(f"{stub.relative_to(ROOT)}: stub written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
