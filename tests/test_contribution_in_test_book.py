"""The test book carries a contribution in its natural places.

``make_test_book`` (tests/helpers/book.py, ``add_contribution``) adds to
the real book what a stranger's content pull request adds
(tests/fixtures/contribution): a reference in ``references.bib``, glossary
entries in the middle of the glossary, an annotation on a paragraph of a
finished chapter that cites the reference and links an entry, and the
English of all of them.  Every content-sensitive test (search, previews,
counts, editions, ``nox -s check``) therefore runs on a book with such a
contribution, at no extra build: the proof that no test fails because
content was added where it belongs.  These tests make sure that the proof
cannot silently vanish: the contribution is in the sources and reaches both
editions of the built book.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.helpers.book import CONTRIBUTION, glossary_entry_starts
from tools import gettext_update
from tools.lib import interview

NOTE = yaml.safe_load((CONTRIBUTION / "annotation.yaml").read_text(encoding="utf-8"))
KEY = re.search(
    r"@\w+\{([^,]+),", (CONTRIBUTION / "references.bib").read_text(encoding="utf-8")
).group(1)
# The first headword of each fixture entry.
HEADWORDS = [
    block.splitlines()[0]
    for block in (CONTRIBUTION / "glossary.md")
    .read_text(encoding="utf-8")
    .split("\n\n")
    if block.strip()
]


def finished_chapter(book: Path) -> interview.Interview:
    """The chapter the annotation went to: the first that is not a draft."""
    return next(c for c in interview.chapters(book) if not c.draft)


def test_the_sources_carry_the_contribution(test_book: Path) -> None:
    bib = (test_book / "references.bib").read_text(encoding="utf-8")
    assert f"{{{KEY}," in bib
    # the entries stand together in the middle of the glossary
    lines = (test_book / "docs" / "glossary.md").read_text(encoding="utf-8")
    lines = lines.splitlines(keepends=True)
    starts = [lines[i].rstrip("\n") for i in glossary_entry_starts(lines)]
    at = [starts.index(word) for word in HEADWORDS]
    assert at == list(range(at[0], at[0] + len(at))), at
    assert len(starts) // 4 < at[0] < len(starts) * 3 // 4, (at, len(starts))
    # the annotation: its marker ends the chapter's first paragraph
    chapter = finished_chapter(test_book)
    first = chapter.paragraphs()[0]
    marker = f"[^{NOTE['label']}]"
    assert first.markup.endswith(marker), first.markup
    assert f"\n{marker}: {NOTE['body']}\n" in chapter.text
    # its English: the changed paragraph and the note, translated, not fuzzy
    english = test_book / "locales" / "en" / "LC_MESSAGES"
    catalog = gettext_update.read(english / "interviews" / f"{chapter.slug}.po")
    paragraph = catalog.get(first.markup)
    assert paragraph and paragraph.string.endswith(marker), paragraph
    assert not paragraph.fuzzy
    assert catalog.get(NOTE["body"]).string == NOTE["body_en"]
    glossary = gettext_update.read(english / "glossary.po")
    for word in HEADWORDS:
        assert glossary.get(word) is not None, word


@pytest.mark.parametrize("edition", ["", "en"])
def test_the_built_book_shows_the_contribution(
    test_book: Path, built_book: Path, edition: str
) -> None:
    """The note beside the paragraph in both editions, in the edition's
    language, its citation and glossary link resolved."""
    root = built_book / edition if edition else built_book
    chapter = finished_chapter(test_book)
    html = (root / "interviews" / f"{chapter.slug}.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    anchor = soup.find(id=f"note-{NOTE['label']}")
    assert anchor is not None, f"no note-{NOTE['label']} in {chapter.slug}.html"
    assert anchor.find_parent("p", id="p1") is not None, "not beside ¶1"
    note = anchor.find_parent(class_="sidenote")
    text = note.get_text("")
    assert ("Editors' note" in text) == bool(edition), text
    links = [a["href"] for a in note.select("a[href]")]
    assert any("bibliography.html#" in href for href in links), links
    headword = NOTE["body"].split("{term}`")[1].split("`")[0]
    glossary = BeautifulSoup(
        (root / "glossary.html").read_text(encoding="utf-8"), "html.parser"
    )
    for link in glossary.select("dl.glossary dt a.headerlink"):
        link.decompose()
    term = next(
        dt for dt in glossary.select("dl.glossary dt") if dt.get_text("") == headword
    )
    assert any(href.endswith(f"glossary.html#{term['id']}") for href in links), links
