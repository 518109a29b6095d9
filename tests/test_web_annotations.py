"""The Web Annotations' text selectors, on invented pages
(``tools/sphinxext/apparatus/web_annotations.py``); the book's own file is checked in
tests/test_scholarly.py."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tools.sphinxext.apparatus.web_annotations import (
    CONTEXT_CHARS,
    PageText,
    clause_start,
    quote_selector,
)


def page(html: str) -> PageText:
    return PageText(BeautifulSoup(f"<body>{html}</body>", "html.parser").body)


def test_a_clause_starts_after_the_last_sentence_before_the_marker() -> None:
    text = page("<p>第一句。第二句，说到这里！</p>")
    marker = text.text.index("！")
    begin = clause_start(text, 0, marker)
    assert text.text[begin:marker] == "第二句，说到这里"
    # the mark that ends the clause itself is not where it starts
    assert clause_start(text, 0, marker + 1) == begin
    # never before the floor (the paragraph's number, an earlier note)
    floor = text.text.index("说")
    assert text.text[clause_start(text, floor, marker) : marker] == "说到这里"


def test_a_quote_that_repeats_gets_context_until_it_is_unique() -> None:
    # the same sentence twice, the same 64 characters either side of each
    filler = "甲" * (CONTEXT_CHARS * 2)
    text = page(f"<p>乙{filler}同一句{filler}</p><p>丙{filler}同一句{filler}</p>")
    begin = text.text.rindex("同一句")
    selector = quote_selector(text, begin, begin + len("同一句"))
    assert selector["exact"] == "同一句"
    whole = selector["prefix"] + selector["exact"] + selector["suffix"]
    assert text.text.count(whole) == 1
    # the context grew until it reached what tells the two apart
    assert "丙" in selector["prefix"]
    assert len(selector["prefix"]) > CONTEXT_CHARS


def test_a_unique_quote_keeps_the_least_context() -> None:
    text = page("<p>" + "文" * 100 + "独一无二" + "字" * 100 + "</p>")
    begin = text.text.index("独")
    selector = quote_selector(text, begin, begin + 4)
    assert len(selector["prefix"]) == len(selector["suffix"]) == CONTEXT_CHARS
