"""The glossary contribution rule, line by line on invented glossaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import contribution_rules
from tools.lib import glossary_rules

MESSAGE = (
    "glossary definition states a fact ({kind}) but gives no source: cite the "
    "work it rests on with {{cite:p}}`key`, link the passage with "
    "{{ref}}`chapter-pN`, open the line with 据访谈 if only the interview says "
    "it, or with 编者按： if it is the editors' own definition"
)


def glossary(*definitions: str) -> str:
    """A page with one glossary entry whose definition lines are given."""
    body = "\n".join(f"  {line}" for line in definitions)
    return f"# 术语表\n\n```{{glossary}}\n术语\nterm\n{body}\n```\n"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("2019 年，某项研究还原了训练数据。", "a date or a number"),
        ("参数规模扩大到 150 亿。", "a date or a number"),
        ("近 65% 的数据点相差超过 0.3 个对数单位。", "a date or a number"),
        ("由朱某（Ligeng Zhu）提出的攻击方法。", "a name"),
        ("麦克马汉（H. Brendan McMahan）提出的算法。", "a name"),
        ("这篇综述指出，量子计算机有可能绕开这一障碍。", "what a work showed"),
        ("项目启动时的新闻稿写道，杨森负责这一项目。", "what a work showed"),
        ("平台的在线文档称，它先用两种方法筛选。", "what a work showed"),
    ],
)
def test_a_stated_fact_without_a_source_is_refused(line: str, kind: str) -> None:
    assert list(glossary_rules.unsourced_definitions(glossary(line))) == [
        (6, MESSAGE.format(kind=kind))
    ]


@pytest.mark.parametrize(
    "line",
    [
        "2019 年，某项研究还原了训练数据 {cite:p}`zhu2019deep`。",
        "见正文 {ref}`xie-changyu-p25`：2022 年离开。",
        "据访谈，谢昌谕 2018 年回国。",
        "编者按：这一阶段的目标，通常是在 1 至 2 年内得到候选药物。",
        # no stated fact: a definition, numbers inside names, a plain noun
        "用人工智能方法辅助药物研发的各个环节，包括靶点发现。",
        "AlphaFold2、CASP14、IC50 和 DrugFlow1.0 都是名称。",
        "项目的简称（Machine Learning Ledger Orchestration for Drug Discovery）。",
        "靶点蛋白上能容纳小分子的区域，也称结合口袋；英文名称见上。",
    ],
)
def test_a_sourced_or_factless_definition_passes(line: str) -> None:
    assert list(glossary_rules.unsourced_definitions(glossary(line))) == []


def test_only_definition_lines_inside_a_glossary_block_are_read() -> None:
    page = (
        "正文里的 2019 年不是释义。\n\n"
        "```{glossary}\n"
        "2019年项目\n"  # a headword, not a definition
        "project 2019\n"
        "  一个项目。\n"
        "  它在 2019 年启动。\n"
        "```\n\n"
        "    2020 年（缩进的代码块，不在术语表中）\n"
    )
    assert [line for line, _ in glossary_rules.unsourced_definitions(page)] == [7]


def test_the_contribution_rules_report_the_glossary_at_its_line(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "glossary.md").write_text(
        glossary("通用定义：一种方法。", "它于 2017 年发表。"), encoding="utf-8"
    )
    problems = [
        str(problem)
        for problem in contribution_rules.check(tmp_path)
        if problem.path.name == "glossary.md"
    ]
    assert problems == [
        f"{docs / 'glossary.md'}:7: " + MESSAGE.format(kind="a date or a number")
    ]


UNMARKED = (
    "glossary entry cites nothing: open its first line with 通用定义： if it is "
    "a general definition, or cite the work it rests on with {cite:p}`key`"
)
MISMARKED = (
    "glossary entry cites a source but is marked 通用定义： (a general "
    "definition): remove the mark"
)


@pytest.mark.parametrize(
    ("lines", "found"),
    [
        # a general definition says so, visibly, on its first line
        (("一种方法。", "常用于药物研发。"), [(6, UNMARKED)]),
        (("通用定义：一种方法。", "常用于药物研发。"), []),
        # an entry that cites, links or reports the interview needs no mark
        (("一种方法 {cite:p}`zhu2019deep`。",), []),
        (("一种方法。", "见 {ref}`xie-changyu-p25`。"), []),
        (("据访谈，一种方法。",), []),
        (("编者按：一种方法。",), []),
        # and may not carry it, or the mark would no longer tell them apart
        (("通用定义：一种方法 {cite:p}`zhu2019deep`。",), [(6, MISMARKED)]),
    ],
)
def test_an_entry_without_a_source_is_marked_as_a_general_definition(
    lines: tuple[str, ...], found: list[tuple[int, str]]
) -> None:
    assert list(glossary_rules.general_definition_marks(glossary(*lines))) == found


def test_each_entry_of_a_glossary_is_judged_on_its_own() -> None:
    page = (
        "```{glossary}\n"
        "甲\nalpha\n  一种方法 {cite:p}`zhu2019deep`。\n\n"
        "乙\n丙\nbeta\n  另一种方法。\n"
        "```\n"
    )
    assert [line for line, _ in glossary_rules.general_definition_marks(page)] == [9]


def test_the_book_glossary_marks_exactly_its_unsourced_entries() -> None:
    text = (Path(__file__).parents[1] / "docs" / "glossary.md").read_text(
        encoding="utf-8"
    )
    assert list(glossary_rules.general_definition_marks(text)) == []
    assert any(
        lines[0][1].startswith("通用定义：") for lines in glossary_rules.entries(text)
    )
