"""The interview model (tools/lib/interview.py): one reader of a chapter for everyone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.lib import interview

CHAPTER = """\
---
interview:
  interviewer: 问者
  interviewer_label_en: Asker
  interviewee: 答者
  status: draft
  source: sources/raw.txt
---

# 标题

不在访谈里的段落。

:::{turn} question
问者：{term}`联邦学习`呢？[^q]
:::

:::{turn} answer
答者：{term}`数据的隐私 <数据隐私>`，`code`。

第二段。
:::

[^q]: 注释。
"""


@pytest.fixture
def chapter(tmp_path: Path) -> interview.Interview:
    (tmp_path / "docs" / "interviews").mkdir(parents=True)
    path = tmp_path / "docs" / "interviews" / "wen-da.md"
    path.write_text(CHAPTER, encoding="utf-8")
    (tmp_path / "sources").mkdir()  # raw texts live there (tools/lib/confine.py)
    (tmp_path / "sources" / "raw.txt").write_text(
        "问者:联邦学习呢?\n答者:数据的隐私,code。\n第二段。\n", encoding="utf-8"
    )
    return interview.Interview(path, tmp_path)


def test_paragraphs_are_read_with_the_myst_parser(chapter) -> None:
    assert [(p.line, p.role, p.text) for p in chapter.paragraphs()] == [
        (15, "question", "问者：联邦学习呢？"),
        (19, "answer", "答者：数据的隐私，code。"),
        (21, "answer", "第二段。"),
    ]
    assert chapter.paragraphs()[0].markup == "问者：{term}`联邦学习`呢？[^q]"


def test_expected_paragraphs_come_from_the_raw_source(chapter) -> None:
    assert chapter.expected() == [p.text for p in chapter.paragraphs()]


def test_speakers_status_and_labels_come_from_the_front_matter(chapter) -> None:
    interviewer, interviewee = chapter.speakers
    assert (interviewer.label, interviewer.label_en) == ("问者", "Asker")
    assert (interviewee.label, interviewee.label_en) == ("答者", None)
    assert interviewer.label_in("en") == "Asker: "
    assert interviewer.label_in("zh_CN") == "问者："
    assert interviewee.label_in("en") is None  # no English label given
    assert chapter.draft
    assert chapter.slug == "wen-da" and chapter.docname == "interviews/wen-da"
    assert chapter.label(7) == "wen-da-p7"
    assert interview.without_label("答者：好。", chapter.meta) == "好。"
    assert interview.speaker_of_turn(chapter.meta, "narration") is None


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            "---\ninterview:\n  title: [unclosed\n---\n",
            "docs/interviews/wen-da.md:4: the front matter is not valid YAML",
        ),
        ("---\ntitle: x\n---\n", "docs/interviews/wen-da.md:1: front matter has no"),
        (
            "---\ninterview:\n  interviewee: 答者\n---\n",
            "docs/interviews/wen-da.md:1: front matter has no 'interview.source'",
        ),
    ],
    ids=["bad-yaml", "no-mapping", "no-source"],
)
def test_a_bad_chapter_names_file_and_line(chapter, front: str, message: str) -> None:
    chapter.path.write_text(front, encoding="utf-8")
    fresh = interview.Interview(chapter.path, chapter.root)
    with pytest.raises(interview.InterviewError) as raised:
        fresh.expected()
    assert str(raised.value).startswith(message), raised.value


def test_a_finished_chapter_is_not_a_draft() -> None:
    assert not interview.is_draft({"status": "published"})
    assert not interview.is_draft({})
    assert not interview.is_draft(None)


@pytest.mark.parametrize(
    ("slug", "allowed"),
    [
        ("xie-changyu", True),
        ("chen-fixture", True),
        ("bench-01-xie-changyu", True),
        ("Wang-Xiaoming", False),
        ("wang_xiaoming", False),
        ("wang--xiaoming", False),
        ("-wang", False),
        ("谢昌谕", False),
        ("x}}\\input{y}{x", False),
    ],
)
def test_a_chapter_file_name_is_lowercase_ascii_words(slug: str, allowed: bool) -> None:
    problem = interview.slug_problem(slug)
    assert (problem is None) == allowed
    if problem:
        assert repr(slug) in problem and "rename the file" in problem
