"""The small test book: the book's configuration and extensions on two short chapters.

``tests/roots/test-small-book`` (its README.md) holds the pages, the
bibliography, the catalogues and two invented interviews; ``make_small_book``
puts them beside the real book's ``conf.py``, ``tools/``, ``docs/_static/``
and ``docs/_templates/``, so that a build loads every extension with the
book's settings, and adds the interviews as an editor adds a chapter
(``add_interview``).  A property of the whole book that does not depend on
its size is tested here: a build takes a fraction of the test book's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers.book import ROOT, TESTS, add_interview, compile_catalogues

SMALL_BOOK = TESTS / "roots" / "test-small-book"
# The real book's parts that make its configuration: everything but its text.
BOOK_MACHINERY = ("conf.py", "tools", "docs/_static", "docs/_templates")


def make_small_book(dest: Path) -> Path:
    """The small test book in ``dest`` (created), its catalogues compiled."""
    for part in BOOK_MACHINERY:
        source, target = ROOT / part, dest / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(
                source, target, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, target)
    for part in ("docs", "locales", "sources", "references.bib"):
        source = SMALL_BOOK / part
        if source.is_dir():
            shutil.copytree(source, dest / part, dirs_exist_ok=True)
        else:
            shutil.copy2(source, dest / part)
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules")
    (dest / "docs" / "interviews").mkdir(exist_ok=True)
    (dest / "locales" / "en" / "LC_MESSAGES" / "interviews").mkdir(exist_ok=True)
    for fixture in sorted((SMALL_BOOK / "interviews").iterdir()):
        add_interview(dest, fixture)
    compile_catalogues(dest)
    return dest
