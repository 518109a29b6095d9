"""A rebuild is the same book: incremental output == clean output, byte for byte.

For each language, a copy of the small test book (the book's configuration
and every extension on two short chapters, ``tests/helpers/small_book.py``)
is built; then each edit a contributor makes (nothing, an annotation, a
glossary entry, an English catalogue entry, references.bib) is made in turn
and the output rebuilt on the last one, and compared file by file with a
clean build of the same tree (``tests/helpers/rebuild.py``), with the speed
patches of ``tools/sphinxext/plumbing/speedups.py`` on.  In English, whose
output every one of the five edits reaches, a second chain runs beside it
with the patches off: it too must equal the clean build (the patches are
the same in both languages; the Chinese chain without them proved nothing
the English one does not, for six more builds).  After the last edit, each
chain's output and the clean build are also trimmed, on copies, as
``nox -s html`` trims the written site (``tools/trim_css.mjs``), and must
still be the same: the cut stylesheets and the pages whose ``?v=``/``?digest=``
links the trim rewrites (the clean build and both chains in one run of the
trim).  The failure names every file that differs.  The builds are forked
from servers that have imported Sphinx and the libraries once
(``tests/helpers/sphinx_fork.py``); the clean builds and each chain have a
server of their own, so that no two builds compared share a hash seed.

The whole test book runs the same chain once, in English (whose output every
one of the five edits reaches), with the speed patches on: each edit rebuilt
in turn, the rebuild after no change and the one after the last edit
compared with a clean build.

The same chain shows that a rebuild writes only what changed: nothing after
no change (not even the index pages), no interview page after a change to
the glossary alone, whose new words reach the previews' data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.rebuild import MARK, compare_rebuilds
from tests.helpers.small_book import make_small_book
from tools.lib import build

PREVIEWS = "_static/book-previews.js"
# The whole book's chain: a translation, whose output every edit reaches.
TRANSLATION = next(
    language for language in build.LANGUAGES if language != build.ORIGINAL
)


def what_the_rebuild_wrote(
    name: str, html: Path, written: set[str], speedups: bool
) -> list[str]:
    """Problems with the files one rebuild of the chain wrote (the index
    pages are kept by a speed patch, so only with the patches on)."""
    if name == "nothing" and speedups:
        index_pages = {"genindex.html", "search.html"}
        return [f"rewritten with nothing changed: {p}" for p in written & index_pages]
    if name == "a glossary entry":
        chapters = {p for p in written if p.startswith("interviews/")}
        found = [f"interview page rewritten: {p}" for p in sorted(chapters)]
        if MARK not in (html / PREVIEWS).read_text(encoding="utf-8"):
            found.append(f"{PREVIEWS} does not show the edited definition")
        return found
    return []


# Each language's chain may run in its own pytest-xdist worker.
@pytest.mark.parametrize(
    "language",
    [
        pytest.param(
            language,
            marks=[
                pytest.mark.xdist_group(f"test_rebuild-{language}"),
                pytest.mark.long,
            ],
        )
        for language in build.LANGUAGES
    ],
)
def test_a_rebuild_writes_the_files_a_clean_build_writes(
    tmp_path: Path, language: str
) -> None:
    found = compare_rebuilds(
        make_small_book(tmp_path / "book"),
        tmp_path / "out",
        language,
        after=what_the_rebuild_wrote,
        speedups=(True, False) if language == TRANSLATION else (True,),
        trimmed=True,
    )
    assert not found, "a rebuild differs from the clean build:\n" + "\n".join(found)


@pytest.mark.long
def test_a_rebuild_of_the_whole_book_is_the_clean_build(
    book_copy: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    found = compare_rebuilds(
        book_copy,
        tmp_path_factory.mktemp("out"),
        TRANSLATION,
        after=what_the_rebuild_wrote,
        speedups=(True,),
        every_edit=False,
    )
    assert not found, "a rebuild differs from the clean build:\n" + "\n".join(found)
