"""The theme's stylesheets cut to the rules the built book uses (PurgeCSS).

The PyData theme's stylesheet is 370 KB, most of it Bootstrap and rules for
components this book never shows, and every page loads it.  When the HTML
build ends, PurgeCSS (``npm ci``: ``node_modules/purgecss`` beside
``conf.py`` or above it) rewrites the
theme's stylesheets in the output folder, keeping the rules whose selectors
can match something in the built pages of this build's documents or in the
scripts those pages load (which add classes as the reader clicks);
``SAFELIST`` keeps what neither spells out.  Sphinx copies the theme's files afresh on every build,
so a rebuild trims the same files from the same inputs: the same output
(kept in the doctree folder, so that a rebuild with nothing to do does not
run node again).

PurgeCSS's default extractor reads every run of ``[A-Za-z0-9_-]`` in the
content as a word that may be a class, id, tag or attribute, and keeps a rule
by that set of words alone.  So the words are read here, with the same
pattern (each page's kept with its digest, ``built_pages.per_page``), and
PurgeCSS is given them instead of the files: an edit that brings no new
word (most edits of Chinese text) gives the same set, and the trimmed sheets
of the last build are written again without running node.
``book_trim_css = False`` leaves the stylesheets whole (the screenshot test
compares the two).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from tools.sphinxext import built_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

PURGECSS = Path("node_modules") / "purgecss"
STYLESHEETS = (
    "_static/styles/pydata-sphinx-theme.css",
    "_static/styles/sphinx-book-theme.css",
    "_static/basic.css",
)
# Read against the pages alone, with no safelist: no script adds a
# highlighting class, the scripts' one-letter words would keep every rule
# (``.highlight .k``).
PAGES_ONLY = ("_static/pygments.css",)
# The scripts the pages load are read for the classes they add, except
# Bootstrap's, which names every component of Bootstrap (keeping most of its
# rules); the states it sets on the components the book uses (the menus,
# the tooltips, the collapsing sidebar sections) are in SAFELIST.
LIBRARIES = {"bootstrap.js"}
SAFELIST = {
    "standard": [
        "show",
        "showing",
        "hiding",
        "fade",
        "collapse",
        "collapsing",
        "active",
        "disabled",
        "focus-visible",
    ],
    # the header's menus (downloads, repository) and the buttons' tooltips
    "greedy": [r"dropdown", r"tooltip", r"data-bs-popper"],
}


def find_purgecss(start: Path) -> Path | None:
    """``node_modules/purgecss`` in ``start`` or a folder above it, as Node
    itself resolves a package (a book copied below the checkout, such as the
    bench's, finds the checkout's ``npm ci``)."""
    for folder in (start, *start.parents):
        if (folder / PURGECSS / "package.json").is_file():
            return folder / PURGECSS
    return None


def enabled(app: Sphinx) -> bool:
    return app.builder.name == "html" and app.config.book_trim_css


SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"")
# PurgeCSS's defaultExtractor (node_modules/purgecss/lib/purgecss.js).
WORD = re.compile(r"[A-Za-z0-9_-]+")


def words(text: str) -> list[str]:
    """The words PurgeCSS's default extractor finds in ``text``, once each."""
    return sorted(set(WORD.findall(text)))


def page_facts(name: str, html: str) -> dict[str, list[str]]:
    """A built page's words, and the local scripts it loads (its ``src``
    addresses, which may end in ``?v=``); see ``loaded_scripts``."""
    return {"words": words(html), "scripts": SCRIPT_SRC.findall(html)}


def loaded_scripts(pages: dict[str, Path], facts: dict[str, dict]) -> list[Path]:
    """The local scripts the pages load (not Bootstrap's: see LIBRARIES).

    Read with a pattern, not a parser: Sphinx writes every tag the same way,
    and this runs on every build, including those with nothing to do.
    """
    found: set[Path] = set()
    for name, path in pages.items():
        for src in facts[name]["scripts"]:
            src = src.split("?")[0]
            if "://" in src:
                continue
            script = (path.parent / src).resolve()
            if script.is_file() and script.name not in LIBRARIES:
                found.add(script)
    return sorted(found)


