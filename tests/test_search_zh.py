"""Chinese search on a small site (``tools/sphinxext/search_zh.py``).

The index keeps the book's own words whole (its user dictionary and its
glossary terms), and the browser's half of the search names a stemmer that
exists and splits a query into words.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.sphinxext import search_zh
from tools.sphinxext.search_zh import user_words


def index_terms(outdir: Path) -> dict:
    script = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(script.removeprefix("Search.setIndex(").removesuffix(")"))[
        "terms"
    ]


@pytest.mark.sphinx("html", testroot="search-zh", freshenv=True)
def test_the_index_keeps_dictionary_words_and_glossary_terms_whole(
    app, warning, monkeypatch: pytest.MonkeyPatch
) -> None:
    # only this site's glossary terms (the list lives as long as the process;
    # rjieba, which learns them, does too: see the words' choice in the site)
    monkeypatch.setattr(search_zh, "_extra_words", set())
    app.build()
    assert warning.getvalue() == ""
    terms = index_terms(Path(app.outdir))
    # without the book's words, the segmenter cuts both (自由/能/微扰, 湿/实验/闭环)
    assert {"自由能微扰", "湿实验闭环"} <= terms.keys()
    language_data = (Path(app.outdir) / "_static" / "language_data.js").read_text(
        encoding="utf-8"
    )
    assert "ChineseStemmer" not in language_data  # sphinx-doc/sphinx#14229
    assert "EnglishStemmer" in language_data
    assert "Intl.Segmenter" in language_data


def test_user_dictionary_lines(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("# a comment\n\n联邦学习\n结合自由能 10 n\n蛋白 n\n", "utf-8")
    assert user_words(words) == [
        ("联邦学习", None, None),
        ("结合自由能", 10, "n"),
        ("蛋白", None, None),
    ]
