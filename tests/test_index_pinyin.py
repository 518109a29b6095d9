"""The general index in pinyin order (tools/sphinxext/apparatus/index_pinyin.py).

The web edition's and the EPUB's genindex page and the PDF's index file
Chinese entries under the initial letter of their pinyin, in pinyin order
among the Latin ones (the PDF's: tests/test_editions.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers.index_order import html_index_groups, index_problems
from tools.sphinxext.apparatus.index_pinyin import regroup, sort_key


def test_the_sort_key_is_pinyin_with_tones_and_lowercase_latin() -> None:
    assert sort_key("重庆") == "chong2 qing4"  # the phrase's reading
    assert sort_key("AI制药") == "ai zhi4 yao4"
    assert sort_key("Data") == "data"


def test_regroup_files_chinese_among_latin_by_pinyin() -> None:
    entry = ([], [], None)  # targets, sub-entries, category key
    sphinx = [  # as Sphinx groups them: by first character
        ("D", [("data", entry)]),
        ("Symbols", [("大模型", entry), ("靶点", entry)]),
        ("长", [("长期", entry)]),
        ("B", [("binding", entry)]),
    ]
    assert [
        (group, [name for name, _ in entries]) for group, entries in regroup(sphinx)
    ] == [
        ("B", ["靶点", "binding"]),
        ("C", ["长期"]),
        ("D", ["大模型", "data"]),
    ]


def test_an_entrys_own_category_key_keeps_its_group() -> None:
    sphinx = [("Symbols", [("大模型", ([], [], "模型"))])]
    assert [group for group, _ in regroup(sphinx)] == ["模型"]


def test_the_web_index_is_in_pinyin_order(built_book: Path) -> None:
    for edition in ("", "en/"):
        page = (built_book / f"{edition}genindex.html").read_text(encoding="utf-8")
        assert index_problems(html_index_groups(page)) == [], edition


def test_the_check_finds_sphinxs_own_order() -> None:
    """Code-point order, one group a character, fails the check."""
    groups = [("B", ["binding"]), ("大", ["大模型"]), ("靶", ["靶点"])]
    assert index_problems(groups) == [
        "group '大' is not a letter",
        "group '靶' is not a letter",
        "大模型 (da4 mo2 xing2) in group 大",
        "靶点 (ba3 dian3) in group 靶",
        "no group holds Chinese and Latin entries together",
    ]
