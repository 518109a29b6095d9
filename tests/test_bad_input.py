"""Broken input fails the build with a message naming the file and the problem.

Each case breaks a private copy of the real book in one way and builds it
with the project's strict flags.  The build must fail (no half-built book is
accepted) and its warning must say which file is at fault and what is wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.book import EDIT, EDITED_CHAPTER, run_sphinx

CHAPTER = EDITED_CHAPTER
SENTENCE = EDIT["opening"]
EDITED_SENTENCE = SENTENCE.replace(EDIT["word"], EDIT["replacement"], 1)


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = {
    "undefined term": (
        lambda root: append(
            root / "docs/principles.md", "\n见{term}`不存在的术语`。\n"
        ),
        "docs/principles.md",
        "term not in glossary: '不存在的术语'",
    ),
    "unknown citation key": (
        lambda root: append(
            root / "docs/principles.md", "\n见{cite:p}`nobody2099nothing`。\n"
        ),
        "docs/principles.md",
        "could not find bibtex key",
    ),
    "broken cross-reference": (
        lambda root: append(
            root / "docs/principles.md", "\n见{ref}`no-such-label`。\n"
        ),
        "docs/principles.md",
        "undefined label: 'no-such-label'",
    ),
    "missing footnote definition": (
        lambda root: replace(root / CHAPTER, SENTENCE, SENTENCE + "[^never-defined]"),
        CHAPTER,
        "annotation [^never-defined] is referenced here but never defined",
    ),
    "malformed references.bib": (
        lambda root: append(
            root / "references.bib",
            "\n@article{broken2024entry,\n  title = {Unclosed\n",
        ),
        "references.bib",
        "syntax error in line",
    ),
    "edited interview sentence": (
        lambda root: replace(root / CHAPTER, SENTENCE, EDITED_SENTENCE),
        CHAPTER,
        f"interview text ¶{EDIT['paragraph']} differs from the source: replace "
        f"source {EDIT['word']!r} -> edition {EDIT['replacement']!r}",
    ),
    "raw script in a chapter": (
        lambda root: replace(
            root / CHAPTER, "## 对话\n", "## 对话\n\n<script>alert('x')</script>\n"
        ),
        CHAPTER,
        "raw html is not allowed in the book",
    ),
    "paragraph added to the interview": (
        lambda root: replace(
            root / CHAPTER, SENTENCE, "编者插入的一句话。\n\n" + SENTENCE
        ),
        CHAPTER,
        "is preceded by a paragraph that is not in the source: '编者插入的一句话。'",
    ),
    "bib entry without doi or url": (
        lambda root: append(
            root / "references.bib",
            "\n@article{nobody2020nothing,\n  title = {T}, journal = {J}, year = {2020},\n"
            "  verified = {never}\n}\n",
        ),
        "references.bib",
        "nobody2020nothing: give a doi or an https url",
    ),
    "heading without a stable id": (
        lambda root: append(
            root / "docs/principles.md", "\n## 没有编号的标题\n\n正文。\n"
        ),
        "docs/principles.md",
        "heading '没有编号的标题' has only a position-based id",
    ),
    "duplicate key in references.bib": (
        lambda root: append(
            root / "references.bib",
            "\n@article{jumper2021highly,\n  title = {Again}, doi = {10.1000/x},\n"
            "  verified = {test}\n}\n",
        ),
        "references.bib",
        "duplicate key 'jumper2021highly'",
    ),
    "glossary entry without an English term": (
        lambda root: replace(
            root / "docs/glossary.md",
            "```{glossary}\n",
            "```{glossary}\n孤立词条\n  没有英文名。\n\n",
        ),
        "docs/glossary.md",
        "glossary entry '孤立词条' has no English term line",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_fails_the_build_and_names_the_file(
    book_copy: Path, case: str
) -> None:
    break_it, culprit, message = CASES[case]
    break_it(book_copy)
    result = run_sphinx(book_copy, book_copy / "_build")
    assert result.returncode != 0, f"the build accepted: {case}"
    # file:line: message — the line number is part of the promise
    where = re.compile(re.escape(str(book_copy / culprit)) + r":\d+: ")
    assert any(
        where.search(line) and message in line for line in result.stderr.splitlines()
    ), f"no warning names {culprit}:LINE with {message!r}:\n{result.stderr}"
