"""CONTRIBUTING.md's “Adding a new interview”, followed end to end.

``tests/helpers/book.py`` adds the fixture interview to the test book exactly
as the guide says (raw source and checksum, the importer, the front matter,
glossary links and annotations, the toctree, a catalogue); here each step's
result is checked, and the build of the book with it passes in HTML (both
languages, ``built_book``), PDF and EPUB (``tests/test_editions.py``, per
chapter).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.helpers.book import FIXTURE_INTERVIEWS, fixture_slugs
from tools import contribution_rules
from tools.lib import fidelity

CONTRIBUTING = Path(__file__).resolve().parent.parent / "CONTRIBUTING.md"


@pytest.fixture(params=fixture_slugs())
def slug(request: pytest.FixtureRequest) -> str:
    return request.param


def test_the_guide_describes_the_steps_the_test_follows() -> None:
    guide = CONTRIBUTING.read_text(encoding="utf-8")
    section = guide.split("## 7. ", 1)[1].split("\n## ", 1)[0]
    for step in (
        "sources/<name>.txt",
        "python -m tools.raw_sources sources/<name>.txt",
        "python -m tools.import_interview",
        "status: draft",
        "interviewee_label_en",
        "toctree",
        "nox -s gettext",
    ):
        assert step in section, step


def test_the_raw_source_is_kept_with_its_checksum(test_book: Path, slug: str) -> None:
    raw = test_book / "sources" / f"{slug}.txt"
    assert raw.read_bytes() == (FIXTURE_INTERVIEWS / slug / "source.txt").read_bytes()
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    table = (test_book / "sources" / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^\| `{raw.name}` \|.*\| `{digest}` \|$", table, re.M)


def test_the_imported_chapter_is_faithful_and_keeps_the_rules(
    test_book: Path, test_chapters: dict, slug: str
) -> None:
    chapter = test_chapters[slug]
    assert chapter.source == test_book / "sources" / f"{slug}.txt"
    assert chapter.draft, "an imported chapter starts as a draft"
    assert all(s.label and s.label_en for s in chapter.speakers)
    assert [p.text for p in chapter.paragraphs()] == chapter.expected()
    assert fidelity.check_sources(test_book) == []
    assert [str(p) for p in contribution_rules.check(test_book)] == []
    # the page debris is gone, the punctuation full width
    raw = chapter.source.read_text(encoding="utf-8")
    assert "ICP" in raw and "ICP" not in chapter.text
    assert "," in raw and "," not in "".join(chapter.expected())


def test_the_chapter_is_in_the_toctree_and_has_a_catalogue(
    test_book: Path, slug: str
) -> None:
    index = (test_book / "docs" / "index.md").read_text(encoding="utf-8")
    assert f"\ninterviews/{slug}\n" in index
    po = test_book / "locales" / "en" / "LC_MESSAGES" / "interviews" / f"{slug}.po"
    assert po.is_file()


def test_the_importer_refuses_to_overwrite_a_chapter(
    test_book: Path, test_chapters: dict, slug: str
) -> None:
    from tools import import_interview

    chapter = test_chapters[slug]
    with pytest.raises(SystemExit):
        import_interview.main(
            [
                str(chapter.source),
                "--interviewee",
                chapter.speakers[1].label,
                "--slug",
                slug,
                "--output",
                str(chapter.path),
            ]
        )


def test_the_book_with_the_new_interview_builds(built_book: Path, slug: str) -> None:
    """The session's build (warnings are errors) holds the chapter in both languages."""
    for edition in (built_book, built_book / "en"):
        page = edition / "interviews" / f"{slug}.html"
        assert "interview-paragraph" in page.read_text(encoding="utf-8")
