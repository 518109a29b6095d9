"""The import rules, one by one, on synthetic raw input."""

from __future__ import annotations

import pytest

from tests.helpers.samples import RAW
from tools.lib import rawtext


@pytest.mark.parametrize(
    "line",
    [
        "浙江大学药学院考研(浙江大学药学院考研科目)",
        "浙江大学药学院考研,浙江大学药学院考研科目",
        "北京大学化学考研（北京大学化学考研真题）",
        "某某大学药学院,某某大学药学院排名",
    ],
)
def test_seo_title_lines_are_debris(line: str) -> None:
    assert rawtext.is_seo_title(line)


@pytest.mark.parametrize(
    "line",
    [
        "谢昌谕与AI制药结缘要追溯到2018年。",
        "“(制药领域)如果想要在近期内看到比较大的研究成果,其实更依赖于传统计算和人工智能,而非量子计算。”",
        "雷峰网:数据问题一直是AI制药领域的痛点,已经成为目前制约AI药物研发的重要因素之一。",
        "AI制药(AIDD)",
    ],
)
def test_interview_lines_are_not_seo_titles(line: str) -> None:
    assert not rawtext.is_seo_title(line)


@pytest.mark.parametrize(
    "line", ["想获得更多考研相关资料", "获取更多AI制药资料", "了解更多"]
)
def test_teasers_are_debris(line: str) -> None:
    assert rawtext.is_teaser(line)


def test_a_sentence_about_more_is_not_a_teaser() -> None:
    assert not rawtext.is_teaser("想获得更多数据，就需要药企之间的合作。")


@pytest.mark.parametrize(
    "line", ["京ICP备14027590号", "粤ICP备12345678号-2", "沪ICP证000001号"]
)
def test_icp_footers_are_debris(line: str) -> None:
    assert rawtext.is_icp_footer(line)


def test_an_icp_mention_in_a_sentence_is_kept() -> None:
    assert not rawtext.is_icp_footer("网站须取得京ICP备案号才能上线。")


@pytest.mark.parametrize(
    ("raw", "edited"),
    [
        ("谢昌谕发现,相比量子计算,AI制药", "谢昌谕发现，相比量子计算，AI制药"),
        ("雷峰网:您早年间", "雷峰网：您早年间"),
        ("研究的?", "研究的？"),
        ("不够快;而AI模型", "不够快；而AI模型"),
        ("DrugFlow1.0,作为碳硅智慧", "DrugFlow1.0，作为碳硅智慧"),
        ("圆桌讨论环节上, 也得知MELLODDY", "圆桌讨论环节上，也得知MELLODDY"),
        ("太好了!", "太好了！"),
    ],
)
def test_marks_touching_chinese_become_full_width(raw: str, edited: str) -> None:
    assert rawtext.full_width_marks(raw) == edited


@pytest.mark.parametrize(
    "latin",
    [
        "1,000 structures",
        "at 10:30",
        "Machine Learning Ledger Orchestration for Drug Discovery",
        "AI+量子",
        "Is it? Yes; it is, really!",
    ],
)
def test_latin_text_keeps_its_marks(latin: str) -> None:
    assert rawtext.full_width_marks(latin) == latin


@pytest.mark.parametrize(
    ("raw", "edited"),
    [
        (
            "Discovery(机器学习分类帐编排的药物发现)。",
            "Discovery（机器学习分类帐编排的药物发现）。",
        ),
        (
            "Janssen Pharmaceutica NV(杨森制药)是",
            "Janssen Pharmaceutica NV（杨森制药）是",
        ),
        ("“(制药领域)如果", "“（制药领域）如果"),
        ("AI制药(AIDD)领域", "AI制药（AIDD）领域"),
        ("the model (see Fig. 1) works", "the model (see Fig. 1) works"),
    ],
)
def test_parentheses_convert_as_a_pair(raw: str, edited: str) -> None:
    assert rawtext.full_width_parentheses(raw) == edited


def test_an_unmatched_parenthesis_is_left_alone() -> None:
    assert rawtext.full_width_parentheses("见上文(未闭合") == "见上文(未闭合"


def test_clean_drops_debris_and_reports_it() -> None:
    cleaned = rawtext.clean(RAW)
    assert [r.line for r in cleaned.removed] == [1, 3, 17, 19]
    assert [r.rule for r in cleaned.removed] == [
        "is_seo_title",
        "is_seo_title",
        "is_teaser",
        "is_icp_footer",
    ]
    assert cleaned.paragraphs[0] == rawtext.Paragraph(5, "导语第一段，介绍受访者。")
    assert len(cleaned.paragraphs) == 6
    report = cleaned.report()
    assert "line 1 [is_seo_title]" in report
    assert "- 雷峰网:第一个问题?" in report
    assert "+ 雷峰网：第一个问题？" in report


def test_split_turns_follows_labels_and_continues_unlabelled_paragraphs() -> None:
    paragraphs = rawtext.clean(RAW).paragraphs
    turns = rawtext.split_turns(paragraphs, "雷峰网", "受访者")
    assert [(t.role, t.speaker, len(t.paragraphs)) for t in turns] == [
        ("narration", None, 1),
        ("question", "雷峰网", 1),
        ("answer", "受访者", 2),
        ("question", "雷峰网", 1),
        ("answer", "受访者", 1),
    ]


def test_a_label_of_someone_else_does_not_open_a_turn() -> None:
    paragraphs = [
        rawtext.Paragraph(1, "雷峰网：问题？"),
        rawtext.Paragraph(2, "旁人：插话。"),
    ]
    turns = rawtext.split_turns(paragraphs, "雷峰网", "受访者")
    assert [(t.role, len(t.paragraphs)) for t in turns] == [("question", 2)]
