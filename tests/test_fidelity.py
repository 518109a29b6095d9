"""The fidelity guard finds every kind of change and says where."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SLUGS
from tools import fidelity, interview

SOURCE = ["第一段。", "第二段，有逗号。", "第三段。"]


def test_identical_text_passes() -> None:
    assert fidelity.compare(SOURCE, list(SOURCE), "x.md") == []


@pytest.mark.parametrize(
    ("found", "expected_message"),
    [
        (
            ["第一段。", "第二段，有句号。", "第三段。"],
            "x.md ¶2: differs from the source: replace source '逗' -> edition '句'",
        ),
        (
            ["第一段。", "第三段。"],
            "x.md ¶2: is missing from the edition; the source has '第二段，有逗号。'",
        ),
        (
            ["第一段。", "第二段，有逗号。", "编者的话。", "第三段。"],
            "x.md ¶3: is preceded by a paragraph that is not in the source: '编者的话。'",
        ),
        (
            ["第一段。", "第三段。", "第二段，有逗号。"],
            "x.md ¶3: is missing from the edition; the source has '第三段。'",
        ),
        (
            ["第一段。", "第二段,有逗号。", "第三段。"],
            "replace source '，' -> edition ','",
        ),
    ],
    ids=["changed", "lost", "added", "reordered", "half-width"],
)
def test_every_kind_of_change_is_reported(
    found: list[str], expected_message: str
) -> None:
    problems = fidelity.compare(SOURCE, found, "x.md")
    assert problems
    assert any(
        str(p).startswith(expected_message) or expected_message in str(p)
        for p in problems
    ), problems


def test_source_paragraphs_strip_only_the_editions_markup(tmp_path: Path) -> None:
    chapter = tmp_path / "c.md"
    chapter.write_text(
        "# 标题\n\n不在访谈里的段落。\n\n:::{turn} answer\n"
        "谢昌谕：{term}`联邦学习`等技术[^fl]能够保护{term}`数据的隐私 <数据隐私>`。\n\n"
        "第二段。\n:::\n\n[^fl]: 注释。\n",
        encoding="utf-8",
    )
    assert fidelity.source_paragraphs(chapter) == [
        (6, "谢昌谕：联邦学习等技术能够保护数据的隐私。"),
        (8, "第二段。"),
    ]


def test_the_books_sources_match_their_raw_texts() -> None:
    assert [str(p) for p in fidelity.check_sources()] == []


@pytest.mark.parametrize("slug", SLUGS)
def test_a_changed_chapter_is_reported_with_file_and_line(
    test_book: Path, tmp_path: Path, slug: str
) -> None:
    """One changed character of any chapter, a draft too, names file, line and ¶."""
    book = Path(shutil.copytree(test_book, tmp_path / "book", symlinks=True))
    chapter = interview.Interview(book / "docs" / "interviews" / f"{slug}.md", book)
    number, paragraph = next(
        (n, p) for n, p in enumerate(chapter.paragraphs(), 1) if p.role == "answer"
    )
    lines = chapter.text.splitlines(keepends=True)
    original = lines[paragraph.line - 1]
    changed = (
        original.replace("，", ",", 1)
        if "，" in original
        else original.rstrip("\n") + "啊\n"
    )
    lines[paragraph.line - 1] = changed
    chapter.path.write_text("".join(lines), encoding="utf-8")
    problems = [str(p) for p in fidelity.check_sources(book)]
    assert len(problems) == 1, problems
    where = f"docs/interviews/{slug}.md:{paragraph.line} ¶{number}: differs"
    assert problems[0].startswith(where), problems[0]


def test_command_line_exit_status(capsys: pytest.CaptureFixture) -> None:
    assert fidelity.main(["--sources"]) == 0
    assert "match their sources" in capsys.readouterr().out
