"""Previews of glossary terms, citations and ¶ cross-references.

A reader who hovers over, focuses or taps a glossary term, a citation or a
``¶N`` reference sees a small card beside it — the definition, the full
reference with its DOI link, or the quoted paragraph — without leaving the
page; Escape or a tap elsewhere closes it (``static/book-scholarly.js``).

Positioning is Floating UI (``@floating-ui/dom`` from npm, in
``package.json``): maintained, about 22 KB for its two UMD files, and only
the positioning engine, so the cards' markup, focus handling and ARIA stay
the book's own.  Its files are copied at build time from ``node_modules``
(``npm ci``) into ``_static/vendor/floating-ui/`` and loaded only when a
reader first asks for a preview, as is the preview data; nothing comes from
another host.  (sphinx-tippy was considered: it loads Tippy and Popper from
a CDN by default, and writes a data file per page, which would go stale in
an incremental build when only the glossary changes.)

What the cards show:

* a citation: the entry of the built bibliography, its DOI or URL a link
  (from ``_static/book-previews.js``; the links carry no ``title``, which
  repeated the whole reference at every citation: ``bibtex_tooltips`` is
  off in ``conf.py``);
* a ``¶N`` on the same page: that paragraph's text, read from the page;
* a glossary term, or a ``¶N`` of another page: from
  ``_static/book-previews.js``.

That file is made at the end of every HTML build from the built glossary,
bibliography and chapter pages (``built_pages``), so it is the same after an
incremental build as after a clean one.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging
from sphinx.util.fileutil import copy_asset_file

from tools.sphinxext.plumbing import built_pages
from tools.sphinxext.reader import page_assets

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3]
STATIC = Path(__file__).parents[1] / "static"
SCRIPT = STATIC / "book-scholarly.js"
STYLE = STATIC / "book-scholarly.css"
DATA = "book-previews.js"
FLOATING_UI = (
    ROOT / "node_modules/@floating-ui/core/dist/floating-ui.core.umd.min.js",
    ROOT / "node_modules/@floating-ui/dom/dist/floating-ui.dom.umd.min.js",
)
VENDOR = "vendor/floating-ui"
TERSER = ROOT / "node_modules/terser/bin/terser"
TERSER_OPTIONS = ("--compress", "--mangle", "--comments", "false")
PARAGRAPH_REF = re.compile(r"¶\d+")
# A page with a glossary, bibliography entries, interview paragraphs or a ¶
# reference.
RELEVANT = re.compile(
    r'<dl class="[^"]*\bglossary\b|class="citation"|class="interview-paragraph|">¶\d'
)


def add_assets(app: Sphinx) -> None:
    """The script and stylesheet on every page of the web edition."""
    if app.builder.name != "html":
        return
    missing = [path for path in FLOATING_UI if not path.is_file()]
    if missing:
        logger.warning(
            "%s is missing: the previews need Floating UI from npm; run "
            "`npm ci --no-audit --no-fund` in the repository, then build again",
            missing[0].relative_to(ROOT),
            type="previews",
        )
    app.add_js_file(SCRIPT.name, defer="defer")
    app.add_css_file(STYLE.name)
    page_assets.add_static_file(app, STYLE)
    # Written before any page is: Sphinx links an asset with its checksum
    # (?v=) only if the file is already in the output, so a file written at
    # the end would be linked without it in a clean build and with it in a
    # rebuild.
    static = Path(app.outdir, "_static")
    static.mkdir(parents=True, exist_ok=True)
    write_minified_script(static / SCRIPT.name, Path(app.doctreedir))


def write_minified_script(target: Path, cache: Path) -> None:
    """Write the script as terser (npm) minifies it: half the bytes.

    Every reading page loads it, and the chapter page has a weight budget
    (tests/test_page_weight.py).  terser's output depends only on its input
    and options and its pinned version, so every build writes the same
    bytes; it is kept beside the doctrees under the digest of the three, so
    that a rebuild does not start node again (and a clean build, with new
    doctrees, always does: no output of another terser outlives it).
    """
    lock = ROOT / "package-lock.json"
    digest = hashlib.sha256(
        SCRIPT.read_bytes()
        + (lock.read_bytes() if lock.is_file() else b"")
        + " ".join(TERSER_OPTIONS).encode()
    ).hexdigest()[:16]
    kept = cache / f"{SCRIPT.stem}.{digest}.min.js"
    if kept.is_file():
        shutil.copyfile(kept, target)
        return
    node = shutil.which("node")
    if node is None or not TERSER.is_file():
        logger.warning(
            "%s is missing: the book's scripts are minified with terser from npm; "
            "run `npm ci --no-audit --no-fund` in the repository, then build again",
            TERSER.relative_to(ROOT),
            type="previews",
        )
        copy_asset_file(SCRIPT, target.parent, force=True)
        return
    minified = subprocess.run(
        [node, str(TERSER), str(SCRIPT), *TERSER_OPTIONS],
        capture_output=True,
        text=True,
        check=False,
    )
    if minified.returncode != 0:
        logger.warning(
            "terser could not minify %s: %s",
            SCRIPT.relative_to(ROOT),
            minified.stderr.strip().splitlines()[-1:] or "no message",
            type="previews",
        )
        copy_asset_file(SCRIPT, target.parent, force=True)
        return
    target.write_text(minified.stdout, encoding="utf-8")
    cache.mkdir(parents=True, exist_ok=True)
    kept.write_text(minified.stdout, encoding="utf-8")


def _clean(element) -> None:
    """Drop what a card must not repeat: permalinks, margin numbers, notes."""
    for junk in element.select(
        "a.headerlink, .paranum, label.margin-toggle, input.margin-toggle, "
        "span.sidenote, span.marginnote"
    ):
        junk.decompose()


def _rebase(element, page: str) -> str:
    """``element``'s inner HTML with every link made relative to the root."""
    for tag in element.find_all(True):
        # the card must not repeat the page's ids; titles and classes are bulk
        href = tag.get("href")
        tag.attrs = {"href": built_pages.from_root(page, href)} if href else {}
    return "".join(str(child) for child in element.children).strip()


