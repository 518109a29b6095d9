"""Citable ids stay put when content is inserted elsewhere.

Paragraphs, headings, speaker turns, glossary terms and annotations are the
units readers cite.  A heading and a glossary entry are inserted at the top of
a copy of the book; every citable id of the original must still be there,
on the same element.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from tests.helpers.book import EDITED, SLUGS, run_sphinx
from tests.helpers.support import insert_glossary_entry

PAGES = (
    *(f"interviews/{slug}.html" for slug in SLUGS),
    "glossary.html",
    "index.html",
    "principles.html",
)
SERIAL = re.compile(r"(id|term-|index-|footnote-reference-|sidenote-role-)\d+$|^$")


def citable_ids(html_dir: Path) -> dict[str, dict[str, str]]:
    """Per page: every non-serial id and the text of the element carrying it."""
    ids = {}
    for name in PAGES:
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
    built_book: Path, book_copy: Path
) -> None:
    before = citable_ids(built_book)
    for slug in SLUGS:
        assert {"p1", "q1", "a1", slug} <= before[f"interviews/{slug}.html"].keys()
    assert sum(len(before[f"interviews/{slug}.html"]) for slug in SLUGS) > 100
    assert any(i.startswith("term-") for i in before["glossary.html"])

    chapter = book_copy / "docs" / "interviews" / f"{EDITED}.md"
    text = chapter.read_text(encoding="utf-8")
    lead = f"{{#{EDITED}-lead .editorial}}"
    chapter.write_text(
        text.replace(
            lead,
            f"{{#inserted .editorial}}\n## 新插入的标题\n\n{lead}",
            1,
        ),
        encoding="utf-8",
    )
    insert_glossary_entry(
        book_copy, "阿尔法词条", "alpha entry", definition="新插入的词条。"
    )
    result = run_sphinx(book_copy, book_copy / "_build", jobs="auto")
    assert result.returncode == 0, result.stderr
    after = citable_ids(book_copy / "_build" / "html")

    for name in PAGES:
        moved = {i: t for i, t in before[name].items() if after[name].get(i) != t}
        assert not moved, f"{name}: ids lost or moved to other text: {moved}"
    assert "inserted" in after[f"interviews/{EDITED}.html"]
    assert "term-alpha-entry" in after["glossary.html"]
