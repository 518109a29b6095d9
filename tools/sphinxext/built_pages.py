"""Read the built HTML pages of the web edition, once the build has written them.

The previews (``previews``) and the Web Annotations (``web_annotations``) are
made from what readers get: the text of the built pages, with the citations
resolved, the sidenotes in place and the translation applied.  Both are
written at ``build-finished`` from every page in the output folder, so an
incremental build, which rewrites only some pages, writes the same files as
a clean one.  ``up_to_date()`` lets a rebuild that changed none of the pages
skip the work.
"""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def page_path(app: Sphinx, docname: str) -> Path:
    return Path(app.outdir, f"{docname}.html")


def pages(app: Sphinx) -> dict[str, Path]:
    """docname -> built page, for every document of the book, in order."""
    found = {d: page_path(app, d) for d in sorted(app.env.found_docs)}
    return {d: p for d, p in found.items() if p.is_file()}


def soup(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


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


def digest(paths: list[Path], version: str) -> str:
    """One digest of ``paths``' names and bytes and the maker's ``version``."""
    value = hashlib.sha256(version.encode())
    for path in paths:
        value.update(path.name.encode())
        value.update(path.read_bytes())
    return value.hexdigest()


def up_to_date(app: Sphinx, output: Path, value: str) -> bool:
    """Whether ``output`` was last made from inputs with the digest ``value``."""
    stamp = Path(app.doctreedir, f"{output.name}.sha256")
    return output.is_file() and stamp.is_file() and stamp.read_text() == value


def record(app: Sphinx, output: Path, value: str) -> None:
    """Remember that ``output`` was made from inputs with the digest ``value``."""
    stamp = Path(app.doctreedir, f"{output.name}.sha256")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(value)
