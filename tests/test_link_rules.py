"""tools/lib/link_rules.py, rule by rule, on invented inputs (the exact messages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import contribution_rules
from tools.lib import link_rules
from tools.lib.link_rules import SEARCH_PAGE, SHORTENER


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://doi.org/10.1038/s41586-021-03819-2", []),
        ("https://www.leiphone.com/category/shengwuyiyao/x.html", []),
        ("http://www.nature.com/articles/x", ["use https"]),
        ("https://bit.ly/3abc", [SHORTENER]),
        ("https://t.cn/A6abc", [SHORTENER]),
        ("https://www.google.com/search?q=melloddy", [SEARCH_PAGE]),
        ("https://www.baidu.com/s?wd=AI制药", [SEARCH_PAGE]),
        ("https://www.baidu.com/link?url=abc", [SEARCH_PAGE]),
        ("https://weixin.sogou.com/weixin?type=2&query=x", [SEARCH_PAGE]),
        ("https://scholar.google.com/scholar?q=alphafold", [SEARCH_PAGE]),
        ("https://dx.doi.org/10.1038/x", ["write a DOI as https://doi.org/10.…"]),
        (
            "http://doi.org/10.1038/x",
            ["use https", "write a DOI as https://doi.org/10.…"],
        ),
        (
            "https://doi.org/https://doi.org/10.1038/x",
            ["a doi.org link needs a DOI: https://doi.org/10.NNNN/…"],
        ),
        ("https://example.com/a?utm_source=wechat", ["drop the tracking parameters"]),
        ("ftp://example.com/a", ["ftp: is not a web link"]),
        ("https://www.google.com/maps/place/Hangzhou", []),
    ],
)
def test_problems_with(url: str, expected: list[str]) -> None:
    assert link_rules.problems_with(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "见 [报道](https://www.leiphone.com/a.html)与 <https://doi.org/10.1038/x>。\n",
            [],
        ),
        ("裸链接 http://example.com/a。\n", [(1, "http://example.com/a: use https")]),
        ("`http://example.com/in-code`\n", []),
        ("```\nhttp://example.com/in-a-fence\n```\n", []),
        ("~~~~\n```\nhttp://x.org\n~~~~\n", []),
        (
            "---\nurl: https://bit.ly/x\n---\n",
            [(2, f"https://bit.ly/x: {SHORTENER}")],
        ),
        (
            "a\n```\ncode\n```\n[旧](http://example.com/old)\n",
            [(5, "http://example.com/old: use https")],
        ),
    ],
)
def test_markdown_links(tmp_path: Path, text: str, expected: list) -> None:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    assert list(link_rules.markdown_links(page)) == expected


def test_markdown_urls_reads_every_url_outside_code(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "见 [报道](https://www.leiphone.com/a.html)与 <https://doi.org/10.1038/x>。\n"
        "裸链接 https://example.com/a。\n"
        "`https://example.com/in-code`\n"
        "```\nhttp://example.com/in-a-fence\n```\n"
        "[旧](http://example.com/old)\n",
        encoding="utf-8",
    )
    assert link_rules.markdown_urls(page) == [
        (1, "https://www.leiphone.com/a.html"),
        (1, "https://doi.org/10.1038/x"),
        (2, "https://example.com/a"),
        (7, "http://example.com/old"),
    ]


def test_text_links(tmp_path: Path) -> None:
    conf = tmp_path / "conf.py"
    conf.write_text(
        'a = "https://example.org/"\n\nb = "http://example.org/x?fbclid=1"\n',
        encoding="utf-8",
    )
    assert list(link_rules.text_links(conf)) == [
        (3, "http://example.org/x?fbclid=1: use https"),
        (3, "http://example.org/x?fbclid=1: drop the tracking parameters"),
    ]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("@article{ok2020x, title={T}, doi={10.1038/x}, verified={http://x.org}}", []),
        (
            "@article{a2020x, title={T}, doi={https://doi.org/10.1/x}}",
            [
                "a2020x: doi: https://doi.org/10.1/x: "
                "a doi.org link needs a DOI: https://doi.org/10.NNNN/…"
            ],
        ),
        (
            "@online{b2021y, title={T}, url={http://dx.doi.org/10.1038/y}}",
            [
                "b2021y: url: a DOI goes in the doi field, not the url",
                "b2021y: url: http://dx.doi.org/10.1038/y: use https",
                "b2021y: url: http://dx.doi.org/10.1038/y: "
                "write a DOI as https://doi.org/10.…",
            ],
        ),
        (
            "@online{c2022z, title={T}, url={https://bit.ly/abc}, "
            "note={see https://www.baidu.com/s?wd=x}}",
            [
                f"c2022z: url: https://bit.ly/abc: {SHORTENER}",
                f"c2022z: note: https://www.baidu.com/s?wd=x: {SEARCH_PAGE}",
            ],
        ),
        (
            "@online{d2023w, title={T}, url={https://example.com/a。}}",
            ["d2023w: url: 'https://example.com/a。' is not one plain URL"],
        ),
        (
            "@misc{e2024v, title={T}, eprint={https://arxiv.org/abs/2401.1}}",
            ["e2024v: eprint: 'https://arxiv.org/abs/2401.1' is not a bare arXiv id"],
        ),
    ],
)
def test_bibliography_links(tmp_path: Path, entry: str, expected: list[str]) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(f"% a comment line\n{entry}\n", encoding="utf-8")
    assert list(link_rules.bibliography_links(bib)) == [(2, m) for m in expected]


def test_the_contribution_rules_run_them(book_copy: Path) -> None:
    glossary = book_copy / "docs" / "glossary.md"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text + "\n见 <https://t.cn/A6abc>。\n", encoding="utf-8")
    line = text.count("\n") + 2
    problems = [
        (p.path.relative_to(book_copy).as_posix(), p.line, p.message)
        for p in contribution_rules.check(book_copy)
    ]
    assert problems == [
        ("docs/glossary.md", line, f"https://t.cn/A6abc: {SHORTENER}"),
    ]


def test_check_reads_the_sources_conf_and_bibliography_that_exist(
    tmp_path: Path,
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("<http://a.org/>\n", encoding="utf-8")
    assert [(p.name, line) for p, line, _ in link_rules.check(tmp_path)] == [
        ("page.md", 1)
    ]
    (tmp_path / "conf.py").write_text('url = "http://b.org/"\n', encoding="utf-8")
    (tmp_path / "references.bib").write_text(
        "@online{x2020y, title={T}, url={http://c.org/}}\n", encoding="utf-8"
    )
    assert list(link_rules.check(tmp_path)) == [
        (tmp_path / "docs" / "page.md", 1, "http://a.org/: use https"),
        (tmp_path / "conf.py", 1, "http://b.org/: use https"),
        (tmp_path / "references.bib", 1, "x2020y: url: http://c.org/: use https"),
    ]
