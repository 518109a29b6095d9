"""A rebuild is the same book: incremental output == clean output, byte for byte.

For each language, a copy of the book is built; then each edit a contributor
makes (nothing, an annotation, a glossary entry, an English catalogue entry,
references.bib) is made in turn and the output rebuilt on the last one, and
compared file by file with a clean build of the same tree
(``tests/helpers/rebuild.py``).  The failure names every file that differs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.rebuild import compare_rebuilds
from tools import build


@pytest.mark.parametrize("language", list(build.LANGUAGES))
def test_a_rebuild_writes_the_files_a_clean_build_writes(
    book_copy: Path, tmp_path_factory: pytest.TempPathFactory, language: str
) -> None:
    found = compare_rebuilds(book_copy, tmp_path_factory.mktemp("out"), language)
    assert not found, "a rebuild differs from the clean build:\n" + "\n".join(found)