def page_previews(docname: str, html: str) -> dict[str, Any] | None:
    """What one built page gives the previews: its glossary terms, its
    bibliography entries, the ``¶N`` references it makes to other pages, and
    the text of each of its elements a reference may point at (an id starting
    with ``p``, as the fragment of a ``#p…`` link does); ``None`` for a page
    with none of these."""
    from bs4 import BeautifulSoup

    if not RELEVANT.search(html):
        return None
    soup = BeautifulSoup(html, "html.parser")
    page = f"{docname}.html"
    terms: dict[str, dict[str, str]] = {}
    for term in soup.select("dl.glossary > dt[id]"):
        definition = term.find_next_sibling("dd")
        if definition is None:
            continue
        headword = term.find_all(string=True, recursive=False)
        _clean(term)
        terms[f"{page}#{term['id']}"] = {
            "term": " ".join(term.get_text().split()) or "".join(headword),
            "html": _rebase(definition.__copy__(), page),
        }
    citations = {
        f"{page}#{entry['id']}": _rebase(entry.find("p"), page)
        for entry in soup.select("div.citation[id]")
        if entry.find("p") is not None
    }
    wanted = []
    for link in soup.select("a.reference.internal[href*='#p']"):
        if PARAGRAPH_REF.fullmatch(link.get_text().strip()):
            target = built_pages.from_root(page, link["href"])
            if target.split("#")[0] != page:
                wanted.append(target)
    texts: dict[str, str] = {}
    for element in soup.find_all(id=re.compile("^p")):
        if element["id"] not in texts:  # the first, as find(id=…) gives
            element = element.__copy__()
            _clean(element)
            texts[element["id"]] = " ".join(element.get_text().split())
    return {
        "terms": terms,
        "citations": citations,
        "wanted": sorted(set(wanted)),
        "texts": texts,
    }


def preview_data(pages: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Terms, bibliography entries and cross-page paragraphs, keyed by their
    address from the root, from each page's ``page_previews``."""
    terms: dict[str, dict[str, str]] = {}
    citations: dict[str, str] = {}
    wanted: set[str] = set()
    for found in pages.values():
        terms.update(found["terms"])
        citations.update(found["citations"])
        wanted.update(found["wanted"])
    paragraphs = {}
    for key in sorted(wanted):
        path, _, fragment = key.partition("#")
        page = pages.get(path.removesuffix(".html"))
        if page is not None and fragment in page["texts"]:
            paragraphs[key] = page["texts"][fragment]
    return {
        "terms": dict(sorted(terms.items())),
        "citations": dict(sorted(citations.items())),
        "paragraphs": paragraphs,
    }


def write_assets(app: Sphinx, exception: Exception | None) -> None:
    """Copy Floating UI; write the preview data."""
    if exception is not None or app.builder.name != "html":
        return
    static = Path(app.outdir, "_static")
    (static / VENDOR).mkdir(parents=True, exist_ok=True)
    for path in FLOATING_UI:
        if path.is_file():
            shutil.copyfile(path, static / VENDOR / path.name)
    found = built_pages.per_page(
        app, "previews", "", built_pages.pages(app), page_previews
    )
    data = preview_data({d: page for d, page in found.items() if page is not None})
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    (static / DATA).write_text(f"window.bookPreviewData = {text};\n", encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Add the script and style; write the data at the end of the build."""
    app.connect("builder-inited", add_assets)
    app.connect("build-finished", write_assets)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
