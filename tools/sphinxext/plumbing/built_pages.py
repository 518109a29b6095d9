"""Read the built HTML pages of the web edition, once the build has written them.

The previews (``previews``) and the Web Annotations (``web_annotations``) are
made from what readers get: the text of the built pages, with the citations
resolved, the sidenotes in place and the translation applied.  Both are
written at ``build-finished`` from every page in the output folder, so an
incremental build, which rewrites only some pages, writes the same files as
a clean one.  ``per_page()`` lets a rebuild read only the pages it
rewrote: what is read off each page is kept, with the page's digest, for
the next build.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def page_path(app: Sphinx, docname: str) -> Path:
    return Path(app.outdir, f"{docname}.html")


def pages(app: Sphinx) -> dict[str, Path]:
    """docname -> built page, for every document of the book, in order."""
    found = {d: page_path(app, d) for d in sorted(app.env.found_docs)}
    return {d: p for d, p in found.items() if p.is_file()}


def from_root(page: str, href: str) -> str:
    """``href`` on ``page`` (both relative to the edition's root) from the root."""
    if "://" in href or href.startswith(("mailto:", "data:")):
        return href
    path, _, fragment = href.partition("#")
    target = (
        posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if path
        else page
    )
    return f"{target}#{fragment}" if fragment else target


def per_page(
    app: Sphinx,
    name: str,
    version: str,
    paths: dict[str, Path],
    read: Callable[[str, str], Any],
) -> dict[str, Any]:
    """``read(key, html)`` for every page of ``paths``, in their order.

    A page whose bytes are those of the last build gets what was read off it
    then, from ``book-<name>.json`` in the doctree folder; only the pages a
    rebuild rewrote are read again.  ``version`` names the configuration the
    result depends on; with the digest of the book's code (``code``), a new
    one forgets every page.  Every result goes through JSON, kept or not, so
    a rebuild's values are exactly a clean build's.
    """
    cache = Path(app.doctreedir, f"book-{name}.json")
    version = f"{code(app)} {version}"
    try:
        kept = json.loads(cache.read_text(encoding="utf-8"))
        pages = kept["pages"] if kept["version"] == version else {}
    except (OSError, ValueError, KeyError, TypeError):
        pages = {}
    if not isinstance(pages, dict):
        pages = {}
    results: dict[str, Any] = {}
    fresh: dict[str, list] = {}
    for key, path in paths.items():
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        entry = pages.get(key)
        if not (isinstance(entry, list) and len(entry) == 2 and entry[0] == sha):
            html = data.decode("utf-8", errors="replace")
            value = json.dumps(read(key, html), ensure_ascii=False)
            entry = [sha, json.loads(value)]
        results[key] = entry[1]
        fresh[key] = entry
    if fresh != pages:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(
            json.dumps({"version": version, "pages": fresh}, ensure_ascii=False),
            encoding="utf-8",
        )
    return results


def code(app: Sphinx) -> str:
    """The digest of the book's code (``tools/``, every file): what a reader
    makes of a page may depend on any of it.  The ``incremental`` extension
    keeps it as ``book_code_digest``; a small site without it computes it."""
    if "book_code_digest" in app.config and app.config.book_code_digest:
        return app.config.book_code_digest
    from tools.sphinxext.plumbing.incremental import code_digest

    return code_digest()


def inputs_digest(parts: list[str | bytes]) -> str:
    """One sha256 over ``parts``, each length-prefixed."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()
