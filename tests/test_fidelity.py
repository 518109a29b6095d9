"""The fidelity guard finds every kind of change and says where."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.book import SLUGS
from tools import fidelity as fidelity_command
from tools.lib import fidelity, interview

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
    assert fidelity_command.main(["--sources"]) == 0
    assert "match their sources" in capsys.readouterr().out


def marked_pdf(path: Path) -> Path:
    """Two pages as aipharmabook.sty marks them, in Helvetica.

    ¶1 "Hello world" on page 1; ¶2 from page 1 ("Second line") to page 2
    ("continues"), with a heading between them, a margin number, a running
    head, footnotes and folios around them.
    """
    from pypdf import PdfWriter
    from pypdf.generic import (
        DecodedStreamObject,
        DictionaryObject,
        Fit,
        NameObject,
    )

    pages = [
        {  # (x, y, text) and destination name -> y
            "text": [
                (40, 700, "\\266" + "1"),  # the margin number, ¶1
                (100, 700, "Hello"),
                (100, 686, "world"),
                (100, 660, "A heading"),
                (100, 640, "Second"),
                (100, 200, "line"),
                (100, 110, "1 A footnote"),
                (300, 40, "7"),
            ],
            "marks": {
                "x-p1": 700,
                "x-p1-end": 686,
                "x-p2": 640,
                "aipharmabook.notes.1": 120,
                "aipharmabook.foot.2": 40,
            },
        },
        {
            "text": [(100, 760, "8 Running head"), (100, 700, "continues")],
            "marks": {"aipharmabook.head.3": 760, "x-p2-end": 700},
        },
    ]
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    for number, spec in enumerate(pages):
        page = writer.add_blank_page(600, 800)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        content = DecodedStreamObject()
        content.set_data(
            "".join(
                f"BT /F1 10 Tf {x} {y} Td ({text}) Tj ET\n"
                for x, y, text in spec["text"]
            ).encode("latin-1")
        )
        page.replace_contents(content)
        for name, y in spec["marks"].items():
            writer.add_named_destination(name, number, Fit.xyz(100, y))
    writer.write(path)
    return path


def test_pdf_paragraph_is_the_text_between_its_destinations(tmp_path: Path) -> None:
    text = fidelity.PdfText(marked_pdf(tmp_path / "marked.pdf"))
    points = text.points
    assert text.between(points["x-p1"], points["x-p1-end"]) == "Helloworld"
    # Across the page: not the notes or the folio below the marks on page 1,
    # not the running head above the mark on page 2.
    assert text.between(points["x-p2"], points["x-p2-end"]) == "Secondlinecontinues"