def trim(app: Sphinx, exception: Exception | None) -> None:
    """Rewrite the theme's stylesheets with only the rules the book uses."""
    if exception is not None or not enabled(app):
        return
    node = shutil.which("node")
    purgecss = find_purgecss(Path(app.confdir).resolve())
    if node is None or purgecss is None:
        logger.warning(
            "PurgeCSS is not installed, so the pages would load the theme's "
            "whole stylesheets: run 'npm ci' (or set book_trim_css = False)",
            type="css_trim",
        )
        return
    outdir = Path(app.outdir)
    # The documents, and the pages the builder adds (search, index, ...).
    names = {*app.env.found_docs, "search", "genindex"}
    names |= set(app.config.html_additional_pages)
    pages = {name: outdir / app.builder.get_target_uri(name) for name in sorted(names)}
    pages = {name: page for name, page in pages.items() if page.is_file()}
    version = built_pages.code(app)
    facts = built_pages.per_page(app, "css-words", version, pages, page_facts)
    page_words = sorted({word for name in pages for word in facts[name]["words"]})
    script_words = sorted(
        {
            word
            for script in loaded_scripts(pages, facts)
            for word in words(script.read_text(encoding="utf-8", errors="replace"))
        }
        | set(page_words)
    )
    sheets = [outdir / n for n in (*STYLESHEETS, *PAGES_ONLY) if (outdir / n).is_file()]
    configs = []
    for sheet_names, content, safelist in (
        (STYLESHEETS, script_words, SAFELIST),
        (PAGES_ONLY, page_words, {"standard": [], "greedy": []}),
    ):
        configs.append(
            {
                # the words, as PurgeCSS's extractor would find them in the files
                "content": [{"raw": " ".join(content), "extension": "txt"}],
                "css": [str(outdir / n) for n in sheet_names if (outdir / n).is_file()],
                "safelist": safelist,
                "keyframes": False,
                "fontFace": False,
                "variables": True,
                # set on <html> by the theme's inline script: the colour scheme
                "dynamicAttributes": ["data-theme", "data-mode"],
            }
        )
    # The same inputs give the same output: a rebuild whose words did not
    # change writes the trimmed sheets it kept, without running node.
    digest = built_pages.inputs_digest(
        [version, (purgecss / "package.json").read_bytes(), json.dumps(configs)]
        + [part for f in sheets for part in (str(f), f.read_bytes())]
    )
    cache = Path(app.doctreedir) / "css_trim.json"
    if cache.is_file():
        kept = json.loads(cache.read_text(encoding="utf-8"))
        if kept["digest"] == digest:
            for file, css in kept["sheets"]:
                Path(file).write_text(css, encoding="utf-8")
            return
    script = (
        "const {PurgeCSS} = require(process.argv[1]);"
        "const configs = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "Promise.all(configs.map((config) => {"
        "  config.safelist.greedy = config.safelist.greedy.map((s) => new RegExp(s));"
        "  return new PurgeCSS().purge(config);"
        "})).then((outs) => process.stdout.write("
        "  JSON.stringify(outs.flat().map((r) => [r.file, r.css]))));"
    )
    result = subprocess.run(
        [node, "-e", script, str(purgecss)],
        input=json.dumps(configs),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        logger.warning("PurgeCSS failed: %s", result.stderr.strip(), type="css_trim")
        return
    trimmed = json.loads(result.stdout)
    for file, css in trimmed:
        Path(file).write_text(css, encoding="utf-8")
    cache.write_text(
        json.dumps({"digest": digest, "sheets": trimmed}), encoding="utf-8"
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register ``book_trim_css`` and the trimming at the end of the build."""
    app.add_config_value("book_trim_css", True, "html", bool)
    # After the other build-finished steps, which may copy scripts in.
    app.connect("build-finished", trim, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
