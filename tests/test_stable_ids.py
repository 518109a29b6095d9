"""Citable ids stay put when content is inserted elsewhere.

Paragraphs, headings, speaker turns, glossary terms and annotations are the
units readers cite.  A heading and a glossary entry are inserted at the top of
a copy of the book; every citable id of the original must still be there,
on the same element.

On the small test book (the book's configuration and extensions on two
chapters, tests/helpers/small_book.py), built before and after the
insertion: what gives an element its id (tools/sphinxext/text/stable_ids.py,
the chapters' explicit ids) is the same whatever the book holds, and the
small book has every kind of citable unit (the guard below says so): a
chapter's sections, sub-section, paragraphs, turns and annotations, a page's
explicit section ids (its docs/principles.md) and the glossary's terms.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from tests.helpers.book import run_sphinx
from tests.helpers.support import insert_glossary_entry
from tools.lib import interview

#: How many citable ids a build of the small book has (measured).
IDS = 45
SERIAL = re.compile(r"(id|term-|index-|footnote-reference-|sidenote-role-)\d+$|^$")


def pages(book: Path) -> list[str]:
    """Every page of ``book``'s sources, as its HTML file's name."""
    docs = book / "docs"
    return sorted(
        str(page.relative_to(docs).with_suffix(".html"))
        for page in docs.rglob("*.md")
        if not page.relative_to(docs).parts[0].startswith("_")
    )


def citable_ids(html_dir: Path, names: list[str]) -> dict[str, dict[str, str]]:
    """Per page: every non-serial id and the text of the element carrying it."""
    ids = {}
    for name in names:
        soup = BeautifulSoup(
            (html_dir / name).read_text(encoding="utf-8"), "html.parser"
        )
        ids[name] = {
            tag["id"]: signature(tag)
            for tag in soup.select("article [id]")
            if not SERIAL.search(tag["id"])
        }
    return ids


def signature(tag) -> str:
    """What identifies an element: a section's heading, or its own text."""
    if tag.name == "section":
        tag = tag.find(re.compile(r"h[1-6]"))
    return " ".join(tag.get_text().split())[:80]


def test_inserting_content_moves_no_citable_id(
    small_book_copy: Path, tmp_path: Path
) -> None:
    book = small_book_copy
    names = pages(book)
    result = run_sphinx(book, tmp_path / "before", jobs="auto")
    assert result.returncode == 0, result.stderr
    before = citable_ids(tmp_path / "before" / "html", names)
    # Every kind of citable unit is there to be moved: each chapter's
    # sections, paragraphs, turns and annotations, the glossary's terms.
    chapters = [chapter.slug for chapter in interview.chapters(book)]
    assert len(chapters) >= 2
    for slug in chapters:
        ids = before[f"interviews/{slug}.html"].keys()
        assert {"p1", "q1", "a1", slug, f"{slug}-lead"} <= ids, ids
        assert any(i.startswith("note-") for i in ids), ids
    assert any(i.startswith("term-") for i in before["glossary.html"])
    # A page's explicit section ids and a chapter's sub-section (a question
    # heading with its own id) are units too.
    assert {
        "principles",
        "principles-verbatim",
        "principles-editorial",
        "principles-translation",
    } <= before["principles.html"].keys()
    assert "wang-fixture-structure" in before["interviews/wang-fixture.html"]
    # Ids lost wholesale would leave nothing to move: the small book has
    # about IDS of them (measured), and at least four in five must be there.
    total = sum(map(len, before.values()))
    assert total >= IDS * 4 // 5, f"{total} citable ids, not about {IDS}: {before}"

    edited = chapters[0]
    chapter = book / "docs" / "interviews" / f"{edited}.md"
    text = chapter.read_text(encoding="utf-8")
    lead = f"{{#{edited}-lead .editorial}}"
    assert text.count(lead) == 1
    chapter.write_text(
        text.replace(lead, f"{{#inserted .editorial}}\n## 新插入的标题\n\n{lead}"),
        encoding="utf-8",
    )
    insert_glossary_entry(
        book, "阿尔法词条", "alpha entry", definition="新插入的词条。"
    )
    # a new interpreter: an id that hung on the hash seed would move
    result = run_sphinx(book, tmp_path / "after", jobs="auto", fresh=True)
    assert result.returncode == 0, result.stderr
    after = citable_ids(tmp_path / "after" / "html", names)

    for name in names:
        moved = {i: t for i, t in before[name].items() if after[name].get(i) != t}
        assert not moved, f"{name}: ids lost or moved to other text: {moved}"
    assert "inserted" in after[f"interviews/{edited}.html"]
    assert "term-alpha-entry" in after["glossary.html"]
