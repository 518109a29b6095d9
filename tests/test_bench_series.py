"""The ten-chapter bench book is a book every guard accepts.

``nox -s bench -- --chapters N`` measures a synthetic book made by
``tools.lib.bench_series``; the bench is a report, not a test, so this test keeps
the book it measures valid: each copy has its own slug, speakers, raw source
and checksum row, and the contribution rules (fidelity guard included) pass.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tools import contribution_rules
from tools.lib import bench_series, build, interview


def test_a_synthetic_book_passes_the_contribution_rules(tmp_path: Path) -> None:
    book = bench_series.make_book(tmp_path / "book", 3)
    chapters = interview.chapters(book)
    assert len(chapters) == 3
    assert len({chapter.slug for chapter in chapters}) == 3
    assert len({chapter.speakers for chapter in chapters}) == 3
    readme = (book / "sources" / "README.md").read_text(encoding="utf-8")
    for chapter in chapters:
        digest = hashlib.sha256(chapter.source.read_bytes()).hexdigest()
        assert f"`{chapter.source.name}`" in readme
        assert digest in readme, chapter.source.name
    if (build.ROOT / "node_modules").is_dir():
        assert (book / "node_modules").resolve() == (build.ROOT / "node_modules")
    assert contribution_rules.check(book) == []
