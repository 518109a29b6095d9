"""The scholarly apparatus: references, glossary links and annotations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from tests.helpers.book import SLUGS, facts
from tools import contribution_rules
from tools.lib import interview
from tools.lib.markup import CITE, TERM
from tools.sphinxext.apparatus import bib_check
from tools.sphinxext.text import series

ROOT = Path(__file__).resolve().parent.parent
BIB = ROOT / "references.bib"
DOCS = ROOT / "docs"


def markdown() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in DOCS.rglob("*.md")}


def cited_keys() -> set[str]:
    keys = set()
    for text in markdown().values():
        for group in CITE.findall(text):
            keys |= {key.strip() for key in group.split(",")}
    # the series list cites the sources of each row (tools/sphinxext/text/series.py)
    for entry in series.read(DOCS / "series.yaml"):
        keys |= set(entry["seen"])
    return keys


def test_bibliography_parses_and_every_entry_keeps_the_rules() -> None:
    assert parse_file(str(BIB)).entries
    assert bib_check.problems(BIB) == []


def test_every_reference_is_cited_and_every_citation_exists() -> None:
    entries = set(parse_file(str(BIB)).entries)
    cited = cited_keys()
    assert entries - cited == set(), "entries cited nowhere in the book"
    assert cited - entries == set(), "citations with no entry in references.bib"


def test_required_works_are_in_the_bibliography() -> None:
    dois = {
        entry.fields.get("doi", "").lower()
        for entry in parse_file(str(BIB)).entries.values()
    }
    for doi in (
        "10.1038/s41586-021-03819-2",  # AlphaFold2, Jumper et al. 2021
        "10.1126/science.ade2574",  # ESMFold, Lin et al. 2023
        "10.1021/acs.jcim.3c00799",  # MELLODDY, Heyndrickx et al.
        "10.1126/science.add2187",  # ProteinMPNN
        "10.1038/s41586-023-06415-8",  # RFdiffusion
    ):
        assert doi in dois, doi


def glossary_entries(docs: Path = DOCS) -> list[list[str]]:
    """The term lines of each glossary entry of the book whose sources are
    in ``docs`` (a chapter of the test book is checked against the test
    book's glossary, which has the fixture entries)."""
    text = (docs / "glossary.md").read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    entries, current = [], []
    for line in block.splitlines():
        if not line.strip():
            if current:
                entries.append(current)
                current = []
        elif not line.startswith(" ") and not line.startswith(":"):
            current.append(line.strip())
        elif current and line.startswith(" "):
            entries.append(current)
            current = []
    return [entry for entry in entries if entry]


def test_every_glossary_entry_is_used() -> None:
    linked = set()
    for text in markdown().values():
        linked |= set(TERM.findall(text))
    unused = [entry[0] for entry in glossary_entries() if not set(entry) & linked]
    assert unused == [], f"glossary entries linked from nowhere: {unused}"


def apparatus_applies(chapter: interview.Interview) -> None:
    """Skip, saying why, for a draft: its apparatus follows in later pull requests."""
    if chapter.draft:
        pytest.skip(
            f"{chapter.slug} is a draft (status: draft); the apparatus minimums "
            "apply once the status line is removed"
        )


def unlinked_terms(text: str, markup: str, docs: Path = DOCS) -> list[str]:
    """Glossary terms in an interview's ``text`` that its ``markup`` never links."""
    linked = set(TERM.findall(markup))
    return [
        term
        for entry in glossary_entries(docs)
        for term in entry
        if not term.isascii() and term in text and not set(entry) & linked
    ]


@pytest.mark.parametrize("slug", SLUGS)
def test_a_glossary_term_in_a_chapter_is_linked_at_least_once(
    test_chapters: dict, slug: str
) -> None:
    chapter = test_chapters[slug]
    apparatus_applies(chapter)
    text = "\n".join(p.text for p in chapter.paragraphs())
    unlinked = unlinked_terms(text, chapter.text, chapter.root / "docs")
    assert unlinked == [], f"{slug}: in the glossary but never linked: {unlinked}"


@pytest.mark.parametrize("slug", SLUGS)
def test_the_glossary_rule_finds_an_unlinked_term(
    test_chapters: dict, slug: str
) -> None:
    """In every chapter, a draft too: unlink one term and the rule names it."""
    chapter = test_chapters[slug]
    text = "\n".join(p.text for p in chapter.paragraphs())
    target = next(
        t for t in TERM.findall(chapter.text) if not t.isascii() and t in text
    )
    docs = chapter.root / "docs"
    entry = next(e for e in glossary_entries(docs) if target in e)
    unlinked = re.sub(
        r"\{term\}`(?:([^`<]*?)\s*<)?(" + "|".join(map(re.escape, entry)) + r")>?`",
        lambda m: m.group(1) or m.group(2),
        chapter.text,
    )
    assert target in unlinked_terms(text, unlinked, docs)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_chapter_has_enough_sourced_annotations(
    test_chapters: dict, slug: str
) -> None:
    chapter = test_chapters[slug]
    notes = re.findall(r"^\[\^([a-z0-9-]+)\]:", chapter.text, re.M)
    assert len(set(notes)) == len(notes), f"{slug}: an annotation label repeats"
    apparatus_applies(chapter)
    # the minimum is the chapter's own (its facts file), not one number for
    # every interview of the series
    minimum = facts(slug)["annotations"]
    assert len(notes) >= minimum, (
        f"{slug}: {len(notes)} annotations, fewer than the {minimum} of its facts "
        "file (tests/fixtures); a finished chapter keeps its annotations"
    )


def test_the_test_book_meets_the_contribution_rules(test_book: Path) -> None:
    """The fixture chapter, a draft, is held to every rule that is not a minimum."""
    assert [str(p) for p in contribution_rules.check(test_book)] == []


def test_the_book_meets_the_contribution_rules() -> None:
    assert [str(p) for p in contribution_rules.check()] == []


def test_an_unsourced_annotation_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "正文[^ok][^bad][^judgement]。\n\n"
        "[^ok]: 有出处 {cite:p}`jumper2021highly`。\n"
        "[^bad]: AlphaFold2 预测了两亿个结构。\n"
        "[^judgement]: 编者按：此处似有脱字。\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in contribution_rules.unsourced_annotations(page)]
    assert len(problems) == 1
    assert problems[0].endswith(
        "page.md:4: annotation [^bad] states no source: cite the work it rests on "
        "with {cite:p}`key` (add the work to references.bib), link the passage with "
        "{ref}`chapter-pN`, or, if it is the editors' judgement and states no fact, "
        "open it with 编者按："
    )


def test_raw_html_is_refused_outside_code(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "正文。\n\n<script>alert(1)</script>\n\n```html\n<p>示例</p>\n```\n\n行内 `<b>` 可以。\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in contribution_rules.raw_html(page)]
    assert len(problems) == 1 and "page.md:3: raw HTML '<script>'" in problems[0]
